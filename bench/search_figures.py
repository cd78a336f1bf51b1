"""Search figures of a built site: index size, index build time, first-query download.

    .venv/bin/python bench/search_figures.py site/        # prints the figures as JSON

- **index**: `generator.search.index()` run again on the site in a fresh process: wall-clock
  and CPU seconds (the process and the Pagefind processes it starts), pages per language.
- **bundles**: files and bytes of site/pagefind/, and the largest single file.
- **first query**: the site is served from 127.0.0.1 (no compression, as a plain static
  server sends it) and opened in Debian's chromium with an empty cache, on a brief page;
  then "/" and a query in the header box, until the results show. The bytes of the
  search's responses after the page had loaded are what the reader downloads for that query
  (search module, language list, each language's Pagefind script and WebAssembly, index
  metadata, the index chunks of the query's words and the fragments of the results shown);
  also as a server that compresses text sends it (gzip_kb: GitHub Pages does).
  The Explore page's first load (which also loads every filter's values for the facets) is
  measured the same way.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

QUERIES = ("Nvidia", "Rechenzentren", "data centre", "Exportkontrollen", "Halbleiter")
CHROMIUM = Path("/usr/bin/chromium")


def bundles(site: Path) -> dict[str, Any]:
    """Files and bytes of the search bundles, and the largest file."""
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    largest = max(files, key=lambda p: p.stat().st_size, default=None)
    return {
        "files": len(files),
        "mb": round(sum(p.stat().st_size for p in files) / 1_048_576, 2),
        "largest_kb": round(largest.stat().st_size / 1024, 1) if largest else 0,
        "largest": str(largest.relative_to(site)) if largest else None,
    }


def _index_child(site: Path) -> dict[str, Any]:
    from generator.search import index

    clock = time.perf_counter()
    indexed = index(site)
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"s": round(time.perf_counter() - clock, 2),
            "cpu_s": round(own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime, 2),
            "pagefind_cpu_s": round(kids.ru_utime + kids.ru_stime, 2),
            "pages": indexed.pages}


def index_time(site: Path) -> dict[str, Any]:
    """generator.search.index() on site, in a fresh process."""
    done = subprocess.run([sys.executable, __file__, "--index", str(site)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"error": done.stderr[-2000:]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def first_query(site: Path, queries: tuple[str, ...] = QUERIES) -> dict[str, Any]:
    """Bytes downloaded for the first query of a reader, per query, and for the Explore
    page's first load; {} without chromium and Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {}
    if not CHROMIUM.is_file():
        return {}
    brief = next(p for p in sorted((site / "briefs").glob("*/index.html"))
                 if not p.parent.name.startswith("page-"))
    start = brief.parent.relative_to(site).as_posix() + "/"
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out: dict[str, Any] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            for query in queries:
                out[query] = _attempt(browser, base, start, query)
            out["explore page"] = _attempt(browser, base, "explore/", None)
            browser.close()
    finally:
        server.shutdown()
    sizes = [v["kb"] for k, v in out.items() if k != "explore page" and "kb" in v]
    out["max_kb"] = max(sizes) if sizes else None
    compressed = [v["gzip_kb"] for k, v in out.items()
                  if k not in ("explore page", "max_kb") and "gzip_kb" in v]
    out["max_gzip_kb"] = max(compressed) if compressed else None
    return out


def _attempt(browser: Any, base: str, start: str, query: str | None) -> dict[str, Any]:
    """_one(), or its error (a query whose results never show, say): the others still count."""
    try:
        return _one(browser, base, start, query)
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}


def _one(browser: Any, base: str, start: str, query: str | None) -> dict[str, Any]:
    context = browser.new_context()
    page = context.new_page()
    seen: list[tuple[str, int, int]] = []
    counting = False

    def record(response: Any) -> None:
        # The search's own requests (not blob: modules made from a download, nor the icon
        # the browser asks for after the page loaded).
        if counting and response.url.startswith(base) and any(
                part in response.url
                for part in ("pagefind/", "search/", "search-ui", "javascripts/explore")):
            try:
                body = response.body()
            except Exception:  # a response without a body (redirect)
                body = b""
            # What a server that compresses text sends (GitHub Pages does; Pagefind's own
            # files are compressed already).
            text = response.url.split("?")[0].endswith((".js", ".json", ".css", ".html", "/"))
            seen.append((response.url, len(body), len(gzip.compress(body)) if text else len(body)))

    page.on("response", record)
    if query is None:  # the Explore page: count from the start of the page's scripts
        counting = True
        page.goto(base + start)
        page.wait_for_selector(".bx-result", timeout=120_000)
    else:
        page.goto(base + start)
        page.wait_for_load_state("networkidle")
        counting = True
        page.keyboard.press("/")
        page.keyboard.type(query)
        page.wait_for_selector(".briefing-search__panel:not([hidden]) .bx-note",
                               timeout=120_000)
        page.wait_for_load_state("networkidle")
    total = sum(size for _, size, _ in seen)
    compressed = sum(size for _, _, size in seen)
    results = page.locator(".bx-result").count()
    context.close()
    largest = max(seen, key=lambda s: s[1], default=("", 0, 0))
    return {"kb": round(total / 1024, 1), "gzip_kb": round(compressed / 1024, 1),
            "requests": len(seen), "results_shown": results,
            "largest": largest[0].replace(base, ""), "largest_kb": round(largest[1] / 1024, 1)}


def measure(site: Path) -> dict[str, Any]:
    """Every search figure of the site."""
    return {"index": index_time(site), "bundles": bundles(site), "first_query": first_query(site)}


if __name__ == "__main__":
    if sys.argv[1:2] == ["--index"]:
        print(json.dumps(_index_child(Path(sys.argv[2]))))
    else:
        print(json.dumps(measure(Path(sys.argv[1])), indent=1))
