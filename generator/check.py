"""briefing check and suggest: everything wrong with a project, and what to add to it."""

from __future__ import annotations

from collections import Counter, defaultdict

from . import briefs as briefs_stage
from . import kb as kbmod
from . import knowledge
from .briefs import dump_yaml
from .cache import parse_cache
from .config import Project
from .errors import BriefError, BriefingError, ConfigError, shown
from .ingest import ingest
from .pipeline import Report


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
    for brief in loaded.briefs:
        path = loaded.paths[brief.source.path]
        for index, conflict in enumerate(brief.extra.get("conflicts") or ()):
            field = conflict.get("field") if isinstance(conflict, dict) else conflict
            differs = "the new extraction differs"
            if isinstance(conflict, dict) and "extracted" in conflict:
                differs = f"the new extraction has {_short(conflict['extracted'])}"
            report.problems.append(BriefError(
                f"conflict in {field}: your edit was kept, {differs}",
                path=path, line=briefs_stage.line_of(path, ["conflicts", index]),
                hint="review it, then delete the entry under 'conflicts:'"))
    present = ingest(project.seeds, project.root).present
    for source, path in sorted(loaded.paths.items()):
        if present is not None and source not in present:
            report.notes.append(f"{shown(path)}: orphaned, its seed {source} is gone "
                                "(delete the brief, or run briefing extract --prune)")
    report.say(f"check: {len(loaded.briefs)} valid briefs, "
               f"{len(loaded.problems)} problems in briefs")
    return report


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def suggestions(project: Project, *, min_briefs: int = 1) -> str:
    """YAML entries for names found by rules in the briefs, most frequent first."""
    loaded = briefs_stage.load_all(project.briefs, cache=parse_cache(project))
    counts: Counter[tuple[str, str]] = Counter()
    details: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for brief in loaded.briefs:
        for actor in brief.actors:
            if actor.confidence in (None, "known"):
                continue
            key = (actor.name, actor.kind)
            counts[key] += 1
            if actor.role:
                details[key].setdefault("role", actor.role)
            if actor.org:
                details[key].setdefault("org", actor.org)
    entries = []
    for (name, kind), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if count < min_briefs:
            continue
        entries.append({"name": name, "kind": kind, "aliases": [], **details[(name, kind)]})
    header = (f"# {len(entries)} suggested actors found by rules, not the knowledge base.\n"
              "# Review, then add them to knowledge/actors.yaml.\n")
    return header + (dump_yaml(entries) if entries else "")
