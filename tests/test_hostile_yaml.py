"""Hostile YAML is refused, not expanded: aliases, deep nesting, structures under unknown keys
and numbers that are none are path:line errors, and no input gives a traceback.

The commands run in a subprocess with 1 GB of address space: an alias bomb that expands runs
out of it (and fails the test) instead of taking the machine's memory.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.briefs import check_text, load

GOOD = (FIXTURES / "bad_briefs" / "good.md").read_text("utf-8")
EXTRA = "policy: []\n"  # the last key of good.md
FIELDS = "(see docs/brief-format.md for the fields)"
BOMB = ("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"{x}: &{x} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                  for p, x in zip("abcdefgh", "bcdefghi", strict=True)))


def _brief(extra: str) -> str:
    assert EXTRA in GOOD
    return GOOD.replace(EXTRA, EXTRA + extra, 1)


def _line(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _briefing(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    code = "from generator.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=root, capture_output=True,
                          text=True, timeout=300, preexec_fn=_limited, check=False)


@pytest.mark.slow
def test_an_alias_bomb_is_refused_by_check_and_render(project: Path) -> None:
    text = _brief(BOMB)
    assert len(BOMB) < 1024
    (project / "briefs").mkdir()
    (project / "briefs" / "good.md").write_text(text, "utf-8")
    expected = (f"error: briefs/good.md:{_line(text, '*a')}: broken YAML: *a refers to another "
                "value, and aliases are not allowed (write the value out in full)\n")
    for command in ("check", "render"):
        result = _briefing(project, command)
        assert result.returncode == 1, result.stderr[-2000:]
        assert "Traceback" not in result.stderr
        assert expected in result.stderr


@pytest.mark.parametrize(("name", "extra", "needle", "message"), [
    ("deep nesting", "notes: " + "[" * 500 + "]" * 500 + "\n", "[" * 9,
     "broken YAML: nested more than 8 levels deep (flatten this value)"),
    ("deep mappings", "x:\n" + "".join("  " * n + f"k{n}:\n" for n in range(1, 12)), "k8:",
     "broken YAML: nested more than 8 levels deep (flatten this value)"),
    ("merge key alias", "base: &b {path: x}\nother:\n  <<: *b\n", "*b",
     "broken YAML: *b refers to another value, and aliases are not allowed (write the value "
     "out in full)"),
    ("list under an unknown key", "links: [a, b]\n", "links",
     f"links: ['a', 'b'] should be text or a number or true or false or null {FIELDS}"),
    ("mapping under an unknown key", "meta:\n  a: 1\n", "  a: 1",
     f"meta: {{'a': 1}} should be text or a number or true or false or null {FIELDS}"),
    ("nan amount", "", "value: 2000000000",
     "amounts.0.value: .nan is not a number (write the amount in digits, e.g. 2000000000)"),
    ("inf amount", "", "value: 2000000000",
     "amounts.0.value: .inf is not a number (write the amount in digits, e.g. 2000000000)"),
    ("huge amount", "", "value: 2000000000",
     "amounts.0.value: .inf is not a number (write the amount in digits, e.g. 2000000000)"),
])
def test_hostile_front_matter_is_a_path_line_error(name: str, extra: str, needle: str,
                                                   message: str) -> None:
    text = _brief(extra)
    if name.endswith("amount"):
        value = {"nan amount": ".nan", "inf amount": ".inf", "huge amount": "1.0e+999"}[name]
        text = text.replace(needle, f"value: {value}", 1)
        needle = f"value: {value}"
    problems = check_text(text, "briefs/x.md")
    assert [str(p) for p in problems] == [f"briefs/x.md:{_line(text, needle)}: {message}"]


def test_scalars_under_unknown_keys_stay_allowed() -> None:
    text = _brief("source_url: https://example.com/a\nchecked: true\nscore: 2.5\nnothing:\n")
    assert check_text(text, "x.md") == []


YAMLISH = st.text(alphabet=st.sampled_from(list("[]{}:,&*!|>-?'\"#%@` \n\tab1.~=<")),
                  max_size=200)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(head=YAMLISH)
def test_no_front_matter_gives_a_traceback(head: str) -> None:
    brief, problems = load(f"---\n{head}\n---\n\nbody\n", "x.md")
    assert (brief is None) == bool(problems)
    for problem in problems:
        assert str(problem).startswith("x.md")


@settings(max_examples=200, deadline=None)
@given(extra=YAMLISH)
def test_no_extra_key_gives_a_traceback(extra: str) -> None:
    brief, problems = load(_brief("x: " + extra + "\n"), "x.md")
    assert (brief is None) == bool(problems)


def test_the_bomb_in_a_knowledge_file_is_refused(project: Path) -> None:
    from generator.errors import ConfigError
    from generator.knowledge import problems

    (project / "knowledge").mkdir()
    path = project / "knowledge" / "actors.yaml"
    entry = BOMB.replace("a: &a", "aliases: &a", 1)
    path.write_text("- name: x\n" + "".join(f"  {line}\n" for line in entry.splitlines()),
                    "utf-8")
    os.chdir(project)
    found = problems(path, "actors")
    assert found and all(isinstance(p, ConfigError) for p in found)
    assert "refers to another value" in str(found[0])
