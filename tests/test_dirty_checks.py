"""What a dirty site build asks of every file, answered faster: the same answers as MkDocs'
own (whether a file's source is newer than its output; the build date of a page), and the
listings the edit path reads (brief files, seeds, indexable pages) in the same order."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure.files import File

from generator import plugin, search, site
from generator.briefs import brief_paths
from generator.ingest import _walk


def _file(docs: Path, out: Path, name: str) -> File:
    return File(name, str(docs), str(out), use_directory_urls=True)


def test_modified_once_answers_as_mkdocs_and_once_per_build(tmp_path: Path) -> None:
    docs, out = tmp_path / "docs", tmp_path / "site"
    (out / "newer").mkdir(parents=True)
    (out / "older").mkdir()
    (out / "folder" / "index.html").mkdir(parents=True)  # the output is no file
    docs.mkdir()
    for name in ("newer.md", "older.md", "missing.md", "folder.md", "style.css"):
        (docs / name).write_text(name)
    (out / "style.css").write_text("old")
    for name, source_age, output_age in (("newer", 10, 20), ("older", 20, 10),
                                         ("style.css", 10, 20)):
        output = out / name / "index.html" if "." not in name else out / name
        output.write_text("built")
        source = docs / (name if "." in name else name + ".md")
        os.utime(source, (1e9 - source_age, 1e9 - source_age))
        os.utime(output, (1e9 - output_age, 1e9 - output_age))
    for name in ("newer.md", "older.md", "missing.md", "folder.md", "style.css"):
        file = _file(docs, out, name)
        asked = plugin._modified_once(file, answer := {})
        assert asked is File.is_modified(file), name
        (docs / name).touch()  # asked again in the same build: the first answer stands
        assert plugin._modified_once(file, answer) is asked
    with pytest.raises(FileNotFoundError):  # a source gone: MkDocs' own error
        (docs / "gone.md").write_text("x")
        gone = _file(docs, out, "gone.md")
        (docs / "gone.md").unlink()
        (out / "gone").mkdir()
        (out / "gone" / "index.html").write_text("built")
        plugin._modified_once(gone, {})


def test_every_page_of_a_build_gets_the_date_of_its_first(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    from mkdocs import utils
    from mkdocs.structure import pages

    days = iter([dt.datetime(2026, 12, 6, 23, 59, 59, tzinfo=dt.UTC),
                 dt.datetime(2026, 12, 7, 0, 0, 1, tzinfo=dt.UTC)] * 2)
    monkeypatch.setattr(utils, "get_build_datetime", lambda: next(days))
    real = pages.get_build_date
    with site._one_build_date():
        assert [pages.get_build_date() for _ in range(3)] == ["2026-12-06"] * 3
    assert pages.get_build_date is real
    assert len({real(), real()}) == 2  # MkDocs' own asks the clock every time


def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        if name.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(name)


def test_brief_files_are_listed_as_path_glob_listed_them(tmp_path: Path) -> None:
    _tree(tmp_path, ["b.md", "a-b.md", "a.md", "A.md", ".hidden.md", "notes.txt", "x.md/",
                     "é.md", "a.md.md", "md"])
    os.symlink(tmp_path / "a.md", tmp_path / "link.md")
    os.symlink(tmp_path / "gone", tmp_path / "dangling.md")
    plain = sorted(p for p in tmp_path.glob("*.md") if not p.name.startswith(".")
                   and p.is_file())
    assert brief_paths(tmp_path) == plain


def test_seeds_are_listed_in_path_order(tmp_path: Path) -> None:
    _tree(tmp_path, ["a/b.txt", "a-b/c.txt", "a.txt", "a/a/z.txt", "B.txt", "b/", ".x/y.txt",
                     "a b.txt"])
    os.symlink(tmp_path / "a", tmp_path / "c")
    found, linked = _walk(tmp_path)
    assert found == sorted(found) and [p.relative_to(tmp_path).as_posix() for p in found] == [
        "B.txt", "a/a/z.txt", "a/b.txt", "a b.txt", "a-b/c.txt", "a.txt"]  # by parts
    assert linked == [tmp_path / "c"]


def test_indexable_pages_are_listed_as_path_glob_listed_them(tmp_path: Path) -> None:
    _tree(tmp_path, ["briefs/b/index.html", "briefs/a-b/index.html", "briefs/a/index.html",
                     "briefs/c/", "briefs/index.html", "actors/z/index.html",
                     "chips/x/other.html", "other/y/index.html"])
    plain: dict[str, Any] = {}
    for folder in search.FOLDERS:
        for path in sorted((tmp_path / folder).glob("*/index.html")):
            info = path.stat()
            plain[path.relative_to(tmp_path).as_posix()] = [info.st_ino, info.st_mtime_ns,
                                                            info.st_size]
    pages = search._pages(tmp_path)
    assert list(pages.items()) == list(plain.items())


def test_bundle_files_are_sized_as_os_walk_sized_them(tmp_path: Path) -> None:
    _tree(tmp_path, ["de/a.pf_meta", "de/fragment/b.pf_fragment", "de/fragment/c.pf_fragment",
                     "en/index/", "bundles.json", "x/y/z/deep.js"])
    (tmp_path / "de" / "fragment" / "b.pf_fragment").write_bytes(b"x" * 5000)
    os.symlink(tmp_path / "bundles.json", tmp_path / "en" / "linked.json")  # a file: counted
    os.symlink(tmp_path / "x", tmp_path / "en" / "folder")  # a folder: not walked into
    os.symlink(tmp_path / "gone", tmp_path / "en" / "dangling")
    plain = [os.stat(os.path.join(current, name)).st_size
             for current, _, names in os.walk(tmp_path) for name in names
             if os.path.isfile(os.path.join(current, name))]
    assert sorted(search._sizes(str(tmp_path))) == sorted(plain)
    assert len(plain) == 6 and max(plain) == 5000
    assert search._sizes(str(tmp_path / "missing")) == []


_URL_TEXT = st.lists(st.sampled_from([*"ab.-_~%/;:?#@+ é", "..", "x/", "./", "../"]),
                     max_size=10).map("".join)


@settings(max_examples=400, deadline=None)
@given(scheme=st.sampled_from(["http", "https", "ftp", ""]),
       host=st.sampled_from(["example.org", "h:8000", ""]), path=_URL_TEXT, url=_URL_TEXT)
def test_canonical_urls_are_those_of_urljoin(scheme: str, host: str, path: str, url: str
                                             ) -> None:
    from urllib.parse import urljoin, urlsplit

    base = f"{scheme}://{host}/{path}" if scheme else path
    base = base if base.endswith("/") else base + "/"
    known = site.canonical_url(base, url)
    if known is not None:
        joined = urljoin(base, url)
        assert known == (joined, urlsplit(joined).path)


def test_canonical_urls_of_plain_pages_need_no_urljoin() -> None:
    assert site.canonical_url("http://127.0.0.1:8000/", "briefs/a-b_c/") == (
        "http://127.0.0.1:8000/briefs/a-b_c/", "/briefs/a-b_c/")
    assert site.canonical_url("https://x.github.io/repo/", "") == (
        "https://x.github.io/repo/", "/repo/")
    for base, url in (("http://h/a/../", "b/"), ("http://h/", "../b/"), ("http://h/", "a/./"),
                      ("http://h/?q/", "a/"), ("http://h/", "a?b"), ("http://h/", "/a/")):
        assert site.canonical_url(base, url) is None, (base, url)


def test_a_page_gets_mkdocs_canonical_url_either_way(tmp_path: Path) -> None:
    from mkdocs.structure.pages import Page

    for name in ("index.md", "briefs/a-b.md", "x/../y.md", "ä ö.md"):
        for base in ("http://127.0.0.1:8000/", "https://o.github.io/r", "http://h/a/../",
                     None):
            config = {"site_url": base, "repo_url": None, "edit_uri": None,
                      "edit_uri_template": None}
            plain = Page(None, _file(tmp_path, tmp_path / "s", name), config)
            with site._quick_canonical_urls():
                quick = Page(None, _file(tmp_path, tmp_path / "s", name), config)
            assert (quick.canonical_url, quick.abs_url) == (plain.canonical_url,
                                                            plain.abs_url), (name, base)


def _theme_filter(name: str) -> bool:
    """A filter like MkDocs' own for a theme's static files (dot files and folders out)."""
    import fnmatch

    return not any(fnmatch.fnmatch(name.lower(), pattern)
                   for pattern in (".*", "*/.*", "*.py", "*.html"))


def test_theme_files_are_listed_as_jinja_lists_them_but_dot_folders(tmp_path: Path) -> None:
    from jinja2 import Environment, FileSystemLoader
    from mkdocs.config import load_config

    first, second = tmp_path / "one", tmp_path / "two"
    _tree(first, ["a.css", ".hidden.css", "x/.icons/y/z.svg", "x/b.js", ".dot/c.css",
                  "d/e/f.png", "base.html"])
    _tree(second, ["a.css", "x/b.js", "x/c.js", "g/.h/i.svg", "g/j.svg"])
    env = Environment(loader=FileSystemLoader([str(first), str(second)]))
    pruned = site._Pruned(env)
    assert pruned.list_templates(filter_func=_theme_filter) == env.list_templates(
        filter_func=_theme_filter) == ["a.css", "d/e/f.png", "g/j.svg", "x/b.js", "x/c.js"]
    assert pruned.list_templates(extensions=["css"]) == env.list_templates(extensions=["css"])
    assert pruned.loader is env.loader  # the rest is the environment's own
    config = load_config(config_file=str(Path(__file__).parents[1] / "mkdocs.yml"))
    theme = config.theme.get_env()  # Material, and the briefing plugin's folder when listed
    assert site._Pruned(theme).list_templates(filter_func=_theme_filter) == \
        theme.list_templates(filter_func=_theme_filter)


def test_the_theme_adds_the_same_static_files_either_way(tmp_path: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    config = load_config(config_file=str(Path(__file__).parents[1] / "mkdocs.yml"),
                         site_dir=str(tmp_path))
    config = config.plugins.on_config(config)
    env = config.theme.get_env()
    plain, quick = Files([]), Files([])
    plain.add_files_from_theme(env, config)
    with site._theme_files_listed_quickly():
        quick.add_files_from_theme(env, config)
    assert [(f.src_uri, f.abs_src_path) for f in quick] == [
        (f.src_uri, f.abs_src_path) for f in plain]
    assert len(plain) > 10
