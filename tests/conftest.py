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
    page's fragment, under its language and address (file names are hashes of the contents,
    and Pagefind writes the filter files, and so the metadata and entry naming them, in no
    fixed order)."""
    tree: dict[str, bytes] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or (path.name == "sitemap.xml.gz" and not sitemap):
            continue
        if rel.startswith("pagefind/"):
            if path.suffix == ".pf_fragment":
                data = gzip.decompress(path.read_bytes())
                url = json.loads(data[len(b"pagefind_dcd"):])["url"]
                tree[f"pagefind/{rel.split('/')[1]}{url}"] = data
            continue
        tree[rel] = path.read_bytes()
    return tree


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    return make_project(tmp_path / "bundled", copy_seeds=True)
