"""The real mkdocs build --strict over the rendered bundled seeds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.briefs import brief_paths
from generator.config import load_project
from generator.pipeline import run


@pytest.mark.slow
def test_strict_mkdocs_build_has_a_page_for_every_brief(bundled: Path) -> None:
    report = run(load_project(bundled), jobs=1)
    assert report.ok, report.problems
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=bundled, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    slugs = [p.stem for p in brief_paths(bundled / "briefs")]
    assert len(slugs) == len(list((bundled / "seeds").glob("*.txt")))
    for slug in slugs:
        page = bundled / "site" / "briefs" / slug / "index.html"
        assert page.is_file(), f"no page for brief {slug}"
    assert (bundled / "site" / "index.html").is_file()
    assert (bundled / "site" / "explore" / "index.html").is_file()
    # No search plugin: the search index is Pagefind's, built by briefing build (test_search)
    assert not (bundled / "site" / "search" / "search_index.json").exists()
    assert (bundled / "site" / "search" / "languages.json").is_file()
