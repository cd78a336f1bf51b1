"""Extract stage: seeds/ -> briefs/, extracting only the seeds that changed.

extract_all() reads top to bottom: ingest the seeds, decide which need extracting (the
extraction cache, cache.py), extract them (in parallel), merge the results into the brief
files (briefs/updating.py) and record what was done.
"""

from __future__ import annotations

import dataclasses
import math
import multiprocessing
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from slugify import slugify

from . import briefs as briefs_stage
from . import kb as kbmod
from .cache import ExtractCache, parse_cache
from .config import Project
from .errors import BriefingError, SeedError, shown
from .ingest import ingest, read_seed
from .models import Brief, Seed, Source
from .progress import Progress, Tick
from .report import Report


def assign_slugs(seeds: Sequence[Seed], owned: dict[str, str],
                 reserved: Iterable[str] = ()) -> dict[str, str]:
    """A stable slug per seed: the one its brief already has, else one from its file name.

    owned maps seed paths to the slugs of their briefs; a brief that cannot be read is
    listed as ``?<slug>``. reserved holds the slugs of every other brief file (a copy of a
    brief, say), which no new seed gets either. A new seed whose file-name slug is taken gets
    the first eight digits of its sha256 appended (then -2, -3...), so the result depends
    only on the seeds and briefs, never on the order of a run. A seed without a readable
    brief whose file-name slug is that of a broken brief is taken to own it, so the broken
    brief is reported and left alone instead of gaining a twin.
    """
    result: dict[str, str] = {}
    taken = set(owned.values()) | set(reserved)
    broken = {slug for source, slug in owned.items() if source.startswith("?")}
    for seed in seeds:
        if seed.rel in owned:
            result[seed.rel] = owned[seed.rel]
    for seed in seeds:
        if seed.rel in result:
            continue
        base = slugify(Path(seed.rel).stem, max_length=80) or "brief"
        if base in broken:
            broken.discard(base)
            result[seed.rel] = base
            continue
        candidate = base
        if candidate in taken:
            candidate = f"{base}-{seed.sha256[:8]}"
        number = 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        taken.add(candidate)
        result[seed.rel] = candidate
    return result


def _one_per_content(seeds: Sequence[Seed], owned: dict[str, str],
                     briefs: Path, report: Report) -> list[Seed]:
    """The seeds with distinct content: of several with the same bytes, the one that has a
    brief already (else the first) is kept, so that a copy never starts a second brief."""
    groups: dict[str, list[Seed]] = {}
    for seed in seeds:
        groups.setdefault(seed.sha256, []).append(seed)
    unique: list[Seed] = []
    for seed in seeds:
        group = groups[seed.sha256]
        keeper = next((s for s in group if s.rel in owned), group[0])
        if seed is keeper:
            unique.append(seed)
            continue
        note = f"{shown(seed.path)}: same content as {shown(keeper.path)}; one brief for both"
        if seed.rel in owned:
            note += (f"; {shown(briefs / (owned[seed.rel] + '.md'))}, made from it before, is "
                     "no longer updated (delete it)")
        report.notes.append(note)
    return unique


def _adopt(seeds: Sequence[Seed], owned: dict[str, str], present: set[str],
           briefs: Path) -> dict[str, str]:
    """{new seed path: old seed path} for renamed seeds: a seed without a brief whose bytes
    are those an orphaned brief was made from takes that brief over (owned is updated)."""
    orphans = sorted((slug, source) for source, slug in owned.items()
                     if not source.startswith("?") and source not in present)
    newcomers = [seed for seed in seeds if seed.rel not in owned]
    if not orphans or not newcomers:
        return {}
    made_from: dict[str, str] = {}
    for slug, source in orphans:
        try:
            data = briefs_stage.front_matter(briefs_stage.read_text(briefs / f"{slug}.md"), "")
        except BriefingError:
            continue
        sha = data.get("source", {}).get("sha256") if isinstance(data.get("source"), dict) \
            else None
        if isinstance(sha, str):
            made_from.setdefault(sha, source)
    adopted: dict[str, str] = {}
    for seed in newcomers:
        old = made_from.pop(seed.sha256, None)
        if old is not None:
            adopted[seed.rel] = old
            owned[seed.rel] = owned.pop(old)
    return adopted


def _extract_one(args: tuple[str, str, str, str, Path | None, str | None]
                 ) -> briefs_stage.Prepared:
    from .extract import extract  # here: a run that extracts nothing skips compiling it

    text, rel, sha, slug, knowledge, url = args
    brief = extract(text, source=Source(rel, sha), slug=slug, kb=kbmod.default(knowledge))
    if url:  # the article's address, found by ingest (provenance.py)
        brief = dataclasses.replace(brief, url=url)
    # The file text is written here too: in the workers, in parallel, for new briefs.
    return briefs_stage.prepare(brief)


POOL_MIN = 8  # fewer seeds than this are extracted in-process: a pool would cost more
WARM_UP = 4  # seeds the parent extracts before forking, so workers inherit lazy-loaded data


def _extract_many(work: list[tuple[str, str, str, str, Path | None, str | None]],
                  jobs: int, tick: Tick | None = None) -> list[briefs_stage.Prepared]:
    """Extract every work item, in order; a process pool of jobs workers for larger batches.

    The parent loads the knowledge base and extracts the first items itself before the pool
    starts: with the fork start method the workers inherit everything loaded lazily on first
    use (knowledge base, lemma dictionaries, compiled patterns) instead of loading it again.
    Work goes out in chunks, a few per worker, to keep the pickling overhead low.
    """
    tick = tick or _no_tick
    if jobs <= 1 or len(work) < POOL_MIN:
        return [_ticked(_extract_one(item), tick) for item in work]
    done = [_ticked(_extract_one(item), tick) for item in work[:WARM_UP]]
    rest = work[WARM_UP:]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork") if "fork" in methods else None
    workers = min(jobs, len(rest))
    chunksize = max(1, min(64, math.ceil(len(rest) / (workers * 8))))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        done.extend(_ticked(p, tick) for p in pool.map(_extract_one, rest, chunksize=chunksize))
    return done


def _no_tick(count: int) -> None:
    pass


def _ticked(prepared: briefs_stage.Prepared, tick: Tick) -> briefs_stage.Prepared:
    tick(1)
    return prepared


def _read_unread(seeds: list[Seed], project: Project, report: Report) -> list[Seed]:
    """The seeds with their text, reading those ingest recalled without reading; one that
    cannot be read now is reported and left out."""
    out: list[Seed] = []
    for seed in seeds:
        try:
            out.append(seed if seed.text else read_seed(seed.path, project.root, project.seeds))
        except SeedError as exc:
            report.problems.append(exc)
    return out


def extract_all(project: Project, report: Report, *, jobs: int = 1, prune: bool = False,
                progress: bool = False) -> None:
    """Seeds -> briefs: ingest, extract what changed (in parallel when jobs > 1), merge.

    Seeds whose content, knowledge base and briefing version are unchanged since the last
    run, and whose brief file is as that run left it, are not extracted again (see cache.py).
    """
    knowledge = project.knowledge if project.knowledge.is_dir() else None
    cache = ExtractCache.load(project, knowledge)
    # Seeds whose files are as the cache saw them are not read again (ingest's recall).
    ingested = ingest(project.seeds, project.root, recall=cache.recall)
    report.problems.extend(ingested.problems)
    report.notes.extend(ingested.notes)
    owned = cache.owned_slugs(project.briefs)
    unique = _one_per_content(ingested.seeds, owned, project.briefs, report)
    # A seed that exists but cannot be read now is not gone: its brief is no orphan. Without
    # a seeds folder nothing is known to be gone.
    if ingested.present is None:
        present = {source for source in owned if not source.startswith("?")}
    else:
        present = set(ingested.present)
    seed_of = {slug: source for source, slug in owned.items()}
    adopted = _adopt(unique, owned, present, project.briefs)
    slugs = assign_slugs(unique, owned, reserved=cache.slugs())
    todo = [s for s in unique if not cache.fresh(s, slugs[s.rel], project.briefs)]
    todo_rels = {t.rel for t in todo}
    cached = [s for s in unique if s.rel not in todo_rels]
    orphans = tuple(sorted(str(project.briefs / f"{slug}.md") for source, slug in owned.items()
                           if not source.startswith("?") and source not in present))
    # A hand-edited brief of an unchanged seed is merged with its snapshot, which is what
    # extracting the seed again would give (cache.extraction): no knowledge base is loaded.
    known = {s.rel: b for s in todo
             if (b := cache.extraction(s, slugs[s.rel], project.briefs)) is not None}
    to_extract = _read_unread([s for s in todo if s.rel not in known], project, report)
    read = {s.rel: s for s in to_extract}
    todo = [read.get(s.rel, s) for s in todo if s.rel in known or s.rel in read]
    prepared: list[briefs_stage.Prepared] = []
    if to_extract:
        kbmod.default(knowledge)  # load once before forking workers
        work = [(s.text, s.rel, s.sha256, slugs[s.rel], knowledge, s.url) for s in to_extract]
        bar = Progress("extract", len(work), "seeds") if progress else None
        try:
            prepared = _extract_many(work, jobs, bar)
        finally:
            if bar is not None:
                bar.close()
    fresh = {s.rel: p.brief for s, p in zip(to_extract, prepared, strict=True)}
    extracted: list[Brief] = [known.get(s.rel) or fresh[s.rel] for s in todo]
    if extracted or (prune and orphans):
        # The index tells update() which brief each seed has, so it reads only those it
        # touches; what it writes goes into the parse cache for the render that follows.
        owners = cache.owners(project.briefs)
        for new, old in adopted.items():
            owners[new] = owners.pop(old)
        updated = briefs_stage.update(project.briefs, extracted, present, prune=prune,
                                      owners=owners, adopted=adopted,
                                      cache=parse_cache(project),
                                      prepared={id(p.brief): p for p in prepared})
    else:
        project.briefs.mkdir(parents=True, exist_ok=True)
        updated = briefs_stage.Updated((), (), (), {}, orphans, (), ())
    report.problems.extend(updated.problems)
    for path, conflicts in sorted(updated.conflicts.items()):
        fields_ = ", ".join(str(c["field"]) for c in conflicts)
        report.notes.append(f"{shown(path)}: kept your edit where the new extraction differs: "
                            f"{fields_}")
    for path in updated.changed:
        report.notes.append(f"{shown(path)}: saved while this run merged it, so it was left as "
                            "you saved it; the next run merges the new extraction")
    for orphan in updated.orphans:
        report.notes.append(f"{shown(orphan)}: orphaned, its seed is gone (remove with --prune)")
    for removed in map(Path, updated.removed):
        if removed.parent.name == briefs_stage.BASE_DIR:
            report.say(f"removed {shown(removed)}: the merge snapshot of "
                       f"{shown(removed.parent.parent / (removed.stem + '.md'))}")
        else:
            report.say(f"removed {shown(removed)}: its seed {seed_of.get(removed.stem)} is gone")
    frozen = set(updated.frozen)
    done = frozen | set(updated.written) | set(updated.unchanged)
    for seed in todo:
        target = str(project.briefs / f"{slugs[seed.rel]}.md")
        if target in done:
            cache.record(project.briefs, seed, slugs[seed.rel], reviewed=target in frozen)
    for seed in cached:
        cache.remember(seed)
    cache.forget(project.briefs, keep={s.rel for s in unique})
    cache.save()
    reviewed = sum(1 for s in cached if cache.reviewed(s))
    report.say(
        f"extract: {len(ingested.seeds)} seeds ({len(to_extract)} extracted, "
        f"{len(cached) + len(known)} cached), "
        f"{len(updated.written)} briefs written, "
        f"{len(updated.unchanged) + len(cached) - reviewed} unchanged, "
        f"{len(updated.frozen) + reviewed} reviewed (left alone), "
        f"{len(ingested.problems)} bad seeds"
    )
