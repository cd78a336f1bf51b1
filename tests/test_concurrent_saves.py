"""An analyst saving a brief while a run merges into it: no save is ever overwritten.

A writer thread saves the same brief every 50 ms, as an editor does (read it, change
`notes:`, write the file in place), while the seed changes and the brief is extracted and
merged again: at least 50 runs, and on until the writer has saved 100 times (it shares the
interpreter with the runs, so its pace varies). Before each save the writer checks that its
previous save is still in the file; a save that is not has been overwritten by the run.
(Before the fix: 9 of 46 and 11 of 41 saves overwritten in 50 runs.)
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from conftest import make_project

from generator import fsutil
from generator.briefs import dump_yaml, load_front_matter, read
from generator.config import load_project
from generator.errors import BriefError
from generator.pipeline import run

SEED = ("Nvidia baut Rechenzentrum in Berlin\nBerlin, 02.05.2025\n\nNvidia-Chef Jensen Huang "
        "kündigte Investitionen von 2 Milliarden Euro an. Die Bundesregierung begrüßt das.\n")
RUNS = 50
SAVES = 100
LIMIT = 1000  # runs at most, should the writer hardly get to run


class Writer(threading.Thread):
    """Saves the brief every 50 ms with notes: save <n>; counts the saves found overwritten."""

    def __init__(self, brief: Path) -> None:
        super().__init__(daemon=True)
        self.brief = brief
        self.stop = threading.Event()
        self.saves = 0
        self.lost: list[int] = []
        self.unreadable = 0
        self.missing = 0

    def check(self) -> None:
        """Whether the last save is still in the file (after the runs: once more)."""
        text = self.brief.read_text("utf-8")
        if self.saves and f"notes: save {self.saves}\n" not in text:
            self.lost.append(self.saves)

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.check()
                data, body, _node, _offset = load_front_matter(
                    self.brief.read_text("utf-8"), self.brief)
            except FileNotFoundError:
                self.missing += 1  # never where files are swapped in one step (Linux)
                continue
            except BriefError:
                self.unreadable += 1  # never: the run writes whole files only
                continue
            data["notes"] = f"save {self.saves + 1}"
            self.brief.write_text(f"---\n{dump_yaml(data)}---\n\n{body}", "utf-8")
            self.saves += 1
            time.sleep(0.05)


@pytest.mark.slow
def test_no_save_is_lost_while_the_brief_is_merged_again_and_again(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", {"nvidia.txt": SEED})
    project = load_project(root)
    assert run(project, do_render=False, jobs=1).ok
    brief = root / "briefs" / "nvidia.md"
    seed = root / "seeds" / "nvidia.txt"
    writer = Writer(brief)
    writer.start()
    notes: list[str] = []
    runs = 0
    try:
        while runs < LIMIT and (runs < RUNS or writer.saves < SAVES):
            runs += 1
            seed.write_text(SEED + f"\nIntel legt {runs} Milliarden Euro nach.\n", "utf-8")
            report = run(project, do_render=False, jobs=1)
            notes.extend(report.notes)
    finally:
        writer.stop.set()
        writer.join()
    writer.check()
    print(f"{writer.saves} saves during {runs} runs, {len(writer.lost)} overwritten, "
          f"{sum('saved while this run merged it' in n for n in notes)} left for the next run, "
          f"{writer.missing} reads found no file")
    assert writer.saves >= SAVES and writer.unreadable == 0
    (tmp_path / "x").touch()
    if fsutil.exchange(tmp_path / "x", seed):  # the file system swaps files in one step
        fsutil.exchange(tmp_path / "x", seed)
        assert writer.missing == 0
    assert writer.lost == []
    report = run(project, do_render=False, jobs=1)  # quiet now
    assert report.ok and read(brief).extra["notes"] == f"save {writer.saves}"
