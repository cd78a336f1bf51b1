"""Progress of the stages: a bar on a terminal (tqdm), a line every few seconds elsewhere.

Nothing shows for a stage that ends within its first second. The bar and the lines go to
standard error, so that standard output keeps only the stages' report lines.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, Any

DELAY = 1.0  # seconds before anything shows
EVERY = 5.0  # seconds between two lines when not on a terminal

Tick = Callable[[int], None]


class Progress:
    """Counts the items of one stage and shows how far it is."""

    def __init__(self, stage: str, total: int, unit: str, *, stream: IO[str] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stage, self.total, self.unit = stage, total, unit
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.done = 0
        self.started = clock()
        self._next = self.started + DELAY
        self._bar: Any = None
        if _is_terminal(self.stream):
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=stage, unit=f" {unit}", file=self.stream,
                             delay=DELAY, leave=False, dynamic_ncols=True)

    def __call__(self, count: int = 1) -> None:
        """count more items done."""
        self.done += count
        if self._bar is not None:
            self._bar.update(count)
            return
        now = self.clock()
        if now >= self._next:
            self._next = now + EVERY
            share = f" ({self.done / self.total:.0%})" if self.total else ""
            print(f"{self.stage}: {self.done:,} of {self.total:,} {self.unit}{share}, "
                  f"{now - self.started:.0f} s", file=self.stream, flush=True)

    def close(self) -> None:
        """The stage is over: the bar goes away (the report line says what was done)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
