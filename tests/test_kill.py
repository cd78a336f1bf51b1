"""A run killed at any moment leaves every brief and page old or new and complete.

Two hundred generated seeds are built, some briefs are edited by hand, then every seed is
changed (and some removed and added). A reference copy is rebuilt without interruption: that
gives the "new" version of every file. Another copy is rebuilt by the real command line in a
subprocess that is SIGKILLed (with its worker processes) at random moments, chosen with a
fixed seed: after a random number of briefs or pages written, and at a random time. After every
kill each brief and page must be absent, the old or the new file, byte for byte (so complete
and parseable), with no stray file a later run could take for a brief. A last uninterrupted
run must then produce exactly the reference result and remove the leftover temporary files.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import make_project, site_tree

from generator.briefs import brief_paths, read
from generator.fsutil import CLAIM_SUFFIX, TEMP_NAME
from generator.search import _records_prefix, _scratch

SEEDS = 200
RANDOM = random.Random(20250502)
MANIFEST = ".briefing-manifest.json"
COMPANIES = ["Nvidia", "TSMC", "Intel", "Samsung", "AMD", "Microsoft", "OpenAI", "Infineon",
             "SAP", "Deutsche Telekom"]
PEOPLE = [("Jensen Huang", "Nvidia-Chef"), ("Lisa Su", "AMD-Chefin"),
          ("Sam Altman", "OpenAI-Chef"), ("Christian Klein", "SAP-Chef")]
CITIES = ["Berlin", "München", "Dresden", "Magdeburg", "Frankfurt", "Hamburg"]


def _article(rng: random.Random, number: int) -> str:
    company, other = rng.choice(COMPANIES), rng.choice(COMPANIES)
    person, role = rng.choice(PEOPLE)
    city, amount = rng.choice(CITIES), rng.randint(1, 90)
    return (f"{company} investiert {amount} Milliarden Euro in {city} ({number})\n"
            f"{city}, {rng.randint(1, 28):02d}.0{rng.randint(1, 9)}.2025\n\n"
            f"{role} {person} kündigte Investitionen von {amount} Milliarden Euro in {city} an. "
            f"Auch {other} prüft einen Ausbau. Die Bundesregierung begrüßt das Vorhaben.\n\n"
            f"Der Bau soll {rng.randint(2025, 2030)} beginnen. Rund {rng.randint(100, 5000)} "
            "Arbeitsplätze sollen entstehen.\n")


def _command() -> str:
    """extract, then render, through the installed command line."""
    briefing = Path(sys.executable).with_name("briefing")
    exe = str(briefing) if briefing.exists() else \
        f"{sys.executable} -c 'from generator.cli import main; main()'"
    return f"{exe} extract --jobs 2 && {exe} render"


def _start(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(_command(), shell=True, cwd=root, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _finish(root: Path) -> float:
    """Run to the end; the wall-clock time it started."""
    started = time.time()
    process = _start(root)
    _out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err.decode()
    return started


def _temporary(name: str) -> bool:
    """A temporary file, or a brief a run moved aside to replace it (restored by the next)."""
    return bool(TEMP_NAME.fullmatch(name)) or name.endswith(CLAIM_SUFFIX)


def _files(root: Path) -> dict[str, bytes]:
    """Every file below briefs/ and docs/ (temporary files left out)."""
    found = {}
    for folder in (root / "briefs", root / "docs"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not _temporary(path.name):
                found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def _temp_files(root: Path) -> list[Path]:
    return [p for folder in (root / "briefs", root / "docs") for p in folder.rglob(".*")
            if p.is_file() and _temporary(p.name)]


def _change_seeds(seeds: Path) -> None:
    rng = random.Random(7)
    for number, path in enumerate(sorted(seeds.glob("*.txt"))):
        if number % 40 == 3:
            path.unlink()
            continue
        extra = rng.randint(1, 9)
        path.write_text(path.read_text("utf-8") + f"\nIntel legt weitere {extra} Milliarden "
                        "Euro nach.\n", "utf-8")
    for number in range(5):
        (seeds / f"new_{number}.txt").write_text(_article(rng, 1000 + number), "utf-8")


def _edit_by_hand(briefs: Path) -> None:
    for number, path in enumerate(brief_paths(briefs)):
        if number % 10:
            continue
        text = path.read_text("utf-8")
        text = text.replace("\nsummary:", "\nnotes: checked by hand\nsummary:", 1)
        text = text.replace("\ntitle: ", "\ntitle: Edited - ", 1)
        path.write_text(text, "utf-8")


def _written(root: Path, folder: str, since: float) -> int:
    """How many files below folder were written at or after since (temporary ones aside)."""
    count = 0
    for path in (root / folder).rglob("*"):
        try:
            if not _temporary(path.name) and path.stat().st_mtime >= since:
                count += 1
        except FileNotFoundError:
            pass  # replaced while we looked
    return count


def _kill_after(root: Path, folder: str, files: int, limit: float) -> None:
    """Start a run; SIGKILL it (and its workers) once it has written files into folder."""
    started = time.time()
    process = _start(root)
    while process.poll() is None and time.time() - started < limit:
        if folder and _written(root, folder, started) >= files:
            break
        time.sleep(0.005)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)


def _remaining(root: Path, folder: str, new: dict[str, bytes]) -> int:
    """How many files of folder the run still has to write to reach the new version."""
    now = _files(root)
    return sum(1 for rel, data in new.items() if rel.startswith(f"{folder}/")
               and now.get(rel) != data and not rel.endswith(MANIFEST))


def _check(root: Path, old: dict[str, bytes], new: dict[str, bytes]) -> tuple[str, str]:
    """Every file is the old or the new version; for briefs and pages: old, new or mixed."""
    versions: dict[str, set[str]] = {"briefs": set(), "docs": set()}
    for rel, data in _files(root).items():
        if rel == f"docs/{MANIFEST}":
            continue  # claims pages ahead of writing them: may list old and new pages
        assert data in (old.get(rel), new.get(rel)), f"{rel} is neither old nor new"
        if old.get(rel) != new.get(rel):
            versions[rel.split("/")[0]].add("old" if data == old.get(rel) else "new")
    for path in brief_paths(root / "briefs"):
        read(path)  # parseable, never truncated
    present = _files(root)
    for rel in old:
        if rel.startswith("briefs/") and rel.endswith(".md") and rel not in present:
            name = rel.split("/")[-1]  # moved aside to be replaced: the next run puts it back
            assert list((root / "briefs").glob(f".{name}.*{CLAIM_SUFFIX}")), f"{rel} is lost"
    for temp in _temp_files(root):
        assert temp.name.startswith("."), temp  # hidden: never taken for a brief
    states = ["mixed" if len(v) > 1 else next(iter(v), "none") for v in versions.values()]
    return states[0], states[1]


@pytest.mark.slow
def test_killed_runs_leave_old_or_new_files_and_the_next_run_finishes(tmp_path: Path) -> None:
    rng = random.Random(4)
    seeds = {f"seed_{n:03d}.txt": _article(rng, n) for n in range(SEEDS)}
    first = make_project(tmp_path / "first", seeds)
    _finish(first)
    _edit_by_hand(first / "briefs")
    old = _files(first)

    reference = tmp_path / "reference"
    shutil.copytree(first, reference, symlinks=True)
    _change_seeds(reference / "seeds")
    started = _finish(reference)
    new = _files(reference)
    assert sum(old.get(rel) != data for rel, data in new.items()) > SEEDS
    duration = time.time() - started

    killed = tmp_path / "killed"
    shutil.copytree(first, killed, symlinks=True)
    _change_seeds(killed / "seeds")
    # Twice while briefs are written and twice while pages are written, each time after a
    # random number of files (so that the run is caught half-way), then at a random time.
    seen = []
    for folder in ("briefs", "briefs", "docs", "docs", ""):
        remaining = _remaining(killed, folder, new) if folder else 0
        if remaining >= 2:
            _kill_after(killed, folder, RANDOM.randint(1, remaining // 2), duration * 3)
        else:
            _kill_after(killed, "", 0, RANDOM.uniform(0, duration))
        seen.append(_check(killed, old, new))
    assert seen[0][0] == "mixed" and seen[2][1] == "mixed", seen  # caught half-way

    _finish(killed)
    assert _temp_files(killed) == []
    final = _files(killed)
    final.pop(f"docs/{MANIFEST}")
    expected = dict(new)
    expected.pop(f"docs/{MANIFEST}")
    assert sorted(final) == sorted(expected)
    for rel, data in expected.items():
        assert final[rel] == data, f"{rel} differs from the uninterrupted run"


def _build(root: Path) -> subprocess.Popen[bytes]:
    briefing = Path(sys.executable).with_name("briefing")
    exe = str(briefing) if briefing.exists() else \
        f"{sys.executable} -c 'from generator.cli import main; main()'"
    return subprocess.Popen(f"{exe} build --jobs 2", shell=True, cwd=root,
                            start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def _building(root: Path, old_index: int) -> bool:
    """Whether MkDocs has started: a staging folder beside site/, or site/ itself changed."""
    beside = [p for p in root.iterdir() if p.name.startswith(".site.new-")]
    try:
        return bool(beside) or (root / "site" / "index.html").stat().st_mtime_ns != old_index
    except FileNotFoundError:
        return True


@pytest.mark.slow
def test_a_killed_build_leaves_the_old_site_or_the_new_one(tmp_path: Path) -> None:
    rng = random.Random(11)
    root = make_project(tmp_path / "proj", {f"s_{n:02d}.txt": _article(rng, n)
                                            for n in range(30)})
    done = _build(root)
    assert done.wait(timeout=600) == 0, done.stderr.read().decode()  # type: ignore[union-attr]
    old = site_tree(root / "site")
    _change_seeds(root / "seeds")
    reference = tmp_path / "reference"
    shutil.copytree(root, reference, symlinks=True)
    done = _build(reference)
    assert done.wait(timeout=600) == 0, done.stderr.read().decode()  # type: ignore[union-attr]
    new = site_tree(reference / "site")
    assert new != old
    kills = 0
    for delay in (0.0, 0.3, 1.0, 2.0):
        old_index = (root / "site" / "index.html").stat().st_mtime_ns
        process = _build(root)
        started = time.time()
        while process.poll() is None and not _building(root, old_index) \
                and time.time() - started < 300:
            time.sleep(0.005)
        time.sleep(delay * RANDOM.random())
        if process.poll() is None:
            kills += 1
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        assert site_tree(root / "site") in (old, new), "site/ is half-written"
    assert kills >= 2
    done = _build(root)
    assert done.wait(timeout=600) == 0, done.stderr.read().decode()  # type: ignore[union-attr]
    assert site_tree(root / "site") == new
    # Nothing a killed build left; the site before, kept for the next build, at most.
    assert [p.name for p in root.iterdir() if p.name.startswith(".site.")] in (
        [], [".site.spare"])
    # Nor the search records of a build killed while indexing (in /dev/shm, see search.py).
    assert list(_scratch(root / "site").glob(f"{_records_prefix(root / 'site')}*")) == []
