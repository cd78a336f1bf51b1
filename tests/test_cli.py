"""The command line against exact messages (sqlite-utils style)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

COMMANDS = ("extract", "render", "build", "serve", "check", "suggest")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert f"  {command} " in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"briefing {command}" in result.output


def test_outside_a_project_says_where_it_looked(runner: CliRunner, tmp_path: Path) -> None:
    os.chdir(tmp_path)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path.resolve()}: no mkdocs.yml found here or in any parent folder "
        "(run briefing inside a project, or pass --seeds/--briefs/--docs explicitly)\n"
    )


def test_extract_reports_a_bad_seed_and_goes_on(runner: CliRunner, project: Path) -> None:
    (project / "seeds" / "empty.txt").write_text("")
    (project / "seeds" / "good.txt").write_text(
        "Nvidia baut Rechenzentrum\nBerlin, 02.05.2025\n\nNvidia-Chef Jensen Huang kündigte "
        "Investitionen von 2 Milliarden Euro an.\n", encoding="utf-8")
    os.chdir(project)
    result = runner.invoke(cli, ["extract", "--jobs", "1"])
    assert result.exit_code == 1
    assert "error: seeds/empty.txt: empty file (paste the article text or delete the file)\n" \
        in result.stderr
    assert result.stderr.endswith("1 problem; see the messages above\n")
    assert (project / "briefs" / "good.md").is_file()


def test_check_names_file_and_line_of_broken_yaml(runner: CliRunner, project: Path) -> None:
    briefs = project / "briefs"
    briefs.mkdir()
    (briefs / "broken.md").write_text("---\ntitle: ok\nslug: [unclosed\n---\n\nBody\n")
    os.chdir(project)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 1
    assert "error: briefs/broken.md:4: broken YAML: " in result.stderr


def test_check_passes_on_a_fresh_build(runner: CliRunner, project: Path) -> None:
    (project / "seeds" / "a.txt").write_text(
        "TSMC investiert in Dresden\nDresden, 20.08.2024\n\nTSMC-Chef C.C. Wei kam nach "
        "Dresden. Das Werk kostet rund 10 Milliarden Euro.\n", encoding="utf-8")
    os.chdir(project)
    assert runner.invoke(cli, ["extract", "--jobs", "1"]).exit_code == 0
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "check: 1 valid briefs, 0 problems in briefs\n"


FOLDER_FLAGS = {
    "extract": ("seeds", "briefs", "knowledge"), "render": ("briefs", "templates", "docs"),
    "build": ("seeds", "briefs", "templates", "docs", "site", "knowledge"),
    "serve": ("seeds", "briefs", "templates", "docs", "site", "knowledge"),
    "check": ("seeds", "briefs", "templates", "knowledge"), "suggest": ("briefs", "knowledge"),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_the_folder_flags_of_the_folders_it_uses(
        runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    flags = re.findall(r"--(seeds|briefs|templates|docs|site|knowledge) DIRECTORY",
                       result.output)
    assert tuple(flags) == FOLDER_FLAGS[command]


def test_check_reads_the_briefs_folder_it_is_given(runner: CliRunner, project: Path,
                                                   tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "broken.md").write_text("---\ntitle: ok\nslug: [unclosed\n---\n\nBody\n")
    os.chdir(project)
    result = runner.invoke(cli, ["check", "--briefs", str(elsewhere)])
    assert result.exit_code == 1
    assert result.stdout == "check: 0 valid briefs, 1 problems in briefs\n"
    assert result.stderr == (
        f"error: {elsewhere / 'broken.md'}:4: broken YAML: expected ',' or ']', but got "
        "'<stream end>' (while parsing a flow sequence at line 3) (check indentation, colons "
        "and quotes on that line)\n1 problem; see the messages above\n")


@pytest.mark.slow
def test_build_puts_pages_and_site_where_it_is_told(runner: CliRunner, project: Path,
                                                    tmp_path: Path) -> None:
    (project / "seeds" / "a.txt").write_text(
        "TSMC investiert in Dresden\nDresden, 20.08.2024\n\nTSMC-Chef C.C. Wei kam nach "
        "Dresden. Das Werk kostet rund 10 Milliarden Euro.\n", encoding="utf-8")
    os.chdir(project)
    docs, site = tmp_path / "pages", tmp_path / "out"
    shutil.copytree(project / "docs", docs)
    result = runner.invoke(cli, ["build", "--jobs", "1", "--docs", str(docs), "--site",
                                 str(site)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("extract: 1 seeds (1 extracted, 0 cached), 1 briefs written, "
                        "0 unchanged, 0 reviewed (left alone), 0 bad seeds")
    assert re.fullmatch(r"render: 1 briefs, (\d+) pages written, 0 unchanged, 0 removed "
                        r"\(\1 rendered\)", lines[1])
    assert re.fullmatch(rf"site: built {re.escape(str(site))} \(\d+ pages\)", lines[2])
    # one German brief; the English index holds the entity pages (TSMC, C.C. Wei, Dresden)
    assert re.fullmatch(r"search: \d+ pages indexed \(de 1, en \d+\), \d+ files, "
                        r"[\d.]+ MB, largest file \d+ KB", lines[3])
    assert re.fullmatch(r"done in [\d.]+ s \(extract [\d.]+ s, render [\d.]+ s, "
                        r"site [\d.]+ s\)", lines[4])
    assert (site / "briefs" / "a" / "index.html").is_file()
    assert (site / "pagefind" / "de" / "pagefind.js").is_file()
    assert (docs / "briefs" / "a.md").is_file() and not (project / "site").exists()
