"""Downloads stay valid whatever a brief holds: feed.xml is well-formed XML for any headline,
summary, tag or address of the original, and downloads/briefs.json is strict JSON (no NaN or
Infinity)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import tempfile
import xml.etree.ElementTree as ET
import zlib
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.models import Amount, Brief, Source
from generator.render import (
    ATOM,
    Members,
    amount_rows,
    atom_feed,
    briefs_json,
    default_rates,
    xml_text,
)
from generator.render.downloads import _row_runs, amounts_csv, briefs_json_gz

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


def _with_amounts(briefs: list[Brief]) -> list[Brief]:
    """Every other brief with one or two amounts (the others have no CSV row)."""
    return [replace(b, amounts=tuple(Amount(text=f"{n + k} EUR", value=n + k, currency="EUR",
                                            evidence="x") for k in range(1 + n % 2)))
            if n % 2 == 0 else b for n, b in enumerate(briefs)]


@given(st.lists(st.tuples(st.sampled_from(["title", "amount", "add", "remove"]),
                          st.integers(0, 10_000)), min_size=1, max_size=5))
@settings(max_examples=15, deadline=None)
def test_the_csv_through_its_memo_is_the_csv(edits: list[tuple[str, int]]) -> None:
    """The CSV made of kept runs of rows equals the one made at once, after any edits; an
    edit makes one run again (two when the brief ended a run or now ends one)."""
    briefs = _with_amounts(_many(500))
    with tempfile.TemporaryDirectory() as folder:
        memo = Members(Path(folder))
        memo.digest = lambda brief: repr(brief).encode()
        for action, number in [("start", 0), *edits]:
            index = number % len(briefs)
            if action == "title":
                briefs[index] = replace(briefs[index], title=f"Edited {number}")
            elif action == "amount":
                briefs[index] = replace(briefs[index], amounts=(Amount(
                    text="7 USD", value=7, currency="USD", evidence="y"),))
            elif action == "add":
                briefs.append(replace(_many(1)[0], slug=f"new-{number}", amounts=(Amount(
                    text="1 EUR", value=1, currency="EUR", evidence="z"),)))
            elif len(briefs) > 1:
                briefs.pop(index)
            rows = amount_rows(briefs, {"actors": {}}, default_rates())
            before = set(Path(folder).iterdir())
            assert amounts_csv(rows, memo) == amounts_csv(rows)
            made = set(Path(folder).iterdir()) - before
            assert len(made) == len(_row_runs(rows)) if action == "start" else len(made) <= 2
            assert len(_row_runs(rows)) >= 3


def test_damaged_or_unused_parts_of_the_downloads(tmp_path: Path) -> None:
    """A kept run of CSV rows that is no UTF-8 is made again; pruning removes the unused
    parts of each kind used, and leaves the other kind alone."""
    briefs = _with_amounts(_many(200))
    rows = amount_rows(briefs, {"actors": {}}, default_rates())
    memo = Members(tmp_path)
    memo.digest = lambda brief: repr(brief).encode()
    briefs_json_gz(briefs, memo)
    amounts_csv(rows, memo)
    kept = sorted(tmp_path.glob("*.csv"))
    kept[0].write_bytes(b"\xff\xfe")
    (tmp_path / "old.csv").write_text("x", "utf-8")
    (tmp_path / "old.gz").write_bytes(b"x")
    again = Members(tmp_path)
    again.digest = memo.digest
    assert amounts_csv(rows, again) == amounts_csv(rows)
    again.prune()
    assert not (tmp_path / "old.csv").exists() and (tmp_path / "old.gz").exists()
    assert len(list(tmp_path.glob("*.gz"))) == len(_members(briefs_json_gz(briefs))) + 1
