"""The headline promise: hand edits survive a rebuild after the seed changed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from conftest import REPO, make_project

from generator.briefs import dump_yaml, load_front_matter, read
from generator.cli import cli

SEED = "en_01_tsmc_arizona.txt"
NEW_PARAGRAPH = ("\nSeparately, the company said it would spend $7.5 billion on an advanced "
                 "packaging plant in Phoenix.\n")


def _edit(path: Path, change: Any) -> None:
    """Change a brief the way an analyst would: load the front-matter, edit, save."""
    data, body, _node, _offset = load_front_matter(path.read_text("utf-8"), path)
    change(data)
    path.write_text(f"---\n{dump_yaml(data)}---\n\n{body}", encoding="utf-8")


def _build(root: Path) -> Any:
    os.chdir(root)
    result = CliRunner().invoke(cli, ["build", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return result


def test_every_hand_edit_survives_a_rebuild_of_a_changed_seed(tmp_path: Path) -> None:
    seed_text = (REPO / "seeds" / SEED).read_text("utf-8")
    root = make_project(tmp_path / "proj", {SEED: seed_text})
    _build(root)
    path = root / "briefs" / "en-01-tsmc-arizona.md"
    before = read(path)
    person = next(a for a in before.actors if a.kind == "person")
    deleted = before.amounts[0]
    renamed = f"{person.name} (renamed)"

    def change(data: dict[str, Any]) -> None:
        data["title"] = "Edited: TSMC doubles down in Arizona"
        for actor in data["actors"]:
            if actor["name"] == person.name:
                actor["name"] = renamed
        data["amounts"] = [a for a in data["amounts"] if a["text"] != deleted.text]
        data["actors"].append({"name": "Jane Analyst", "kind": "person", "role": "Analyst",
                               "mentions": 0, "evidence": "Added by hand."})
        data["notes"] = "Check the Arizona numbers against the annual report."

    _edit(path, change)
    (root / "seeds" / SEED).write_text(seed_text + NEW_PARAGRAPH, encoding="utf-8")
    _build(root)

    after = read(path)
    names = [a.name for a in after.actors]
    assert after.title == "Edited: TSMC doubles down in Arizona"
    assert renamed in names and person.name not in names
    assert "Jane Analyst" in names
    assert all(a.text != deleted.text for a in after.amounts)
    assert any(a.value == 7_500_000_000 and a.currency == "USD" for a in after.amounts)
    assert after.extra["notes"] == "Check the Arizona numbers against the annual report."
    assert "packaging plant in Phoenix" in after.body
    assert "conflicts" not in after.extra
    page = (root / "site" / "briefs" / "en-01-tsmc-arizona" / "index.html").read_text("utf-8")
    assert "Edited: TSMC doubles down in Arizona" in page
    assert "Jane Analyst" in page


def test_an_edit_the_extraction_also_changed_is_kept_and_reported(tmp_path: Path) -> None:
    seed = ("Nvidia baut Rechenzentrum in Berlin\nBerlin, 02.05.2025\n\nNvidia-Chef Jensen Huang "
            "kündigte Investitionen von 2 Milliarden Euro an.\n")
    root = make_project(tmp_path / "proj", {"nvidia.txt": seed})
    _build(root)
    path = root / "briefs" / "nvidia.md"
    _edit(path, lambda data: data.update(title="Nvidia: Rechenzentrum in Berlin (geprüft)"))
    (root / "seeds" / "nvidia.txt").write_text(seed.replace("in Berlin\n", "in Spandau\n", 1),
                                               encoding="utf-8")
    result = _build(root)
    assert "kept your edit where the new extraction differs: title" in result.stderr
    after = read(path)
    assert after.title == "Nvidia: Rechenzentrum in Berlin (geprüft)"
    assert after.extra["conflicts"] == [{
        "field": "title", "kept": "Nvidia: Rechenzentrum in Berlin (geprüft)",
        "extracted": "Nvidia baut Rechenzentrum in Spandau"}]
    check = CliRunner().invoke(cli, ["check"])
    assert check.exit_code == 1
    line = path.read_text("utf-8").split("\n").index("- field: title") + 1
    assert (f"error: briefs/nvidia.md:{line}: conflict in title: your edit was kept, the new "
            "extraction has 'Nvidia baut Rechenzentrum in Spandau' (review it, then delete the "
            "entry under 'conflicts:')\n") in check.stderr
    _build(root)  # nothing new: the conflict is not recorded twice
    assert read(path).extra["conflicts"] == after.extra["conflicts"]
