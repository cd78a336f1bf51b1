"""briefing serve: build, serve, and rebuild what changed when a source file changes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from . import kb as kbmod
from .briefs import ParseCache, brief_paths
from .briefs.reading import load_file
from .cache import fingerprint, parse_cache
from .check import conflicts
from .config import Project
from .errors import BriefingError
from .extracting import extract_all
from .fsutil import Signature, file_signature, journal
from .lock import locked
from .pipeline import site_line
from .render import render_all
from .report import Report
from .site import site

Snapshot = dict[str, Signature]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """(mtime, size, inode) of every file below paths: what tells whether anything changed."""
    found: Snapshot = {}
    for top in paths:
        for current, _dirs, files in os.walk(top) if top.is_dir() else [("", [], [str(top)])]:
            for name in files:
                path = os.path.abspath(os.path.join(current, name))
                signature = file_signature(path)
                if signature is not None:
                    found[path] = signature
    return found


def _within(path: str, tops: Iterable[Path]) -> bool:
    return any(path == str(top) or path.startswith(os.path.join(str(top), "")) for top in tops)


class Rebuilder:
    """One rebuild per change: extract and render only what changed, then mkdocs build.

    Extraction is incremental through the content-hash cache (only changed seeds are
    extracted; the knowledge base stays loaded between rebuilds) and render rewrites only
    pages whose content changed. The watcher also sees the briefs and pages a rebuild writes
    itself: the rebuild that would follow is skipped when the watched files are exactly as
    the rebuild began plus its own writes (fsutil.journal), so that a file an analyst saves
    while a rebuild runs, even one the rebuild had already read, is always built again.
    """

    def __init__(self, project: Project, jobs: int | None, echo: Callable[[str], None]) -> None:
        self.project = project
        self.jobs = jobs or os.cpu_count() or 1
        self.echo = echo
        self.clean: Snapshot | None = None
        self.knowledge_print: str | None = None
        self.builds = 0
        # each brief file's signature when it was last read, and its open conflicts then
        self.conflicts: dict[Path, tuple[Signature | None, list[str]]] = {}

    @property
    def sources(self) -> list[Path]:
        """Every folder and file whose change means a rebuild, whether it exists or not."""
        project = self.project
        return [Path(os.path.abspath(p)) for p in (
            project.seeds, project.briefs, project.templates, project.docs, project.knowledge,
            project.config_file)]

    @property
    def watched(self) -> list[Path]:
        """The sources that exist now (briefs/ and docs/ appear with the first rebuild)."""
        return [p for p in self.sources if p.exists()]

    def __call__(self) -> None:
        now = snapshot(self.watched)
        if self.clean is not None and now == self.clean:
            return  # only the files the last rebuild wrote have changed
        with locked(self.project, "briefing serve", wait=self.echo):
            # A file saved after this snapshot differs from it afterwards: built again then.
            self._rebuild(now)

    def _rebuild(self, before: Snapshot) -> None:
        knowledge = self.project.knowledge if self.project.knowledge.is_dir() else None
        knowledge_print = fingerprint(knowledge)
        if self.knowledge_print is not None and knowledge_print != self.knowledge_print:
            kbmod.default.cache_clear()  # the project's knowledge/ changed: load it again
        self.knowledge_print = knowledge_print
        report = Report()
        with journal() as own:
            with report.timed("extract"):
                extract_all(self.project, report, jobs=self.jobs, progress=True)
            with report.timed("render"):
                rendered = render_all(self.project, report, progress=True, editor=True,
                                      jobs=self.jobs)
        for path, signature in own.files.items():
            if not _within(path, self.sources):
                continue
            if signature is None:
                before.pop(path, None)
            else:
                before[path] = signature
        self.clean = before
        if rendered:
            with report.timed("site"):
                try:
                    built = site(self.project, strict=False, clean=False, progress=True)
                    report.say(site_line(built))
                    if built.search is not None:
                        report.say(built.search.summary())
                except BriefingError as exc:
                    report.problems.append(exc)
            # The editor sees open merge conflicts here and on the brief pages served.
            report.notes.extend(self.open_conflicts())
        self.builds += 1
        for line in (report.lines + [f"note: {n}" for n in report.notes]
                     + [f"error: {p}" for p in report.problems]):
            self.echo(line)
        self.echo(f"rebuilt: {report.summary().removeprefix('done ')}")

    def open_conflicts(self) -> list[str]:
        """The merge conflicts recorded in the briefs; a file not changed since the last
        rebuild is not read again (a stat each, not a parse: seconds at 10,000 briefs)."""
        cache = parse_cache(self.project)
        known, self.conflicts = self.conflicts, {}
        found: list[str] = []
        for path in brief_paths(self.project.briefs):
            signature = file_signature(path)
            kept = known.get(path)
            if kept is None or signature is None or kept[0] != signature:
                kept = signature, _conflicts_of(path, cache)
            self.conflicts[path] = kept
            found.extend(kept[1])
        return found


def _conflicts_of(path: Path, cache: ParseCache | None) -> list[str]:
    """The conflicts of one brief file, as briefs.load_all reads it (none if broken)."""
    brief, problems = load_file(path, cache)
    return [] if brief is None or problems else [str(c) for c in conflicts(brief, path)]


def serve(project: Project, *, host: str, port: int, jobs: int | None,
          echo: Callable[[str], None]) -> None:
    """Serve site/ with live reload; seeds, briefs, templates and docs are watched."""
    from mkdocs.livereload import LiveReloadServer

    rebuild = Rebuilder(project, jobs, echo)
    rebuild()
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(project.site))
    for folder in rebuild.watched:
        server.watch(str(folder))
    echo(f"serving on http://{host}:{port}/ (Ctrl+C to stop)")
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
