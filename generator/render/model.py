"""The model the pages are made of: entities across briefs, amounts in US dollars, links.

Everything here is frozen and holds no cycles: a page's inputs are exactly the data handed
to its template, and their digest (digest.py) decides whether it is rendered again.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Protocol

import yaml

from ..display import distinct_amounts
from ..models import Actor, Amount, Brief, Source
from .text import mermaid_label, site_link, slug


class Names(Protocol):
    """What the model asks the knowledge base (kb.KnowledgeBase, or memo.KnownNames)."""

    def lookup(self, type_: str, name: str) -> Any:
        """The entry (with kind and aliases) of this type named name, or None."""

ENTITY_TYPES = ("actors", "chips", "policy")
KB_TYPES = {"actors": "actor", "chips": "chip", "policy": "policy"}
GRAPH_SIZE = 8
# What an entity's page says of it besides its kind, from the first brief that says it.
DETAIL_FIELDS = {"actors": ("role", "org", "country"), "chips": ("vendor",),
                 "policy": ("jurisdiction",)}
# Fields of list items that name an actor (linked to its page when it has one).
ACTOR_FIELDS = {"actors": ("org", "country"), "chips": ("vendor",),
                "policy": ("jurisdiction",)}

# --- exchange rates -------------------------------------------------------------------


@dataclass(frozen=True)
class Rates:
    """Yearly average exchange rates, in US dollars for one unit of a currency."""

    table: Mapping[str, Mapping[int, float]]
    note: str = ""

    def usd(self, value: float | int | None, currency: str, year: int | None) -> float | None:
        """The value in US dollars at the year's rate; None when no rate is known."""
        rate = 1.0 if currency == "USD" else (
            self.table.get(currency, {}).get(year) if year is not None else None)
        if value is None or rate is None:
            return None
        try:
            usd = float(value) * rate
        except OverflowError:
            return None
        return usd if math.isfinite(usd) else None


def parse_rates(data: Any) -> Rates:
    """Rates from the mapping in rates.yaml: {rates: {EUR: {2024: 1.08}}, note: ...}."""
    table: dict[str, dict[int, float]] = {}
    raw = data.get("rates", {}) if isinstance(data, dict) else {}
    for currency, years in (raw or {}).items():
        if isinstance(years, dict):
            table[str(currency).upper()] = {int(y): float(r) for y, r in years.items()}
    return Rates(table, str(data.get("note", "")) if isinstance(data, dict) else "")


@functools.cache
def default_rates() -> Rates:
    """The approximate rates shipped with the package (generator/data/rates.yaml)."""
    text = resources.files("generator").joinpath("data/rates.yaml").read_text("utf-8")
    return parse_rates(yaml.safe_load(text))

# --- the model handed to templates ----------------------------------------------------


@dataclass(frozen=True)
class Link:
    """An entity as other pages show it: its name, kind, other names and page."""

    type: str
    name: str
    slug: str
    kind: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"{self.type}/{self.slug}.md"

    def page(self, number: int) -> str:
        """Path of page number of this entity's list of briefs."""
        return self.url if number == 1 else f"{self.type}/{self.slug}/page-{number}.md"

    @property
    def needles(self) -> tuple[str, ...]:
        """Names to highlight in an evidence sentence."""
        return (self.name, *self.aliases)

    @property
    def feed(self) -> str:
        """Path of the Atom feed of the briefs that mention the entity."""
        return f"{self.type}/{self.slug}/feed.xml"


@dataclass(frozen=True)
class Mention:
    """One brief that mentions an entity, with the sentence it was found in."""

    brief: Brief
    evidence: str


@dataclass(frozen=True)
class AmountRow:
    """A distinct money amount of a brief, with its US-dollar value and the organisation or
    government it belongs to (owner; its entity's link when it has a page)."""

    brief: Brief
    amount: Amount
    usd: float | None
    subject: Link | None
    owner: str | None = None


@dataclass(frozen=True)
class Entity(Link):
    """An actor, chip or policy instrument across all briefs: what its pages show."""

    details: Mapping[str, Any] = field(default_factory=dict)
    mentions: tuple[Mention, ...] = ()
    amounts: tuple[AmountRow, ...] = ()

    @property
    def dates(self) -> list[dt.date]:
        return sorted(m.brief.date for m in self.mentions if m.brief.date)

    @property
    def briefs(self) -> tuple[Brief, ...]:
        """The briefs that mention the entity, newest first."""
        return tuple(m.brief for m in self.mentions)


@dataclass(frozen=True)
class Listed(Link):
    """An entity as the lists of entities show it: no brief, so that an edit of a brief's
    text leaves those pages alone (state.py)."""

    details: Mapping[str, Any] = field(default_factory=dict)
    count: int = 0  # briefs that mention it
    latest: dt.date | None = None  # the date of the newest of them


def listed(entity: Entity) -> Listed:
    """The entity as the lists of entities show it."""
    # The mentions are newest first, undated last: the first date is the latest.
    latest = next((m.brief.date for m in entity.mentions if m.brief.date), None)
    return Listed(entity.type, entity.name, entity.slug, entity.kind, entity.aliases,
                  details=entity.details, count=len(entity.mentions), latest=latest)


@dataclass(frozen=True)
class Shown(Listed):
    """An entity as its own page shows it: its newest amounts, not all of them, and no
    brief but those, so that the page's key digests what the page shows (all 7,000 briefs
    that mention OpenAI cost a third of a second) and an edit of a brief it does not show
    leaves the page alone (state.py)."""

    first: dt.date | None = None  # the date of the oldest brief that mentions it
    amounts: tuple[AmountRow, ...] = ()  # the newest of the amounts it is the subject of
    amount_count: int = 0  # all of them


def shown(entity: Entity, amounts: int) -> Shown:
    """The entity as its page shows it, with its newest amounts (at most amounts)."""
    dates = [m.brief.date for m in entity.mentions if m.brief.date]
    return Shown(entity.type, entity.name, entity.slug, entity.kind, entity.aliases,
                 details=entity.details, count=len(entity.mentions),
                 latest=max(dates, default=None), first=min(dates, default=None),
                 amounts=entity.amounts[:amounts], amount_count=len(entity.amounts))


@dataclass(frozen=True)
class Model:
    """Every entity and amount row of a set of briefs, newest brief first."""

    briefs: tuple[Brief, ...]
    entities: Mapping[str, Mapping[str, Entity]]
    links: Mapping[str, Mapping[str, Link]]
    rows: tuple[AmountRow, ...]
    _links_of: dict[int, tuple[Brief, dict[str, dict[str, Link]]]] = field(
        default_factory=dict, compare=False, repr=False)
    # The (type, name) of every entity of each brief, by the brief's id (briefs are kept).
    _keys_of: dict[int, tuple[tuple[str, str], ...]] = field(
        default_factory=dict, compare=False, repr=False)
    _last: list[Any] = field(default_factory=lambda: [None, ()], compare=False, repr=False)

    def neighbours(self, entity: Entity) -> tuple[tuple[Link, int], ...]:
        """The GRAPH_SIZE entities that appear with entity in the most briefs, with that
        number (worked out for the entity pages that are made: seconds for all of them)."""
        if self._last[0] is entity:
            kept: tuple[tuple[Link, int], ...] = self._last[1]
            return kept
        # Counted one entity at a time: a table of all pairs takes gigabytes at 10,000.
        counter: Counter[tuple[str, str]] = Counter()
        for mention in entity.mentions:
            counter.update(self._keys_of[id(mention.brief)])
        del counter[(entity.type, entity.name)]
        best = heapq.nsmallest(GRAPH_SIZE, counter.items(), key=lambda kv: (-kv[1], kv[0]))
        found = tuple((self.links[t][n], c) for (t, n), c in best)
        self._last[:] = [entity, found]  # the page's key and the page itself ask twice
        return found

    def links_for(self, briefs: Iterable[Brief] = (), names: Iterable[str | None] = (),
                  ) -> dict[str, dict[str, Link]]:
        """The links a page about these briefs (and naming these actors) may show: every
        entity of theirs, and the actors their org, vendor, jurisdiction or subject names."""
        found: dict[str, dict[str, Link]] = {t: {} for t in ENTITY_TYPES}
        actors = self.links["actors"]
        for name in names:
            if name and name in actors:
                found["actors"][name] = actors[name]
        for brief in briefs:
            for type_, group in self._brief_links(brief).items():
                found[type_].update(group)
        return found

    def _brief_links(self, brief: Brief) -> dict[str, dict[str, Link]]:
        cached = self._links_of.get(id(brief))
        if cached is not None and cached[0] is brief:
            return cached[1]
        names: dict[str, list[str]] = {t: [] for t in ENTITY_TYPES}
        for type_ in ENTITY_TYPES:
            for item in getattr(brief, type_):
                names[type_].append(item.name)
                names["actors"].extend(v for f in ACTOR_FIELDS[type_]
                                       if (v := getattr(item, f, None)))
        names["actors"].extend(a.subject for a in brief.amounts if a.subject)
        links = {t: {n: self.links[t][n] for n in sorted(set(found)) if n in self.links[t]}
                 for t, found in names.items()}
        self._links_of[id(brief)] = (brief, links)
        return links


_RESERVED = re.compile(r"index|page-\d+")


def brief_path(brief: Brief | str) -> str:
    """Docs path of a brief's page; slugs that name a list page get a prefix no slug has."""
    name = brief if isinstance(brief, str) else brief.slug
    return f"briefs/_{name}.md" if _RESERVED.fullmatch(name) else f"briefs/{name}.md"


@dataclass(frozen=True)
class ListedBrief(Brief):
    """A brief as every page but its own and the JSON download is handed it: without its
    article text, its source, the sources it cites and its other front-matter fields
    (notes, review, merge conflicts), which only those two show. The pages that list it are
    keyed by this form (whose digest keeps of its actors' counts of mentions only the order
    they give, digest.py), so that a change of those fields alone (a seed changed: new
    text, a new source digest, a name mentioned once more) reaches only the brief's page
    and the JSON download (state.py)."""


_NO_SOURCE = Source("", "")


def listing(brief: Brief) -> ListedBrief:
    """The brief's listing form: every field its own but those ListedBrief lacks."""
    return ListedBrief(**{**vars(brief), "body": "", "source": _NO_SOURCE, "sources": (),
                          "extra": {}})


def sorted_briefs(briefs: Iterable[Brief]) -> list[Brief]:
    """Newest first; undated last; ties by slug."""
    return sorted(briefs, key=lambda b: (b.date or dt.date.min, b.slug), reverse=True)


def entity_slugs(names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The page name of each (type, name): distinct names of a type, distinct pages."""
    taken: dict[str, set[str]] = defaultdict(set)
    out = {}
    for type_, name in sorted(set(names)):
        base = slug(name)
        candidate, n = base, 2
        while candidate in taken[type_] or _RESERVED.fullmatch(candidate):
            candidate, n = f"{base}-{n}", n + 1
        taken[type_].add(candidate)
        out[(type_, name)] = candidate
    return out


def tag_slugs(briefs: Iterable[Brief]) -> dict[str, str]:
    """The page name of each tag: distinct tags, distinct pages."""
    slugs = entity_slugs(("tags", tag) for brief in briefs for tag in brief.tags)
    return {tag: name for (_type, tag), name in slugs.items()}


def build_model(briefs: Sequence[Brief], kb: Names | None = None,
                rates: Rates | None = None) -> Model:
    """Every entity with the briefs that mention it (newest first), the amounts it is the
    subject of and what it appears with; every amount with its US-dollar value."""
    ordered = sorted_briefs(briefs)
    mentions: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    details: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    kinds: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)  # in order met
    keys_of: dict[int, tuple[tuple[str, str], ...]] = {}
    for brief in ordered:
        present: dict[tuple[str, str], None] = {}
        for type_, attrs in DETAIL_FIELDS.items():
            for item in getattr(brief, type_):
                key = (type_, item.name)
                kind = item.kind
                if kind:
                    counted = kinds[key]
                    counted[kind] = counted.get(kind, 0) + 1
                found = details[key]
                for attr in attrs:
                    value = getattr(item, attr)
                    if value and attr not in found:
                        found[attr] = value
                if key not in present:
                    mentions[key].append(Mention(brief, item.evidence))
                    present[key] = None
        keys_of[id(brief)] = tuple(present)
    slugs = entity_slugs(details)  # every (type, name) met has its details, maybe none
    links: dict[str, dict[str, Link]] = {t: {} for t in ENTITY_TYPES}
    for (type_, name), page in sorted(slugs.items(), key=lambda kv: (kv[0][0], kv[1])):
        entry = kb.lookup(KB_TYPES[type_], name) if kb is not None else None
        tally = kinds.get((type_, name))
        # The most frequent kind, the first met of those as frequent.
        kind = (max(tally, key=tally.__getitem__) if tally else None) or (
            entry.kind if entry is not None else None)
        aliases = tuple(a for a in dict.fromkeys(entry.aliases) if a != name) if entry else ()
        links[type_][name] = Link(type_, name, page, kind, aliases)
    rows = amount_rows(ordered, links, rates or default_rates(),
                       {name: found for (t, name), found in details.items() if t == "actors"})
    owned: dict[str, list[AmountRow]] = defaultdict(list)
    for row in rows:
        if row.subject is not None:
            owned[row.subject.name].append(row)
    entities: dict[str, dict[str, Entity]] = {t: {} for t in ENTITY_TYPES}
    for type_, group in links.items():
        for name, link in group.items():
            entities[type_][name] = Entity(
                type_, name, link.slug, link.kind, link.aliases,
                details=details[(type_, name)], mentions=tuple(mentions[(type_, name)]),
                amounts=tuple(owned[name]) if type_ == "actors" else ())
    return Model(tuple(ordered), entities, links, tuple(rows), _keys_of=keys_of)


def build_entities(briefs: Sequence[Brief],
                   kb: Names | None = None) -> dict[str, dict[str, Entity]]:
    """Every entity of the briefs, by type and name (see build_model)."""
    return {t: dict(group) for t, group in build_model(briefs, kb).entities.items()}


def by_name(brief: Brief) -> dict[str, Actor]:
    """The brief's first actor of each name."""
    found: dict[str, Actor] = {}
    for actor in brief.actors:
        found.setdefault(actor.name, actor)
    return found


def amount_owner(brief: Brief, name: str | None, links: Mapping[str, Mapping[str, Link]],
                 details: Mapping[str, Mapping[str, Any]],
                 actors: Mapping[str, Actor] | None = None) -> str | None:
    """Who an amount belongs to, as shown: its subject, but for a person the organisation
    they act for (the amount is the company's or the government's, not the speaker's).
    actors: the brief's first actor of each name (by_name()), when the caller has it."""
    if not name:
        return None
    actor = (actors if actors is not None else by_name(brief)).get(name)
    link = links["actors"].get(name)
    kind = actor.kind if actor is not None else link.kind if link is not None else None
    if kind != "person":
        return name
    org = actor.org if actor is not None else None
    return org or details.get(name, {}).get("org") or None


def amount_rows(briefs: Sequence[Brief], links: Mapping[str, Mapping[str, Link]],
                rates: Rates, details: Mapping[str, Mapping[str, Any]] | None = None,
                ) -> list[AmountRow]:
    """Every distinct amount of every brief, newest brief first, tied to its owner's entity
    (details: the actors' role, org... by name, for the org of a person)."""
    rows = []
    for brief in sorted_briefs(briefs):
        year = brief.date.year if brief.date else None
        actors = by_name(brief) if brief.amounts else {}
        for amount in distinct_amounts(brief.amounts):
            owner = amount_owner(brief, amount.subject, links, details or {}, actors)
            subject = links["actors"].get(owner) if owner else None
            rows.append(AmountRow(brief, amount, rates.usd(amount.value, amount.currency, year),
                                  subject, owner))
    return rows


def mermaid_graph(entity: Link, neighbours: Sequence[tuple[Link, int]]) -> str:
    """A Mermaid flowchart of the entity and those it appears with most (neighbours, see
    Model.neighbours), nodes linked.

    Links assume directory URLs (use_directory_urls: true): an entity page is served at
    <type>/<slug>/, so another entity is ../../<type>/<slug>/ from it.
    """
    shapes = {"person": ('(["', '"])'), "country": ('{{"', '"}}'),
              "government": ('[["', '"]]'), "chips": ('[/"', '"/]'), "policy": ('>"', '"]')}

    def node(index: int, other: Link) -> str:
        left, right = shapes.get(other.type if other.type != "actors" else other.kind or "",
                                 ('["', '"]'))
        return f"    n{index}{left}{mermaid_label(other.name)}{right}"

    lines = ["flowchart LR", node(0, entity) + ":::focus"]
    for index, (other, count) in enumerate(neighbours, 1):
        lines.append(node(index, other))
        # alternate sides of the focus node so that the graph stays wide and low
        edge = (f"n{index} ---|{count}| n0" if index % 2 == 0
                else f"n0 ---|{count}| n{index}")
        lines.append(f"    {edge}")
    for index, (other, _count) in enumerate(neighbours, 1):
        lines.append(f'    click n{index} href "../../{site_link(other.url)}"')
    lines.append("    classDef focus stroke-width:3px")
    return "\n".join(lines)
