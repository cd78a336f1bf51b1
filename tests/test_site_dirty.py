"""A dirty site build (only the pages whose Markdown changed) gives the site a full build
gives, search index included, and removes what pages gone left behind."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import site_tree

from generator.config import load_project
from generator.pipeline import run
from generator.site import site


def _site_line(lines: list[str]) -> str:
    return next(line for line in lines if line.startswith("site:"))


@pytest.fixture
def built(desk: Path) -> Path:
    """The bundled project after a full build."""
    report = run(load_project(desk), jobs=1, do_site=True)
    assert report.ok, report.problems
    assert re.fullmatch(r"site: built .* \(\d+ pages\)", _site_line(report.lines))
    return desk


@pytest.mark.slow
def test_a_dirty_build_after_edits_and_removals_equals_a_full_build(
        built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import site as site_mod

    trims: list[int] = []
    monkeypatch.setattr(site_mod, "give_back_memory", lambda: trims.append(1))
    before = site_tree(built / "site", sitemap=True)
    again = site(load_project(built), clean=False)
    assert again.dirty and again.built == 0 and again.pages > 50
    assert trims == []  # an edit's build holds little: no time spent on it
    assert site_tree(built / "site", sitemap=True) == before
    brief = built / "briefs" / "en-03-eu-ai-act-gpai.md"
    brief.write_text(brief.read_text("utf-8").replace(
        "title: ", "title: Edited by hand - ", 1), "utf-8")
    (built / "seeds" / "de_04_interview_kernwerk.txt").unlink()  # its brief goes (--prune)
    (built / "docs" / "desk-notes.md").unlink()  # a hand-written page goes
    gone = built / "site" / "desk-notes" / "index.html"
    assert gone.is_file()
    report = run(load_project(built), jobs=1, do_site=True, prune=True)
    assert report.ok, report.problems
    line = _site_line(report.lines)
    changed, total = map(int, re.search(r"\((\d+) of (\d+) pages changed", line).groups())  # type: ignore[union-attr]
    assert 0 < changed < total // 2, line
    assert not gone.exists() and not gone.parent.exists()
    assert not (built / "site" / "briefs" / "de-04-interview-kernwerk").exists()
    full = built / "full-site"
    assert not site(load_project(built), site_dir=full, clean=True).dirty
    assert trims == [1]  # a full build gives freed memory back before MkDocs and Pagefind
    assert site_tree(built / "site", sitemap=True) == site_tree(full, sitemap=True)
    index = site_tree(built / "site")["pagefind/en/briefs/en-03-eu-ai-act-gpai/"]
    assert "Edited by hand - " in index.decode("utf-8")  # the search index follows the edit
    assert not any(key.startswith("pagefind/de/briefs/de-04-interview-kernwerk")
                   for key in site_tree(built / "site"))


@pytest.mark.slow
def test_in_ci_and_after_a_configuration_change_everything_is_built(
        built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    report = run(load_project(built), jobs=1, do_site=True)
    assert re.fullmatch(r"site: built .* \(\d+ pages\)", _site_line(report.lines))
    monkeypatch.delenv("CI")
    config = built / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("site_name: Briefing",
                                                        "site_name: Briefing desk"), "utf-8")
    rebuilt = site(load_project(built), clean=False)
    assert not rebuilt.dirty and rebuilt.built == rebuilt.pages
    assert "Briefing desk" in (built / "site" / "briefs" / "en-03-eu-ai-act-gpai" /
                               "index.html").read_text("utf-8")


@pytest.mark.slow
def test_mkdocs_own_per_page_work_builds_the_same_site(
        built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick canonical URLs and theme listing (site.py) change nothing of the site: a
    build with MkDocs' own functions, under a site URL with a sub-path, equals ours."""
    import contextlib

    from generator import site as site_module

    monkeypatch.setenv("SITE_URL", "https://desk.example.org/briefing")
    ours = site(load_project(built), site_dir=built / "ours", clean=True)
    assert not ours.dirty
    monkeypatch.setattr(site_module, "_quick_canonical_urls", contextlib.nullcontext)
    monkeypatch.setattr(site_module, "_theme_files_listed_quickly", contextlib.nullcontext)
    site(load_project(built), site_dir=built / "plain", clean=True)
    tree = site_tree(built / "ours", sitemap=True)
    assert tree == site_tree(built / "plain", sitemap=True)
    page = tree["briefs/en-03-eu-ai-act-gpai/index.html"].decode("utf-8")
    assert 'href="https://desk.example.org/briefing/briefs/en-03-eu-ai-act-gpai/"' in page
    assert any(name.startswith("assets/javascripts/") for name in tree)  # the theme's files


def test_squeeze_keeps_preformatted_text_and_drops_indentation() -> None:
    from generator.plugin import squeeze

    html = ('<div>\n    <p>Text\n      <a href="x">link</a></p>\n<pre class="g">a\n    b\n</pre>'
            '\n  <textarea>\n  keep</textarea>\n</div>\n')
    assert squeeze(html) == ('<div>\n<p>Text\n<a href="x">link</a></p>\n<pre class="g">a\n'
                             '    b\n</pre>\n<textarea>\n  keep</textarea>\n</div>\n')


def _files(site: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file of the site with its inode, mtime and bytes."""
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns,
                                             p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_a_dirty_build_starts_from_links_and_never_writes_into_the_published_site(
        built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Twice: the first dirty build after a full one links the whole site anew; the second
    starts from the site the first replaced (the spare), whose links it brings up to date."""
    from generator import site as site_module

    published = built / "site"
    spare = built / ".site.spare"
    seen: dict[str, Any] = {}
    real_publish = site_module.publish

    def publish(staging: Path, target: Path, **options: Any) -> None:
        seen["published"] = _files(target)  # the old site, just before it is replaced
        seen["staging"] = _files(staging)
        real_publish(staging, target, **options)

    monkeypatch.setattr(site_module, "publish", publish)
    for build, title in enumerate(("Edited by hand - ", "Edited again - ")):
        assert spare.is_dir() is (build > 0)  # the site the first dirty build replaced
        brief = built / "briefs" / "en-03-eu-ai-act-gpai.md"
        brief.write_text(brief.read_text("utf-8").replace("title: ", f"title: {title}", 1),
                         "utf-8")
        extra = built / "docs" / "assets" / f"extra-{build}.txt"
        extra.write_text(f"a new static file {build}\n", "utf-8")
        assert run(load_project(built), jobs=1).ok  # the pages and their feeds change
        before = _files(published)
        again = site(load_project(built), clean=False)
        assert again.dirty and 0 < again.built < again.pages // 2
        assert seen["published"] == before
        staging = seen["staging"]
        linked = {rel for rel, (inode, _, _) in staging.items()
                  if rel in before and before[rel][0] == inode}
        untouched = {rel for rel, (_, mtime, data) in staging.items()
                     if rel in before and before[rel][1:] == (mtime, data)}
        # Every file the build did not write is a link to the published one, but the
        # gzipped sitemap, which MkDocs writes into: pages, feeds, styles and the search
        # bundles alike.
        assert linked == untouched - {"sitemap.xml.gz"}
        assert "sitemap.xml.gz" in staging and "sitemap.xml.gz" not in linked
        assert any(rel.startswith("briefs/") and rel.endswith("/index.html") for rel in linked)
        assert any(rel.endswith("/feed.xml") for rel in linked)
        assert any(rel.startswith("assets/") and rel.endswith(".css") for rel in linked)
        assert any(rel.startswith("pagefind/en/fragment/") for rel in linked)
        assert "briefs/en-03-eu-ai-act-gpai/index.html" not in linked
        assert staging[f"assets/extra-{build}.txt"][2] == f"a new static file {build}\n".encode()
        assert title in staging["briefs/en-03-eu-ai-act-gpai/index.html"][2].decode()
        assert _files(spare) == seen["published"]  # the replaced site, kept as it was
    full = built / "full-site"
    site(load_project(built), site_dir=full, clean=True)
    assert site_tree(published, sitemap=True) == site_tree(full, sitemap=True)
    assert not (built / ".full-site.spare").exists()
