"""Related briefs of every brief, and their memo between runs (.briefing/related.json).

A brief's related briefs (display.related) come from the briefs near it in time that share
its actors, chips and policy instruments: seconds for every brief of a large archive. They
depend only on each brief's date, slug and names, on which entities are countries and on
the number of briefs. The memo keeps each brief's list (as slugs) with what it was worked
out from, and the digest of the brief that entry was taken from (a brief of the same digest
has the same entry, which is then not taken again); a run works out again only the briefs
whose names meet a name of a brief that changed (or that changed themselves), and every
brief when the number of briefs changed. The memo only answers what related_briefs() would
work out itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..display import related, salient
from ..models import Brief
from .memo import read_memo, write_memo
from .model import ENTITY_TYPES, Entity

RELATED = 5
RELATED_NAMES = 15  # of a brief's actors (most salient first), chips and policy, at most
RELATED_FILE = "related.json"
MEMO_FORMAT = 2

Name = tuple[str, str]  # (entity type, name)
Related = list[tuple[Brief, list[str]]]


def related_names(brief: Brief, entities: Mapping[str, Mapping[str, Entity]]) -> list[Name]:
    """The names related briefs are found by: the brief's actors (most salient first), chips
    and policy instruments that have an entity, at most RELATED_NAMES."""
    names = [("actors", a.name) for a in salient(brief.actors)]
    names += [("chips", c.name) for c in brief.chips]
    names += [("policy", p.name) for p in brief.policy]
    return [key for key in list(dict.fromkeys(names))[:RELATED_NAMES]
            if entities[key[0]].get(key[1]) is not None]


def related_briefs(brief: Brief, entities: Mapping[str, Mapping[str, Entity]],
                   rank: Mapping[int, int], total: int,
                   members: dict[Name, tuple[Brief, ...]]) -> Related:
    """The briefs that share the most actors, chips and policy instruments with brief
    (members: each entity's briefs, filled as they are needed)."""
    groups = []
    for type_, name in related_names(brief, entities):
        entity = entities[type_][name]
        if (type_, name) not in members:
            members[(type_, name)] = entity.briefs
        groups.append((name, members[(type_, name)], entity.kind == "country"))
    return related(brief, rank, groups, total, limit=RELATED)


def related_all(ordered: Sequence[Brief], entities: Mapping[str, Mapping[str, Entity]],
                memo: RelatedMemo | None = None,
                digest: Callable[[Brief], bytes] | None = None) -> list[Related]:
    """The related briefs of each brief of ordered (newest first), through the memo if any
    (digest: a brief's digest, which spares taking the entry of a brief the memo has)."""
    if memo is not None:
        return memo.all(ordered, entities, digest)
    rank = {id(brief): index for index, brief in enumerate(ordered)}
    members: dict[Name, tuple[Brief, ...]] = {}
    return [related_briefs(brief, entities, rank, len(ordered), members) for brief in ordered]


def _entry(brief: Brief) -> list[Any]:
    """What the related briefs of a brief and of the briefs sharing its names depend on
    (besides the number of briefs and which entities are countries): its date (its rank,
    with its slug), and every name it mentions (the entities' briefs) with what orders them
    in related_names (kind and mentions)."""
    return [brief.date.isoformat() if brief.date else None,
            [[t, item.name, getattr(item, "kind", None), getattr(item, "mentions", None)]
             for t in ENTITY_TYPES for item in getattr(brief, t)]]


class RelatedMemo:
    """The related briefs of the last run, by slug, with the entries they came from."""

    def __init__(self, state: Path, code: str) -> None:
        self.path = state / RELATED_FILE
        self.code = code
        self.total = -1
        self.countries: list[list[str]] = []
        # {slug: [digest, entry, [[slug, names], ...]]}: as JSON has them, so loading builds
        # nothing.
        self.briefs: dict[str, list[Any]] = {}
        self.worked_out = 0  # briefs whose related briefs this run worked out again
        # The briefs whose related briefs differ from the memo's (None: not known).
        self.moved: frozenset[str] | None = None
        self._changed = False
        data = read_memo(self.path)
        if isinstance(data, dict) and data.get("format") == MEMO_FORMAT \
                and data.get("code") == code and isinstance(data.get("total"), int) \
                and isinstance(data.get("countries"), list) \
                and all(isinstance(c, list) and len(c) == 2 for c in data["countries"]) \
                and isinstance(data.get("briefs"), dict):
            self.total, self.countries, self.briefs = \
                data["total"], data["countries"], data["briefs"]

    def all(self, ordered: Sequence[Brief], entities: Mapping[str, Mapping[str, Entity]],
            digest: Callable[[Brief], bytes] | None = None) -> list[Related]:
        """The related briefs of each brief of ordered (newest first, as render() orders
        them), worked out again only where they may differ from the memo's."""
        by_slug = {brief.slug: brief for brief in ordered}
        countries = sorted([t, name] for t in ENTITY_TYPES
                           for name, entity in entities[t].items() if entity.kind == "country")
        # Another number of briefs weighs every name anew; two briefs of one slug cannot be
        # told apart by it; a memo entry of another shape is not to be trusted.
        if not all(_valid(kept) for kept in self.briefs.values()):
            self.briefs = {}
        marks = {brief.slug: digest(brief).hex() if digest is not None else ""
                 for brief in ordered}
        entries = {}
        for brief in ordered:
            kept = self.briefs.get(brief.slug)
            same = kept is not None and marks[brief.slug] and kept[0] == marks[brief.slug]
            entries[brief.slug] = kept[1] if same and kept is not None else _entry(brief)
        again = len(ordered) != self.total or len(by_slug) != len(ordered) or not self.briefs
        touched = {(t, name) for t, name in countries} ^ {
            (t, name) for t, name in self.countries} if not again else set()
        changed = set(self.briefs) ^ set(entries)
        for slug, entry in entries.items():
            kept = self.briefs.get(slug)
            if kept is not None and kept[1] != entry:
                changed.add(slug)
        for slug in changed if not again else ():
            touched.update(_moved_names(entries.get(slug), self.briefs.get(slug, [None, None])[1]))
        rank = {id(brief): index for index, brief in enumerate(ordered)}
        members: dict[Name, tuple[Brief, ...]] = {}
        out: list[Related] = []
        fresh: dict[str, list[Any]] = {}
        moved: set[str] = set()
        for brief in ordered:
            entry, kept = entries[brief.slug], self.briefs.get(brief.slug)
            # Every name of the brief is looked at, a few more than related_names(): a
            # brief worked out again needlessly costs only time.
            mark = marks[brief.slug]
            if again or kept is None or brief.slug in changed \
                    or (touched and any((t, name) in touched for t, name, *_order in entry[1])) \
                    or any(slug not in by_slug for slug, _names in kept[2]):
                found = related_briefs(brief, entities, rank, len(ordered), members)
                self.worked_out += 1
                fresh[brief.slug] = [mark, entry,
                                     [[other.slug, names] for other, names in found]]
                if kept is None or kept[2] != fresh[brief.slug][2]:
                    moved.add(brief.slug)
            else:
                found = [(by_slug[slug], names) for slug, names in kept[2]]
                fresh[brief.slug] = kept if kept[0] == mark else [mark, *kept[1:]]
            out.append(found)
        self.moved = frozenset(moved)
        if len(by_slug) != len(ordered):
            fresh, countries, self.moved = {}, [], None
        if fresh != self.briefs or countries != self.countries or self.total != len(ordered):
            self.briefs, self.countries, self.total = fresh, countries, len(ordered)
            self._changed = True
        return out

    def save(self) -> None:
        """Keep the memo for the next run, when it changed."""
        if not self._changed:
            return
        data = {"format": MEMO_FORMAT, "code": self.code, "total": self.total,
                "countries": self.countries, "briefs": dict(sorted(self.briefs.items()))}
        write_memo(self.path, data)
        self._changed = False


def _moved_names(new: list[Any] | None, old: list[Any] | None) -> set[Name]:
    """The names whose briefs differ between two entries of one brief: those it gained or
    lost, or all of them when its date (its rank) changed. Its mentions and kinds order
    only its own related names (the brief is worked out again anyway)."""
    names = [{(t, name) for t, name, *_order in entry[1]} if entry is not None else set()
             for entry in (new, old)]
    if new is None or old is None or new[0] != old[0]:
        return names[0] | names[1]
    return names[0] ^ names[1]


def _valid(kept: Any) -> bool:
    """Whether a memo entry has the shape [digest, [date, [[type, name, kind, mentions],
    ...]], [[slug, names], ...]]."""
    return (isinstance(kept, list) and len(kept) == 3 and isinstance(kept[0], str)
            and isinstance(kept[1], list) and len(kept[1]) == 2 and isinstance(kept[1][1], list)
            and all(isinstance(name, list) and len(name) == 4 for name in kept[1][1])
            and isinstance(kept[2], list)
            and all(isinstance(found, list) and len(found) == 2 and isinstance(found[0], str)
                    and isinstance(found[1], list) for found in kept[2]))
