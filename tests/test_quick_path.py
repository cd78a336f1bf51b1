"""The quick path of reading a brief (parser events, no node tree; jsonschema-rs instead of
jsonschema) gives exactly what the full path gives, or steps aside for it."""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_roundtrip import brief_strategy

from generator import briefs
from generator.briefs import frontmatter, reading, validation

GOOD = (FIXTURES / "bad_briefs" / "good.md").read_text("utf-8")
HEAD = briefs.split(GOOD, "good.md")[0]


def _outcome(call: Callable[[], Any]) -> str:
    """What a call gives, types included, or the error it raises."""
    try:
        result = call()
    except Exception as exc:
        return f"raises {type(exc).__name__}: {exc}"
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], list):
        return repr((result[0], [str(p) for p in result[1]]))
    return repr(result)


def _both(text: str, call: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch,
          ) -> tuple[str, str]:
    quick = _outcome(lambda: call(text))
    with monkeypatch.context() as patch:
        patch.setattr(frontmatter, "quick_data", lambda head: None)
        patch.setattr(reading, "quick_data", lambda head: None)
        full = _outcome(lambda: call(text))
    return quick, full


def _with(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


EXTRA = "policy: []\n"  # the last key of good.md: more keys go after it
CASES = {
    "good": GOOD,
    "flow mapping": "---\n{title: T, slug: s, language: de, date: null, source: {path: p, "
                    f"sha256: '{'0' * 64}'}}, sources: [], summary: '', tags: [], actors: [], "
                    "amounts: [], chips: [], policy: []}\n---\n\nbody\n",
    "anchor and alias": _with("title: Nvidia baut Rechenzentrum in Berlin",
                              "title: &t Nvidia baut Rechenzentrum in Berlin\nnotes: *t"),
    "alias of a mapping": _with(EXTRA, EXTRA + "a: &m {x: 1}\nb: *m\n"),
    "recursive alias": _with(EXTRA, EXTRA + "loop: &l [*l]\n"),
    "merge key": _with("source:\n", "base: &b {path: seeds/good.txt}\nsource:\n  <<: *b\n"),
    "merge key on a scalar": _with(EXTRA, EXTRA + "x:\n  <<: 1\n"),
    "value key": _with(EXTRA, EXTRA + "=: 1\n"),
    "value scalar": _with(EXTRA, EXTRA + "x: =\n"),
    "explicit str tag": _with("slug: good", "slug: !!str good"),
    "explicit int tag": _with("mentions: 2", "mentions: !!int '2'"),
    "timestamp tag": _with("date: '2025-05-02'", "date: !!timestamp 2025-05-02"),
    "unknown tag": _with(EXTRA, EXTRA + "x: !custom y\n"),
    "binary tag": _with(EXTRA, EXTRA + "x: !!binary aGk=\n"),
    "set tag": _with(EXTRA, EXTRA + "x: !!set {a, b}\n"),
    "non-specific tag": _with(EXTRA, EXTRA + "x: ! 12\n"),
    "duplicate key": _with(EXTRA, EXTRA + "title: again\n"),
    "duplicate key, quoted": _with(EXTRA, EXTRA + "'title': again\n"),
    "duplicate key, int and str": _with(EXTRA, EXTRA + "x: {1: a, '1': b}\n"),
    "same key as 1 and 01": _with(EXTRA, EXTRA + "x: {1: a, 01: b}\n"),
    "same key as 1 and 1.0": _with(EXTRA, EXTRA + "x: {1: a, 1.0: b}\n"),
    "two nan keys": _with(EXTRA, EXTRA + "x: {.nan: a, .nan: b}\n"),
    "null and bool keys": _with(EXTRA, EXTRA + "x: {null: a, true: b, 1.5: c}\n"),
    "complex key": _with(EXTRA, EXTRA + "? [a, b]\n: c\n"),
    "two documents": _with(EXTRA, EXTRA + "--- x\n"),
    "document end marker": _with(EXTRA, EXTRA + "...\n"),
    "yaml directive": GOOD.replace("---\n", "---\n%YAML 1.1\n--- \n", 1),
    "empty": "---\n---\n\nbody\n",
    "only a comment": "---\n# nothing\n---\n\nbody\n",
    "scalar": "---\njust text\n---\n\nbody\n",
    "null document": "---\n~\n---\n\nbody\n",
    "list": "---\n- a\n- b\n---\n\nbody\n",
    "integral float mentions": _with("mentions: 2", "mentions: 2.0"),
    "bool mentions": _with("mentions: 2", "mentions: true"),
    "hex mentions": _with("mentions: 2", "mentions: 0x10"),
    "octal mentions": _with("mentions: 2", "mentions: 017"),
    "sexagesimal mentions": _with("mentions: 2", "mentions: 1:30"),
    "underscore mentions": _with("mentions: 2", "mentions: 1_000"),
    "broken binary int": _with("mentions: 2", "mentions: 0b_"),
    "negative mentions": _with("mentions: 2", "mentions: -1"),
    "nan confidence": _with("mentions: 2", "mentions: 2\n  confidence: .nan"),
    "confidence above 1": _with("mentions: 2", "mentions: 2\n  confidence: 1.5"),
    "confidence word": _with("mentions: 2", "mentions: 2\n  confidence: sure"),
    "bool value": _with("value: 2000000000", "value: true"),
    "inf value": _with("value: 2000000000", "value: .inf"),
    "lowercase currency": _with("currency: EUR", "currency: eur"),
    "currency with newline": _with("currency: EUR", 'currency: "EUR\\n"'),
    "slug with newline": _with("slug: good", 'slug: "good\\n"'),
    "date with newline": _with("date: '2025-05-02'", 'date: "2025-05-02\\n"'),
    "unicode digits date": _with("date: '2025-05-02'", "date: '２０２５-０５-０２'"),
    "unreal date": _with("date: '2025-05-02'", "date: '2025-02-30'"),
    "plain date": _with("date: '2025-05-02'", "date: 2025-05-02"),
    "bool title": _with("title: Nvidia baut Rechenzentrum in Berlin", "title: yes"),
    "empty title": _with("title: Nvidia baut Rechenzentrum in Berlin", "title: ''"),
    "number slug": _with("slug: good", "slug: 1"),
    "unknown item key": _with("kind: organization", "kind: organization\n  nme: x"),
    "unknown source key": _with("  path: seeds/good.txt", "  path: seeds/good.txt\n  x: 1"),
    "missing required key": _with("language: de\n", ""),
    "extra keys of every kind": _with(EXTRA, EXTRA + "reviewed: false\nnotes: null\n"
                                      "conflicts: [{field: title}]\nn: 1\nf: 1.5\nl: [1, [2]]\n"
                                      "m: {a: {b: c}}\nz: ~\n"),
    "reviewed as text": _with(EXTRA, EXTRA + "reviewed: 'yes'\n"),
    "conflicts as text": _with(EXTRA, EXTRA + "conflicts: none\n"),
    "control character": _with("summary: Nvidia", "summary: \x07Nvidia"),
    "tab indent": _with("  kind: organization", "\tkind: organization"),
    "byte order mark": "\ufeff" + GOOD,
    "line separator": _with("summary: Nvidia", "summary: Nvi\u2028dia"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_load_gives_what_the_full_path_gives(name: str, monkeypatch: pytest.MonkeyPatch,
                                             ) -> None:
    quick, full = _both(CASES[name], lambda text: briefs.load(text, "briefs/x.md"), monkeypatch)
    assert quick == full


@pytest.mark.parametrize("name", sorted(CASES))
def test_front_matter_gives_what_the_full_path_gives(name: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    quick, full = _both(CASES[name], lambda text: briefs.front_matter(text, "x.md"),
                        monkeypatch)
    assert quick == full
    reference = _outcome(lambda: briefs.load_front_matter(CASES[name], "x.md")[0])
    assert quick == reference


def test_the_quick_path_takes_the_usual_brief() -> None:
    data = frontmatter.quick_data(HEAD)
    assert data is not None and validation.certainly_valid(data)


@given(brief_strategy)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_dumped_briefs_take_the_quick_path_to_the_same_data(brief: briefs.Brief) -> None:
    head = briefs.split(briefs.dump(brief), "x.md")[0]
    quick = frontmatter.quick_data(head)
    assert quick is not None
    assert repr(quick) == repr(briefs.load_front_matter(briefs.dump(brief), "x.md")[0])
    assert validation.certainly_valid(quick)


# --- the quick check passes nothing the schema rejects ------------------------------------

ODD_VALUES = st.sampled_from([
    "", "x", "de", "DE", "deu", "EUR", "eur", "EURO", "good", "Good", "-x", "a b", "x\n",
    "2025-05-02", "2025-02-30", "2025-5-2", "0" * 64, "0" * 63, "g" * 64, "person",
    "company", 0, 1, -1, 2.0, 1.5, -0.5, 10**20, math.nan, math.inf, True, False, None, [],
    [""], ["x"], [1], {}, {"name": "x"}, {"name": ""}, {"x": 1},
])


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a nested value, the value itself first."""
    found = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*at, index))
    return found


def _mutate(data: Any, draw: st.DrawFn) -> Any:
    """data with one random change: a value replaced, a key dropped or one added."""
    place = draw(st.sampled_from(_paths(data)))
    parent = data
    for step in place[:-1]:
        parent = parent[step]
    action = draw(st.sampled_from(["replace", "drop", "add"]))
    if not place:
        return copy.deepcopy(draw(ODD_VALUES))
    # a copy: sampled_from hands out the same {} and [] every time, and a later change inside
    # one would reach every place it was put, until one contains itself
    odd = copy.deepcopy(draw(ODD_VALUES))
    if action == "drop" and isinstance(parent, dict):
        del parent[place[-1]]
    elif action == "add" and isinstance(parent, dict):
        parent[draw(st.sampled_from(["name", "nme", "kind", "value", "extra", "path"]))] = odd
    elif action == "add" and isinstance(parent, list):
        parent.append(odd)
    else:
        parent[place[-1]] = odd
    return data


@st.composite
def front_matters(draw: st.DrawFn) -> Any:
    """The front-matter of a random brief as YAML reads it, changed a few times."""
    text = briefs.dump(draw(brief_strategy))
    data = briefs.load_front_matter(text, "x.md")[0]
    for _ in range(draw(st.integers(0, 3))):
        data = _mutate(data, draw)
    return data


def _valid(data: Any) -> bool:
    if list(validation.validator().iter_errors(data)):
        return False
    date = data.get("date")
    if isinstance(date, str):
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            return False
    return True


@given(front_matters())
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_quick_check_passes_only_valid_front_matter(data: Any) -> None:
    if isinstance(data, dict) and validation.certainly_valid(data):
        assert _valid(data)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_quick_check_passes_no_bad_case(name: str) -> None:
    try:
        data = briefs.load_front_matter(CASES[name], "x.md")[0]
    except Exception:  # broken, or a crash the quick path reproduces (see above)
        return
    if validation.certainly_valid(data):
        assert _valid(data), name


def test_the_quick_check_follows_every_keyword_of_the_schema(monkeypatch: pytest.MonkeyPatch,
                                                             ) -> None:
    data = frontmatter.quick_data(HEAD)
    assert data is not None and validation.certainly_valid(data)
    for change in ({"minProperties": 20}, {"not": {"required": ["title"]}},
                   {"properties": {**briefs.schema()["properties"],
                                   "title": {"type": "string", "maxLength": 3}}}):
        changed = {**briefs.schema(), **change}
        monkeypatch.setattr(validation, "schema", lambda changed=changed: changed)
        validation._quick_validator.cache_clear()
        assert not validation.certainly_valid(data), change
    validation._quick_validator.cache_clear()


def test_values_the_quick_check_cannot_take_leave_it_unsure() -> None:
    data = briefs.load_front_matter(_with("kind: organization", "kind: organization\n  1: x"),
                                    "x.md")[0]
    assert not validation.certainly_valid(data)  # a key that is no text: no yes, no crash
    assert not _valid(data)


# --- what update() writes is recorded only when certain ------------------------------------

@given(brief_strategy)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_read_back_is_what_parsing_gives(brief: briefs.Brief) -> None:
    data = briefs.to_dict(brief)
    text = briefs.file_text(data, brief.body)
    assert text == briefs.dump(brief)
    expected = validation.read_back(data, brief.body, text)
    if "\r" not in text:
        assert expected is not None
    if expected is not None:
        parsed = briefs.parse(text, "x.md")
        assert repr(expected) == repr(parsed) and expected.extra == parsed.extra


@given(front_matters(), st.sampled_from(["", "body\n", "---\n---\n", "a\r\nb"]))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_read_back_of_changed_front_matter(data: Any, body: str) -> None:
    if not isinstance(data, dict):
        return
    text = briefs.file_text(data, body)
    expected = validation.read_back(data, body, text)
    if expected is not None:
        brief, problems = briefs.load(text, "x.md")
        assert problems == [] and repr(expected) == repr(brief)


@pytest.mark.parametrize("change", [
    {"title": ""},  # invalid
    {"actors": ({"name": "x", "kind": "person"},)},  # a tuple: YAML would give a list
    {"extra": {1: "a"}},  # a key that is no text
    {"extra": {"when": dt.date(2025, 1, 1)}},  # a date: YAML (here) would give text
])
def test_read_back_declines_what_it_cannot_vouch_for(change: dict[str, Any]) -> None:
    data = briefs.load_front_matter(GOOD, "x.md")[0]
    extra = change.pop("extra", {})
    data.update(change)
    data.update(extra)
    assert validation.read_back(data, "body\n", "---\n") is None


def test_read_back_declines_carriage_returns() -> None:
    data = briefs.load_front_matter(GOOD, "x.md")[0]
    assert validation.read_back(data, "a\r\nb", briefs.file_text(data, "a\r\nb")) is None
    assert validation.read_back(data, "a\nb", briefs.file_text(data, "a\nb")) is not None


def test_good_fixture_reads_the_same_either_way(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    quick, full = _both(GOOD, lambda text: briefs.load(text, "x.md"), monkeypatch)
    assert quick == full and "None" not in quick[:6]
