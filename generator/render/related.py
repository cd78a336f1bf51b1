"""Related briefs of every brief, and their memo between runs (.briefing/related.tsv).

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

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..display import related, salient
from ..fsutil import write_if_changed
from ..models import Brief
from .model import ENTITY_TYPES, Entity

RELATED = 5
RELATED_NAMES = 15  # of a brief's actors (most salient first), chips and policy, at most
RELATED_FILE = "related.tsv"
_FORMER_FILE = "related.json"  # format 2, one JSON document: removed when the memo is saved
MEMO_FORMAT = 3

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
                digest: Callable[[Brief], bytes] | None = None) -> Sequence[Related]:
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


class Lists(Sequence[Related]):
    """The related briefs of each brief of a run, in its order: those worked out this run,
    and the memo's others, each read from its line only when a page asks for it."""

    def __init__(self, found: list[Related | None], lines: list[str | None],
                 by_slug: Mapping[str, Brief], again: Callable[[int], Related]) -> None:
        self._found, self._lines, self._by_slug, self._again = found, lines, by_slug, again

    def __getitem__(self, index: int) -> Related:  # type: ignore[override]
        found = self._found[index]
        if found is None:
            kept = _related(self._lines[index] or "")
            # A line that does not read as it was written is worked out again.
            found = [(self._by_slug[slug], names) for slug, names in kept] \
                if kept is not None and all(slug in self._by_slug for slug, _n in kept) \
                else self._again(index)
            self._found[index] = found
        return found

    def __len__(self) -> int:
        return len(self._found)


class RelatedMemo:
    """The related briefs of the last run, by slug, with the entries they came from.

    The file holds a header line (format, code, number of briefs, countries) and a line per
    brief: its digest, slug, entry and related briefs, tab-separated, each JSON but the
    digest (JSON never writes a tab). A run reads a brief's entry only when its digest
    changed, and its related briefs only when its page needs them.
    """

    def __init__(self, state: Path, code: str) -> None:
        self.path = state / RELATED_FILE
        self.code = code
        self.total = -1
        self.countries: list[list[str]] = []
        self.lines: dict[str, tuple[str, str]] = {}  # slug: (digest, "entry\trelated")
        self.worked_out = 0  # briefs whose related briefs this run worked out again
        # The briefs whose related briefs differ from the memo's (None: not known).
        self.moved: frozenset[str] | None = None
        self._changed = False
        try:
            text = self.path.read_text("utf-8")
        except (OSError, ValueError):
            return
        head, _newline, rest = text.partition("\n")
        try:
            data = json.loads(head)
        except ValueError:
            return
        if isinstance(data, dict) and data.get("format") == MEMO_FORMAT \
                and data.get("code") == code and isinstance(data.get("total"), int) \
                and isinstance(data.get("countries"), list) \
                and all(isinstance(c, list) and len(c) == 2 for c in data["countries"]):
            self.total, self.countries = data["total"], data["countries"]
            self.lines = dict(_lines(rest))

    def all(self, ordered: Sequence[Brief], entities: Mapping[str, Mapping[str, Entity]],
            digest: Callable[[Brief], bytes] | None = None) -> Lists:
        """The related briefs of each brief of ordered (newest first, as render() orders
        them), worked out again only where they may differ from the memo's."""
        by_slug = {brief.slug: brief for brief in ordered}
        countries = sorted([t, name] for t in ENTITY_TYPES
                           for name, entity in entities[t].items() if entity.kind == "country")
        marks = {brief.slug: digest(brief).hex() if digest is not None else ""
                 for brief in ordered}
        # Another number of briefs weighs every name anew; two briefs of one slug cannot be
        # told apart by it.
        again = len(ordered) != self.total or len(by_slug) != len(ordered) or not self.lines
        touched = set() if again else \
            {(t, name) for t, name in countries} ^ {(t, name) for t, name in self.countries}
        entries: dict[str, list[Any]] = {}  # of the briefs whose digest changed
        olds: dict[str, Any] = {}  # their memo entries, as kept
        changed = set(self.lines) - set(by_slug)
        for brief in ordered:
            kept = self.lines.get(brief.slug)
            if kept is not None and marks[brief.slug] and kept[0] == marks[brief.slug]:
                continue
            entries[brief.slug] = _entry(brief)
            olds[brief.slug] = _kept_entry(kept) if kept is not None else None
            if kept is None or olds[brief.slug] != entries[brief.slug]:
                changed.add(brief.slug)
        for slug in changed if not again else ():
            kept = self.lines.get(slug)
            old = olds[slug] if slug in olds else \
                (_kept_entry(kept) if kept is not None else None)
            touched.update(_moved_names(entries.get(slug), old))
        # Every name of a touched entity's briefs is looked at, a few more than
        # related_names(): a brief worked out again needlessly costs only time.
        redo = {brief.slug for t, name in touched if (entity := entities[t].get(name))
                for brief in entity.briefs}
        rank = {id(brief): index for index, brief in enumerate(ordered)}
        members: dict[Name, tuple[Brief, ...]] = {}

        def work_out(index: int) -> Related:
            return related_briefs(ordered[index], entities, rank, len(ordered), members)

        found: list[Related | None] = []
        lines: list[str | None] = []
        fresh: dict[str, tuple[str, str]] = {}
        moved: set[str] = set()
        for index, brief in enumerate(ordered):
            slug, mark = brief.slug, marks[brief.slug]
            kept = self.lines.get(slug)
            if again or kept is None or slug in changed or slug in redo:
                related = work_out(index)
                self.worked_out += 1
                entry = entries.get(slug) or _entry(brief)
                listed = _dumps([[other.slug, names] for other, names in related])
                line = _dumps(entry) + "\t" + listed
                if kept is None or kept[1].partition("\t")[2] != listed:
                    moved.add(slug)
                found.append(related)
                lines.append(None)
                fresh[slug] = (mark, line)
            else:
                found.append(None)
                lines.append(kept[1].partition("\t")[2])
                fresh[slug] = (mark, kept[1])
        self.moved = frozenset(moved)
        if len(by_slug) != len(ordered):
            fresh, countries, self.moved = {}, [], None
        if fresh != self.lines or countries != self.countries or self.total != len(ordered):
            self.lines, self.countries, self.total = fresh, countries, len(ordered)
            self._changed = True
        return Lists(found, lines, by_slug, work_out)

    def save(self) -> None:
        """Keep the memo for the next run, when it changed."""
        if not self._changed:
            return
        head = _dumps({"format": MEMO_FORMAT, "code": self.code, "total": self.total,
                       "countries": self.countries})
        body = "".join(f"{mark}\t{_dumps(slug)}\t{line}\n"
                       for slug, (mark, line) in sorted(self.lines.items()))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(self.path, head + "\n" + body, durable=False)
        (self.path.parent / _FORMER_FILE).unlink(missing_ok=True)
        self._changed = False


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _lines(text: str) -> Iterator[tuple[str, tuple[str, str]]]:
    """(slug, (digest, "entry\trelated")) of each well-formed line of a memo file."""
    for line in text.split("\n"):
        parts = line.split("\t", 2)
        if len(parts) != 3 or parts[2].count("\t") != 1:
            continue
        try:
            slug = json.loads(parts[1])
        except ValueError:
            continue
        if isinstance(slug, str):
            yield slug, (parts[0], parts[2])


def _kept_entry(kept: tuple[str, str]) -> list[Any] | None:
    """The entry of a memo line, or None when it is not one (see _entry)."""
    try:
        entry = json.loads(kept[1].partition("\t")[0])
    except ValueError:
        return None
    valid = (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], list)
             and all(isinstance(name, list) and len(name) == 4 for name in entry[1]))
    return entry if valid else None


def _related(text: str) -> list[tuple[str, list[str]]] | None:
    """The related briefs of a memo line ([[slug, names], ...]), or None when not that."""
    try:
        found = json.loads(text)
    except ValueError:
        return None
    if not isinstance(found, list) or not all(
            isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)
            and isinstance(item[1], list) for item in found):
        return None
    return [(slug, names) for slug, names in found]


def _moved_names(new: list[Any] | None, old: list[Any] | None) -> set[Name]:
    """The names whose briefs differ between two entries of one brief: those it gained or
    lost, or all of them when its date (its rank) changed. Its mentions and kinds order
    only its own related names (the brief is worked out again anyway)."""
    names = [{(t, name) for t, name, *_order in entry[1]} if entry is not None else set()
             for entry in (new, old)]
    if new is None or old is None or new[0] != old[0]:
        return names[0] | names[1]
    return names[0] ^ names[1]
