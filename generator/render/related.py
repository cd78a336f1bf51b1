"""Related briefs of every brief, and their memo between runs (.briefing/related.json).

A brief's related briefs (display.related) come from the briefs near it in time that share
its actors, chips and policy instruments: seconds for every brief of a large archive. They
depend only on each brief's date, slug and names, on which entities are countries and on
the number of briefs. The memo keeps each brief's list (as slugs) with what it was worked
out from; a run works out again only the briefs whose names meet a name of a brief that
changed (or that changed themselves), and every brief when the number of briefs changed.
The memo only answers what related_briefs() would work out itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..display import related, salient
from ..fsutil import write_if_changed
from ..models import Brief
from .model import ENTITY_TYPES, Entity

RELATED = 5
RELATED_NAMES = 15  # of a brief's actors (most salient first), chips and policy, at most
RELATED_FILE = "related.json"
MEMO_FORMAT = 1

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
                memo: RelatedMemo | None = None) -> list[Related]:
    """The related briefs of each brief of ordered (newest first), through the memo if any."""
    if memo is not None:
        return memo.all(ordered, entities)
    rank = {id(brief): index for index, brief in enumerate(ordered)}
    members: dict[Name, tuple[Brief, ...]] = {}
    return [related_briefs(brief, entities, rank, len(ordered), members) for brief in ordered]


def _entry(brief: Brief, entities: Mapping[str, Mapping[str, Entity]]) -> list[Any]:
    """What a brief's own related briefs and those of briefs sharing its names depend on
    (besides the number of briefs and which entities are countries): its date (its rank,
    with the slug), every name it mentions (the entities' briefs) and the names it is
    related by."""
    every = sorted({(t, item.name) for t in ENTITY_TYPES for item in getattr(brief, t)})
    return [brief.date.isoformat() if brief.date else None,
            [list(key) for key in every], [list(key) for key in related_names(brief, entities)]]


class RelatedMemo:
    """The related briefs of the last run, by slug, with the entries they came from."""

    def __init__(self, state: Path, code: str) -> None:
        self.path = state / RELATED_FILE
        self.code = code
        self.total = -1
        self.countries: set[Name] = set()
        self.briefs: dict[str, tuple[Any, list[tuple[str, list[str]]]]] = {}
        self.worked_out = 0  # briefs whose related briefs this run worked out again
        self._changed = False
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return
        try:
            if data["format"] != MEMO_FORMAT or data["code"] != code:
                return
            total, countries = int(data["total"]), {(t, n) for t, n in data["countries"]}
            briefs = {str(slug): (entry, [(str(s), [str(n) for n in names])
                                          for s, names in found])
                      for slug, (entry, found) in data["briefs"].items()}
        except (KeyError, TypeError, ValueError):
            return
        self.total, self.countries, self.briefs = total, countries, briefs

    def all(self, ordered: Sequence[Brief], entities: Mapping[str, Mapping[str, Entity]]
            ) -> list[Related]:
        """The related briefs of each brief of ordered (newest first, as render() orders
        them), worked out again only where they may differ from the memo's."""
        entries = {brief.slug: _entry(brief, entities) for brief in ordered}
        countries = {(t, name) for t in ENTITY_TYPES for name, entity in entities[t].items()
                     if entity.kind == "country"}
        touched: set[Name] = set(countries ^ self.countries)
        changed = set(self.briefs) ^ set(entries)
        for slug, entry in entries.items():
            kept = self.briefs.get(slug)
            if kept is not None and kept[0] != entry:
                changed.add(slug)
        for slug in changed:
            for found in (entries.get(slug), self.briefs.get(slug, (None,))[0]):
                if found is not None:
                    touched.update((t, n) for t, n in found[1])
        by_slug = {brief.slug: brief for brief in ordered}
        # Another number of briefs weighs every name anew; two briefs of one slug cannot be
        # told apart by it.
        again = len(ordered) != self.total or len(by_slug) != len(ordered)
        rank = {id(brief): index for index, brief in enumerate(ordered)}
        members: dict[Name, tuple[Brief, ...]] = {}
        out: list[Related] = []
        for brief in ordered:
            entry = entries[brief.slug]
            kept = self.briefs.get(brief.slug)
            if again or kept is None or brief.slug in changed \
                    or any((t, n) in touched for t, n in entry[2]) \
                    or any(slug not in by_slug for slug, _names in kept[1]):
                found = related_briefs(brief, entities, rank, len(ordered), members)
                self.worked_out += 1
            else:
                found = [(by_slug[slug], names) for slug, names in kept[1]]
            out.append(found)
        fresh = {brief.slug: (entries[brief.slug], [(other.slug, names) for other, names in
                                                     found])
                 for brief, found in zip(ordered, out, strict=True)}
        if len(by_slug) != len(ordered):
            fresh, countries = {}, set()
        if fresh != self.briefs or countries != self.countries or self.total != len(ordered):
            self.briefs, self.countries, self.total = fresh, countries, len(ordered)
            self._changed = True
        return out

    def save(self) -> None:
        """Keep the memo for the next run, when it changed."""
        if not self._changed:
            return
        data = {"format": MEMO_FORMAT, "code": self.code, "total": self.total,
                "countries": sorted(self.countries),
                "briefs": {slug: [entry, [[s, names] for s, names in found]]
                           for slug, (entry, found) in sorted(self.briefs.items())}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                         + "\n", durable=False)
        self._changed = False
