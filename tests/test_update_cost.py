"""briefs.update() reads only the briefs it touches when it is told who owns which brief,
and decides exactly as when it reads them all; what it writes goes into the parse cache."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURES, make_project
from test_brief_cache import Parses, make_brief
from test_seed_changes import article

from generator import briefs
from generator.briefs import ParseCache, Updated, load_all, update, updating
from generator.cache import ExtractCache
from generator.config import load_project
from generator.pipeline import run

BAD = FIXTURES / "bad_briefs"


class Reads:
    """Counts the brief files update() reads."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        real = updating.read_bytes

        def counting(path: Path) -> bytes:
            self.names.append(path.name)
            return real(path)
        monkeypatch.setattr(updating, "read_bytes", counting)


def _owners(folder: Path) -> dict[str, Path]:
    return ExtractCache(None, "").owners(folder)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Ten valid briefs, as the extract stage leaves them."""
    folder = tmp_path / "briefs"
    folder.mkdir()
    for number in range(10):
        slug = f"b{number}"
        (folder / f"{slug}.md").write_text(briefs.dump(make_brief(slug)), "utf-8")
    return folder


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """Briefs of every awkward kind: broken ones naming their seed, two with one seed, an
    unreadable one, orphans (valid, reviewed, broken), one squatting on another's slug."""
    folder = tmp_path / "messy"
    folder.mkdir()

    def put(name: str, text: str | bytes) -> None:
        path = folder / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))

    put("a.md", briefs.dump(make_brief("a")))
    put("b.md", briefs.dump(make_brief("b")).replace("\nslug: b\n", "\nslug: [b\n"))
    put("c.md", briefs.dump(make_brief("c")))
    put("c2.md", briefs.dump(make_brief("c2", source=make_brief("c").source)))
    put("d.md", (BAD / "not-utf8.md").read_bytes())
    put("e.md", briefs.dump(make_brief("e")))
    put("f.md", briefs.dump(make_brief("f", extra={"reviewed": True})))
    put("g.md", (BAD / "bad-date.md").read_text("utf-8").replace("seeds/bad-date.txt",
                                                                 "seeds/g.txt"))
    put("h.md", briefs.dump(make_brief("h", source=make_brief("other").source)))
    put("i.md", briefs.dump(make_brief("i", extra={"reviewed": True})))
    return folder


def _new(slug: str, summary: str = "Neu.") -> briefs.Brief:
    return replace(make_brief(slug), summary=summary, extra={})


EXTRACTED = [_new("a"), _new("b"), _new("c"), _new("g"), _new("h"), _new("i"), _new("n")]
PRESENT = {f"seeds/{s}.txt" for s in "abcghin"}


def _shown(updated: Updated, root: Path) -> str:
    return repr(updated).replace(str(root), "<root>")


def test_with_owners_only_the_touched_briefs_are_read(folder: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    owners = _owners(folder)
    reads = Reads(monkeypatch)
    updated = update(folder, [_new("b3")], set(owners), owners=owners)
    assert reads.names == ["b3.md"]
    assert updated.written == (str(folder / "b3.md"),)


def test_without_owners_every_brief_is_read(folder: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    reads = Reads(monkeypatch)
    update(folder, [_new("b3")], None)
    assert sorted(reads.names) == sorted(f"b{n}.md" for n in range(10))


def test_orphans_are_read_to_see_whether_they_are_reviewed(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    owners = _owners(folder)
    reads = Reads(monkeypatch)
    updated = update(folder, [], set(owners) - {"seeds/b7.txt"}, owners=owners, prune=True)
    assert reads.names == ["b7.md"]
    assert updated.removed == (str(folder / "b7.md"),)


@pytest.mark.parametrize("prune", [False, True])
def test_owners_give_the_same_decisions_as_reading_every_brief(messy: Path, tmp_path: Path,
                                                               prune: bool) -> None:
    scanned = tmp_path / "scanned"
    shutil.copytree(messy, scanned)
    by_index = update(messy, EXTRACTED, PRESENT, prune=prune, owners=_owners(messy))
    by_scan = update(scanned, EXTRACTED, PRESENT, prune=prune)
    assert _shown(by_index, messy) == _shown(by_scan, scanned)
    assert {p.name: p.read_bytes() for p in messy.rglob("*") if p.is_file()} == \
        {p.name: p.read_bytes() for p in scanned.rglob("*") if p.is_file()}
    problems = [str(p) for p in by_index.problems]
    assert any("b.md" in p and "not updated from seeds/b.txt" in p for p in problems)
    assert any("h.md" in p and "the brief is seeds/other.txt's" in p for p in problems)
    assert by_index.frozen == (str(messy / "i.md"),)


def test_written_briefs_are_recorded_as_they_read(folder: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ParseCache(tmp_path / "parsed")
    update(folder, [_new("b3", "Geändert."), _new("new")], None, cache=cache)
    parses = Parses(monkeypatch)
    loaded = load_all(folder, ParseCache(tmp_path / "parsed"))
    assert "b3.md" not in parses.paths and "new.md" not in parses.paths
    monkeypatch.undo()
    assert [repr(b) for b in loaded.briefs] == [repr(b) for b in load_all(folder).briefs]


def test_a_merge_the_quick_check_cannot_vouch_for_is_parsed_later(
        folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # jsonschema takes "EUR\n" for ^[A-Z]{3}$ ('$' matches before a final line break); the
    # quick check does not, so it cannot vouch for the merged text.
    path = folder / "b3.md"
    path.write_text(path.read_text("utf-8").replace("currency: EUR", 'currency: "EUR\\n"'),
                    "utf-8")
    cache = ParseCache(tmp_path / "parsed")
    update(folder, [_new("b3", "Geändert.")], None, cache=cache)
    parses = Parses(monkeypatch)
    loaded = load_all(folder, ParseCache(tmp_path / "parsed"))
    assert parses.paths == ["b3.md"]
    assert [b.amounts[0].currency for b in loaded.briefs if b.slug == "b3"] == ["EUR\n"]
    monkeypatch.undo()
    assert [repr(b) for b in loaded.briefs] == [repr(b) for b in load_all(folder).briefs]


def test_a_rebuild_after_one_changed_seed_parses_no_brief(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = {f"s{n}.txt": article(f"Firma{n}", n + 1) for n in range(12)}
    root = make_project(tmp_path / "p", seeds)
    os.chdir(root)
    assert run(load_project(root), jobs=1).ok
    (root / "seeds" / "s4.txt").write_text(article("Firma4", 99), "utf-8")
    parses = Parses(monkeypatch)
    report = run(load_project(root), jobs=1)
    assert report.ok, report.problems
    assert any(line.startswith("extract: 12 seeds (1 extracted, 11 cached), 1 briefs written")
               for line in report.lines), report.lines
    assert parses.paths == []
    assert any(a.value == 99_000_000_000 for a in briefs.read(root / "briefs" / "s4.md").amounts)
