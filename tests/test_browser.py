"""The built site in a real browser: Debian's chromium driven by Playwright, offline.

The bundled seeds are built for a sub-path (SITE_URL .../repo/) and served from 127.0.0.1
under /repo/; every request to another address is blocked and recorded, and each test
asserts that none happened and that the page logged no console error.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import REPO, make_project

from generator.config import load_project
from generator.pipeline import run

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PREFIX = "/repo/"
BRIEF = "briefs/000-ac6cbe0f3869a929/"

if not CHROMIUM.is_file():
    pytest.skip(f"Debian's chromium is missing at {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="Playwright is not installed (pip install playwright)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Address of the bundled seeds' site, served from 127.0.0.1 under /repo/."""
    root = make_project(tmp_path_factory.mktemp("browser") / "proj", copy_seeds=True)
    if not (root / "docs" / "assets").exists():
        shutil.copytree(REPO / "docs" / "assets", root / "docs" / "assets")
    yield from serve(root)


def serve(root: Path, *, jobs: int = 1, build: bool = True) -> Iterator[str]:
    """Build project root's site for PREFIX (unless build is False: the caller built it)
    and serve it from 127.0.0.1 under PREFIX."""
    if build:
        with pytest.MonkeyPatch.context() as env:
            env.setenv("SITE_URL", f"http://127.0.0.1{PREFIX}")
            report = run(load_project(root), do_site=True, jobs=jobs)
        assert report.ok, [str(p) for p in report.problems]
    www = root / "www"
    www.mkdir()
    (www / PREFIX.strip("/")).symlink_to(root / "site", target_is_directory=True)
    handler = functools.partial(_Quiet, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def open_page(browser: Browser, base: str, viewport: dict[str, int],
              **options: Any) -> Iterator[Page]:
    """A fresh page that may only reach the site; checked for leaks and errors afterwards."""
    context = browser.new_context(viewport=viewport, **options)
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    blocked: list[str] = []
    errors: list[str] = []

    def only_the_site(route: Route) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    tab.route("**/*", only_the_site)
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert blocked == [], f"requests that would leave the site: {blocked}"
    assert errors == [], f"console errors: {errors}"


@pytest.fixture
def page(browser: Browser, base: str) -> Iterator[Page]:
    with open_page(browser, base, {"width": 1280, "height": 900}) as tab:
        yield tab


def test_home_page_loads(page: Page, base: str) -> None:
    page.goto(base)
    assert "Briefing" in page.title()
    sync_api.expect(page.locator("article h2", has_text="Latest briefs")).to_be_visible()
    assert page.locator('article a[href^="briefs/"]').count() >= 10
    for ref in ("downloads/briefs.json.gz", "downloads/amounts.csv", "feed.xml"):
        assert page.locator(f'article a[href="{ref}"]').count() == 1, ref


def test_entity_link_navigates_and_links_back(page: Page, base: str) -> None:
    page.goto(base + BRIEF)
    page.locator(".key-facts a", has_text="Sam Altman").first.click()
    page.wait_for_url(base + "actors/sam-altman/")
    sync_api.expect(page.locator("article h1")).to_have_text("Sam Altman")
    back = page.locator(f"article a[href='../../{BRIEF}']")
    assert back.count() >= 1
    back.first.click()
    page.wait_for_url(base + BRIEF)


def _column(page: Page, index: int) -> list[str]:
    cells = page.locator(f"article table tbody tr td:nth-child({index})")
    return [text.strip() for text in cells.all_inner_texts()]


def _sort_keys(page: Page, index: int) -> list[float]:
    cells = page.locator(f"article table tbody tr td:nth-child({index})")
    return [float(cells.nth(i).get_attribute("data-sort") or 0) for i in range(cells.count())]


def test_amounts_table_sorts(page: Page, base: str) -> None:
    page.goto(base + "amounts/")
    table = page.locator("article table").first
    sync_api.expect(table.locator("th[role='columnheader']").first).to_be_attached()
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    for name in ("Amount", "USD"):
        column = headers.index(name) + 1
        before = _sort_keys(page, column)
        assert len(before) > 5
        table.locator("thead th", has_text=re.compile(f"^{name}$")).click()
        numbers = _sort_keys(page, column)
        assert numbers != before
        assert numbers in (sorted(numbers), sorted(numbers, reverse=True)), name
        table.locator("thead th", has_text=re.compile(f"^{name}$")).click()
        assert _sort_keys(page, column) == numbers[::-1]
    actor = headers.index("Actor") + 1
    table.locator("thead th", has_text="Actor").click()
    names = _column(page, actor)
    assert names in (sorted(names, key=str.lower), sorted(names, key=str.lower, reverse=True))


def test_mermaid_graph_renders_to_svg_with_links(page: Page, base: str) -> None:
    page.goto(base + "actors/sam-altman/")
    graph = page.locator("div.briefing-graph[data-rendered='true'] svg")
    graph.wait_for()
    assert page.locator("div.briefing-graph[data-rendered='error']").count() == 0
    nodes = graph.locator("g.node")
    assert nodes.count() >= 3
    assert "Sam Altman" in (graph.text_content() or "")
    graph.locator("g.node", has_text="OpenAI").first.click()
    page.wait_for_url(base + "actors/openai/")


def test_timeline_chart_renders(page: Page, base: str) -> None:
    page.goto(base + "timeline/")
    bars = page.locator("article figure.month-chart .month-chart__bars > li")
    assert bars.count() == 7  # March to September 2025, April without briefs
    page.locator("article a", has_text="June 2025").click()
    page.wait_for_url(base + "timeline/2025-06/")
    assert page.locator("article table tbody tr").count() >= 1


def test_tags_page_lists_briefs(page: Page, base: str) -> None:
    page.goto(base + BRIEF)
    page.locator(".md-tags a.md-tag").first.click()
    page.wait_for_url(re.compile(re.escape(base + "tags/")))
    assert page.locator(f"article a[href*='{BRIEF}']").count() >= 1
