"""The anchored scans find what full scans find (generator.extraction.scan and its users)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import extract as ex
from generator import kb as kbmod
from generator.extraction import rules
from generator.extraction.scan import Vocabulary, finditer_at, lower, lowercase, run_start

# Words and separators that the rules and patterns react to, for random texts.
_WORDS = [
    "CEO", "Chef", "Nvidia-Chef", "NVIDIA-CHEF", "Halbleiterchef", "Bundeskanzlerin", "of",
    "for", "Secretary", "Commerce", "vice", "president", "its", "chief", "executive", "Sen.",
    "Jensen", "Huang", "Gina", "Raimondo", "Peter", "von", "der", "Leyen", "C.C.", "Wei",
    "Jean-Luc", "O'Brien", "Müller", "Kernwerk", "Systems", "GmbH", "AG", "Inc.", "Co.,",
    "Ltd.", "&", "das", "Start-up", "Unternehmen", "the", "company", "Quantellix", "3",
    "5-nm", "nm", "2/3", "Nanometer-Verfahren", "und", "bis", "class", "-Klasse", "CHIPS",
    "and", "Science", "Act", "KI-Gesetz", "Datenschutzgesetz", "Daten-", "Executive", "Order",
    "14110", "EO", "Regulation", "(EU)", "2024/1689", "January", "2025", "export", "controls",
    "MoU", "letter", "intent", "Ministry", "Federal", "State", "Department", "Bundesministerium",
    "für", "Wirtschaft", "Texas", "state", "Bundesstaat", "İ", "Σ", "ß", "Über", "EU", "MIT",
    "Mit", "US", "UN", "Tag", "Dollar", "Euro", "5", "Mrd.", "rund", "über",
    # whole phrases, so that the rarer shapes come up often
    "Alpha & Omega GmbH", "Ned Finkle, its vice president", "Commerce Secretary Gina Raimondo",
    "das Start-up Quantellix", "3- und 5-nm", "2/3 nm", "Daten- und Lieferkettengesetz",
    "Ministry of Trade, Industry and Energy", "State of New York", "Executive Order 14110",
    "Regulation (EU) 2024/1689", "January 2025 export controls", "TSMC Chairman C.C. Wei",
    "Dr.", "Prof.", "Gov.", "Sen.", "Col.", "Prof. Dr. Reto Andermatt", "Gov. Mike DeWine",
]
_SEPARATORS = [" ", " ", " ", "  ", "\n", "\t", ", ", ". ", "-", "", "(", ")", "’s ", "'s "]


@st.composite
def _texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(_WORDS), max_size=30))
    seps = draw(st.lists(st.sampled_from(_SEPARATORS), min_size=len(words),
                         max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


@settings(max_examples=300)
@given(st.text(alphabet="ab .", max_size=30), st.sampled_from([r"a+", r"(?<!b)a\.?", r"ba*"]))
def test_finditer_at_every_position_is_finditer(text: str, pattern: str) -> None:
    rx = re.compile(pattern)
    assert [m.span() for m in finditer_at(rx, text, range(len(text) + 1))] == \
        [m.span() for m in rx.finditer(text)]


def test_vocabulary_finds_overlapping_keywords_by_group() -> None:
    vocabulary = Vocabulary({"a": [("das", 1), ("das start-up", 2)], "b": [("start-up", 4)]})
    found = vocabulary.find("das start-up")
    assert sorted(found["a"]) == [(0, 3, 1), (0, 12, 2)]
    assert found["b"] == [(4, 12, 4)]


@settings(max_examples=300)
@given(st.lists(st.tuples(st.text(alphabet="aäbß. ", min_size=1, max_size=4),
                          st.sampled_from([0, 1]), st.sampled_from([1, 2, 4])), max_size=8),
       st.text(alphabet="aäbß. x", max_size=40))
def test_vocabulary_is_a_plain_search_in_order_of_ends(words: list[tuple[str, int, int]],
                                                     text: str) -> None:
    groups: dict[str, list[tuple[str, int]]] = {"g0": [], "g1": []}
    for word, group, flag in words:
        groups[f"g{group}"].append((word, flag))
    expected: dict[str, list[tuple[int, int, int]]] = {}
    for name, members in groups.items():
        flags: dict[str, int] = {}
        for word, flag in members:
            flags[word] = flags.get(word, 0) | flag
        hits = [(at, at + len(word), flag) for word, flag in flags.items()
                for at in range(len(text)) if text.startswith(word, at)]
        expected[name] = sorted(hits, key=lambda hit: (hit[1], hit[0]))  # longest first
    assert Vocabulary(groups).find(text) == expected


def test_vocabulary_without_words_finds_nothing() -> None:
    assert Vocabulary({"a": []}).find("anything") == {"a": []}


def test_run_start_reads_backwards() -> None:
    text = "x, Kernwerk Systems GmbH"
    assert run_start(text[::-1], text.index("GmbH"), re.compile(r"[\w\s]*")) == 2


def test_run_start_stops_at_the_floor() -> None:
    text = "x, Kernwerk Systems GmbH"
    assert run_start(text[::-1], text.index("GmbH"), re.compile(r"[\w\s]*"), 12) == 12


def test_lower_keeps_offsets() -> None:
    assert lower("İSTANBUL Σ") == "İstanbul σ"
    assert len(lower("İ")) == 1


@given(st.text(alphabet=st.sampled_from("aBİΣσß ẞ.Ǆǅ\u0130\u03a3xY"), max_size=12))
def test_the_lowered_text_is_lowered_once_and_the_same(text: str) -> None:
    assert lowercase(text) == text.lower()
    aligned = text.lower() if len(text.lower()) == len(text) else "".join(
        c.lower() if len(c.lower()) == 1 else c for c in text)
    assert lower(text) == aligned
    assert lowercase(text) is lowercase(text)  # remembered for the texts asked about last


@settings(max_examples=400, deadline=None)
@given(_texts())
def test_rule_starts_hold_every_match_start(text: str) -> None:
    pats = rules._patterns()
    lowered, cased = rules._keyword_hits(text)
    role_starts = set(rules._role_word_starts(text, lowered))
    for match in pats["role_word"].finditer(text):
        if rules._is_role_word(match.group("word"), rules.lexicon()):
            assert match.start() in role_starts
    appositions = set(rules._apposition_starts(text))
    assert {m.start() for m in pats["name_role"].finditer(text)} <= appositions
    names = set(rules._first_name_starts(text, cased))
    assert {m.start() for m in pats["first"].finditer(text)
            if m.group("first") in rules.lexicon().first_names} <= names
    titles = set(rules._title_starts(cased))
    assert {m.start() for m in rules._titles().finditer(text)} <= titles


@settings(max_examples=400, deadline=None)
@given(_texts())
def test_pattern_starts_hold_every_match_start(text: str) -> None:
    starts = ex._starts(text, ex._keywords(kbmod.default(), text)[1]["patterns"])
    for pattern in ex._PATTERNS:
        assert {m.start() for m in pattern.finditer(text)} <= set(starts[pattern]), pattern


def _find_in_one_pass(kb: kbmod.KnowledgeBase, text: str) -> list[kbmod.Match]:
    """KnowledgeBase.find as a plain search for every form, kept sorted by a stable sort."""
    keys: dict[str, list[tuple[int, str, bool]]] = {}
    for index, entry in enumerate(kb.entries):
        for form in kbmod.surface_forms(entry):
            strict = entry.ambiguous or (form.isupper() and any(c.isalpha() for c in form))
            keys.setdefault(form.lower(), []).append((index, form, strict))
    lowered = lower(text)
    found = []
    for key, targets in keys.items():
        if len(key) != len(key.lower()):
            continue
        start = lowered.find(key)
        while start >= 0:
            end = start + len(key)
            if not (start > 0 and kbmod._word_char(text[start - 1])):
                for index, form, strict in targets:
                    stop = kbmod._boundary(text, end, form, strict)
                    if stop is not None and kbmod._case_ok(text[start:end], form, strict):
                        found.append(kbmod.Match(start, stop, kb.entries[index],
                                                 text[start:stop]))
            start = lowered.find(key, start + 1)
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[kbmod.Match] = []
    for match in found:
        if not chosen or match.start >= chosen[-1].end:
            chosen.append(match)
    return chosen


_TIES = kbmod.KnowledgeBase([
    kbmod.Entry("MIT", "actor", "organization"),
    kbmod.Entry("Mit Labs", "actor", "organization", aliases=("Mit",)),
    kbmod.Entry("Mit", "actor", "organization"),
    kbmod.Entry("Nvidia", "actor", "organization", aliases=("NVIDIA", "nvidia")),
    kbmod.Entry("Nvidias", "chip", "gpu"),
    kbmod.Entry("EU", "actor", "government", ambiguous=True),
    kbmod.Entry("Eu", "actor", "country"),
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["MIT", "Mit", "mit", "Nvidia", "Nvidias", "NVIDIA", "nvidia",
                                 "EU", "Eu", "eu", "Labs", "İ", "Σ"]), max_size=12),
       st.lists(st.sampled_from([" ", "-", "", ".", "s "]), min_size=12, max_size=12))
def test_find_is_the_one_pass_find(words: list[str], seps: list[str]) -> None:
    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    assert _TIES.find(text) == _find_in_one_pass(_TIES, text)


def test_find_is_the_one_pass_find_on_the_bundled_knowledge() -> None:
    knowledge = kbmod.default()
    text = ("Nvidia-Chef Jensen Huang traf in Brüssel die EU-Kommission; mit dabei: MIT, "
            "TSMC, die Vereinigten Arabischen Emirate, Nvidias H100 und der CHIPS Act.")
    assert knowledge.find(text) == _find_in_one_pass(knowledge, text)
