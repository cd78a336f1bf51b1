"""Fast forms of extraction steps agree with their plain definitions."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.extract import TEASER, _Taken, _without_teasers
from generator.extraction.currencies import Context as CurrencyContext
from generator.extraction.currencies import cue_keywords
from generator.extraction.names import Collector, _mentions, _mentions_pattern
from generator.extraction.scan import Vocabulary, lower
from generator.extraction.spans import Context
from generator.extraction.text import _END, LANGUAGE_SPAN, opening_words, sentences
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


_RUN_PIECES = ["Nordkap", "Capital", "Bank", "of", "England", ",", "(", "the", "der", "Stadtwerke",
               "Ulm", "Die", "Regierung", "Clubhouse", "an", "app", "Berlin", "Quellental",
               "Finanzblick", "Fintech", "Ministry", "Finance", "und", "GmbH", "Haus", "AI"]


@given(st.lists(st.sampled_from(_RUN_PIECES), max_size=30), st.sampled_from(["de", "en"]),
       st.lists(st.integers(0, 29), max_size=5))
def test_the_worth_of_runs_at_once_is_that_of_each_run(pieces: list[str], lang: str,
                                                        known_at: list[int]) -> None:
    text = " ".join(pieces)
    starts = [len(" ".join(pieces[:i])) + (1 if i else 0) for i in range(len(pieces))]
    known = [(starts[i], starts[i] + len(pieces[i]), "organization")
             for i in known_at if i < len(pieces)]
    finder = Collector(text, lang, sentences(text), 0, Context(known, (), ()))
    runs = finder.runs()
    assert finder.worth_of(runs) == [finder.worth(first, last) for first, last in runs]


_TEASER_PIECES = ["Lesen Sie auch", "READ MORE", "read more", "Related", "See also", "x", " ",
                  "\n", "\r", "Mehr zum Thema:", "Relatedness", "Auch interessant", "—", "ä"]


@given(st.lists(st.sampled_from(_TEASER_PIECES), max_size=20))
def test_teasers_found_at_line_starts_are_those_the_expression_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _without_teasers(text, text.split("\n")) == \
        TEASER.sub(lambda m: " " * len(m.group(0)), text)


_CUE_PIECES = ["südkorea", "Südkorea", "South Korea", "british", "Britisch", "Jersey", "İ", "ς",
               "Σ", "indien", "Indian", "pakistan", "Pakistanische", "ecuador", " ", ", ", "x",
               "koreanische", "ISLE OF MAN", "isle of", " man"]
_CUE_VOCABULARY = Vocabulary({"cues": ((cue, 1) for cue in cue_keywords())})


@given(st.lists(st.sampled_from(_CUE_PIECES), max_size=20))
def test_cue_words_counted_from_a_shared_pass_are_those_str_count_counts(pieces: list[str],
                                                                         ) -> None:
    text = "".join(pieces)
    hits = _CUE_VOCABULARY.find(lower(text))["cues"]
    for code in ("GBP", "KRW", "INR", "PKR", "USD"):
        assert CurrencyContext(text, set(), hits).count(code) == \
            CurrencyContext(text, set()).count(code)


_MENTION_PIECES = ["Nordkap", "Nordkap Capital", "Capital", "-", " ", "s", "'s", "x", "Nordkaps",
                   "(", "Nordkap-Gruppe"]


@given(st.lists(st.sampled_from(_MENTION_PIECES), max_size=16),
       st.sampled_from([("Nordkap",), ("Nordkap Capital", "Nordkap"), ("Capital", "Nordkap")]))
def test_mentions_counted_from_the_first_form_are_those_of_the_whole_text(
        pieces: list[str], forms: tuple[str, ...]) -> None:
    text = "".join(pieces)
    ordered = tuple(sorted(forms, key=len, reverse=True))
    plain = 1 if sum(text.count(form) for form in ordered) <= 1 else \
        max(len(_mentions_pattern(ordered).findall(text)), 1)
    assert _mentions(text, forms) == plain


_AROUND_PIECES = ["Bosch", "Ventures", "Capital", "Nordkap", "Bank", "of", "Telekom", ","]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_AROUND_PIECES), max_size=16), st.sampled_from(["de", "en"]),
       st.lists(st.tuples(st.integers(0, 15), st.integers(0, 2),
                          st.sampled_from(["organization", "media", "person"])), max_size=6))
def test_around_known_by_token_indexes_is_the_scan_of_every_match(
        pieces: list[str], lang: str, known_at: list[tuple[int, int, str]]) -> None:
    text = " ".join(pieces)
    starts = [len(" ".join(pieces[:i])) + (1 if i else 0) for i in range(len(pieces))]
    known = [(starts[i], starts[min(i + more, len(pieces) - 1)]
              + len(pieces[min(i + more, len(pieces) - 1)]), kind)
             for i, more, kind in known_at if i < len(pieces)]
    finder = Collector(text, lang, sentences(text), 0, Context(known, (), ()))
    for first in range(len(finder.words)):
        for last in range(first, len(finder.words)):
            assert finder.around_known(first, last) == finder.around(first, last,
                                                                    finder.known_ranges)


@given(st.text(st.sampled_from(["a", "ß", "ä", "B", "Ö", "1", ".", "!", "…", "?", "\"", "„",
                                "»", "(", " ", "\n", "x", "’"]), max_size=40))
def test_the_sentence_end_pattern_matches_as_its_plus_form(text: str) -> None:
    # It opens with a set of characters instead of a repeat of it, for re's fast start.
    plus_end = re.compile(r"[.!?…]+" + _END.pattern.removeprefix("[.!?…][.!?…]*"))
    assert [m.span() for m in _END.finditer(text)] == [m.span() for m in plus_end.finditer(text)]
