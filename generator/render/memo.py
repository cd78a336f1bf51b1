"""The render stage's memos, kept in the state folder between runs: search word forms and
what the knowledge base says of the names on the pages.

The brief pages carry the lemmas and other spellings of their words (searchterms.py), which
take simplemma's dictionaries: seconds to load per language, in every process that renders
a brief page. The forms found are kept (.briefing/word-forms.json, valid while
searchterms.forms_key() is the same), so that a run which renders pages of words seen
before loads no dictionary. The memo only answers what searchterms would work out itself.

The model (model.py) asks the knowledge base for each entity's kind and other names; loading
it takes a second or two. KnownNames keeps its answers (.briefing/kb-names.json, valid while
the knowledge base and the code that reads it are the same: the extraction fingerprint), so
that a render of names seen before loads no knowledge base.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import searchterms
from ..fsutil import write_if_changed

if TYPE_CHECKING:
    from ..kb import KnowledgeBase

FORMS_FILE = "word-forms.json"
NAMES_FILE = "kb-names.json"


def read_memo(path: Path) -> Any:
    """The JSON a memo file holds, or None when it is missing or unreadable (worked out again)."""
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def write_memo(path: Path, data: Any) -> None:
    """Keep a memo for the next run (compact JSON; the folder made when missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_if_changed(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                     durable=False)


def _count(forms: dict[str, dict[str, tuple[str, ...]]]) -> int:
    return sum(len(words) for words in forms.values())


def load_forms(state: Path) -> int:
    """Teach searchterms the forms the last run kept; how many words it knew."""
    data = read_memo(state / FORMS_FILE)
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
    write_memo(state / FORMS_FILE, data)


@dataclass(frozen=True)
class Known:
    """What the model uses of a knowledge-base entry."""

    kind: str | None
    aliases: tuple[str, ...]


class KnownNames:
    """The knowledge base's lookup() as the model uses it, answered from what earlier runs
    kept; the knowledge base is loaded (load()) only for a name not asked about before."""

    def __init__(self, state: Path, key: str, load: Callable[[], KnowledgeBase]) -> None:
        self.path = state / NAMES_FILE
        self.key = key
        self._load = load
        self._kb: KnowledgeBase | None = None
        self.known: dict[tuple[str, str], Known | None] = {}
        self._new = False
        data = read_memo(self.path)
        if isinstance(data, dict) and data.get("key") == key \
                and isinstance(data.get("names"), list):
            self.known = dict(_entries(data["names"]))

    def lookup(self, type_: str, name: str) -> Known | None:
        """kind and aliases of the entry of this type named name, or None (kb.lookup)."""
        found = self.known.get((type_, name), False)
        if found is not False:
            return found  # type: ignore[return-value]
        if self._kb is None:
            self._kb = self._load()
        entry = self._kb.lookup(type_, name)
        known = Known(entry.kind, tuple(entry.aliases)) if entry is not None else None
        self.known[(type_, name)] = known
        self._new = True
        return known

    def save(self) -> None:
        """Keep the answers for the next run, when there are new ones."""
        if not self._new:
            return
        names = [[t, n, None if k is None else [k.kind, list(k.aliases)]]
                 for (t, n), k in sorted(self.known.items())]
        write_memo(self.path, {"key": self.key, "names": names})
        self._new = False


def _entries(rows: list[Any]) -> Iterator[tuple[tuple[str, str], Known | None]]:
    """(type, name) and Known (or None) of each well-formed row of a kept memo."""
    for row in rows:
        if not (isinstance(row, list) and len(row) == 3 and isinstance(row[0], str)
                and isinstance(row[1], str)):
            continue
        found = row[2]
        if found is None:
            yield (row[0], row[1]), None
        elif isinstance(found, list) and len(found) == 2 \
                and (found[0] is None or isinstance(found[0], str)) \
                and isinstance(found[1], list) and all(isinstance(a, str) for a in found[1]):
            yield (row[0], row[1]), Known(found[0], tuple(found[1]))
