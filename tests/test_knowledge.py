"""Knowledge-base files against their schema: 'path:line: message (hint)' for each mistake.

Each folder in tests/fixtures/bad_knowledge/ is a project's knowledge/ folder broken in the
way its name says; tests/fixtures/good_knowledge/ uses every kind of entry correctly.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import kb as kbmod
from generator import knowledge
from generator.cli import cli

BAD = FIXTURES / "bad_knowledge"
DOCS = "(see docs/knowledge-base.md)"
KINDS = "organization | government | person"
POLICY_KINDS = ("law | regulation | directive | executive-order | export-control | programme | "
                "agreement | code-of-practice | strategy | review")

MESSAGES = {
    "alias-read-as-number": "knowledge/chips.yaml:4: aliases: 2025 is read as a number, not as "
                            "text (put it in quotes: \"2025\")",
    "aliases-as-text": "knowledge/actors.yaml:3: aliases: 'Kernwerk' should be a list "
                       "(write aliases: [Kernwerk])",
    "broken-yaml": "knowledge/actors.yaml:4: broken YAML: expected ',' or ']', but got ':' "
                   "(while parsing a flow sequence at line 3) (check indentation, colons and "
                   "quotes on that line)",
    "country-code-not-iso": "knowledge/countries.yaml:1: code: 'USA' should be a two-letter "
                            "ISO 3166-1 code in capitals such as DE or US (a country's code, "
                            "not its name)",
    "country-code-read-as-false": "knowledge/countries.yaml:1: code: NO is read as false, not "
                                  "as text (put it in quotes: \"NO\")",
    "duplicate-key": "knowledge/actors.yaml:5: duplicate key 'role' (first at line 3) "
                     "(keep one of the two)",
    "empty-alias": "knowledge/actors.yaml:3: aliases: item 2 is empty (write a value, or "
                   "delete it)",
    "empty-name": "knowledge/actors.yaml:3: name: is empty (write a value, or delete it)",
    "entry-not-a-mapping": "knowledge/actors.yaml:3: entry 2 should be a mapping of keys to "
                           "values (write '- name: ...' and the entry's other keys indented "
                           "below it)",
    "extend-unknown-name": "knowledge/actors.yaml:2: 'Open AI Inc' is not in the bundled "
                           "actors.yaml, so 'extend: true' does nothing (did you mean "
                           "'OpenAI'?)",
    "flag-not-true-or-false": f"knowledge/actors.yaml:3: ambiguous: 'sometimes' should be "
                              f"true or false {DOCS}",
    "jurisdiction-not-a-code": "knowledge/policy.yaml:3: jurisdiction: 'Ohio' should be a "
                               "country code such as US or DE, a subdivision code such as "
                               "US-OH, or international (use the ISO 3166 code of the country "
                               "or state)",
    "key-typo": "knowledge/actors.yaml:3: unknown key 'aliasses' (did you mean 'aliases'?)",
    "kind-typo": f"knowledge/actors.yaml:2: kind: 'organisation' is not one of {KINDS} "
                 "(did you mean 'organization'?)",
    "listed-twice": "knowledge/actors.yaml:5: 'Kernwerk systems' is listed twice (first at "
                    "line 1) (merge the two entries)",
    "missing-name": "knowledge/policy.yaml:1: entry 1 has no name (every entry needs "
                    "'name: ...')",
    "not-a-list": "knowledge/media.yaml:1: a knowledge-base file must be a YAML list of "
                  "entries (start each entry with '- name: ...')",
    "not-utf8": "knowledge/actors.yaml:3: not valid UTF-8: byte 0xfc at offset 59 (save the "
                "file as UTF-8 in your editor)",
    "policy-kind-typo": f"knowledge/policy.yaml:2: kind: 'programm' is not one of "
                        f"{POLICY_KINDS} (did you mean 'programme'?)",
    "remove-unknown-name": "knowledge/media.yaml:2: 'Kernwerk Kurier' is not in the bundled "
                           "media.yaml, so 'remove: true' does nothing (check the spelling, "
                           "or delete the entry)",
    "self-alias": "knowledge/actors.yaml:3: broken YAML: *forms refers to another value, and "
                  "aliases are not allowed (write the value out in full)",
    "tag-min-zero": f"knowledge/tags.yaml:3: min: 0 should be at least 1 {DOCS}",
    "unknown-file": "knowledge/actor.yaml: not a knowledge-base file, so briefing does not "
                    "read it (did you mean actors.yaml?)",
    "year-as-text": "knowledge/policy.yaml:4: year: '2024' should be a whole number (write it "
                    "without quotes)",
    "yml-extension": "knowledge/actors.yml: not a knowledge-base file, so briefing does not "
                     "read it (did you mean actors.yaml?)",
}
# The mistakes that change what the knowledge base means, without breaking how it is read:
# check reports them, a build goes on.
ONLY_CHECK = {"extend-unknown-name", "remove-unknown-name", "unknown-file", "yml-extension"}
ARTICLE = ("Kernwerk Systems baut Chipfabrik\nDresden, 02.05.2025\n\nDas Start-up Kernwerk "
           "Systems GmbH investiert 2 Milliarden Euro in Dresden.\n")


def test_every_bad_knowledge_folder_has_a_message() -> None:
    assert {p.name for p in BAD.iterdir()} == set(MESSAGES)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _with_knowledge(project: Path, folder: Path) -> Path:
    shutil.copytree(folder, project / "knowledge")
    os.chdir(project)
    return project


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_check_names_file_line_and_fix(runner: CliRunner, project: Path, name: str) -> None:
    _with_knowledge(project, BAD / name)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stderr == f"error: {MESSAGES[name]}\n1 problem; see the messages above\n"


@pytest.mark.parametrize("name", sorted(set(MESSAGES) - ONLY_CHECK))
def test_extract_stops_at_a_bad_knowledge_file(runner: CliRunner, project: Path,
                                               name: str) -> None:
    _with_knowledge(project, BAD / name)
    (project / "seeds" / "kernwerk.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["extract", "--jobs", "1"])
    assert result.exit_code == 1
    assert result.stderr == f"error: {MESSAGES[name]}\n"
    assert not (project / "briefs" / "kernwerk.md").exists()


def test_check_passes_a_good_knowledge_folder(runner: CliRunner, project: Path) -> None:
    _with_knowledge(project, FIXTURES / "good_knowledge")
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_check_lists_every_problem_of_every_file(project: Path) -> None:
    folder = project / "knowledge"
    for name in ("kind-typo", "year-as-text", "unknown-file"):
        shutil.copytree(BAD / name, folder, dirs_exist_ok=True)
    with (folder / "actors.yaml").open("a") as actors:
        actors.write("- name: Johanna Berndt\n  kind: persn\n  ro: CEO\n")
    os.chdir(project)
    assert [str(problem) for problem in knowledge.check(Path("knowledge"))] == [
        MESSAGES["unknown-file"],
        MESSAGES["kind-typo"],
        f"knowledge/actors.yaml:5: kind: 'persn' is not one of {KINDS} "
        "(did you mean 'person'?)",
        "knowledge/actors.yaml:6: unknown key 'ro' (did you mean 'role'?)",
        MESSAGES["year-as-text"],
    ]


def test_a_good_knowledge_folder_changes_the_knowledge_base() -> None:
    base, ours = kbmod.load(None), kbmod.load(FIXTURES / "good_knowledge")
    assert base.lookup("actor", "Kernwerk Systems") is None
    assert ours.lookup("actor", "Kernwerk Systems") is not None
    assert "Open AI Inc." in (ours.lookup("actor", "OpenAI") or base.entries[0]).aliases
    assert base.lookup("actor", "Screen Holdings") is not None
    assert ours.lookup("actor", "Screen Holdings") is None


def test_a_project_file_keeps_every_bundled_entry(tmp_path: Path) -> None:
    # "1.4nm" and "14nm" fold alike; adding a chip of one's own must keep both.
    (tmp_path / "chips.yaml").write_text("- name: Kernwerk KX1\n  kind: accelerator\n")
    bundled = {e.name for e in kbmod.load(None).entries if e.type == "chip"}
    ours = {e.name for e in kbmod.load(tmp_path).entries if e.type == "chip"}
    assert {"1.4nm", "14nm"} <= bundled
    assert ours == bundled | {"Kernwerk KX1"}


def test_every_file_a_project_may_add_to_has_a_schema() -> None:
    definitions = knowledge.schema()["$defs"]
    assert [name for name in kbmod.FILES if name not in definitions] == []


@pytest.mark.parametrize("path", sorted(knowledge.bundled_folder().glob("*.yaml")),
                         ids=lambda p: p.name)
def test_bundled_file_follows_the_schema(path: Path) -> None:
    assert path.stem in knowledge.schema()["$defs"], (
        f"{path.name} has no schema: add a definition '{path.stem}' to "
        "generator/schema/knowledge.schema.json and document it in docs/knowledge-base.md")
    assert [str(p) for p in knowledge.problems(path, path.stem)] == []


def test_check_reports_an_edited_bundled_file(runner: CliRunner, project: Path,
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = tmp_path / "kb"
    shutil.copytree(knowledge.bundled_folder(), bundled)
    with (bundled / "actors.yaml").open("a") as actors:
        actors.write("- name: Kernwerk Systems\n  kind: organisation\n")
    lines = (bundled / "actors.yaml").read_text().count("\n")
    monkeypatch.setattr(knowledge, "bundled_folder", lambda: bundled)
    os.chdir(project)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {bundled / 'actors.yaml'}:{lines}: kind: 'organisation' is not one of "
        f"{KINDS} (did you mean 'organization'?)\n1 problem; see the messages above\n")


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 3000) | st.floats(allow_nan=False)
    | st.sampled_from(["", "DE", "US-OH", "international", "NO", "organization", "person",
                       "law", "accelerator", "Kernwerk", "DE\n", "2024"]) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3), max_leaves=6)
_KEYS = sorted({key for rule in knowledge.schema()["$defs"].values()
                for key in rule.get("properties", {})} | {"aliasses", "nme"})


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(kbmod.FILES)),
       st.lists(st.dictionaries(st.sampled_from(_KEYS), _VALUES, max_size=5), max_size=3))
def test_quick_check_passes_nothing_the_schema_rejects(name: str,
                                                        entries: list[dict[str, object]],
                                                        ) -> None:
    # jsonschema-rs answers first; a yes from it must be jsonschema's too.
    quick = knowledge._quick_validator(name).is_valid(entries)
    errors = list(knowledge._validator(name).iter_errors(entries))
    assert not (quick and errors)


def test_check_and_extract_read_the_knowledge_folder_they_are_given(
        runner: CliRunner, project: Path, tmp_path: Path) -> None:
    os.chdir(project)
    bad = tmp_path / "bad"
    shutil.copytree(BAD / "kind-typo", bad)
    result = runner.invoke(cli, ["check", "--knowledge", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad / 'actors.yaml'}:2: kind: 'organisation' ")
    good = tmp_path / "good"
    shutil.copytree(FIXTURES / "good_knowledge", good)
    (project / "seeds" / "kernwerk.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["extract", "--jobs", "1", "--knowledge", str(good)])
    assert result.exit_code == 0, result.output
    text = (project / "briefs" / "kernwerk.md").read_text("utf-8")
    assert "- name: Kernwerk Systems\n  kind: organization\n" in text
    assert "confidence: known" in text.split("- name: Kernwerk Systems")[1].split("- name")[0]
