"""Benchmark of generator.extraction.places: load time, memory and lookups per second.

    .venv/bin/python bench/bench_places.py

Times are CPU seconds of this process (time.process_time), which other work on a shared
machine disturbs less than wall-clock time. Each load is measured in a fresh interpreter.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter: what one process pays, once, for the gazetteer.
LOAD = """
import json, resource, time, tracemalloc
from generator import kb
from generator.extraction import places
if {after_kb}:
    kb.default()
if {traced}:
    tracemalloc.start()
def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
before = rss()
started = time.process_time()
gazetteer = kb.default().places if {after_kb} else places.default()
print(json.dumps({{"load": time.process_time() - started,
                  "memory_mb": tracemalloc.get_traced_memory()[0] / 1e6,
                  "rss_growth_mb": rss() - before}}))
"""

LOOKUPS = [
    ("place", "Fortaleza"), ("place", "Kiel"), ("place", "Georgia"), ("place", "Xyzzy"),
    ("places", "Springfield"), ("place_of_genitive", "Polens"),
    ("country_of_adjective", "namibischen"), ("country_of_adjective", "Kenyan"),
    ("countries_of_adjective", "deutsch-namibische"),
    ("region_of_adjective", "rheinland-pfälzische"),
    ("city_of_adjective", "Kieler"), ("city_of_adjective", "Wendelstedter"),
]


def load(after_kb: bool, traced: bool = False) -> dict[str, float]:
    code = LOAD.format(after_kb=after_kb, traced=traced)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(out)
    return result


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from generator import kb
    from generator.extraction import places

    alone = min((load(False) for _ in range(3)), key=lambda r: r["load"])
    after = min((load(True) for _ in range(3)), key=lambda r: r["load"])
    memory = load(False, traced=True)
    print("gazetteer load, CPU seconds in a fresh interpreter (best of 3)")
    print(f"  alone (babel's CLDR data, YAML, city table): {alone['load']:.3f} s")
    print(f"  after the knowledge base (which reads the city table too): {after['load']:.3f} s")
    print(f"  memory: {memory['memory_mb']:.1f} MB allocated and held (tracemalloc),"
          f" resident size grows {alone['rss_growth_mb']:.1f} MB")
    table = places.bundled_table()
    print(f"  city table: {len(table):,} rows")
    gazetteer = places.default()
    sources = {name: kb.bundled(name) for name in ("countries", "regions", "cities")}
    names = list(itertools.islice(table.names(), 0, None, 20))
    fresh = places.from_sources(sources)  # no answer kept yet
    started = time.process_time()
    for name in names:
        fresh.place(name)
    first = (time.process_time() - started) / len(names) * 1e6
    print(f"lookups, microseconds per call (CPU)\n  place() of {len(names):,} different"
          f" names of the table, each asked for the first time: {first:.1f}")
    print("  repeated calls (answers are kept per name):")
    for function, word in LOOKUPS:
        method = getattr(gazetteer, function)
        number = 20000
        repeated = timeit.timeit(lambda m=method, w=word: m(w), number=number,
                                 timer=time.process_time) / number * 1e6
        print(f"    {function}({word!r}): {repeated:5.2f}")


if __name__ == "__main__":
    main()
