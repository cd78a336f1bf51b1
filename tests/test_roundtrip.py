"""brief -> YAML -> brief is the identity, for any text a human or an article can hold."""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator import briefs
from generator.briefs import fileformat
from generator.models import (
    ACTOR_KINDS,
    CHIP_KINDS,
    CONFIDENCE,
    POLICY_KINDS,
    Actor,
    Amount,
    Brief,
    Chip,
    Policy,
    Source,
)

# Strings YAML would otherwise read as something else, or that look like brief syntax.
TRICKY = ["null", "Null", "~", "yes", "No", "on", "off", "true", "False", "1e3", "0x1F", "0o17",
          "1_000", "-.inf", ".NaN", "2025-03-01", "12:30:00", ": ", "a: b", "- x", "? x", "#x",
          "---", "...", "--- x", "\n---\n", "'", '"', "''", "|", ">", "&a", "*a", "!tag", "%",
          "@", "`", "{a: 1}", "[1, 2]", " lead", "trail ", "\ttab", "a\n", "\n", "a\r\nb",
          "\r", "\ufeff", "\u2028", "\x85", "ünïcödé ß €", "日本語", "😀", "\x00", "\x1b[0m",
          "{{ x }}", "{% if %}", "<script>alert(1)</script>", "[x](javascript:alert(1))"]

text = st.one_of(st.sampled_from(TRICKY), st.text(), st.text(alphabet=" \n-:#'\"\t|>"))
name = text.filter(lambda s: s != "")
optional = st.none() | text
number = st.one_of(st.integers(-10**18, 10**18),
                   st.floats(allow_nan=False, allow_infinity=False))

confidence = st.none() | st.sampled_from(CONFIDENCE)
actors = st.builds(Actor, name=name, kind=st.sampled_from(ACTOR_KINDS), role=optional,
                   org=optional, mentions=st.integers(0, 10**6), evidence=text,
                   confidence=confidence)
amounts = st.builds(Amount, text=name, value=number,
                    currency=st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3),
                    min=st.none() | number, max=st.none() | number, approximate=st.booleans(),
                    subject=optional, evidence=text)
chips = st.builds(Chip, name=name, vendor=optional, kind=st.none() | st.sampled_from(CHIP_KINDS),
                  evidence=text,
                  confidence=confidence)
policies = st.builds(Policy, name=name, kind=st.none() | st.sampled_from(POLICY_KINDS),
                     jurisdiction=optional, evidence=text, confidence=confidence)
extras = st.fixed_dictionaries({}, optional={
    "reviewed": st.booleans(),
    "notes": optional,
    "conflicts": st.lists(st.fixed_dictionaries({"field": name, "kept": text,
                                                  "extracted": text}), max_size=2),
})

brief_strategy = st.builds(
    Brief,
    title=name,
    slug=st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,30}\Z"),
    language=st.sampled_from(["de", "en"]),
    date=st.none() | st.dates(min_value=dt.date(1, 1, 1)),
    source=st.builds(Source, path=name,
                     sha256=st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)),
    summary=text,
    sources=st.lists(name, max_size=3).map(tuple),
    actors=st.lists(actors, max_size=3).map(tuple),
    amounts=st.lists(amounts, max_size=2).map(tuple),
    chips=st.lists(chips, max_size=2).map(tuple),
    policy=st.lists(policies, max_size=2).map(tuple),
    tags=st.lists(name, max_size=3).map(tuple),
    body=text,
    extra=extras,
)


def _same(a: Brief, b: Brief) -> None:
    assert a == b
    assert a.extra == b.extra  # not part of Brief equality


SAMPLE = Brief(
    title="null", slug="a", language="de", date=dt.date(2025, 3, 1),
    source=Source("seeds/ä b.txt", "0" * 64), summary="yes\n---\n: ",
    actors=(Actor(name="1e3", kind="person", role=" lead", evidence="a: b\n---"),),
    amounts=(Amount(text="'", value=1e30, currency="EUR", min=0.5, approximate=True),),
    body="---\ntitle: x\n---\n  indented\n",
    extra={"notes": "{{ x }}\n", "reviewed": False},
)


@given(brief_strategy)
@example(SAMPLE)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_dump_then_parse_is_the_identity(brief: Brief) -> None:
    text = briefs.dump(brief)
    assert briefs.check_text(text, "x.md") == []
    _same(briefs.parse(text, "x.md"), brief)


@given(brief_strategy)
@settings(max_examples=50, deadline=None)
def test_a_written_brief_reads_back_unchanged(tmp_path_factory: Any, brief: Brief) -> None:
    """Through a file too; line ends in the body are read as LF (CRLF checkouts)."""
    brief = replace(brief, body=brief.body.replace("\r\n", "\n").replace("\r", "\n"))
    path: Path = tmp_path_factory.mktemp("rt") / f"{brief.slug}.md"
    path.write_bytes(briefs.dump(brief).encode("utf-8"))
    _same(briefs.read(path), brief)
    assert briefs.dump(briefs.read(path)) == briefs.dump(brief)


def test_crlf_line_ends_are_no_edit(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(briefs.dump(SAMPLE).replace("\n", "\r\n").encode("utf-8"))
    _same(briefs.read(path), SAMPLE)


@settings(max_examples=300, deadline=None)
@given(brief_strategy)
def test_the_text_is_the_same_with_or_without_libyaml(brief: Brief) -> None:
    data = briefs.to_dict(brief)
    assert briefs.dump_yaml(data) == yaml.dump(
        data, Dumper=fileformat._Dumper, sort_keys=False, allow_unicode=True, width=100,
        default_flow_style=False)


def test_older_numeric_confidence_reads_as_strong_or_weak() -> None:
    text = briefs.dump(Brief(
        title="T", slug="t", language="en", date=None, source=Source("seeds/t.txt", "0" * 64),
        actors=(Actor(name="A", kind="person", confidence="strong"),
                Actor(name="B", kind="person", confidence="weak"))))
    older = text.replace("confidence: strong", "confidence: 0.8").replace(
        "confidence: weak", "confidence: 0.6")
    assert [a.confidence for a in briefs.parse(older, "t.md").actors] == ["strong", "weak"]
    assert briefs.check_text(older, "t.md") == []
