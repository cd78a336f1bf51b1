"""briefing check: everything wrong with a project, reported at once."""

from __future__ import annotations

from pathlib import Path

from . import briefs as briefs_stage
from . import kb as kbmod
from . import knowledge
from .cache import parse_cache
from .config import Project
from .errors import BriefError, BriefingError, ConfigError, shown
from .ingest import ingest
from .models import Brief
from .report import Report


def check(project: Project) -> Report:
    """Validate configuration, knowledge base, templates and every brief."""
    report = Report()
    try:
        from mkdocs.config import load_config

        load_config(config_file=str(project.config_file))
    except Exception as exc:
        report.problems.append(ConfigError(f"mkdocs configuration: {exc}",
                                           path=project.config_file))
    found = knowledge.check(project.knowledge)
    report.problems.extend(found)
    if not found:
        try:
            kbmod.load(project.knowledge if project.knowledge.is_dir() else None)
        except BriefingError as exc:
            report.problems.append(exc)
    for name in ("brief.md.j2", "briefs.md.j2", "entity.md.j2", "entities.md.j2", "home.md.j2",
                 "amounts.md.j2", "timeline.md.j2", "month.md.j2", "tags.md.j2", "macros.j2"):
        if not (project.templates / name).is_file():
            report.problems.append(ConfigError("template missing", path=project.templates / name,
                                               hint="restore it from the repository"))
    loaded = briefs_stage.load_all(project.briefs, cache=parse_cache(project))
    report.problems.extend(loaded.problems)
    claims: dict[str, list[Path]] = {}
    for brief, path in zip(loaded.briefs, loaded.files, strict=True):
        claims.setdefault(brief.source.path, []).append(path)
        report.problems.extend(conflicts(brief, path))
    for source, paths in sorted(claims.items()):
        updated = loaded.paths[source]
        for path in paths:
            if path != updated:
                report.problems.append(BriefError(
                    f"source: {source} is the seed of {shown(updated)} too, which is the one "
                    "updated from it", path=path,
                    line=briefs_stage.line_of(path, ["source", "path"]),
                    hint="point source.path at another seed, or delete one of the two briefs"))
    present = ingest(project.seeds, project.root).present
    for source, path in sorted(loaded.paths.items()):
        if present is not None and source not in present:
            report.notes.append(f"{shown(path)}: orphaned, its seed {source} is gone "
                                "(delete the brief, or run briefing extract --prune)")
    report.say(f"check: {len(loaded.briefs)} valid briefs, "
               f"{len(loaded.problems)} problems in briefs")
    return report


def conflicts(brief: Brief, path: Path) -> list[BriefError]:
    """The brief's recorded merge conflicts, each at its line of the file."""
    found = []
    for index, conflict in enumerate(brief.extra.get("conflicts") or ()):
        field = conflict.get("field") if isinstance(conflict, dict) else conflict
        differs = "the new extraction differs"
        if isinstance(conflict, dict) and "extracted" in conflict:
            differs = f"the new extraction has {_short(conflict['extracted'])}"
        found.append(BriefError(
            f"conflict in {field}: your edit was kept, {differs}",
            path=path, line=briefs_stage.line_of(path, ["conflicts", index]),
            hint="review it, then delete the entry under 'conflicts:'"))
    return found


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"
