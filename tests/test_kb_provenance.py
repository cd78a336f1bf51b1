"""No name from the open-world development sets may enter the bundled knowledge base.

The development sets ../shared/eval/dev-openworld and ../shared/eval/dev-real (beside the
repository) measure how extraction copes with names it does not know; a name of theirs added
to generator/data/kb/ would make it pass without the general mechanism. Their gold names and
aliases are compared, folded as the knowledge base folds names, with the names in the bundled
files: entries' names, aliases, capitals and adjectives; in the word lists (roles.yaml,
names.yaml, first_names.txt ...) only capitalised names of more than one word, since a list
may hold ordinary words and phrases ("Senate", "county board") that are also gold aliases.

regions.yaml is not compared: it lists every ISO 3166-2 subdivision of the countries it
covers (tests/extraction/test_places.py checks the codes and the count per country), so its
names (Thüringen, Baden-Württemberg) are an enumeration, not names picked from articles, and
they are places, never matched as actors.

Names that were in the knowledge base before (commit cc751f5: real public bodies and places
that the development articles also name) are listed in tests/kb_dev_names_allowed.txt,
generated once by running this file: ``python tests/test_kb_provenance.py cc751f5``. Do not
add to it; a new overlap is a name to take out of the knowledge base again.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.kb import fold

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"
SETS = ("dev-openworld", "dev-real")
KB = "generator/data/kb"
ALLOWED = Path(__file__).resolve().parent / "kb_dev_names_allowed.txt"
NAME_KEYS = ("name", "aliases", "capitals", "adjectives")
COMPLETE_LISTS = ("regions.yaml",)  # every subdivision of its countries: see the docstring


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def kb_names(files: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(file, name) for the names in knowledge-base files given as (file name, text)."""
    for file, text in files:
        if file.endswith(".txt"):
            data: Any = [line.strip() for line in text.splitlines()
                         if line.strip() and not line.startswith("#")]
        else:
            data = yaml.safe_load(text)
        if isinstance(data, list) and all(isinstance(item, dict) for item in data):
            for item in data:
                for key in NAME_KEYS:
                    yield from ((file, name) for name in _strings(item.get(key)))
        else:  # a word list: only what has a name's shape, not an ordinary word or phrase
            yield from ((file, name) for name in _strings(data)
                        if len(name.split()) > 1 and name[:1].isupper())


def gold_names(eval_folder: Path) -> set[str]:
    """Folded names and aliases of the gold actors, chips and policy instruments."""
    names: set[str] = set()
    for name in SETS:
        for path in sorted((eval_folder / name / "gold").glob("*.yaml")):
            gold = yaml.safe_load(path.read_text("utf-8")) or {}
            for key in ("actors", "chips", "policy"):
                for item in gold.get(key) or ():
                    names.update(fold(str(form)) for form in
                                 (item.get("name"), *(item.get("aliases") or ())) if form)
    names.discard("")
    return names


def _bundled_files() -> Iterator[tuple[str, str]]:
    for path in sorted((REPO / KB).iterdir()):
        if path.suffix in (".yaml", ".txt") and path.name not in COMPLETE_LISTS:
            yield path.name, path.read_text("utf-8")


def _files_at(commit: str) -> Iterator[tuple[str, str]]:
    listing = subprocess.run(["git", "-C", str(REPO), "ls-tree", "--name-only", commit,
                              f"{KB}/"], check=True, capture_output=True, text=True).stdout
    for path in sorted(listing.split()):
        if path.endswith((".yaml", ".txt")):
            text = subprocess.run(["git", "-C", str(REPO), "show", f"{commit}:{path}"],
                                  check=True, capture_output=True, text=True).stdout
            yield Path(path).name, text


def _allowed() -> set[str]:
    lines = ALLOWED.read_text("utf-8").splitlines()
    return {fold(line) for line in lines if line.strip() and not line.startswith("#")}


def _require_sets(folder: Path) -> None:
    if not all((folder / name / "gold").is_dir() for name in SETS):
        pytest.skip(f"the development sets are not beside the repository ({folder}); "
                    "they are not part of a clone")


def test_no_development_name_is_in_the_knowledge_base() -> None:
    _require_sets(EVAL)
    gold, allowed = gold_names(EVAL), _allowed()
    new = sorted({f"{KB}/{file}: {name}" for file, name in kb_names(_bundled_files())
                  if fold(name) in gold and fold(name) not in allowed})
    assert not new, ("names from ../shared/eval/dev-openworld or dev-real are in the knowledge "
                     "base; take them out (build the mechanism instead):\n" + "\n".join(new))


def test_the_check_finds_a_development_name(tmp_path: Path) -> None:
    gold_file = tmp_path / "dev-real" / "gold" / "x.gold.yaml"
    gold_file.parent.mkdir(parents=True)
    gold_file.write_text("actors:\n  - name: Kaveri Cell Systems\n    aliases: [Kaveri]\n"
                         "policy:\n  - name: Ohio Broadband Act\n")
    gold = gold_names(tmp_path)
    files = [("actors.yaml", "- name: Nordkap Capital\n  aliases: [KAVERI]\n"),
             ("policy.yaml", "- name: Ohio-Broadband Act\n"),
             ("names.yaml", "heads: [Kaveri, Ohio Broadband Act, ohio broadband act]\n"),
             ("first_names.txt", "# given names\nKaveri\n")]
    found = [(file, name) for file, name in kb_names(files) if fold(name) in gold]
    assert found == [("actors.yaml", "KAVERI"), ("policy.yaml", "Ohio-Broadband Act"),
                     ("names.yaml", "Ohio Broadband Act")]


def test_without_the_development_sets_the_check_is_skipped(tmp_path: Path) -> None:
    with pytest.raises(pytest.skip.Exception, match="not beside the repository"):
        _require_sets(tmp_path / "shared" / "eval")


if __name__ == "__main__":
    # The allow-list: names of the knowledge base at a commit that the development sets hold.
    at = sys.argv[1] if len(sys.argv) > 1 else "cc751f5"
    development = gold_names(EVAL)
    overlap = {fold(name): name for _file, name in kb_names(_files_at(at))
               if fold(name) in development}
    print(f"# Names in generator/data/kb/ at commit {at} that the development sets\n"
          "# dev-openworld and dev-real also hold (tests/test_kb_provenance.py). Generated once:\n"
          f"#   python tests/test_kb_provenance.py {at}\n"
          "# Do not add to this list.")
    for key in sorted(overlap):
        print(overlap[key])
