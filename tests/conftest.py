"""Shared fixtures: a throwaway project laid out like the real one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


GENERATED = {"index.md", "briefs", "actors", "chips", "policy", "amounts", "timeline", "tags",
             "downloads", "feed.xml", ".briefing-manifest.json"}


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


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    return make_project(tmp_path / "bundled", copy_seeds=True)
