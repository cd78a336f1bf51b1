"""The whole run, top to bottom: ingest -> extract -> briefs -> render -> site."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from . import briefs as briefs_stage
from . import kb as kbmod
from . import render as render_stage
from .config import Project
from .errors import BriefingError
from .extract import extract
from .ingest import ingest
from .models import Brief, Seed, Source
from .site import site


@dataclass
class Report:
    """What a run did and what went wrong, for the CLI to print."""

    lines: list[str] = field(default_factory=list)
    problems: list[BriefingError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.lines.append(line)

    @property
    def ok(self) -> bool:
        return not self.problems


def assign_slugs(seeds: Sequence[Seed], owned: dict[str, str]) -> dict[str, str]:
    """A stable slug per seed: the one its brief already has, else one from its file name."""
    result: dict[str, str] = {}
    taken = set(owned.values())
    for seed in seeds:
        if seed.rel in owned:
            result[seed.rel] = owned[seed.rel]
    for seed in seeds:
        if seed.rel in result:
            continue
        base = slugify(Path(seed.rel).stem, max_length=80) or "brief"
        candidate = base
        if candidate in taken:
            candidate = f"{base}-{seed.sha256[:8]}"
        number = 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        taken.add(candidate)
        result[seed.rel] = candidate
    return result


def _extract_one(args: tuple[str, str, str, str, Path | None]) -> Brief:
    text, rel, sha, slug, knowledge = args
    return extract(text, source=Source(rel, sha), slug=slug, kb=kbmod.default(knowledge))


def _owned_slugs(folder: Path) -> dict[str, str]:
    owned: dict[str, str] = {}
    for path in briefs_stage.brief_paths(folder):
        try:
            data, _b, _n, _o = briefs_stage.load_front_matter(path.read_text("utf-8"), path)
        except (OSError, UnicodeDecodeError, BriefingError):
            owned[f"?{path.stem}"] = path.stem
            continue
        source = data.get("source")
        if isinstance(source, dict) and isinstance(source.get("path"), str):
            owned[source["path"]] = path.stem
    return owned


def extract_all(project: Project, report: Report, *, jobs: int = 1, prune: bool = False,
                progress: Callable[[str], None] | None = None) -> None:
    """Seeds -> briefs: ingest, extract (in parallel when jobs > 1), merge into briefs/."""
    ingested = ingest(project.seeds, project.root)
    report.problems.extend(ingested.problems)
    report.notes.extend(ingested.notes)
    unique: list[Seed] = []
    by_hash: dict[str, Seed] = {}
    for seed in ingested.seeds:
        if seed.sha256 in by_hash:
            report.notes.append(f"{seed.path}: same content as {by_hash[seed.sha256].path}; "
                                "one brief for both")
            continue
        by_hash[seed.sha256] = seed
        unique.append(seed)
    knowledge = project.knowledge if project.knowledge.is_dir() else None
    kbmod.default(knowledge)  # load once before forking workers
    slugs = assign_slugs(unique, _owned_slugs(project.briefs))
    work = [(s.text, s.rel, s.sha256, slugs[s.rel], knowledge) for s in unique]
    if jobs > 1 and len(work) > 8:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            extracted = list(pool.map(_extract_one, work, chunksize=16))
    else:
        extracted = [_extract_one(item) for item in work]
    updated = briefs_stage.update(project.briefs, extracted, {s.rel for s in ingested.seeds},
                                  prune=prune)
    report.problems.extend(updated.problems)
    for path, conflicts in sorted(updated.conflicts.items()):
        fields_ = ", ".join(str(c["field"]) for c in conflicts)
        report.notes.append(f"{path}: kept your edit where the new extraction differs: {fields_}")
    for orphan in updated.orphans:
        report.notes.append(f"{orphan}: orphaned, its seed is gone (remove with --prune)")
    report.say(
        f"extract: {len(ingested.seeds)} seeds, {len(updated.written)} briefs written, "
        f"{len(updated.unchanged)} unchanged, {len(updated.frozen)} reviewed (left alone), "
        f"{len(ingested.problems)} bad seeds"
    )


def render_all(project: Project, report: Report, *, skip_broken: bool = False) -> bool:
    """briefs/ -> docs/; False when broken briefs stop the run."""
    loaded = briefs_stage.load_all(project.briefs)
    if loaded.problems:
        report.problems.extend(loaded.problems)
        if not skip_broken:
            report.say("render: stopped, fix the briefs above (or pass --skip-broken)")
            return False
    pages = render_stage.render(loaded.briefs, project.templates)
    written = render_stage.write(project.docs, pages)
    for rel in written.skipped:
        report.problems.append(BriefingError(
            "hand-written page is in the way of a generated one; it was left alone",
            path=project.docs / rel, hint="rename or move the hand-written page"))
    report.say(f"render: {len(loaded.briefs)} briefs, {written.written} pages written, "
               f"{written.unchanged} unchanged, {written.removed} removed")
    return True


def run(project: Project, *, do_extract: bool = True, do_render: bool = True,
        do_site: bool = False, jobs: int | None = None, prune: bool = False,
        skip_broken: bool = False, strict: bool = True) -> Report:
    """Run the stages in order; each stage's problems are collected, not raised."""
    report = Report()
    jobs = jobs or os.cpu_count() or 1
    if do_extract:
        extract_all(project, report, jobs=jobs, prune=prune)
    if do_render and not render_all(project, report, skip_broken=skip_broken):
        return report
    if do_site:
        try:
            target = site(project, strict=strict)
            report.say(f"site: built {target}")
        except BriefingError as exc:
            report.problems.append(exc)
    return report
