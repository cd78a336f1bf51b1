"""Compiled templates kept between runs (Jinja's bytecode cache in the state folder) give
the same pages as templates compiled afresh, and are loaded instead of compiled."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from conftest import REPO

from generator.briefs import load_all
from generator.render import environment, keep_compiled, pages, render

TEMPLATES = REPO / "templates"


def _fresh_render(kept: Path | None) -> dict[str, str]:
    """Every page of the bundled briefs, from an environment made anew (a new process)."""
    pages._environment.cache_clear()
    if kept is not None:
        keep_compiled(environment(TEMPLATES), kept, "key")
    try:
        return dict(render(load_all(REPO / "briefs").briefs, TEMPLATES))
    finally:
        pages._environment.cache_clear()


def test_pages_from_kept_templates_are_those_compiled_afresh(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = _fresh_render(None)
    first = _fresh_render(tmp_path)  # compiles and keeps them
    assert any(tmp_path.rglob("*.cache"))

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("a kept template was compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    second = _fresh_render(tmp_path)  # loads them
    assert first == plain
    assert second == plain


def test_templates_kept_for_another_key_are_removed(tmp_path: Path) -> None:
    env = jinja2.Environment()
    keep_compiled(env, tmp_path, "one")
    (first,) = tmp_path.iterdir()
    keep_compiled(env, tmp_path, "two")
    (second,) = tmp_path.iterdir()
    assert first != second
