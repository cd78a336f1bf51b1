"""Search in a real browser: Pagefind's bundles through search.js and search-ui.js.

The bundled seeds are built for a sub-path (SITE_URL .../repo/) and served from 127.0.0.1
under /repo/, offline (every other request is blocked and fails the test); a second site of
1,000 synthetic briefs (bench/corpus.py) checks that a word deep in one article is found.
Expected results come from the briefs themselves, not from the index.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import test_browser
from conftest import REPO, make_project
from test_browser import open_page, serve, sync_api

from generator.briefs import load_all
from generator.config import load_project
from generator.models import Brief
from generator.pipeline import run
from generator.render import language_name

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The site and browser fixtures of test_browser.py (the bundled seeds, one build per module).
base = test_browser.base
browser = test_browser.browser

DEEP_WORD = "Quellcodetreuhandvereinbarung"
expect = sync_api.expect
# A search may take a few seconds on a busy machine (two WebAssembly modules to start).
expect.set_options(timeout=30_000)


@pytest.fixture(scope="module")
def briefs() -> list[Brief]:
    """The briefs of the bundled seeds (what the site of `base` is built from)."""
    return list(load_all(REPO / "tests" / "golden" / "briefs").briefs)


@pytest.fixture
def page(browser: Browser, base: str) -> Iterator[Page]:
    with open_page(browser, base, {"width": 1280, "height": 900}) as tab:
        tab.set_default_timeout(30_000)
        yield tab


@pytest.fixture
def phone(browser: Browser, base: str) -> Iterator[Page]:
    with open_page(browser, base, {"width": 390, "height": 844}, is_mobile=True,
                   has_touch=True) as tab:
        tab.set_default_timeout(30_000)
        yield tab


def _explore(page: Page, base: str, query: str = "") -> list[str]:
    """The addresses of every result of the Explore page (all pages of results)."""
    page.goto(base + "explore/" + (f"?q={query}" if query else ""))
    return _results(page)


def _results(page: Page) -> list[str]:
    summary = page.locator(".bx-summary")
    expect(summary).to_have_text(re.compile(r"^\d[\d,]* results?"))
    total = int(re.match(r"[\d,]+", summary.inner_text()).group(0).replace(",", ""))  # type: ignore[union-attr]
    results = page.locator(".bx-result")
    expect(results).to_have_count(min(total, 20))
    while results.count() < total:
        shown = results.count()
        page.locator(".bx-more").click()
        expect(results).to_have_count(min(total, shown + 20))
    links = page.locator(".bx-result a.bx-title")
    return [str(h) for h in links.evaluate_all("els => els.map(e => e.getAttribute('href'))")]


def _slugs(urls: list[str]) -> set[str]:
    return {m.group(1) for u in urls if (m := re.search(r"/briefs/([^/]+)/$", u))}


def _with_word(briefs: list[Brief], *words: str) -> set[str]:
    return {b.slug for b in briefs
            if any(re.search(rf"\b{w}\b", b.title + " " + b.body) for w in words)}


# --- finding words ------------------------------------------------------------------


def test_german_stemming_and_lemmas_join_the_forms_of_a_word(page: Page, base: str,
                                                               briefs: list[Brief]) -> None:
    # "Rechenzentrum" finds the briefs that only say "Rechenzentren" (the lemma), and the
    # other way round (German stemming); each finds every brief with either form.
    either = _with_word(briefs, "Rechenzentrum", "Rechenzentren", "KI-Rechenzentren")
    only_plural = _with_word(briefs, "Rechenzentren") - _with_word(briefs, "Rechenzentrum")
    only_singular = _with_word(briefs, "Rechenzentrum") - _with_word(briefs, "Rechenzentren")
    assert only_plural and only_singular
    for query in ("Rechenzentrum", "Rechenzentren"):
        found = _slugs(_explore(page, base, query))
        assert found == either, query
    # excerpts mark the word in the form the brief uses
    _explore(page, base, "Rechenzentrum")
    marks = page.locator(".bx-excerpt mark").all_inner_texts()
    assert any("Rechenzentren" in m for m in marks), marks


def test_english_finds_both_spellings(page: Page, base: str, briefs: list[Brief]) -> None:
    british = _with_word(briefs, "data centres?") - _with_word(briefs, "data centers?")
    assert british, "the bundled briefs say data centre"
    english = {b.slug for b in briefs if b.language == "en"}
    found = _slugs(_explore(page, base, "data centers"))
    assert british & english <= found


def test_a_word_only_in_the_article_body_is_found(page: Page, base: str,
                                                  briefs: list[Brief]) -> None:
    assert _slugs(_explore(page, base, "bottleneck")) == _with_word(briefs, "bottleneck")


def test_an_entity_is_found_by_another_name(page: Page, base: str) -> None:
    urls = _explore(page, base, "CFIUS")
    assert any(u.endswith("/actors/committee-on-foreign-investment-in-the-united-states/")
               for u in urls), urls
    entity = page.locator(".bx-result", has=page.locator(
        ".bx-title", has_text="Committee on Foreign Investment"))
    expect(entity.locator(".bx-type")).to_have_text("Actor")


def test_results_show_title_date_language_type_and_marked_excerpt(page: Page, base: str,
                                                                 briefs: list[Brief]) -> None:
    _explore(page, base, "bottleneck")
    result = page.locator(".bx-result").first
    brief = next(b for b in briefs if b.slug in (result.locator("a").get_attribute("href") or ""))
    expect(result.locator(".bx-title")).to_have_text(brief.title)
    expect(result.locator(".bx-date")).to_have_text(brief.date.isoformat())  # type: ignore[union-attr]
    expect(result.locator(".bx-language")).to_have_text(language_name(brief.language))
    expect(result.locator(".bx-type")).to_have_text("Brief")
    expect(result.locator(".bx-excerpt mark").first).to_have_text(re.compile("bottleneck", re.I))
    result.locator("a.bx-title").click()
    page.wait_for_url(base + f"briefs/{brief.slug}/")  # under the sub-path


# --- filters and sorting --------------------------------------------------------------


def _tick(page: Page, facet: str, value: str) -> None:
    box = page.locator(f".bx-facet[data-facet='{facet}']")
    toggle = box.locator(".bx-toggle")
    if toggle.count() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    box.locator("label", has=page.locator(".bx-value", has_text=re.compile(
        rf"^{re.escape(value)}$"))).locator("input").check()


FACET_VALUES: dict[str, Callable[[Brief], set[str]]] = {
    "language": lambda b: {language_name(b.language)},
    "year": lambda b: {str(b.date.year)} if b.date else set(),
    "tag": lambda b: set(b.tags),
    "country": lambda b: {a.name for a in b.actors if a.kind == "country"},
    "actor": lambda b: {a.name for a in b.actors if a.kind != "country"},
    "chip": lambda b: {c.name for c in b.chips},
    "policy": lambda b: {p.name for p in b.policy},
}


@pytest.mark.parametrize("facet", sorted(FACET_VALUES))
def test_each_filter_narrows_the_list_to_the_briefs_with_that_value(
        page: Page, base: str, briefs: list[Brief], facet: str) -> None:
    values = FACET_VALUES[facet]
    counts: dict[str, int] = {}
    for brief in briefs:
        for value in values(brief):
            counts[value] = counts.get(value, 0) + 1
    # a value that some briefs have and others not
    value = sorted(counts, key=lambda v: (-(0 < counts[v] < len(briefs)), -counts[v], v))[0]
    expected = {b.slug for b in briefs if value in values(b)}
    _explore(page, base)
    count = page.locator(f".bx-facet[data-facet='{facet}'] li",
                         has=page.locator(".bx-value", has_text=re.compile(
                             rf"^{re.escape(value)}$"))).locator(".bx-count")
    expect(count).to_have_text(f"({len(expected)})")
    _tick(page, facet, value)
    expect(page.locator(".bx-summary")).to_have_text(
        re.compile(rf"^{len(expected)} results?"))
    assert _slugs(_results(page)) == expected
    assert f"{facet}=" in page.url  # the filters are in the address, to share or bookmark


def test_type_filter_and_month_range(page: Page, base: str, briefs: list[Brief]) -> None:
    _explore(page, base)
    _tick(page, "type", "Entity")
    urls = _results(page)
    assert urls and not _slugs(urls)  # entity pages only
    dated = sorted(b.date for b in briefs if b.date)
    first, last = dated[0].strftime("%Y-%m"), dated[-1].strftime("%Y-%m")
    assert first != last
    page.goto(base + f"explore/?from={last}")
    expected = {b.slug for b in briefs if b.date and b.date.strftime("%Y-%m") >= last}
    assert _slugs(_results(page)) == expected
    page.locator(".bx-facet[data-facet='month'] select[name='from']").select_option("")
    page.locator(".bx-facet[data-facet='month'] select[name='to']").select_option(first)
    expected = {b.slug for b in briefs if b.date and b.date.strftime("%Y-%m") <= first}
    expect(page.locator(".bx-summary")).to_have_text(re.compile(rf"^{len(expected)} result"))
    assert _slugs(_results(page)) == expected


def test_results_sort_by_date_both_ways(page: Page, base: str, briefs: list[Brief]) -> None:
    _explore(page, base)  # no search term: every brief, newest first
    dates = page.locator(".bx-result .bx-date").all_inner_texts()
    assert len(dates) == len(briefs)
    dated = [d for d in dates if d != "undated"]
    assert dated == sorted(dated, reverse=True)
    page.locator("select[name='sort']").select_option("asc")
    expect(page.locator(".bx-result .bx-date").first).not_to_have_text(dates[0])
    ascending = [d for d in page.locator(".bx-result .bx-date").all_inner_texts()
                 if d != "undated"]
    assert ascending == sorted(ascending) and len(ascending) == len(dated)
    # with a search term too: the German and English results merged in date order
    page.goto(base + "explore/?q=Nvidia&sort=desc")
    expect(page.locator(".bx-summary")).to_have_text(re.compile(r"^\d+ results"))
    _results(page)
    found = [d for d in page.locator(".bx-result .bx-date").all_inner_texts()
             if d != "undated"]
    languages = set(page.locator(".bx-result .bx-language").all_inner_texts())
    assert {"German", "English"} <= languages
    assert found == sorted(found, reverse=True)


# --- the header box, the keyboard, phones, dark mode --------------------------------


def test_slash_opens_the_header_search_and_the_keyboard_picks_a_result(
        page: Page, base: str) -> None:
    page.goto(base + "about/")
    page.keyboard.press("/")
    box = page.locator(".briefing-search__input")
    expect(box).to_be_focused()
    page.keyboard.type("Altman")
    options = page.locator("#briefing-search-results [role='option']")
    expect(options.first).to_be_visible()
    assert any("sam-altman" in (h or "") for h in options.evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "briefing-search-option-1")
    target = options.nth(1).get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(target or "")))
    assert page.url.startswith(base)
    # Escape closes the results; Enter without a chosen result opens the Explore page
    page.keyboard.press("/")
    page.keyboard.type("Nvidia")
    expect(page.locator("#briefing-search-results")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#briefing-search-results")).to_be_hidden()
    page.keyboard.press("Enter")
    page.wait_for_url(base + "explore/?q=Nvidia")
    expect(page.locator(".bx-input")).to_have_value("Nvidia")
    expect(page.locator(".bx-result").first).to_be_visible()


def test_phones_search_from_the_explore_page(phone: Page, base: str) -> None:
    phone.goto(base)
    expect(phone.locator(".briefing-search__input")).to_be_hidden()
    phone.locator(".briefing-search__icon").click()
    phone.wait_for_url(base + "explore/")
    phone.locator(".bx-input").fill("Rechenzentrum")
    result = phone.locator(".bx-result").first
    expect(result).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is wider than the phone: {width}px"
    # the filters come first, folded: the results are on the first screen
    facets, results = phone.locator(".bx-facets"), phone.locator(".bx-results")
    assert facets.bounding_box()["y"] < results.bounding_box()["y"]  # type: ignore[index]
    expect(phone.locator(".bx-facet").first).to_be_hidden()
    assert result.bounding_box()["y"] < 844  # type: ignore[index]
    phone.locator(".bx-filters > summary").click()
    expect(phone.locator(".bx-facet").first).to_be_visible()


def _luminance(colour: str) -> float:
    r, g, b = (int(x) for x in re.findall(r"\d+", colour)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_search_is_readable_in_both_colour_schemes(page: Page, base: str) -> None:
    for scheme, light_text in (("default", False), ("slate", True)):
        page.goto(base + "explore/?q=Nvidia")
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        expect(page.locator(".bx-result").first).to_be_visible()
        colours = page.locator(".bx-excerpt").first.evaluate(
            "e => [getComputedStyle(e).color, getComputedStyle(document.body).backgroundColor]")
        text, ground = (_luminance(c) for c in colours)
        assert (text > ground) == light_text and abs(text - ground) > 100, (scheme, colours)


# --- a large archive ------------------------------------------------------------------


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """1,000 synthetic briefs (bench/corpus.py), one with DEEP_WORD in its last paragraph."""
    sys.path.insert(0, str(REPO / "bench"))
    import corpus  # type: ignore[import-not-found]

    root = make_project(tmp_path_factory.mktemp("search-1000") / "proj")
    corpus.write(root / "seeds", 1000)
    seeds = sorted((root / "seeds").glob("*.txt"))
    chosen = seeds[537]
    text = chosen.read_text("utf-8").rstrip("\n")
    chosen.write_text(text + f" Zuletzt ging es um eine {DEEP_WORD}.\n", encoding="utf-8")
    for address in serve(root, jobs=2):
        yield address, chosen.stem


def test_a_word_deep_in_one_of_1000_articles_is_found(browser: Browser,
                                                      large: tuple[str, str]) -> None:
    site, stem = large
    with open_page(browser, site, {"width": 1280, "height": 900}) as tab:
        tab.set_default_timeout(30_000)
        urls = _explore(tab, site, DEEP_WORD)
        assert len(urls) == 1, urls
        assert re.search(rf"/briefs/{re.escape(stem.replace('_', '-'))}[^/]*/$", urls[0]), urls
        expect(tab.locator(".bx-excerpt mark")).to_have_text(re.compile(DEEP_WORD))


# --- after edits: the main bundles and a delta ------------------------------------------

NEW_WORD = "Wombatfeld"


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The bundled seeds' site after a brief's title was edited and a brief removed: the
    search index is the whole index of the first build plus a delta (generator/search.py)."""
    root = make_project(tmp_path_factory.mktemp("search-edited") / "proj", copy_seeds=True)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", f"http://127.0.0.1{test_browser.PREFIX}")
        env.delenv("CI", raising=False)
        assert run(load_project(root), do_site=True, jobs=1).ok
        brief = root / "briefs" / "en-03-eu-ai-act-gpai.md"
        brief.write_text(brief.read_text("utf-8").replace("title: ", f"title: {NEW_WORD} ", 1),
                         "utf-8")
        (root / "seeds" / "de_04_interview_kernwerk.txt").unlink()
        report = run(load_project(root), do_site=True, jobs=1, prune=True)
        assert report.ok, [str(p) for p in report.problems]
        assert any("changed since the whole index" in line for line in report.lines), \
            report.lines
    # no second build: under CI a build is a full one, which would replace the delta
    for address in serve(root, build=False):
        yield address, root


def test_after_an_edit_and_a_removal_search_finds_the_site_as_it_is(
        browser: Browser, edited: tuple[str, Path]) -> None:
    site, root = edited
    briefs = list(load_all(root / "briefs").briefs)
    manifest = json.loads((root / "site" / "pagefind" / "bundles.json").read_text("utf-8"))
    assert {b["language"] for b in manifest["bundles"] if b.get("delta")} == {"de", "en"}
    with open_page(browser, site, {"width": 1280, "height": 900}) as tab:
        tab.set_default_timeout(30_000)
        # every brief once (none removed, none twice), the counts as the briefs have them
        urls = _explore(tab, site)
        assert sorted(_slugs(urls)) == sorted(b.slug for b in briefs) and len(urls) == len(briefs)
        for language in ("de", "en"):
            count = tab.locator(".bx-facet[data-facet='language'] li", has=tab.locator(
                ".bx-value", has_text=language_name(language))).locator(".bx-count")
            expect(count).to_have_text(f"({sum(b.language == language for b in briefs)})")
        # the edit is found, the removed brief and the old entity pages are not
        assert _slugs(_explore(tab, site, NEW_WORD)) == {"en-03-eu-ai-act-gpai"}
        found = _explore(tab, site, "Kernwerk")
        assert _slugs(found) == _with_word(briefs, "Kernwerk")
        for url in found:
            path = url.split(test_browser.PREFIX, 1)[-1].strip("/")
            assert (root / "site" / path / "index.html").is_file(), url
        # sorted by date, the edited brief once and in its place
        tab.goto(site + "explore/?q=AI&sort=desc")
        _results(tab)
        dates = [d for d in tab.locator(".bx-result .bx-date").all_inner_texts() if d != "undated"]
        assert dates == sorted(dates, reverse=True)
        titles = tab.locator(".bx-result .bx-title").all_inner_texts()
        assert sum(t.startswith(NEW_WORD) for t in titles) == 1
