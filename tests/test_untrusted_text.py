"""Untrusted text stays text: Markdown, HTML and Jinja in articles and hand edits, real build.

A hand-written brief and a seed carry scripts, javascript: links, Jinja tags, Markdown
structure ('---' lines, headings, tables, admonitions, attribute lists) in every field that
reaches a page. After the real ``mkdocs build`` no page may hold a script, event handler or
javascript: URL from that text, no page structure may come from it, and the text must be
visible as written.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.briefs import dump
from generator.config import load_project
from generator.models import Actor, Amount, Brief, Chip, Policy, Source
from generator.pipeline import run

TITLE = ('Evil <script>alert("xss-t1")</script> {{ 7*7 }} {% if true %}jinja-if{% endif %} '
         '[x](javascript:alert("xss-t2")) **bold** &amp; ---')
SUMMARY = ('Summary with <img src=x onerror=alert("xss-s1")>\n---\n!!! danger "Injected admonition"'
           '\n    inside\n??? note "Injected details"\n# Injected summary heading')
ACTOR = '<b onmouseover=alert("xss-a1")>Evil Corp</b> {{ actor }}'
LINK_ACTOR = '[Click](javascript:alert("xss-a2"))'
EVIDENCE = ('"><script>alert("xss-e1")</script> | col | {: onclick="alert(\'xss-e2\')" }'
            '\n---\n## Injected evidence heading')
BODY_PARAGRAPHS = [
    "First paragraph with <script>alert('xss-b1')</script> inside.",
    "[click me](javascript:alert('xss-b2')) and ![img](javascript:alert('xss-b3'))",
    "{{ config }} {% raw %}raw{% endraw %} {# comment #} ${x} {{ 'jinja' ~ 'evaluated' }}",
    "---",
    "## Injected heading",
    "| a | b |\n|---|---|\n| injected-cell | d |",
    '??? danger "Injected body details"\n    hidden',
    "<iframe src=\"javascript:alert('xss-b4')\"></iframe> <javascript:alert('xss-b5')>",
    "&lt;script&gt; stays an entity name, &#60;b&#62; too",
    "    indented like code",
    "1. not a list\n- not a bullet\n> not a quote",
    "Setext heading?\n===",
    "{: #injected .class onclick=\"alert('xss-b6')\" }",
    "<!-- comment --> --> <![CDATA[x]]>",
    "---\ntitle: front-matter inside the body\n---",
]
BODY = "\n\n".join(BODY_PARAGRAPHS) + "\n"
SEED = ("Hacker <script>alert('xss-seed')</script> plant Rechenzentrum\nBerlin, 02.05.2025\n\n"
        "Nvidia-Chef Jensen Huang kündigte Investitionen von 2 Milliarden Euro an, "
        "{{ config.site_name }} und [Link](javascript:alert('xss-seed2')).\n\n---\n\n"
        "<img src=x onerror=\"alert('xss-seed3')\"> ## Überschrift\n")
VISIBLE = [
    '<script>alert("xss-t1")</script>', "{{ 7*7 }}", "{% if true %}jinja-if{% endif %}",
    '[x](javascript:alert("xss-t2"))', "**bold** &amp; ---", "Evil Corp</b> {{ actor }}",
    "{{ config }}", "{{ 'jinja' ~ 'evaluated' }}", "## Injected heading", "injected-cell",
    "&lt;script&gt; stays", "{: #injected", "[click me](javascript:alert('xss-b2'))",
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "data", "poster", "xlink:href"}


class _Page(HTMLParser):
    """Tags, attributes, script contents and visible text of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script":
            self.scripts.append(data)
        else:
            self.text.append(data)

    def headings(self) -> list[str]:
        return [tag for tag, _attrs in self.tags if re.fullmatch(r"h[1-6]", tag)]


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    return page


def _brief(slug: str, title: str, **fields: object) -> Brief:
    return Brief(title=title, slug=slug, language="en", date=dt.date(2025, 5, 2),
                 source=Source(f"seeds/{slug}.txt", "0" * 64), **fields)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import make_project

    root = make_project(tmp_path_factory.mktemp("untrusted") / "proj", {"hacker.txt": SEED})
    (root / "briefs").mkdir()
    evil = _brief(
        "evil", TITLE, summary=SUMMARY, body=BODY,
        sources=("<a href='javascript:alert(\"xss-src\")'>Reuters</a>",),
        tags=("<script>alert('xss-tag')</script>",),
        actors=(Actor(ACTOR, "organization", role='CEO"><script>alert("xss-r")</script>',
                      evidence=EVIDENCE),
                Actor(LINK_ACTOR, "person", org=ACTOR, evidence=EVIDENCE)),
        amounts=(Amount('<script>alert("xss-m1")</script> 2 Mrd.', 2e9, "EUR",
                        subject=ACTOR, evidence=EVIDENCE),),
        chips=(Chip("{{ chip }}<svg onload=alert('xss-c1')>", vendor=LINK_ACTOR,
                    evidence=EVIDENCE),),
        policy=(Policy("[p](javascript:alert('xss-p1'))", jurisdiction="<u>EU</u>",
                       evidence=EVIDENCE),),
        extra={"notes": "<script>alert('xss-notes')</script>"},
    )
    clean = _brief("clean", "A clean brief", summary="Plain.", body="Plain text.\n",
                   actors=(Actor("Nvidia", "organization", evidence="Nvidia said."),))
    for brief in (evil, clean):
        (root / "briefs" / f"{brief.slug}.md").write_text(dump(brief), "utf-8")
    os.chdir(root)
    report = run(load_project(root), jobs=1, do_site=True)
    assert report.ok, [str(p) for p in report.problems]
    return root / "site"


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)


@pytest.mark.slow
def test_no_page_runs_anything_from_the_text(site: Path) -> None:
    for path in _pages(site):
        page = _parse(path)
        for script in page.scripts:
            assert "xss" not in script, f"{path}: script from the text: {script[:200]}"
        for tag, attrs in page.tags:
            assert tag not in ("iframe", "object", "embed"), f"{path}: <{tag}>"
            for name, value in attrs:
                value = (value or "").strip().lower()
                assert not (name.startswith("on") and "xss" in value), f"{path}: {name}={value}"
                if name in URL_ATTRIBUTES:
                    assert not re.sub(r"\s", "", value).startswith(("javascript:", "data:",
                                                                    "vbscript:")), \
                        f"{path}: <{tag} {name}={value}>"
        raw = path.read_text("utf-8").lower()
        assert "<script>alert" not in raw, path
        assert "jinjaevaluated" not in raw, path


@pytest.mark.slow
def test_the_text_is_shown_as_written(site: Path) -> None:
    page = _parse(site / "briefs" / "evil" / "index.html")
    text = " ".join(" ".join(page.text).split())
    for snippet in VISIBLE:
        assert " ".join(snippet.split()) in text, snippet
    seed_page = _parse(site / "briefs" / "hacker" / "index.html")
    seed_text = " ".join(seed_page.text)
    assert "<script>alert('xss-seed')</script>" in seed_text
    assert "{{ config.site_name }}" in seed_text


@pytest.mark.slow
def test_the_text_adds_no_structure_to_the_page(site: Path) -> None:
    evil, clean = (_parse(site / "briefs" / slug / "index.html") for slug in ("evil", "clean"))
    tags = [tag for tag, _attrs in evil.tags]
    assert tags.count("hr") == [tag for tag, _attrs in clean.tags].count("hr")
    # the template's only: a group of actors per kind (here two) and the evidence block
    details = [dict(attrs).get("class") for tag, attrs in evil.tags if tag == "details"]
    assert details == ["fact-group", "fact-group", "quote"]
    assert "img" not in tags and "iframe" not in tags
    assert all(("id", "injected") not in attrs for _tag, attrs in evil.tags)
    source = (site / "briefs" / "evil" / "index.html").read_text("utf-8")
    for heading in ("Injected heading", "Injected summary heading",
                    "Injected evidence heading", "Überschrift"):
        assert not re.search(rf"<h[1-6][^>]*>[^<]*{heading}", source), heading
    assert not re.search(r"<td[^>]*>\s*injected-cell", source)
    assert 'class="admonition danger"' not in source
    assert html.escape("Injected body details") not in re.findall(
        r"<summary>(.*?)</summary>", source)
    # the template's headings only: the title and its sections (Related briefs: clean only)
    ids = [dict(attrs).get("id") for tag, attrs in evil.tags if re.fullmatch(r"h[2-6]", tag)]
    assert ids == ["facts", "amounts", "actors", "chips", "policy", "article", "cite"]
    assert len(evil.headings()) == len(clean.headings()) + 3 - 1  # Amounts, Chips, Policy
