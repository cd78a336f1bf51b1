"""What a dirty site build asks of every file, answered faster: the same answers as MkDocs'
own (whether a file's source is newer than its output; the build date of a page), and the
listings the edit path reads (brief files, seeds, indexable pages) in the same order."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
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
