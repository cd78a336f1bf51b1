"""Render stage: briefs through the Jinja templates into Markdown pages for MkDocs.

render() is pure (briefs in, {relative path: text} out: Markdown pages plus the JSON, CSV and
Atom downloads); write() is the stage edge that puts them into docs/, keeping a manifest so
that hand-written pages are never touched and generated pages whose brief is gone are removed.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import heapq
import html
import io
import json
import math
import re
import uuid
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import jinja2
import yaml
from slugify import slugify

from .briefs import to_dict
from .display import (
    axis_ticks,
    compact,
    distinct_amounts,
    money,
    money_usd,
    money_with_usd,
    month_label,
    salient,
    sort_number,
)
from .errors import RenderError
from .fsutil import remove_if_exists, write_if_changed
from .models import Actor, Amount, Brief

if TYPE_CHECKING:
    from .kb import KnowledgeBase

MANIFEST = ".briefing-manifest.json"
PAGE_SIZE = 100
# Rows of the amounts, month and tag lists are short and stay out of the search index: five
# times as many per page; an entity's briefs come with their evidence sentence: twice.
LONG_PAGES = 5
MENTION_PAGES = 2
# Past this many briefs the article text and the amounts stay out of the search index
# (titles, summaries and the names of actors, chips and policy stay in): every reader's
# browser downloads the whole index, which is to stay under 10 MB at 10,000 briefs.
FULL_TEXT_LIMIT = 2_000
ENTITY_TYPES = ("actors", "chips", "policy")
KB_TYPES = {"actors": "actor", "chips": "chip", "policy": "policy"}
GRAPH_SIZE = 8
FEED_SIZE = 50
LATEST = 10
CHART_MONTHS = 24
JSON_PATH = "downloads/briefs.json"
CSV_PATH = "downloads/amounts.csv"
FEED_PATH = "feed.xml"
CSV_FIELDS = ("slug", "date", "title", "text", "value", "currency", "min", "max",
              "approximate", "subject", "usd")
KIND_ORDER = ("person", "organization", "government", "country")
KIND_TITLES = {
    "person": "People", "organization": "Organisations", "government": "Governments",
    "country": "Countries", "accelerator": "Accelerators", "process-node": "Process nodes",
    "memory": "Memory", "platform": "Platforms", "system": "Systems", "cpu": "CPUs",
    "law": "Laws", "regulation": "Regulations", "programme": "Programmes",
    "strategy": "Strategies", "export-control": "Export controls",
    "executive-order": "Executive orders", "agreement": "Agreements",
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
T = TypeVar("T")


# --- escaping: article text and hand edits are untrusted and must stay text ------------

_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+!|~^<>&]")
_LINE_START = re.compile(r"^(\s*)([-=.:?]|\d+(?=[.)]))", re.M)
_SPACE = re.compile(r"[ \t\n\r\f\v\x85\u2028\u2029]+")


def escape_md(value: Any) -> str:
    """Text safe to put into Markdown: no markup, HTML, links or line-start syntax.

    Runs of white space, line breaks among them, become one space (as the browser shows them
    anyway): a value stays on the line the template put it on, so it cannot end a table row,
    leave an admonition or list item, or start a block ('---', '???', '    code') of its own.
    """
    if value is None:
        return ""
    text = _SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", _SPACE.sub(" ", str(value)))
    return _LINE_START.sub(
        lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), text)


_ATTR_UNSAFE = re.compile(r"[^\w .,;:/?-]|_")


def escape_attr(value: Any) -> str:
    """Text safe inside a quoted HTML attribute or Markdown link title: only entities."""
    if value is None:
        return ""
    return _ATTR_UNSAFE.sub(lambda m: f"&#{ord(m.group(0))};", str(value))


def escape_meta(value: Any) -> str:
    """Text for page front-matter (title, description, tags), which the theme puts into
    HTML as it is: HTML-escaped, so that it shows as text."""
    return html.escape("" if value is None else " ".join(str(value).split()), quote=True)


@functools.lru_cache(maxsize=8192)
def _needle_pattern(needles: tuple[str, ...]) -> re.Pattern[str] | None:
    words = sorted({n.strip() for n in needles if n and n.strip()}, key=len, reverse=True)
    if not words:
        return None
    pattern = "|".join(re.escape(w) + (r"\w{0,2}" if len(w) >= 4 else "") for w in words)
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.I)


def _find_needle(text: str, needles: Iterable[str]) -> re.Match[str] | None:
    """The first of the needles in text as a whole word; one of four letters or more may
    carry a short inflection (Emirate -> Emiraten, Nvidia -> Nvidias)."""
    pattern = _needle_pattern(tuple(needles))
    return pattern.search(text) if pattern is not None else None


def mark(evidence: Any, needles: Iterable[str]) -> str:
    """Evidence sentence escaped for Markdown, the first of the needles found in bold."""
    text = "" if evidence is None else str(evidence).replace("\0", "")
    found = _find_needle(text, needles)
    if found is None:
        return escape_md(text)
    text = f"{text[:found.start()]}\0{found.group(0)}\0{text[found.end():]}"
    return escape_md(text).replace("\0", "**")


# Controls (the Markdown stash's STX/ETX among them) and every kind of line break become a
# space; a run of spaces becomes one.
_BREAKS = {c: " " for c in (*range(0x20), 0x7F, 0x85, 0x2028, 0x2029)}
_FOLD = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]|  ")
_SPACES = re.compile(r" {2,}")


def _html_text(text: str) -> str:
    if _FOLD.search(text):
        text = _SPACES.sub(" ", text.translate(_BREAKS))
    return html.escape(text, quote=True)


def escape_html(value: Any) -> str:
    """Text safe in raw HTML, inside elements and quoted attributes alike; white space runs
    (line breaks among them) become one space."""
    return "" if value is None else _html_text(str(value)).strip()


def mark_html(evidence: Any, needles: Iterable[str]) -> str:
    """Evidence sentence escaped for HTML, the first of the needles found in <strong>."""
    text = "" if evidence is None else " ".join(str(evidence).split())
    found = _find_needle(text, needles)
    if found is None:
        return _html_text(text)
    return (f"{_html_text(text[:found.start()])}<strong>{_html_text(found.group(0))}"
            f"</strong>{_html_text(text[found.end():])}")


_MERMAID = str.maketrans({
    '"': "'", "`": "'", "[": "(", "]": ")", "{": "(", "}": ")", "<": "‹", ">": "›",
    "#": "＃", "&": "＆", "|": "/", "\\": "/", ";": ",", "%": "％",
})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def mermaid_label(value: Any, limit: int = 40) -> str:
    """A node label safe inside Mermaid's ["..."]: no quotes, brackets, entities or HTML."""
    text = " ".join(_CONTROL.sub(" ", str(value)).translate(_MERMAID).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def paragraphs(text: str) -> list[str]:
    """Article body split into paragraphs (blank lines, or one per line for dense text)."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(blocks) <= 2:
        blocks = [line.strip() for line in text.split("\n") if line.strip()]
    return blocks


def slug(value: str) -> str:
    """URL slug of an entity name."""
    return slugify(value, lowercase=True, max_length=80) or "item"


def format_number(value: float | int | None) -> str:
    """A count with thousands separators: 1,215."""
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return f"{value:,.0f}" if not isinstance(value, int) else f"{value:,}"


@functools.cache
def language_name(code: str) -> str:
    """English name of a language code: de -> German (the code itself when unknown)."""
    from babel import Locale

    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name("en")
    except (ValueError, TypeError, LookupError):
        return code
    return str(name) if name else code


def kind_title(kind: str | None) -> str:
    """Heading of a group of entities of one kind: person -> People."""
    if not kind:
        return "Other"
    return KIND_TITLES.get(kind, kind.replace("-", " ").capitalize())


def month_title(key: str) -> str:
    """'2025-03' -> 'March 2025'; 'undated' stays."""
    if not re.fullmatch(r"\d{4}-\d{2}", key):
        return "Undated"
    year, month = key.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def site_link(path: str) -> str:
    """The served URL of a docs page (directory URLs): 'a/b.md' -> 'a/b/', 'a/index.md' -> 'a/'."""
    if path == "index.md":
        return ""
    if path.endswith("/index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/" if path.endswith(".md") else path


def iso_date(day: dt.date | None) -> str:
    """A date as YYYY-MM-DD, or 'undated'."""
    return day.isoformat() if day else "undated"


def actor_html(name: str | None, entities: Mapping[str, Mapping[str, Any]], uroot: str) -> str:
    """An actor's name as an HTML link to its page when it has one, else as text."""
    entity = entities["actors"].get(name) if name else None
    if entity is None:
        return escape_html(name)
    return f'<a href="{uroot}{site_link(entity.url)}">{escape_html(name)}</a>'


def actor_links(actors: Iterable[Actor], entities: Mapping[str, Mapping[str, Any]], uroot: str,
                limit: int | None = None) -> str:
    """The first limit actors' names as HTML links, comma-separated."""
    return ", ".join(actor_html(a.name, entities, uroot) for a in list(actors)[:limit])


# JSON is YAML, except for characters YAML does not allow unescaped (C1 controls,
# surrogates, non-characters) and its extra line breaks.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def flow_yaml(value: Any) -> str:
    """A value as one line of YAML (JSON syntax, which is many times faster to write)."""
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}",
                            json.dumps(value, ensure_ascii=False))


def url_depth(path: str) -> int:
    """Folders between the site root and a docs page as served: 'a/b.md' is a/b/ (2)."""
    parts = path.split("/")
    return len(parts) - 1 if parts[-1] == "index.md" else len(parts)


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
class Mention:
    """One brief that mentions an entity, with the sentence it was found in."""

    brief: Brief
    evidence: str


@dataclass(frozen=True)
class AmountRow:
    """A distinct money amount of a brief, with its US-dollar value and the organisation or
    government it belongs to (owner; its entity when it has a page)."""

    brief: Brief
    amount: Amount
    usd: float | None
    subject: Entity | None
    owner: str | None = None


@dataclass
class Entity:
    """An actor, chip or policy instrument across all briefs."""

    type: str
    name: str
    slug: str
    kind: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    mentions: list[Mention] = field(default_factory=list)
    amounts: list[AmountRow] = field(default_factory=list)
    neighbours: list[tuple[Entity, int]] = field(default_factory=list)

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
    def dates(self) -> list[dt.date]:
        return sorted(m.brief.date for m in self.mentions if m.brief.date)


_RESERVED = re.compile(r"index|page-\d+")


def brief_path(brief: Brief | str) -> str:
    """Docs path of a brief's page; slugs that name a list page get a prefix no slug has."""
    name = brief if isinstance(brief, str) else brief.slug
    return f"briefs/_{name}.md" if _RESERVED.fullmatch(name) else f"briefs/{name}.md"


def _entity_slugs(names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
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


def build_entities(briefs: Sequence[Brief],
                   kb: KnowledgeBase | None = None) -> dict[str, dict[str, Entity]]:
    """Every entity with the briefs that mention it (newest first) and what it appears with."""
    ordered = _sorted_briefs(briefs)
    names = [(t, item.name) for b in ordered for t in ENTITY_TYPES for item in getattr(b, t)]
    slugs = _entity_slugs(names)
    entities: dict[str, dict[str, Entity]] = {t: {} for t in ENTITY_TYPES}
    kinds: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    keys_of: dict[int, tuple[tuple[str, str], ...]] = {}
    for brief in ordered:
        present: dict[tuple[str, str], None] = {}
        for type_ in ENTITY_TYPES:
            for item in getattr(brief, type_):
                entity = entities[type_].get(item.name)
                if entity is None:
                    entity = Entity(type_, item.name, slugs[(type_, item.name)])
                    entities[type_][item.name] = entity
                kind = getattr(item, "kind", None)
                if kind:
                    kinds[(type_, item.name)][kind] += 1
                for attr in ("role", "org", "vendor", "jurisdiction"):
                    value = getattr(item, attr, None)
                    if value and attr not in entity.details:
                        entity.details[attr] = value
                if (type_, item.name) not in present:
                    entity.mentions.append(Mention(brief, item.evidence))
                    present[(type_, item.name)] = None
        keys_of[id(brief)] = tuple(present)
    for type_, group in entities.items():
        for name, entity in group.items():
            entry = kb.lookup(KB_TYPES[type_], name) if kb is not None else None
            counted = kinds.get((type_, name))
            entity.kind = (counted.most_common(1)[0][0] if counted else None) or (
                entry.kind if entry is not None else None)
            if entry is not None:
                entity.aliases = tuple(a for a in dict.fromkeys(entry.aliases) if a != name)
    # Counted one entity at a time: a table of all pairs would take gigabytes at 10,000 briefs.
    for type_, group in entities.items():
        for name, entity in group.items():
            counter: Counter[tuple[str, str]] = Counter()
            for mention in entity.mentions:
                counter.update(keys_of[id(mention.brief)])
            del counter[(type_, name)]
            best = heapq.nsmallest(GRAPH_SIZE, counter.items(), key=lambda kv: (-kv[1], kv[0]))
            entity.neighbours = [(entities[t][n], c) for (t, n), c in best]
    return entities


def amount_owner(brief: Brief, name: str | None,
                 entities: Mapping[str, Mapping[str, Entity]]) -> str | None:
    """Who an amount belongs to, as shown: its subject, but for a person the organisation
    they act for (the amount is the company's or the government's, not the speaker's)."""
    if not name:
        return None
    actor = next((a for a in brief.actors if a.name == name), None)
    entity = entities["actors"].get(name)
    kind = actor.kind if actor is not None else entity.kind if entity is not None else None
    if kind != "person":
        return name
    org = actor.org if actor is not None else None
    return org or (entity.details.get("org") if entity is not None else None) or None


def amount_rows(briefs: Sequence[Brief], entities: Mapping[str, Mapping[str, Entity]],
                rates: Rates) -> list[AmountRow]:
    """Every distinct amount of every brief, newest brief first, tied to its owner's entity."""
    rows = []
    for brief in _sorted_briefs(briefs):
        year = brief.date.year if brief.date else None
        for amount in distinct_amounts(brief.amounts):
            owner = amount_owner(brief, amount.subject, entities)
            subject = entities["actors"].get(owner) if owner else None
            row = AmountRow(brief, amount, rates.usd(amount.value, amount.currency, year),
                            subject, owner)
            rows.append(row)
            if subject is not None:
                subject.amounts.append(row)
    return rows


def mermaid_graph(entity: Entity) -> str:
    """A Mermaid flowchart of the entity and those it appears with most, nodes linked.

    Links assume directory URLs (use_directory_urls: true): an entity page is served at
    <type>/<slug>/, so another entity is ../../<type>/<slug>/ from it.
    """
    shapes = {"person": ('(["', '"])'), "country": ('{{"', '"}}'),
              "government": ('[["', '"]]'), "chips": ('[/"', '"/]'), "policy": ('>"', '"]')}

    def node(index: int, other: Entity) -> str:
        left, right = shapes.get(other.type if other.type != "actors" else other.kind or "",
                                 ('["', '"]'))
        return f"    n{index}{left}{mermaid_label(other.name)}{right}"

    lines = ["flowchart LR", node(0, entity) + ":::focus"]
    for index, (other, count) in enumerate(entity.neighbours, 1):
        lines.append(node(index, other))
        # alternate sides of the focus node so that the graph stays wide and low
        edge = (f"n{index} ---|{count}| n0" if index % 2 == 0
                else f"n0 ---|{count}| n{index}")
        lines.append(f"    {edge}")
    for index, (other, _count) in enumerate(entity.neighbours, 1):
        lines.append(f'    click n{index} href "../../{site_link(other.url)}"')
    lines.append("    classDef focus stroke-width:3px")
    return "\n".join(lines)


# --- downloads: JSON, CSV, Atom --------------------------------------------------------


def _finite(value: Any) -> Any:
    """value with every float that is no number (NaN, infinity) as None: JSON has none."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def strict_json(value: Any) -> str:
    """value as strict JSON (no NaN or Infinity, which many parsers refuse), one line."""
    try:
        return json.dumps(value, ensure_ascii=False, default=str, allow_nan=False)
    except ValueError:  # a number that is none: briefs never hold one (check refuses it)
        return json.dumps(_finite(value), ensure_ascii=False, default=str, allow_nan=False)


def briefs_json(briefs: Sequence[Brief]) -> str:
    """All briefs, newest first, as a JSON list of their fields plus text and page URL."""

    def line(brief: Brief) -> str:
        record = to_dict(brief)
        record["body"] = brief.body
        record["url"] = site_link(brief_path(brief))
        return strict_json(record)

    # One brief per line, each encoded as it is joined: json's C encoder (which indent=
    # would turn off), and no list of all records (gigabytes at 10,000 briefs).
    if not briefs:
        return "[]\n"
    return "[\n" + ",\n".join(map(line, _sorted_briefs(briefs))) + "\n]\n"


def _csv_text(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def amounts_csv(rows: Sequence[AmountRow]) -> str:
    """One CSV row per amount, with the columns of CSV_FIELDS."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for row in rows:
        a = row.amount
        writer.writerow([
            row.brief.slug, row.brief.date.isoformat() if row.brief.date else "",
            _csv_text(row.brief.title), _csv_text(a.text), _number(a.value), a.currency,
            _number(a.min), _number(a.max), "true" if a.approximate else "false",
            _csv_text(a.subject), "" if row.usd is None else f"{row.usd:.2f}",
        ])
    return out.getvalue()


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return str(int(value)) if math.isfinite(value) and value.is_integer() else repr(value)


ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 does not allow in a document at all, not even escaped: most controls,
# lone surrogates and the non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """Text an XML document can hold: characters XML forbids become spaces, and line ends
    are line feeds (as an XML parser would read them)."""
    return _NOT_XML.sub(" ", value.replace("\r\n", "\n").replace("\r", "\n"))


def atom_feed(briefs: Sequence[Brief], site_url: str | None = None) -> str:
    """An Atom feed of the newest briefs; links are absolute under site_url, else relative."""
    base = (site_url.rstrip("/") + "/") if site_url else ""
    ordered = _sorted_briefs(briefs)[:FEED_SIZE]
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None,
            **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}",
                                {key: xml_text(value) for key, value in attrs.items()})
        element.text = xml_text(text) if text is not None else None
        return element

    def stamp(day: dt.date | None) -> str:
        return f"{(day or dt.date(1970, 1, 1)).isoformat()}T00:00:00Z"

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "title", "Briefing")
    sub(feed, "subtitle", "Intelligence briefs on AI infrastructure, chips, investment "
                          "and technology policy.")
    sub(feed, "id", base + FEED_PATH if base else
        uuid.uuid5(uuid.NAMESPACE_URL, "briefing:feed").urn)
    sub(feed, "link", rel="self", type="application/atom+xml", href=base + FEED_PATH)
    sub(feed, "link", rel="alternate", type="text/html", href=base or "./")
    dates = [b.date for b in ordered if b.date]
    sub(feed, "updated", stamp(max(dates) if dates else None))
    author = sub(feed, "author")
    sub(author, "name", "briefing")
    sub(feed, "generator", "briefing")
    for brief in ordered:
        entry = sub(feed, "entry")
        sub(entry, "title", brief.title)
        sub(entry, "id", uuid.uuid5(uuid.NAMESPACE_URL, f"briefing:brief:{brief.slug}").urn)
        sub(entry, "link", rel="alternate", type="text/html",
            href=base + site_link(brief_path(brief)))
        sub(entry, "updated", stamp(brief.date))
        for tag in brief.tags:
            sub(entry, "category", term=tag)
        sub(entry, "summary", brief.summary or brief.title, type="text")
    ET.indent(feed)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            + ET.tostring(feed, encoding="unicode") + "\n")


# --- pages ----------------------------------------------------------------------------


def environment(templates: Path) -> jinja2.Environment:
    """The Jinja environment over the project's templates folder (compiled templates are
    kept between calls; an edited template is reloaded)."""
    return _environment(str(templates.resolve()))


@functools.lru_cache(maxsize=8)
def _environment(templates: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        auto_reload=True,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=escape_md, attr=escape_attr, meta=escape_meta, mark=mark, paragraphs=paragraphs,
        h=escape_html, mark_html=mark_html, url=site_link, isodate=iso_date,
        actor_html=actor_html, actor_links=actor_links, salient=salient,
        distinct_amounts=distinct_amounts, money=money, money_usd=money_usd,
        money_with_usd=money_with_usd, sort_number=sort_number, compact=compact,
        axis_ticks=axis_ticks, month_label=month_label,
        slug=slug, number=format_number,
        language=language_name, kind_title=kind_title, month_title=month_title,
        brief_url=brief_path,
        yaml=flow_yaml,
        json=lambda v: json.dumps(v, ensure_ascii=False),
    )
    return env


def _sorted_briefs(briefs: Sequence[Brief]) -> list[Brief]:
    return sorted(briefs, key=lambda b: (b.date or dt.date.min, b.slug), reverse=True)


def _chunks(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)] or [[]]


def _listing(folder: str, number: int) -> str:
    return f"{folder}/index.md" if number == 1 else f"{folder}/page-{number}.md"


def _page(env: jinja2.Environment, template: str, path: str, **context: Any) -> str:
    depth = path.count("/")
    try:
        return env.get_template(template).render(
            root="../" * depth, uroot="../" * url_depth(path), page_path=path, **context)
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        name = getattr(exc, "filename", None) or template
        raise RenderError(f"template error: {exc}", path=name, line=line,
                          hint="fix the template; briefs are fine") from None


def _pager(number: int, count: int, path_of: Callable[[int], str]) -> list[tuple[int, str]]:
    """Links to the first, last and nearby pages; (0, "") marks a gap."""
    if count <= 1:
        return []
    shown = sorted({1, count, *range(max(1, number - 3), min(count, number + 3) + 1)})
    out: list[tuple[int, str]] = []
    for n in shown:
        if out and n - out[-1][0] > 1:
            out.append((0, ""))
        out.append((n, path_of(n)))
    return out


def _month(brief: Brief) -> str:
    return brief.date.strftime("%Y-%m") if brief.date else "undated"


def _chart_months(months: Sequence[str]) -> list[str]:
    """Every month from the first to the last dated one, at most the last CHART_MONTHS."""
    dated = sorted(m for m in months if m != "undated")
    if not dated:
        return []
    year, month = map(int, dated[0].split("-"))
    end = tuple(map(int, dated[-1].split("-")))
    out = []
    while (year, month) <= end:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out[-CHART_MONTHS:]


class Pages(Mapping[str, str]):
    """Generated files by path, each made when it is read: writing 15,000 pages one after
    the other never holds them all in memory (that took gigabytes at 10,000 briefs)."""

    def __init__(self) -> None:
        self._make: dict[str, Callable[[], str]] = {}

    def add(self, path: str, make: Callable[[], str]) -> None:
        self._make[path] = make

    def __getitem__(self, path: str) -> str:
        return self._make[path]()

    def __iter__(self) -> Iterator[str]:
        return iter(self._make)

    def __len__(self) -> int:
        return len(self._make)


@dataclass
class _Pages:
    """The environment, shared context and output of one render() call."""

    env: jinja2.Environment
    common: dict[str, Any]
    size: int
    out: Pages = field(default_factory=lambda: Pages())

    def add(self, template: str, path: str, **context: Any) -> None:
        self.out.add(path, functools.partial(_page, self.env, template, path,
                                             **self.common, **context))

    def listing(self, template: str, entries: Sequence[Any], path_of: Callable[[int], str],
                *, size: int | None = None, **context: Any) -> None:
        """One page per PAGE_SIZE (or size) entries, each with a pager."""
        chunks = _chunks(entries, size or self.size)
        for number, chunk in enumerate(chunks, 1):
            self.add(template, path_of(number), chunk=chunk, number=number,
                     pages=len(chunks), pager=_pager(number, len(chunks), path_of), **context)


def _entity_index(out: _Pages, type_: str, group: Mapping[str, Entity]) -> None:
    """The list of all entities of a type, grouped by kind, paginated."""
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    items = sorted(group.values(), key=lambda e: (
        order.get(e.kind or "", len(order)), kind_title(e.kind) if e.kind else "~",
        -len(e.mentions), e.name.lower()))
    first_page: dict[str, int] = {}
    for i, e in enumerate(items):
        first_page.setdefault(kind_title(e.kind), i // out.size + 1)
    counts = Counter(kind_title(e.kind) for e in items)
    groups = [(title, counts[title], _listing(type_, page))
              for title, page in sorted(first_page.items(), key=lambda kv: kv[1])]
    out.listing("entities.md.j2", items, functools.partial(_listing, type_), type=type_,
                items=items, groups=groups)


def _timeline(out: _Pages, ordered: Sequence[Brief]) -> None:
    """A page per month (paginated) and the index of months with a chart."""
    months: dict[str, list[Brief]] = defaultdict(list)
    for brief in ordered:
        months[_month(brief)].append(brief)
    for key, members in months.items():
        out.listing("month.md.j2", members, functools.partial(_month_path, key), month=key,
                    size=LONG_PAGES * out.size,
                    count=len(members))
    chart = _chart_months(list(months))
    out.add("timeline.md.j2", "timeline/index.md", months=months,
            month_pages={key: _month_path(key, 1) for key in months},
            month_order=sorted(months, key=lambda k: (k != "undated", k), reverse=True),
            chart=[(m, len(months.get(m, []))) for m in chart])


def _tags(out: _Pages, ordered: Sequence[Brief], slugs: Mapping[str, str]) -> None:
    """A page per tag (paginated, newest first) and the index of tags.

    Our own pages rather than the theme's tags plugin, whose one page lists every brief
    under each of its tags (tens of thousands of links in a large archive).
    """
    tagged: dict[str, list[Brief]] = defaultdict(list)
    for brief in ordered:
        for tag in dict.fromkeys(brief.tags):
            tagged[tag].append(brief)
    for tag, members in sorted(tagged.items()):
        out.listing("tag.md.j2", members, functools.partial(_tag_path, slugs[tag]), tag=tag,
                    size=LONG_PAGES * out.size,
                    count=len(members))
    out.add("tags.md.j2", "tags/index.md",
            tags=sorted(tagged.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def tag_slugs(briefs: Iterable[Brief]) -> dict[str, str]:
    """The page name of each tag: distinct tags, distinct pages."""
    slugs = _entity_slugs(("tags", tag) for brief in briefs for tag in brief.tags)
    return {tag: name for (_type, tag), name in slugs.items()}


def _tag_path(name: str, number: int) -> str:
    return f"tags/{name}.md" if number == 1 else f"tags/{name}/page-{number}.md"


def _month_path(key: str, number: int) -> str:
    return f"timeline/{key}.md" if number == 1 else f"timeline/{key}-page-{number}.md"


def render(briefs: Sequence[Brief], templates: Path, *, kb: KnowledgeBase | None = None,
           site_url: str | None = None, rates: Rates | None = None,
           full_text: bool | None = None) -> Pages:
    """Every generated file, as {path relative to docs/: text} (Markdown, JSON, CSV, Atom),
    each rendered when it is read.

    full_text: whether article text and amounts go into the search index (default: up
    to FULL_TEXT_LIMIT briefs).
    """
    rates = rates or default_rates()
    if full_text is None:
        full_text = len(briefs) <= FULL_TEXT_LIMIT
    ordered = _sorted_briefs(briefs)
    entities = build_entities(ordered, kb)
    rows = amount_rows(ordered, entities, rates)
    tags = tag_slugs(ordered)
    out = _Pages(environment(templates), {
        "entities": entities, "briefs": ordered, "page_size": PAGE_SIZE, "amount_rows": rows,
        "rates": rates, "downloads": {"json": JSON_PATH, "csv": CSV_PATH, "feed": FEED_PATH},
        "full_text": full_text,
        "tag_pages": {tag: _tag_path(name, 1) for tag, name in tags.items()},
    }, PAGE_SIZE)
    by_brief: dict[int, list[AmountRow]] = defaultdict(list)
    for row in rows:
        by_brief[id(row.brief)].append(row)
    for index, brief in enumerate(ordered):
        out.add("brief.md.j2", brief_path(brief), brief=brief, amounts=by_brief[id(brief)],
                newer=ordered[index - 1] if index else None,
                older=ordered[index + 1] if index + 1 < len(ordered) else None)
    out.listing("briefs.md.j2", ordered, functools.partial(_listing, "briefs"))
    for type_, group in entities.items():
        for entity in group.values():
            out.listing("entity.md.j2", entity.mentions, entity.page, entity=entity,
                        size=MENTION_PAGES * out.size,
                        graph=mermaid_graph(entity))
        _entity_index(out, type_, group)
    out.listing("amounts.md.j2", rows, functools.partial(_listing, "amounts"),
                size=LONG_PAGES * out.size)
    _timeline(out, ordered)
    _tags(out, ordered, tags)
    by_count = sorted(entities["actors"].values(),
                      key=lambda e: (-len(e.mentions), e.name.lower()))
    out.add("home.md.j2", "index.md", kinds=Counter(e.kind for e in by_count),
            active=[e for e in by_count if e.kind != "country"][:LATEST],
            countries=[e for e in by_count if e.kind == "country"][:12],
            largest=sorted((r for r in rows if r.usd is not None),
                           key=lambda r: -(r.usd or 0.0))[:LATEST])
    out.out.add(JSON_PATH, functools.partial(briefs_json, ordered))
    out.out.add(CSV_PATH, functools.partial(amounts_csv, rows))
    out.out.add(FEED_PATH, functools.partial(atom_feed, ordered, site_url))
    return out.out


# --- the stage edge: docs/ on disk -----------------------------------------------------


@dataclass(frozen=True)
class Written:
    """What write() did to docs/."""

    written: int
    unchanged: int
    removed: int
    skipped: tuple[str, ...]


def _manifest(docs: Path) -> set[str]:
    try:
        data = json.loads((docs / MANIFEST).read_text("utf-8"))
        return {str(p) for p in data.get("pages", [])}
    except (OSError, ValueError, AttributeError):
        return set()


def _prune_empty(docs: Path, folder: Path) -> None:
    """Remove folder and its parents up to docs/ while they are empty."""
    root = docs.resolve()
    current = folder.resolve()
    while current != root and root in current.parents:
        try:
            current.rmdir()
        except OSError:
            return
        current = current.parent


def manifest_pages(docs: Path) -> set[str]:
    """The generated pages listed in docs/'s manifest."""
    return _manifest(docs)


def write(docs: Path, pages: Mapping[str, str]) -> Written:
    """Put pages into docs/, remove stale generated ones, never touch hand-written files."""
    previous = _manifest(docs)
    # New pages are listed before any is written: a run killed in between must not leave
    # pages that later runs would take for hand-written ones.
    new = {rel for rel in pages if rel not in previous and not (docs / rel).exists()}
    if new:
        listed = json.dumps({"pages": sorted(previous | new)}, indent=0, ensure_ascii=False)
        write_if_changed(docs / MANIFEST, listed + "\n")
        previous |= new
    written = unchanged = removed = 0
    skipped: list[str] = []
    for rel in sorted(pages):
        target = docs / rel
        if rel not in previous and target.exists():
            skipped.append(rel)
            continue
        if write_if_changed(target, pages[rel], durable=False):
            written += 1
        else:
            unchanged += 1
    owned = set(pages) - set(skipped)
    for rel in sorted(previous - owned):
        if remove_if_exists(docs / rel):
            removed += 1
            _prune_empty(docs, (docs / rel).parent)
    manifest = json.dumps({"pages": sorted(owned)}, indent=0, ensure_ascii=False) + "\n"
    write_if_changed(docs / MANIFEST, manifest)
    return Written(written, unchanged, removed, tuple(skipped))
