"""Where an article was published: its web address (a brief's `url`).

Found in an HTML seed's <link rel="canonical"> or <meta property="og:url">, or in a text
seed's 'Quelle:', 'Source:' or 'URL:' line (or a line holding only the address); an analyst
may also write it into the brief by hand. Only an absolute http(s) address is ever taken,
and only such an address is ever made a link (web_address).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

MAX_LENGTH = 2_000
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"'<>\\`{}|^]")
_LABEL = re.compile(
    r"^\W*(?:quelle|quellen|source|sources|url|link|original|originalartikel|online|"
    r"zuerst erschienen|first published|published at|via)\b[^:\n]{0,40}:\s*(?P<rest>.*)$",
    re.I)
_ADDRESS = re.compile(r"https?://[^\s<>\"'`]+", re.I)
_ALONE = re.compile(r"^\s*<?(?P<url>https?://[^\s<>]+?)>?\s*$", re.I)
_TRAILING = ".,;:!?)]}»“”’'\""


def web_address(value: object) -> str | None:
    """value as an absolute http(s) address safe to link to, else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > MAX_LENGTH or _UNSAFE.search(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts.scheme.lower() + text[len(parts.scheme):]


def host(url: str | None) -> str:
    """The site of an address, for showing: 'https://www.ft.com/content/1' -> 'ft.com'."""
    address = web_address(url)
    if address is None:
        return ""
    name = urlsplit(address).hostname or ""
    return name.removeprefix("www.")


def _first_address(text: str) -> str | None:
    for match in _ADDRESS.finditer(text):
        found = web_address(match.group(0).rstrip(_TRAILING))
        if found:
            return found
    return None


def text_url(text: str) -> str | None:
    """The address on a text seed's 'Quelle:' / 'Source:' / 'URL:' line, or on a line of
    its own; the first one found."""
    alone: str | None = None
    for line in text.split("\n"):
        if "://" not in line:
            continue
        labelled = _LABEL.match(line)
        if labelled:
            found = _first_address(labelled.group("rest"))
            if found:
                return found
        if alone is None:
            bare = _ALONE.match(line)
            alone = web_address(bare.group("url").rstrip(_TRAILING)) if bare else None
    return alone


class _Head(HTMLParser):
    """Collects the canonical link and og:url of a page's head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.canonical: str | None = None
        self.og_url: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k.lower(): (v or "") for k, v in attrs}
        if tag == "link" and "canonical" in found.get("rel", "").lower().split():
            self.canonical = self.canonical or found.get("href")
        elif tag == "meta" and found.get("property", found.get("name", "")).lower() \
                in ("og:url", "twitter:url"):
            self.og_url = self.og_url or found.get("content")


_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.I)


def page_url(raw: str) -> str | None:
    """The address an HTML page gives for itself: canonical link, else og:url."""
    end = _HEAD_END.search(raw)
    head = _Head()
    try:
        head.feed(raw[: end.start() if end else 200_000])
        head.close()
    except (AssertionError, ValueError):  # an HTML parser gives up on broken markup
        pass
    og = web_address(head.og_url)
    if head.canonical:
        found = web_address(head.canonical) or (
            web_address(urljoin(og, head.canonical.strip())) if og else None)
        if found:
            return found
    return og
