"""MkDocs plugin `briefing`: keeps the site build fast at thousands of generated pages.

It adds the verbatim-HTML Markdown extension (generator/rawhtml.py); it lets go of each
page's Markdown source once the page is HTML, and drops the indentation and blank lines of the
theme's markup from every page. With Material it adds its own theme folder (THEME, after a
custom_dir): the theme's icons drawn by the stylesheet rather than inline on every page, and
no translations for the theme's search (the site's is Pagefind's). The theme's markup was
13 KB of every page, 190 MB at 10,000 briefs.

It also puts into every page's head the links to the Atom feeds (the site's, and the page's
own from its `feed` front-matter) and the link-preview tags (Open Graph), whatever the theme.

MkDocs converts every page to HTML before it writes the first one, and keeps all of them
until the end of the build (1.8 GB at 10,000 briefs): this plugin keeps each page's HTML
compressed from its conversion until its page is written, and lets go of it then.

In a dirty build (set by the site stage: only pages whose Markdown changed are built) it
removes what the pages gone since the last build left in the site. For a build in parts (set
by the site stage: several processes each build a share of the pages into one folder) it
tells MkDocs which pages and files are this process's. (The search index is not MkDocs':
the site stage builds it from the whole site afterwards, generator/search.py.)
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import stat
import zlib
from collections.abc import Callable
from html import escape, unescape
from pathlib import Path
from typing import Any

from jinja2 import Environment

try:
    import mkdocs  # noqa: F401
except ModuleNotFoundError:  # ProperDocs instead (README): it answers the mkdocs imports
    import properdocs.replacement  # noqa: F401
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .progress import Progress
from .render.pages import keep_compiled

EXTENSION = "generator.rawhtml"
READING, WRITING = "site, reading", "site, writing"  # the two steps of the progress shown
THEME = Path(__file__).resolve().parent / "theme"


class BriefingPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Registers the raw-HTML extension; frees and squeezes pages; removes pages gone."""

    def __init__(self) -> None:
        self.dirty = False  # set by the site stage before a dirty build
        self.previous: frozenset[str] = frozenset()  # files the last build wrote (dest URIs)
        self.outputs: tuple[str, ...] = ()  # files this build has (dest URIs)
        self.built: set[str] = set()  # URLs of the pages built this time
        self.order: tuple[str, ...] = ()
        self.progress = False  # set by the site stage: show how far the build is
        # Set by the site stage: where to keep the theme's compiled templates, and the key
        # of what they depend on besides their text (see render.keep_compiled).
        self.compiled: tuple[Path, str] | None = None
        # Set by the site stage for a build in parts: (this part, number of parts), and what
        # counts the pages read and written, and their total, for the parent's progress.
        self.part: tuple[int, int] | None = None
        self.tick: Callable[[int, int], None] | None = None
        self.total: Callable[[int], None] | None = None
        self._bar: Progress | None = None
        self._pages = 0  # the pages this build writes, for the progress
        self._held: dict[str, bytes] = {}  # src_uri -> the page's HTML, compressed
        self._mine: set[str] = set()  # src_uri of the pages this part builds
        self._read: set[str] = set()  # ... and reads: its own and those in the navigation
        self._reading = True  # MkDocs is converting pages (not yet writing them)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Adds the raw-HTML Markdown extension unless the configuration lists it, and the
        lighter shell to Material (the configuration's custom_dir still comes first)."""
        if EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(EXTENSION)
        theme = config.theme
        if theme.name == "material" and str(THEME) not in theme.dirs:
            theme.dirs.insert(1 if theme.custom_dir else 0, str(THEME))
        if self.part is not None and self.part[0] != 0:
            # The first part writes the site's templates (sitemap, 404 page).
            theme.static_templates.clear()
            config.extra_templates = []
        return config

    @event_priority(-100)  # the files as every other plugin left them
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Notes the files of this build; in a dirty build removes what pages gone left."""
        self.built = set()
        self.outputs = tuple(sorted(f.dest_uri for f in files
                                    if f.inclusion.is_included()))  # type: ignore[no-untyped-call]
        self.order = tuple(_location(f.url) for f in files.documentation_pages())
        self._held, self._reading = {}, True
        if self.dirty:
            site = Path(config.site_dir)
            for stale in sorted(self.previous - set(self.outputs)):
                _remove(site, site / stale)
            if self.part is None:
                for file in files:
                    if file.generated_by is None:
                        file.is_modified = functools.partial(  # type: ignore[method-assign]
                            _modified_once, file, {})
        if self.part is not None:
            self._share(files)
        if self.progress:
            pages = files.documentation_pages()
            self._pages = sum(1 for f in pages if f.is_modified()) if self.dirty else len(pages)
            self._bar = Progress(READING, self._pages, "pages")
        return files

    def _share(self, files: Files) -> None:
        """This part's share of a build in parts: every n-th page, and the files that are no
        page in the first part. MkDocs, told it is a dirty build, asks each file whether it
        is modified and reads, converts, writes or copies it only then."""
        index, parts = self.part or (0, 1)
        pages = files.documentation_pages()
        self._mine = {f.src_uri for n, f in enumerate(pages) if n % parts == index}
        self._read = set(self._mine)
        for file in files:
            file.is_modified = functools.partial(self._modified, file)  # type: ignore[method-assign]
        if index == 0 and self.total is not None:
            self.total(len(pages))

    def _modified(self, file: File) -> bool:
        """Whether this part reads, writes or copies file (see _share)."""
        if not file.is_documentation_page():
            return self.part is None or self.part[0] == 0
        return file.src_uri in (self._read if self._reading else self._mine)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """In a build in parts every part reads the pages of the navigation, whose titles
        and metadata every page shows (the other pages show nothing of each other)."""
        if self.part is not None:
            self._read |= {page.file.src_uri for page in nav.pages}
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Keeps the theme's compiled templates for the next build (when the site stage
        says where): compiling them cost about a second of every build."""
        self._reading = False  # every page is converted; MkDocs writes them next
        if self._bar is not None:
            self._bar.close()
            self._bar = Progress(WRITING, self._pages, "pages")
        if self.compiled is not None:
            keep_compiled(env, *self.compiled)
        return env

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
        html = _TITLE_LINK.sub(r"\1", html, count=1)
        # Kept compressed until the page is written (on_page_context gives it back): MkDocs'
        # peak at 2,000 briefs 253 -> 109 MB, for about 1 % more CPU time.
        self._held[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
        if self.part is None or page.file.src_uri in self._mine:  # not another part's page
            if self._bar is not None:
                self._bar(1)
            if self.tick is not None:
                self.tick(1, 0)
        return ""

    @event_priority(100)  # the page's HTML back before any other plugin or the theme reads it
    def on_page_context(self, context: Any, /, *, page: Page, **_: Any) -> Any:
        """Gives the page its HTML back; counts the page as built (for the report and the
        progress bar)."""
        held = self._held.pop(page.file.src_uri, None)
        if held is not None:
            page.content = zlib.decompress(held).decode("utf-8")
        self.built.add(_location(page.url))
        if self._bar is not None:
            self._bar(1)
        if self.tick is not None:
            self.tick(0, 1)
        return context

    @event_priority(-100)  # the page as every other plugin left it
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Puts the feed links and link-preview tags at the end of the page's head; drops
        the indentation and blank lines of the theme's markup (a sixth to a seventh of every
        page, which adds up to 100 MB at 10,000 briefs); <pre> and <textarea> keep theirs."""
        at = output.find("</head>")
        if at >= 0:
            output = output[:at] + head_tags(page, config) + output[at:]
        page.content = ""  # written next: MkDocs would keep it until the end of the build
        return squeeze(output)


_KEEP = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I)
_INDENT = re.compile(r"\n\s+")
_BETWEEN_TAGS = re.compile(r">\n<")


def squeeze(html: str) -> str:
    """HTML without blank lines and the white space at the start of its lines (which the
    browser shows as the one space the line break already gives), except inside <pre> and
    <textarea>; in the theme's markup around the <article>, no line break between tags."""
    parts = _KEEP.split(html)
    html = "".join(part if index % 2 else _INDENT.sub("\n", part)
                   for index, part in enumerate(parts))
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < start:
        return html
    return (_BETWEEN_TAGS.sub("><", html[:start]) + html[start:end]
            + _BETWEEN_TAGS.sub("><", html[end:]))


def _modified_once(file: File, answer: dict[str, bool]) -> bool:
    """MkDocs' File.is_modified (the source newer than the output, or no output) of a file
    of the docs folder, asked once per build: a dirty build asks for every page twice and
    stats three times each (a fifth of its time at 10,000 briefs). Asked before its file is
    written, so the answer stands until then, and the file is written only once."""
    if not answer:
        try:
            built = os.stat(file.abs_dest_path)
        except (OSError, ValueError):
            built = None
        answer["modified"] = built is None or not stat.S_ISREG(built.st_mode) \
            or built.st_mtime < os.path.getmtime(file.abs_src_path)  # type: ignore[arg-type]
    return answer["modified"]


def _location(url: str) -> str:
    """A page's URL as the build counts it (the home page: "")."""
    return "" if url in ("./", ".") else url


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
FEED = "feed.xml"
# The page title needs no permanent link of its own (the page's address is one); the section
# headings keep theirs (toc: permalink).
_TITLE_LINK = re.compile(r'(<h1\b[^>]*>.*?)<a class="headerlink" href="#[^"<>]*" '
                         r'title="Permanent link">[^<]*</a>(?=</h1>)', re.S)


def _text(value: Any) -> str:
    """A front-matter value as attribute text: the generated pages' meta values are
    HTML-escaped already (render.escape_meta), so they are unescaped first."""
    return escape(unescape(" ".join(str(value or "").split())), quote=True)


# "alternate feed": feed readers look for the token alternate; Material's script takes a
# link whose rel is exactly "alternate" for a language version of the site and fetches a
# sitemap.xml next to it on every page load.
FEED_REL = "alternate feed"


def head_tags(page: Page, config: MkDocsConfig) -> str:
    """Links to the Atom feeds and Open Graph tags for one page."""
    meta = page.meta or {}
    root = "../" * (page.url or "").count("/")
    site = _text(config.site_name)
    tags = [f'<link rel="{FEED_REL}" type="application/atom+xml" title="{site}: newest '
            f'briefs" href="{root}{FEED}">']
    feed = meta.get("feed")
    if isinstance(feed, str) and feed and "://" not in feed and not feed.startswith("/"):
        title = _text(meta.get("feed_title") or f"{config.site_name}: {page.title}")
        tags.append(f'<link rel="{FEED_REL}" type="application/atom+xml" title="{title}" '
                    f'href="{root}{_text(feed)}">')
    title = meta.get("title") or page.title or config.site_name
    description = meta.get("description") or config.site_description or ""
    kind = "article" if meta.get("type") == "article" else "website"
    tags += [f'<meta property="og:type" content="{kind}">',
             f'<meta property="og:site_name" content="{site}">',
             f'<meta property="og:title" content="{_text(title)}">',
             f'<meta property="og:description" content="{_text(description)}">',
             '<meta name="twitter:card" content="summary">']
    if page.canonical_url:
        tags.append(f'<meta property="og:url" content="{_text(page.canonical_url)}">')
    return "\n".join(tags) + "\n"
