"""The real mkdocs build --strict over the rendered bundled seeds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator import render as render_mod
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
    assert (bundled / "site" / "search" / "search_index.json").is_file()


def _index_text(site: Path) -> dict[str, str]:
    data = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    out: dict[str, str] = {}
    for doc in data["docs"]:
        key = doc["location"].split("#")[0]
        out[key] = out.get(key, "") + " " + doc["title"] + " " + doc["text"]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("limit", [10_000, 1])
def test_search_index_holds_facts_and_article_text_only_in_small_archives(
        bundled: Path, limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_mod.pages, "FULL_TEXT_LIMIT", limit)
    report = run(load_project(bundled), jobs=1, do_site=True)
    assert report.ok, report.problems
    index = _index_text(bundled / "site")
    brief = index["briefs/en-02-stargate-abilene/"]
    # always: title, summary and the names of the facts; one entry per brief page
    assert "Stargate" in brief and "Oracle" in brief and "Abilene" in brief
    entries = [d for d in json.loads((bundled / "site" / "search" / "search_index.json")
                                     .read_text("utf-8"))["docs"]
               if d["location"].startswith("briefs/en-02-stargate-abilene/")]
    assert len(entries) == 1
    # never: evidence sentences, kinds, table headers, navigation to other briefs
    assert "Evidence for each fact" not in brief and "organization" not in brief
    assert "Newer:" not in brief and "Older:" not in brief
    # entity pages: name, kind and aliases, not their list of briefs
    oracle = index["actors/oracle/"]
    assert "Oracle" in oracle and "Stargate" not in oracle
    text = (bundled / "briefs" / "en-02-stargate-abilene.md").read_text("utf-8")
    head, body = text.split("\n---\n", 1)
    assert "bottleneck" in body and "bottleneck" not in head  # a word of the article only
    assert ("bottleneck" in brief) == (limit == 10_000)
