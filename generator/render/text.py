"""Filters of the templates: escaping untrusted text, and formatting names, numbers, dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from slugify import slugify

from ..models import Actor, Brief

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


def long_date(day: dt.date | None) -> str:
    """A date for reading: '4 June 2025', or 'undated'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else "undated"


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


def fact_names(brief: Brief) -> list[str]:
    """The names of a brief's actors, chips and policy instruments, each once (a field of
    the search index)."""
    names = [a.name for a in brief.actors] + [c.name for c in brief.chips]
    return list(dict.fromkeys(names + [p.name for p in brief.policy]))


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def summary_in_body(brief: Brief) -> bool:
    """Whether the article text holds each sentence of the summary (an extracted summary is
    the sentences with the most facts; an analyst may write one of their own): then search
    has its words already, and indexing it again costs only time and index size."""
    body = " ".join(brief.body.split())
    return all(sentence in body
               for sentence in _SENTENCE_END.split(" ".join(brief.summary.split())))


# --- evidence: each fact's sentence shown once, where the article says it ---------------

EVIDENCE_ID = "ev-{}"


@dataclasses.dataclass(frozen=True)
class Article:
    """An article's paragraphs as HTML, each evidence sentence found in them in a span of its
    own (ids ev-1, ev-2, … in reading order), and the id of each sentence found."""

    paragraphs: tuple[str, ...]
    ids: Mapping[str, str]

    def id(self, evidence: Any) -> str:
        """The id of the span holding this evidence sentence; "" when the article lacks it."""
        return self.ids.get(" ".join(str(evidence or "").split()), "")

    def lacks(self, facts: Iterable[Any]) -> list[Any]:
        """The facts with an evidence sentence that is not in the article."""
        return [f for f in facts if f.evidence and not self.id(f.evidence)]


def brief_article(brief: Brief, rows: Iterable[Any]) -> Article:
    """The brief's article with the evidence of its facts and amount rows marked."""
    facts = (*brief.actors, *brief.chips, *brief.policy, *(r.amount for r in rows))
    return article(brief.body, (f.evidence for f in facts))


def article(body: str, evidence: Iterable[Any]) -> Article:
    """body's paragraphs with the evidence sentences marked: the longest first; one inside
    another nests, one that overlaps a marked one only partly is left out (id "")."""
    texts = [" ".join(p.split()) for p in paragraphs(body)]
    wanted = sorted({" ".join(str(e or "").split()) for e in evidence} - {""},
                    key=lambda e: (-len(e), e))
    spans: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    for sentence in wanted:
        for number, text in enumerate(texts):
            start = text.find(sentence)
            if start < 0:
                continue
            end = start + len(sentence)
            if all(end <= s or start >= e or (s <= start and end <= e)
                   for s, e, _ in spans[number]):
                spans[number].append((start, end, sentence))
                break
    ids: dict[str, str] = {}
    html_paragraphs = []
    for text, marked in zip(texts, spans, strict=True):
        marked.sort(key=lambda s: (s[0], -s[1]))
        for _, _, sentence in marked:
            ids[sentence] = EVIDENCE_ID.format(len(ids) + 1)
        html_paragraphs.append(_spans_html(text, marked, ids))
    return Article(tuple(html_paragraphs), ids)


def _spans_html(text: str, spans: list[tuple[int, int, str]], ids: Mapping[str, str]) -> str:
    """text as HTML with each (start, end) span in <span id> (spans nest or are apart)."""
    out: list[str] = []
    at = 0
    open_ends: list[int] = []
    for start, end, sentence in spans:
        while open_ends and open_ends[-1] <= start:
            close = open_ends.pop()
            out.append(_html_text(text[at:close]) + "</span>")
            at = close
        out.append(_html_text(text[at:start]) + f'<span id="{ids[sentence]}">')
        at = start
        open_ends.append(end)
    while open_ends:
        close = open_ends.pop()
        out.append(_html_text(text[at:close]) + "</span>")
        at = close
    out.append(_html_text(text[at:]))
    return "".join(out)
