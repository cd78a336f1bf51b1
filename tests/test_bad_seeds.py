"""Bad seeds: each gets a one-line message naming the file and what to do; the rest is built.

Small fixtures are committed in tests/fixtures/bad_seeds/ (named after what is wrong with
them); binary and huge ones, the symbolic link loop and the unreadable file are made at test
time. Tests run as root, for whom chmod 000 does not stop reading: unless the test runs as
another user, the unreadable file is simulated by letting reading it fail with EACCES.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from generator import ingest
from generator.cli import cli
from generator.errors import SeedError

BAD = FIXTURES / "bad_seeds"
GOOD_TEXT = (BAD / "Bericht über Chips und Rechenzentren.txt").read_text("utf-8")
HINT_BINARY = "(save the article as .txt or .html)"
HINT_LINK = "(point the link at a real file or delete it)"

ERRORS = {
    "empty.txt": "seeds/empty.txt: empty file (paste the article text or delete the file)",
    "whitespace-only.txt": "seeds/whitespace-only.txt: only whitespace "
                           "(paste the article text or delete the file)",
    "document.pdf": f"seeds/document.pdf: binary file (a PDF document), not article text "
                    f"{HINT_BINARY}",
    "image.png": f"seeds/image.png: binary file (a PNG image), not article text {HINT_BINARY}",
    "invalid-utf8.txt": "seeds/invalid-utf8.txt:4: damaged UTF-8: byte 0xc3 at offset 159 is "
                        "not UTF-8, though the rest of the file is (fix the characters on that "
                        "line, or re-save the file as UTF-8)",
    "huge.txt": "seeds/huge.txt: 20.0 MB is larger than the 5 MB an article may have "
                "(split it into articles or remove it from seeds/)",
    "long-line.txt": "seeds/long-line.txt: a line of 1,048,576 characters; articles have "
                     "paragraphs, not megabyte lines (is this minified or generated data? keep "
                     "only the article text)",
    "unreadable.txt": "seeds/unreadable.txt: cannot read: Permission denied "
                      "(check the file's permissions)",
    "loop.txt": f"seeds/loop.txt: symbolic link loop {HINT_LINK}",
    "dangling.txt": f"seeds/dangling.txt: broken symbolic link to gone.txt {HINT_LINK}",
}
# Read as articles, with a note where the encoding was guessed or the text extracted.
READ = {
    "latin1.txt": "not UTF-8; read as Windows-1252 (Latin-1), re-save as UTF-8 to be sure",
    "windows-1252.txt": "not UTF-8; read as Windows-1252 (Latin-1), re-save as UTF-8 to be sure",
    "utf16-bom.txt": "read as UTF-16 (byte-order mark)",
    "crlf.txt": None,
    "article.html": "article text extracted from HTML",
    "Bericht über Chips und Rechenzentren.txt": None,
}


def _make_bad_seeds(seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copy the committed fixtures and make the binary, huge and unreadable ones."""
    for path in BAD.iterdir():
        if not path.name.startswith("."):
            shutil.copy(path, seeds / path.name)
    (seeds / "document.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)))
    (seeds / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    line = ("Rechenzentrum " * 80 + "\n").encode()
    with (seeds / "huge.txt").open("wb") as handle:
        handle.write(line * (20 * 1024 * 1024 // len(line)))
        handle.write(b"x" * (20 * 1024 * 1024 - handle.tell()))
    (seeds / "long-line.txt").write_text("Eine sehr lange Zeile\n" + "x" * 1024 * 1024 + "\n")
    (seeds / "loop.txt").symlink_to("loop.txt")
    (seeds / "dangling.txt").symlink_to("gone.txt")
    unreadable = seeds / "unreadable.txt"
    unreadable.write_text(GOOD_TEXT, "utf-8")
    unreadable.chmod(0)
    if os.geteuid() == 0:  # root reads it anyway: make reading it fail as it would for users
        read_bytes = Path.read_bytes

        def refuse(self: Path) -> bytes:
            if self.name == "unreadable.txt":
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
            return read_bytes(self)

        monkeypatch.setattr(Path, "read_bytes", refuse)


@pytest.fixture
def seeds(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _make_bad_seeds(project / "seeds", monkeypatch)
    os.chdir(project)
    return project / "seeds"


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_bad_seed_gives_its_one_line_message(seeds: Path, name: str) -> None:
    with pytest.raises(SeedError) as caught:
        ingest.read_seed(seeds / name, seeds.parent)
    assert str(caught.value) == ERRORS[name]
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("name", sorted(READ))
def test_awkward_seed_is_read_with_a_note(seeds: Path, name: str) -> None:
    seed = ingest.read_seed(seeds / name, seeds.parent)
    assert seed.note == READ[name]
    assert "\r" not in seed.text
    assert "Jensen Huang kündigte Investitionen von 2" in seed.text
    assert "begrüßt" in seed.text and "München" in seed.text


def test_html_seed_keeps_the_article_and_drops_the_page_around_it(seeds: Path) -> None:
    text = ingest.read_seed(seeds / "article.html", seeds.parent).text
    assert text.startswith("Nvidia baut Rechenzentrum in München\n")
    assert "Über weitere Details schwieg Nvidia" in text
    for chrome in ("Startseite", "Impressum", "<p>", "<nav>"):
        assert chrome not in text


def test_extract_reports_every_bad_seed_and_builds_the_rest(seeds: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", "--jobs", "1"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {ERRORS[name]}" for name in sorted(ERRORS)]
    assert result.stderr.endswith(f"{len(ERRORS)} problems; see the messages above\n")
    assert f"{len(ERRORS)} bad seeds" in result.stdout
    for name, note in READ.items():
        if note is not None:
            assert f"note: seeds/{name}: {note}\n" in result.stderr
    briefs = sorted(p.name for p in (seeds.parent / "briefs").glob("*.md"))
    assert briefs == ["article.md", "bericht-uber-chips-und-rechenzentren.md", "crlf.md",
                      "latin1.md", "utf16-bom.md", "windows-1252.md"]


def test_an_unreadable_seed_keeps_its_brief(project: Path, monkeypatch: pytest.MonkeyPatch,
                                            ) -> None:
    seed = project / "seeds" / "unreadable.txt"
    seed.write_text(GOOD_TEXT, "utf-8")
    os.chdir(project)
    assert CliRunner().invoke(cli, ["extract", "--jobs", "1"]).exit_code == 0
    brief = project / "briefs" / "unreadable.md"
    before = brief.read_bytes()
    seed.write_bytes(b"%PDF-1.7\n" + bytes(64))  # the seed turns bad: the brief stays as it is
    result = CliRunner().invoke(cli, ["extract", "--jobs", "1"])
    assert result.exit_code == 1
    assert brief.read_bytes() == before


def test_an_unreadable_seed_is_not_pruned(project: Path) -> None:
    seed = project / "seeds" / "bad-later.txt"
    seed.write_text(GOOD_TEXT, "utf-8")
    os.chdir(project)
    assert CliRunner().invoke(cli, ["extract", "--jobs", "1"]).exit_code == 0
    seed.write_bytes(b"")
    result = CliRunner().invoke(cli, ["extract", "--jobs", "1", "--prune"])
    assert result.exit_code == 1
    assert (project / "briefs" / "bad-later.md").is_file()
    assert "orphaned" not in result.stderr


# --- ingest holes (issue 12, item 10) -------------------------------------------------


def _random_bytes_without_nul(size: int = 8192) -> bytes:
    import random

    data = random.Random(12).randbytes(size).replace(b"\x00", b"")
    for magic in (*ingest.MAGIC, *(bom for bom, _codec, _name in ingest.BOMS)):
        assert not data.startswith(magic)
    return data


def test_random_bytes_without_nul_are_no_article(project: Path) -> None:
    seed = project / "seeds" / "noise.txt"
    seed.write_bytes(_random_bytes_without_nul())
    os.chdir(project)
    with pytest.raises(SeedError) as caught:
        ingest.read_seed(seed, project)
    assert str(caught.value) == ("seeds/noise.txt: binary file (control characters), not "
                                 f"article text {HINT_BINARY}")


def test_a_few_form_feeds_and_vertical_tabs_are_still_text(project: Path) -> None:
    seed = project / "seeds" / "word-export.txt"
    seed.write_text(GOOD_TEXT.replace("\n\n", "\n\x0c\n").replace(". ", ".\x0b", 3), "utf-8")
    assert "Jensen Huang" in ingest.read_seed(seed, project).text


def test_a_link_out_of_the_seeds_folder_is_refused(project: Path) -> None:
    outside = project / "private.txt"
    outside.write_text(GOOD_TEXT, "utf-8")
    (project / "seeds" / "passwd.txt").symlink_to("../private.txt")
    (project / "seeds" / "inside.txt").write_text(GOOD_TEXT.replace("2 Milliarden", "3 Mrd."))
    (project / "seeds" / "also-inside.txt").symlink_to("inside.txt")
    os.chdir(project)
    found = ingest.ingest(project / "seeds", project)
    assert [str(p) for p in found.problems] == [
        "seeds/passwd.txt: symbolic link to ../private.txt, outside the seeds folder "
        "(copy the article into the seeds folder instead of linking to it)"]
    assert sorted(s.rel for s in found.seeds) == ["seeds/also-inside.txt", "seeds/inside.txt"]
    assert found.present is not None and "seeds/passwd.txt" in found.present
    result = CliRunner().invoke(cli, ["extract", "--jobs", "1"])
    assert result.exit_code == 1
    assert not (project / "briefs" / "passwd.md").exists()


def test_a_link_to_a_folder_is_reported(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "more-articles"
    elsewhere.mkdir()
    (elsewhere / "a.txt").write_text(GOOD_TEXT, "utf-8")
    (project / "seeds" / "more").symlink_to(elsewhere, target_is_directory=True)
    (project / "seeds" / "good.txt").write_text(GOOD_TEXT, "utf-8")
    os.chdir(project)
    found = ingest.ingest(project / "seeds", project)
    assert [str(p) for p in found.problems] == [
        "seeds/more: symbolic link to a folder; the articles in it are not read "
        "(move or copy them into the seeds folder)"]
    assert [s.rel for s in found.seeds] == ["seeds/good.txt"]


def test_control_characters_in_a_file_name_cannot_forge_a_line(project: Path) -> None:
    name = "x.txt\nerror: forged.txt: \x1b[32mall is well"
    (project / "seeds" / name).write_text("")
    os.chdir(project)
    result = CliRunner().invoke(cli, ["extract", "--jobs", "1"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "error: seeds/x.txt\\nerror: forged.txt: \\x1b[32mall is well: empty file " \
        "(paste the article text or delete the file)" in lines
    assert not any(line.startswith("error: forged.txt") for line in lines)
    assert "\x1b" not in result.output
