"""Benchmark: CPU seconds to extract a megabyte of adversarial text, and how it grows.

Each row repeats one unit (cue words, titles, capitals, digits, punctuation) to a quarter of
a megabyte and to a megabyte, and prints the CPU seconds of each (the better of ``--repeat``
runs) and their ratio: about 4 when extraction time is linear in the length of a seed.
Issue 12's bound is 5 CPU seconds per megabyte on the project's machine::

    .venv/bin/python bench/bench_adversarial.py [--repeat 2]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.extract import extract  # noqa: E402
from generator.models import Source  # noqa: E402

MEGABYTE = 1_000_000
BOUND = 5.0
UNITS = ("Act ", "nm ", "das Xgesetz ", "Sen. Otávio Mendes de Barros, ", "3-nm-",
         "(ABC) ", "Bank of ", "12,5 Mrd. Euro ", "die namibische Regierung ",
         "backed by Alpha Beta, ", "„Kommune“ Polens ", "\n+++ Q: $5 ")


def cpu(text: str, repeat: int) -> float:
    """The best CPU seconds of repeat extractions of text."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        extract(text, source=Source("seeds/big.txt", "0" * 64), slug="big")
        best = min(best, time.process_time() - start)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs per size, the best counts")
    args = parser.parse_args(argv)
    cpu("Die Bundesregierung und Nvidia. The government.", 1)  # dictionaries loaded once
    print(f"{'unit':36} {'1/4 MB s':>9} {'1 MB s':>8} {'growth':>7}")
    worst = 0.0
    for unit in UNITS:
        quarter = cpu(unit * (MEGABYTE // 4 // len(unit)), args.repeat)
        whole = cpu(unit * (MEGABYTE // len(unit)), args.repeat)
        worst = max(worst, whole)
        print(f"{unit!r:36} {quarter:9.2f} {whole:8.2f} {whole / quarter:7.1f}")
    print(f"slowest megabyte: {worst:.2f} CPU s (bound {BOUND:.0f} s: "
          f"{'met' if worst <= BOUND else 'not met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
