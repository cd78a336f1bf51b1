"""Site stage: mkdocs build of the rendered docs/ into site/, replacing it as a whole.

MkDocs writes into a hidden staging folder beside site/ (``.site.new-<random>``); only the
finished folder takes site/'s place, in one rename (Linux: renameat2 with RENAME_EXCHANGE,
so that site/ never is missing; elsewhere two renames). A build that fails or is killed
half-way leaves site/ as it was, for ``briefing serve`` and a deploy, and the next build
removes what it left behind. Every step that completes the site (a search index built from
the pages, say) works on the staging folder too, before publish().

A dirty build (MkDocs' own: only the pages whose Markdown is newer than their HTML are built)
is safe here because render rewrites exactly the pages whose content changed. It is used
when the site folder was last built by this stage from the same configuration, theme and
plugin code (a key in the state folder says so): the staging folder then starts as the old
site, its files hard-linked (MkDocs' writers replace a file instead of writing into it while
they build; the few it writes into are copied), but the search bundles; the briefing plugin
removes the output of pages gone. The site a dirty build replaces is not deleted but kept
beside site/ as the spare (``.site.spare``), and the next dirty build starts from it: its
files are links to the published ones but those changed since, so making it a copy of the
site again touches only those (at 10,000 briefs, deleting the old site and linking the new
one's 32,000 files cost 2.4 CPU seconds and most of a minute of a busy disk). A full build
is the default in CI and with clean=True (`briefing build --clean`). The search index
(Pagefind, generator/search.py) is built from the staging folder: after a full build from
every page, after a dirty one from the pages whose files changed since the last whole index
(a delta beside the main bundles).

A full build of many pages runs in parts, one process per core (jobs): each part is a
MkDocs build of the whole configuration that converts and writes every n-th page (and reads
the pages of the navigation, which every page shows); the first part also writes the static
files, the sitemap and the 404 page. No page shows anything of a page outside the navigation
(which is what makes the dirty build safe too), so the parts together write the same files
as one build. Only for the plugins known to allow it (PARTS_PLUGINS).
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import hashlib
import json
import logging
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .config import Project
from .errors import SiteError
from .fsutil import exchange as _exchange
from .fsutil import link_tree, remove_if_exists, remove_path, write_if_changed
from .plugin import READING, THEME, WRITING
from .progress import Progress
from .search import BUNDLES, Indexed, remove_records
from .search import index as index_search

STATE = "site.json"  # in the state folder: what the last build of the site was made from
_CODE = ("plugin.py", "rawhtml.py")
# Written into, not replaced, by MkDocs (build.py opens the gzipped sitemap for writing).
IN_PLACE = frozenset({"sitemap.xml.gz"})
SPARE = "spare"  # .<site>.spare beside the site: the site before, kept for the next build
COMPILED = "theme-templates"  # in the state folder: the theme's compiled templates
_LOGGERS = ("mkdocs", "properdocs")
PARTS_MIN = 1000  # pages: a smaller full build runs in one process (a part costs ~1 s)
PARTS_PLUGINS = frozenset({"briefing"})  # plugins that see nothing of the pages of other parts


class _Collect(logging.Handler):
    """Keeps mkdocs' warnings so they can be reported as one error."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _NoDirtyWarning(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave stale pages: render rewrites
    exactly the pages whose content changed, and in strict mode the warning would fail."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


@dataclass(frozen=True)
class Built:
    """What site() did: the folder, whether only changed pages were built, how many, and
    what the search index holds."""

    folder: Path
    dirty: bool
    pages: int
    built: int
    search: Indexed | None = None


def build_key(project: Project) -> str:
    """A digest of what every page of the site depends on besides its own Markdown."""
    digest = hashlib.sha256()
    for package in ("mkdocs", "mkdocs-material", "properdocs", "markdown", "pymdown-extensions"):
        try:
            digest.update(f"{package} {metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} -\n".encode())
    here = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update(f"\n{name}\n".encode() + (here / name).read_bytes())
    for path in sorted(p for p in THEME.rglob("*") if p.is_file()):
        digest.update(f"\n{path.relative_to(here).as_posix()}\n".encode() + path.read_bytes())
    with contextlib.suppress(OSError):
        digest.update(project.config_file.read_bytes())
    names = ("SITE_URL", "SOURCE_DATE_EPOCH")
    digest.update(json.dumps({n: os.environ.get(n) for n in names}).encode())
    digest.update(f"\n{project.docs.resolve()}\n".encode())
    return digest.hexdigest()


def _last_build(project: Project, target: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((project.state / STATE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("site") != str(target) \
            or not isinstance(data.get("outputs"), list):
        return None
    return data


def staging_folder(target: Path, *, from_previous: bool = False, spare: bool = False
                   ) -> Path:
    """A new hidden folder beside target to build the next site in.

    from_previous starts it as a copy of the current site, for a build that only rewrites
    what changed (MkDocs' dirty build). A copy, not hard links: MkDocs writes files in
    place, which would change the published site while it is being served. spare: the
    folder is the spare (see publish) where there is one, for _linked_copy to bring up to
    date.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    kept = _spare(target)
    if spare and not from_previous and kept.is_dir() and not kept.is_symlink():
        # Renamed onto the empty new folder: from here on it is a staging folder, which the
        # next build removes should this one be killed.
        with contextlib.suppress(OSError):
            os.rename(kept, staging)
    if from_previous and target.is_dir():
        shutil.copytree(target, staging, symlinks=True, dirs_exist_ok=True)
    return staging


def _spare(target: Path) -> Path:
    return target.parent / f".{target.name}.{SPARE}"


def _linked_copy(target: Path, staging: Path) -> None:
    """staging as a copy of target whose files are hard links (copying 15,000 pages and
    thousands of feeds took seconds), but those MkDocs writes into (IN_PLACE) and symbolic
    links, which are copied; only for a build whose writers replace files (see
    _replacing_writes). A staging folder that is the spare is brought up to date: only what
    changed since it was published is linked again. The search bundles are left out (the
    spare's as they are): search.index() builds them anew, from the spare's."""
    link_tree(target, staging, leave_out=frozenset({BUNDLES}), copied=IN_PLACE)


@contextlib.contextmanager
def _replacing_writes() -> Iterator[None]:
    """MkDocs' file writers replace a file (unlink, then write) instead of writing into it,
    so that a page hard-linked from the published site is never changed in place."""
    from mkdocs import utils
    from mkdocs.structure.files import File

    real_write, real_copy, real_file_copy = utils.write_file, utils.copy_file, File.copy_file

    def write_file(content: bytes, output_path: str) -> None:
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            os.unlink(output_path)
        real_write(content, output_path)

    def copy_file(source_path: str, output_path: str) -> None:
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            os.unlink(output_path)
        real_copy(source_path, output_path)

    def file_copy(self: File, dirty: bool = False) -> None:
        # A file a plugin generates is written into its destination, not copied.
        if not dirty or self.is_modified():
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                os.unlink(self.abs_dest_path)
        real_file_copy(self, dirty)

    utils.write_file, utils.copy_file = write_file, copy_file
    File.copy_file = file_copy  # type: ignore[method-assign]
    try:
        yield
    finally:
        utils.write_file, utils.copy_file = real_write, real_copy
        File.copy_file = real_file_copy  # type: ignore[method-assign]


@contextlib.contextmanager
def _one_build_date() -> Iterator[None]:
    """Every page of a build gets the date MkDocs' get_build_date() gives at its first page
    (SOURCE_DATE_EPOCH's, else today's): asked for every page, it read the environment and
    the clock 14,000 times, a fifth of a dirty build at 10,000 briefs."""
    from mkdocs.structure import pages

    real = pages.get_build_date  # type: ignore[attr-defined]
    pages.get_build_date = functools.cache(real)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        pages.get_build_date = real  # type: ignore[attr-defined]


# A URL (or a base URL's path) that urljoin() leaves as it is when joined: segments of
# unreserved characters and escapes, none of them "." or "..", no empty one.
_PLAIN_URL = re.compile(r"(?:(?!\.\.?(?:/|$))[A-Za-z0-9._~%-]+/)*"
                        r"(?:(?!\.\.?$)[A-Za-z0-9._~%-]+)?")


@functools.cache
def _plain_base(base: str) -> str | None:
    """The path of a site URL (ending in "/") that a page's plain URL is simply appended
    to by urljoin(); None when urljoin() might change it (dot segments, a query)."""
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    if not base.endswith("/") or parts.scheme not in ("http", "https") or not parts.netloc \
            or parts.query or parts.fragment or ";" in base \
            or not parts.path.startswith("/") or not _PLAIN_URL.fullmatch(parts.path[1:]):
        return None
    return parts.path


def canonical_url(base: str, url: str) -> tuple[str, str] | None:
    """A page's canonical URL and its path, as MkDocs' Page._set_canonical_url makes them
    (urljoin, then urlsplit) when the site URL base (ending in "/") and the page's URL are
    plain: then the URL is just appended. None otherwise."""
    path = _plain_base(base)
    if path is None or not _PLAIN_URL.fullmatch(url):
        return None
    return base + url, path + url


@contextlib.contextmanager
def _quick_canonical_urls() -> Iterator[None]:
    """MkDocs' canonical URL of a page without urljoin() and urlsplit() where the URLs are
    plain (canonical_url; a tenth of a dirty build at 10,000 briefs went to them)."""
    from mkdocs.structure.pages import Page

    real = Page._set_canonical_url

    def set_canonical_url(self: Page, base: str | None) -> None:
        if base:
            known = canonical_url(base if base.endswith("/") else base + "/", self.url)
            if known is not None:
                self.canonical_url, self.abs_url = known
                return
        real(self, base)

    Page._set_canonical_url = set_canonical_url  # type: ignore[method-assign]
    try:
        yield
    finally:
        Page._set_canonical_url = real  # type: ignore[method-assign]


class _Pruned:
    """A Jinja environment whose template listing skips the folders whose names start
    with a dot: MkDocs lists every file of the theme to find its static files, then drops
    all under such a folder (Material's 14,000 icons in .icons, read by the stylesheet)."""

    def __init__(self, env: Any) -> None:
        self._env = env

    def __getattr__(self, name: str) -> Any:
        return getattr(self._env, name)

    def list_templates(self, extensions: Any = None, filter_func: Any = None) -> list[str]:
        """The theme's files as env.list_templates() lists them, but those in dot folders."""
        from jinja2 import FileSystemLoader

        loader = self._env.loader
        if type(loader) is not FileSystemLoader or extensions is not None:
            return list(self._env.list_templates(extensions, filter_func))
        found: set[str] = set()
        for searchpath in loader.searchpath:
            for folder, folders, names in os.walk(searchpath, followlinks=loader.followlinks):
                folders[:] = [name for name in folders if not name.startswith(".")]
                for name in names:
                    template = os.path.join(folder, name)[len(searchpath):] \
                        .strip(os.path.sep).replace(os.path.sep, "/")
                    found.add(template.removeprefix("./"))
        return [name for name in sorted(found) if filter_func is None or filter_func(name)]


@contextlib.contextmanager
def _theme_files_listed_quickly() -> Iterator[None]:
    """MkDocs adds the theme's static files from a listing without its dot folders (see
    _Pruned), whose files it leaves out anyway ('.*' and '*/.*' among its patterns)."""
    from mkdocs.structure.files import Files

    real = Files.add_files_from_theme

    def add_files_from_theme(self: Files, env: Any, config: Any) -> None:
        real(self, _Pruned(env), config)  # type: ignore[arg-type]

    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]
    try:
        yield
    finally:
        Files.add_files_from_theme = real  # type: ignore[method-assign]


def publish(staging: Path, target: Path, *, keep: bool = False) -> None:
    """Put the finished staging folder in target's place and remove the old site; keep:
    the old site becomes the spare instead, for the next dirty build to start from (it then
    shares all but the files this build wrote with the new one: deleting it would cost
    more than bringing it up to date)."""
    if not target.exists():
        os.rename(staging, target)
        return
    holder = None
    if _exchange(staging, target):
        old = staging  # now holds the old site
    else:
        holder = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        old = holder / "site"
        os.rename(target, old)
        os.rename(staging, target)
    if keep:
        spare = _spare(target)
        remove_path(spare, quiet=True)
        with contextlib.suppress(OSError):
            os.rename(old, spare)
    remove_path(holder or old, quiet=True)


def give_back_memory() -> None:
    """Free what only the cyclic collector frees, and return the memory this process has
    freed to the system (glibc's malloc_trim; elsewhere nothing is returned). Render frees
    most of what it held, but the C heap keeps it: at 10,000 briefs the build process held
    777 MB after render and 389 MB after this (0.1 CPU s), all through MkDocs and beside
    each Pagefind process (1.5 GB)."""
    gc.collect()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).malloc_trim(0)


def remove_leftovers(target: Path, *, spare: bool = True) -> None:
    """Delete the staging and old folders a killed build left beside target, and its
    search records (in /dev/shm); and the spare unless spare (a full build starts from
    nothing)."""
    names = (f".{target.name}.new-", f".{target.name}.old-")
    kept = _spare(target)
    with contextlib.suppress(OSError):
        for path in target.parent.iterdir():
            if (path.name.startswith(names) or (not spare and path == kept)) \
                    and path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
    remove_records(target)


def site(project: Project, *, strict: bool = True, site_dir: Path | None = None,
         clean: bool = True, progress: bool = False, jobs: int = 1) -> Built:
    """Build the site with MkDocs into a staging folder, index it for search (Pagefind),
    then publish it as site_dir (default: site/); clean=False builds only the pages whose
    Markdown changed when the last build allows it; a full build of many pages runs in
    jobs processes."""
    target = (site_dir or project.site).resolve()
    key = build_key(project)
    last = None if clean or not target.is_dir() else _last_build(project, target)
    dirty = last is not None and last.get("key") == key
    remove_leftovers(target, spare=dirty)
    if not dirty:
        give_back_memory()  # before MkDocs' parts are forked and Pagefind's processes run
    state = project.state / STATE
    # Gone while the build runs: a site a failed build left is one only a full build may
    # build on (and the staging folder is gone then anyway).
    remove_if_exists(state)
    staging = staging_folder(target, spare=dirty)
    try:
        if dirty:
            _linked_copy(target, staging)
        built = _mkdocs_build(project, staging, strict,
                              previous=frozenset(last["outputs"]) if dirty and last else None,
                              progress=progress, jobs=jobs)
        indexed = index_search(staging, state=project.state, published=target, whole=not dirty)
        publish(staging, target, keep=dirty)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    state.parent.mkdir(parents=True, exist_ok=True)
    write_if_changed(state, json.dumps({"key": key, "site": str(target),
                                        "outputs": list(built.outputs)}) + "\n", durable=False)
    return Built(target, dirty, built.pages, built.built, indexed)


@dataclass(frozen=True)
class _Result:
    outputs: tuple[str, ...]
    pages: int
    built: int


def _mkdocs_build(project: Project, target: Path, strict: bool,
                  previous: frozenset[str] | None, progress: bool = False,
                  jobs: int = 1) -> _Result:
    """mkdocs build into target; a dirty one when previous (the files of the last build);
    a full one in jobs parts when it has many pages (see _parts)."""
    from mkdocs import exceptions  # or ProperDocs' (see plugin.py)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    collect = _Collect()
    plugin = None
    quiet = _NoDirtyWarning()
    for name in _LOGGERS:  # ProperDocs logs under its own name
        logging.getLogger(name).addHandler(collect)
        logging.getLogger(f"{name}.commands.build").addFilter(quiet)
    try:
        config = load_config(
            config_file=str(project.config_file), docs_dir=str(project.docs),
            site_dir=str(target), strict=strict,
        )
        plugin = config.plugins.get("briefing")
        dirty = previous is not None and plugin is not None
        if plugin is not None:
            plugin.dirty, plugin.previous = dirty, previous or frozenset()
            plugin.progress = progress
            plugin.compiled = (project.state / COMPILED, build_key(project))
        parts = 1 if dirty else _parts(config, project.docs, jobs)
        with _replacing_writes(), _one_build_date(), _quick_canonical_urls(), \
                _theme_files_listed_quickly():
            if parts > 1:
                _build_in_parts(config, plugin, parts, collect, progress)
            else:
                build(config, dirty=dirty)
    except exceptions.ConfigurationError as exc:
        raise SiteError(f"invalid configuration: {exc}", path=project.config_file,
                        hint="see the MkDocs configuration reference") from None
    except (exceptions.Abort, exceptions.BuildError) as exc:
        detail = "; ".join(collect.messages[:5]) or str(exc)
        raise SiteError(f"mkdocs build failed: {detail}", path=project.config_file,
                        hint="fix the warnings above, or build without --strict") from None
    finally:
        for name in _LOGGERS:
            logging.getLogger(name).removeHandler(collect)
            logging.getLogger(f"{name}.commands.build").removeFilter(quiet)
        if plugin is not None:
            plugin.close_progress()
    if plugin is None:
        return _Result((), 0, 0)
    return _Result(plugin.outputs, len(plugin.order), len(plugin.built))


def _parts(config: Any, docs: Path, jobs: int) -> int:
    """How many processes a full build runs in: jobs when forking works, the configuration
    has only plugins known to allow it and no anchor check that needs every page (a part
    converts only its own), and the docs hold PARTS_MIN pages or more."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if not set(config.plugins) <= PARTS_PLUGINS or "briefing" not in config.plugins:
        return 1
    with contextlib.suppress(AttributeError):
        if config.validation.links.anchors > logging.INFO:
            return 1
    pages = 0
    for _, _, names in os.walk(docs):
        pages += sum(1 for name in names if name.endswith(".md"))
        if pages >= PARTS_MIN:
            return jobs
    return 1


def _build_in_parts(config: Any, plugin: Any, parts: int, collect: _Collect,
                    progress: bool) -> None:
    """MkDocs' build of config in parts forked processes (see the module's docstring);
    plugin.built gathers the pages of all parts, collect their warnings. Raises what a
    failed part raised (Abort or BuildError, with its warnings collected)."""
    from mkdocs import exceptions

    context = multiprocessing.get_context("fork")
    read, written, total = (context.Value("q", 0), context.Value("q", 0),
                            context.Value("q", -1))
    shown = _Shown(read, written, total) if progress else None
    plugin.progress = False
    workers = []
    try:
        for part in range(parts):
            reader, writer = context.Pipe(duplex=False)
            worker = context.Process(target=_part, args=(config, plugin, (part, parts), collect,
                                                         (read, written, total), writer),
                                     daemon=True)
            worker.start()
            writer.close()
            workers.append((worker, reader))
        results: dict[int, Any] = {}
        while len(results) < parts:
            for part, (worker, reader) in enumerate(workers):
                if part not in results and reader.poll(0.2 / parts):
                    try:
                        results[part] = reader.recv()
                    except EOFError:
                        results[part] = ("error", f"part {part + 1} of the build ended "
                                         f"(exit status {worker.exitcode})", [])
            if shown is not None:
                shown()
    finally:
        if shown is not None:
            shown.close()
        for worker, reader in workers:
            reader.close()
            if worker.is_alive():
                worker.terminate()
            worker.join()
    failed = None
    for part in range(parts):
        outcome, detail, messages = results[part]
        collect.messages.extend(m for m in messages if m not in collect.messages)
        if outcome == "ok":
            built, plugin.outputs, plugin.order = detail
            plugin.built.update(built)
        elif failed is None:
            failed = (outcome, detail)
    if failed is not None:
        raise (exceptions.Abort if failed[0] == "abort" else exceptions.BuildError)(failed[1])


class _Shown:
    """The progress of a build in parts, from the counts its parts share: the pages read,
    then the pages written (as the briefing plugin shows a build in one process)."""

    def __init__(self, read: Any, written: Any, total: Any) -> None:
        self.counts, self.total = (read, written), total
        self.step = 0
        self.bar: Progress | None = None

    def __call__(self) -> None:
        if self.total.value < 0:
            return  # the first part has not counted the pages yet
        if self.bar is None:
            self.bar = Progress((READING, WRITING)[self.step], self.total.value, "pages")
        done = self.counts[self.step].value
        if done > self.bar.done:
            self.bar(done - self.bar.done)
        if self.step == 0 and done >= self.total.value:
            self.bar.close()
            self.step, self.bar = 1, None
            self()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _part(config: Any, plugin: Any, part: tuple[int, int], collect: _Collect,
          counts: tuple[Any, Any, Any], result: Any) -> None:
    """One part of a build in parts, in a forked process: sends back ("ok", (the pages
    built, the files and pages of the whole build), warnings) or what went wrong."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build

    read, written, total = counts

    def tick(pages_read: int, pages_written: int) -> None:
        for value, count in ((read, pages_read), (written, pages_written)):
            if count:
                with value.get_lock():
                    value.value += count

    def count(pages: int) -> None:
        total.value = pages

    plugin.part, plugin.tick, plugin.total = part, tick, count
    collect.messages = []
    try:
        build(config, dirty=True)
        result.send(("ok", (sorted(plugin.built), plugin.outputs, plugin.order),
                     collect.messages))
    except exceptions.Abort as exc:
        result.send(("abort", str(exc), collect.messages))
    except Exception as exc:  # the parent reports it as a failed build
        result.send(("error", f"{type(exc).__name__}: {exc}", collect.messages))
    finally:
        result.close()
