"""The render stage's memo of search word forms, kept in the state folder between runs.

The brief pages carry the lemmas and other spellings of their words (searchterms.py), which
take simplemma's dictionaries: seconds to load per language, in every process that renders
a brief page. The forms found are kept (.briefing/word-forms.json, valid while
searchterms.forms_key() is the same), so that a run which renders pages of words seen
before loads no dictionary. The memo only answers what searchterms would work out itself.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import searchterms
from ..fsutil import write_if_changed

FORMS_FILE = "word-forms.json"


def _count(forms: dict[str, dict[str, tuple[str, ...]]]) -> int:
    return sum(len(words) for words in forms.values())


def load_forms(state: Path) -> int:
    """Teach searchterms the forms the last run kept; how many words it knew."""
    try:
        data = json.loads((state / FORMS_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return 0
    if not isinstance(data, dict) or data.get("key") != searchterms.forms_key():
        return 0
    forms = data.get("forms")
    if not isinstance(forms, dict) or not all(
            isinstance(words, dict) and all(isinstance(found, list) for found in words.values())
            for words in forms.values()):
        return 0
    searchterms.learn(forms)
    return _count(searchterms.known_forms())


def save_forms(state: Path, known: int) -> None:
    """Keep the forms worked out so far for the next run, when there are new ones."""
    forms = searchterms.known_forms()
    if _count(forms) == known:
        return
    data = {"key": searchterms.forms_key(),
            "forms": {language: dict(sorted(words.items()))
                      for language, words in sorted(forms.items())}}
    state.mkdir(parents=True, exist_ok=True)
    write_if_changed(state / FORMS_FILE, json.dumps(data, ensure_ascii=False,
                                                    separators=(",", ":")) + "\n",
                     durable=False)
