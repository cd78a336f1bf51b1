"""render(): pure pages from briefs; entity pages, links both ways, pagination, downloads."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st

from generator import render as render_mod
from generator.kb import Entry
from generator.models import Actor, Amount, Brief, Chip, Policy, Source
from generator.render import (
    CSV_FIELDS,
    CSV_PATH,
    FEED_PATH,
    JSON_PATH,
    Rates,
    brief_path,
    default_rates,
    escape_attr,
    mark,
    mermaid_graph,
    mermaid_label,
    render,
)
from generator.render.text import article, escape_html, paragraphs

TEMPLATES = REPO / "templates"
ATOM = "{http://www.w3.org/2005/Atom}"


def brief(slug: str, day: dt.date | None, *, actors: tuple[Actor, ...] = (),
          amounts: tuple[Amount, ...] = (), chips: tuple[Chip, ...] = (),
          policy: tuple[Policy, ...] = (), tags: tuple[str, ...] = ("investment",),
          title: str | None = None, body: str = "Some article text.") -> Brief:
    return Brief(title=title or f"Title of {slug}", slug=slug, language="en", date=day,
                 source=Source(f"seeds/{slug}.txt", "0" * 64), summary=f"Summary of {slug}.",
                 actors=actors, amounts=amounts, chips=chips, policy=policy, tags=tags,
                 body=body)


ALTMAN = Actor("Sam Altman", "person", role="CEO", org="OpenAI",
               evidence="OpenAI CEO Sam Altman said so.")
OPENAI = Actor("OpenAI", "organization", evidence="OpenAI builds data centres.")
GERMANY = Actor("Germany", "country", evidence="Germany pays.")
H100 = Chip("Nvidia H100", vendor="Nvidia", kind="accelerator", evidence="It uses H100 chips.")
ACT = Policy("EU AI Act", kind="regulation", jurisdiction="European Union",
             evidence="The EU AI Act applies.")


@pytest.fixture
def corpus() -> list[Brief]:
    return [
        brief("alpha", dt.date(2024, 3, 1), actors=(ALTMAN, OPENAI), chips=(H100,),
              amounts=(Amount("€2 billion", 2_000_000_000, "EUR", subject="OpenAI",
                              evidence="OpenAI gets €2 billion."),)),
        brief("beta", dt.date(2025, 6, 2), actors=(ALTMAN, GERMANY), policy=(ACT,),
              amounts=(Amount("$5bn", 5_000_000_000, "USD", subject="Sam Altman",
                              evidence="Altman raises $5bn."),
                       Amount("¥1 trillion", 1e12, "JPY", approximate=True,
                              min=1e12, max=2e12, evidence="About ¥1 trillion."))),
        brief("gamma", None, actors=(OPENAI,),
              amounts=(Amount("€10m", 10_000_000, "EUR", evidence="€10m, undated."),)),
    ]


def test_render_is_pure_and_writes_nothing(corpus: list[Brief], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = render(corpus, TEMPLATES)
    assert render(list(reversed(corpus)), TEMPLATES) == first
    assert list(tmp_path.iterdir()) == []


def test_every_actor_chip_and_policy_has_an_entity_page(corpus: list[Brief]) -> None:
    pages = render(corpus, TEMPLATES)
    for path in ("actors/sam-altman.md", "actors/openai.md", "actors/germany.md",
                 "chips/nvidia-h100.md", "policy/eu-ai-act.md", "actors/index.md",
                 "chips/index.md", "policy/index.md"):
        assert path in pages, path
    assert "Actor** · person" in pages["actors/sam-altman.md"]
    assert '<a href="../actors/sam-altman/">Sam Altman</a>' in pages["actors/index.md"]
    assert "## People" in pages["actors/index.md"]
    assert "## Countries" in pages["actors/index.md"]


def test_links_go_both_ways(corpus: list[Brief]) -> None:
    pages = render(corpus, TEMPLATES)
    alpha = pages["briefs/alpha.md"]
    # raw HTML links are served URLs (directory URLs), relative to the page's folder
    assert '<a href="../../actors/sam-altman/">Sam Altman</a>' in alpha
    assert '<a href="../../chips/nvidia-h100/">Nvidia H100</a>' in alpha
    assert '<a href="../../policy/eu-ai-act/">EU AI Act</a>' in pages["briefs/beta.md"]
    entity = pages["actors/sam-altman.md"]
    assert 'href="../../briefs/alpha/"' in entity and 'href="../../briefs/beta/"' in entity
    # newest first, with date and the evidence sentence, the name in bold
    assert entity.index("briefs/beta/") < entity.index("briefs/alpha/")
    assert "<strong>2025-06-02</strong>" in entity
    assert "OpenAI CEO <strong>Sam Altman</strong> said so." in entity
    assert 'href="../../briefs/alpha/"' in pages["chips/nvidia-h100.md"]


def test_brief_page_has_the_facts_and_evidence_on_demand(corpus: list[Brief]) -> None:
    page = render(corpus, TEMPLATES)["briefs/beta.md"]
    assert page.startswith("---\n")
    assert "# Title of beta" in page
    assert '<time datetime="2025-06-02">2 June 2025</time>' in page
    assert '<abbr class="badge badge--lang" title="English">EN</abbr>' in page
    assert '>All facts<a class="headerlink" href="#facts" title="Permanent link">' in page
    assert '<div class="admonition abstract">' in page
    # the article ("Some article text.") lacks the evidence: it is listed after the facts
    assert "<summary>Evidence not found in the article text</summary>" in page
    assert "<li><em>$5bn</em>: <span lang=\"en\">Altman raises <strong>$5bn</strong>.</span>" \
        in page
    assert '<span lang="en">$5bn</span></td>' in page
    assert '<td class="num card-title" data-sort="5000000000">USD 5 bn</td>' \
        in page
    assert ">JPY 1–2 tn</td>" in page
    # the amount's subject is a person: the organisation they act for is named
    assert '<td><a href="../../actors/openai/">OpenAI</a></td>' in page
    assert '<a class="md-tag" href="../../tags/investment/">investment</a>' in page


def test_entity_page_has_amounts_graph_and_aliases(corpus: list[Brief]) -> None:
    class KB:
        def lookup(self, type_: str, name: str) -> Entry | None:
            if (type_, name) == ("actor", "OpenAI"):
                return Entry("OpenAI", "actor", kind="organization",
                             aliases=("Open AI", "OpenAI Inc."))
            return None

    pages = render(corpus, TEMPLATES, kb=KB())  # type: ignore[arg-type]
    openai = pages["actors/openai.md"]
    assert "**Also known as:** Open AI, OpenAI Inc." in openai
    assert "## Amounts" in openai and "€2 billion" in openai.replace("&#8364;", "€")
    assert "```mermaid\nflowchart LR" in openai
    assert 'click n1 href "../../actors/sam-altman/"' in openai


def test_lists_are_paginated(corpus: list[Brief], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_mod.pages, "PAGE_SIZE", 2)
    many = corpus + [brief(f"extra-{i}", dt.date(2023, 1, i + 1), actors=(OPENAI,),
                           amounts=(Amount("$1m", 1_000_000, "USD"),)) for i in range(3)]
    pages = render(many, TEMPLATES)
    assert {"briefs/index.md", "briefs/page-2.md", "briefs/page-3.md"} <= set(pages)
    assert "briefs/page-4.md" not in pages
    assert "actors/page-2.md" in pages
    # an entity's page lists its newest briefs, Explore all of them
    assert "actors/openai/page-2.md" not in pages
    # amount rows are short: five times as many on a page
    assert "amounts/page-2.md" not in pages
    monkeypatch.setattr(render_mod.pages, "PAGE_SIZE", 1)
    assert "amounts/page-2.md" in render(many, TEMPLATES)
    assert "[2](../briefs/page-2.md)" in pages["briefs/index.md"]
    for path, text in pages.items():
        if path.startswith("briefs/") and path.endswith(".md") and "page" in path:
            assert text.count('href="../../briefs/') <= 2, path
            assert text.count("](../briefs/") <= 6, path  # pager links


def test_reserved_brief_slugs_do_not_overwrite_list_pages(corpus: list[Brief]) -> None:
    pages = render([*corpus, brief("index", None), brief("page-2", None)], TEMPLATES)
    assert brief_path("index") == "briefs/_index.md"
    assert "# Title of index" in pages["briefs/_index.md"]
    assert "# Title of page-2" in pages["briefs/_page-2.md"]
    assert pages["briefs/index.md"].startswith('---\ntitle: "All briefs"')


def test_usd_uses_the_rate_of_the_briefs_year(corpus: list[Brief]) -> None:
    rates = Rates({"EUR": {2024: 1.1}, "JPY": {2025: 0.0066}})
    assert rates.usd(100, "EUR", 2024) == pytest.approx(110.0)
    assert rates.usd(100, "EUR", 2019) is None
    assert rates.usd(100, "EUR", None) is None
    assert rates.usd(100, "USD", None) == 100.0
    assert rates.usd(100, "XYZ", 2024) is None
    rows = {r["text"]: r for r in _csv(render(corpus, TEMPLATES, rates=rates)[CSV_PATH])}
    assert rows["€2 billion"]["usd"] == "2200000000.00"
    assert rows["¥1 trillion"]["usd"] == "6600000000.00"
    assert rows["€10m"]["usd"] == ""  # undated brief: no year, no rate


def test_shipped_rates_cover_the_documented_currencies_and_years() -> None:
    rates = default_rates()
    for currency in ("EUR", "GBP", "JPY", "CNY", "KRW", "INR", "TWD", "CHF", "CAD", "AUD",
                     "SAR", "AED"):
        for year in range(2019, 2027):
            rate = rates.table[currency][year]
            assert 0.0001 < rate < 2, (currency, year)
    assert 1.0 < rates.table["EUR"][2024] < 1.2
    assert rates.table["SAR"][2020] == pytest.approx(1 / 3.75, rel=1e-3)
    assert "approximate" in rates.note


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_amounts_csv_has_one_row_per_amount(corpus: list[Brief]) -> None:
    text = render(corpus, TEMPLATES)[CSV_PATH]
    assert text.splitlines()[0] == ",".join(CSV_FIELDS)
    rows = _csv(text)
    assert len(rows) == 4
    beta = [r for r in rows if r["slug"] == "beta"]
    assert beta[0] == {
        "slug": "beta", "date": "2025-06-02", "title": "Title of beta", "text": "$5bn",
        "value": "5000000000", "currency": "USD", "min": "", "max": "",
        "approximate": "false", "subject": "Sam Altman", "usd": "5000000000.00"}
    assert beta[1]["approximate"] == "true" and beta[1]["max"] == "2000000000000"


def test_huge_and_odd_numbers_do_not_break_rendering() -> None:
    huge = 10**400
    odd = brief("odd", dt.date(2024, 1, 1), amounts=(
        Amount("a lot", huge, "EUR", min=huge, max=huge * 2),
        Amount("nan", float("nan"), "USD"), Amount("inf", float("inf"), "GBP")))
    pages = render([odd], TEMPLATES)
    rows = _csv(pages[CSV_PATH])
    assert rows[0]["value"] == str(huge) and rows[0]["usd"] == ""
    assert '<td class="num" data-sort="">USD nan</td>' \
        in pages["amounts/index.md"]


def test_csv_cells_cannot_become_spreadsheet_formulas() -> None:
    evil = brief("evil", dt.date(2024, 1, 1), title="=HYPERLINK(\"x\")",
                 amounts=(Amount("@SUM(1)", 1, "USD"),))
    row = _csv(render([evil], TEMPLATES)[CSV_PATH])[0]
    assert row["title"].startswith("'=") and row["text"].startswith("'@")


def test_each_evidence_sentence_is_shown_once_where_the_article_says_it() -> None:
    body = ("OpenAI CEO Sam Altman said so. OpenAI gets €2 billion.\n\n"
            "It uses H100 chips. OpenAI builds data centres.")
    one = brief("one", dt.date(2025, 1, 2), body=body, actors=(ALTMAN, OPENAI), chips=(H100,),
                amounts=(Amount("€2 billion", 2e9, "EUR", subject="OpenAI",
                                evidence="OpenAI gets  €2 billion."),))
    page = render([one], TEMPLATES)["briefs/one.md"]
    assert isinstance(page, str)
    for sentence in ("OpenAI CEO Sam Altman said so.", "OpenAI gets €2 billion.",
                     "It uses H100 chips.", "OpenAI builds data centres."):
        assert page.count(sentence) == 1, sentence  # no tooltip, no list: the article's
    assert ('<p><span id="ev-1">OpenAI CEO Sam Altman said so.</span> <span id="ev-2">OpenAI '
            'gets €2 billion.</span></p>') in page
    assert '<span id="ev-3">It uses H100 chips.</span>' in page
    # every fact's row links to its sentence; the amount's written form is the link
    assert '<a href="#ev-2" lang="en">€2 billion</a>' in page
    rows = re.findall(r'<tr><td class="card-title"><a href="../../(?:actors|chips)/.*?</tr>', page)
    assert len(rows) == 3 and all('<td><a href="#ev-' in r for r in rows)
    assert '"../../actors/openai/">OpenAI</a></td> <td class="num">1</td> ' \
        '<td><a href="#ev-4">in the article</a></td>' in page
    assert "Evidence not found" not in page and "title=\"OpenAI" not in page


@given(st.lists(st.sampled_from(["A b.", "C & d.", "A b. C & d.", "<e>", " f ", "b. C"]),
                max_size=6), st.lists(st.sampled_from(["A b. C & d. <e> f", "b. C", "x"]),
                                      min_size=1, max_size=3))
def test_marked_article_shows_the_same_text_and_marks_what_it_finds(
        evidence: list[str], paras: list[str]) -> None:
    marked = article("\n\n".join(paras), evidence)
    assert [re.sub(r"</?span[^>]*>", "", p) for p in marked.paragraphs] == [
        escape_html(p) for p in paragraphs("\n\n".join(paras))]
    for sentence in evidence:
        found = marked.id(sentence)
        if found:  # the span holds exactly the sentence
            html_text = "".join(marked.paragraphs)
            inner = html_text[html_text.index(f'<span id="{found}">'):]
            assert re.sub(r"<[^>]+>", "", inner).startswith(escape_html(" ".join(sentence.split())))
        else:  # absent, or it overlaps another marked sentence only in part
            wanted = " ".join(sentence.split())
            texts = [" ".join(p.split()) for p in paragraphs("\n\n".join(paras))]
            assert not wanted or all(wanted not in t for t in texts) or any(
                other != wanted for other in marked.ids)


def test_json_download_holds_every_brief(corpus: list[Brief]) -> None:
    packed = render(corpus, TEMPLATES)[JSON_PATH]
    assert isinstance(packed, bytes) and packed == render(corpus, TEMPLATES)[JSON_PATH]
    data: list[dict[str, Any]] = json.loads(gzip.decompress(packed))
    assert [b["slug"] for b in data] == ["beta", "alpha", "gamma"]
    assert data[0]["url"] == "briefs/beta/"
    assert data[0]["body"] == "Some article text."
    assert data[0]["amounts"][0]["currency"] == "USD"
    assert data[2]["date"] is None


def test_atom_feed_is_valid_and_absolute_with_site_url(corpus: list[Brief]) -> None:
    text = render(corpus, TEMPLATES, site_url="https://example.org/repo")[FEED_PATH]
    feed = ET.fromstring(text.encode("utf-8"))
    assert feed.tag == f"{ATOM}feed"
    for tag in ("title", "id", "updated", "author"):
        assert feed.find(f"{ATOM}{tag}") is not None, tag
    assert feed.findtext(f"{ATOM}updated") == "2025-06-02T00:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == "Title of beta"
    link = first.find(f"{ATOM}link")
    assert link is not None and link.get("href") == "https://example.org/repo/briefs/beta/"
    assert (first.findtext(f"{ATOM}id") or "").startswith("urn:uuid:")
    ids = {e.findtext(f"{ATOM}id") for e in entries}
    assert len(ids) == 3


def test_atom_feed_keeps_the_newest_fifty_and_relative_links_without_site_url() -> None:
    many = [brief(f"b{i:03d}", dt.date(2024, 1, 1) + dt.timedelta(days=i)) for i in range(60)]
    feed = ET.fromstring(render(many, TEMPLATES)[FEED_PATH].encode("utf-8"))
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 50
    assert entries[0].findtext(f"{ATOM}title") == "Title of b059"
    link = entries[0].find(f"{ATOM}link")
    assert link is not None and link.get("href") == "briefs/b059/"


def test_an_entity_page_lists_its_newest_briefs_and_links_to_all_in_explore(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_mod.pages, "ENTITY_MENTIONS", 3)
    monkeypatch.setattr(render_mod.pages, "ENTITY_AMOUNTS", 2)
    many = [brief(f"b{i}", dt.date(2024, 1, 1 + i), actors=(OPENAI, GERMANY),
                  amounts=(Amount(f"${i}m", i * 1e6, "USD", subject="OpenAI"),))
            for i in range(5)]
    pages = render(many, TEMPLATES)
    page = pages["actors/openai.md"]
    assert isinstance(page, str) and "actors/openai/page-2.md" not in pages
    briefs = page[page.index('<ul class="mentions">'):]
    assert re.findall(r'href="../../briefs/(b\d)/"', briefs) == ["b4", "b3", "b2"]
    assert ('The newest 3 of 5 briefs. <a href="../../explore/?actor=OpenAI">All 5 briefs that '
            'mention OpenAI</a> are in Explore') in page
    assert 'href="../../downloads/briefs.json.gz">JSON download</a>' in page
    assert 'href="../../explore/?country=Germany"' in pages["actors/germany.md"]
    # the newest amounts, the others in the amounts table
    assert re.findall(r"<td>\$(\d)m</td>", page) == ["4", "3"]
    assert "3 more in the [amounts table](../amounts/index.md)" in page
    few = render(many[:3], TEMPLATES)["actors/openai.md"]
    assert isinstance(few, str) and "Explore" not in few


def test_entity_and_tag_feeds_keep_the_newest_ten() -> None:
    many = [brief(f"b{i:03d}", dt.date(2024, 1, 1) + dt.timedelta(days=i), actors=(OPENAI,))
            for i in range(30)]
    pages = render(many, TEMPLATES)
    for path in ("actors/openai/feed.xml", "tags/investment/feed.xml"):
        text = pages[path]
        assert isinstance(text, str)
        entries = ET.fromstring(text.encode("utf-8")).findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}title") for e in entries] == [
            f"Title of b{i:03d}" for i in range(29, 19, -1)], path


def test_home_timeline_amounts_and_tags_pages(corpus: list[Brief]) -> None:
    pages = render(corpus, TEMPLATES)
    home = pages["index.md"]
    for link in ("downloads/briefs.json.gz", "downloads/amounts.csv", "feed.xml",
                 "amounts/index.md", "timeline/index.md", "tags/index.md"):
        assert f"]({link})" in home, link
    assert "## Latest briefs" in home and "## Largest amounts" in home
    assert "## Most active actors" in home and '<a href="actors/openai/">OpenAI</a>' in home
    assert "timeline/2025-06.md" in pages and "timeline/undated.md" in pages
    assert '<a href="../timeline/2025-06/">June 2025</a>' in pages["timeline/index.md"]
    assert '<figure class="month-chart"' in pages["timeline/index.md"]
    assert '<a class="md-tag" href="../tags/investment/">investment</a>' in pages["tags/index.md"]
    tag = pages["tags/investment.md"]
    assert tag.index("../../briefs/beta/") < tag.index("../../briefs/alpha/")
    table = pages["amounts/index.md"]
    assert "<th>Date</th><th>Brief</th><th>Actor</th><th>As written</th><th " in table
    assert ('<td class="num" data-sort="5000000000">USD 5 bn</td> '
            '<td class="num same" data-sort="5000000000">USD 5 bn</td>') in table


def test_untrusted_text_stays_text(corpus: list[Brief]) -> None:
    name = 'Evil "Corp" <script>alert(1)</script> | [x](javascript:y)'
    evil = Actor(name, "organization", evidence='He said "<img src=x onerror=alert(1)>" | `x`')
    pages = render([brief("evil", dt.date(2024, 1, 1), actors=(evil, OPENAI),
                          title="<b>bold</b> [link](http://x)", tags=("<i>t</i>",))],
                   TEMPLATES)
    for path, text in pages.items():
        if not path.endswith(".md"):
            continue
        _, front, body = text.split("---\n", 2)
        # the theme puts front-matter into the HTML as it is: it must be HTML-escaped
        assert "<" not in front, path
        assert "<script" not in body and "<img" not in body and "<b>" not in body, path
        # Markdown never parses the verbatim HTML blocks: links are only possible outside
        markdown = re.sub(r"<!--briefing:raw-->.*?<!--/briefing:raw-->", "", body, flags=re.S)
        assert "](javascript:" not in markdown and "](http://x)" not in markdown, path
        assert 'href="javascript:' not in body and 'href="http://x' not in body, path
    assert "&lt;b&gt;bold" in pages["briefs/evil.md"].split("---")[1]
    assert "&lt;i&gt;t&lt;/i&gt;" in pages["briefs/evil.md"]
    assert "&lt;i&gt;t&lt;/i&gt;" in pages["tags/i-t-i.md"].split("---")[1]
    graph = pages["actors/openai.md"].split("```mermaid")[1].split("```")[0]
    assert "<" not in graph and "[x]" not in graph


def test_attr_and_mark_and_mermaid_label_escape() -> None:
    assert re.fullmatch(r"[\w .,;:/?&#-]*", escape_attr('a "b" <c> | [d](e) `f` _g_'))
    assert mark("OpenAI CEO Sam Altman said", ["sam altman"]) == (
        "OpenAI CEO **Sam Altman** said")
    assert mark("no <match>", ["x"]) == "no &#60;match&#62;"
    assert mark("den Vereinigten Arabischen Emiraten.", ["Emirate"]) == (
        "den Vereinigten Arabischen **Emiraten**.")
    assert mark("US-Bundesstaaten", ["US"]) == "**US**-Bundesstaaten"
    assert mark("USB sticks", ["US"]) == "USB sticks"
    assert render_mod.mark_html("OpenAI's CEO Sam Altman <said>", ["Sam Altman"]) == (
        "OpenAI&#x27;s CEO <strong>Sam Altman</strong> &lt;said&gt;")
    assert render_mod.mark_html("den Vereinigten\nArabischen Emiraten.", ["Emirate"]) == (
        "den Vereinigten Arabischen <strong>Emiraten</strong>.")
    label = mermaid_label('A "quoted" [name] {x} <b> #1; 100% | back\\slash\nline')
    assert not set(label) & set('"[]{}<>#;|\\\n%')
    assert len(mermaid_label("x" * 100)) == 40


def test_mermaid_graph_puts_neighbours_on_both_sides(corpus: list[Brief]) -> None:
    model = render_mod.build_model(corpus)
    entity = model.entities["actors"]["Sam Altman"]
    graph = mermaid_graph(entity, model.neighbours(entity))
    assert graph.startswith("flowchart LR\n")
    assert 'n0(["Sam Altman"]):::focus' in graph
    assert re.search(r"n0 ---\|\d+\| n1", graph) and re.search(r"n2 ---\|\d+\| n0", graph)


def test_write_removes_stale_pages_and_their_empty_folders(corpus: list[Brief],
                                                           tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "about.md").write_text("# mine\n", "utf-8")
    render_mod.write(docs, {"index.md": "# home\n", "actors/x/page-2.md": "# x\n"})
    assert (docs / "actors" / "x" / "page-2.md").is_file()
    done = render_mod.write(docs, {"index.md": "# home\n"})
    assert done.removed == 1 and not (docs / "actors").exists()
    assert (docs / "about.md").read_text("utf-8") == "# mine\n"


def test_small_helpers() -> None:
    assert render_mod.site_link("index.md") == ""
    assert render_mod.site_link("briefs/index.md") == "briefs/"
    assert render_mod.site_link("briefs/a.md") == "briefs/a/"
    assert render_mod.language_name("de") == "German"
    assert render_mod.language_name("not a language") == "not a language"
    assert render_mod.month_title("2025-03") == "March 2025"
    assert render_mod.kind_title("process-node") == "Process nodes"
    assert render_mod.kind_title("unheard-of") == "Unheard of"


@given(st.dictionaries(st.sampled_from(["title", "description"]), st.text()),
       st.lists(st.text(), max_size=3))
def test_front_matter_is_yaml_that_reads_back_as_written(meta: dict[str, str],
                                                        tags: list[str]) -> None:
    value = {**meta, "tags": tags}
    assert yaml.safe_load(render_mod.flow_yaml(value)) == value


@given(st.text())
def test_html_escaped_text_cannot_leave_its_element(text: str) -> None:
    out = render_mod.escape_html(text)
    assert not set(out) & set("<>\"'\n\r\x02\x03\x00\u2028")
    assert "  " not in out and out == out.strip()
    folded = re.sub(" {2,}", " ", re.sub("[\x00-\x1f\x7f\x85\u2028\u2029]", " ", text))
    assert render_mod.text.html.unescape(out) == folded.strip()


def test_tags_get_paginated_pages_of_their_own(corpus: list[Brief],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_mod.pages, "PAGE_SIZE", 2)
    monkeypatch.setattr(render_mod.pages, "LONG_PAGES", 1)
    odd = [brief("x", dt.date(2024, 1, 1), tags=("Energy", "energy", "index"))]
    pages = render([*corpus, *odd], TEMPLATES)
    assert "tags/investment/page-2.md" in pages and "tags/investment/page-3.md" not in pages
    # tags that differ only in case, or that name a list page, get distinct pages
    assert {"tags/energy.md", "tags/energy-2.md", "tags/index-2.md"} <= set(pages)
    assert pages["tags/index.md"].startswith("---\ntitle: Tags")


def test_a_government_body_links_to_its_country(corpus: list[Brief]) -> None:
    ministry = Actor("Polens Rüstungsagentur", "government", country="Germany",
                     evidence="Polens Rüstungsagentur bestellte Fahrzeuge.")
    pages = render([*corpus, brief("delta", dt.date(2025, 7, 1), actors=(ministry, GERMANY))],
                   TEMPLATES)
    assert "country: [Germany](../actors/germany.md)" in pages["actors/polens-rustungsagentur.md"]


def test_an_entity_is_of_the_kind_most_briefs_give_it_the_first_met_of_a_tie() -> None:
    """Its details come from the newest brief that gives each (role, org, country...)."""
    def brief(n: int, kind: str, **fields: Any) -> Brief:
        return Brief(title=f"T{n}", slug=f"b{n}", language="en", date=dt.date(2025, 1, 9 - n),
                     source=Source(f"seeds/b{n}.txt", "0" * 64), actors=(Actor(
                         name="Ada Park", kind=kind, evidence="x", **fields),))

    briefs = [brief(0, "person", org="Nvidia"), brief(1, "organization", role="CEO"),
              brief(2, "organization", org="TSMC", country="Japan"), brief(3, "person")]
    ada = render_mod.build_model(briefs).entities["actors"]["Ada Park"]
    assert ada.kind == "person"  # two each: the newest brief's kind
    assert list(ada.details.items()) == [("org", "Nvidia"), ("role", "CEO"),
                                         ("country", "Japan")]
    assert render_mod.build_model(briefs[1:]).entities["actors"]["Ada Park"].kind == \
        "organization"
