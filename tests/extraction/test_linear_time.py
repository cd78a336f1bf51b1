"""Extraction time grows with the length of a seed, whatever the seed holds.

Adversarial seeds repeat the things the rules look back from or look ahead of: cue words
("Act", "nm", "-gesetz"), titles, capitals, digits, brackets and punctuation. Every backward
scan stops where an earlier one stopped, runs of capitals are cut at a name's length, and
overlaps are tested in log time, so four times the text takes about four times as long.

The tests compare 400 KB with a quarter of it on the same machine, so they hold on a slow
or busy one; `bench/bench_adversarial.py` prints the CPU seconds per megabyte (issue 12: under
5 s on the project's machine).
"""

from __future__ import annotations

import time

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.extract import extract
from generator.models import Source

SIZE = 400_000  # characters: enough for work that grows with the square to show
# Linear growth gives 4 for four times the text, n log n under 5, quadratic 16.
GROWTH = 8.0

PIECES = ["Act ", "nm ", "3-nm-", "das Xgesetz ", "Sen. ", "Dr. ", "Prof. ", "Alpha ",
          "Beta ", "Bank of ", "GmbH ", "(ABC) ", "„Kommune“ ", "12,5 Mrd. Euro ", "$5 ",
          "Ministry ", "of ", "und ", ", ", ". ", "- ", "Polens ", "die namibische Regierung ",
          "CEO ", "Sam Altman ", "Peter ", "von ", "der ", "Start-up ", "Fonds ", "section ",
          "45V ", "Nvidia ", "H100 ", "investors ", "backed by ", "\n", "Q: ", "+++ "]


def _cpu(text: str) -> float:
    """CPU seconds to extract text."""
    start = time.process_time()
    extract(text, source=Source("seeds/big.txt", "0" * 64), slug="big")
    return time.process_time() - start


def _growth(unit: str) -> float:
    """How many times longer SIZE of unit takes than a quarter of it, the better of two."""
    quarter, whole = unit * (SIZE // 4 // len(unit)), unit * (SIZE // len(unit))
    best = float("inf")
    small = float("inf")
    for _ in range(2):
        # Another process on the core slows one measurement, rarely both: keep each one's best.
        small = min(small, _cpu(quarter))
        best = min(best, _cpu(whole) / small)
        if best < GROWTH:
            break
    return best


# No shrinking: each smaller example would take seconds, and the failing unit says enough.
@settings(max_examples=6, deadline=None, derandomize=True, phases=(Phase.generate,),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6))
def test_repeated_cues_grow_linearly(pieces: list[str]) -> None:
    _cpu("Die Bundesregierung und Nvidia. The government.")  # dictionaries loaded once
    assert _growth("".join(pieces)) < GROWTH


def test_the_slowest_cases_before_are_linear_now() -> None:
    # "Act " * 8000 took 12 s and "nm " * 32000 67 s: the rule starts read back over runs.
    # A quarter megabyte of known names among capitals took 25 s: each word was compared
    # with every knowledge-base match. Abbreviations in brackets were compared with every
    # name and every person, a body's noun before 'für' with every name.
    _cpu("Die Bundesregierung und Nvidia. The government.")
    for unit in ("Act ", "nm ", "das Xgesetz ", "Sen. Otávio Mendes de Barros, ",
                 "Polens Nvidia und Peter der Q: ", "(ABC) die namibische Regierung , Sen. GmbH ",
                 "(ABC) Peter Müller ", "Sam Altman Peter Thiel (ABC) ",
                 "die namibische Regierung für Sen. "):
        assert _growth(unit) < GROWTH, unit

