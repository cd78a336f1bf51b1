"""briefing suggest: names that rules found in the briefs and the knowledge base does not list.

Each suggestion is a knowledge-base entry (docs/knowledge-base.md) with the forms the name
takes in the briefs as aliases and the briefs it was found in. Written into knowledge/, it is
appended after what is there, never in place of it, so an analyst's entries stay as written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import briefs as briefs_stage
from . import kb as kbmod
from .cache import parse_cache
from .config import Project
from .errors import BriefingError, ConfigError, shown
from .fsutil import write_if_changed
from .knowledge import schema
from .models import Actor, Brief, Chip, Policy

# The lists of a brief, each with the knowledge-base file of the same name, in the order shown.
FILES = ("actors", "policy", "chips")
SHOWN_BRIEFS = 5
HEADER = "# Suggested by briefing suggest from the briefs named: review, edit or delete.\n"

Item = Actor | Chip | Policy


@dataclass(frozen=True)
class Suggestion:
    """A name to add to one knowledge-base file, and the briefs it was found in."""

    file: str  # actors | policy | chips
    entry: dict[str, Any]
    briefs: tuple[Path, ...]


@dataclass
class _Name:
    """Everything the briefs say about one name (folded), gathered brief by brief."""

    spellings: Counter[str] = field(default_factory=Counter)
    files: Counter[str] = field(default_factory=Counter)
    values: dict[str, Counter[str]] = field(default_factory=dict)
    forms: dict[str, None] = field(default_factory=dict)  # other forms, in the order found
    briefs: dict[Path, Brief] = field(default_factory=dict)

    def add(self, file: str, item: Item, path: Path, brief: Brief) -> None:
        self.spellings[item.name] += 1
        self.files[file] += 1
        self.briefs[path] = brief
        for key in ("kind", "role", "org", "vendor", "jurisdiction"):
            value = getattr(item, key, None)
            if isinstance(value, str) and value:
                self.values.setdefault(f"{file} {key}", Counter())[value] += 1

    def most(self, key: str) -> str | None:
        """The value of key given most often for the name in its file, if any."""
        counts = self.values.get(f"{self.file} {key}")
        return min(counts, key=lambda v: (-counts[v], v)) if counts else None

    @property
    def name(self) -> str:
        return min(self.spellings, key=lambda s: (-self.spellings[s], s))

    @property
    def file(self) -> str:
        return min(self.files, key=lambda f: (-self.files[f], FILES.index(f)))


def found_by_rule(item: Item) -> bool:
    """Whether an extracted item says a rule found it (strong or weak), not a known name.

    Items without a confidence were added by hand; older briefs' numbers read as strong or
    weak (briefs.fileformat).
    """
    return item.confidence not in (None, "known")


def _written_names(folder: Path | None) -> set[str]:
    """Names in the project's knowledge/ files, those of removed entries too."""
    names: set[str] = set()
    if folder is None:
        return names
    for name in kbmod.FILES:
        path = folder / f"{name}.yaml"
        if path.is_file():
            for item in yaml.safe_load(path.read_text("utf-8")) or ():
                names.update(kbmod.fold(str(form)) for form in (
                    item.get("name"), item.get("code"), *(item.get("aliases") or ())) if form)
    return names


class _Listed:
    """Whether the knowledge base knows a name: as one of its forms, or matched whole."""

    def __init__(self, knowledge: kbmod.KnowledgeBase, folder: Path | None) -> None:
        self.knowledge = knowledge
        self.forms = _written_names(folder)
        for entry in knowledge.entries:
            self.forms.update(kbmod.fold(form) for form in kbmod.surface_forms(entry))

    def __contains__(self, name: str) -> bool:
        if kbmod.fold(name) in self.forms:
            return True
        # Forms the matcher makes as it goes: genitives ("Nvidias"), inflections.
        return any(m.start == 0 and m.end == len(name) for m in self.knowledge.find(name))


def _initials_fit(short: str, name: str) -> bool:
    """Whether short abbreviates name: its letters, in order, start words of name."""
    initials = "".join(word[0] for word in re.split(r"[\s\-]+", name) if word).lower()
    letters = [c for c in short.lower() if c.isalpha()]
    if len(letters) < 2 or not initials or letters[0] != initials[0]:
        return False
    rest = iter(initials[1:])
    return all(any(c == i for i in rest) for c in letters[1:])


_SHORT = r"([^\W\d_][\w&.\-]{1,11})"


def _forms(name: str, body: str) -> Iterator[str]:
    """Other forms of name in a brief's text: spelt otherwise, or defined in brackets."""
    words = name.split()
    joined = r"[\s\-‐‑]+".join(re.escape(word) for word in words)
    pattern = re.compile(rf"(?<!\w){joined}(?!\w)", re.IGNORECASE)
    for match in pattern.finditer(body):
        form = " ".join(match.group(0).split())
        if form != name and (not form.isupper() or name.isupper()):
            yield form
    literal = re.escape(name)
    for match in re.finditer(rf"(?<!\w){literal}\s*\(\s*{_SHORT}\s*\)|(?<!\w){_SHORT}\s*"
                             rf"\(\s*{literal}\s*\)", body):
        short = match.group(1) or match.group(2)
        if sum(c.isupper() for c in short) >= 2 and _initials_fit(short, name):
            yield short


def _entry(file: str, name: str, found: _Name, aliases: list[str]) -> dict[str, Any] | None:
    """The knowledge-base entry, its keys in the order of the bundled files."""
    definitions = schema()["$defs"]
    definition = definitions[definitions[file]["items"]["$ref"].rpartition("/")[2]]["properties"]
    kind = found.most("kind")
    kinds = definition["kind"]["enum"]
    entry: dict[str, Any] = {"name": name}
    if file == "actors":
        if kind not in kinds:
            return None  # a country (CLDR lists them all) or a kind no entry can have
        entry["kind"] = kind
    elif file == "chips":
        entry["vendor"] = found.most("vendor")
        entry["kind"] = kind if kind in kinds else None
    else:
        entry["kind"] = kind if kind in kinds else None
        jurisdiction = found.most("jurisdiction")
        if jurisdiction and re.fullmatch(definition["jurisdiction"]["pattern"], jurisdiction):
            entry["jurisdiction"] = jurisdiction
    entry["aliases"] = aliases
    if entry.get("kind") == "person":
        entry.update({k: v for k in ("role", "org") if (v := found.most(k))})
    return {k: v for k, v in entry.items() if v is not None or k == "vendor"}


def _gather(loaded: briefs_stage.Loaded, listed: _Listed) -> dict[str, _Name]:
    """Rule-found names that are not listed, by folded name, with their other forms."""
    names: dict[str, _Name] = {}
    for brief in sorted(loaded.briefs, key=lambda b: loaded.paths[b.source.path]):
        path = loaded.paths[brief.source.path]
        for file in FILES:
            for item in getattr(brief, file):
                key = kbmod.fold(item.name)
                if key and found_by_rule(item) and item.name not in listed:
                    names.setdefault(key, _Name()).add(file, item, path, brief)
    for found in names.values():
        for brief in found.briefs.values():
            for form in _forms(found.name, brief.body):
                found.forms.setdefault(form)
    return names


def _join(names: dict[str, _Name]) -> None:
    """A name that is another's form ("OPSB" for "Ohio Power Siting Board") joins that one."""
    owners: dict[str, str] = {}
    for key, found in names.items():
        for form in found.forms:
            other = kbmod.fold(form)
            if other != key and other in names:
                owners.setdefault(other, key)
    for other in sorted(owners):
        key, seen = owners[other], {other}
        while key in owners and key not in seen:  # "OPSB" of "Ohio PSB" of ...: the last
            seen.add(key)
            key = owners[key]
        if key in seen or other not in names or key not in names:
            continue
        joining = names.pop(other)
        names[key].briefs.update(joining.briefs)
        names[key].forms.update(dict.fromkeys(joining.spellings))


def suggest(project: Project, *, min_briefs: int = 1,
            ) -> tuple[list[Suggestion], list[BriefingError]]:
    """Entries for the rule-found names that no entry lists; the unreadable briefs' problems."""
    folder = project.knowledge if project.knowledge.is_dir() else None
    listed = _Listed(kbmod.load(folder), folder)
    loaded = briefs_stage.load_all(project.briefs, cache=parse_cache(project))
    names = _gather(loaded, listed)
    _join(names)
    claimed = set(names)  # an alias goes to the first entry with it, most briefs first
    result = []
    for key in sorted(names, key=lambda k: (-len(names[k].briefs), names[k].name)):
        found = names[key]
        name = found.name
        aliases = []
        for form in (*sorted(found.spellings), *found.forms):
            folded = kbmod.fold(form)
            if form != name and form not in aliases and form not in listed and (
                    folded == key or folded not in claimed):
                aliases.append(form)
                claimed.add(folded)
        entry = _entry(found.file, name, found, aliases)
        if entry is not None and len(found.briefs) >= min_briefs:
            result.append(Suggestion(found.file, entry, tuple(sorted(found.briefs))))
    result.sort(key=lambda s: (FILES.index(s.file), -len(s.briefs), s.entry["name"]))
    return result, list(loaded.problems)


def _where(briefs: tuple[Path, ...]) -> str:
    listed = ", ".join(shown(path) for path in briefs[:SHOWN_BRIEFS])
    more = len(briefs) - SHOWN_BRIEFS
    return f"# found in {listed}{f' and {more} more' if more > 0 else ''}\n"


def entries_text(suggestions: Iterable[Suggestion]) -> str:
    """The suggestions as knowledge-base YAML, each after a comment naming its briefs."""
    text = ""
    for suggestion in suggestions:
        text += _where(suggestion.briefs) + yaml.safe_dump(
            [suggestion.entry], sort_keys=False, allow_unicode=True, width=100,
            default_flow_style=None)
    return text


def text(suggestions: list[Suggestion]) -> str:
    """What briefing suggest prints: per knowledge-base file, its suggested entries."""
    count = len(suggestions)
    out = (f"# {count} name{'s' if count != 1 else ''} found by rules that the knowledge "
           "base does not list.\n")
    if count:
        out += "# Review them, then add them to knowledge/ (briefing suggest --write).\n"
    for file in FILES:
        mine = [s for s in suggestions if s.file == file]
        if mine:
            out += f"\n# knowledge/{file}.yaml\n{entries_text(mine)}"
    return out


def write_entries(suggestions: list[Suggestion], folder: Path) -> dict[Path, int]:
    """Append the suggestions to the files of folder (created if need be); entries per file.

    Nothing there is rewritten: the new entries go after the last line. If any file would
    not read back as its old entries plus the new ones, no file is written.
    """
    texts: dict[Path, tuple[str, int]] = {}
    for file in FILES:
        mine = [s for s in suggestions if s.file == file]
        if not mine:
            continue
        path = folder / f"{file}.yaml"
        old = path.read_text("utf-8") if path.is_file() else \
            f"# Project {file}: see docs/knowledge-base.md for the fields.\n"
        before = yaml.safe_load(old) or []
        if old and not old.endswith("\n"):
            old += "\n"
        new = f"{old}\n{HEADER}{entries_text(mine)}"
        try:
            after = yaml.safe_load(new)
        except yaml.YAMLError:
            after = None
        if not isinstance(after, list) or after[:len(before)] != before \
                or len(after) != len(before) + len(mine):
            raise ConfigError("cannot add entries after the last one", path=path,
                              hint="write the file as a list of '- name: ...' entries, "
                                   "or add the suggestions by hand")
        texts[path] = new, len(mine)
    for path, (new, _count) in texts.items():
        write_if_changed(path, new)
    return {path: count for path, (_new, count) in texts.items()}
