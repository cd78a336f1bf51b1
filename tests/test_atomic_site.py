"""The site is replaced as a whole: a build that fails or is killed leaves the old site.

MkDocs builds into a hidden folder beside site/, Pagefind indexes it there, and the finished
folder takes site/'s place in one rename; a build that stops half-way, in MkDocs or in the
search index, leaves site/ as it was (serve and a deploy read only complete sites), and the
next build removes what a killed one left behind.
"""

from __future__ import annotations

import ctypes
import shutil
import sys
from pathlib import Path

import pytest
from conftest import site_tree

from generator import site as site_mod
from generator.config import load_project
from generator.pipeline import run


def _beside(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import make_project

    root = make_project(tmp_path_factory.mktemp("atomic") / "proj", copy_seeds=True)
    report = run(load_project(root), jobs=1, do_site=True)
    assert report.ok, [str(p) for p in report.problems]
    return root


@pytest.mark.slow
def test_a_build_that_fails_half_way_leaves_the_old_site(built: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          ) -> None:
    from mkdocs.commands import build as mkdocs_build

    site = built / "site"
    before = site_tree(site)
    seed = next((built / "seeds").glob("*.txt"))
    seed.write_text(seed.read_text("utf-8") + "\nEin neuer Absatz über Rechenzentren.\n",
                    "utf-8")
    real, pages = mkdocs_build._build_page, []

    def crash_after_some_pages(*args: object, **kwargs: object) -> None:
        pages.append(1)
        if len(pages) > 20:
            raise RuntimeError("the machine went away")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(mkdocs_build, "_build_page", crash_after_some_pages)
    with pytest.raises(RuntimeError, match="went away"):
        run(load_project(built), jobs=1, do_site=True)
    assert site_tree(site) == before
    assert _beside(site) == []  # the half-built folder is gone too
    monkeypatch.undo()
    report = run(load_project(built), jobs=1, do_site=True)
    assert report.ok, [str(p) for p in report.problems]
    after = site_tree(site)
    assert sorted(after) == sorted(before) and after != before


@pytest.mark.slow
def test_a_search_index_that_fails_half_way_leaves_the_old_site_and_index(
        built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import search

    site = built / "site"
    before = site_tree(site)
    assert any(rel.startswith("pagefind/") for rel in before)
    seed = next((built / "seeds").glob("*.txt"))
    seed.write_text(seed.read_text("utf-8") + "\nEin weiterer Absatz über Halbleiter.\n",
                    "utf-8")
    real = search._index_all
    written: list[Path] = []

    async def crash_after_one_bundle(jobs: list[tuple[Path, str, Path]],
                                     together: bool = True) -> None:
        await real(jobs[:1], together)  # one bundle written, then the end
        written.extend(p for _, _, out in jobs[:1] for p in out.rglob("*") if p.is_file())
        raise RuntimeError("the machine went away")

    monkeypatch.setattr(search, "_index_all", crash_after_one_bundle)
    report = run(load_project(built), jobs=1, do_site=True)
    assert not report.ok
    assert [p.message for p in report.problems] == [
        "Pagefind failed to index the site: the machine went away"]
    assert written  # the index was half-written, in the staging folder
    assert site_tree(site) == before  # pages and search index as they were
    assert _beside(site) == []


# A build that is killed (SIGKILL: no finally block runs) once the search records are written.
_KILLED_WHILE_INDEXING = """
import os, signal, sys
from pathlib import Path
from generator import search
from generator.config import load_project
from generator.pipeline import run

async def killed(jobs, together=True):
    os.kill(os.getpid(), signal.SIGKILL)

search._index_all = killed
run(load_project(Path(sys.argv[1])), jobs=1, do_site=True, clean=True)
"""


@pytest.mark.slow
def test_the_search_records_of_a_build_killed_while_indexing_are_removed_by_the_next(
        built: Path) -> None:
    import subprocess
    import sys

    from generator import search

    site = built / "site"
    before = site_tree(site)
    prefix = search._records_prefix(site)

    def records() -> list[Path]:
        # In memory (/dev/shm), else in the staging folder.
        return [*search._scratch(site).glob(f"{prefix}*"),
                *site.parent.glob(f".{site.name}.new-*/{prefix}*")]

    assert records() == []
    killed = subprocess.run([sys.executable, "-c", _KILLED_WHILE_INDEXING, str(built)],
                            capture_output=True, text=True, timeout=600)
    assert killed.returncode == -9, killed.stderr
    left = records()
    assert len(left) == 1 and any(p.is_file() for p in left[0].rglob("*.html"))
    assert site_tree(site) == before
    report = run(load_project(built), jobs=1, do_site=True)
    assert report.ok, [str(p) for p in report.problems]
    assert records() == [] and not left[0].exists()
    assert _beside(site) in ([], [".site.spare"])


def test_only_this_sites_search_records_are_removed(tmp_path: Path) -> None:
    from generator import search

    site, other = tmp_path / "site", tmp_path / "other" / "site"
    mine = search._scratch(site) / f"{search._records_prefix(site)}abcd1234"
    theirs = search._scratch(other) / f"{search._records_prefix(other)}abcd1234"
    try:
        for folder in (mine, theirs):
            (folder / "en" / "briefs").mkdir(parents=True)
            (folder / "en" / "briefs" / "index.html").write_text("record")
        site_mod.remove_leftovers(site)
        assert not mine.exists() and theirs.is_dir()
    finally:
        for folder in (mine, theirs):
            shutil.rmtree(folder, ignore_errors=True)


def _rss_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux")
                    or not hasattr(ctypes.CDLL(None), "malloc_trim"), reason="glibc's")
def test_memory_the_build_freed_goes_back_to_the_system() -> None:
    kept, garbage = [], []
    for n in range(40_000):  # 160 MB on the C heap, a twentieth of it kept
        (kept if n % 20 == 0 else garbage).append(bytearray(4000))
    del garbage
    before = _rss_mb()
    site_mod.give_back_memory()
    assert before - _rss_mb() > 80
    assert len(kept) == 2000


def test_the_finished_folder_takes_the_place_of_the_old_one(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            ) -> None:
    for exchange in (True, False):  # renameat2(RENAME_EXCHANGE), or two renames
        if not exchange:
            monkeypatch.setattr(site_mod, "_exchange", lambda a, b: False)
        site = tmp_path / f"site-{exchange}"
        site.mkdir()
        (site / "old.html").write_text("old")
        staging = site_mod.staging_folder(site)
        assert staging.parent == site.parent and staging.name.startswith(f".{site.name}.new-")
        (staging / "new.html").write_text("new")
        site_mod.publish(staging, site)
        assert [p.name for p in site.iterdir()] == ["new.html"]
        assert _beside(site) == []


def test_the_old_site_can_be_kept_as_the_spare_for_the_next_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for exchange in (True, False):
        if not exchange:
            monkeypatch.setattr(site_mod, "_exchange", lambda a, b: False)
        site = tmp_path / f"site-{exchange}"
        site.mkdir()
        (site / "old.html").write_text("old")
        (tmp_path / f".{site.name}.spare").mkdir()  # the one before: replaced
        staging = site_mod.staging_folder(site)
        (staging / "new.html").write_text("new")
        site_mod.publish(staging, site, keep=True)
        assert [p.name for p in site.iterdir()] == ["new.html"]
        assert _beside(site) == [f".{site.name}.spare"]
        assert [p.name for p in (tmp_path / f".{site.name}.spare").iterdir()] == ["old.html"]
        # The next staging folder is the spare; a build that fails removes it.
        staging = site_mod.staging_folder(site, spare=True)
        assert staging.name.startswith(f".{site.name}.new-") and _beside(site) == [staging.name]
        assert [p.name for p in staging.iterdir()] == ["old.html"]
        site_mod.remove_leftovers(site)
        assert _beside(site) == []


def test_a_full_build_removes_the_spare_and_a_dirty_one_keeps_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    spare = tmp_path / ".site.spare"
    (spare / "a").mkdir(parents=True)
    site_mod.remove_leftovers(site)
    assert spare.is_dir()
    site_mod.remove_leftovers(site, spare=False)
    assert not spare.exists()


def test_a_new_site_needs_no_old_one(tmp_path: Path) -> None:
    site = tmp_path / "site"
    staging = site_mod.staging_folder(site)
    (staging / "index.html").write_text("new")
    site_mod.publish(staging, site)
    assert (site / "index.html").read_text() == "new" and _beside(site) == []


def test_what_a_killed_build_left_beside_the_site_is_removed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for name in (".site.new-abcd1234", ".site.old-abcd1234"):
        (tmp_path / name / "assets").mkdir(parents=True)
        (tmp_path / name / "assets" / "x.js").write_text("x")
    (tmp_path / ".site-notes").write_text("someone else's")
    site_mod.remove_leftovers(site)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-notes", "site"]


def test_an_incremental_build_can_start_from_a_copy_of_the_old_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("old page")
    staging = site_mod.staging_folder(site, from_previous=True)
    assert (staging / "a" / "index.html").read_text() == "old page"
    with open(staging / "a" / "index.html", "w") as handle:  # as MkDocs writes: in place
        handle.write("new page")
    assert (site / "a" / "index.html").read_text() == "old page"  # a copy, not a link
    site_mod.publish(staging, site)
    assert (site / "a" / "index.html").read_text() == "new page"
