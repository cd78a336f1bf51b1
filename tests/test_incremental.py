"""Incremental builds: an unchanged rebuild extracts and rewrites nothing (generator/cache.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.briefs import brief_paths, dump_yaml, load_front_matter, read
from generator.config import Project, load_project
from generator.pipeline import Report, run
from generator.site import Built

LINE = re.compile(r"extract: (\d+) seeds \((\d+) extracted, (\d+) cached\), (\d+) briefs written, "
                  r"(\d+) unchanged, (\d+) reviewed \(left alone\), (\d+) bad seeds")


def _extract_line(report: Report) -> tuple[int, ...]:
    assert report.ok, report.problems
    lines = [line for line in report.lines if line.startswith("extract:")]
    assert len(lines) == 1, report.lines
    match = LINE.fullmatch(lines[0])
    assert match, lines[0]
    return tuple(int(n) for n in match.groups())


def _files(*folders: Path) -> dict[str, tuple[int, int]]:
    """Every file below the folders with its (mtime_ns, inode)."""
    found = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = path.stat()
                found[str(path)] = (info.st_mtime_ns, info.st_ino)
    return found


def _build(root: Path, jobs: int = 1) -> Report:
    return run(load_project(root), jobs=jobs)


def test_second_run_extracts_nothing_and_touches_no_file(bundled: Path) -> None:
    first = _extract_line(_build(bundled))
    assert first == (11, 11, 0, 11, 0, 0, 0)
    before = _files(bundled / "briefs", bundled / "docs")
    second = _build(bundled)
    assert _extract_line(second) == (11, 0, 11, 0, 11, 0, 0)
    assert any(re.match(r"render: 11 briefs, 0 pages written, \d+ unchanged, 0 removed", line)
               for line in second.lines), second.lines
    assert _files(bundled / "briefs", bundled / "docs") == before


def test_one_changed_seed_is_the_only_one_extracted_and_rewritten(bundled: Path) -> None:
    _build(bundled)
    before = _files(bundled / "briefs")
    seed = bundled / "seeds" / "en_01_tsmc_arizona.txt"
    seed.write_text(seed.read_text("utf-8") + "\nTSMC declined to comment further.\n", "utf-8")
    report = _build(bundled)
    assert _extract_line(report) == (11, 1, 10, 1, 10, 0, 0)
    after = _files(bundled / "briefs")
    changed = {Path(p).name for p in after if after[p] != before.get(p)}
    assert changed == {"en-01-tsmc-arizona.md", "en-01-tsmc-arizona.yaml"}
    assert "TSMC declined to comment further." in read(
        bundled / "briefs" / "en-01-tsmc-arizona.md").body


def test_only_changed_pages_are_rewritten(bundled: Path) -> None:
    _build(bundled)
    docs_before = _files(bundled / "docs")
    seed = bundled / "seeds" / "en_01_tsmc_arizona.txt"
    seed.write_text(seed.read_text("utf-8") + "\nA closing sentence without names.\n", "utf-8")
    report = _build(bundled)
    written = next(line for line in report.lines if line.startswith("render:"))
    count = int(re.search(r"(\d+) pages written", written).group(1))  # type: ignore[union-attr]
    docs_after = _files(bundled / "docs")
    changed = sorted(p for p in docs_after if docs_after[p] != docs_before.get(p))
    assert len(changed) == count
    assert str(bundled / "docs" / "briefs" / "en-01-tsmc-arizona.md") in changed
    assert count < len(docs_after) // 4, changed


def test_hand_edited_brief_is_merged_again_and_keeps_the_edit(bundled: Path) -> None:
    _build(bundled)
    brief = bundled / "briefs" / "de-03-nvidia-h20-china.md"
    brief.write_text(brief.read_text("utf-8").replace("\nsummary: ", "\nnotes: checked\nsummary: ",
                                                      1), "utf-8")
    # Merged with its snapshot, not extracted (tests/test_edit_without_extraction.py).
    assert _extract_line(_build(bundled))[1:3] == (0, 11)
    assert read(brief).extra.get("notes") == "checked"
    assert _extract_line(_build(bundled))[1:3] == (0, 11)


def test_deleted_brief_comes_back(bundled: Path) -> None:
    _build(bundled)
    brief = bundled / "briefs" / "en-02-stargate-abilene.md"
    text = brief.read_text("utf-8")
    brief.unlink()
    # From its snapshot, which is what extracting the seed again gives.
    assert _extract_line(_build(bundled))[1:4] == (0, 11, 1)
    assert brief.read_text("utf-8") == text


def test_knowledge_change_extracts_everything_again(bundled: Path) -> None:
    _build(bundled)
    (bundled / "knowledge").mkdir()
    (bundled / "knowledge" / "actors.yaml").write_text(
        "- {name: Abilene Power Cooperative, kind: organization}\n", "utf-8")
    assert _extract_line(_build(bundled))[1:3] == (11, 0)
    assert _extract_line(_build(bundled))[1:3] == (0, 11)


def test_lost_cache_costs_time_not_files(bundled: Path) -> None:
    _build(bundled)
    before = _files(bundled / "briefs", bundled / "docs")
    shutil.rmtree(bundled / ".briefing")
    assert _extract_line(_build(bundled)) == (11, 11, 0, 0, 11, 0, 0)
    assert _files(bundled / "briefs", bundled / "docs") == before


def test_reviewed_and_orphaned_briefs_are_reported_on_a_cached_run(bundled: Path) -> None:
    _build(bundled)
    brief = bundled / "briefs" / "en-03-eu-ai-act-gpai.md"
    brief.write_text(brief.read_text("utf-8").replace("\nsummary: ", "\nreviewed: true\nsummary: ",
                                                      1), "utf-8")
    (bundled / "seeds" / "en_04_uk_ai_compute.txt").unlink()
    first = _build(bundled)
    assert _extract_line(first) == (10, 0, 10, 0, 9, 1, 0)  # merged with its snapshot
    again = _build(bundled)
    assert _extract_line(again) == (10, 0, 10, 0, 9, 1, 0)
    assert any("en-04-uk-ai-compute.md: orphaned" in note for note in again.notes), again.notes
    pruned = run(load_project(bundled), jobs=1, prune=True)
    assert not (bundled / "briefs" / "en-04-uk-ai-compute.md").exists()
    assert not any("orphaned" in note for note in pruned.notes)


def test_parallel_extraction_gives_the_same_briefs(tmp_path: Path, bundled: Path) -> None:
    serial = tmp_path / "serial"
    shutil.copytree(bundled, serial)
    assert _extract_line(_build(serial, jobs=1))[1] == 11
    assert _extract_line(_build(bundled, jobs=2))[1] == 11
    for path in brief_paths(serial / "briefs"):
        assert (bundled / "briefs" / path.name).read_text("utf-8") == path.read_text("utf-8")


def test_no_state_folder_outside_a_project(tmp_path: Path, bundled: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.chdir(outside)
    project = load_project(required=False).with_overrides(seeds=bundled / "seeds",
                                                          briefs=outside / "briefs")
    report = run(project, do_render=False, jobs=1)
    assert _extract_line(report)[1] == 11
    assert not (outside / ".briefing").exists()
    assert _extract_line(run(project, do_render=False, jobs=1))[1] == 11


def test_serve_rebuild_is_incremental_and_skips_its_own_writes(
        bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import serve

    built: list[Path] = []
    def fake_site(project: Project, strict: bool = True, clean: bool = True,
                  progress: bool = False) -> Built:
        built.append(project.site)
        return Built(project.site, not clean, 0, 0)

    monkeypatch.setattr(serve, "site", fake_site)
    lines: list[str] = []
    rebuild = serve.Rebuilder(load_project(bundled), 1, lines.append)
    rebuild()
    assert [line for line in lines if line.startswith("extract:")][-1].startswith(
        "extract: 11 seeds (11 extracted, 0 cached)")
    rebuild()  # the watcher's trigger for the briefs and pages the first rebuild wrote
    assert rebuild.builds == 1 and len(built) == 1
    seed = bundled / "seeds" / "de_01_telekom_ki_cloud.txt"
    seed.write_text(seed.read_text("utf-8") + "\nEin weiterer Satz.\n", "utf-8")
    rebuild()
    assert rebuild.builds == 2 and len(built) == 2
    assert [line for line in lines if line.startswith("extract:")][-1].startswith(
        "extract: 11 seeds (1 extracted, 10 cached), 1 briefs written")


def test_unchanged_render_is_skipped_and_a_template_change_renders_again(bundled: Path) -> None:
    from generator.briefs import brief_paths
    from generator.cache import fingerprint
    from generator.render import stage as render_stage

    _build(bundled)
    stamp = (bundled / ".briefing" / "render.key").read_text("utf-8").strip()
    # Kept with the signatures write() saw: those of the pages on disk.
    project = load_project(bundled)
    inputs = render_stage._render_inputs(
        project, render_stage.project_site_url(project), False, fingerprint(None),
        render_stage.code_key(project.templates), brief_paths(project.briefs))
    pages = render_stage.manifest_pages(project.docs)
    assert inputs is not None and stamp == render_stage._render_key(project, inputs, pages)
    home = bundled / "docs" / "index.md"
    home.unlink()  # a generated page gone counts as a change
    _build(bundled)
    assert home.is_file()
    template = bundled / "templates" / "home.md.j2"
    template.write_text(template.read_text("utf-8") + "\nEdited for the test.\n", "utf-8")
    report = _build(bundled)
    assert "Edited for the test." in home.read_text("utf-8")
    assert any(re.match(r"render: 11 briefs, 1 pages written", line) for line in report.lines)


def test_serve_builds_a_brief_saved_during_a_rebuild(bundled: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import serve
    from generator.render import stage as render_stage

    monkeypatch.setattr(serve, "site", lambda project, strict=True, clean=True, progress=False:
                        Built(project.site, not clean, 0, 0))
    rebuild = serve.Rebuilder(load_project(bundled), 1, lambda line: None)
    rebuild()
    brief = bundled / "briefs" / "de-02-intel-magdeburg-analyse.md"
    page = bundled / "docs" / "briefs" / "de-02-intel-magdeburg-analyse.md"
    write = render_stage.write

    def write_pages_while_the_analyst_saves(docs: Path, pages: object, **options: Any,
                                            ) -> object:
        # the briefs were read; the analyst saves one while the pages are being written
        data, body, _node, _offset = load_front_matter(brief.read_text("utf-8"), brief)
        data["title"] = "Saved during a rebuild"
        brief.write_text(f"---\n{dump_yaml(data)}---\n\n{body}", "utf-8")
        monkeypatch.setattr(render_stage, "write", write)
        return write(docs, pages, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(render_stage, "write", write_pages_while_the_analyst_saves)
    seed = bundled / "seeds" / "de_01_telekom_ki_cloud.txt"
    seed.write_text(seed.read_text("utf-8") + "\nEin weiterer Satz.\n", "utf-8")
    rebuild()
    assert rebuild.builds == 2
    assert "Saved during a rebuild" not in page.read_text("utf-8")
    rebuild()  # the watcher's trigger for the save
    assert rebuild.builds == 3
    assert "Saved during a rebuild" in page.read_text("utf-8")
    rebuild()  # and for the pages that rebuild wrote: nothing changed since
    assert rebuild.builds == 3


def test_the_code_of_later_stages_is_not_in_the_extraction_fingerprint() -> None:
    """A change to rendering, the site, search or the order of the stages must not extract
    every seed again (at 10,000 briefs that is minutes); the extraction code and data are in
    it."""
    from generator import cache

    package = Path(cache.__file__).resolve().parent
    files = {p.relative_to(package).as_posix() for p in cache._package_files()}
    assert not {f for f in files if f.startswith("render/")}
    assert not files & {"plugin.py", "site.py", "search.py", "searchterms.py", "pipeline.py",
                        "report.py"}
    assert {"extract.py", "extracting.py", "models.py", "kb.py"} <= files
    assert any(f.startswith("extraction/") for f in files)
    assert any(f.startswith("briefs/") for f in files)
    assert any(f.startswith("data/kb/") for f in files)


def _calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str,
           folder: Path | None = None) -> list[str]:
    """The names of the files that module.name is called with from now on (of folder)."""
    found: list[str] = []
    real = getattr(module, name)

    def counted(path: Path) -> Any:
        if folder is None or Path(path).parent == folder:
            found.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(module, name, counted)
    return found


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The seed files read from now on (their bytes, not only their signatures)."""
    from generator import ingest

    return _calls(monkeypatch, ingest, "_read_bytes")


def test_unchanged_seeds_are_not_read_again(bundled: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _build(bundled)
    read = _reads(monkeypatch)
    assert _extract_line(_build(bundled)) == (11, 0, 11, 0, 11, 0, 0)
    assert read == []
    seed = bundled / "seeds" / "en_01_tsmc_arizona.txt"
    seed.write_text(seed.read_text("utf-8") + "\nTSMC declined to comment further.\n", "utf-8")
    assert _extract_line(_build(bundled)) == (11, 1, 10, 1, 10, 0, 0)
    assert read == ["en_01_tsmc_arizona.txt"]


def test_a_seed_not_read_is_read_when_its_brief_must_be_made_again(
        bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _build(bundled)
    brief = bundled / "briefs" / "en-02-stargate-abilene.md"
    text = brief.read_text("utf-8")
    brief.unlink()
    (bundled / "briefs" / ".base" / "en-02-stargate-abilene.yaml").unlink()
    read = _reads(monkeypatch)
    assert _extract_line(_build(bundled))[:4] == (11, 1, 10, 1)
    assert read == ["en_02_stargate_abilene.txt"]
    assert brief.read_text("utf-8") == text


def test_a_note_on_a_seed_is_told_on_every_run(bundled: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    seed = bundled / "seeds" / "en_01_tsmc_arizona.txt"
    seed.write_bytes(seed.read_text("utf-8").replace("’", "'").encode("cp1252"))
    note = (f"{seed}: not UTF-8; read as Windows-1252 (Latin-1), "
            "re-save as UTF-8 to be sure")
    assert note in _build(bundled).notes
    read = _reads(monkeypatch)
    assert note in _build(bundled).notes
    assert read == []


@pytest.mark.parametrize("fails", [False, True])
def test_render_leaves_the_briefs_and_model_out_of_collections_until_it_ends(
        bundled: Path, monkeypatch: pytest.MonkeyPatch, fails: bool) -> None:
    """While the pages are made (the garbage collector walks none of those objects), and
    given back at the end even when it fails, so that briefing serve frees them later; no
    collection between loading the briefs and freezing them either."""
    import gc

    from generator.render import stage as render_stage

    real = render_stage.write
    frozen: list[int] = []
    load = render_stage.briefs_stage.load_all
    collecting: list[bool] = []

    def load_all(*args: Any, **kwargs: Any) -> Any:
        loaded = load(*args, **kwargs)
        collecting.append(gc.isenabled())
        return loaded

    monkeypatch.setattr(render_stage.briefs_stage, "load_all", load_all)

    def write(*args: Any, **kwargs: Any) -> Any:
        frozen.append(gc.get_freeze_count() if gc.isenabled() else 0)
        if fails:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(render_stage, "write", write)
    before = gc.get_freeze_count()
    if fails:
        with pytest.raises(OSError):
            _build(bundled)
    else:
        _build(bundled)
    assert frozen and frozen[0] > before + 1000  # the briefs and the model
    assert collecting == [False]
    assert gc.get_freeze_count() == before and gc.isenabled()


def test_an_unchanged_extract_looks_at_each_brief_once(bundled: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Its scan; not again to tell whether it is fresh, nor to forget the briefs gone."""
    _build(bundled)
    from generator import cache

    looked = _calls(monkeypatch, cache, "signature", bundled / "briefs")
    assert _extract_line(_build(bundled)) == (11, 0, 11, 0, 11, 0, 0)
    assert sorted(looked) == sorted(path.name for path in brief_paths(bundled / "briefs"))


def test_a_brief_saved_after_the_scan_is_merged_by_the_next_run(
        bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fresh() trusts the scan of its own run: a brief saved after the scan is left as saved
    (or merged), never lost, and by the next run its extract-cache entry has its stat."""
    from generator import cache

    _build(bundled)
    brief = bundled / "briefs" / "de-03-nvidia-h20-china.md"
    real = cache.ExtractCache.fresh

    def saving(self: cache.ExtractCache, seed: Any, slug: str, folder: Path) -> bool:
        if slug == brief.stem and "notes:" not in brief.read_text("utf-8"):
            brief.write_text(brief.read_text("utf-8").replace(
                "\nsummary: ", "\nnotes: checked\nsummary: ", 1), "utf-8")
        return real(self, seed, slug, folder)

    monkeypatch.setattr(cache.ExtractCache, "fresh", saving)
    assert _extract_line(_build(bundled))[1:3] == (0, 11)
    monkeypatch.undo()
    project = load_project(bundled)
    knowledge = project.knowledge if project.knowledge.is_dir() else None

    def kept_stat() -> Any:
        return cache.ExtractCache.load(project, knowledge).seeds[
            "seeds/de_03_nvidia_h20_china.txt"]["stat"]

    assert read(brief).extra.get("notes") == "checked"
    assert _extract_line(_build(bundled))[1:3] == (0, 11)
    assert read(brief).extra.get("notes") == "checked"
    assert kept_stat() == cache.signature(brief)
