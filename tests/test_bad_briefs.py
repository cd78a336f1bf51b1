"""Bad hand edits: 'path:line: message (hint)' for each, nothing overwritten, the rest built.

Each fixture in tests/fixtures/bad_briefs/ is a brief broken in the way its name says;
good.md is the same brief intact. Line numbers count the file's lines from 1, the opening
'---' being line 1.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from generator.briefs import check_text, load_all, read_text
from generator.cli import cli
from generator.errors import BriefError

BAD = FIXTURES / "bad_briefs"
FIELDS = "(see docs/brief-format.md for the fields)"
YAML_HINT = "(check indentation, colons and quotes on that line)"

MESSAGES = {
    "bad-date": "briefs/bad-date.md:5: date: '2025-02-30' is not a real date "
                "(write YYYY-MM-DD or null)",
    "broken-yaml": f"briefs/broken-yaml.md:2: broken YAML: mapping values are not allowed here "
                   f"{YAML_HINT}",
    "duplicate-key": "briefs/duplicate-key.md:25: duplicate key 'title' (first at line 2) "
                     "(keep one of the two entries)",
    "list-as-text": f"briefs/list-as-text.md:11: tags: 'investment' should be a list {FIELDS}",
    "mentions-as-text": "briefs/mentions-as-text.md:16: actors.0.mentions: '2' should be a "
                        f"whole number {FIELDS}",
    "missing-closing-fence": "briefs/missing-closing-fence.md:1: the front-matter has no "
                             "closing '---' line (add a line with just '---' after the last "
                             "YAML key)",
    "missing-key": f"briefs/missing-key.md:2: front-matter: 'language' is missing {FIELDS}",
    "no-front-matter": "briefs/no-front-matter.md:1: a brief must start with a '---' line "
                       "(put the YAML front-matter between two '---' lines at the top)",
    "not-a-mapping": "briefs/not-a-mapping.md:2: the front-matter must be a mapping of keys to "
                     "values (write 'key: value' lines)",
    "not-utf8": "briefs/not-utf8.md:10: not valid UTF-8: byte 0xfc at offset 251 "
                "(save the file as UTF-8 in your editor)",
    "self-alias": "briefs/self-alias.md:11: broken YAML: *t refers to another value, and "
                  "aliases are not allowed (write the value out in full)",
    "unreadable-number": "briefs/unreadable-number.md:2: broken YAML: a value cannot be read "
                         "(invalid literal for int() with base 2: '') (check the values and "
                         "the & and * marks)",
    "tab-indent": "briefs/tab-indent.md:7: broken YAML: found character '\\t' that cannot "
                  f"start any token {YAML_HINT}",
    "unclosed-quote": "briefs/unclosed-quote.md:25: broken YAML: found unexpected end of "
                      f"stream (while scanning a quoted scalar at line 2) {YAML_HINT}",
    "unknown-item-key": f"briefs/unknown-item-key.md:16: actors.0: unknown key 'nme' {FIELDS}",
    "unknown-kind": "briefs/unknown-kind.md:15: actors.0.kind: 'company' is not one of "
                    f"person | organization | country | government {FIELDS}",
    "value-as-text": "briefs/value-as-text.md:20: amounts.0.value: 'zwei Milliarden' should "
                     f"be a number {FIELDS}",
}
ARTICLE = ("Nvidia baut Rechenzentrum in Berlin\nBerlin, 02.05.2025\n\nNvidia-Chef Jensen Huang "
           "kündigte Investitionen von 2 Milliarden Euro an. Die Bundesregierung begrüßt das.\n")


def test_every_bad_brief_has_a_fixture() -> None:
    names = {p.stem for p in BAD.glob("*.md")}
    assert names == {*MESSAGES, "good"}


@pytest.fixture
def project_with_bad_briefs(project: Path) -> Path:
    shutil.copytree(BAD, project / "briefs")
    for name in (*MESSAGES, "good"):  # each brief's seed, changed since the brief was made
        seed = ARTICLE.replace("2 Milliarden", f"{len(name)} Milliarden")
        (project / "seeds" / f"{name}.txt").write_text(seed, "utf-8")
    os.chdir(project)
    return project


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_bad_brief_gives_path_line_message_and_hint(project_with_bad_briefs: Path,
                                                    name: str) -> None:
    path = Path("briefs") / f"{name}.md"
    assert load_all(Path("briefs")).problems  # the folder as a whole is not valid
    try:
        problems = check_text(read_text(path), path)
    except BriefError as exc:  # not even text: the reading error is the message
        problems = [exc]
    assert [str(p) for p in problems] == [MESSAGES[name]]


def test_good_fixture_is_valid() -> None:
    assert check_text((BAD / "good.md").read_text("utf-8"), "good.md") == []


def test_check_lists_every_problem_at_once(project_with_bad_briefs: Path) -> None:
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    errors = [line.removeprefix("error: ") for line in result.stderr.splitlines()
              if line.startswith("error: ")]
    assert errors == [MESSAGES[name] for name in sorted(MESSAGES)]
    assert result.stderr.endswith(f"{len(MESSAGES)} problems; see the messages above\n")


def test_render_stops_with_the_messages(project_with_bad_briefs: Path) -> None:
    result = CliRunner().invoke(cli, ["render"])
    assert result.exit_code == 1
    assert "render: stopped, fix the briefs above (or pass --skip-broken)" in result.stdout
    for message in MESSAGES.values():
        assert f"error: {message}\n" in result.stderr
    assert "Traceback" not in result.output
    assert not (project_with_bad_briefs / "docs" / "briefs").exists()


def test_build_overwrites_no_bad_brief_and_skip_broken_builds_the_rest(
        project_with_bad_briefs: Path) -> None:
    root = project_with_bad_briefs
    before = {p.name: p.read_bytes() for p in (root / "briefs").glob("*.md")}
    result = CliRunner().invoke(cli, ["build", "--jobs", "1"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    after = {p.name: p.read_bytes() for p in (root / "briefs").glob("*.md")}
    assert sorted(after) == sorted(before)  # no brief gained a twin
    for name in MESSAGES:
        assert after[f"{name}.md"] == before[f"{name}.md"], name
    assert not (root / "site").exists()
    result = CliRunner().invoke(cli, ["build", "--jobs", "1", "--skip-broken"])
    assert result.exit_code == 1  # the broken briefs are still reported
    assert (root / "site" / "briefs" / "good" / "index.html").is_file()
    for name in MESSAGES:
        assert not (root / "site" / "briefs" / name).exists()
        assert (root / "briefs" / f"{name}.md").read_bytes() == before[f"{name}.md"]
