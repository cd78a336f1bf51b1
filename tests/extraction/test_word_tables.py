"""The fast forms of the word tests agree with their plain definitions (extraction/words.py)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.extraction import names, words
from generator.extraction.spans import ARTICLES
from generator.extraction.text import sentences
from generator.extraction.words import NAMEISH, WordTable, list_cues, nameish_word, tokenize

# Pieces that the token expression treats specially, for random texts.
_PIECES = ["Pune", "-based", "-led", "based", "US", "-", "’", "'", "+", "/", ".", "&", "und",
           "and", "bzw.", "Daten", "GmbH", "C++", "A.I.", "3", "5-nm", "H2", "İ", "ß", "é",
           "(", ")", "„", "“", ",", "—", "Kraftwerk-", "Co.", "Inc."]
_SEPARATORS = ["", "", " ", "  ", "\n", "\t", "\u00a0", "-"]


@st.composite
def _texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS)),
                           max_size=25))
    return "".join(piece + gap for piece, gap in pieces)


_PLAIN_TOKEN = re.compile(f"{words._SUFFIX}|{words._WORD}|{words._MARK}")


@given(st.one_of(_texts(), st.text(max_size=60)))
def test_the_word_first_finds_the_tokens_of_the_plain_order(text: str) -> None:
    assert words.TOKEN.findall(text) == _PLAIN_TOKEN.findall(text)
    starts, ends, found = tokenize(text, 0, len(text))
    assert found == _PLAIN_TOKEN.findall(text)
    assert [text[s:e] for s, e in zip(starts, ends, strict=True)] == found


def test_a_suffix_stays_a_token_of_its_own() -> None:
    assert tokenize("Pune-based firm", 0, 15)[2] == ["Pune", "-based", "firm"]


_WORDS = st.lists(st.sampled_from(["Nvidia", "the", "Dr.", "Prof", "Berlin-based", "EU", "3nm",
                                   "H2", "über", "Über", "„", "(", "Bank"]) | st.text(max_size=8),
                  max_size=30)


@given(_WORDS)
def test_a_word_table_answers_as_its_test(found: list[str]) -> None:
    assert NAMEISH.of(found, frozenset(found)) == [nameish_word(w) for w in found]
    assert NAMEISH.chosen(frozenset(found)) == {w for w in found if nameish_word(w)}


@given(st.lists(_WORDS, max_size=5))
def test_a_full_word_table_starts_again(articles: list[list[str]]) -> None:
    table = WordTable(str.istitle, limit=4)
    largest = 4  # an article with more words than the limit is remembered whole
    for found in articles:
        largest = max(largest, len(set(found)))
        assert table.of(found, frozenset(found)) == [w.istitle() for w in found]
        assert len(table.answers) <= largest


_CUE_TEXT = st.lists(st.sampled_from(
    ["backed", "by", "led", "investors", "include", "such", "as", "the", "die", "Investoren",
     "Banken", "wie", "beteiligt", "sind", "Alpha", "Beta", "Capital", ",", "und", "and", "von",
     "angeführt", "Firmen", "a"]), max_size=20).map(" ".join)


@given(_CUE_TEXT)
def test_a_list_cue_is_found_as_by_every_cue(text: str) -> None:
    finder = names.Collector(text, "en", sentences(text), 0, names.Context((), (), ()))
    cues = list_cues()
    for first in range(len(finder.words)):
        lowered = [w.lower() for w in finder.words[max(0, first - 4):first]]
        while lowered and lowered[-1] in ARTICLES:
            lowered.pop()
        plain = any(tuple(lowered[-size:]) in cues for size in range(1, len(lowered) + 1))
        assert finder.list_cue(first) == plain
