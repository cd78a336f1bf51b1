"""Progress: nothing in a stage's first second, then a line every few seconds when not on a
terminal (CI logs), a tqdm bar on one; the summary gives each stage's time."""

from __future__ import annotations

import io

from generator.pipeline import Report
from generator.progress import DELAY, EVERY, Progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_lines_every_few_seconds_when_not_on_a_terminal() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress("render", 1000, "pages", stream=out, clock=clock)
    progress(10)
    assert out.getvalue() == ""  # within the first second
    clock.now += DELAY
    progress(90)
    clock.now += EVERY / 2
    progress(100)  # too soon for another line
    clock.now += EVERY / 2
    progress(50)
    progress.close()
    assert out.getvalue() == ("render: 100 of 1,000 pages (10%), 1 s\n"
                              "render: 250 of 1,000 pages (25%), 6 s\n")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_on_a_terminal_that_goes_away_at_the_end() -> None:
    out = Terminal()
    progress = Progress("extract", 3, "seeds", stream=out)
    assert progress._bar is not None
    progress(3)
    progress.close()
    assert progress._bar is None and "render:" not in out.getvalue()


def test_the_summary_gives_each_stage_its_time() -> None:
    report = Report()
    report.times.update({"extract": 1.04, "render": 2.26, "site": 9.0})
    assert report.summary() == "done in 12.3 s (extract 1.0 s, render 2.3 s, site 9.0 s)"
    with report.timed("site"):
        pass
    assert report.times["site"] >= 9.0
