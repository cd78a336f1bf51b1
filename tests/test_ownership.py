"""Which brief belongs to which seed, whatever an analyst does to the files.

A renamed seed keeps its brief (its bytes match the orphaned brief's source hash), --prune
says what it removes, a copied brief never rewrites the original (one owner per seed, chosen
the same way everywhere, the copy reported by check), and duplicate seeds give one brief.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.briefs import line_of, read
from generator.cli import cli

SEED = ("Nvidia baut Rechenzentrum in Berlin\nBerlin, 02.05.2025\n\nNvidia-Chef Jensen Huang "
        "kündigte Investitionen von 2 Milliarden Euro an.\n")
OTHER = ("TSMC investiert in Dresden\nDresden, 20.08.2024\n\nTSMC-Chef C.C. Wei kam nach "
         "Dresden. Das Werk kostet rund 10 Milliarden Euro.\n")


def _run(*args: str, ok: bool = True) -> Result:
    jobs = ["--jobs", "1"] if args[0] in ("extract", "build") else []
    result = CliRunner().invoke(cli, [*args, *jobs])
    if ok:
        assert result.exit_code == 0, result.output
    return result


def _briefs(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "briefs").glob("*.md"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def root(project: Path) -> Path:
    os.chdir(project)
    return project


# --- item 2: a renamed seed keeps its brief ----------------------------------------------


def test_a_renamed_seed_adopts_its_brief_with_the_edits(root: Path) -> None:
    (root / "seeds" / "a.txt").write_text(SEED, "utf-8")
    _run("extract")
    brief = root / "briefs" / "a.md"
    _edit(brief, "\ntitle: ", "\nnotes: checked by hand\ntitle: ")
    (root / "seeds" / "a.txt").rename(root / "seeds" / "a_2025.txt")
    result = _run("extract")
    assert _briefs(root) == ["a.md"]
    adopted = read(brief)
    assert adopted.source.path == "seeds/a_2025.txt" and adopted.slug == "a"
    assert adopted.extra["notes"] == "checked by hand"
    assert "orphaned" not in result.stderr
    result = _run("extract", "--prune")
    assert _briefs(root) == ["a.md"] and "removed" not in result.output
    assert read(brief).extra["notes"] == "checked by hand"
    assert "0 extracted" in _run("extract").stdout  # settled: the cache knows the new owner


def test_prune_says_every_file_it_removes(root: Path) -> None:
    (root / "seeds" / "a.txt").write_text(SEED, "utf-8")
    (root / "seeds" / "b.txt").write_text(OTHER, "utf-8")
    _run("extract")
    (root / "seeds" / "a.txt").unlink()
    result = _run("extract")
    assert result.stderr == ("note: briefs/a.md: orphaned, its seed is gone (remove with "
                             "--prune)\n")
    result = _run("extract", "--prune")
    assert result.stdout.splitlines()[:2] == [
        "removed briefs/a.md: its seed seeds/a.txt is gone",
        "removed briefs/.base/a.yaml: the merge snapshot of briefs/a.md"]
    assert _briefs(root) == ["b.md"]
    assert not (root / "briefs" / ".base" / "a.yaml").exists()


# --- item 3: a copied brief never rewrites another ---------------------------------------


def _copy(root: Path, name: str) -> Path:
    original = (root / "briefs" / "nvidia.md").read_text("utf-8")
    copy = root / "briefs" / f"{name}.md"
    copy.write_text(original.replace("slug: nvidia", f"slug: {name}")
                    .replace("title: Nvidia baut", "title: Kopie Nvidia baut"), "utf-8")
    return copy


@pytest.mark.parametrize("name", ["zcopy", "a-copy"])  # the copy sorts after or before it
def test_a_copied_brief_never_rewrites_the_original(root: Path, name: str) -> None:
    (root / "seeds" / "nvidia.txt").write_text(SEED, "utf-8")
    _run("extract")
    original = root / "briefs" / "nvidia.md"
    copy = _copy(root, name)
    copied = copy.read_bytes()
    (root / "seeds" / "nvidia.txt").write_text(SEED + "\nIntel legt nach.\n", "utf-8")
    for _ in range(2):
        _run("extract")
        assert read(original).slug == "nvidia"
        assert "Intel legt nach" in read(original).body  # the original is the one updated
        assert copy.read_bytes() == copied
        _run("render")  # no build is stopped
    line = line_of(copy, ["source", "path"])
    check = _run("check", ok=False)
    assert check.exit_code == 1
    assert check.stderr.splitlines()[0] == (
        f"error: briefs/{name}.md:{line}: source: seeds/nvidia.txt is the seed of "
        "briefs/nvidia.md too, which is the one updated from it (point source.path at "
        "another seed, or delete one of the two briefs)")


def test_a_conflict_is_reported_against_its_own_file(root: Path) -> None:
    (root / "seeds" / "nvidia.txt").write_text(SEED, "utf-8")
    _run("extract")
    original = root / "briefs" / "nvidia.md"
    _edit(original, "title: Nvidia baut Rechenzentrum in Berlin",
          "title: Nvidia baut in Berlin (geprüft)")
    _copy(root, "zcopy")
    (root / "seeds" / "nvidia.txt").write_text(SEED.replace("in Berlin\n", "in Spandau\n", 1),
                                               "utf-8")
    result = _run("extract")
    assert "note: briefs/nvidia.md: kept your edit where the new extraction differs: title" \
        in result.stderr
    check = _run("check", ok=False)
    conflicts = [line for line in check.stderr.splitlines() if "conflict in title" in line]
    assert len(conflicts) == 1 and conflicts[0].startswith("error: briefs/nvidia.md:")


# --- item 9: duplicate seeds give one brief ----------------------------------------------


def test_a_duplicate_seed_added_later_gives_no_second_brief(root: Path) -> None:
    (root / "seeds" / "nvidia.txt").write_text(SEED, "utf-8")
    _run("extract")
    (root / "seeds" / "0-copy.txt").write_text(SEED, "utf-8")  # sorts before the first
    for _ in range(2):
        result = _run("extract")
        assert _briefs(root) == ["nvidia.md"]
        assert result.stderr == ("note: seeds/0-copy.txt: same content as seeds/nvidia.txt; "
                                 "one brief for both\n")


def test_duplicate_seeds_at_once_give_one_brief(root: Path) -> None:
    (root / "seeds" / "b.txt").write_text(SEED, "utf-8")
    (root / "seeds" / "a.txt").write_text(SEED, "utf-8")
    result = _run("extract")
    assert _briefs(root) == ["a.md"]
    assert result.stderr == "note: seeds/b.txt: same content as seeds/a.txt; one brief for both\n"
