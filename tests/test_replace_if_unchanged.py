"""fsutil.replace_if_unchanged: a file saved by someone else while a run replaces it stays.

Each test lets the "editor" save at one moment of the replacement (through the calls the
function makes) and checks that the editor's save is what remains, and that the run learns
of it (Changed). Both ways are tested: swapping the files in one step (Linux), and moving
the old one aside where that is not possible.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import fsutil
from generator.briefs import dump_yaml, load_front_matter, read
from generator.cli import cli
from generator.fsutil import Changed, remove_if_unchanged, replace_if_unchanged, restore_claims

OLD, OURS, THEIRS = b"as read\n", b"merged by the run\n", b"saved by the editor\n"


def _before(monkeypatch: pytest.MonkeyPatch, name: str, save: Callable[[], None],
            times: int = 1, *, after: bool = False) -> None:
    """Let the editor save just before (or after) the run's next call of os.<name>, or of
    fsutil.exchange."""
    owner: object = fsutil if name == "exchange" else os
    real = getattr(owner, name)
    calls = []

    def hooked(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) <= times and not after:
            save()
        result = real(*args, **kwargs)
        if len(calls) <= times and after:
            save()
        return result

    monkeypatch.setattr(owner, name, hooked)


@pytest.fixture(params=["swap", "aside"])
def way(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        ) -> str:
    """How the file is replaced: swapped in one step, or the old one moved aside first."""
    if request.param == "aside":
        monkeypatch.setattr(fsutil, "exchange", lambda first, second: False)
    else:
        (tmp_path / "x").write_text("x")
        (tmp_path / "y").write_text("y")
        if not fsutil.exchange(tmp_path / "x", tmp_path / "y"):
            pytest.skip("this file system cannot swap two files in one step")
        (tmp_path / "x").unlink()
        (tmp_path / "y").unlink()
    return str(request.param)


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def brief(tmp_path: Path) -> Path:
    path = tmp_path / "brief.md"
    path.write_bytes(OLD)
    return path


def test_unchanged_file_is_replaced(brief: Path, way: str) -> None:
    assert replace_if_unchanged(brief, OLD, OURS) is True
    assert brief.read_bytes() == OURS and _hidden(brief.parent) == []
    assert replace_if_unchanged(brief, OURS, OURS) is False


def test_a_save_before_the_run_looks_stays(brief: Path, way: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _before(monkeypatch, "exchange" if way == "swap" else "rename",
            lambda: brief.write_bytes(THEIRS))
    with pytest.raises(Changed):
        replace_if_unchanged(brief, OLD, OURS)
    assert brief.read_bytes() == THEIRS and _hidden(brief.parent) == []


def test_the_file_is_never_missing_while_it_is_swapped(brief: Path, way: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    if way != "swap":
        pytest.skip("moving the old file aside leaves a moment without it")
    seen: list[bool] = []
    _before(monkeypatch, "exchange", lambda: seen.append(brief.exists()), after=True)
    assert replace_if_unchanged(brief, OLD, OURS) is True
    assert seen == [True] and brief.read_bytes() == OURS


def test_a_save_while_the_old_file_is_aside_stays(brief: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fsutil, "exchange", lambda first, second: False)
    _before(monkeypatch, "link", lambda: brief.write_bytes(THEIRS))  # creates the file anew
    with pytest.raises(Changed):
        replace_if_unchanged(brief, OLD, OURS)
    assert brief.read_bytes() == THEIRS and _hidden(brief.parent) == []


def test_a_save_into_the_old_file_after_it_was_replaced_stays(
        brief: Path, way: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with open(brief, "r+b") as handle:  # the editor opened it before the run replaced it

        def write_late() -> None:
            handle.write(THEIRS)
            handle.flush()

        if way == "swap":
            _before(monkeypatch, "exchange", write_late, after=True)
        else:
            _before(monkeypatch, "link", write_late)
        with pytest.raises(Changed):
            replace_if_unchanged(brief, OLD, OURS)
    assert brief.read_bytes() == THEIRS and _hidden(brief.parent) == []


def test_a_save_into_the_runs_file_while_it_stood_in_place_stays(
        brief: Path, way: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if way != "swap":
        pytest.skip("only a swap puts the run's file in place before the old one is compared")
    newer = b"saved again by the editor\n"
    # A save just before the swap makes the run swap back; a second one lands in the run's
    # file, which stood in place meanwhile: it is the newest, and it must stay.
    _before(monkeypatch, "exchange", lambda: brief.write_bytes(THEIRS))
    _before(monkeypatch, "exchange", lambda: brief.write_bytes(newer), after=True)
    with pytest.raises(Changed):
        replace_if_unchanged(brief, OLD, OURS)
    assert brief.read_bytes() == newer and _hidden(brief.parent) == []


def test_a_new_file_is_not_written_over_one_that_appeared(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          ) -> None:
    path = tmp_path / "new.md"
    _before(monkeypatch, "link", lambda: path.write_bytes(THEIRS))
    with pytest.raises(Changed):
        replace_if_unchanged(path, None, OURS)
    assert path.read_bytes() == THEIRS and _hidden(tmp_path) == []


def test_a_deleted_file_stays_deleted(brief: Path, way: str) -> None:
    brief.unlink()
    with pytest.raises(Changed):
        replace_if_unchanged(brief, OLD, OURS)
    assert not brief.exists()


def test_removal_only_of_an_unchanged_file(brief: Path) -> None:
    brief.write_bytes(THEIRS)
    with pytest.raises(Changed):
        remove_if_unchanged(brief, OLD)
    assert brief.read_bytes() == THEIRS
    remove_if_unchanged(brief, THEIRS)
    assert not brief.exists() and _hidden(brief.parent) == []


def test_a_claim_left_by_a_killed_run_is_put_back(tmp_path: Path) -> None:
    (tmp_path / ".a.md.0badf00d.claimed").write_bytes(OLD)  # killed while a.md was aside
    (tmp_path / ".b.md.12345678.claimed").write_bytes(OLD)  # killed after b.md was replaced
    (tmp_path / "b.md").write_bytes(OURS)
    assert restore_claims(tmp_path) == [tmp_path / "a.md"]
    assert (tmp_path / "a.md").read_bytes() == OLD and (tmp_path / "b.md").read_bytes() == OURS
    assert _hidden(tmp_path) == []


SEED = ("Nvidia baut Rechenzentrum in Berlin\nBerlin, 02.05.2025\n\nNvidia-Chef Jensen Huang "
        "kündigte Investitionen von 2 Milliarden Euro an.\n")


def test_a_brief_saved_at_every_attempt_is_left_for_the_next_run(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.briefs import updating

    (project / "seeds" / "nvidia.txt").write_text(SEED, "utf-8")
    os.chdir(project)
    assert CliRunner().invoke(cli, ["extract", "--jobs", "1"]).exit_code == 0
    brief = project / "briefs" / "nvidia.md"
    saves = []

    def save(note: str) -> None:
        data, body, _node, _offset = load_front_matter(brief.read_text("utf-8"), brief)
        data["notes"] = note
        brief.write_text(f"---\n{dump_yaml(data)}---\n\n{body}", "utf-8")

    real = updating.replace_if_unchanged

    def saved_just_before(path: Path, expected: bytes | None, content: str | bytes) -> bool:
        saves.append(1)
        save(f"save {len(saves)}")
        return real(path, expected, content)

    monkeypatch.setattr(updating, "replace_if_unchanged", saved_just_before)
    (project / "seeds" / "nvidia.txt").write_text(SEED + "\nIntel legt nach.\n", "utf-8")
    result = CliRunner().invoke(cli, ["extract", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert len(saves) == updating.ATTEMPTS
    assert result.stderr == ("note: briefs/nvidia.md: saved while this run merged it, so it was "
                             "left as you saved it; the next run merges the new extraction\n")
    assert "0 briefs written" in result.stdout
    assert read(brief).extra["notes"] == f"save {len(saves)}"
    assert "Intel legt nach" not in read(brief).body
    monkeypatch.undo()
    os.chdir(project)
    result = CliRunner().invoke(cli, ["extract", "--jobs", "1"])
    assert result.exit_code == 0 and "1 extracted" in result.stdout, result.output
    assert "Intel legt nach" in read(brief).body
    assert read(brief).extra["notes"] == f"save {len(saves)}"
