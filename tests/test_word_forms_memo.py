"""The render stage's memo of search word forms (.briefing/word-forms.json) answers what
searchterms works out from simplemma's dictionaries, and spares loading them for words
seen before."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, make_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import searchterms
from generator.config import load_project
from generator.pipeline import run
from generator.render import FORMS_FILE, load_forms, save_forms

WORDS = ["Rechenzentren", "Rechenzentrum", "Chipfabriken", "Halbleiter", "Exportkontrollen",
         "investiert", "centres", "center", "organisations", "labour", "hours", "four",
         "builds", "plants", "Nvidia", "über", "Straße", "KI-Rechenzentren", "colour"]
texts = st.lists(st.lists(st.one_of(
    st.sampled_from(WORDS), st.text(st.characters(whitelist_categories=("Ll", "Lu")),
                                    min_size=3, max_size=10)), max_size=8).map(" ".join),
    max_size=5)


@contextlib.contextmanager
def fresh_forms() -> Iterator[None]:
    """searchterms as in a new process (nothing worked out yet); restored afterwards."""
    kept = searchterms._FORMS.copy()
    searchterms._FORMS.clear()
    try:
        yield
    finally:
        searchterms._FORMS.clear()
        searchterms._FORMS.update(kept)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seen=texts, later=texts, language=st.sampled_from(["de", "en", "xx"]))
def test_forms_from_the_memo_are_those_worked_out(tmp_path_factory: pytest.TempPathFactory,
                                                   seen: list[str], later: list[str],
                                                   language: str) -> None:
    state = tmp_path_factory.mktemp("state")
    with fresh_forms():
        plain = [searchterms.extra_forms(text, language) for text in [*seen, *later]]
    with fresh_forms():  # a first run sees some texts and keeps their forms...
        for text in seen:
            searchterms.extra_forms(text, language)
        save_forms(state, 0)
    with fresh_forms():  # ...the next starts from them
        load_forms(state)
        memo = [searchterms.extra_forms(text, language) for text in [*seen, *later]]
    assert memo == plain


def test_words_seen_before_need_no_dictionary(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    with fresh_forms():
        expected = searchterms.extra_forms("Neue Rechenzentren in Hessen", "de")
        save_forms(tmp_path, 0)
    with fresh_forms():
        assert load_forms(tmp_path) == 3  # neue, rechenzentren, hessen

        def no_dictionary(word: str, language: str) -> str:
            raise AssertionError(f"looked up {word!r} in the dictionary")

        monkeypatch.setattr(searchterms, "_lemma", no_dictionary)
        assert searchterms.extra_forms("Neue Rechenzentren in Hessen", "de") == expected


def test_a_memo_of_other_code_is_not_used(tmp_path: Path) -> None:
    with fresh_forms():
        searchterms.extra_forms("Rechenzentren", "de")
        save_forms(tmp_path, 0)
    path = tmp_path / FORMS_FILE
    data = json.loads(path.read_text("utf-8"))
    data["key"] = "0" * 64
    data["forms"]["de"]["rechenzentren"] = ["wrong"]
    path.write_text(json.dumps(data), "utf-8")
    with fresh_forms():
        assert load_forms(tmp_path) == 0
        assert searchterms.extra_forms("Rechenzentren", "de") == ["rechenzentrum"]


def test_a_broken_memo_is_not_used(tmp_path: Path) -> None:
    (tmp_path / FORMS_FILE).write_text('{"key": "', "utf-8")
    with fresh_forms():
        assert load_forms(tmp_path) == 0


def test_render_keeps_the_forms_in_the_state_folder(tmp_path: Path) -> None:
    seed = (REPO / "seeds" / "de_01_telekom_ki_cloud.txt").read_text("utf-8")
    root = make_project(tmp_path / "p", {"de_01.txt": seed})
    project = load_project(root)
    assert run(project, do_site=False, jobs=1).ok
    data = json.loads((project.state / FORMS_FILE).read_text("utf-8"))
    assert data["key"] == searchterms.forms_key()
    assert len(data["forms"]["de"]) > 50
