"""The whole run, top to bottom: ingest -> extract -> briefs -> render -> site.

Each stage is one verb of its own module: extracting.extract_all (seeds -> briefs),
render.render_all (briefs -> docs) and site.site (docs -> site); a stage owns its cache and
its incremental bookkeeping. run() calls them in order and collects what went wrong.
"""

from __future__ import annotations

import os

from .config import Project
from .errors import BriefingError
from .extracting import extract_all
from .fsutil import remove_temp_files, restore_claims
from .lock import locked
from .render import render_all
from .report import Report
from .site import Built, site

__all__ = ["Report", "extract_all", "render_all", "run", "site_line"]


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
