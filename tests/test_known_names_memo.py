"""The render stage's memo of knowledge-base answers (.briefing/kb-names.json) gives the
model the knowledge base itself gives, and spares loading it for names seen before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import kb as kbmod
from generator.config import load_project
from generator.models import Actor, Brief, Chip, Policy, Source
from generator.pipeline import run
from generator.render import NAMES_FILE, KnownNames, build_model

KB = kbmod.default()
# Names the knowledge base knows (with aliases and kinds), and names it does not.
ACTORS = ["Nvidia", "TSMC", "Microsoft", "Germany", "European Commission", "Sam Altman",
          "Unknown Startup GmbH", "nvidia"]
CHIPS = ["H100", "H20", "Blackwell", "Unknown Chip 9"]
POLICY = ["AI Act", "CHIPS Act", "Unknown Regulation"]


def _brief(number: int, actors: list[str], chips: list[str], policy: list[str]) -> Brief:
    return Brief(title=f"Brief {number}", slug=f"b{number}", language="en", date=None,
                 source=Source(f"seeds/{number}.txt", "0" * 64),
                 actors=tuple(Actor(name=a, kind="", evidence=a) for a in actors),
                 chips=tuple(Chip(name=c, evidence=c) for c in chips),
                 policy=tuple(Policy(name=p, evidence=p) for p in policy))


briefs = st.lists(st.builds(lambda a, c, p: (a, c, p),
                            st.lists(st.sampled_from(ACTORS), max_size=4),
                            st.lists(st.sampled_from(CHIPS), max_size=2),
                            st.lists(st.sampled_from(POLICY), max_size=2)), max_size=5)


def _refuse() -> Any:
    raise AssertionError("the knowledge base was loaded")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=briefs, later=briefs)
def test_the_model_from_the_memo_is_the_model_from_the_knowledge_base(
        tmp_path_factory: pytest.TempPathFactory, first: list[Any], later: list[Any]) -> None:
    state = tmp_path_factory.mktemp("state")
    seen = [_brief(n, *facts) for n, facts in enumerate(first)]
    every = seen + [_brief(100 + n, *facts) for n, facts in enumerate(later)]
    memo = KnownNames(state, "key", lambda: KB)  # a first run meets some names...
    assert build_model(seen, memo) == build_model(seen, KB)
    memo.save()
    again = KnownNames(state, "key", lambda: KB)  # ...the next starts from them
    assert build_model(every, again) == build_model(every, KB)
    if not later:
        assert again._kb is None  # nothing new: no knowledge base


def test_names_seen_before_need_no_knowledge_base(tmp_path: Path) -> None:
    memo = KnownNames(tmp_path, "key", lambda: KB)
    briefs = [_brief(1, ACTORS, CHIPS, POLICY)]
    model = build_model(briefs, memo)
    memo.save()
    assert build_model(briefs, KnownNames(tmp_path, "key", _refuse)) == model


@pytest.mark.parametrize("kept", ["another key", "broken", "bad rows"])
def test_a_stale_or_broken_memo_is_not_used(tmp_path: Path, kept: str) -> None:
    memo = KnownNames(tmp_path, "key", lambda: KB)
    briefs = [_brief(1, ACTORS, CHIPS, POLICY)]
    model = build_model(briefs, memo)
    memo.save()
    path = tmp_path / NAMES_FILE
    if kept == "another key":
        stale = KnownNames(tmp_path, "other", lambda: KB)
    else:
        if kept == "broken":
            path.write_text(path.read_text("utf-8")[:40], "utf-8")
        else:
            data = json.loads(path.read_text("utf-8"))
            data["names"] = [[1, 2, 3], ["actors", "Nvidia", ["x"]], "row"]
            path.write_text(json.dumps(data), "utf-8")
        stale = KnownNames(tmp_path, "key", lambda: KB)
    assert stale.known == {}
    assert build_model(briefs, stale) == model


def test_a_knowledge_change_renders_with_the_new_knowledge(bundled: Path) -> None:
    assert run(load_project(bundled), jobs=1).ok
    (bundled / "knowledge").mkdir()
    (bundled / "knowledge" / "actors.yaml").write_text(
        "- {name: Nvidia, kind: organization, aliases: [Team Green]}\n", "utf-8")
    assert run(load_project(bundled), jobs=1).ok
    page = (bundled / "docs" / "actors" / "nvidia.md").read_text("utf-8")
    assert "Team Green" in page


def test_a_hand_edit_is_built_without_loading_the_knowledge_base(
        bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(load_project(bundled), jobs=1).ok
    brief = bundled / "briefs" / "de-03-nvidia-h20-china.md"
    brief.write_text(brief.read_text("utf-8").replace("\ntitle: ", "\ntitle: Edited ", 1),
                     "utf-8")
    monkeypatch.setattr(kbmod, "default", lambda *_args: _refuse())
    report = run(load_project(bundled), jobs=1)
    assert report.ok, report.problems
    assert "Edited" in (bundled / "docs" / "briefs" / "de-03-nvidia-h20-china.md").read_text(
        "utf-8")
