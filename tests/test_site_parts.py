"""A full site build in parts (one process per core, each writing a share of the pages)
gives the site a build in one process gives, byte for byte, search index included; a
warning in any part fails the build with its message; and MkDocs holds no page's HTML
between converting and writing it."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import site_tree

from generator import plugin as plugin_module
from generator import site as site_module
from generator.config import load_project
from generator.errors import SiteError
from generator.pipeline import run
from generator.site import site


@pytest.fixture
def rendered(desk: Path) -> Path:
    """The bundled project with its pages rendered."""
    report = run(load_project(desk), jobs=1)
    assert report.ok, report.problems
    return desk


def _in_parts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Builds of any size run in parts; returns the part counts of the builds that did."""
    monkeypatch.setattr(site_module, "PARTS_MIN", 1)
    calls: list[int] = []
    real = site_module._build_in_parts

    def spy(config: Any, plugin: Any, parts: int, *args: Any) -> None:
        calls.append(parts)
        real(config, plugin, parts, *args)

    monkeypatch.setattr(site_module, "_build_in_parts", spy)
    return calls


@pytest.mark.slow
@pytest.mark.parametrize("parts", [2, 3])
def test_a_build_in_parts_equals_a_build_in_one_process(
        rendered: Path, monkeypatch: pytest.MonkeyPatch, parts: int) -> None:
    # A page of the navigation without a title there: every page shows the page's own.
    config = rendered / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "\n  - About: about.md\n" in text
    config.write_text(text.replace("\n  - About: about.md\n", "\n  - about.md\n"), "utf-8")
    project = load_project(rendered)
    one = site(project, site_dir=rendered / "one", clean=True, jobs=1)
    calls = _in_parts(monkeypatch)
    many = site(project, site_dir=rendered / "many", clean=True, jobs=parts)
    assert calls == [parts]
    assert (many.pages, many.built) == (one.pages, one.built) and one.pages > 50
    expected = site_tree(rendered / "one", sitemap=True)
    assert "desk-notes/index.html" in expected and "404.html" in expected
    assert site_tree(rendered / "many", sitemap=True) == expected
    # The next build is a dirty one on the site built in parts, as on any other.
    again = site(project, site_dir=rendered / "many", clean=False, jobs=parts)
    assert again.dirty and again.built == 0 and calls == [parts]


@pytest.mark.slow
def test_a_warning_in_a_part_fails_the_build_with_its_message(
        rendered: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (rendered / "docs" / "desk-notes.md").write_text(
        "# Desk notes\n\nSee [the old notes](old-notes.md).\n", "utf-8")
    project = load_project(rendered)
    with pytest.raises(SiteError) as one:
        site(project, site_dir=rendered / "one", clean=True, jobs=1)
    calls = _in_parts(monkeypatch)
    with pytest.raises(SiteError) as many:
        site(project, site_dir=rendered / "many", clean=True, jobs=2)
    assert calls == [2]
    assert "'old-notes.md'" in str(one.value)
    assert str(many.value) == str(one.value)
    assert not (rendered / "many").exists()  # the site stays as it was: none


def _config(plugins: tuple[str, ...] = ("briefing",), anchors: int = logging.INFO) -> Any:
    return SimpleNamespace(plugins=dict.fromkeys(plugins),
                           validation=SimpleNamespace(links=SimpleNamespace(anchors=anchors)))


def test_only_a_large_build_with_known_plugins_runs_in_parts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site_module, "PARTS_MIN", 3)
    docs = tmp_path / "docs"
    (docs / "briefs").mkdir(parents=True)
    for name in ("index.md", "about.md", "briefs/a.md"):
        (docs / name).write_text("# Page\n", "utf-8")
    assert site_module._parts(_config(), docs, 2) == 2
    assert site_module._parts(_config(), docs, 1) == 1
    # Another plugin may gather what it shows from every page (a blog's index, say).
    assert site_module._parts(_config(("briefing", "blog")), docs, 2) == 1
    assert site_module._parts(_config(()), docs, 2) == 1
    # A part converts only its pages, so it cannot check links to another part's headings.
    assert site_module._parts(_config(anchors=logging.WARNING), docs, 2) == 1
    (docs / "about.md").unlink()
    assert site_module._parts(_config(), docs, 2) == 1


@pytest.mark.slow
def test_mkdocs_holds_no_page_html_between_converting_and_writing(
        rendered: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, int] = {}
    real = plugin_module.BriefingPlugin.on_env

    def on_env(self: Any, env: Any, *, config: Any, files: Any) -> Any:
        for file in files.documentation_pages():
            seen[file.src_uri] = len(file.page.content or "")
        return real(self, env, config=config, files=files)

    monkeypatch.setattr(plugin_module.BriefingPlugin, "on_env", on_env)
    site(load_project(rendered), site_dir=rendered / "one", clean=True, jobs=1)
    assert len(seen) > 50 and not any(seen.values())
    page = (rendered / "one" / "desk-notes" / "index.html").read_text("utf-8")
    assert "<p>A page of our own.</p>" in page


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_full_build_shows_the_pages_read_then_the_pages_written(
        rendered: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        jobs: int) -> None:
    from generator import progress

    monkeypatch.setattr(progress, "DELAY", 0.0)  # a line for every count, not every 5 s
    monkeypatch.setattr(progress, "EVERY", 0.0)
    calls = _in_parts(monkeypatch)
    built = site(load_project(rendered), site_dir=rendered / "one", clean=True, jobs=jobs,
                 progress=True)
    assert calls == ([jobs] if jobs > 1 else [])
    lines = capsys.readouterr().err.splitlines()
    steps = [line.split(":")[0] for line in lines]
    assert set(steps) == {"site, reading", "site, writing"}
    assert steps.index("site, writing") > max(i for i, s in enumerate(steps)
                                              if s == "site, reading")
    every = f"{built.pages:,} of {built.pages:,} pages (100%)"
    assert any(line.startswith(f"site, reading: {every}") for line in lines)
    assert lines[-1].startswith(f"site, writing: {every}")
