"""The briefing command line: a thin layer over the pipeline."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import Project, load_project
from .errors import BriefingError, printable, shown
from .pipeline import Report, run

PATH = click.Path(path_type=Path, file_okay=False)


def _project(ctx: click.Context, **paths: Path | None) -> Project:
    project = load_project(required=not any(paths.values()))
    return project.with_overrides(**paths)


def _finish(report: Report) -> None:
    for line in report.lines:
        click.echo(printable(line))
    if report.times:
        click.echo(report.summary())
    for note in report.notes:
        click.echo(f"note: {printable(note)}", err=True)
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    if report.problems:
        count = len(report.problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''}; see the messages above", err=True)
        sys.exit(1)


FOLDERS = {
    "seeds": "Folder of articles (default: seeds/).",
    "briefs": "Folder of briefs (default: briefs/).",
    "templates": "Jinja templates (default: templates/).",
    "docs": "Folder of the Markdown pages (default: docs/).",
    "site": "Folder of the built site (default: site/).",
    "knowledge": "The project's knowledge-base files (default: knowledge/).",
}


def _folders(*names: str) -> Callable[[Any], Any]:
    """The folder flags of the folders a command uses: the same flag for a folder in every
    command."""
    def add(func: Any) -> Any:
        for name in reversed(names):
            func = click.option(f"--{name}", type=PATH, help=FOLDERS[name])(func)
        return func
    return add


def _jobs_option(func: Any) -> Any:
    return click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                        help="Processes for extraction, rendering and a full site "
                        "build (default: the number of cores).")(func)


class _Group(click.Group):
    """Reports user errors as one line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefingError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
def cli() -> None:
    """Turn news articles (seeds/) into structured briefs (briefs/) and a briefing site.

    \b
    Example:
        briefing build            # seeds -> briefs -> docs -> site/
        briefing serve            # preview at http://127.0.0.1:8000/ with live reload
    """


@cli.command("extract")
@_folders("seeds", "briefs", "knowledge")
@click.option("--prune", is_flag=True, help="Delete briefs whose seed is gone.")
@_jobs_option
def extract_cmd(seeds: Path | None, briefs: Path | None, knowledge: Path | None, prune: bool,
                jobs: int | None) -> None:
    """Extract one brief per seed into briefs/<slug>.md, keeping hand edits.

    \b
    Example:
        briefing extract --seeds seeds --briefs briefs
    """
    project = _project(click.get_current_context(), seeds=seeds, briefs=briefs,
                       knowledge=knowledge)
    _finish(run(project, do_render=False, jobs=jobs, prune=prune, progress=True))


@cli.command("render")
@_folders("briefs", "templates", "docs")
@click.option("--skip-broken", is_flag=True, help="Leave out broken briefs instead of stopping.")
def render_cmd(briefs: Path | None, docs: Path | None, templates: Path | None,
               skip_broken: bool) -> None:
    """Render briefs through the templates into Markdown pages in docs/.

    \b
    Example:
        briefing render --briefs briefs --docs docs
    """
    project = _project(click.get_current_context(), briefs=briefs, docs=docs,
                       templates=templates)
    _finish(run(project, do_extract=False, skip_broken=skip_broken, progress=True))


@cli.command("build")
@_folders("seeds", "briefs", "templates", "docs", "site", "knowledge")
@click.option("--skip-broken", is_flag=True, help="Leave out broken briefs instead of stopping.")
@click.option("--prune", is_flag=True, help="Delete briefs whose seed is gone.")
@click.option("--no-strict", is_flag=True, help="Do not fail on MkDocs warnings.")
@click.option("--clean", is_flag=True,
              help="Build every page of the site (the default in CI), not only those "
                   "whose Markdown changed.")
@_jobs_option
def build_cmd(seeds: Path | None, briefs: Path | None, templates: Path | None,
              docs: Path | None, site: Path | None, knowledge: Path | None,
              skip_broken: bool, prune: bool,
              no_strict: bool, clean: bool, jobs: int | None) -> None:
    """Extract, render and build the site into site/ with MkDocs.

    \b
    Example:
        briefing build && python -m http.server -d site
    """
    project = _project(click.get_current_context(), seeds=seeds, briefs=briefs,
                       templates=templates, docs=docs, site=site, knowledge=knowledge)
    _finish(run(project, do_site=True, jobs=jobs, prune=prune, skip_broken=skip_broken,
                strict=not no_strict, clean=True if clean else None, progress=True))


@cli.command("serve")
@_folders("seeds", "briefs", "templates", "docs", "site", "knowledge")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True,
              help="Address to serve on.")
@_jobs_option
def serve_cmd(seeds: Path | None, briefs: Path | None, templates: Path | None,
              docs: Path | None, site: Path | None, knowledge: Path | None,
              dev_addr: str, jobs: int | None) -> None:
    """Build, then serve the site and rebuild when seeds, briefs or templates change.

    \b
    Example:
        briefing serve --dev-addr 127.0.0.1:8001
    """
    from .serve import serve

    project = _project(click.get_current_context(), seeds=seeds, briefs=briefs,
                       templates=templates, docs=docs, site=site, knowledge=knowledge)
    host, _, port = dev_addr.rpartition(":")
    serve(project, host=host or "127.0.0.1", port=int(port), jobs=jobs, echo=click.echo)


@cli.command("check")
@_folders("seeds", "briefs", "templates", "knowledge")
def check_cmd(seeds: Path | None, briefs: Path | None, templates: Path | None,
              knowledge: Path | None) -> None:
    """Validate every brief and the configuration; report all problems at once.

    \b
    Example:
        briefing check
    """
    from .check import check

    project = _project(click.get_current_context(), seeds=seeds, briefs=briefs,
                       templates=templates, knowledge=knowledge)
    _finish(check(project))


@cli.command("suggest")
@_folders("briefs", "knowledge")
@click.option("--min-briefs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Only names found in at least this many briefs.")
@click.option("--write", is_flag=True,
              help="Add the suggestions to the files in knowledge/ instead of printing them.")
def suggest_cmd(briefs: Path | None, knowledge: Path | None, min_briefs: int,
                write: bool) -> None:
    """List names found by rules that the knowledge base does not know, as knowledge/ entries.

    Each entry names the briefs it was found in and takes the other forms of the name
    there as aliases; names the bundled knowledge base or knowledge/ lists are left out.
    --write appends the entries to knowledge/actors.yaml, policy.yaml and chips.yaml
    (created if need be), after what is there.

    \b
    Example:
        briefing suggest --min-briefs 2
        briefing suggest --write && git diff knowledge/
    """
    from .suggest import suggest, text, write_entries

    project = _project(click.get_current_context(), briefs=briefs, knowledge=knowledge)
    found, problems = suggest(project, min_briefs=min_briefs)
    report = Report(problems=list(problems))
    if not write:
        click.echo(text(found), nl=False)
    else:
        written = write_entries(found, project.knowledge)
        for path, count in written.items():
            report.say(f"suggest: {count} entr{'ies' if count != 1 else 'y'} added to "
                       f"{shown(path)}")
        if not written:
            report.say("suggest: nothing to add")
    _finish(report)


def main() -> None:
    """Entry point of the briefing command."""
    cli()
