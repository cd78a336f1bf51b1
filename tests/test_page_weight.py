"""What every page of the site carries: GitHub Pages refuses a site over 1 GB, and the
theme's markup and the downloads were most of the 1 GB of 10,000 briefs (issue 15)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
import test_links
from conftest import REPO

pytestmark = pytest.mark.slow

site = test_links.site  # the bundled seeds' site (one build for this module)

# The theme's markup around a page's <article> (head, header, tabs, navigation, scripts;
# not the table of contents, which depends on the page): 9.1 to 10.0 KB here with the
# lighter shell (a brief's is larger: its title three times, its summary twice as the
# description for link previews), 12.4 to 13.3 KB with Material's own (its icons inline,
# its search's translations, its credit, blank lines, line breaks between its tags).
SHELL_BYTES = 10_200
_TOC = re.compile(r'<nav class="md-nav md-nav--secondary".*?</nav>', re.S)


def _shell(page: Path) -> str:
    html = page.read_text("utf-8")
    start, end = html.index("<article"), html.index("</article>")
    return _TOC.sub("", html[:start]) + html[end:]


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.parts)


def test_the_theme_markup_of_a_page_stays_small(site: Path) -> None:
    sizes = {p.relative_to(site).as_posix(): len(_shell(p).encode()) for p in _pages(site)}
    assert len(sizes) > 100
    heavy = {page: size for page, size in sizes.items() if size > SHELL_BYTES}
    assert heavy == {}


def test_no_page_repeats_the_theme_icons_or_blank_lines(site: Path) -> None:
    for page in _pages(site):
        shell = _shell(page)
        assert "<svg" not in shell, page  # drawn by the stylesheet (class b-icon)
        assert "search.result" not in shell, page  # the theme's search is not the site's
        outside_pre = re.sub(r"<pre\b.*?</pre>", "<pre>", page.read_text("utf-8"), flags=re.S)
        assert "\n\n" not in outside_pre and "\n " not in outside_pre, page
    css = (REPO / "docs" / "assets" / "stylesheets" / "briefing.css").read_text("utf-8")
    icons = re.findall(r'class="b-icon b-icon--([a-z-]+)"', (site / "index.html").read_text())
    assert len(icons) >= 5
    for name in icons:
        assert f".b-icon--{name} {{ --b-icon: url('data:image/svg+xml;utf8,<svg" in css, name


def test_a_brief_page_shows_each_evidence_sentence_once(site: Path) -> None:
    page = (site / "briefs" / "en-01-tsmc-arizona" / "index.html").read_text("utf-8")
    facts = page[page.index('<section class="glance"'):page.index('<h2 id="article"')]
    text = page[page.index('<div class="article-text"'):page.index('<h2 id="cite"')]
    sentences = re.findall(r'<span id="ev-\d+">([^<]+)</span>', text)
    assert len(sentences) >= 10
    for sentence in sentences:  # in the article once; neither tooltip nor list repeats it
        assert text.count(sentence) == 1 and sentence not in facts, sentence
    for target in re.findall(r'href="#(ev-\d+)"', page):
        assert f'<span id="{target}">' in page


def test_all_briefs_download_compressed(site: Path) -> None:
    assert not (site / "downloads" / "briefs.json").exists()
    packed = (site / "downloads" / "briefs.json.gz").read_bytes()
    briefs = json.loads(gzip.decompress(packed))
    assert len(briefs) == len(list((REPO / "seeds").glob("*.txt")))
    assert len(packed) * 4 < len(gzip.decompress(packed))
