"""MkDocs plugin `briefing`: keeps the site build fast at thousands of generated pages.

It adds the verbatim-HTML Markdown extension (generator/rawhtml.py); it hides the parts of a
page that the search index leaves out anyway (between SEARCH_OFF and SEARCH_ON) from the
search plugin, which would otherwise parse their every tag only to skip them; and it lets
go of each page's Markdown source once the page is HTML, and drops the indentation of the
theme's markup from every page.

In a dirty build (set by the site stage: only pages whose Markdown changed are built) it
removes what the pages gone since the last build left in the site, and it keeps the search
index whole: the search plugin then writes the entries of the pages built, and this plugin
puts back those of the pages not built, in the order a full build gives them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .progress import Progress

SEARCH_OFF = "<!--briefing:search-off-->"
SEARCH_ON = "<!--briefing:search-on-->"
_HIDDEN = re.compile(rf"{re.escape(SEARCH_OFF)}.*?{re.escape(SEARCH_ON)}", re.S)
EXTENSION = "generator.rawhtml"
SEARCH_INDEX = "search/search_index.json"


class BriefingPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Registers the raw-HTML extension; lightens pages for the search plugin."""

    def __init__(self) -> None:
        self._full: dict[int, str] = {}
        self.dirty = False  # set by the site stage before a dirty build
        self.previous: frozenset[str] = frozenset()  # files the last build wrote (dest URIs)
        self.outputs: tuple[str, ...] = ()  # files this build has (dest URIs)
        self.built: set[str] = set()  # URLs of the pages built this time
        self.order: tuple[str, ...] = ()
        self._index: list[dict[str, Any]] | None = None
        self.progress = False  # set by the site stage: show how far the build is
        self._bar: Progress | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Adds the raw-HTML Markdown extension unless the configuration lists it."""
        if EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(EXTENSION)
        return config

    @event_priority(-100)  # the files as every other plugin left them
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Notes the files of this build; in a dirty build removes what pages gone left."""
        self.built = set()
        self.outputs = tuple(sorted(f.dest_uri for f in files
                                    if f.inclusion.is_included()))  # type: ignore[no-untyped-call]
        self.order = tuple(_location(f.url) for f in files.documentation_pages())
        self._index = None
        if self.dirty:
            site = Path(config.site_dir)
            for stale in sorted(self.previous - set(self.outputs)):
                _remove(site, site / stale)
            self._index = _read_index(site / SEARCH_INDEX)
        if self.progress:
            pages = files.documentation_pages()
            total = sum(1 for f in pages if f.is_modified()) if self.dirty else len(pages)
            self._bar = Progress("site", total, "pages")
        return files

    def close_progress(self) -> None:
        """The build is over (or failed): the bar goes away."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    @event_priority(-100)  # after every other plugin has seen the Markdown
    def on_page_content(self, html: str, *, page: Page, **_: Any) -> str:
        """Drops the page's Markdown source once it is HTML: MkDocs keeps every page until
        the end of the build, and the sources were hundreds of MB at 10,000 briefs."""
        page.markdown = ""  # not None: MkDocs takes None for a page never read
        return html

    @event_priority(100)  # before the search plugin reads page.content
    def _hide(self, context: dict[str, Any], *, page: Page, **_: Any) -> dict[str, Any]:
        self.built.add(_location(page.url))
        if self._bar is not None:
            self._bar(1)
        content = page.content or ""
        if SEARCH_OFF in content:
            self._full[id(page)] = content
            page.content = _HIDDEN.sub("", content)
        return context

    @event_priority(-100)  # after it: the page is written with everything
    def _restore(self, context: dict[str, Any], *, page: Page, **_: Any) -> dict[str, Any]:
        full = self._full.pop(id(page), None)
        if full is not None:
            page.content = full
        return context

    on_page_context = CombinedEvent(_hide, _restore)  # type: ignore[arg-type]

    @event_priority(-100)  # the page as every other plugin left it
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Drops the indentation of the theme's markup (a sixth to a seventh of every page,
        which adds up to 100 MB at 10,000 briefs); <pre> and <textarea> keep theirs."""
        return squeeze(output)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """In a dirty build, puts the entries of the pages not built back into the index."""
        path = Path(config.site_dir) / SEARCH_INDEX
        fresh = _read_index(path, whole=True) if self.dirty and self._index is not None else None
        if fresh is None or self._index is None:
            return
        new, old = _by_page(fresh["docs"]), _by_page(self._index)
        fresh["docs"] = [entry for url in self.order
                         for entry in (new if url in self.built else old).get(url, [])]
        # As the search plugin writes it, so that the file is the one a full build gives.
        path.write_text(json.dumps(fresh, separators=(",", ":"), default=str), "utf-8")


_KEEP = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I)
_INDENT = re.compile(r"\n[ \t]+")


def squeeze(html: str) -> str:
    """HTML without the white space at the start of its lines (which the browser shows as
    the one space the line break already gives), except inside <pre> and <textarea>."""
    parts = _KEEP.split(html)
    return "".join(part if index % 2 else _INDENT.sub("\n", part)
                   for index, part in enumerate(parts))


def _read_index(path: Path, *, whole: bool = False) -> Any:
    """The entries of a search index (or the whole index); None if there is none."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("docs"), list):
        return None
    return data if whole else data["docs"]


def _location(url: str) -> str:
    """A page URL as the search index writes it (the home page: "")."""
    return "" if url in ("./", ".") else url


def _by_page(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    pages: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        pages.setdefault(str(entry.get("location", "")).partition("#")[0], []).append(entry)
    return pages


def _remove(site: Path, path: Path) -> None:
    """Delete a file of the site and the folders it leaves empty."""
    with contextlib.suppress(OSError):
        os.unlink(path)
    folder = path.parent
    while folder != site and site in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
