"""briefing suggest: rule-found names the knowledge base lacks, once each, with their briefs.

The briefs are written here rather than extracted, so that what the rules find today does
not decide what these tests check: only the briefs' `confidence` does.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import kb as kbmod
from generator import knowledge
from generator.briefs import dump
from generator.cli import cli
from generator.models import Actor, Brief, Chip, Policy, Source

OHIO = ("Ohio Power Siting Board genehmigt Kernwerk-Werk\nColumbus, 02.05.2025\n\n"
        "Das Ohio Power Siting Board (OPSB) hat der Kernwerk Systems GmbH den Bau erlaubt. "
        "Kernwerk-Chefin Johanna Berndt sprach von einem guten Tag für Kernwerk-Systems. "
        "Nvidia liefert Chips, das Sächsische Chipgesetz gilt hier nicht. Die KX1 von "
        "Kernwerk kommt 2026.\n")
TIDEWELL = ("Tidewell Power sammelt Geld ein\nHouston, 03.05.2025\n\nDas Start-up Tidewell "
            "Power Inc. und die Kernwerk-Systems arbeiten zusammen. Die OPSB prüft. Auch "
            "Fennmoor Compute und Screen Holdings sind dabei. Marisol Treviño leitet Tidewell.\n")


def _brief(slug: str, body: str, *, actors: tuple[Actor, ...] = (),
           policy: tuple[Policy, ...] = (), chips: tuple[Chip, ...] = ()) -> Brief:
    return Brief(title=body.split("\n")[0], slug=slug, language="de", date=None,
                 source=Source(f"seeds/{slug}.txt", hashlib.sha256(body.encode()).hexdigest()),
                 actors=actors, policy=policy, chips=chips, body=body)


def _write(folder: Path, brief: Brief) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{brief.slug}.md").write_text(dump(brief), encoding="utf-8")


@pytest.fixture
def project(project: Path) -> Path:
    briefs = project / "briefs"
    _write(briefs, _brief("ohio", OHIO, actors=(
        Actor("Ohio Power Siting Board", "government", confidence="strong"),
        Actor("Kernwerk Systems", "organization", confidence="strong"),
        Actor("Johanna Berndt", "person", role="CEO", org="Kernwerk Systems",
              confidence="weak"),
        Actor("Nvidia", "organization", confidence="known"),
        # Found by a rule, but inflected forms of known names.
        Actor("Europäischen Kommission", "government", confidence="strong"),
        Actor("Nvidias", "organization", confidence="weak"),
    ), policy=(
        Policy("Sächsische Chipgesetz", "law", "DE-SN", confidence="strong"),
        Policy("CHIPS and Science Act", "law", "US", confidence="known"),
    ), chips=(
        Chip("Kernwerk KX1", "Kernwerk Systems", "accelerator", confidence="weak"),
    )))
    _write(briefs, _brief("tidewell", TIDEWELL, actors=(
        Actor("Tidewell Power", "organization", confidence="strong"),
        Actor("Kernwerk-Systems", "organization", confidence="weak"),
        Actor("OPSB", "government", confidence="strong"),
        Actor("Fennmoor Compute", "organization", confidence="strong"),
        Actor("Screen Holdings", "organization", confidence="strong"),
        Actor("Marisol Treviño", "person", role="CEO", org="Tidewell Power"),  # by hand
    )))
    # A brief from before confidence said how: a number meant a rule.
    text = dump(_brief("legacy", "Alt\n\nDie Nordkap Capital investiert.\n", actors=(
        Actor("Nordkap Capital", "organization", confidence="strong"),)))
    (briefs / "legacy.md").write_text(text.replace("confidence: strong", "confidence: 0.6"))
    (project / "knowledge").mkdir()
    (project / "knowledge" / "actors.yaml").write_text(ANALYST, encoding="utf-8")
    os.chdir(project)
    return project


ANALYST = """\
# Our own actors.
- name: Fennmoor Compute
  kind: organization
  aliases: [Fennmoor]     # the short form is ours
- name: Screen Holdings   # matched the Screen of every monitor article
  remove: true
"""

SUGGESTED_ACTORS = """\
# found in briefs/ohio.md, briefs/tidewell.md
- name: Kernwerk Systems
  kind: organization
  aliases: [Kernwerk-Systems]
# found in briefs/ohio.md, briefs/tidewell.md
- name: Ohio Power Siting Board
  kind: government
  aliases: [OPSB]
# found in briefs/ohio.md
- name: Johanna Berndt
  kind: person
  aliases: []
  role: CEO
  org: Kernwerk Systems
# found in briefs/legacy.md
- name: Nordkap Capital
  kind: organization
  aliases: []
# found in briefs/tidewell.md
- name: Tidewell Power
  kind: organization
  aliases: []
"""
SUGGESTED_POLICY = """\
# found in briefs/ohio.md
- name: Sächsische Chipgesetz
  kind: law
  jurisdiction: DE-SN
  aliases: []
"""
SUGGESTED_CHIPS = """\
# found in briefs/ohio.md
- name: Kernwerk KX1
  vendor: Kernwerk Systems
  kind: accelerator
  aliases: []
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_suggest_lists_each_unknown_rule_found_name_once(runner: CliRunner,
                                                         project: Path) -> None:
    result = runner.invoke(cli, ["suggest"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "# 7 names found by rules that the knowledge base does not list.\n"
        "# Review them, then add them to knowledge/ (briefing suggest --write).\n"
        f"\n# knowledge/actors.yaml\n{SUGGESTED_ACTORS}"
        f"\n# knowledge/policy.yaml\n{SUGGESTED_POLICY}"
        f"\n# knowledge/chips.yaml\n{SUGGESTED_CHIPS}")


def test_min_briefs_keeps_names_found_in_as_many(runner: CliRunner, project: Path) -> None:
    result = runner.invoke(cli, ["suggest", "--min-briefs", "2"])
    assert result.exit_code == 0, result.output
    names = [line for line in result.stdout.splitlines() if line.startswith("- name:")]
    assert names == ["- name: Kernwerk Systems", "- name: Ohio Power Siting Board"]


def test_write_appends_after_the_analysts_entries(runner: CliRunner, project: Path) -> None:
    result = runner.invoke(cli, ["suggest", "--write"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ("suggest: 5 entries added to knowledge/actors.yaml\n"
                             "suggest: 1 entry added to knowledge/policy.yaml\n"
                             "suggest: 1 entry added to knowledge/chips.yaml\n")
    header = "# Suggested by briefing suggest from the briefs named: review, edit or delete.\n"
    folder = project / "knowledge"
    assert (folder / "actors.yaml").read_text("utf-8") == \
        f"{ANALYST}\n{header}{SUGGESTED_ACTORS}"
    assert (folder / "policy.yaml").read_text("utf-8") == (
        "# Project policy: see docs/knowledge-base.md for the fields.\n\n"
        f"{header}{SUGGESTED_POLICY}")
    assert knowledge.check(folder) == []
    known = kbmod.load(folder)
    assert known.lookup("actor", "Ohio Power Siting Board") is not None
    assert known.lookup("policy", "Sächsische Chipgesetz") is not None
    assert known.lookup("actor", "Fennmoor Compute") is not None


def test_write_twice_adds_nothing_the_second_time(runner: CliRunner, project: Path) -> None:
    assert runner.invoke(cli, ["suggest", "--write"]).exit_code == 0
    files = {p.name: p.read_bytes() for p in (project / "knowledge").iterdir()}
    result = runner.invoke(cli, ["suggest", "--write"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "suggest: nothing to add\n"
    assert {p.name: p.read_bytes() for p in (project / "knowledge").iterdir()} == files
    listing = runner.invoke(cli, ["suggest"])
    assert listing.stdout == "# 0 names found by rules that the knowledge base does not list.\n"


def test_write_creates_the_knowledge_folder(runner: CliRunner, project: Path,
                                            tmp_path: Path) -> None:
    result = runner.invoke(cli, ["suggest", "--write", "--briefs", str(project / "briefs"),
                                 "--knowledge", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == \
        ["actors.yaml", "chips.yaml", "policy.yaml"]
    assert knowledge.check(tmp_path / "new") == []
    # Without the analyst's folder, Fennmoor is unknown and Screen Holdings is bundled.
    names = [e["name"] for e in yaml.safe_load((tmp_path / "new" / "actors.yaml").read_text())]
    assert "Fennmoor Compute" in names
    assert "Screen Holdings" not in names


def test_write_leaves_a_file_alone_it_cannot_append_to(runner: CliRunner,
                                                       project: Path) -> None:
    (project / "knowledge" / "policy.yaml").write_text("[]\n")
    before = (project / "knowledge" / "actors.yaml").read_text()
    result = runner.invoke(cli, ["suggest", "--write"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: knowledge/policy.yaml: cannot add entries after the last one (write the file "
        "as a list of '- name: ...' entries, or add the suggestions by hand)\n")
    assert (project / "knowledge" / "policy.yaml").read_text() == "[]\n"
    assert (project / "knowledge" / "actors.yaml").read_text() == before


def test_suggest_refuses_a_broken_knowledge_folder(runner: CliRunner, project: Path) -> None:
    (project / "knowledge" / "actors.yaml").write_text("- name: X\n  kind: organisation\n")
    result = runner.invoke(cli, ["suggest", "--write"])
    assert result.exit_code == 1
    assert result.stderr == ("error: knowledge/actors.yaml:2: kind: 'organisation' is not one "
                             "of organization | government | person (did you mean "
                             "'organization'?)\n")
    assert not (project / "knowledge" / "policy.yaml").exists()


def test_suggest_reports_a_broken_brief_and_uses_the_others(runner: CliRunner,
                                                            project: Path) -> None:
    (project / "briefs" / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nBody\n")
    result = runner.invoke(cli, ["suggest"])
    assert result.exit_code == 1
    assert "- name: Tidewell Power\n" in result.stdout
    assert result.stderr.startswith("error: briefs/broken.md:3: broken YAML: ")
    assert result.stderr.endswith("1 problem; see the messages above\n")


def test_an_abbreviation_in_brackets_is_an_alias_when_it_fits_the_name() -> None:
    from generator.suggest import _forms

    text = "Die Kreditanstalt für Wiederaufbau (KfW) und die Tidewell Power (USA) ..."
    assert list(_forms("Kreditanstalt für Wiederaufbau", text)) == ["KfW"]
    assert list(_forms("Tidewell Power", text)) == []  # USA abbreviates something else
    assert list(_forms("Ohio Power Siting Board", "OPSB (Ohio Power Siting Board)")) == ["OPSB"]


def test_names_that_are_each_others_forms_stay_apart() -> None:
    from generator.suggest import _join, _Name

    first, second = _Name(), _Name()
    first.spellings["AB-C"], second.spellings["ABC"] = 1, 1
    first.forms["ABC"], second.forms["AB-C"] = None, None
    names = {"ab c": first, "abc": second}
    _join(names)
    assert names == {"ab c": first, "abc": second}
