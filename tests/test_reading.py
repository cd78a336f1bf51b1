"""The site as an analyst reads it, at desktop (1280x800) and phone (390x844) sizes.

Same set-up as test_browser.py (the bundled seeds built for a sub-path, served offline from
127.0.0.1, no request may leave the site, no console error): money in one compact style,
tables that become cards on a phone with nothing cut off.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
import test_browser
from conftest import REPO
from test_browser import open_page, sync_api

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The site and browser fixtures of test_browser.py (one site build per module).
base = test_browser.base
browser = test_browser.browser

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
TICKER = "briefs/de-05-ticker-ki-infrastruktur/"
MONEY = re.compile(r"^(?:(?:about|up to|over|at least) )?[A-Z]{3} -?\d{1,3}(?:[.,]\d+)*"
                   r"(?: (?:m|bn|tn))?(?:(?:–| – )\d{1,3}(?:[.,]\d+)*(?: (?:m|bn|tn))?)?$")


@pytest.fixture(params=list(SIZES))
def size(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def tab(browser: Browser, base: str, size: str) -> Iterator[Page]:
    options: dict[str, Any] = dict(SIZES[size])
    with open_page(browser, base, options.pop("viewport"), **options) as page:
        yield page


def _cells(page: Page, table: str, label: str) -> list[str]:
    cells = page.locator(f"{table} tbody td[data-label='{label}']")
    return [" ".join(t.split()) for t in cells.all_text_contents()]


def test_amounts_are_compact_in_one_style(tab: Page, base: str, size: str) -> None:
    tab.goto(base + "amounts/")
    table = "article table"
    amounts = _cells(tab, table, "Amount")
    usd = [v for v in _cells(tab, table, "USD") if v]
    assert len(amounts) > 20 and len(usd) > 20
    for value in amounts + usd:
        assert MONEY.match(value), value
    numbers = tab.locator(f"{table} tbody td.num")
    if size == "desktop":
        for i in range(numbers.count()):
            assert numbers.nth(i).evaluate("e => getComputedStyle(e).textAlign") == "right"


def test_the_crore_amount_is_shown_correctly(tab: Page, base: str) -> None:
    # 76.000 Crore Rupien = 760,000,000,000 rupees, "umgerechnet rund neun Milliarden Dollar"
    tab.goto(base + "amounts/")
    row = tab.locator("article table tbody tr", has_text="76.000 Crore Rupien")
    assert " ".join(row.locator("td[data-label='Amount']").inner_text().split()) == "INR 760 bn"
    assert " ".join(row.locator("td[data-label='USD']").inner_text().split()) == "USD 8.8 bn"


def test_one_row_per_distinct_amount_of_a_brief(tab: Page, base: str) -> None:
    tab.goto(base + "amounts/")
    rows = tab.locator("article table tbody tr")
    seen: set[tuple[str, str]] = set()
    for i in range(rows.count()):
        brief = rows.nth(i).locator("td[data-label='Brief'] a").get_attribute("href") or ""
        amount = rows.nth(i).locator("td[data-label='Amount']").get_attribute("data-sort") or ""
        currency = rows.nth(i).locator("td[data-label='Amount']").inner_text().split()[-2]
        assert (brief, amount + currency) not in seen, (brief, amount, currency)
        seen.add((brief, amount + currency))


def test_largest_amounts_name_no_person(tab: Page, base: str) -> None:
    tab.goto(base + "actors/")
    people = set(tab.locator("article h2#people + * a").all_inner_texts())
    assert "Sam Altman" in people and "Ursula von der Leyen" in people
    tab.goto(base)
    table = tab.locator("article h2", has_text="Largest amounts").locator(
        "xpath=following::table[1]")
    named = [n.strip() for n in table.locator("td[data-label='Actor']").all_inner_texts()]
    assert any(named)
    assert not people & set(named), people & set(named)
    assert "European Commission" in named  # EUR 200 bn said by Ursula von der Leyen


# Every element of the page content within the viewport, and no part of it in a scroll box
# (the visually hidden table heads that screen readers read are left out).
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const bad = [];
  const name = e => e.tagName.toLowerCase() + (e.className && typeof e.className === "string"
      ? "." + e.className.trim().split(/\\s+/).join(".") : "");
  for (const e of document.querySelectorAll(".md-content *")) {
    if (e.closest("table[data-cards] > thead")) continue;
    const r = e.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (r.right > width + 1 || r.left < -1) bad.push(`${name(e)} at ${r.left}..${r.right}`);
    const overflow = getComputedStyle(e).overflowX;
    if (overflow !== "visible" && e.scrollWidth > e.clientWidth + 1)
      bad.push(`${name(e)} scrolls ${e.scrollWidth} > ${e.clientWidth}`);
  }
  return bad;
}"""

PAGES = ["", "briefs/", TICKER, "briefs/en-02-stargate-abilene/", "amounts/", "actors/",
         "actors/openai/", "chips/", "policy/", "timeline/", "timeline/2025-06/", "tags/",
         "tags/investment/"]


@pytest.mark.parametrize("path", PAGES)
def test_nothing_is_cut_off(tab: Page, base: str, path: str) -> None:
    tab.goto(base + path)
    tab.wait_for_load_state("networkidle")
    assert tab.evaluate(_OVERFLOW) == []


def test_amount_and_usd_values_are_visible(tab: Page, base: str, size: str) -> None:
    width = SIZES[size]["viewport"]["width"]
    for path in ("amounts/", TICKER):
        tab.goto(base + path)
        for label in ("Amount", "USD", "USD (approx.)"):
            cells = tab.locator(f"article table tbody td[data-label='{label}']:not(.same)")
            for i in range(min(cells.count(), 12)):
                cell = cells.nth(i)
                if not cell.inner_text().strip():
                    continue
                cell.scroll_into_view_if_needed()
                sync_api.expect(cell).to_be_visible()
                box = cell.bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        if size == "phone" and path == "amounts/":  # a card per row, column names in cells
            first = tab.locator("article table[data-cards] tbody tr").first
            assert first.evaluate("e => getComputedStyle(e).display") == "flex"
            label = first.locator("td[data-label='Amount']").evaluate(
                "e => getComputedStyle(e, '::before').content")
            assert label == '"Amount"'


def _scripts(page: Page) -> dict[str, int]:
    """Bytes of every script the page loads, by address (filled as they arrive)."""
    loaded: dict[str, int] = {}

    def done(request: Any) -> None:
        if request.resource_type == "script" or request.url.endswith((".js", ".mjs")):
            response = request.response()
            loaded[request.url] = len(response.body()) if response is not None else 0

    page.on("requestfinished", done)
    return loaded


def test_a_brief_page_is_light(tab: Page, base: str) -> None:
    loaded = _scripts(tab)
    tab.goto(base + "briefs/en-02-stargate-abilene/")
    tab.wait_for_load_state("networkidle")
    tab.mouse.wheel(0, 20_000)  # nothing waits further down to be loaded
    tab.wait_for_timeout(500)
    assert not [url for url in loaded if "mermaid" in url]
    assert 0 < sum(loaded.values()) <= 300 * 1024, loaded


def test_mermaid_is_loaded_only_for_a_graph_when_it_nears_the_screen(tab: Page,
                                                                     base: str) -> None:
    loaded = _scripts(tab)
    for path in ("", "timeline/", "amounts/"):
        tab.goto(base + path)
        tab.wait_for_load_state("networkidle")
    assert not [url for url in loaded if "mermaid" in url]
    tab.goto(base + "actors/openai/")
    tab.locator("div.briefing-graph[data-rendered='true'] svg").wait_for()
    mermaid = [url for url in loaded if "mermaid" in url]
    assert mermaid and sum(loaded[u] for u in mermaid) < 1_200_000  # the chunks it needs


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_dark_mode_follows_the_system_and_the_toggle_stays(browser: Browser, base: str,
                                                           size: str, scheme: str) -> None:
    options: dict[str, Any] = dict(SIZES[size])
    with open_page(browser, base, options.pop("viewport"), color_scheme=scheme,
                   **options) as page:
        page.goto(base)
        body = page.locator("body")
        want = {"light": "default", "dark": "slate"}
        sync_api.expect(body).to_have_attribute("data-md-color-scheme", want[scheme])
        toggle = page.locator("form[data-md-component='palette'] label:visible")
        assert toggle.count() == 1
        seen = set()
        for _ in range(3):  # system setting -> light -> dark -> system setting
            toggle = page.locator("form[data-md-component='palette'] label:visible")
            toggle.click()
            seen.add(body.get_attribute("data-md-color-scheme"))
        assert seen == {"default", "slate"}
        page.reload()
        sync_api.expect(body).to_have_attribute("data-md-color-scheme", want[scheme])


def test_the_article_text_carries_the_brief_language(tab: Page, base: str) -> None:
    tab.goto(base + TICKER)
    assert tab.locator("html").get_attribute("lang") == "en"
    for part in ("article h1", "article .article-text",
                 "article .admonition.abstract p:not(.admonition-title)"):
        assert tab.locator(part).first.get_attribute("lang") == "de", part
    tab.goto(base + "briefs/en-02-stargate-abilene/")
    assert tab.locator("article .article-text").get_attribute("lang") == "en"


def _luminance(color: str) -> float:
    channels = [float(c) / 255 for c in re.findall(r"[\d.]+", color)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, two: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_timeline_chart_is_legible(browser: Browser, base: str, size: str,
                                   scheme: str) -> None:
    options: dict[str, Any] = dict(SIZES[size])
    with open_page(browser, base, options.pop("viewport"), color_scheme=scheme,
                   **options) as page:
        page.goto(base + "timeline/")
        chart = page.locator("article figure.month-chart")
        sync_api.expect(chart).to_be_visible()
        ticks = [page.locator(".month-chart__grid span").nth(i).get_attribute("data-n")
                 for i in range(page.locator(".month-chart__grid span").count())]
        assert ticks == [str(n) for n in range(len(ticks))] or all(
            t and t.isdigit() for t in ticks), ticks
        counts = page.locator(".month-chart__count").all_inner_texts()
        assert counts and all(c.strip().isdigit() for c in counts)
        assert sum(int(c) for c in counts) == 10  # the dated briefs
        background = page.evaluate(
            "getComputedStyle(document.querySelector('.md-main')).backgroundColor")
        background = background if "rgba(0, 0, 0, 0)" not in background else page.evaluate(
            "getComputedStyle(document.body).backgroundColor")
        bar = page.locator(".month-chart__bars > li").first.evaluate(
            "e => getComputedStyle(e).backgroundColor")
        assert _contrast(bar, background) >= 3, (bar, background)
        label = page.locator(".month-chart__labels > li").first
        color = label.evaluate("e => getComputedStyle(e).color")
        assert _contrast(color, background) >= 4.5, (color, background)
        box = chart.bounding_box()
        assert box is not None
        for item in page.locator(".month-chart__labels > li").all():
            inner = item.bounding_box()
            assert inner is not None
            assert item.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
            assert item.evaluate("e => e.scrollHeight <= e.clientHeight + 1")
            assert box["x"] - 1 <= inner["x"] and inner["x"] + inner["width"] <= (
                box["x"] + box["width"] + 1)
        bars = page.locator(".month-chart__bars a")
        bars.first.click()
        page.wait_for_url(re.compile(re.escape(base + "timeline/20")))


def test_the_actors_index_keeps_each_kind_on_one_page(tab: Page, base: str) -> None:
    tab.goto(base + "actors/")
    links = tab.locator("article p", has_text="grouped by kind").locator("a")
    listed = {}  # kind: (its page, the number of its actors)
    for link in links.all():
        count = link.evaluate("e => e.nextSibling.textContent").strip(" ().·")
        listed[link.inner_text()] = (link.evaluate("e => e.href.split('#')[0]"), int(count))
    assert list(listed) == ["People", "Organisations", "Governments", "Countries"]
    assert len({page for page, _ in listed.values()}) == 2  # over 100 actors, 100 a page
    found = {}
    for address in sorted({page for page, _ in listed.values()}):
        tab.goto(address)
        for heading in tab.locator("article h2[id]").all():
            kind = heading.inner_text().strip().rstrip("¶").strip()
            assert kind not in found, f"{kind} on two pages"
            rows = heading.locator("xpath=following::table[1]/tbody/tr").count()
            found[kind] = (address, rows)
    assert found == listed


def test_people_are_listed_with_their_roles(tab: Page, base: str, size: str) -> None:
    tab.goto(base + "actors/")
    row = tab.locator("article table tbody tr", has=tab.get_by_role("link", name="Sam Altman"))
    role = row.locator("td[data-label='Role']")
    sync_api.expect(role).to_be_visible()
    sync_api.expect(role).to_have_text("CEO · OpenAI")
    if size == "phone":  # on a card, after the column name
        assert role.evaluate("e => getComputedStyle(e, '::before').content") == '"Role"'
    tab.goto(base + "actors/sam-altman/")
    sync_api.expect(tab.locator("article .entity-meta")).to_contain_text(
        "role: CEO · organisation: OpenAI")
    tab.goto(base + TICKER)
    chip = tab.locator("article section.glance li", has=tab.get_by_role("link",
                                                                          name="Sam Altman"))
    sync_api.expect(chip.locator(".chip-role")).to_have_text("CEO, OpenAI")


# --- accessibility ------------------------------------------------------------------------

AXE = REPO / "tests" / "vendor" / "axe-core" / "axe.min.js"  # from npm, see its VERSION
AUDITED = {"home": "", "brief": TICKER, "entity": "actors/openai/", "amounts": "amounts/",
           "search": "explore/?q=Nvidia"}
# The serious and critical violations axe-core finds on the page as it is now, one line each.
_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .flatMap(v => v.nodes.map(n => `${v.impact} ${v.id}: ${n.target.join(" ")}: ` +
                              n.failureSummary.split("\\n").slice(1).join(" ")));
}"""


def _violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate(_AXE_RUN))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(AUDITED))
def test_axe_finds_no_serious_violations(browser: Browser, base: str, size: str, scheme: str,
                                         name: str) -> None:
    options: dict[str, Any] = dict(SIZES[size])
    with open_page(browser, base, options.pop("viewport"), color_scheme=scheme,
                   **options) as page:
        page.goto(base + AUDITED[name])
        page.wait_for_load_state("networkidle")
        if name == "entity":
            page.locator("div.briefing-graph[data-rendered='true'] svg").wait_for()
        if name == "search":  # every result of the first page listed
            summary = page.locator(".bx-summary")
            sync_api.expect(summary).to_have_text(re.compile(r"^\d+ results?"), timeout=30_000)
            total = int(summary.inner_text().split()[0])
            sync_api.expect(page.locator(".bx-result")).to_have_count(min(total, 20))
            if size == "desktop":  # the header box with its list of results open too
                page.locator(".briefing-search__input").click()
                page.keyboard.type("Altman")
                page.locator("#briefing-search-results [role='option']").first.wait_for()
        assert _violations(page) == []


# --- a brief at a glance -----------------------------------------------------------------

UNTITLED = "briefs/000-ac6cbe0f3869a929/"


def test_a_brief_opens_with_its_key_facts(tab: Page, base: str, size: str) -> None:
    tab.goto(base + TICKER)
    line = tab.locator("article .brief-line")
    sync_api.expect(line).to_be_visible()
    text = " ".join(line.inner_text().split())
    assert text.startswith("30 September 2025 · DE · ")
    assert "Source file" in text and text.endswith("Not reviewed")
    glance = tab.locator("article section.glance")
    sync_api.expect(glance).to_be_visible()
    amounts = glance.locator(".glance-amounts li strong").all_inner_texts()
    assert 1 <= len(amounts) <= 3 and all(MONEY.match(a.split(" (about ")[0])
                                          for a in amounts), amounts
    assert amounts[0].startswith("USD 500 bn")  # the largest first
    actors = glance.locator("dt:text-is('Actors') + dd a.chip").all_inner_texts()
    assert actors[:2] == ["Nvidia", "OpenAI"] and len(actors) <= 6
    assert "India" not in actors  # countries come after people and organisations
    for kind, folder in (("Chips", "chips/"), ("Policy", "policy/")):  # chips, linked
        links = glance.locator(f"dt:text-is('{kind}') + dd a.chip")
        hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert hrefs and all(f"../../{folder}" in h for h in hrefs), (kind, hrefs)
    # above the full tables, which come grouped by kind, long groups folded
    glance_box, facts_box = glance.bounding_box(), tab.locator("#facts").bounding_box()
    assert glance_box and facts_box and glance_box["y"] < facts_box["y"]
    groups = tab.locator("article details.fact-group > summary").all_inner_texts()
    assert [g.split()[0] for g in groups] == ["People", "Organisations", "Governments",
                                              "Countries"]
    folded = tab.locator("article details.fact-group:not([open]) > summary")
    assert folded.count() >= 1  # 13 organisations
    group = tab.locator("article details.fact-group", has_text=folded.first.inner_text())
    sync_api.expect(group.locator("table")).to_be_hidden()
    group.locator("summary").click()
    sync_api.expect(group.locator("table")).to_be_visible()
    if size == "phone":
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_fact_links_to_its_sentence_in_the_article(tab: Page, base: str, size: str) -> None:
    tab.goto(base + TICKER)
    row = tab.locator("article details.fact-group tr", has_text="Jensen Huang")
    link = row.locator("td[data-label='Evidence'] a")
    sync_api.expect(link).to_have_text("in the article")
    if size == "desktop":  # by keyboard
        link.focus()
        tab.keyboard.press("Enter")
    else:
        link.tap()
    tab.wait_for_url(re.compile(r"#ev-\d+$"))
    sentence = tab.locator(".article-text :target")
    sync_api.expect(sentence).to_be_in_viewport()
    sync_api.expect(sentence).to_contain_text("Jensen Huang")
    colour = sentence.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(255, 243, 176)"
    # the sentence is on the page once: no tooltip, no list of evidence repeats it
    text = " ".join(sentence.inner_text().split())
    assert tab.content().count(text) == 1
    assert tab.locator("article [title*='Jensen Huang']").count() == 0


def test_a_seed_without_headline_gets_a_real_title_and_summary(tab: Page, base: str) -> None:
    tab.goto(base + UNTITLED)
    title = tab.locator("article h1").inner_text().strip().rstrip("¶")
    assert title == "OpenAI unter der Leitung von CEO Sam Altman intensiviert seine Bemühungen"
    summary = tab.locator("article .admonition.abstract p:not(.admonition-title)").inner_text()
    assert title not in summary and len(summary) > len(title)
    tab.goto(base + "briefs/")
    assert tab.locator("article a", has_text=title).count() == 1


def test_lists_name_the_main_actors_first(tab: Page, base: str) -> None:
    tab.goto(base + "briefs/")
    row = tab.locator("article tbody tr", has_text="Intel")
    actors = row.locator("td[data-label='Actors'] a").all_inner_texts()
    assert actors[0] == "Intel" and "Germany" not in actors[:2]


# --- reading aids ------------------------------------------------------------------------


def test_related_briefs_share_actors_chips_or_policy(tab: Page, base: str) -> None:
    tab.goto(base + TICKER)
    related = tab.locator("article ul.related li")
    assert 1 <= related.count() <= 5
    assert "shares" in related.first.inner_text()
    related.first.locator("a").click()
    tab.wait_for_url(re.compile(re.escape(base + "briefs/")))
    assert tab.url != base + TICKER


def test_headings_have_permalinks(tab: Page, base: str) -> None:
    for path, anchor in ((TICKER, "facts"), (TICKER, "article"), ("", "latest-briefs"),
                         ("actors/openai/", "briefs")):
        tab.goto(base + path)
        link = tab.locator(f"article h2#{anchor} a.headerlink")
        assert link.get_attribute("href") == f"#{anchor}", (path, anchor)


def _feeds(page: Page) -> list[str]:
    return [link.get_attribute("href") or "" for link in
            page.locator("head link[rel~='alternate'][type='application/atom+xml']").all()]


def test_feeds_are_discoverable_per_site_entity_and_tag(tab: Page, base: str) -> None:
    import xml.etree.ElementTree as ET

    for path, count in (("", 1), (TICKER, 1), ("actors/openai/", 2), ("tags/energy/", 2)):
        tab.goto(base + path)
        feeds = _feeds(tab)
        assert len(feeds) == count, (path, feeds)
        for href in feeds:
            response = tab.request.get(tab.url.rsplit("#", 1)[0] + href if not
                                       href.startswith("http") else href)
            assert response.ok, href
            feed = ET.fromstring(response.body())
            entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
            assert entries, href
    tab.goto(base + "actors/openai/")
    feed = ET.fromstring(tab.request.get(tab.url + _feeds(tab)[1]).body())
    title = feed.findtext("{http://www.w3.org/2005/Atom}title")
    assert title == "Briefing: OpenAI"
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 6


def test_pages_describe_themselves_for_link_previews(tab: Page, base: str) -> None:
    tab.goto(base + TICKER)
    og = {name: tab.locator(f"head meta[property='og:{name}']").get_attribute("content")
          for name in ("type", "title", "description", "url")}
    assert og["type"] == "article"
    assert og["title"] == tab.locator("article h1").inner_text().strip().rstrip("¶")
    summary = tab.locator("article .admonition.abstract p:not(.admonition-title)").inner_text()
    assert og["description"] and summary.startswith(og["description"][:100])
    assert og["url"] == "http://127.0.0.1/repo/" + TICKER  # site_url of the build
    description = tab.locator("head meta[name='description']").get_attribute("content")
    assert description == og["description"]


def test_the_citation_line_copies(browser: Browser, base: str, size: str) -> None:
    options: dict[str, Any] = dict(SIZES[size])
    with open_page(browser, base, options.pop("viewport"),
                   permissions=["clipboard-read", "clipboard-write"], **options) as page:
        page.goto(base + TICKER)
        citation = page.locator("article p.citation")
        text = " ".join(citation.locator(".citation-text").inner_text().split())
        assert text.startswith("KI-Infrastruktur-Ticker: Milliarden für Rechenzentren, Chips "
                               "und Gigafabriken. 30 September 2025. Briefing, http")
        assert text.endswith("/" + TICKER)
        citation.locator("button").click()
        sync_api.expect(citation.locator("button")).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == text


# --- provenance: a brief checked at its source --------------------------------------------

PROVENANCE_SEED = (
    "Nvidia investiert 100 Milliarden Dollar in OpenAI\nBerlin, 12.03.2025\n"
    "Quelle: https://example.org/de/nvidia-openai\n\n"
    "Nvidia will bis zu 100 Milliarden Dollar in OpenAI investieren. Das Geld soll in "
    "Rechenzentren fließen, sagte Jensen Huang am Montag in Berlin.\n")


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site with one brief from a seed with a source line, reviewed and annotated by hand,
    with a merge conflict recorded: served from 127.0.0.1 under /repo/; and the editor's
    preview of it (as briefing serve renders it) under /preview/."""
    import functools
    import http.server
    import threading

    from conftest import make_project

    from generator.config import load_project
    from generator.pipeline import Report, render_all, run
    from generator.site import site

    root = make_project(tmp_path_factory.mktemp("checked") / "proj",
                        {"nvidia.txt": PROVENANCE_SEED})
    assert run(load_project(root), jobs=1).ok
    brief = root / "briefs" / "nvidia.md"
    brief.write_text(brief.read_text("utf-8").replace(
        "\n---\n", "\nreviewed: true\nnotes: Checked against the press release.\n"
        "conflicts:\n- field: title\n  kept: Mine\n  extracted: Theirs\n---\n", 1), "utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", "http://127.0.0.1/repo/")
        assert run(load_project(root), jobs=1, do_site=True).ok
        env.setenv("SITE_URL", "http://127.0.0.1/preview/")
        assert render_all(load_project(root), Report(), editor=True)
        site(load_project(root), site_dir=root / "preview")
    www = root / "www"
    www.mkdir()
    (www / "repo").symlink_to(root / "site", target_is_directory=True)
    (www / "preview").symlink_to(root / "preview", target_is_directory=True)
    handler = functools.partial(test_browser._Quiet, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/repo/"
    finally:
        server.shutdown()


def test_a_brief_links_its_original_and_shows_review_and_notes(browser: Browser, checked: str,
                                                               size: str) -> None:
    options: dict[str, Any] = dict(SIZES[size])
    with open_page(browser, checked, options.pop("viewport"), **options) as page:
        page.goto(checked + "briefs/nvidia/")
        line = page.locator("article .brief-line")
        link = line.locator("a.source-link")
        sync_api.expect(link).to_be_visible()
        assert link.get_attribute("href") == "https://example.org/de/nvidia-openai"
        assert link.inner_text() == "Original on example.org"
        sync_api.expect(line.locator(".badge--reviewed")).to_have_text("Reviewed")
        note = page.locator("article .analyst-note")
        sync_api.expect(note).to_contain_text("Checked against the press release.")
        assert page.locator(".editor-only").count() == 0  # conflicts: not for readers
        assert "Mine" not in page.locator("article").inner_text()
        citation = " ".join(page.locator("article .citation-text").inner_text().split())
        assert citation == ("Nvidia investiert 100 Milliarden Dollar in OpenAI. example.org, "
                            "12 March 2025. https://example.org/de/nvidia-openai")
        box = link.bounding_box()
        width = SIZES[size]["viewport"]["width"]
        assert box is not None and box["x"] + box["width"] <= width
        assert _violations(page) == []  # the link, the badge and the note too


def test_the_editor_preview_shows_the_conflicts(browser: Browser, checked: str,
                                                size: str) -> None:
    preview = checked.replace("/repo/", "/preview/")
    options: dict[str, Any] = dict(SIZES[size])
    with open_page(browser, preview, options.pop("viewport"), **options) as page:
        page.goto(preview + "briefs/nvidia/")
        panel = page.locator("article .editor-only")
        sync_api.expect(panel).to_be_visible()
        sync_api.expect(panel.locator("li")).to_have_text("title: kept Mine, extracted Theirs")
        sync_api.expect(panel).to_contain_text("briefs/nvidia.md")
        assert page.evaluate(_OVERFLOW) == []
