"""The render stage's edge: briefs/ -> docs/, rendering only what changed.

render_all() decides whether anything changed since the last render (a key of every input),
loads the briefs, makes the pages (render()) and writes those whose inputs changed (write()),
keeping the bookkeeping that makes the next run incremental in the state folder.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .. import briefs as briefs_stage
from .. import kb as kbmod
from ..cache import fingerprint, parse_cache, signature
from ..config import Project
from ..errors import BriefingError
from ..fsutil import write_if_changed
from ..progress import Progress
from ..report import Report
from .downloads import Members
from .memo import KnownNames, load_forms, save_forms
from .model import Names
from .pages import code_key, environment, keep_compiled, render
from .related import RelatedMemo
from .writer import manifest_pages, write


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


def _render_inputs(project: Project, site_url: str | None, editor: bool, knowledge: str,
                   code: str, briefs: list[Path]) -> str | None:
    """A hash of everything the pages are made from, or None when caching is off."""
    if not project.config_file.is_file():
        return None
    digest = hashlib.sha256(knowledge.encode())
    digest.update(code.encode())
    digest.update(f"site_url {site_url} editor {editor}\n".encode())
    for path in briefs:
        digest.update(f"\n{path.name} {signature(path)}".encode())
    return digest.hexdigest()


def _render_key(project: Project, inputs: str, pages: set[str],
                known: Mapping[str, list[Any]] | None = None) -> str:
    """The inputs' hash together with the generated pages as they are on disk now (known:
    the signatures of those just written or looked at, which are not looked at again)."""
    digest = hashlib.sha256(inputs.encode())
    known = known or {}
    for rel in sorted(pages):
        found = known.get(rel)
        digest.update(f"\n{rel} {found if found else signature(project.docs / rel)}".encode())
    return digest.hexdigest()


def render_all(project: Project, report: Report, *, skip_broken: bool = False,
               progress: bool = False, editor: bool = False, jobs: int = 1) -> bool:
    """briefs/ -> docs/; False when broken briefs stop the run.

    When no brief, template, page or piece of code changed since the last render, nothing
    is rendered again (the key lives in the git-ignored .briefing/ folder). editor: pages
    for briefing serve, which show each brief's merge conflicts (never published). jobs:
    processes that make the pages (write).
    """
    site_url = project_site_url(project)
    folder = project.knowledge if project.knowledge.is_dir() else None
    knowledge, code = fingerprint(folder), code_key(project.templates)
    # The inputs are hashed before they are read: a brief saved while the pages are made
    # changes the key, so the next run renders it.
    briefs = briefs_stage.brief_paths(project.briefs)
    inputs = _render_inputs(project, site_url, editor, knowledge, code, briefs)
    pages = manifest_pages(project.docs) if inputs is not None else set()
    key = _render_key(project, inputs, pages) if inputs is not None else None
    stamp = project.state / RENDER_STAMP
    if key is not None and stamp.is_file() and stamp.read_text("utf-8").strip() == key:
        report.say(f"render: {len(briefs)} briefs, 0 pages written, {len(pages)} unchanged, "
                   "0 removed")
        return True
    with _kept_apart():
        loaded = briefs_stage.load_all(project.briefs, cache=parse_cache(project))
        return _render_loaded(project, report, loaded, inputs, site_url, knowledge, code,
                              skip_broken=skip_broken, progress=progress, editor=editor,
                              jobs=jobs)


@contextlib.contextmanager
def _kept_apart() -> Iterator[None]:
    """No garbage collection until the model is made, and the objects made so far (and
    those frozen inside) left out of the collector's walks until the end: the briefs and the
    model, millions of objects with no cycles, were walked by every full collection that
    making the model and the pages set off (5 of 13 CPU s of an edit's render at 10,000),
    and by the first collection after loading the briefs (0.3 CPU s at 10,000) when loading
    them turned the collector back on. Given back at the end, so that a long-lived process
    (briefing serve) frees them once they are garbage."""
    enabled = gc.isenabled()
    gc.disable()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()
        else:
            gc.disable()


def _render_loaded(project: Project, report: Report, loaded: briefs_stage.Loaded,
                   inputs: str | None, site_url: str | None, fingerprint_: str, code: str, *,
                   skip_broken: bool, progress: bool, editor: bool, jobs: int) -> bool:
    """render_all() of the briefs loaded (fingerprint_, code: the knowledge base's and the
    page code's keys, as render_all() worked them out)."""
    if loaded.problems:
        report.problems.extend(loaded.problems)
        if not skip_broken:
            report.say("render: stopped, fix the briefs above (or pass --skip-broken)")
            return False
    folder = project.knowledge if project.knowledge.is_dir() else None
    knowledge: Names = kbmod.default(folder) if inputs is None else \
        KnownNames(project.state, fingerprint_, lambda: kbmod.default(folder))
    related = None if inputs is None else RelatedMemo(project.state, code)
    members = None if inputs is None else Members(project.state / JSON_MEMBERS)
    # (the collector is off since _kept_apart: the briefs and the model hold no cycles)
    try:
        pages = render(loaded.briefs, project.templates, kb=knowledge, site_url=site_url,
                       editor=editor, related=related, members=members, marks=loaded.marks)
    finally:
        gc.freeze()
        gc.enable()
    if isinstance(knowledge, KnownNames):
        knowledge.save()
    bar = Progress("render", len(pages), "pages") if progress else None
    known = 0
    if inputs is not None:
        known = load_forms(project.state)
        keep_compiled(environment(project.templates), project.state / COMPILED, pages.code)
    try:
        written = write(project.docs, pages, state=project.state / PAGE_KEYS, tick=bar,
                        jobs=jobs)
    finally:
        if bar is not None:
            bar.close()
        if inputs is not None:
            save_forms(project.state, known)
    if related is not None:  # after the page bookkeeping, never ahead of it (state.py)
        related.save()
    if members is not None:
        members.prune()
    if inputs is not None and not loaded.problems and not written.skipped:
        write_if_changed(project.state / RENDER_STAMP,
                         _render_key(project, inputs, manifest_pages(project.docs),
                                     written.signatures) + "\n")
    for rel in written.skipped:
        report.problems.append(BriefingError(
            "hand-written page is in the way of a generated one; it was left alone",
            path=project.docs / rel, hint="rename or move the hand-written page"))
    report.say(f"render: {len(loaded.briefs)} briefs, {written.written} pages written, "
               f"{written.unchanged} unchanged, {written.removed} removed "
               f"({written.rendered} rendered)")
    return True
