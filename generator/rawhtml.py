"""Markdown extension: verbatim HTML blocks that Markdown stores without parsing them.

Generated pages put their long parts (fact tables, lists of briefs, article text) between
RAW_START and RAW_END lines. Markdown would otherwise run Python's HTML parser over every
tag of them twice (MkDocs' anchor scan and the raw-HTML block reader), which was most of the
site build's time at thousands of pages. The templates escape all text in these blocks, so
the end marker cannot occur inside one.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

RAW_START = "<!--briefing:raw-->"
RAW_END = "<!--/briefing:raw-->"
_BLOCK = re.compile(rf"^{re.escape(RAW_START)}[ \t]*\n(.*?)\n{re.escape(RAW_END)}[ \t]*$",
                    re.M | re.S)


class _RawBlocks(Preprocessor):  # type: ignore[misc]
    """Replaces each verbatim block with a placeholder for the HTML stash."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if RAW_START not in text:
            return lines
        stash = self.md.htmlStash

        def store(match: re.Match[str]) -> str:
            return f"\n{stash.store(match.group(1))}\n"

        return _BLOCK.sub(store, text).split("\n")


class RawHtmlExtension(Extension):  # type: ignore[misc]
    """Registers the preprocessor ahead of MkDocs' and Markdown's own HTML readers."""

    def extendMarkdown(self, md: Markdown) -> None:
        # 25: after whitespace normalisation (30), before MkDocs' anchor scan (21) and
        # Markdown's raw-HTML blocks (20).
        md.preprocessors.register(_RawBlocks(md), "briefing_raw_html", 25)


def makeExtension(**kwargs: Any) -> RawHtmlExtension:
    """Entry point for `markdown_extensions: [generator.rawhtml]`."""
    return RawHtmlExtension(**kwargs)
