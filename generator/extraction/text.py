"""Article text basics: sentences, language, headline, dateline date and lead summary."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from .scan import lowercase


class Sentence(NamedTuple):
    """A sentence and where it starts in the article text."""

    start: int
    end: int
    text: str


ABBREVIATIONS = {
    "mrd", "mio", "bzw", "dr", "prof", "nr", "inc", "corp", "co", "ltd", "st", "mr", "mrs",
    "ms", "vs", "etc", "ca", "z", "b", "u", "a", "s", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "okt", "nov", "dec", "dez", "no", "bn", "tsd", "gen", "sen",
    "rep", "gov", "jr", "sr", "dt", "abs", "vgl", "ggf", "usw", "evtl", "inkl", "zzgl", "d",
}
# "[x][x]*", not "[x]+": re skips quickly to where a pattern can start only when the pattern
# opens with a set of characters, and a repeat hides that set (same matches).
_END = re.compile(r"[.!?…][.!?…]*[\"”“»«’']?(?=\s+[\"„“»«(]?[A-ZÄÖÜ0-9])")
_LAST_WORD = re.compile(r"([\w.]+)[.!?…]*[\"”“»«’']?$")


def sentences(text: str) -> list[Sentence]:
    """Sentences of text: lines are split at terminal punctuation, sparing abbreviations."""
    out: list[Sentence] = []
    offset = 0
    for line in text.split("\n"):
        if not line:
            offset += 1
            continue
        begin = 0
        for match in _END.finditer(line):
            stop = match.end()
            # The word holds no space: searching from the last one finds the same word.
            word = _LAST_WORD.search(line, max(begin, line.rfind(" ", begin, stop) + 1), stop)
            token = word.group(1).rstrip(".").lower() if word else ""
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()) or (
                "." in token and len(token) <= 6
            ):
                continue
            if token.isdigit() and line[stop:stop + 2].strip()[:1].islower():
                continue
            _add(out, line, begin, stop, offset)
            begin = stop
        _add(out, line, begin, len(line), offset)
        offset += len(line) + 1
    return out


def _add(out: list[Sentence], line: str, begin: int, stop: int, offset: int) -> None:
    chunk = line[begin:stop]
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    if chunk:
        start = offset + begin + lead
        out.append(Sentence(start, start + len(chunk), chunk))


class SentenceIndex:
    """Finds the sentence holding a character offset."""

    def __init__(self, items: list[Sentence]) -> None:
        self.items = items
        self.starts = [s.start for s in items]

    def at(self, offset: int) -> Sentence | None:
        index = bisect_right(self.starts, offset) - 1
        if index < 0:
            return None
        return self.items[index]


_DE = {"der", "die", "das", "und", "ist", "nicht", "mit", "für", "den", "dem", "ein", "eine",
       "auf", "sich", "von", "zu", "im", "hat", "wird", "auch", "bei", "nach", "sind", "wie"}
_EN = {"the", "and", "is", "not", "with", "for", "of", "to", "in", "a", "an", "on", "has",
       "will", "also", "by", "after", "are", "as", "was", "that", "its", "which", "from"}
_WORD = re.compile(r"[a-zäöüß]+")
LANGUAGE_SPAN = 4000  # the characters that tell the language


def opening_words(text: str) -> list[str]:
    """The words of text[:LANGUAGE_SPAN] in lower case (letters a-z, umlauts and ß)."""
    lowered = lowercase(text)  # the whole article is lowered for the later stages anyway
    if len(lowered) == len(text):
        # Then each character is lowered on its own (but a final sigma, which is no letter
        # here), so the lowered opening is the opening of the lowered text.
        return _WORD.findall(lowered, 0, LANGUAGE_SPAN)
    return _WORD.findall(lowercase(text[:LANGUAGE_SPAN]))


def language(text: str) -> str:
    """ISO 639-1 code, German or English, by common function words."""
    words = opening_words(text)
    german = sum(map(_DE.__contains__, words))
    english = sum(map(_EN.__contains__, words))
    return "de" if german > english else "en"


MONTHS = {
    "januar": 1, "jänner": 1, "january": 1, "jan": 1, "februar": 2, "february": 2, "feb": 2,
    "märz": 3, "maerz": 3, "march": 3, "mar": 3, "mär": 3, "april": 4, "apr": 4, "mai": 5,
    "may": 5, "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "august": 8,
    "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10,
    "oct": 10, "november": 11, "nov": 11, "dezember": 12, "december": 12, "dez": 12, "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATES = [
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), ("d", "m", "y")),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
    (re.compile(rf"\b(\d{{1,2}})\.?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I), ("d", "M", "y")),
    (re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I),
     ("M", "d", "y")),
]


@lru_cache(maxsize=1024)
def _date_in(line: str) -> dt.date | None:
    best: tuple[int, dt.date] | None = None
    for pattern, order in _DATES:
        for match in pattern.finditer(line):
            parts = dict(zip(order, match.groups(), strict=True))
            month = MONTHS[parts["M"].lower()] if "M" in parts else int(parts["m"])
            try:
                found = dt.date(int(parts["y"]), month, int(parts["d"]))
            except ValueError:
                continue
            if 1990 <= found.year <= 2100 and (best is None or match.start() < best[0]):
                best = (match.start(), found)
    return best[1] if best else None


def publication_date(lines: list[str]) -> dt.date | None:
    """The date of a dateline, byline or 'Stand:' line among the first lines, if any."""
    for line in lines[1:6]:
        stripped = line.strip()
        if not stripped or len(stripped) > 120:
            continue
        found = _date_in(stripped)
        if found:
            return found
    return None


_DECORATION = re.compile(r"^[+*#=\s]+|[+*#=\s]+$")


def headline(lines: list[str]) -> tuple[str, bool]:
    """The headline (first line if it reads like one) and whether the text has one; a
    text that starts with its lead gets a title made from its content (content_title)."""
    first = next((line.strip() for line in lines if line.strip()), "")
    cleaned = _DECORATION.sub("", first).strip()
    if cleaned and len(cleaned) <= 160 and not cleaned.endswith((".", ",", ";")):
        return cleaned, True
    return content_title(lines) or "Untitled article", False


TITLE_LIMIT = 90
TITLE_WORDS = 4
# A clause that starts with one of these is subordinate: the main clause follows its comma.
_SUBORDINATE = frozenset({
    "als", "wenn", "nachdem", "obwohl", "weil", "da", "während", "bevor", "seit", "seitdem",
    "sobald", "falls", "indem", "after", "although", "when", "while", "as", "if", "because",
    "since", "before", "though", "once", "whereas", "despite", "trotz",
})
# A title may end before one of these words: a phrase starts there.
_PHRASE_STARTS = frozenset({
    "und", "oder", "aber", "sowie", "um", "mit", "für", "auf", "bei", "nach", "von", "vom",
    "zu", "zum", "zur", "über", "unter", "durch", "gegen", "ohne", "dass", "damit", "in",
    "im", "and", "or", "but", "to", "with", "for", "on", "at", "by", "after", "from",
    "over", "under", "through", "against", "without", "that", "which", "who", "while",
    "as", "amid", "despite",
})
_BOUNDARY = re.compile(r"\s*(?:[,;:()\[\]]|\s[–—-](?=\s))\s*")
_CLOSING = ".!?…\"”“»«'’ "


def _words(text: str) -> int:
    return len(text.split())


def _shortened(clause: str) -> tuple[str, bool]:
    """The clause cut to TITLE_LIMIT characters before a word that starts a phrase, and
    whether that was possible (else it is cut at a word, with an ellipsis)."""
    if len(clause) <= TITLE_LIMIT:
        return clause, True
    words = clause.split()
    best = None
    for i in range(TITLE_WORDS, len(words)):
        head = " ".join(words[:i])
        if len(head) > TITLE_LIMIT:
            break
        if words[i].lower() in _PHRASE_STARTS:
            best = head
    if best:
        return best.rstrip(_CLOSING + ",;:–—-"), True
    head = clause[:TITLE_LIMIT].rsplit(" ", 1)[0]
    return head.rstrip(_CLOSING + ",;:–—-") + " …", False


def main_clause(sentence: str) -> tuple[str, bool]:
    """The main clause of a lead sentence, shortened at a phrase boundary, and whether it
    needed no ellipsis: 'OpenAI intensiviert seine Bemühungen, die ...' -> 'OpenAI
    intensiviert seine Bemühungen'."""
    text = " ".join(sentence.split()).rstrip(_CLOSING)
    cuts = [m for m in _BOUNDARY.finditer(text)]
    start = 0
    first = text.split(" ", 1)[0].lower().strip(",")
    if first in _SUBORDINATE and cuts and text[cuts[0].start():cuts[0].end()].strip() == ",":
        start, cuts = cuts[0].end(), cuts[1:]
    for cut in cuts:
        if _words(text[start:cut.start()]) >= TITLE_WORDS:
            return _shortened(text[start:cut.start()].strip())
    return _shortened(text[start:].strip())


def _subheading(lines: list[str]) -> str | None:
    """A short line between two paragraphs that reads as a heading, if the text has one."""
    prose = [i for i, line in enumerate(lines) if len(line.strip()) > 100]
    for i, line in enumerate(lines):
        text = line.strip()
        if not (3 <= _words(text) <= 14 and len(text) <= 100) or text[-1:] in ".!?:;,":
            continue
        if not text[:1].isupper() or not prose or i < prose[0] or i > prose[-1]:
            continue
        return text
    return None


def content_title(lines: list[str]) -> str:
    """A title for a text without a headline line: the lead's main clause, shortened at a
    phrase boundary; else a subheading that reads as a headline; else the lead's start."""
    lead = next((line.strip() for line in lines if line.strip()), "")
    found = sentences(lead)
    if not found:
        return ""
    clause, whole = main_clause(found[0].text)
    if whole and _words(clause) >= TITLE_WORDS:
        return clause
    return _subheading(lines) or clause


SUMMARY_LIMIT = 480
SUMMARY_SENTENCES = 3
LEAD_BONUS = {0: 2.0, 1: 1.0, 2: 0.5}  # news puts what matters first
_BULLET = re.compile(r"^[-–—•*]\s+")


def summary(items: list[Sentence], skip_until: int,
            facts: Iterable[tuple[int, str, float]] = (), title: str = "") -> str:
    """The two or three sentences that carry the most facts, in the article's order.

    facts holds (offset, key, weight) of each fact mention: a sentence scores the weights
    of the distinct facts in it, the first sentences of the text more (LEAD_BONUS: a
    lead sums up), and one the title was made from (or repeats) is left out: the summary says
    more than the title. Sentences before skip_until (headline, dateline), shorter than
    25 characters, or without closing punctuation are no candidates.
    """
    candidates: list[Sentence] = []
    seen: set[str] = set()
    title_key = " ".join(title.lower().split()).rstrip(" …")
    for sentence in items:
        text = sentence.text
        if sentence.start < skip_until or len(text) < 25 or text in seen:
            continue
        if text.endswith(":") or text[-1:] not in ".!?\"”“»":
            continue
        seen.add(text)
        # A cheap test first: the first letters as they would compare folded.
        if title_key and text.lstrip()[:1].lower()[:1] == title_key[:1] \
                and " ".join(text.lower().split()).startswith(title_key):
            continue
        candidates.append(sentence)
    if not candidates:
        return ""
    ordered = sorted(facts)
    offsets = [offset for offset, _key, _weight in ordered]
    scores = []
    for position, sentence in enumerate(candidates):
        inside = ordered[bisect_left(offsets, sentence.start):
                         bisect_left(offsets, sentence.end)]
        weights = {key: weight for _offset, key, weight in inside}
        scores.append(sum(weights.values()) + LEAD_BONUS.get(position, 0.0))
    best = sorted(range(len(candidates)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    size = 0
    for i in best:
        length = len(candidates[i].text)
        if chosen and (len(chosen) >= SUMMARY_SENTENCES or size + length > SUMMARY_LIMIT):
            if len(chosen) >= 2:
                break
            continue
        chosen.append(i)
        size += length
    return " ".join(_BULLET.sub("", candidates[i].text) for i in sorted(chosen))
