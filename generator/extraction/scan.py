"""Running a regular expression only where it can match, with the results of a full scan.

Most rule patterns match rarely but cost a scan of the whole text. A rule instead lists the
positions where a match can start (near a keyword found by an Aho-Corasick pass, or after a
cheap search for a literal) and tries the pattern there only. As long as those positions
include every start of a real match, the matches are exactly those of ``finditer``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

import ahocorasick_rs


def finditer_at(pattern: re.Pattern[str], text: str,
                starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """pattern.finditer(text) for a pattern that never matches empty, given its starts in order."""
    # finditer tries every position from the end of the last match on; only the given
    # ones can succeed, and at each the pattern matches as it would there.
    pos = 0
    for start in starts:
        if start < pos:
            continue
        match = pattern.match(text, start)
        if match is not None:
            yield match
            pos = match.end()


def lower(text: str) -> str:
    """text in lower case with every character at its offset in text."""
    return _lowered(text)[1]


def lowercase(text: str) -> str:
    """text.lower(), computed once for the few texts asked about last."""
    return _lowered(text)[0]


@lru_cache(maxsize=4)
def _lowered(text: str) -> tuple[str, str]:
    # Several stages lower the article they extract from: it is lowered once.
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered, lowered
    # Some characters lower to two ("İ"); aligned, they are kept as they are.
    return lowered, "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


Hit = tuple[int, int, int]  # start, end and flags of a keyword found in a text


class Vocabulary:
    """Groups of keywords, each word with flags (an int), found in one Aho-Corasick pass."""

    # One pass costs about as much as its largest group alone, so stages that look for
    # keywords in the same text share one.

    def __init__(self, groups: Mapping[str, Iterable[tuple[str, int]]]) -> None:
        self.groups = tuple(groups)
        flags: dict[str, dict[int, int]] = {}
        for number, name in enumerate(self.groups):
            for word, flag in groups[name]:
                if word:
                    slot = flags.setdefault(word, {})
                    slot[number] = slot.get(number, 0) | flag
        # Most words are in one group: (group, flags), else (-1, slots).
        self._payloads = [next(iter(slot.items())) if len(slot) == 1
                          else (-1, tuple(slot.items())) for slot in flags.values()]
        self._automaton: Any = ahocorasick_rs.AhoCorasick(
            list(flags), matchkind=ahocorasick_rs.MatchKind.Standard) if flags else None

    def find(self, text: str) -> dict[str, list[Hit]]:
        """Every keyword occurrence in text, overlapping ones too, by group."""
        found: list[list[Hit]] = [[] for _ in self.groups]
        if self._automaton is not None:
            payloads = self._payloads
            for word, start, end in self._automaton.find_matches_as_indexes(
                    text, overlapping=True):
                number, flags = payloads[word]
                if number >= 0:
                    found[number].append((start, end, flags))
                else:
                    for group, flag in flags:
                        found[group].append((start, end, flag))
        return dict(zip(self.groups, found, strict=True))


def run_start(reversed_text: str, end: int, run: re.Pattern[str], floor: int = 0) -> int:
    """Start of the longest stretch before end whose reverse matches run (e.g. "[\\w\\s]*"),
    looking back no further than floor.

    A caller that asks again for a later end passes the end it asked for last as floor: the
    starts before it were found then, and every run is looked at once (time linear in the text).
    """
    at = len(reversed_text) - end
    match = run.match(reversed_text, at, len(reversed_text) - floor)
    return end - (match.end() - at) if match else end
