"""simplemma's dictionaries, loaded in milliseconds instead of seconds.

simplemma decodes a language's whole dictionary in every process that asks it a first
question: about a second for German, which a build pays again for one changed seed (the
extractor) or one new word on a page (the search word forms). Its TrieDictionaryFactory
builds a MARISA trie from the same data once per machine (a few seconds, kept in the user's
cache folder, e.g. ~/.cache/simplemma/marisa_trie/<version>/) and maps it in later runs.
The answers are simplemma's: the same dictionaries and lookups, read from another store.

Without marisa-trie, or where the cache folder takes no files, simplemma's own dictionaries
answer, as before.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from .fsutil import write_if_changed

LANGUAGES = ("de", "en")


def trie_factory(folder: Path | None = None) -> Any:
    """simplemma's trie factory (keeping its tries in folder, default its user cache folder),
    writing each trie atomically; ImportError without marisa-trie."""
    from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory

    class _AtomicTries(TrieDictionaryFactory):
        """Writes each trie to a temporary file first: processes that build the same
        language at once never read a half-written one."""

        def _write_trie_to_disk(self, lang: str, trie: Any) -> None:
            write_if_changed(self._cache_dir / f"{lang}.dic", trie.tobytes(), durable=False)

    return _AtomicTries(disk_cache_dir=str(folder) if folder is not None else None)


def _writable(folder: Path) -> bool:
    """Whether folder, or the nearest folder above it that exists, takes new files."""
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return os.access(folder, os.W_OK | os.X_OK)


@cache
def _factory() -> Any:
    """The trie factory where its tries are cached or can be; else simplemma's default one
    (without marisa-trie, or with a cache folder that takes no files: a trie built in every
    process would cost more than the dictionary it replaces)."""
    from simplemma.strategies import DEFAULT_DICTIONARY_FACTORY

    try:
        factory = trie_factory()
    except ImportError:
        return DEFAULT_DICTIONARY_FACTORY
    folder = Path(factory._cache_dir)
    cached = all((folder / f"{lang}.dic").is_file() for lang in LANGUAGES)
    return factory if cached or _writable(folder) else DEFAULT_DICTIONARY_FACTORY


@cache
def _strategies() -> tuple[Any, Any]:
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy

    factory = _factory()
    return (DictionaryLookupStrategy(factory),
            Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory)))


def is_known(token: str, lang: str) -> bool:
    """simplemma.is_known(token, lang)."""
    from simplemma.utils import normalize_token, validate_lang_input

    if not isinstance(token, str):
        raise TypeError("wrong input type, expected string")
    if not token:
        raise ValueError("empty input")
    lookup, _lemmatizer = _strategies()
    token = normalize_token(token)
    return any(lookup.get_lemma(token, code) is not None for code in validate_lang_input(lang))


def lemmatize(token: str, lang: str) -> str:
    """simplemma.lemmatize(token, lang)."""
    _lookup, lemmatizer = _strategies()
    return str(lemmatizer.lemmatize(token, lang))


def prepare() -> None:
    """Build (or check) the cached tries of both languages, e.g. once at install."""
    for lang in LANGUAGES:
        _factory().get_dictionary(lang)
