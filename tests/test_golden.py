"""Golden files: bundled seeds -> briefs -> docs. Update with pytest --update-golden."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest

from generator.config import load_project
from generator.pipeline import run
from generator.render import MANIFEST

GOLDEN = Path(__file__).resolve().parent / "golden"


def _text(path: Path) -> str:
    """A file's text; a gzip file's (kept in tests/golden as its text, to read in a diff)."""
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix().removesuffix(".gz"): _text(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".") and ".base" not in p.parts
    }


def _compare(actual: Path, golden: Path, update: bool) -> None:
    got = _tree(actual)
    if update:
        shutil.rmtree(golden, ignore_errors=True)
        for rel, text in got.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_text(text, encoding="utf-8")
        return
    want = _tree(golden)
    assert sorted(got) == sorted(want), "file lists differ; run pytest --update-golden"
    for rel, text in want.items():
        assert got[rel] == text, f"{rel} differs from tests/golden; run pytest --update-golden"


def test_bundled_seeds_give_the_golden_briefs_and_docs(
    bundled: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)  # the feed holds absolute links
    os.chdir(bundled)
    report = run(load_project(bundled), jobs=1)
    assert report.ok, report.problems
    _compare(bundled / "briefs", GOLDEN / "briefs", update_golden)
    generated = bundled / "golden-docs"
    manifest = json.loads((bundled / "docs" / MANIFEST).read_text(encoding="utf-8"))
    for rel in manifest["pages"]:
        (generated / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(bundled / "docs" / rel, generated / rel)
    _compare(generated, GOLDEN / "docs", update_golden)
