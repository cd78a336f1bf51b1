"""The downloads: all briefs as JSON, all amounts as CSV, the newest briefs as an Atom feed."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import math
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from ..briefs import to_dict
from ..fsutil import remove_if_exists, write_if_changed
from ..models import Brief
from ..provenance import web_address
from .model import AmountRow, brief_path, sorted_briefs
from .text import site_link

# gzip: the JSON is a tenth of its size (14 MB, not 136, at 10,000 briefs), which keeps the
# site within what GitHub Pages takes (1 GB); every JSON reader opens it in one more call.
JSON_PATH = "downloads/briefs.json.gz"
CSV_PATH = "downloads/amounts.csv"
FEED_PATH = "feed.xml"
CSV_FIELDS = ("slug", "date", "title", "text", "value", "currency", "min", "max",
              "approximate", "subject", "usd")
FEED_SIZE = 50
# An entity's or a tag's feed: a feed reader polls it daily, and a topic has a few briefs a
# day at most; 50 entries in each of thousands of feeds were 90 MB at 10,000 briefs.
TOPIC_FEED_SIZE = 10


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


def _line(brief: Brief) -> str:
    """A brief's record in the JSON download: its fields, its text and its page's URL."""
    record = to_dict(brief)
    record["body"] = brief.body
    record["url"] = site_link(brief_path(brief))
    return strict_json(record)


def briefs_json(briefs: Sequence[Brief]) -> str:
    """All briefs, newest first, as a JSON list of their fields plus text and page URL."""
    # One brief per line, each encoded as it is joined: json's C encoder (which indent=
    # would turn off), and no list of all records (gigabytes at 10,000 briefs).
    return "".join(_member_text(run, first, last) for run, first, last in _runs(briefs))


# The download is a gzip file of several members, one per run of about MEMBER briefs:
# RFC 1952 allows it, and gunzip, Python's gzip and pandas read them as one text. A run
# ends after a brief whose slug's hash says so, not at a position, so that adding a brief
# changes one member only; each member is compressed once and kept by the digest of its
# briefs (Members), which spares an edit compressing the whole archive (2 CPU s at 10,000).
MEMBER = 64


def _ends_run(brief: Brief) -> bool:
    return hashlib.blake2b(brief.slug.encode(), digest_size=4).digest()[0] % MEMBER == 0


def _runs(briefs: Sequence[Brief]) -> list[tuple[list[Brief], bool, bool]]:
    """The runs of the download's members, newest brief first: (briefs, first, last)."""
    runs: list[list[Brief]] = [[]]
    for brief in sorted_briefs(briefs):
        if runs[-1] and _ends_run(runs[-1][-1]):
            runs.append([])
        runs[-1].append(brief)
    return [(run, n == 0, n == len(runs) - 1) for n, run in enumerate(runs)]


def _member_text(run: list[Brief], first: bool, last: bool) -> str:
    if not run:
        return "[]\n"
    return ("[\n" if first else "") + ",\n".join(map(_line, run)) + ("\n]\n" if last else ",\n")


def _member(run: list[Brief], first: bool, last: bool) -> bytes:
    return gzip.compress(_member_text(run, first, last).encode("utf-8"), compresslevel=6,
                         mtime=0)


class Members:
    """The parts of the downloads, kept in a folder between runs by the digest of their
    briefs (render() sets digest, a brief's digest as the page keys have it; code, the page
    code key; context, that of what else the pages are made of): the JSON download's
    compressed members and the CSV's runs of rows. Only answers what _member() and
    _csv_rows() would make themselves."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.code = ""
        self.context = ""
        self.digest: Callable[[Brief], bytes] = lambda brief: b""
        self.used: set[str] = set()

    def member(self, run: list[Brief], first: bool, last: bool) -> bytes:
        """_member() of the run, from the folder when it was made before."""
        return self._kept(f"{self.code} {first} {last}", run, ".gz",
                          lambda: _member(run, first, last))

    def rows(self, run: list[AmountRow]) -> str:
        """_csv_rows() of the run (the rows of a few briefs), from the folder when it was
        made before: a row's US-dollar value follows the rates, which the context holds."""
        briefs = [row.brief for n, row in enumerate(run) if not n or run[n - 1].brief is not
                  row.brief]
        return self._kept(f"{self.code} {self.context} csv", briefs, ".csv",
                          lambda: _csv_rows(run).encode("utf-8"), _utf8).decode("utf-8")

    def _kept(self, key: str, briefs: list[Brief], suffix: str, make: Callable[[], bytes],
              whole: Callable[[bytes], bool] = lambda data: data[:2] == b"\x1f\x8b") -> bytes:
        """make(), or what it made before for these briefs under this key (when whole
        says the file is whole: a damaged one is made again)."""
        hasher = hashlib.blake2b(key.encode(), digest_size=20)
        for brief in briefs:
            hasher.update(self.digest(brief))
        name = hasher.hexdigest() + suffix
        self.used.add(name)
        path = self.folder / name
        try:
            data = path.read_bytes()
            if whole(data):
                return data
        except OSError:
            pass
        data = make()
        self.folder.mkdir(parents=True, exist_ok=True)
        write_if_changed(path, data, durable=False)
        return data

    def prune(self) -> None:
        """Remove the kept parts this process did not use, of each kind (JSON, CSV) it
        used: the parts of a download not made this time stay."""
        kinds = {Path(name).suffix for name in self.used}
        if not kinds or not self.folder.is_dir():
            return
        for path in sorted(self.folder.iterdir()):
            if path.suffix in kinds and path.name not in self.used:
                remove_if_exists(path)


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def briefs_json_gz(briefs: Sequence[Brief], members: Members | None = None) -> bytes:
    """briefs_json() compressed with gzip, a member per run of briefs, the same bytes for
    the same briefs (no time); through members when given."""
    make = members.member if members is not None else _member
    return b"".join(make(run, first, last) for run, first, last in _runs(briefs))


def _csv_text(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def amounts_csv(rows: Sequence[AmountRow], members: Members | None = None) -> str:
    """One CSV row per amount, with the columns of CSV_FIELDS; through members when given,
    a run of rows per run of briefs (see _runs)."""
    if members is None:
        return _csv_rows(rows, header=True)
    return _csv_rows((), header=True) + "".join(map(members.rows, _row_runs(rows)))


def _row_runs(rows: Sequence[AmountRow]) -> list[list[AmountRow]]:
    """The rows in runs: a run ends after the rows of a brief whose slug says so
    (_ends_run), so that an edit changes one run."""
    runs: list[list[AmountRow]] = [[]]
    for row in rows:
        last = runs[-1][-1].brief if runs[-1] else None
        if last is not None and last is not row.brief and _ends_run(last):
            runs.append([])
        runs[-1].append(row)
    return runs


def _csv_rows(rows: Iterable[AmountRow], header: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
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


SUBTITLE = ("Intelligence briefs on AI infrastructure, chips, investment and technology "
            "policy.")


def atom_feed(briefs: Sequence[Brief], site_url: str | None = None, path: str = FEED_PATH,
              title: str = "Briefing", subtitle: str = SUBTITLE, page: str = "") -> str:
    """An Atom feed of the newest briefs, written to path (the site's feed, or one of an
    actor, chip, policy instrument or tag, whose page is page); links are absolute under
    site_url, else relative to the feed."""
    base = (site_url.rstrip("/") + "/") if site_url else "../" * path.count("/")
    ordered = sorted_briefs(briefs)[:FEED_SIZE]
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
    sub(feed, "title", title)
    sub(feed, "subtitle", subtitle)
    sub(feed, "id", base + path if site_url else uuid.uuid5(
        uuid.NAMESPACE_URL, "briefing:feed" + ("" if path == FEED_PATH else ":" + path)).urn)
    sub(feed, "link", rel="self", type="application/atom+xml", href=base + path)
    sub(feed, "link", rel="alternate", type="text/html", href=(base + page) or "./")
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
        original = web_address(brief.url)
        if original:
            sub(entry, "link", rel="via", type="text/html", href=original)
        sub(entry, "updated", stamp(brief.date))
        for tag in brief.tags:
            sub(entry, "category", term=tag)
        sub(entry, "summary", brief.summary or brief.title, type="text")
    ET.indent(feed)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            + ET.tostring(feed, encoding="unicode") + "\n")


def json_text(value: Any) -> str:
    """A value as JSON text (the templates' json filter)."""
    return json.dumps(value, ensure_ascii=False)


def search_languages(languages: tuple[str, ...]) -> str:
    """The languages the search has an index for, as the JSON that the indexer and the
    search page read (generator/search.py, LANGUAGES_PATH)."""
    return json.dumps({"languages": list(languages)}) + "\n"
