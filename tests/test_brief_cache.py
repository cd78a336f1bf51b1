"""The parse cache of briefs (briefs.ParseCache): a warm load parses nothing, and a cache that
is missing, damaged, stale or from other code only costs time, never changes a result."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import zlib
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import briefs
from generator.briefs import Loaded, ParseCache, load_all, parsecache, reading
from generator.models import Actor, Amount, Brief, Source

BAD = FIXTURES / "bad_briefs"


def make_brief(slug: str, **changes: Any) -> Brief:
    """A small valid brief whose seed is seeds/<slug>.txt."""
    fields: dict[str, Any] = {
        "title": f"Nvidia baut in {slug}", "slug": slug, "language": "de", "date": None,
        "source": Source(f"seeds/{slug}.txt", hashlib.sha256(slug.encode()).hexdigest()),
        "summary": "Nvidia investiert 2 Milliarden Euro.",
        "actors": (Actor(name="Nvidia", kind="organization", mentions=2, evidence="Nvidia."),),
        "amounts": (Amount(text="2 Milliarden Euro", value=2_000_000_000, currency="EUR",
                           evidence="2 Milliarden Euro."),),
        "tags": ("investment",), "body": f"Nvidia baut in {slug}\n\nText.\n",
        "extra": {"notes": "checked"},
    }
    fields.update(changes)
    return Brief(**fields)


def _same(a: Loaded, b: Loaded) -> None:
    """Equal, field types and extras included (Brief equality ignores extra, 2 == 2.0)."""
    assert [repr(x) for x in a.briefs] == [repr(x) for x in b.briefs]
    assert a.paths == b.paths
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]


class Parses:
    """Counts the texts briefs.load parses (the cache's misses)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real = reading.load

        def counting(text: str, path: Path | str) -> Any:
            self.paths.append(Path(path).name)
            return real(text, path)
        monkeypatch.setattr(reading, "load", counting)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three valid briefs and one broken one."""
    folder = tmp_path / "briefs"
    folder.mkdir()
    for slug in ("a", "b", "c"):
        (folder / f"{slug}.md").write_text(briefs.dump(make_brief(slug)), "utf-8")
    shutil.copy(BAD / "bad-date.md", folder / "bad-date.md")
    return folder


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / ".briefing" / "parsed"


@pytest.fixture
def warm(folder: Path, state: Path) -> Loaded:
    """The folder loaded once through the cache (which now holds its valid briefs)."""
    return load_all(folder, ParseCache(state))


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Parses:
    return Parses(monkeypatch)


def _entries(state: Path) -> list[Path]:
    return sorted(state.glob("*.pickle"))


def test_a_warm_load_parses_only_the_broken_brief(folder: Path, state: Path, warm: Loaded,
                                                  parses: Parses) -> None:
    _same(warm, load_all(folder))
    assert len(_entries(state)) == 3  # the broken brief has none
    parses.paths.clear()
    again = load_all(folder, ParseCache(state))
    _same(again, warm)
    assert parses.paths == ["bad-date.md"]
    assert [str(p) for p in again.problems] == [
        f"{folder / 'bad-date.md'}:5: date: '2025-02-30' is not a real date "
        "(write YYYY-MM-DD or null)"]


def test_a_hand_edit_is_read_again(folder: Path, state: Path, warm: Loaded,
                                   parses: Parses) -> None:
    path = folder / "b.md"
    path.write_text(path.read_text("utf-8").replace("notes: checked", "notes: edited"), "utf-8")
    loaded = load_all(folder, ParseCache(state))
    assert sorted(parses.paths) == ["b.md", "bad-date.md"]
    assert loaded.briefs[1].extra["notes"] == "edited"
    _same(loaded, load_all(folder))


def test_each_brief_gets_the_mark_of_its_files_bytes(folder: Path, state: Path,
                                                     warm: Loaded) -> None:
    """Equal bytes (through the cache or parsed afresh), equal marks; an edit, another mark;
    no marks without a cache."""
    assert len(warm.marks) == len(warm.briefs) == 3
    assert len(set(warm.marks)) == 3
    assert load_all(folder, ParseCache(state)).marks == warm.marks
    assert load_all(folder, ParseCache(state.parent / "other")).marks == warm.marks
    assert load_all(folder).marks == ()
    path = folder / "b.md"
    path.write_text(path.read_text("utf-8").replace("notes: checked", "notes: edited"), "utf-8")
    edited = load_all(folder, ParseCache(state)).marks
    assert (edited[0], edited[2]) == (warm.marks[0], warm.marks[2])
    assert edited[1] != warm.marks[1]


def test_an_edit_that_breaks_a_brief_is_reported(folder: Path, state: Path,
                                                 warm: Loaded) -> None:
    path = folder / "a.md"
    path.write_text(path.read_text("utf-8").replace("kind: organization", "kind: company"),
                    "utf-8")
    loaded = load_all(folder, ParseCache(state))
    assert [b.slug for b in loaded.briefs] == ["b", "c"]
    assert any("actors.0.kind: 'company' is not one of" in str(p) for p in loaded.problems)
    _same(loaded, load_all(folder))


def test_a_damaged_entry_is_a_miss(folder: Path, state: Path, warm: Loaded,
                                   parses: Parses) -> None:
    first, second, third = _entries(state)
    first.write_bytes(b"not a cache entry")
    raw = bytearray(second.read_bytes())
    raw[-20] ^= 0xFF  # one flipped byte inside the pickle: the CRC no longer matches
    second.write_bytes(bytes(raw))
    third.write_bytes(third.read_bytes()[:200])  # cut short, as by a full disk
    _same(load_all(folder, ParseCache(state)), warm)
    assert len(parses.paths) == 4
    assert len(_entries(state)) == 3
    parses.paths.clear()
    load_all(folder, ParseCache(state))
    assert parses.paths == ["bad-date.md"]  # repaired


def test_an_entry_of_other_code_is_a_miss(folder: Path, state: Path, warm: Loaded,
                                          parses: Parses, monkeypatch: pytest.MonkeyPatch,
                                          ) -> None:
    monkeypatch.setattr(parsecache, "_parse_version", lambda: b"0" * 64)
    _same(load_all(folder, ParseCache(state)), warm)
    assert len(parses.paths) == 4


def test_an_entry_under_another_files_name_is_a_miss(folder: Path, state: Path,
                                                     warm: Loaded, parses: Parses) -> None:
    digest = hashlib.sha256((folder / "a.md").read_bytes()).hexdigest()
    other = hashlib.sha256((folder / "b.md").read_bytes()).hexdigest()
    shutil.copy(state / f"{digest}.pickle", state / f"{other}.pickle")
    loaded = load_all(folder, ParseCache(state))
    assert [b.slug for b in loaded.briefs] == ["a", "b", "c"]
    assert sorted(parses.paths) == ["b.md", "bad-date.md"]


def test_entries_of_briefs_gone_are_pruned(folder: Path, state: Path, warm: Loaded) -> None:
    (folder / "c.md").unlink()
    load_all(folder, ParseCache(state))
    names = {p.stem for p in _entries(state)}
    assert names == {hashlib.sha256((folder / f"{s}.md").read_bytes()).hexdigest()
                     for s in ("a", "b")}


def test_an_unusable_cache_folder_only_costs_time(folder: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", "utf-8")
    _same(load_all(folder, ParseCache(blocked)), load_all(folder))
    _same(load_all(folder, ParseCache(blocked / "below")), load_all(folder))


def test_slug_problems_are_found_on_a_warm_load(folder: Path, state: Path) -> None:
    (folder / "d.md").write_text(briefs.dump(make_brief("a")), "utf-8")  # slug a, file d
    cold = load_all(folder, ParseCache(state))
    warm = load_all(folder, ParseCache(state))
    _same(warm, cold)
    assert any("slug: 'a' is not the file name 'd.md'" in str(p) for p in warm.problems)


def test_crlf_files_are_cached_by_their_bytes(folder: Path, state: Path,
                                              parses: Parses) -> None:
    path = folder / "a.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    cold = load_all(folder, ParseCache(state))
    _same(load_all(folder, ParseCache(state)), cold)
    assert parses.paths.count("a.md") == 1
    _same(cold, load_all(folder))


def test_bad_fixtures_give_the_same_messages_through_the_cache(tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    shutil.copytree(BAD, folder)
    state = tmp_path / "state"
    plain = load_all(folder)
    for _ in range(2):
        _same(load_all(folder, ParseCache(state)), plain)
    assert len(_entries(state)) == 1  # good.md


def test_the_cache_pickles_exactly_what_was_parsed(tmp_path: Path) -> None:
    brief = make_brief("a", amounts=(Amount(text="x", value=2.5, currency="EUR", min=1.0),),
                       extra={"reviewed": False, "conflicts": [{"field": "title", "x": None}]})
    key = briefs.text_hash(b"text")
    ParseCache(tmp_path).put(key, brief)
    back = ParseCache(tmp_path).get(key)
    assert repr(back) == repr(brief) and back is not None and back.extra == brief.extra
    assert ParseCache(tmp_path).get(briefs.text_hash(b"other text")) is None



class _Touch:
    """Unpickles as a call that creates a file: what a planted entry might try."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return Path.touch, (self.path,)


def test_a_planted_entry_runs_nothing(tmp_path: Path) -> None:
    key = briefs.text_hash(b"text")
    marker = tmp_path / "ran"
    payload = parsecache._pickled((key, _Touch(marker)))
    raw = b"%s %08x\n%s" % (parsecache._parse_version(), zlib.crc32(payload), payload)
    (tmp_path / f"{key}.pickle").write_bytes(raw)
    assert ParseCache(tmp_path).get(key) is None
    assert not marker.exists()


class Reads:
    """Counts the brief files load_all reads."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real = reading.read_bytes

        def counting(path: Path) -> bytes:
            self.paths.append(path.name)
            return real(path)
        monkeypatch.setattr(reading, "read_bytes", counting)


def test_a_file_as_it_was_hashed_is_not_read_again(folder: Path, state: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Its stat (mtime, ctime, size, inode) gives its hash; a changed stat reads it again."""
    monkeypatch.setattr(parsecache, "_SETTLED_NS", -1)  # these files are settled at once
    warm = load_all(folder, ParseCache(state))
    reads = Reads(monkeypatch)
    again = load_all(folder, ParseCache(state))
    _same(again, warm)
    assert again.marks == warm.marks
    assert reads.paths == ["bad-date.md"]  # broken: never kept
    path = folder / "b.md"
    path.write_text(path.read_text("utf-8").replace("notes: checked", "notes: edited"), "utf-8")
    reads.paths.clear()
    edited = load_all(folder, ParseCache(state))
    assert sorted(reads.paths) == ["b.md", "bad-date.md"]
    assert edited.briefs[1].extra["notes"] == "edited"
    (folder / "c.md").unlink()
    load_all(folder, ParseCache(state))
    assert sorted(parsecache.json.loads((state / "files.json").read_text("utf-8"))) == \
        ["a.md", "b.md"]


def test_a_file_changed_just_before_its_stat_is_read_again(folder: Path, state: Path,
                                                           warm: Loaded,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           ) -> None:
    """A file changed within the last seconds (the fixture's) may change again within one
    tick of the clock, unseen by its stat: it is hashed again until it has settled."""
    reads = Reads(monkeypatch)
    load_all(folder, ParseCache(state))
    assert sorted(reads.paths) == ["a.md", "b.md", "bad-date.md", "c.md"]


@given(st.lists(st.tuples(st.sampled_from(["a", "b"]), st.sampled_from(
    ["notes: aa", "notes: bb", "notes: cc", "kind: company"])), max_size=6))
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_loading_by_stat_equals_loading_every_file(
        tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
        edits: list[tuple[str, str]]) -> None:
    """After any edits (each file's mtime moved on, as a later save would; most keep its
    size), a load through the stat index gives what reading every file gives."""
    monkeypatch.setattr(parsecache, "_SETTLED_NS", -1)
    root = tmp_path_factory.mktemp("stat")
    folder, state = root / "briefs", root / "parsed"
    folder.mkdir()
    for slug in ("a", "b", "c"):
        (folder / f"{slug}.md").write_text(briefs.dump(make_brief(slug)), "utf-8")
    load_all(folder, ParseCache(state))
    for step, (slug, change) in enumerate(edits, 1):
        path = folder / f"{slug}.md"
        text = path.read_text("utf-8")
        field = change.split(":")[0]
        text = re.sub(rf"^{field}: .*$", change, text, count=1, flags=re.M) \
            if field != "kind" else text.replace("kind: organization", change)
        mtime = path.stat().st_mtime_ns
        path.write_text(text, "utf-8")
        os.utime(path, ns=(mtime + step, mtime + step))
        through = load_all(folder, ParseCache(state))
        _same(through, load_all(folder))
        assert through.marks == load_all(folder, ParseCache(root / "fresh")).marks
