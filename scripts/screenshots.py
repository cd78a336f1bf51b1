"""Screenshots of the built site (home, a brief, an entity page) for the README.

Usage: .venv/bin/briefing build && .venv/bin/python scripts/screenshots.py [SITE] [OUT]
Serves SITE (default site/) on 127.0.0.1 and drives Debian's chromium through Playwright;
every request to another host is blocked. Writes OUT/*.png (default docs/assets/screenshots).
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = {
    "home": "",
    "brief": "briefs/en-02-stargate-abilene/",
    "entity": "actors/sam-altman/",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main(site: Path, out: Path) -> None:
    """Serve site and write one full-width screenshot per page of PAGES into out."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out.mkdir(parents=True, exist_ok=True)

    def only_local(route: Route) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            route.abort()

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", only_local)
            for name, path in PAGES.items():
                page.goto(base + path, wait_until="networkidle")
                if name == "entity":
                    page.wait_for_selector("div.briefing-graph svg", timeout=15_000)
                page.screenshot(path=str(out / f"{name}.png"))
                print(out / f"{name}.png")
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else root / "site",
         Path(sys.argv[2]) if len(sys.argv) > 2 else root / "docs" / "assets" / "screenshots")
