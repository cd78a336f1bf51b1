"""Downloads stay valid whatever a brief holds: feed.xml is well-formed XML for any headline,
summary, tag or address of the original, and downloads/briefs.json is strict JSON (no NaN or
Infinity)."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.models import Amount, Brief, Source
from generator.render import ATOM, atom_feed, briefs_json, xml_text

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
