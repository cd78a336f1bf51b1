"""A hand edit of a brief whose seed is unchanged is merged with its snapshot, not extracted.

The merge snapshot (briefs/.base/) holds the last extraction; while the seed, the
extraction fingerprint and the snapshot are as the last run left them, extracting the seed
again gives the snapshot, so the merge is the same without it (generator/cache.py,
ExtractCache.extraction). These tests compare every outcome with the run that extracts.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_incremental import _extract_line, _files

from generator import kb as kbmod
from generator.briefs import base_path, dump_yaml, load_front_matter
from generator.cache import ExtractCache
from generator.config import load_project
from generator.pipeline import Report, run

BRIEF = "de-03-nvidia-h20-china"


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data, body, _node, _offset = load_front_matter(path.read_text("utf-8"), path)
    change(data)
    path.write_text(f"---\n{dump_yaml(data)}---\n\n{body}", encoding="utf-8")


def _extract(root: Path) -> Report:
    return run(load_project(root), do_render=False, jobs=1)


def _no_knowledge_base(*_args: Any) -> Any:
    raise AssertionError("the knowledge base was loaded")


def test_a_hand_edit_is_merged_without_loading_the_knowledge_base(
        bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _extract(bundled)
    path = bundled / "briefs" / f"{BRIEF}.md"
    _edit(path, lambda data: data.update(notes="checked"))
    text = path.read_text("utf-8")
    monkeypatch.setattr(kbmod, "default", _no_knowledge_base)
    assert _extract_line(_extract(bundled)) == (11, 0, 11, 0, 11, 0, 0)
    assert path.read_text("utf-8") == text
    assert _extract_line(_extract(bundled)) == (11, 0, 11, 0, 11, 0, 0)


def _title(data: dict[str, Any]) -> None:
    data["title"] = "Edited by hand"


def _drop_actor(data: dict[str, Any]) -> None:
    data["actors"] = data["actors"][1:]


def _add_actor(data: dict[str, Any]) -> None:
    data["actors"].append({"name": "Jane Analyst", "kind": "person", "mentions": 0,
                           "evidence": "Added by hand."})


def _reviewed(data: dict[str, Any]) -> None:
    data["reviewed"] = True


def _conflict_kept(data: dict[str, Any]) -> None:
    data["conflicts"] = [{"field": "title", "kept": data["title"], "extracted": "Other"}]


def _other_source(data: dict[str, Any]) -> None:
    data["source"] = {"path": "elsewhere.txt", "sha256": "0" * 64}


def _bad_date(data: dict[str, Any]) -> None:
    data["date"] = "someday"


def _broken_yaml(path: Path) -> None:
    path.write_text(path.read_text("utf-8").replace("\ntitle: ", "\ntitle: [", 1), "utf-8")


def _changed(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    return lambda path: _edit(path, change)


EDITS: dict[str, Callable[[Path], None]] = {
    "title": _changed(_title), "drop_actor": _changed(_drop_actor),
    "add_actor": _changed(_add_actor), "reviewed": _changed(_reviewed),
    "conflict_kept": _changed(_conflict_kept), "other_source": _changed(_other_source),
    "bad_date": _changed(_bad_date),
}
EDITS["broken_yaml"] = _broken_yaml
EDITS["deleted"] = lambda path: path.unlink()


def _outcome(root: Path) -> tuple[Any, ...]:
    """What a run reports (its extract line without the counts of extracted and cached
    seeds) and leaves in briefs/, with the project's folder as ROOT."""
    report = _extract(root)
    lines = [line.split("), ", 1)[1] if line.startswith("extract:") else line
             for line in report.lines]
    briefs = {str(p.relative_to(root)): p.read_bytes().replace(str(root).encode(), b"ROOT")
              for p in sorted((root / "briefs").rglob("*")) if p.is_file()}
    said = [[str(x).replace(str(root), "ROOT") for x in found]
            for found in (lines, report.notes, report.problems)]
    return (*said, briefs)


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_the_merge_with_the_snapshot_is_the_merge_with_a_new_extraction(
        bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str) -> None:
    _extract(bundled)
    twin = tmp_path / "twin"
    shutil.copytree(bundled, twin, symlinks=True)
    for root in (bundled, twin):
        EDITS[edit](root / "briefs" / f"{BRIEF}.md")
    with monkeypatch.context() as patched:
        patched.setattr(ExtractCache, "extraction", lambda *_args: None)
        extracted = [_outcome(twin), _outcome(twin)]
    assert [_outcome(bundled), _outcome(bundled)] == extracted


@pytest.mark.parametrize("change", ["edited", "deleted"])
def test_a_touched_snapshot_means_extracting_again(bundled: Path, change: str) -> None:
    _extract(bundled)
    brief = bundled / "briefs" / f"{BRIEF}.md"
    base = base_path(brief.parent, brief.stem)
    snapshot = base.read_text("utf-8")
    _edit(brief, _title)
    if change == "edited":
        base.write_text(snapshot.replace('"title": "', '"title": "Forged ', 1), "utf-8")
    else:
        base.unlink()
    assert _extract_line(_extract(bundled))[1:3] == (1, 10)
    assert base.read_text("utf-8") == snapshot
    assert _extract_line(_extract(bundled))[1:3] == (0, 11)


def test_a_reviewed_brief_is_extracted_again_once_no_longer_reviewed(bundled: Path) -> None:
    _extract(bundled)
    brief = bundled / "briefs" / f"{BRIEF}.md"
    _edit(brief, _reviewed)
    assert _extract_line(_extract(bundled))[1:3] == (0, 11)  # the snapshot stood in
    _edit(brief, lambda data: data.pop("reviewed"))
    # A reviewed brief's snapshot is not kept up to date: it never stands in.
    assert _extract_line(_extract(bundled))[1:3] == (1, 10)


def test_a_changed_seed_is_extracted_even_when_its_brief_was_edited(bundled: Path) -> None:
    _extract(bundled)
    before = _files(bundled / "briefs")
    _edit(bundled / "briefs" / "en-01-tsmc-arizona.md", _title)
    seed = bundled / "seeds" / "en_01_tsmc_arizona.txt"
    seed.write_text(seed.read_text("utf-8") + "\nTSMC declined to comment further.\n", "utf-8")
    assert _extract_line(_extract(bundled))[1:3] == (1, 10)
    assert _files(bundled / "briefs") != before
