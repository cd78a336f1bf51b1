"""Downloads stay valid whatever a brief holds: feed.xml is well-formed XML for any headline,
summary, tag or address of the original, and downloads/briefs.json is strict JSON (no NaN or
Infinity)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import xml.etree.ElementTree as ET
import zlib
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.models import Amount, Brief, Source
from generator.render import ATOM, Members, atom_feed, briefs_json, xml_text
from generator.render.downloads import briefs_json_gz

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["\x0b", "\x00", "a\x1bb", "\ufffe", "\x7f\x85", "]]>", "<![CDATA[", "&amp;", "\ud800"])


def _brief(title: str, summary: str = "", tags: tuple[str, ...] = (), **fields: object) -> Brief:
    return Brief(title=title, slug="a", language="en", date=dt.date(2025, 5, 2),
                 source=Source("seeds/a.txt", "0" * 64), summary=summary, tags=tags,
                 **fields)  # type: ignore[arg-type]


def _strict(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=refuse)


@settings(max_examples=300, deadline=None)
@given(title=TEXT, summary=TEXT, tag=TEXT, url=st.sampled_from([None, "https://x.org/a&b/"]),
       original=TEXT)
def test_the_feed_is_well_formed_for_any_headline(title: str, summary: str, tag: str,
                                                  url: str | None, original: str) -> None:
    # original: the rest of the brief's own url (glance's field), linked from the entry
    feed = atom_feed([_brief(title, summary, (tag,), url=f"https://x.org/{original}")], url)
    root = ET.fromstring(feed.encode("utf-8"))  # a strict XML parser (expat)
    entry = root.find(f"{{{ATOM}}}entry")
    assert entry is not None
    assert (entry.findtext(f"{{{ATOM}}}title") or "") == xml_text(title)
    category = entry.find(f"{{{ATOM}}}category")
    assert category is not None and category.get("term") == xml_text(tag)


def test_xml_text_keeps_what_xml_allows() -> None:
    assert xml_text("Nvidia & AMD <b> \"x\" 'y' ÄÖÜ 日本 😀\t\n") == \
        "Nvidia & AMD <b> \"x\" 'y' ÄÖÜ 日本 😀\t\n"
    assert xml_text("a\x0bb\x00c\ufffed\ud800e") == "a b c d e"


@settings(max_examples=100, deadline=None)
@given(title=TEXT, value=st.floats() | st.integers())
def test_the_json_download_is_strict_json(title: str, value: float) -> None:
    amount = Amount(text="2 Mrd.", value=value, currency="EUR", min=float("nan"))
    data = _strict(briefs_json([_brief(title, amounts=(amount,))]))
    assert isinstance(data, list) and data[0]["title"] == title
    got = data[0]["amounts"][0]
    assert got["min"] is None
    assert got["value"] == (value if value == value and abs(value) != float("inf") else None)


def _many(count: int) -> list[Brief]:
    return [Brief(title=f"Brief {n}", slug=f"brief-{n:04d}", language="en",
                  date=dt.date(2025, 1, 1) + dt.timedelta(days=n % 300),
                  source=Source(f"seeds/{n}.txt", "0" * 64), body=f"Text {n}.\n")
            for n in range(count)]


def _members(packed: bytes) -> list[bytes]:
    """The compressed members of a gzip file, in order."""
    found, rest = [], packed
    while rest:
        reader = zlib.decompressobj(wbits=31)
        reader.decompress(rest)
        found.append(rest[:len(rest) - len(reader.unused_data)])
        rest = reader.unused_data
    return found


def test_the_json_download_is_gzip_members_that_read_as_one_list(tmp_path: Path) -> None:
    briefs = _many(400)
    packed = briefs_json_gz(briefs)
    assert gzip.decompress(packed).decode("utf-8") == briefs_json(briefs)
    assert [b["slug"] for b in json.loads(gzip.decompress(packed))] == \
        [b.slug for b in sorted(briefs, key=lambda b: (b.date, b.slug), reverse=True)]
    assert len(_members(packed)) > 3
    assert gzip.decompress(briefs_json_gz([])) == b"[]\n"
    # An edit or an addition changes one member (or two: a brief that ends a run); the
    # members memo gives the same bytes and compresses only the changed member again.
    memo = Members(tmp_path / "members")
    memo.digest = lambda brief: repr(brief).encode()
    assert briefs_json_gz(briefs, memo) == packed
    briefs[7] = replace(briefs[7], title="Edited")
    added = [*briefs, *_many(401)[400:]]
    for changed in (briefs, added):
        new = briefs_json_gz(changed)
        assert len(set(_members(new)) - set(_members(packed))) <= 2
        before = set((tmp_path / "members").iterdir())
        assert briefs_json_gz(changed, memo) == new
        assert len(set((tmp_path / "members").iterdir()) - before) <= 2
