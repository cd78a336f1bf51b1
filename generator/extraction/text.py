"""Article text basics: sentences, language, headline, dateline date and lead summary."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple


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
_END = re.compile(r"[.!?…]+[\"”“»«’']?(?=\s+[\"„“»«(]?[A-ZÄÖÜ0-9])")
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


def language(text: str) -> str:
    """ISO 639-1 code, German or English, by common function words."""
    words = _WORD.findall(text[:4000].lower())
    german = len([w for w in words if w in _DE])
    english = len([w for w in words if w in _EN])
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
    """The headline (first line if it reads like one) and whether the text has one."""
    first = next((line.strip() for line in lines if line.strip()), "")
    cleaned = _DECORATION.sub("", first).strip()
    if cleaned and len(cleaned) <= 160 and not cleaned.endswith((".", ",", ";")):
        return cleaned, True
    words = cleaned.split()
    short = " ".join(words[:12])
    return (short + " …" if len(words) > 12 else short) or "Untitled article", False


def summary(items: list[Sentence], skip_until: int, limit: int = 320) -> str:
    """The lead sentences after the headline and dateline, up to about limit characters."""
    chosen: list[str] = []
    size = 0
    for sentence in items:
        if sentence.start < skip_until or len(sentence.text) < 25:
            continue
        if sentence.text.endswith(":") or sentence.text[-1:] not in ".!?\"”“»":
            continue
        chosen.append(sentence.text)
        size += len(sentence.text)
        if size >= limit // 2:
            break
    return " ".join(chosen)[: limit * 2]
