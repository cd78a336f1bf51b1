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
