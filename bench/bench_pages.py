"""Page weight and load time of the built site, as a phone on a slow network sees them.

Usage: .venv/bin/python bench/bench_pages.py [SITE] [--runs N] [--json OUT]

Serves SITE (default site/) on 127.0.0.1 and loads a few pages in Debian's chromium
(Playwright) with Lighthouse's mobile throttling: 150 ms round trip, 1.6 Mbit/s down,
750 kbit/s up, CPU slowed 4x, a 390x844 viewport. Files are sent gzip-compressed, as GitHub
Pages sends them. For each page it prints the bytes of JavaScript (as run, and as sent),
the bytes of everything sent, and the median DOMContentLoaded and load times of --runs
cold loads (fresh browser context, empty cache), and on a page with a graph when the graph
(Mermaid, loaded after the page) was drawn. Wall-clock figures: the machine's other
work disturbs them.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = {
    "home": "",
    "brief": "briefs/en-02-stargate-abilene/",
    "entity": "actors/openai/",
    "amounts": "amounts/",
    "timeline": "timeline/",
}
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_638_400 / 8,
           "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """Serves files gzip-compressed when the browser accepts it, as GitHub Pages does."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                super().do_GET()  # the redirect to the folder
                return
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def measure(site: Path, runs: int) -> dict[str, dict[str, Any]]:
    """Per page: JS and total bytes, median DOMContentLoaded and load in ms."""
    handler = functools.partial(_Gzip, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results: dict[str, dict[str, Any]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, path in PAGES.items():
                timings: list[tuple[float, float]] = []
                drawn: list[float] = []
                js = js_wire = total = 0
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 390, "height": 844},
                                                  is_mobile=True, has_touch=True)
                    page = context.new_page()
                    page.route("**/*", lambda r: r.continue_()
                               if r.request.url.startswith(base) else r.abort())
                    cdp = context.new_cdp_session(page)
                    cdp.send("Network.enable")
                    cdp.send("Network.emulateNetworkConditions", NETWORK)
                    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
                    sizes: dict[str, tuple[str, int, int]] = {}

                    def on_done(request: Any, sizes: dict[str, tuple[str, int, int]] = sizes
                                ) -> None:
                        try:
                            response = request.response()
                            body = len(response.body()) if response is not None else 0
                        except Exception:
                            return
                        wire = int(response.headers.get("content-length") or body)
                        sizes[request.url] = (request.resource_type, body, wire)

                    page.on("requestfinished", on_done)
                    page.goto(base + path, wait_until="load", timeout=120_000)
                    graph = page.locator("div.briefing-graph")
                    if graph.count():  # Mermaid is loaded when the graph is near the screen
                        page.wait_for_selector("div.briefing-graph[data-rendered='true'], "
                                               "div.briefing-graph[data-rendered='error']",
                                               timeout=120_000)
                        drawn.append(page.evaluate("performance.now()"))
                    page.wait_for_timeout(300)
                    nav = page.evaluate(
                        "(() => { const n = performance.getEntriesByType('navigation')[0];"
                        " return [n.domContentLoadedEventEnd, n.loadEventEnd]; })()")
                    timings.append((nav[0], nav[1]))
                    js = sum(n for kind, n, _w in sizes.values() if kind == "script")
                    js_wire = sum(w for kind, _n, w in sizes.values() if kind == "script")
                    total = sum(w for _kind, _n, w in sizes.values())
                    context.close()
                results[name] = {
                    "path": path, "js_bytes": js, "js_gzip_bytes": js_wire, "transfer_bytes": total,
                    "dcl_ms": round(statistics.median(t[0] for t in timings)),
                    "load_ms": round(statistics.median(t[1] for t in timings)),
                    "graph_ms": round(statistics.median(drawn)) if drawn else None,
                }
            browser.close()
    finally:
        server.shutdown()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path,
                        default=Path(__file__).resolve().parent.parent / "site")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = measure(args.site, args.runs)
    print(f"{'page':<10} {'JS KB':>8} {'JS gz KB':>9} {'sent KB':>8} {'DCL ms':>8} "
          f"{'load ms':>8} {'graph ms':>9}  path")
    for name, r in results.items():
        print(f"{name:<10} {r['js_bytes'] / 1024:>8.0f} {r['js_gzip_bytes'] / 1024:>9.0f} "
              f"{r['transfer_bytes'] / 1024:>8.0f} "
              f"{r['dcl_ms']:>8} {r['load_ms']:>8} {r['graph_ms'] or '':>9}  /{r['path']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
