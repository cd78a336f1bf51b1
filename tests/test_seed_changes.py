"""Seeds change under the briefs: changed, removed, duplicated, colliding, frozen, broken."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import make_project

from generator.briefs import brief_paths, read, update
from generator.config import load_project
from generator.errors import shown
from generator.extracting import assign_slugs
from generator.pipeline import Report, run


def article(company: str, amount: int, extra: str = "") -> str:
    """A short German article about company investing amount billion euros."""
    return (f"{company} baut Rechenzentrum in Berlin\nBerlin, 02.05.2025\n\n"
            f"{company}-Chef Max Mustermann kündigte Investitionen von {amount} Milliarden Euro "
            f"an. Die Bundesregierung begrüßt das Vorhaben.\n{extra}")


def _run(root: Path, *, prune: bool = False) -> Report:
    os.chdir(root)
    return run(load_project(root), jobs=1, prune=prune)


def _stems(root: Path) -> list[str]:
    return [p.stem for p in brief_paths(root / "briefs")]


def test_a_changed_seed_updates_its_brief(project: Path) -> None:
    (project / "seeds" / "a.txt").write_text(article("Nvidia", 2), "utf-8")
    assert _run(project).ok
    old = read(project / "briefs" / "a.md")
    (project / "seeds" / "a.txt").write_text(
        article("Nvidia", 2, "\nSpäter sollen weitere 5 Milliarden Euro folgen.\n"), "utf-8")
    assert _run(project).ok
    new = read(project / "briefs" / "a.md")
    assert new.source.sha256 != old.source.sha256
    assert "weitere 5 Milliarden Euro" in new.body
    assert {a.value for a in new.amounts} >= {2_000_000_000, 5_000_000_000}


def test_a_seed_change_reaches_a_body_whose_final_newline_an_editor_stripped(
        project: Path) -> None:
    (project / "seeds" / "a.txt").write_text(article("Nvidia", 2), "utf-8")
    assert _run(project).ok
    brief = project / "briefs" / "a.md"
    text = brief.read_text("utf-8")
    assert text.endswith("begrüßt das Vorhaben.\n")
    brief.write_text(text.rstrip("\n"), "utf-8")
    assert _run(project).ok  # nothing new from the seed: the file stays as saved
    assert not brief.read_text("utf-8").endswith("\n")
    (project / "seeds" / "a.txt").write_text(
        article("Nvidia", 2, "\nSpäter sollen weitere 5 Milliarden Euro folgen.\n"), "utf-8")
    assert _run(project).ok
    assert "weitere 5 Milliarden Euro" in read(brief).body


def test_a_removed_seed_leaves_an_orphan_until_pruned(project: Path) -> None:
    for name, company in (("a.txt", "Nvidia"), ("b.txt", "Intel")):
        (project / "seeds" / name).write_text(article(company, 2), "utf-8")
    assert _run(project).ok
    (project / "seeds" / "b.txt").unlink()
    report = _run(project)
    assert report.ok
    assert _stems(project) == ["a", "b"]
    assert any(n.endswith("b.md: orphaned, its seed is gone (remove with --prune)")
               for n in report.notes), report.notes
    report = _run(project, prune=True)
    assert _stems(project) == ["a"]
    assert not (project / "briefs" / ".base" / "b.yaml").exists()


def test_two_seeds_with_the_same_content_give_one_brief(project: Path) -> None:
    for name in ("a.txt", "copy of a.txt"):
        (project / "seeds" / name).write_text(article("Nvidia", 2), "utf-8")
    report = _run(project)
    assert report.ok
    assert _stems(project) == ["a"]
    assert any("copy of a.txt: same content as" in n and n.endswith("one brief for both")
               for n in report.notes), report.notes


def test_slug_collisions_resolve_by_hash_and_existing_briefs_keep_their_slug(
        project: Path) -> None:
    (project / "seeds" / "nvidia_plan.txt").write_text(article("Nvidia", 2), "utf-8")
    assert _run(project).ok
    # "nvidia plan.txt" sorts first and slugifies the same, but the brief is taken
    (project / "seeds" / "nvidia plan.txt").write_text(article("Intel", 3), "utf-8")
    (project / "seeds" / "Nvidia-Plan.txt").write_text(article("AMD", 4), "utf-8")
    assert _run(project).ok
    stems = _stems(project)
    assert "nvidia-plan" in stems and len(stems) == 3
    assert read(project / "briefs" / "nvidia-plan.md").source.path == "seeds/nvidia_plan.txt"
    for stem in stems:
        source = read(project / "briefs" / f"{stem}.md").source
        if stem != "nvidia-plan":
            assert stem == f"nvidia-plan-{source.sha256[:8]}"
    assert _run(project).ok
    assert _stems(project) == stems


def test_assign_slugs_is_deterministic() -> None:
    from generator.models import Seed

    seeds = [Seed(Path(n), n, "", h * 64) for n, h in
             (("seeds/a b.txt", "1"), ("seeds/a_b.txt", "2"), ("seeds/c.txt", "3"))]
    first = assign_slugs(seeds, {})
    assert first == {"seeds/a b.txt": "a-b", "seeds/a_b.txt": f"a-b-{'2' * 8}",
                     "seeds/c.txt": "c"}
    assert assign_slugs(seeds, {"seeds/a_b.txt": "a-b"}) == {
        "seeds/a b.txt": f"a-b-{'1' * 8}", "seeds/a_b.txt": "a-b", "seeds/c.txt": "c"}


def test_reviewed_true_freezes_a_brief(project: Path) -> None:
    seed = project / "seeds" / "a.txt"
    seed.write_text(article("Nvidia", 2), "utf-8")
    assert _run(project).ok
    path = project / "briefs" / "a.md"
    frozen = path.read_text("utf-8").replace("\nsummary:", "\nreviewed: true\nsummary:", 1)
    path.write_text(frozen, "utf-8")
    seed.write_text(article("Nvidia", 7, "\nNeu: weitere 9 Milliarden Euro.\n"), "utf-8")
    report = _run(project)
    assert report.ok
    assert path.read_text("utf-8") == frozen
    assert any("1 reviewed (left alone)" in line for line in report.lines), report.lines
    (project / "seeds" / "a.txt").unlink()
    _run(project, prune=True)
    assert path.read_text("utf-8") == frozen  # a reviewed orphan is not pruned


def test_a_broken_brief_is_not_overwritten_and_gets_no_twin(project: Path) -> None:
    seed = project / "seeds" / "a.txt"
    seed.write_text(article("Nvidia", 2), "utf-8")
    assert _run(project).ok
    path = project / "briefs" / "a.md"
    good = path.read_text("utf-8")
    broken = good.replace("\nslug: a\n", "\nslug: [a\n", 1)
    path.write_text(broken, "utf-8")
    seed.write_text(article("Nvidia", 3), "utf-8")
    report = _run(project)
    assert not report.ok
    assert path.read_text("utf-8") == broken
    assert _stems(project) == ["a"]
    assert any(str(p).startswith(f"{shown(path)}:") and "not updated from seeds/a.txt" in str(p)
               for p in report.problems), [str(p) for p in report.problems]
    path.write_text(good, "utf-8")  # fixed by hand: the next run merges again
    assert _run(project).ok
    assert any(a.value == 3_000_000_000 for a in read(path).amounts)


def test_a_brief_whose_seed_is_only_unreadable_is_no_orphan(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"a.txt": article("Nvidia", 2)})
    assert _run(root).ok
    folder = root / "briefs"
    updated = update(folder, [], {"seeds/a.txt"}, prune=True)
    assert updated.orphans == () and updated.removed == ()
    updated = update(folder, [], None, prune=True)  # seeds folder missing: nothing known
    assert updated.orphans == () and updated.removed == ()
    assert _stems(root) == ["a"]
