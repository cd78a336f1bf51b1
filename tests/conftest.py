"""Shared fixtures: a throwaway project laid out like the real one."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests assert what comes out, not how fast: a shared or slow CI machine must not
# fail them on hypothesis' per-example deadline.
settings.register_profile("briefing", deadline=None)
settings.load_profile("briefing")

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


GENERATED = {"index.md", "briefs", "actors", "chips", "policy", "amounts", "timeline", "tags",
             "downloads", "feed.xml", "explore", "search", ".briefing-manifest.json"}


def _generated(folder: str, names: list[str]) -> set[str]:
    return set(names) & GENERATED if Path(folder) == REPO / "docs" else set()


def make_project(root: Path, seeds: dict[str, str | bytes] | None = None,
                 copy_seeds: bool = False) -> Path:
    """A project folder with the repository's config and templates and the given seeds."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    # Hand-written pages and vendored assets; generated pages are left behind.
    shutil.copytree(REPO / "docs", root / "docs", ignore=_generated)
    if copy_seeds:
        shutil.copytree(REPO / "seeds", root / "seeds")
    else:
        (root / "seeds").mkdir()
    for name, content in (seeds or {}).items():
        path = root / "seeds" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def site_tree(site: Path, *, sitemap: bool = False) -> dict[str, bytes]:
    """Every file of a built site by path, to compare two sites: without the gzipped sitemap
    (it carries the build time) unless asked for; of the search bundles only each indexed
    page's fragment that a search finds, under its language and address: the main bundle's
    but those a delta replaces, and the delta's (file names are hashes of the contents, and
    Pagefind writes the filter files, and so the metadata and entry naming them, in no fixed
    order)."""
    tree: dict[str, bytes] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or (path.name == "sitemap.xml.gz" and not sitemap):
            continue
        if not rel.startswith("pagefind/"):
            tree[rel] = path.read_bytes()
    manifest = site / "pagefind" / "bundles.json"
    bundles = json.loads(manifest.read_text("utf-8"))["bundles"] if manifest.is_file() else []
    for bundle in bundles:
        delta = bundle.get("delta") or {}
        old = set(delta.get("old", ()))
        paths = [p for p in (site / "pagefind" / bundle["path"]).glob("fragment/*")
                 if p.stem not in old]
        if delta.get("path"):
            paths += (site / "pagefind" / delta["path"]).glob("fragment/*")
        for path in paths:
            data = gzip.decompress(path.read_bytes())
            url = json.loads(data[len(b"pagefind_dcd"):])["url"]
            tree[f"pagefind/{bundle['language']}{url}"] = data
    return dict(sorted(tree.items()))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    return make_project(tmp_path / "bundled", copy_seeds=True)


@pytest.fixture
def desk(bundled: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled project with a hand-written page, outside CI, with a fixed build date
    (sitemaps carry it): for comparing the sites of two ways of building it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760000000")
    monkeypatch.delenv("CI", raising=False)
    (bundled / "docs" / "desk-notes.md").write_text("# Desk notes\n\nA page of our own.\n",
                                                    "utf-8")
    return bundled
