"""Screenshots of the built site for the README: desktop (1280x800) and phone (390x844).

Usage: .venv/bin/briefing build && .venv/bin/python scripts/screenshots.py [SITE] [OUT]
Serves SITE (default site/) on 127.0.0.1 and drives Debian's chromium through Playwright in
the light scheme; every request to another host is blocked. Writes OUT/*.png (default
docs/assets/screenshots), made smaller by pngquant and optipng when they are installed
(apt-get install pngquant optipng).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SIZES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 1},
}
# file name: (size, page); each the first screen of the page
SHOTS = {
    "home": ("desktop", ""),
    "brief": ("desktop", "briefs/en-02-stargate-abilene/"),
    "entity": ("desktop", "actors/sam-altman/"),
    "brief-phone": ("phone", "briefs/en-02-stargate-abilene/"),
    "amounts-phone": ("phone", "amounts/"),
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _shoot(page: Page, base: str, name: str, out: Path) -> Path:
    """One screenshot of the screen's worth of a page (the graph drawn, if it has one)."""
    page.goto(base + SHOTS[name][1], wait_until="networkidle")
    if page.locator("div.briefing-graph").count():
        page.wait_for_selector("div.briefing-graph[data-rendered='true'] svg", timeout=15_000)
    target = out / f"{name}.png"
    page.screenshot(path=str(target))
    return target


def _optimise(png: Path) -> None:
    """The PNG with fewer colours (pngquant) and better compression (optipng), if installed."""
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--quality=65-90", "--strip", "--skip-if-larger", "--force",
                        "--output", str(png), str(png)], check=False)
    if shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", "-strip", "all", str(png)], check=True)


def main(site: Path, out: Path) -> None:
    """Serve site and write the screenshots of SHOTS into out."""
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
            for size, options in SIZES.items():
                context = browser.new_context(color_scheme="light", **options)
                page = context.new_page()
                page.route("**/*", only_local)
                for name in [n for n, shot in SHOTS.items() if shot[0] == size]:
                    png = _shoot(page, base, name, out)
                    _optimise(png)
                    print(f"{png} ({png.stat().st_size // 1024} KB)")
                context.close()
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else root / "site",
         Path(sys.argv[2]) if len(sys.argv) > 2 else root / "docs" / "assets" / "screenshots")
