"""MkDocs plugin `briefing`: keeps the site build fast at thousands of generated pages.

It adds the verbatim-HTML Markdown extension (generator/rawhtml.py); it hides the parts of a
page that the search index leaves out anyway (between SEARCH_OFF and SEARCH_ON) from the
search plugin, which would otherwise parse their every tag only to skip them; and it lets
go of each page's Markdown source once the page is HTML.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.pages import Page

SEARCH_OFF = "<!--briefing:search-off-->"
SEARCH_ON = "<!--briefing:search-on-->"
_HIDDEN = re.compile(rf"{re.escape(SEARCH_OFF)}.*?{re.escape(SEARCH_ON)}", re.S)
EXTENSION = "generator.rawhtml"


class BriefingPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Registers the raw-HTML extension; lightens pages for the search plugin."""

    def __init__(self) -> None:
        self._full: dict[int, str] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Adds the raw-HTML Markdown extension unless the configuration lists it."""
        if EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(EXTENSION)
        return config

    @event_priority(-100)  # after every other plugin has seen the Markdown
    def on_page_content(self, html: str, *, page: Page, **_: Any) -> str:
        """Drops the page's Markdown source once it is HTML: MkDocs keeps every page until
        the end of the build, and the sources were hundreds of MB at 10,000 briefs."""
        page.markdown = ""  # not None: MkDocs takes None for a page never read
        return html

    @event_priority(100)  # before the search plugin reads page.content
    def _hide(self, context: dict[str, Any], *, page: Page, **_: Any) -> dict[str, Any]:
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
