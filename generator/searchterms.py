"""Extra search forms of a brief's words: lemmas, and the other spelling of English words.

Pagefind stems each word with the stemmer of the brief's language, which does not join every
form of a word (German "Rechenzentren" and "Rechenzentrum" keep different stems), and no
stemmer joins British and American spellings ("centre", "center"). A brief's page therefore
carries, in a hidden search field, the lemma of each of its words where it differs
(simplemma's dictionaries) and, for English, the other spelling of words that have one
(generator/data/spelling.yaml). Pure: text in, words out.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import yaml

from . import lemmas

# Words of three letters or more; digits, and the parts of a hyphenated word, stand apart
# (Pagefind indexes "KI-Rechenzentren" as its parts too).
WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class SpellingRule:
    """A pair of word endings, British and American, and the letters a word needs before it."""

    british: str
    american: str
    stem: int = 2


@functools.cache
def spelling_rules() -> tuple[SpellingRule, ...]:
    """The rules shipped in generator/data/spelling.yaml."""
    text = resources.files("generator").joinpath("data/spelling.yaml").read_text("utf-8")
    return tuple(SpellingRule(str(r["british"]), str(r["american"]), int(r.get("stem", 2)))
                 for r in yaml.safe_load(text) or [])


def _known(word: str) -> bool:
    return lemmas.is_known(word, "en")


@functools.lru_cache(maxsize=65_536)
def other_spellings(word: str) -> tuple[str, ...]:
    """The American spelling of a British word and the other way round, when the English
    dictionary knows it: centre -> center, organize -> organise, four -> (none)."""
    lower = word.lower()
    out: list[str] = []
    for rule in spelling_rules():
        for ending, other in ((rule.british, rule.american), (rule.american, rule.british)):
            if lower.endswith(ending) and len(lower) - len(ending) >= rule.stem:
                candidate = lower[: len(lower) - len(ending)] + other
                if candidate not in out and _known(candidate):
                    out.append(candidate)
    return tuple(out)


@functools.lru_cache(maxsize=262_144)
def _lemma(word: str, language: str) -> str:
    try:
        return lemmas.lemmatize(word, language)
    except (ValueError, KeyError):  # a language simplemma has no dictionary for
        return word


def word_forms(word: str, language: str) -> tuple[str, ...]:
    """Search forms of one lower-case word besides itself: its lemma where it differs and,
    in English, the other spelling of the word and of its lemma."""
    cache = _FORMS.setdefault(language, {})
    forms = cache.get(word)
    if forms is None:
        lemma = _lemma(word, language).lower()
        found = [lemma] if lemma != word else []
        if language == "en":
            for base in dict.fromkeys((word, lemma)):
                found.extend(other_spellings(base))
        forms = cache[word] = tuple(dict.fromkeys(found))
    return forms


# Forms by language and word: a dictionary rather than lru_cache, whose call costs more than
# the look-up (tens of thousands of words per second of rendering).
_FORMS: dict[str, dict[str, tuple[str, ...]]] = {}


def forms_key() -> str:
    """A digest of what word_forms() answers from: this module, the spelling rules and
    simplemma's version (a memo of its answers is good while this stays the same)."""
    digest = hashlib.sha256(f"simplemma {metadata.version('simplemma')}\n".encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(resources.files("generator").joinpath("data/spelling.yaml").read_bytes())
    return digest.hexdigest()


def known_forms() -> dict[str, dict[str, tuple[str, ...]]]:
    """The forms word_forms() has answered in this process, by language and word."""
    return {language: dict(words) for language, words in _FORMS.items()}


def learn(forms: Mapping[str, Mapping[str, Sequence[str]]]) -> None:
    """Take word_forms() answers kept from an earlier run (same forms_key()) as known, so
    that words seen before need no dictionary: loading simplemma's dictionaries of two
    languages costs seconds, which an edit of one brief would otherwise pay every time."""
    for language, words in forms.items():
        known = _FORMS.setdefault(language, {})
        for word, found in words.items():
            known.setdefault(word, tuple(found))


def extra_forms(text: str, language: str) -> list[str]:
    """The lower-case forms that the words of text lack, in the order of their first word:
    lemmas and, in English, other spellings; each once, none that the text already has."""
    words = dict.fromkeys(WORD.findall(text.lower()))
    out: dict[str, None] = {}
    for word in words:
        for form in word_forms(word, language):
            if form not in words:
                out[form] = None
    return list(out)
