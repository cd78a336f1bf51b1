"""The whole run, top to bottom: ingest -> extract -> briefs -> render -> site."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import math
import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slugify import slugify

from . import briefs as briefs_stage
from . import kb as kbmod
from . import render as render_stage
from .cache import ExtractCache, fingerprint, parse_cache, signature
from .config import Project
from .errors import BriefingError, SeedError, shown
from .fsutil import remove_temp_files, restore_claims, write_if_changed
from .ingest import ingest, read_seed
from .lock import locked
from .models import Brief, Seed, Source
from .progress import Progress, Tick
from .site import Built, site


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
    cached = [s for s in unique if s.rel not in {t.rel for t in todo}]
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


def project_site_url(project: Project) -> str | None:
    """site_url of mkdocs.yml, with its !ENV default resolved as MkDocs would."""
    import yaml

    class _Loader(yaml.SafeLoader):
        """Reads mkdocs.yml's custom tags without running anything."""

    def env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        if isinstance(node, yaml.SequenceNode):
            names = [loader.construct_object(child) for child in node.value]
            *variables, default = names if len(names) > 1 else [*names, None]
            return next((os.environ[v] for v in variables if v in os.environ), default)
        return os.environ.get(str(loader.construct_scalar(node)))  # type: ignore[arg-type]

    _Loader.add_constructor("!ENV", env)
    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda _l, _s, _n: None)
    _Loader.add_multi_constructor("!", lambda _l, _s, _n: None)
    try:
        config = yaml.load(project.config_file.read_text("utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError):
        return None
    url = config.get("site_url") if isinstance(config, dict) else None
    return str(url) if url else None


RENDER_STAMP = "render.key"  # in the state folder: the key of the last render's inputs
PAGE_KEYS = "pages.json"  # in the state folder: the inputs digest of every page written
COMPILED = "templates"  # in the state folder: the compiled page templates
JSON_MEMBERS = "json-members"  # in the state folder: the JSON download's compressed parts


def _render_inputs(project: Project, site_url: str | None, editor: bool) -> str | None:
    """A hash of everything the pages are made from, or None when caching is off."""
    if not project.config_file.is_file():
        return None
    knowledge = project.knowledge if project.knowledge.is_dir() else None
    digest = hashlib.sha256(fingerprint(knowledge).encode())
    digest.update(render_stage.code_key(project.templates).encode())
    digest.update(f"site_url {site_url} editor {editor}\n".encode())
    for path in briefs_stage.brief_paths(project.briefs):
        digest.update(f"\n{path.name} {signature(path)}".encode())
    return digest.hexdigest()


def _render_key(project: Project, inputs: str) -> str:
    """The inputs' hash together with the generated pages as they are on disk now."""
    digest = hashlib.sha256(inputs.encode())
    for rel in sorted(render_stage.manifest_pages(project.docs)):
        digest.update(f"\n{rel} {signature(project.docs / rel)}".encode())
    return digest.hexdigest()


def render_all(project: Project, report: Report, *, skip_broken: bool = False,
               progress: bool = False, editor: bool = False, jobs: int = 1) -> bool:
    """briefs/ -> docs/; False when broken briefs stop the run.

    When no brief, template, page or piece of code changed since the last render, nothing
    is rendered again (the key lives in the git-ignored .briefing/ folder). editor: pages
    for briefing serve, which show each brief's merge conflicts (never published). jobs:
    processes that make the pages (render_stage.write).
    """
    site_url = project_site_url(project)
    # The inputs are hashed before they are read: a brief saved while the pages are made
    # changes the key, so the next run renders it.
    inputs = _render_inputs(project, site_url, editor)
    key = _render_key(project, inputs) if inputs is not None else None
    stamp = project.state / RENDER_STAMP
    if key is not None and stamp.is_file() and stamp.read_text("utf-8").strip() == key:
        count = len(briefs_stage.brief_paths(project.briefs))
        known = len(render_stage.manifest_pages(project.docs))
        report.say(f"render: {count} briefs, 0 pages written, {known} unchanged, 0 removed")
        return True
    loaded = briefs_stage.load_all(project.briefs, cache=parse_cache(project))
    with _kept_apart():
        return _render_loaded(project, report, loaded, inputs, site_url, skip_broken=skip_broken,
                              progress=progress, editor=editor, jobs=jobs)


@contextlib.contextmanager
def _kept_apart() -> Iterator[None]:
    """The objects made so far (and those frozen inside) are left out of the garbage
    collector's walks until the end: the briefs and the model, millions of objects with no
    cycles, were walked by every full collection that making the model and the pages set off
    (5 of 13 CPU s of an edit's render at 10,000). Given back at the end, so that a
    long-lived process (briefing serve) frees them once they are garbage."""
    enabled = gc.isenabled()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        if not enabled:
            gc.disable()


def _render_loaded(project: Project, report: Report, loaded: briefs_stage.Loaded,
                   inputs: str | None, site_url: str | None, *, skip_broken: bool,
                   progress: bool, editor: bool, jobs: int) -> bool:
    """render_all() of the briefs loaded."""
    if loaded.problems:
        report.problems.extend(loaded.problems)
        if not skip_broken:
            report.say("render: stopped, fix the briefs above (or pass --skip-broken)")
            return False
    folder = project.knowledge if project.knowledge.is_dir() else None
    knowledge: render_stage.Names = kbmod.default(folder) if inputs is None else \
        render_stage.KnownNames(project.state, fingerprint(folder),
                                lambda: kbmod.default(folder))
    related = None if inputs is None else \
        render_stage.RelatedMemo(project.state, render_stage.code_key(project.templates))
    members = None if inputs is None else render_stage.Members(project.state / JSON_MEMBERS)
    gc.disable()  # the model holds no cycles either: frozen once made (see _kept_apart)
    try:
        pages = render_stage.render(loaded.briefs, project.templates, kb=knowledge,
                                    site_url=site_url, editor=editor, related=related,
                                    members=members, marks=loaded.marks)
    finally:
        gc.freeze()
        gc.enable()
    if isinstance(knowledge, render_stage.KnownNames):
        knowledge.save()
    bar = Progress("render", len(pages), "pages") if progress else None
    known = 0
    if inputs is not None:
        known = render_stage.load_forms(project.state)
        render_stage.keep_compiled(render_stage.environment(project.templates),
                                   project.state / COMPILED, pages.code)
    try:
        written = render_stage.write(project.docs, pages, state=project.state / PAGE_KEYS,
                                     tick=bar, jobs=jobs)
    finally:
        if bar is not None:
            bar.close()
        if inputs is not None:
            render_stage.save_forms(project.state, known)
    if related is not None:  # after the page bookkeeping, never ahead of it (state.py)
        related.save()
    if members is not None:
        members.prune()
    if inputs is not None and not loaded.problems and not written.skipped:
        write_if_changed(project.state / RENDER_STAMP, _render_key(project, inputs) + "\n")
    for rel in written.skipped:
        report.problems.append(BriefingError(
            "hand-written page is in the way of a generated one; it was left alone",
            path=project.docs / rel, hint="rename or move the hand-written page"))
    report.say(f"render: {len(loaded.briefs)} briefs, {written.written} pages written, "
               f"{written.unchanged} unchanged, {written.removed} removed "
               f"({written.rendered} rendered)")
    return True


def site_line(built: Built) -> str:
    """The report line of a site build."""
    if built.dirty:
        return (f"site: built {built.folder} ({built.built} of {built.pages} pages changed, "
                "the others kept)")
    return f"site: built {built.folder} ({built.pages} pages)"


def run(project: Project, *, do_extract: bool = True, do_render: bool = True,
        do_site: bool = False, jobs: int | None = None, prune: bool = False,
        skip_broken: bool = False, strict: bool = True, clean: bool | None = None,
        progress: bool = False) -> Report:
    """Run the stages in order; each stage's problems are collected, not raised.

    One run at a time per project: raises lock.Busy when another run holds the lock.
    clean: build the whole site (default: in CI, where the CI variable is set); otherwise
    only the pages whose Markdown changed, when the last build allows it. progress: show
    how far each stage is on standard error (see progress.py).
    """
    command = "briefing " + ("build" if do_site else "extract" if not do_render
                             else "render" if not do_extract else "extract and render")
    with locked(project, command):
        return _run(project, do_extract=do_extract, do_render=do_render, do_site=do_site,
                    jobs=jobs, prune=prune, skip_broken=skip_broken, strict=strict,
                    clean=bool(os.environ.get("CI")) if clean is None else clean,
                    progress=progress)


def _run(project: Project, *, do_extract: bool, do_render: bool, do_site: bool,
         jobs: int | None, prune: bool, skip_broken: bool, strict: bool, clean: bool,
         progress: bool) -> Report:
    report = Report()
    jobs = jobs or os.cpu_count() or 1
    restore_claims(project.briefs)  # briefs a killed run had moved aside to replace them
    for folder in (project.briefs, project.docs, project.state):
        remove_temp_files(folder)  # left by a run that was killed while writing
    if do_extract:
        with report.timed("extract"):
            extract_all(project, report, jobs=jobs, prune=prune, progress=progress)
    if do_render:
        with report.timed("render"):
            rendered = render_all(project, report, skip_broken=skip_broken, progress=progress,
                                  jobs=jobs)
        if not rendered:
            return report
    if do_site:
        with report.timed("site"):
            try:
                built = site(project, strict=strict, clean=clean, progress=progress,
                             jobs=jobs)
                report.say(site_line(built))
                if built.search is not None:
                    report.say(built.search.summary())
            except BriefingError as exc:
                report.problems.append(exc)
    return report
