"""What a run did and what went wrong, collected by the stages for the CLI to print."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from .errors import BriefingError


@dataclass
class Report:
    """What a run did and what went wrong, for the CLI to print."""

    lines: list[str] = field(default_factory=list)
    problems: list[BriefingError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    times: dict[str, float] = field(default_factory=dict)  # seconds by stage

    def say(self, line: str) -> None:
        self.lines.append(line)

    @property
    def ok(self) -> bool:
        return not self.problems

    @contextlib.contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Adds the wall-clock time of the block to the stage's."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.times[stage] = self.times.get(stage, 0.0) + time.perf_counter() - started

    def summary(self) -> str:
        """'done in 12.3 s (extract 1.0 s, render 2.3 s, site 9.0 s)'."""
        parts = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in self.times.items())
        return f"done in {sum(self.times.values()):.1f} s ({parts})"
