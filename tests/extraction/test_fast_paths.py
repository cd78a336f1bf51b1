"""Fast forms of extraction steps agree with their plain definitions."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.extract import _Taken
from generator.extraction.text import LANGUAGE_SPAN, opening_words
from generator.extraction.words import lexicon

_STRETCHES = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=30)


def _taken_one_by_one(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    taken = _Taken(())
    for start, end in sorted(spans):
        taken.add(start, end)
    return taken.spans


@given(_STRETCHES)
def test_taken_in_one_pass_keeps_what_adding_one_by_one_keeps(spans: list[tuple[int, int]],
                                                              ) -> None:
    assert _Taken(spans).spans == _taken_one_by_one(spans)


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8)), max_size=30))
def test_taken_in_one_pass_with_no_empty_stretch(pairs: list[tuple[int, int]]) -> None:
    spans = [(start, start + length) for start, length in pairs]
    assert _Taken(spans).spans == _taken_one_by_one(spans)


def _phrase(needle: str) -> str:
    return needle[1:-1] if needle.startswith(" ") else needle


_MARKER_PIECES = [_phrase(needle) for needle, _kind in lexicon().markers] + [
    "Bank", "of", "Kenya", "Zentral", "bank", "Department", "X", "-", "Reserve"]


@given(st.lists(st.sampled_from(_MARKER_PIECES), max_size=8),
       st.lists(st.sampled_from([" ", "", "-"]), min_size=8, max_size=8))
def test_a_marker_needle_finds_what_its_phrase_finds(pieces: list[str], gaps: list[str]) -> None:
    surface = " " + "".join(p + g for p, g in zip(pieces, gaps, strict=False)) + " "
    for needle, _kind in lexicon().markers:
        phrase = _phrase(needle)
        plain = f" {phrase} " in surface or (" " not in phrase and phrase in surface)
        assert (needle in surface) == plain


_LETTERS = st.sampled_from(["a", "Ä", "ß", "Σ", "σ", "İ", "I", " ", "x", "Ω", "\u0345", "1", "-"])


@given(st.integers(LANGUAGE_SPAN - 6, LANGUAGE_SPAN + 6), st.lists(_LETTERS, max_size=14),
       st.sampled_from(["", "İ"]))
def test_the_opening_words_are_those_of_the_lowered_opening(fill: int, tail: list[str],
                                                              early: str) -> None:
    text = early + "Der Ab" * (fill // 6) + "x" * (fill % 6) + "".join(tail)
    assert opening_words(text) == re.findall(r"[a-zäöüß]+", text[:LANGUAGE_SPAN].lower())
