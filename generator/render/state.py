"""What the last write() kept of its pages (.briefing/pages.json), and which pages need a key.

For each page: the digest of its inputs (its key), the set of briefs that reached those
inputs (by position in the sorted slugs, a listing form's as -1 - position: see digest.py)
and the signature of the file written. For each brief: its digest, the digest of its
structure (pages.structure(): the brief without the text that reaches pages only through
the brief itself) and that of its listing form (model.ListedBrief, which the next render of
the same code takes for the brief as it was instead of digesting it again).

A page's inputs are made of the briefs' structure, the briefs that reach them and the
context (pages.context: site address, rates, what the knowledge base says of each name).
So when the code, the context and the set of
briefs are the same, and no changed brief changed its structure, a page that no changed brief
reaches has the inputs it had: it keeps its key without being digested; nor does a page
reached only by the listing forms of changed briefs whose listing form is as it was (a
change of article text or source: only the brief's own page and the JSON download are
digested). Otherwise every page is digested, as it would be without any of this.

A changed brief whose structure differs only in its actors' mentions changed what orders its
own actors and related names, and so possibly the related briefs of other briefs: those
pages.moved names (the related briefs' memo knows which differ from its last render, and is
saved after this bookkeeping, so that it never runs ahead of it). Such a change counts as a
change of text of the brief and of every brief in moved; without the memo, as a change of
structure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..fsutil import write_if_changed
from .digest import as_listed
from .pages import Pages

KEYS_FORMAT = 4
Entry = list[Any]  # [key, set number, *file signature]


@dataclass
class Kept:
    """The page bookkeeping of one write: read from the last one, written for the next."""

    code: str
    context: str = ""
    slugs: list[str] = field(default_factory=list)  # sorted; sets hold their positions
    # slug: [digest, structure, structure without mentions, listing form]
    briefs: dict[str, list[str]] = field(default_factory=dict)
    sets: list[tuple[int, ...]] = field(default_factory=list)
    pages: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None, code: str) -> Kept:
        """The last write's bookkeeping when it was made by this code, else an empty one."""
        empty = cls(code)
        if path is None:
            return empty
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return empty
        if not isinstance(data, dict) or data.get("format") != KEYS_FORMAT \
                or data.get("code") != code:
            return empty
        try:
            kept = cls(code, str(data["context"]), [str(s) for s in data["slugs"]],
                       {str(s): [str(d), str(t), str(b), bytes.fromhex(f).hex()]
                        for s, (d, t, b, f) in data["briefs"].items()},
                       [tuple(map(int, found)) for found in data["sets"]],
                       {str(rel): list(entry) for rel, entry in data["pages"].items()})
        except (KeyError, TypeError, ValueError, AttributeError):
            return empty
        if not all(len(entry) >= 2 and isinstance(entry[1], int)
                   and 0 <= entry[1] < len(kept.sets) for entry in kept.pages.values()):
            return empty
        return kept

    def listings(self) -> dict[str, tuple[str, str]]:
        """slug: (digest of the brief, digest of its listing form), as this write kept them."""
        return {slug: (kept[0], kept[3]) for slug, kept in self.briefs.items()}

    def changed(self, pages: Pages) -> tuple[set[str], set[str]] | None:
        """The slugs of the briefs that changed since this write, and of those whose listing
        form changed, when only their text (or mentions, with the briefs whose related
        briefs moved) changed and pages that none of them reaches may keep their keys; else
        None."""
        if not self.pages or self.context != pages.context or not pages.unique \
                or self.briefs.keys() != pages.briefs.keys():
            return None
        changed, listed = set(), set()
        for slug in pages.briefs:
            digest, structure, bare, form = self.briefs[slug]
            if digest != pages.brief_digest(slug):
                if structure != pages.structure(slug) and (
                        pages.moved is None or bare != pages.structure(slug, counts=False)):
                    return None
                changed.add(slug)
                if form != pages.listing_digest(slug):
                    listed.add(slug)
        # Related briefs show on the brief's own page only.
        return (changed | pages.moved if pages.moved is not None else changed), listed

    def trusted(self, changed: tuple[set[str], set[str]] | None) -> Mapping[str, Entry]:
        """The entries of the pages that no changed brief (nor listing form) reaches (see
        changed())."""
        if changed is None:
            return {}
        position = {slug: n for n, slug in enumerate(self.slugs)}
        hit = {position[slug] for slug in changed[0]} | {
            -1 - position[slug] for slug in changed[1]}
        clean = [hit.isdisjoint(found) for found in self.sets]
        return {rel: entry for rel, entry in self.pages.items() if clean[entry[1]]}


def save(path: Path, pages: Pages, last: Kept, entries: Mapping[str, Entry | tuple[
        str, frozenset[str], list[Any]]]) -> None:
    """Keep the bookkeeping of this write: entries are kept ones, or (key, slugs, signature)
    of pages digested this time."""
    slugs = sorted(pages.briefs)
    position = {slug: n for n, slug in enumerate(slugs)}
    position.update({as_listed(slug): -1 - n for n, slug in enumerate(slugs)})
    same_slugs = slugs == last.slugs
    numbers: dict[tuple[int, ...], int] = {}
    sets: list[tuple[int, ...]] = []

    def number(found: tuple[int, ...]) -> int:
        if found not in numbers:
            numbers[found] = len(sets)
            sets.append(found)
        return numbers[found]

    out: dict[str, Entry] = {}
    for rel, entry in entries.items():
        if isinstance(entry, tuple):
            key, reached, signature = entry
            found = tuple(sorted(position[s] for s in reached if s in position))
            out[rel] = [key, number(found), *signature]
        elif same_slugs:
            out[rel] = [entry[0], number(last.sets[entry[1]]), *entry[2:]]
    briefs = {}
    for slug in slugs:
        digest = pages.brief_digest(slug)
        was = last.briefs.get(slug)
        briefs[slug] = was if was is not None and was[0] == digest \
            else [digest, pages.structure(slug), pages.structure(slug, counts=False),
                  pages.listing_digest(slug)]
    data = {"format": KEYS_FORMAT, "code": pages.code, "context": pages.context,
            "slugs": slugs, "briefs": briefs, "sets": [list(s) for s in sets], "pages": out}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_if_changed(path, json.dumps(data, separators=(",", ":")) + "\n", durable=False)
