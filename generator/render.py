"""Render stage: briefs through the Jinja templates into Markdown pages for MkDocs.

render() is pure (briefs in, {relative path: Markdown} out); write() is the stage edge that
puts the pages into docs/, keeping a manifest so that hand-written pages are never touched
and generated pages whose brief is gone are removed.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml
from slugify import slugify

from .errors import RenderError
from .fsutil import remove_if_exists, write_if_changed
from .models import Brief

MANIFEST = ".briefing-manifest.json"
PAGE_SIZE = 50
ENTITY_TYPES = ("actors", "chips", "policy")


# --- escaping: article text and hand edits are untrusted and must stay text ------------

_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+!|~^<>&]")
_LINE_START = re.compile(r"^(\s*)([-=.:]|\d+(?=[.)]))", re.M)


def escape_md(value: Any) -> str:
    """Text safe to put into Markdown: no markup, HTML, links or line-start syntax."""
    if value is None:
        return ""
    text = _SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", str(value).replace("\r", ""))
    return _LINE_START.sub(
        lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), text)


def escape_attr(value: Any) -> str:
    """Text safe inside an HTML attribute value."""
    return html.escape("" if value is None else str(value), quote=True)


def paragraphs(text: str) -> list[str]:
    """Article body split into paragraphs (blank lines, or one per line for dense text)."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(blocks) <= 2:
        blocks = [line.strip() for line in text.split("\n") if line.strip()]
    return blocks


def slug(value: str) -> str:
    """URL slug of an entity name."""
    return slugify(value, lowercase=True, max_length=80) or "item"


def format_amount(value: float | int | None, currency: str) -> str:
    """A normalised amount for display, e.g. 'USD 39,000,000,000'."""
    if value is None:
        return ""
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return f"{currency} {number}"


def short_amount(value: float | int | None) -> str:
    """A compact amount: 39 bn, 1.5 tn, 450 m."""
    if value is None:
        return ""
    v = float(value)
    for size, unit in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(v) >= size:
            return f"{v / size:,.2f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{v:,.0f}"


# --- the model handed to templates ----------------------------------------------------


@dataclass
class Entity:
    """An actor, chip or policy instrument across all briefs."""

    type: str
    name: str
    slug: str
    kind: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    amounts: list[dict[str, Any]] = field(default_factory=list)
    neighbours: list[tuple[Entity, int]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.type}/{self.slug}.md"


def _entity_slugs(names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    taken: dict[str, set[str]] = defaultdict(set)
    out = {}
    for type_, name in sorted(set(names)):
        base = slug(name)
        candidate, n = base, 2
        while candidate in taken[type_] or candidate == "index":
            candidate, n = f"{base}-{n}", n + 1
        taken[type_].add(candidate)
        out[(type_, name)] = candidate
    return out


def build_entities(briefs: Sequence[Brief]) -> dict[str, dict[str, Entity]]:
    """Every entity with the briefs that mention it and what it appears with."""
    names = [(t, item.name) for b in briefs for t in ENTITY_TYPES for item in getattr(b, t)]
    slugs = _entity_slugs(names)
    entities: dict[str, dict[str, Entity]] = {t: {} for t in ENTITY_TYPES}
    together: dict[tuple[str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
    for brief in briefs:
        present: list[tuple[str, str]] = []
        for type_ in ENTITY_TYPES:
            for item in getattr(brief, type_):
                entity = entities[type_].get(item.name)
                if entity is None:
                    entity = Entity(type_, item.name, slugs[(type_, item.name)],
                                    getattr(item, "kind", None))
                    entities[type_][item.name] = entity
                for attr in ("role", "org", "vendor", "jurisdiction"):
                    value = getattr(item, attr, None)
                    if value and attr not in entity.details:
                        entity.details[attr] = value
                entity.mentions.append({"brief": brief, "evidence": item.evidence})
                present.append((type_, item.name))
        for amount in brief.amounts:
            if amount.subject and amount.subject in entities["actors"]:
                entities["actors"][amount.subject].amounts.append(
                    {"brief": brief, "amount": amount})
        unique = sorted(set(present))
        for a in unique:
            for b in unique:
                if a != b:
                    together[a][b] += 1
    for (type_, name), counter in together.items():
        entity = entities[type_][name]
        entity.neighbours = [(entities[t][n], c) for (t, n), c in
                             sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:8]]
    for group in entities.values():
        for entity in group.values():
            entity.mentions.sort(key=lambda m: (m["brief"].date or dt.date.min,
                                                m["brief"].slug), reverse=True)
    return entities


def environment(templates: Path) -> jinja2.Environment:
    """The Jinja environment over the project's templates folder."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=escape_md, attr=escape_attr, paragraphs=paragraphs, slug=slug,
        amount=format_amount, short_amount=short_amount,
        yaml=lambda v: yaml.safe_dump(v, allow_unicode=True, sort_keys=False,
                                      default_flow_style=True, width=10_000).strip(),
        json=lambda v: json.dumps(v, ensure_ascii=False),
    )
    return env


def _sorted_briefs(briefs: Sequence[Brief]) -> list[Brief]:
    return sorted(briefs, key=lambda b: (b.date or dt.date.min, b.slug), reverse=True)


def _page(env: jinja2.Environment, template: str, path: str, **context: Any) -> str:
    depth = path.count("/")
    try:
        return env.get_template(template).render(root="../" * depth, page_path=path, **context)
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        name = getattr(exc, "filename", None) or template
        raise RenderError(f"template error: {exc}", path=name, line=line,
                          hint="fix the template; briefs are fine") from None


def render(briefs: Sequence[Brief], templates: Path) -> dict[str, str]:
    """Every generated page, as {path relative to docs/: Markdown}."""
    env = environment(templates)
    ordered = _sorted_briefs(briefs)
    entities = build_entities(ordered)
    lookup = {t: {name: e for name, e in group.items()} for t, group in entities.items()}
    common = {"entities": lookup, "briefs": ordered, "page_size": PAGE_SIZE}
    pages: dict[str, str] = {}
    for brief in ordered:
        path = f"briefs/{brief.slug}.md"
        pages[path] = _page(env, "brief.md.j2", path, brief=brief, **common)
    chunks = [ordered[i:i + PAGE_SIZE] for i in range(0, len(ordered), PAGE_SIZE)] or [[]]
    for number, chunk in enumerate(chunks, 1):
        path = "briefs/index.md" if number == 1 else f"briefs/page-{number}.md"
        pages[path] = _page(env, "briefs.md.j2", path, chunk=chunk, number=number,
                            pages=len(chunks), **common)
    for type_, group in entities.items():
        for entity in group.values():
            pages[entity.url] = _page(env, "entity.md.j2", entity.url, entity=entity, **common)
        path = f"{type_}/index.md"
        pages[path] = _page(env, "entities.md.j2", path, type=type_,
                            items=sorted(group.values(), key=lambda e: (-len(e.mentions),
                                                                        e.name.lower())),
                            **common)
    pages["index.md"] = _page(env, "home.md.j2", "index.md", **common)
    return pages


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


def write(docs: Path, pages: dict[str, str]) -> Written:
    """Put pages into docs/, remove stale generated ones, never touch hand-written files."""
    previous = _manifest(docs)
    written = unchanged = removed = 0
    skipped: list[str] = []
    for rel, content in sorted(pages.items()):
        target = docs / rel
        if rel not in previous and target.exists():
            skipped.append(rel)
            continue
        if write_if_changed(target, content):
            written += 1
        else:
            unchanged += 1
    owned = set(pages) - set(skipped)
    for rel in sorted(previous - owned):
        if remove_if_exists(docs / rel):
            removed += 1
    manifest = json.dumps({"pages": sorted(owned)}, indent=0, ensure_ascii=False) + "\n"
    write_if_changed(docs / MANIFEST, manifest)
    return Written(written, unchanged, removed, tuple(skipped))
