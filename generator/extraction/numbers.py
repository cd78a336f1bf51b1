"""Numbers in German and English news text: digits with any grouping, and spelled-out numbers.

"1.500" is 1500 in German and 1.5 in English; "76.000" and "1,000" are thousands in either
(nobody writes three zeros after a decimal mark); "1 250 000", "1'250'000" and "12,50,000"
(Indian) are grouped. Spelled-out numbers are read from their parts ("fünfundzwanzig",
"two hundred and fifty"); the words are data (generator/data/money.yaml, number_words).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, lru_cache

from .moneydata import money

__all__ = ["Reject", "number_word_atoms", "parse_digits", "parse_words"]


class Reject(ValueError):
    """Text that only looks like a number: a date ("20.08.2024"), a malformed grouping."""


_WELL_FORMED = re.compile(
    r"\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?"  # Indian grouping: 1,00,000 and 12,34,567.89
    r"|\d{1,3}(?:([.,'’\u00a0\u202f ])\d{3}(?:\1\d{3})*)?(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?"
)
_GROUPING = re.compile(r"[\u00a0\u202f'’ ]")


@lru_cache(maxsize=4096)
def parse_digits(s: str, hint: str) -> Decimal:
    """Digits with separators to a Decimal; hint ("de"/"en") settles "1.500" and "1,500"."""
    if s.isdigit():
        return Decimal(s)
    if not _WELL_FORMED.fullmatch(s):
        raise Reject(s)
    s = _GROUPING.sub("", s)
    last_dot, last_comma = s.rfind("."), s.rfind(",")
    dec: str | None
    if last_dot >= 0 and last_comma >= 0:
        dec = "." if last_dot > last_comma else ","
    elif last_dot >= 0 or last_comma >= 0:
        sep = "." if last_dot >= 0 else ","
        parts = s.split(sep)
        if len(parts) > 2:
            dec = None
        elif len(parts[1]) != 3 or parts[0] == "0":
            dec = sep
        elif parts[1] == "000":
            dec = None  # "76.000 Crore", "$1,000": three zeros are never decimals
        else:
            # "1.500" / "1,500": a thousands separator unless the language reads it as decimal
            dec = sep if (sep == ",") == (hint == "de") else None
    else:
        dec = None
    if dec is None:
        return Decimal(s.replace(".", "").replace(",", ""))
    head, _, tail = s.rpartition(dec)
    return Decimal(head.replace(".", "").replace(",", "") + "." + tail)


# ---------------------------------------------------------------------------------------------
# Spelled-out numbers


@cache
def _lexicon() -> dict[str, tuple[str, Decimal]]:
    """Every part of a spelled-out number in both languages: part -> (kind, value)."""
    parts: dict[str, tuple[str, Decimal]] = {"a": ("a", Decimal(1))}
    for language in ("de", "en"):
        words = money()["number_words"][language]
        for word, value in words["values"].items():
            parts[word.lower()] = ("unit", Decimal(str(value)))
        for word in words.get("hundred", []):
            parts[word.lower()] = ("hundred", Decimal(100))
        for word in words.get("thousand", []):
            parts[word.lower()] = ("thousand", Decimal(1000))
        for word in words.get("one_and_half", []):
            parts[word.lower()] = ("unit", Decimal("1.5"))
        if words.get("joiner"):
            parts[words["joiner"].lower()] = ("and", Decimal(0))
        if words.get("half"):
            parts[words["half"].lower()] = ("half", Decimal("0.5"))
    return parts


def number_word_atoms() -> list[str]:
    """The parts spelled-out numbers are made of, longest first."""
    return sorted((w for w in _lexicon() if w != "a"), key=lambda w: (-len(w), w))


@cache
def _splitter() -> re.Pattern[str]:
    atoms = "|".join(re.escape(a) for a in [*number_word_atoms(), "a"])
    return re.compile(rf"(?:{atoms})|[\s\u00ad-]+")


def parse_words(text: str) -> Decimal:
    """The value of a spelled-out number ("achtundsiebzig", "two hundred and fifty")."""
    parts = _lexicon()
    s = text.lower()
    pos, tokens = 0, []
    rx = _splitter()
    while pos < len(s):
        m = rx.match(s, pos)
        if m is None:
            raise Reject(text)
        if m.group().strip(" -\u00ad\n\t"):
            tokens.append(parts[m.group()])
        pos = m.end()
    if not tokens or (tokens == [("unit", Decimal(1))] and s.strip() == "ein"):
        raise Reject(text)  # "ein" alone is an article
    total = current = Decimal(0)
    last = "start"  # kind of the previous part
    for i, (kind, value) in enumerate(tokens):
        if kind == "a":
            # "a hundred", "a thousand"
            if i or len(tokens) < 2 or tokens[1][0] not in ("hundred", "thousand"):
                raise Reject(text)
            current = Decimal(0)
        elif kind == "unit":
            small = current % 100
            if last == "unit" and not (small >= 20 and small % 10 == 0 and value < 10):
                raise Reject(text)  # "zwei drei"; "twenty five" is fine
            if last == "and" and small and not (small < 10 and value >= 20 and value % 10 == 0) \
                    and current < 100:
                raise Reject(text)  # "two and three"; "fünfundzwanzig" is fine
            current += value
        elif kind == "hundred":
            if current >= 100 or last == "and":
                raise Reject(text)
            current = (current or Decimal(1)) * 100
        elif kind == "thousand":
            if total or last == "and":
                raise Reject(text)
            total, current = (current or Decimal(1)) * 1000, Decimal(0)
        elif kind == "half":
            if last != "unit":
                raise Reject(text)
            current += value
        elif last not in ("unit", "hundred", "thousand"):  # "and"
            raise Reject(text)
        last = kind
    if last in ("and", "a"):
        raise Reject(text)
    return total + current
