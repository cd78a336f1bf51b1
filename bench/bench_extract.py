"""Benchmark: articles per second of extract() on one core, against spaCy's EntityRuler.

Run with ``make bench-extract`` or directly::

    .venv/bin/python bench/bench_extract.py [--articles 1000] [--seed 3] [--repeat 3]

It generates a deterministic (seeded) corpus of German and English news articles of 2-5 KB
whose entities are drawn from the knowledge base (actors with roles, chips, policy, media,
places), with money amounts in many formats and dates, then measures on CPU core 0 only:

* ours, full  - ``generator.extract.extract()``: every category (actors, people by rule,
  organisations by legal form, amounts, chips, policy, tags, summary, date);
* ours, KB    - ``KnowledgeBase.find()`` only: the Aho-Corasick knowledge-base matching;
* spaCy       - ``spacy.blank(lang)`` tokenizer plus an EntityRuler holding every surface form
  of every entry (``generator.kb.surface_forms``) as phrase patterns, one ``nlp(text)`` per
  article and ``nlp.pipe(texts, batch_size=N)``; also the bare tokenizer as a floor.

It prints a table with articles/s, KB/s and the ratios, reports the knowledge-base load time
and the spaCy pipeline build time separately, and writes everything to bench/out/extract.json
(git-ignored). spaCy is a benchmark-only dependency::

    .venv/bin/pip install --require-hashes --no-deps -r bench/requirements-bench.lock

Without it the spaCy rows are skipped with that hint. ``--profile`` adds a cProfile run of
the full extraction and lists the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import io
import json
import os
import platform
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Keep any native thread pools (numpy/blis inside spaCy) to one thread before they load.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

INSTALL_HINT = (".venv/bin/pip install --require-hashes --no-deps "
                "-r bench/requirements-bench.lock")

# ---------------------------------------------------------------------------------------------
# Corpus


@dataclass(frozen=True)
class Article:
    """One generated article: its language (known to the generator) and text."""

    language: str
    text: str


# Used only when the knowledge base has no entry of a kind, so the corpus stays realistic.
FALLBACK: dict[str, list[str]] = {
    "organization": ["Nvidia", "TSMC", "Intel", "Samsung", "SK Hynix", "OpenAI", "Microsoft"],
    "government": ["Commerce Department", "European Commission", "Bundesregierung"],
    "country": ["Germany", "United States", "China", "Taiwan", "Japan", "France"],
    "chip": ["Nvidia H100", "Nvidia B200", "AMD MI300X", "HBM3E", "Google TPU v5p"],
    "policy": ["CHIPS and Science Act", "EU AI Act", "European Chips Act"],
    "media": ["Reuters", "Bloomberg", "Handelsblatt", "Financial Times"],
    "place": ["Arizona", "Magdeburg", "Dresden", "Texas", "Hsinchu"],
}
FALLBACK_PEOPLE = [("Jensen Huang", "CEO", "Nvidia"), ("Lisa Su", "CEO", "AMD"),
                   ("Sam Altman", "CEO", "OpenAI"), ("Thierry Breton", "Commissioner", None)]

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember"]

ROLES_DE = {"CEO": "Chef", "CFO": "Finanzchef", "CTO": "Technikchef", "President": "Präsident",
            "Chairman": "Aufsichtsratschef", "Minister": "Minister",
            "Commissioner": "Kommissar", "Secretary": "Ministerin"}
ROLES_EN = ["CEO", "chief executive", "chief financial officer", "president", "chairman",
            "Commerce Secretary", "Commissioner", "analyst", "spokesperson", "founder"]

EN_SENTENCES = [
    "{org} said on {weekday} that it would invest {amount} in new data centres in {place}.",
    "{person_role} told {media} that demand for the {chip} still exceeded supply.",
    "{person}, {role_en} of {org}, said the company expected revenue of {amount} this year.",
    "According to {media}, {org} is in talks to raise {amount} at a valuation of {amount2}.",
    "The {policy} requires companies to disclose training data, {org} said in a filing.",
    "{country} has set aside {amount} to support domestic chip production until {year}.",
    "{org} and {org2} signed an agreement worth {amount}, {media} reported on {date_en}.",
    "Shipments of the {chip} to {country} were halted after the {policy} took effect.",
    "Analysts at {org} estimate that capital spending will reach {amount} in {year}.",
    "The {gov} said on {date_en} it would review the deal under the {policy}.",
    "{person_role} said {org} would build a fab in {place} employing {num} people.",
    "The plant, which will make {chip} parts, is expected to cost {amount}.",
    "{org} shares rose {pct}% after the company reported net income of {amount}.",
    "The funding round of {amount} was led by {org}, with {org2} also taking part.",
    "{media} first reported that {org} plans to buy {num} units of the {chip}.",
    "Under the {policy}, {country} may block exports worth {amount} a year.",
    "The deal values {org} at between {amount} and {amount2}, people familiar said.",
    "Officials in {place} said the project would draw {amount} in private investment.",
    "{org} expects its {chip} to ship in volume in the {quarter} quarter of {year}.",
    "The contract, signed on {date_en}, is worth {amount} over {num_small} years.",
    "A spokesperson for {org} declined to comment on the report by {media}.",
    "The company's order backlog grew to {amount}, up {pct}% from a year earlier.",
]
DE_SENTENCES = [
    "{org} kündigte am {weekday_de} an, {amount} in neue Rechenzentren in {place} zu investieren.",
    "{person_role_de} sagte dem {media}, die Nachfrage nach dem {chip} übersteige das Angebot.",
    "Wie {media} berichtete, verhandelt {org} über eine Finanzierung von {amount}.",
    "Die Bundesregierung stellt für das Werk in {place} Subventionen von {amount} bereit.",
    "Der {policy} verpflichtet Anbieter zu mehr Transparenz, teilte {org} mit.",
    "{country} will bis {year} insgesamt {amount} in die Halbleiterproduktion stecken.",
    "{org} und {org2} unterzeichneten am {date_de} einen Vertrag über {amount}.",
    "Lieferungen des {chip} nach {country} wurden nach Inkrafttreten des {policy} gestoppt.",
    "Analysten von {org} schätzen die Investitionen im Jahr {year} auf {amount}.",
    "{person_role_de} kündigte an, in {place} eine Fabrik mit {num} Beschäftigten zu bauen.",
    "Die Aktie von {org} legte um {pct_de} Prozent zu, der Gewinn lag bei {amount}.",
    "Die Finanzierungsrunde über {amount} wurde von {org} angeführt, auch {org2} beteiligte sich.",
    "Dem {media} zufolge plant {org} den Kauf von {num} Einheiten des {chip}.",
    "Nach dem {policy} darf {country} Ausfuhren im Wert von {amount} untersagen.",
    "Die Bewertung von {org} liege zwischen {amount} und {amount2}, hieß es aus Kreisen.",
    "Die Behörden in {place} rechnen mit privaten Investitionen von {amount}.",
    "{org} will den {chip} im {quarter_de} Quartal {year} in großen Stückzahlen ausliefern.",
    "Der am {date_de} unterzeichnete Vertrag hat ein Volumen von {amount}.",
    "Ein Sprecher von {org} wollte sich zu dem Bericht von {media} nicht äußern.",
    "Der Auftragsbestand wuchs auf {amount}, ein Plus von {pct_de} Prozent.",
    "{gov} will das Vorhaben nach dem {policy} prüfen, hieß es am {date_de}.",
    "{person}, {role_de} von {org}, rechnet mit einem Umsatz von {amount}.",
]
EN_HEADLINES = ["{org} to invest {amount} in {place}", "{country} tightens rules on {chip} exports",
                "{org} raises {amount} as AI spending surges", "{policy}: what changes for {org}"]
DE_HEADLINES = ["{org} investiert {amount} in {place}", "{country} verschärft Regeln für {chip}",
                "{org} sammelt {amount} ein", "{policy}: Was sich für {org} ändert"]


def _money_en(rng: random.Random) -> str:
    """An English money phrase: symbols, codes, scale words, ranges, qualifiers, vagueness."""
    v = rng.choice([1.2, 2.5, 6.6, 10, 35.1, 43, 80, 157, 500, 3.9, 7.03, 455])
    n = rng.randint(2, 999)
    cents = rng.randint(10, 99)
    return rng.choice([
        f"${v} billion", f"${v}bn", f"€{v}bn", f"US${n} million", f"£{v}bn", f"${n}m",
        f"between ${n} million and ${n + rng.randint(1, 50)} million",
        f"more than ${v} billion", f"about €{v} billion", f"{n} trillion won",
        f"¥{v} trillion", f"₹{n},000 crore", f"SAR {n} billion", "tens of billions of dollars",
        f"EUR {v} million", f"${n},{rng.randint(100, 999)}", f"up to ${v} billion",
        f"roughly {n} million euros", f"Rs {n},000 crore", f"${n}k", "several billion dollars",
        "nearly $1 trillion", f"€{n}.{cents} million", f"CHF {n} million",
        "hundreds of millions of dollars", "a $2bn-plus",
    ])


def _money_de(rng: random.Random) -> str:
    """A German money phrase: Mrd./Mio., Billionen, decimal commas, ranges, qualifiers."""
    v = rng.choice(["1,2", "2,5", "6,6", "10", "35,1", "43", "80", "157", "500", "3,9", "24,45"])
    n = rng.randint(2, 999)
    return rng.choice([
        f"{v} Milliarden Dollar", f"{v} Mrd. Euro", f"{n} Mio. US-Dollar",
        f"rund {v} Milliarden Euro", f"zwischen {v} und {n} Milliarden Euro",
        f"{v} Billionen Yen", "mehrere hundert Milliarden Dollar",
        f"{n},{rng.randint(10, 99)} Euro", f"knapp {v} Mrd. €", f"{n} Millionen Franken",
        f"über {n} Millionen Euro", f"{v} Billionen Won", f"EUR {n}.{rng.randint(100, 999)}",
        f"{n} Mio. €", f"bis zu {v} Milliarden Euro", f"mehr als {v} Billionen Dollar",
        f"{n} Milliarden Taiwan-Dollar", f"etwa {n} Millionen Pfund", f"{v} Mrd. US-Dollar",
        "einer Milliarde Euro", f"{n}.000 Euro", "mehreren zehn Milliarden Dollar",
    ])


class CorpusGenerator:
    """Deterministic news-like articles built from knowledge-base entries."""

    def __init__(self, kb: Any) -> None:
        pools: dict[str, list[str]] = {key: [] for key in FALLBACK}
        people: list[tuple[str, str, str | None]] = []
        self.fallback: list[str] = []
        for entry in sorted(kb.entries, key=lambda e: (e.type, e.name)):
            if entry.type == "actor" and entry.kind == "person":
                people.append((entry.name, entry.role or "", entry.org))
                continue
            key = entry.kind if entry.type == "actor" else entry.type
            if key not in pools:
                continue
            # The canonical name, sometimes an alias (as written in the knowledge base).
            pools[key].append(entry.name)
            pools[key].extend(a for a in entry.aliases[:2] if len(a) > 3)
        for key, values in pools.items():
            if not values:
                pools[key] = list(FALLBACK[key])
                self.fallback.append(key)
        if not people:
            people = list(FALLBACK_PEOPLE)
            self.fallback.append("person")
        self.pools = pools
        self.people = [p for p in people if p[1]] or people

    def _slots(self, rng: random.Random, lang: str) -> dict[str, str]:
        name, role, org = rng.choice(self.people)
        if len(role.split()) > 3:
            role = rng.choice(ROLES_EN)
        org = org or rng.choice(self.pools["organization"])
        role_de = ROLES_DE.get(role, role)
        date = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(1000))
        money = _money_de if lang == "de" else _money_en
        return {
            "org": rng.choice(self.pools["organization"]),
            "org2": rng.choice(self.pools["organization"]),
            "gov": rng.choice(self.pools["government"]),
            "country": rng.choice(self.pools["country"]),
            "chip": rng.choice(self.pools["chip"]),
            "policy": rng.choice(self.pools["policy"]),
            "media": rng.choice(self.pools["media"]),
            "place": rng.choice(self.pools["place"]),
            "person": name,
            "role_en": rng.choice(ROLES_EN),
            "role_de": role_de,
            "person_role": rng.choice([f"{role} {name}" if role else name,
                                       f"{org} {rng.choice(ROLES_EN)} {name}", name]),
            "person_role_de": rng.choice([f"{org.split()[0]}-{role_de} {name}",
                                          f"{role_de} {name}", name]),
            "amount": money(rng),
            "amount2": money(rng),
            "date_en": rng.choice([f"{MONTHS_EN[date.month - 1]} {date.day}, {date.year}",
                                   date.isoformat(), f"{date.day} {MONTHS_EN[date.month - 1]}"]),
            "date_de": rng.choice([f"{date.day}. {MONTHS_DE[date.month - 1]} {date.year}",
                                   f"{date:%d.%m.%Y}", f"{date.day}. {MONTHS_DE[date.month - 1]}"]),
            "weekday": date.strftime("%A"),
            "weekday_de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag",
                           "Samstag", "Sonntag"][date.weekday()],
            "year": str(rng.randint(2024, 2032)),
            "num": f"{rng.randint(1, 40)},{rng.randint(100, 999)}" if lang == "en"
                   else f"{rng.randint(1, 40)}.{rng.randint(100, 999)}",
            "num_small": str(rng.randint(2, 12)),
            "pct": f"{rng.randint(1, 60)}.{rng.randint(0, 9)}",
            "pct_de": f"{rng.randint(1, 60)},{rng.randint(0, 9)}",
            "quarter": rng.choice(["first", "second", "third", "fourth"]),
            "quarter_de": rng.choice(["ersten", "zweiten", "dritten", "vierten"]),
        }

    def article(self, rng: random.Random) -> Article:
        lang = rng.choice(("de", "en"))
        target = rng.randint(2100, 4900)  # bytes of UTF-8, leaving room for the last sentence
        slots = self._slots(rng, lang)
        head = rng.choice(DE_HEADLINES if lang == "de" else EN_HEADLINES).format(**slots)
        date = slots["date_de"] if lang == "de" else slots["date_en"]
        byline = (f"Von Redaktion | {date}" if lang == "de" else f"By staff | {date}")
        parts = [head, byline, ""]
        size = len("\n".join(parts).encode())
        templates = DE_SENTENCES if lang == "de" else EN_SENTENCES
        paragraph: list[str] = []
        while size < target:
            sentence = rng.choice(templates).format(**self._slots(rng, lang))
            grow = len(sentence.encode()) + 2
            if size + grow > 4990:  # stay within 5 KB
                break
            paragraph.append(sentence)
            size += grow
            if len(paragraph) >= rng.randint(3, 5):
                parts.append(" ".join(paragraph))
                parts.append("")
                paragraph = []
        if paragraph:
            parts.append(" ".join(paragraph))
        return Article(lang, "\n".join(parts).rstrip() + "\n")

    def corpus(self, count: int, seed: int) -> list[Article]:
        rng = random.Random(seed)
        return [self.article(rng) for _ in range(count)]


# ---------------------------------------------------------------------------------------------
# Measurement


@dataclass
class Result:
    name: str
    seconds: list[float]
    articles: int
    nbytes: int
    cpu_seconds: list[float]

    @property
    def best(self) -> float:
        """Fewest wall seconds of a pass."""
        return min(self.seconds)

    @property
    def best_cpu(self) -> float:
        """Fewest CPU seconds of a pass: the per-core cost, robust to other load on core 0."""
        return min(self.cpu_seconds)

    @property
    def rate(self) -> float:
        """Articles per CPU second on the one core (the headline figure)."""
        return self.articles / self.best_cpu

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "articles": self.articles,
            "bytes": self.nbytes,
            "wall_seconds": [round(s, 4) for s in self.seconds],
            "cpu_seconds": [round(s, 4) for s in self.cpu_seconds],
            "articles_per_cpu_s": round(self.rate, 1),
            "articles_per_wall_s": round(self.articles / self.best, 1),
            "median_articles_per_cpu_s": round(
                self.articles / statistics.median(self.cpu_seconds), 1),
            "kb_per_cpu_s": round(self.nbytes / 1024 / self.best_cpu, 1),
            "ms_per_article_cpu": round(1000 * self.best_cpu / self.articles, 3),
        }


def measure(name: str, run: Callable[[], object], articles: int, nbytes: int,
            repeat: int) -> Result:
    """Time run() repeat times (after one warm-up call elsewhere); wall and CPU seconds."""
    seconds, cpu = [], []
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        run()
        seconds.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    result = Result(name, seconds, articles, nbytes, cpu)
    print(f"  {name:<34} {result.rate:>9.1f} articles/CPU-s "
          f"({articles / result.best:.1f}/wall-s)", flush=True)
    return result


def timed(run: Callable[[], Any]) -> tuple[Any, float, float]:
    """run()'s result, wall seconds and CPU seconds."""
    c0, t0 = time.process_time(), time.perf_counter()
    value = run()
    return value, time.perf_counter() - t0, time.process_time() - c0


def pin_one_core() -> list[int]:
    """Pin this process to CPU 0; the cores it may run on afterwards."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
        return sorted(os.sched_getaffinity(0))
    print("note: os.sched_setaffinity is unavailable; the run is not pinned to one core")
    return []


def spacy_pipelines(kb: Any, surface_forms: Callable[[Any], set[str]], attr: str,
                    ) -> tuple[Any, dict[str, Any], int]:
    """spaCy module, blank de/en pipelines with an EntityRuler over every surface form."""
    import spacy

    patterns = []
    for entry in kb.entries:
        label = (entry.kind if entry.type == "actor" else entry.type) or entry.type
        for form in sorted(surface_forms(entry)):
            patterns.append({"label": label.upper(), "pattern": form, "id": entry.name})
    pipelines = {}
    for lang in ("de", "en"):
        nlp = spacy.blank(lang)
        ruler: Any = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": attr})
        ruler.add_patterns(patterns)
        pipelines[lang] = nlp
    return spacy, pipelines, len(patterns)


def profile_extract(texts: Sequence[str], run_one: Callable[[str], object], top: int,
                    ) -> list[dict[str, Any]]:
    """cProfile over the full extraction; prints and returns the top functions by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        run_one(text)
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(top)
    print(stream.getvalue())
    rows = []
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (file, line, func), (_cc, calls, tottime, cumtime, _callers) in sorted(
            raw.items(), key=lambda kv: kv[1][2], reverse=True)[:top]:
        rows.append({"function": f"{Path(file).name}:{line}({func})", "calls": calls,
                     "tottime_s": round(tottime, 4), "cumtime_s": round(cumtime, 4)})
    return rows


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="corpus size (>= 1000)")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per variant")
    parser.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size")
    parser.add_argument("--spacy-attr", default="LOWER", choices=("LOWER", "ORTH"),
                        help="token attribute the PhraseMatcher compares (default LOWER: "
                             "case-insensitive like ours)")
    parser.add_argument("--corpus", choices=("own", "shared"), default="own",
                        help="own: this script's generator (default); shared: bench/corpus.py, "
                             "the pipeline benchmark's generator")
    parser.add_argument("--no-spacy", action="store_true", help="skip the spaCy comparison")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the full extraction with cProfile")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "extract.json")
    args = parser.parse_args(argv)

    if args.articles < 1000:
        print(f"note: {args.articles} articles is below the 1,000 the benchmark is specified for")
    cores = pin_one_core()
    print(f"pinned to cores {cores} of {os.cpu_count()}; {cpu_model()}; "
          f"Python {platform.python_version()}")

    t0 = time.perf_counter()
    from generator import kb as kbmod
    from generator.extract import extract
    from generator.models import Source
    import_s = time.perf_counter() - t0

    kb, kb_load_s, kb_load_cpu = timed(kbmod.default)
    reloads = [timed(kbmod.load)[2] for _ in range(3)]
    forms = sum(len(kbmod.surface_forms(e)) for e in kb.entries)
    print(f"knowledge base: {len(kb.entries)} entries, {forms} surface forms; first load "
          f"{kb_load_cpu * 1000:.0f} ms CPU ({kb_load_s * 1000:.0f} ms wall), reload median "
          f"{statistics.median(reloads) * 1000:.0f} ms CPU (imports {import_s * 1000:.0f} ms)")

    t0 = time.perf_counter()
    generator = CorpusGenerator(kb)
    if args.corpus == "shared":
        import corpus  # bench/corpus.py, beside this script

        shared = corpus.generate(max(args.articles, 1), args.seed, knowledge=kb)
        articles = [Article(name[:2], text) for name, text in shared]
        generator.fallback = []
        source_name = "bench/corpus.py:generate"
    else:
        articles = generator.corpus(max(args.articles, 1), args.seed)
        source_name = "bench/bench_extract.py:CorpusGenerator"
    gen_s = time.perf_counter() - t0
    texts = [a.text for a in articles]
    sizes = [len(t.encode()) for t in texts]
    nbytes = sum(sizes)
    sources = [Source(f"seeds/bench_{i:05d}.txt", hashlib.sha256(t.encode()).hexdigest())
               for i, t in enumerate(texts)]
    langs = {lang: sum(a.language == lang for a in articles) for lang in ("de", "en")}
    print(f"corpus: {len(texts)} articles (de {langs['de']}, en {langs['en']}), "
          f"{nbytes / 1024:.0f} KB, {min(sizes)}-{max(sizes)} bytes each, seed {args.seed}, "
          f"generated in {gen_s:.2f} s" + (f"; fallback vocabulary for {generator.fallback}"
                                           if generator.fallback else ""))

    # Warm-up, timed apart: lazy rule lexicon, compiled regexes, dictionaries loaded on demand.
    warm = min(50, len(texts))
    _, _, first_extract_cpu = timed(lambda: extract(texts[0], source=sources[0], slug="b-0"))
    _, _, warm_cpu = timed(lambda: [extract(texts[i], source=sources[i], slug=f"b-{i}")
                                    for i in range(1, warm)])
    print(f"warm-up: first extract() {first_extract_cpu * 1000:.0f} ms CPU, next {warm - 1} "
          f"articles {warm_cpu * 1000:.0f} ms CPU (one-time lazy loads included)")

    def ours_full() -> None:
        for i, text in enumerate(texts):
            extract(text, source=sources[i], slug=f"bench-{i}")

    def ours_kb() -> None:
        for text in texts:
            kb.find(text)

    kb_matches = sum(len(kb.find(t)) for t in texts)
    print(f"\nmeasuring ({args.repeat} passes each, best pass reported):")
    results = [
        measure("ours: extract() full", ours_full, len(texts), nbytes, args.repeat),
        measure("ours: kb.find() only", ours_kb, len(texts), nbytes, args.repeat),
    ]

    spacy_info: dict[str, Any] | None = None
    if not args.no_spacy:
        try:
            import spacy  # noqa: F401
        except ImportError:
            print(f"\nspaCy is not installed, skipping the comparison. Install it with:\n"
                  f"  {INSTALL_HINT}")
        else:
            (spacy_mod, nlps, n_patterns), build_s, build_cpu = timed(
                lambda: spacy_pipelines(kb, kbmod.surface_forms, args.spacy_attr))
            by_lang = {lang: [a.text for a in articles if a.language == lang] for lang in nlps}
            pairs = [(nlps[a.language], a.text) for a in articles]
            for nlp, text in pairs[:50]:
                nlp(text)
            ents = sum(len(nlp(text).ents) for nlp, text in pairs)
            print(f"\nspaCy {spacy_mod.__version__}: blank de+en + EntityRuler "
                  f"({n_patterns} phrase patterns, attr {args.spacy_attr}) built in "
                  f"{build_cpu * 1000:.0f} ms CPU ({build_s * 1000:.0f} ms wall); {ents} "
                  f"entities vs ours {kb_matches} KB matches")

            def spacy_call() -> None:
                for nlp, text in pairs:
                    [(e.start_char, e.end_char, e.label_, e.ent_id_) for e in nlp(text).ents]

            def spacy_pipe() -> None:
                for lang, nlp in nlps.items():
                    for doc in nlp.pipe(by_lang[lang], batch_size=args.batch_size):
                        [(e.start_char, e.end_char, e.label_, e.ent_id_) for e in doc.ents]

            def spacy_tokenizer() -> None:
                for nlp, text in pairs:
                    nlp.make_doc(text)

            results += [
                measure("spaCy: nlp(text) + EntityRuler", spacy_call, len(texts), nbytes,
                        args.repeat),
                measure(f"spaCy: nlp.pipe(batch={args.batch_size})", spacy_pipe, len(texts),
                        nbytes, args.repeat),
                measure("spaCy: tokenizer only (floor)", spacy_tokenizer, len(texts), nbytes,
                        args.repeat),
            ]
            spacy_info = {"version": spacy_mod.__version__, "patterns": n_patterns,
                          "phrase_matcher_attr": args.spacy_attr,
                          "build_wall_seconds": round(build_s, 4),
                          "build_cpu_seconds": round(build_cpu, 4), "entities": ents,
                          "batch_size": args.batch_size}

    rates = {r.name: r.rate for r in results}
    base = rates.get("spaCy: nlp(text) + EntityRuler")
    print("\nPer core: articles per CPU-second of the process pinned to core 0 (best pass);"
          "\nwall/s is lower when other processes share the core (CPU/wall < 1).")
    print(f"{'variant':<34} {'articles/s':>11} {'wall/s':>9} {'KB/s':>8} {'ms/article':>11} "
          f"{'CPU/wall':>9} {'vs spaCy':>9}")
    print("-" * 96)
    for r in results:
        ratio = f"{r.rate / base:.2f}x" if base else "-"
        print(f"{r.name:<34} {r.rate:>11.1f} {r.articles / r.best:>9.1f} "
              f"{r.nbytes / 1024 / r.best_cpu:>8.0f} {1000 * r.best_cpu / r.articles:>11.3f} "
              f"{r.best_cpu / r.best:>9.2f} {ratio:>9}")
    print(f"\nper core (pinned to {len(cores) or '?'} core): ours full "
          f"{rates['ours: extract() full']:.0f} articles/s, ours KB-only "
          f"{rates['ours: kb.find() only']:.0f} articles/s"
          + (f", spaCy EntityRuler {base:.0f} articles/s" if base else ""))
    if base:
        print(f"ratio ours full / spaCy = {rates['ours: extract() full'] / base:.2f}, "
              f"ours KB-only / spaCy = {rates['ours: kb.find() only'] / base:.2f}")
    print(f"one-time costs (CPU): knowledge base load {kb_load_cpu * 1000:.0f} ms, "
          f"extract() warm-up {(first_extract_cpu + warm_cpu) * 1000:.0f} ms over {warm} "
          f"articles" + (f", spaCy pipeline build {spacy_info['build_cpu_seconds'] * 1000:.0f} ms"
                         if spacy_info else ""))

    hotspots = None
    if args.profile:
        print("\ncProfile of extract() over the corpus, top functions by own time:")
        hotspots = profile_extract(
            texts, lambda t: extract(t, source=sources[0], slug="bench"), 25)

    report = {
        "benchmark": "extract",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpu": cpu_model(), "cpu_count": os.cpu_count(), "pinned_cores": cores,
                    "python": platform.python_version(), "platform": platform.platform()},
        "corpus": {"articles": len(texts), "bytes": nbytes, "min_bytes": min(sizes),
                   "max_bytes": max(sizes), "languages": langs, "seed": args.seed,
                   "generator": source_name,
                   "fallback_vocabulary": generator.fallback, "generate_seconds": round(gen_s, 3)},
        "knowledge_base": {"entries": len(kb.entries), "surface_forms": forms,
                           "load_wall_seconds_first": round(kb_load_s, 4),
                           "load_cpu_seconds_first": round(kb_load_cpu, 4),
                           "load_cpu_seconds_reload_median": round(statistics.median(reloads), 4),
                           "matches_in_corpus": kb_matches},
        "warmup": {"first_extract_cpu_seconds": round(first_extract_cpu, 4),
                   "articles": warm, "total_cpu_seconds": round(first_extract_cpu + warm_cpu, 4)},
        "spacy": spacy_info,
        "results": [r.as_dict() for r in results],
        "ratios_vs_spacy": ({name: round(rate / base, 3) for name, rate in rates.items()}
                            if base else None),
        "hotspots": hotspots,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
