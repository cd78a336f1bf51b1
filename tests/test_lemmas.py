"""simplemma's answers from its tries cached on disk (generator/lemmas.py) are its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import simplemma
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import lemmas

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _same(word: str) -> None:
    for lang in ("de", "en"):
        assert lemmas.is_known(word, lang) == simplemma.is_known(word, lang=lang), (word, lang)
        assert lemmas.lemmatize(word, lang) == simplemma.lemmatize(word, lang=lang), (word, lang)


def test_every_word_of_the_bundled_seeds_gets_simplemmas_answer() -> None:
    words = {w for seed in sorted(SEEDS.glob("*.txt"))
             for w in WORD.findall(seed.read_text("utf-8"))}
    assert len(words) > 1000
    for word in sorted(words):
        _same(word)
        _same(word.lower())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPRSTUVWZÄÖÜé-'",
               min_size=1, max_size=14))
def test_any_word_gets_simplemmas_answer(word: str) -> None:
    _same(word)


def test_a_trie_is_cached_whole_and_read_back(tmp_path: Path) -> None:
    built = lemmas.trie_factory(tmp_path).get_dictionary("en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en.dic"]  # no temporary file left
    again = lemmas.trie_factory(tmp_path).get_dictionary("en")
    for word in ("centre", "running", "data", "xyzzy"):
        assert again.get(word) == built.get(word)
    assert again.get("running") == "run"


@pytest.mark.skipif(not Path("/proc/1").is_dir(), reason="needs a folder nobody writes to")
def test_a_cache_folder_that_takes_no_files_is_not_used(tmp_path: Path) -> None:
    assert lemmas._writable(tmp_path / "not" / "yet")
    assert not lemmas._writable(Path("/proc/1"))
