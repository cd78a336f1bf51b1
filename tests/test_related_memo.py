"""The memo of related briefs (.briefing/related.json) gives every brief the related briefs
worked out afresh, after any sequence of edits, additions and removals, and works out
again only those that may differ."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.models import Actor, Brief, Chip, Policy, Source
from generator.render import (
    RELATED_FILE,
    Digests,
    Known,
    RelatedMemo,
    build_model,
    related_all,
)
from generator.render import related as related_module
from generator.render.model import sorted_briefs

ACTORS = ["Nvidia", "TSMC", "Intel", "Germany", "France", "OpenAI", "Jane Doe"]
CHIPS = ["H100", "H20", "MI300"]
POLICY = ["AI Act", "CHIPS Act"]
DATES = [None, dt.date(2025, 1, 1), dt.date(2025, 1, 2), dt.date(2025, 3, 1)]

facts = st.tuples(
    st.sampled_from(DATES),
    st.lists(st.tuples(st.sampled_from(ACTORS),
                       st.sampled_from(["organization", "country", "person"]),
                       st.integers(1, 3)), max_size=4),
    st.lists(st.sampled_from(CHIPS), max_size=2),
    st.lists(st.sampled_from(POLICY), max_size=1))


def _brief(slug: str, fact: tuple[Any, ...]) -> Brief:
    date, actors, chips, policy = fact
    return Brief(title=slug, slug=slug, language="en", date=date,
                 source=Source(f"seeds/{slug}.txt", "0" * 64),
                 actors=tuple(Actor(name=n, kind=k, mentions=m, evidence=n)
                              for n, k, m in actors),
                 chips=tuple(Chip(name=c, evidence=c) for c in chips),
                 policy=tuple(Policy(name=p, evidence=p) for p in policy))


def _plain(found: Sequence[Any]) -> list[Any]:
    return [[(other.slug, names) for other, names in related] for related in found]


def _both(briefs: list[Brief], state: Path, kb: Any = None
          ) -> tuple[list[Any], list[Any], int, frozenset[str] | None]:
    """The related briefs through a memo loaded from state (then saved), with the briefs'
    digests as render() hands them, and afresh; how many were worked out again, and which
    moved."""
    model = build_model(briefs, kb)
    memo = RelatedMemo(state, "code")
    kept = _plain(related_all(model.briefs, model.entities, memo, Digests().frozen))
    memo.save()
    return kept, _plain(related_all(model.briefs, model.entities)), memo.worked_out, memo.moved


edits = st.lists(st.tuples(st.sampled_from(["edit", "add", "remove", "title", "mentions"]),
                           st.integers(0, 30), facts), max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.lists(facts, min_size=1, max_size=14), steps=edits)
def test_the_memo_gives_the_related_briefs_worked_out_afresh(
        tmp_path_factory: pytest.TempPathFactory, start: list[Any], steps: list[Any]) -> None:
    state = tmp_path_factory.mktemp("state")
    briefs = [_brief(f"b{n:02d}", fact) for n, fact in enumerate(start)]
    kept, fresh, _count, _moved = _both(briefs, state)
    assert kept == fresh
    before, last = [b.slug for b in sorted_briefs(briefs)], fresh
    for number, (kind, at, fact) in enumerate(steps):
        index = at % len(briefs) if briefs else 0
        kind = kind if briefs else "add"
        if kind == "add":
            briefs.append(_brief(f"new{number}", fact))
        elif kind == "remove":
            del briefs[index]
        elif kind == "title":
            old = briefs[index]
            briefs[index] = Brief(**{**old.__dict__, "title": f"{old.title} (edited)"})
        elif kind == "mentions":
            old = briefs[index]
            briefs[index] = replace(old, actors=tuple(
                replace(a, mentions=a.mentions + n) for n, a in enumerate(old.actors)))
        else:
            briefs[index] = _brief(briefs[index].slug, fact)
        slugs = [b.slug for b in sorted_briefs(briefs)]
        kept, fresh, count, moved = _both(briefs, state)
        assert kept == fresh
        if kind != "add" and kind != "remove":  # the same briefs: moved says which differ
            was = dict(zip(before, last, strict=True))
            assert moved == {s for s, found in zip(slugs, fresh, strict=True)
                             if was.get(s) != found}
        before, last = slugs, fresh
        if kind == "title":
            assert count == 0  # nothing related briefs depend on changed


def test_an_unchanged_archive_works_out_nothing_again(tmp_path: Path) -> None:
    briefs = [_brief(f"b{n}", (DATES[n % 4], [("Nvidia", "organization", 1)], ["H100"], []))
              for n in range(8)]
    assert _both(briefs, tmp_path)[2] == 8
    assert _both(briefs, tmp_path)[2] == 0


def test_a_changed_name_works_out_again_only_the_briefs_that_share_it(tmp_path: Path) -> None:
    briefs = [_brief(f"b{n}", (DATES[1], [(name, "organization", 1)], [], []))
              for n, name in enumerate(["Nvidia", "Nvidia", "Nvidia", "Intel", "Intel"])]
    _both(briefs, tmp_path)
    briefs[0] = _brief("b0", (DATES[1], [("Nvidia", "organization", 1), ("Intel", "person", 1)],
                              [], []))
    assert _both(briefs, tmp_path)[2] == 3  # b0, and b3 and b4 which share Intel with it


def test_a_name_no_other_brief_has_or_a_mention_works_out_only_its_brief(tmp_path: Path,
                                                                          ) -> None:
    briefs = [_brief(f"b{n}", (DATES[1], [(name, "organization", 1)], [], []))
              for n, name in enumerate(["Nvidia", "Nvidia", "Nvidia", "Intel", "Intel"])]
    _both(briefs, tmp_path)
    briefs[0] = _brief("b0", (DATES[1], [("Nvidia", "organization", 2), ("TSMC", "person", 1)],
                              [], []))
    memo = RelatedMemo(tmp_path, "code")
    model = build_model(briefs)
    related_all(model.briefs, model.entities, memo, Digests().frozen)
    assert memo.worked_out == 1 and memo.moved == frozenset()
    memo.save()
    briefs[0] = _brief("b0", (DATES[2], [("Nvidia", "organization", 2)], [], []))
    memo = RelatedMemo(tmp_path, "code")
    model = build_model(briefs)
    related_all(model.briefs, model.entities, memo, Digests().frozen)
    # Another date: every brief sharing a name of b0's is worked out again.
    assert memo.worked_out == 3


def test_the_memo_names_the_briefs_whose_related_briefs_moved(tmp_path: Path) -> None:
    briefs = [_brief(f"b{n}", (DATES[1], [(name, "organization", 1)], [], []))
              for n, name in enumerate(["Nvidia", "Nvidia", "Intel", "Intel"])]
    _both(briefs, tmp_path)
    briefs[2] = _brief("b2", (DATES[1], [("Nvidia", "organization", 1)], [], []))
    memo = RelatedMemo(tmp_path, "code")
    model = build_model(briefs)
    related_all(model.briefs, model.entities, memo, Digests().frozen)
    # b2 now shares Nvidia with b0 and b1, and no longer Intel with b3.
    assert memo.moved == frozenset({"b0", "b1", "b2", "b3"})
    assert RelatedMemo(tmp_path / "elsewhere", "code").moved is None


@pytest.mark.parametrize("damage", ["broken", "other code", "bad header", "no header"])
def test_a_stale_or_broken_memo_works_everything_out(tmp_path: Path, damage: str) -> None:
    briefs = [_brief(f"b{n}", (DATES[n % 4], [("Nvidia", "organization", 1)], [], []))
              for n in range(5)]
    _both(briefs, tmp_path)
    path = tmp_path / RELATED_FILE
    head, _newline, rest = path.read_text("utf-8").partition("\n")
    if damage == "broken":
        path.write_text(head[:30], "utf-8")
    elif damage == "other code":
        path.write_text(json.dumps({**json.loads(head), "code": "old"}) + "\n" + rest, "utf-8")
    elif damage == "bad header":
        path.write_text(json.dumps({**json.loads(head), "total": "5"}) + "\n" + rest, "utf-8")
    else:
        path.write_text(rest, "utf-8")
    kept, fresh, count, moved = _both(briefs, tmp_path)
    assert kept == fresh and count == 5 and moved == {b.slug for b in briefs}


@pytest.mark.parametrize("damage", ["cut", "no tab", "bad entry", "bad related", "gone slug"])
def test_a_damaged_line_of_the_memo_is_worked_out_again(tmp_path: Path, damage: str) -> None:
    briefs = [_brief(f"b{n}", (DATES[n % 4], [("Nvidia", "organization", 1)], [], []))
              for n in range(5)]
    _both(briefs, tmp_path)
    path = tmp_path / RELATED_FILE
    lines = path.read_text("utf-8").split("\n")
    digest, slug, entry, related = lines[2].split("\t")
    lines[2] = {"cut": lines[2][:20], "no tab": lines[2].replace("\t", " "),
                "bad entry": "\t".join([digest, slug, "[7]", related]),
                "bad related": "\t".join([digest, slug, entry, "{"]),
                "gone slug": "\t".join([digest, slug, entry, '[["b9",["Nvidia"]]]'])}[damage]
    path.write_text("\n".join(lines), "utf-8")
    kept, fresh, _count, _moved = _both(briefs, tmp_path)
    assert kept == fresh


def test_the_memo_reads_no_entry_of_an_unchanged_brief(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Nor the related briefs of a brief no page asks for."""
    briefs = [_brief(f"b{n}", (DATES[n % 4], [("Nvidia", "organization", 1)], [], []))
              for n in range(6)]
    _both(briefs, tmp_path)
    read: list[str] = []
    real = json.loads
    monkeypatch.setattr(related_module.json, "loads", lambda text: read.append(text) or real(text))
    model = build_model(briefs)
    memo = RelatedMemo(tmp_path, "code")
    found = related_all(model.briefs, model.entities, memo, Digests().frozen)
    assert memo.worked_out == 0 and len(read) == 1 + len(briefs)  # the header, the slugs
    assert [(b.slug, n) for b, n in found[2]] == _plain(related_all(model.briefs,
                                                                    model.entities))[2]
    assert len(read) == 2 + len(briefs)


def test_a_name_that_becomes_a_country_works_out_its_briefs_again(tmp_path: Path) -> None:
    def brief(n: int, kind: str) -> Brief:
        return _brief(f"b{n}", (DATES[1], [("Germany", kind, 1)], [], []))

    briefs = [brief(0, "organization"), brief(1, "organization"), brief(2, "country")]
    kept, _fresh, _count, _moved = _both(briefs, tmp_path)
    assert kept[0]  # related by Germany, an organisation
    # Only a kind changes, no brief's names: Germany is a country now, and a brief sharing
    # only a country is not related.
    briefs[1] = brief(1, "country")
    kept, fresh, _count, _moved = _both(briefs, tmp_path)
    assert kept == fresh == [[], [], []]


class _Kinds:
    """A knowledge base that knows only the kind of each name."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def lookup(self, _type: str, _name: str) -> Any:
        return Known(self.kind, ())


def test_a_name_the_knowledge_base_now_calls_a_country_works_out_its_briefs_again(
        tmp_path: Path) -> None:
    briefs = [_brief(f"b{n}", (DATES[1], [("Germany", "", 1)], [], [])) for n in range(3)]
    kept, _fresh, _count, _moved = _both(briefs, tmp_path, _Kinds("organization"))
    assert kept[0]  # related by Germany, an organisation
    # No brief changed; the knowledge base calls Germany a country now.
    kept, fresh, _count, _moved = _both(briefs, tmp_path, _Kinds("country"))
    assert kept == fresh == [[], [], []]
