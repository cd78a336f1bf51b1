"""The knowledge base: curated actors, countries, chips and policy instruments, matched fast.

The bundled YAML files live in generator/data/kb/; a project adds to or overrides them with
YAML files of the same names in its knowledge/ folder (see docs/knowledge-base.md).
"""

from __future__ import annotations

import contextlib
import itertools
import pickle
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml
from babel import Locale

from .errors import ConfigError
from .extraction.scan import Hit, Vocabulary, lower

if TYPE_CHECKING:  # places imports this module: imported where used
    from .extraction.places import Gazetteer

FILES = ("actors", "countries", "chips", "policy", "media", "places", "tags", "regions", "cities")
# CLDR territory codes that are groupings, not countries.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AQ", "BV", "HM", "UM", "TF", "IO"}
SUFFIX_AFTER = ("s",)  # German genitive: Nvidias, Chinas, TSMCs


@dataclass(frozen=True)
class Entry:
    """One thing the knowledge base knows: an actor, chip or policy instrument."""

    name: str
    type: str  # actor | chip | policy | media
    kind: str | None = None
    aliases: tuple[str, ...] = ()
    role: str | None = None
    org: str | None = None
    vendor: str | None = None
    jurisdiction: str | None = None
    category: str | None = None
    ambiguous: bool = False
    code: str | None = None


class Match(NamedTuple):
    """A knowledge-base entry found in a text."""

    start: int
    end: int
    entry: Entry
    surface: str


# A target of a keyword: the entry's index, the form as written and where the form stood
# among all forms of the same lower-case keyword (ties between matches go to the first).
_Target = tuple[int, str, int]
Hits = tuple[list[Hit], list[Hit]]  # keywords() found in lower(text), and in text


@dataclass(eq=False)
class KnowledgeBase:
    """All entries plus Aho-Corasick keywords over their surface forms."""

    entries: list[Entry]
    data: dict[str, Any] = field(default_factory=dict)
    _by_name: dict[tuple[str, str], Entry] = field(default_factory=dict)
    _countries: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    # Forms found in lower case, then checked for case: keyword, its targets.
    _loose: list[tuple[str, tuple[_Target, ...]]] = field(
        default_factory=list, init=False, repr=False)
    # Forms that must match exactly ("MIT" is not the German "Mit"), found as written:
    # form, its lower-case keyword, its targets.
    _exact: list[tuple[str, str, tuple[_Target, ...]]] = field(
        default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name = {(e.type, fold(e.name)): e for e in self.entries}
        keys: dict[str, list[tuple[int, str, bool]]] = {}
        for index, entry in enumerate(self.entries):
            for form in surface_forms(entry):
                strict = entry.ambiguous or (form.isupper() and any(c.isalpha() for c in form))
                keys.setdefault(form.lower(), []).append((index, form, strict))
                if strict and not entry.ambiguous and form.isalpha() and len(form) >= 4:
                    # An acronym written as a word: "Nato", "Opec", "Asean".
                    keys[form.lower()].append((index, form.capitalize(), True))
        exact: dict[str, tuple[str, list[_Target]]] = {}
        for key, targets in keys.items():
            if len(key) != len(key.lower()):
                continue
            loose = tuple((i, form, order) for order, (i, form, strict) in enumerate(targets)
                          if not strict)
            if loose:
                self._loose.append((key, loose))
            for order, (i, form, strict) in enumerate(targets):
                if strict:
                    exact.setdefault(form, (key, []))[1].append((i, form, order))
        self._exact = [(form, key, tuple(targets)) for form, (key, targets) in exact.items()]

    def keywords(self) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        """Keywords to find in lower(text), and in text as written, for find(text, hits)."""
        return ([(key, number) for number, (key, _targets) in enumerate(self._loose)],
                [(form, number) for number, (form, _key, _t) in enumerate(self._exact)])

    @cached_property
    def _vocabularies(self) -> tuple[Vocabulary, Vocabulary]:
        """Its own keywords, for a find() without hits."""
        loose, exact = self.keywords()
        return Vocabulary({"kb": loose}), Vocabulary({"kb": exact})

    @cached_property
    def places(self) -> Gazetteer:
        """Countries, regions and cities of this knowledge base's data, and their adjectives."""
        from .extraction import places

        return places.from_sources(self.data)

    def country_of(self, entry: Entry) -> str | None:
        """The country a government entry belongs to, read from its names ("US Congress")."""
        cached = self._countries.get(entry.name)
        if cached is None:
            cached = self._countries[entry.name] = _country_in(entry) or ""
        return cached or None

    def lookup(self, type_: str, name: str) -> Entry | None:
        """The entry of the given type whose canonical name folds to name."""
        return self._by_name.get((type_, fold(name)))

    def find(self, text: str, hits: Hits | None = None) -> list[Match]:
        """Longest non-overlapping entries in text, checked for case and word boundaries."""
        # hits: the keywords() in lower(text) and in text, when a pass shared with other
        # stages has found them already.
        lowered = lower(text)
        if hits is None:
            loose_vocabulary, exact_vocabulary = self._vocabularies
            hits = loose_vocabulary.find(lowered)["kb"], exact_vocabulary.find(text)["kb"]
        size = len(text)
        # (start, start - stop, end, order, stop, entry): sorted, the longest match at each
        # start comes first, and of equal ones the one the keyword lists first.
        found: list[tuple[int, int, int, int, int, int]] = []
        for start, end, number in hits[0]:
            if start > 0 and ((char := text[start - 1]).isalnum() or char == "_"):
                continue  # inside a word
            whole = end >= size or not ((char := text[end]).isalnum() or char == "_")
            surface = text[start:end]
            for index, form, order in self._loose[number][1]:
                stop = end if whole else _boundary(text, end, form, False)
                if stop is None or (surface != form and not _case_ok(surface, form, False)):
                    continue
                found.append((start, start - stop, end, order, stop, index))
        for start, end, number in hits[1]:
            if (start > 0 and ((char := text[start - 1]).isalnum() or char == "_")) or (
                    end < size and ((char := text[end]).isalnum() or char == "_")):
                continue
            _form, key, targets = self._exact[number]
            if lowered[start:end] == key:  # as the lower-case keyword would have found it
                found.extend((start, start - end, end, order, end, index)
                             for index, _form, order in targets)
        found.sort()
        chosen: list[Match] = []
        taken_until = -1
        for start, _length, _end, _order, stop, index in found:
            if start >= taken_until:
                chosen.append(Match(start, stop, self.entries[index], text[start:stop]))
                taken_until = stop
        return chosen


def _country_in(entry: Entry) -> str | None:
    """The country that the name or an alias of an entry names ("U.S. Senate": US)."""
    from .extraction import places

    if entry.code:
        return entry.code
    for form in (entry.name, *entry.aliases):
        for word in form.replace("-", " ").split():
            found = places.place(word.rstrip("'s’")) if word[:1].isupper() else None
            code = places.country_of_adjective(word) or (
                found.country if found is not None and found.kind == "country" else None)
            if code:
                return code
    return None


def generic(form: str, entry: Entry) -> bool:
    """Whether a form names no country of its own ("Senate", not "US Senate")."""
    return _form_country(form, entry.type) is None


@lru_cache(maxsize=4096)
def _form_country(form: str, type_: str) -> str | None:
    return _country_in(Entry(form, type_))


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _boundary(text: str, end: int, form: str, strict: bool) -> int | None:
    """Where the match really ends, or None when it stops inside a word."""
    if end >= len(text) or not _word_char(text[end]):
        return end
    if strict or not form[-1].isalpha():
        return None
    for suffix in ("s", "n") if form.endswith("e") else SUFFIX_AFTER:
        stop = end + len(suffix)
        if text.startswith(suffix, end) and (stop >= len(text) or not _word_char(text[stop])):
            return stop
    return None


def _case_ok(surface: str, form: str, strict: bool) -> bool:
    if surface == form:
        return True
    if strict:
        return False
    if surface.isupper() and len(surface) > 3:
        return True
    # Word by word, the first letter's case must agree (SK hynix = SK Hynix, not "meta"),
    # and an acronym stays an acronym (CHIPS Act is the US law, Chips Act may be the EU's).
    for got, want in zip(surface.split(), form.split(), strict=False):
        if got[:1].isupper() != want[:1].isupper():
            return False
        if len(want) > 2 and want.isupper() and not got.isupper():
            return False
    return True


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A key for comparing names: case, accents and punctuation folded."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace(".", "").replace("'", "").replace("’", "")
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")


def _inflections(word: str, last: bool) -> set[str]:
    """German inflected forms of one word of a multi-word name."""
    forms = {word}
    if len(word) < 4 or not word[0].isupper() or not word.isalpha():
        return forms
    if last:
        if word.endswith("e"):
            forms |= {word + "n"}
        else:
            forms |= {word + "s", word + "es"}
        return forms
    for ending in ("er", "es", "en", "em", "e"):
        if word.endswith(ending):
            stem = word[: -len(ending)]
            forms |= {stem + e for e in ADJECTIVE_ENDINGS}
            break
    return forms


def surface_forms(entry: Entry) -> set[str]:
    """Every written form the matcher looks for: name, aliases and German inflections."""
    forms: set[str] = set()
    for alias in (entry.name, *entry.aliases):
        alias = " ".join(alias.split())
        if not alias:
            continue
        forms.add(alias)
        words = alias.split(" ")
        if 1 < len(words) <= 4 and entry.type != "chip":
            options = [_inflections(w, i == len(words) - 1) for i, w in enumerate(words)]
            for combo in itertools.islice(itertools.product(*options), 64):
                forms.add(" ".join(combo))
    return forms


def _read_yaml(path: Path) -> list[dict[str, Any]]:
    try:
        # libyaml's C loader when present: the same result, eight times faster.
        data = yaml.load(path.read_text(encoding="utf-8"),
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"broken YAML: {getattr(exc, 'problem', exc)}", path=path,
                          line=mark.line + 1 if mark else None,
                          hint="fix the knowledge-base file's syntax") from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=path) from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise ConfigError("a knowledge-base file must be a YAML list of entries", path=path,
                          line=1, hint="start each entry with '- name: ...'")
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict) or not (item.get("name") or item.get("code")):
            raise ConfigError(f"entry {number} has no name", path=path,
                              hint="every entry needs 'name:'")
    return data


def _merge(base: list[dict[str, Any]], extra: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Project entries replace bundled ones of the same name; 'remove: true' drops one."""
    def key(item: dict[str, Any]) -> str:
        return fold(str(item.get("code") or item.get("name")))

    # Bundled names may fold alike ("1.4nm", "14nm"): each keeps its entry.
    merged: dict[str, list[dict[str, Any]]] = {}
    for item in base:
        merged.setdefault(key(item), []).append(item)
    for item in extra:
        if item.get("remove"):
            merged.pop(key(item), None)
        elif key(item) in merged and item.get("extend"):
            merged[key(item)] = [
                {**old, **item, "aliases": [*old.get("aliases", []), *item.get("aliases", [])]}
                for old in merged[key(item)]]
        else:
            merged[key(item)] = [item]
    return [item for items in merged.values() for item in items]


def bundled(name: str) -> list[dict[str, Any]]:
    """The entries of one bundled file (generator/data/kb/<name>.yaml)."""
    ref = resources.files("generator").joinpath(f"data/kb/{name}.yaml")
    if not ref.is_file():
        return []
    with resources.as_file(ref) as path:
        return _read_yaml(path)


def _aliases(item: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(a) for a in item.get("aliases") or () if str(a).strip())


def _countries(supplement: list[dict[str, Any]]) -> Iterator[Entry]:
    """Every country with CLDR's English and German names plus the supplement's forms."""
    english, german = Locale("en").territories, Locale("de").territories
    extra = {str(item.get("code", "")).upper(): item for item in supplement}
    for code in sorted(english):
        if len(code) != 2 or not code.isalpha() or code in NOT_COUNTRIES:
            continue
        item = extra.get(code, {})
        if item.get("skip"):
            continue
        names = {english[code], german.get(code, english[code])}
        aliases = {*names, *_aliases(item), *(item.get("capitals") or ())}
        name = str(item.get("name") or english[code])
        aliases.discard(name)
        yield Entry(name=name, type="actor", kind="country", aliases=tuple(sorted(aliases)),
                    category="country", ambiguous=bool(item.get("ambiguous")), code=code)


def _entries(sources: dict[str, list[dict[str, Any]]]) -> list[Entry]:
    entries: list[Entry] = list(_countries(sources["countries"]))
    for item in sources["actors"]:
        entries.append(Entry(
            name=str(item["name"]), type="actor", kind=str(item.get("kind") or "organization"),
            aliases=_aliases(item), role=item.get("role"), org=item.get("org"),
            category=item.get("category"), ambiguous=bool(item.get("ambiguous")),
        ))
    for item in sources["chips"]:
        entries.append(Entry(
            name=str(item["name"]), type="chip", kind=item.get("kind"), aliases=_aliases(item),
            vendor=item.get("vendor"), ambiguous=bool(item.get("ambiguous")),
        ))
    for item in sources["policy"]:
        entries.append(Entry(
            name=str(item["name"]), type="policy", kind=item.get("kind"),
            aliases=_aliases(item), jurisdiction=item.get("jurisdiction"),
            ambiguous=bool(item.get("ambiguous")),
        ))
    for item in sources["media"]:
        entries.append(Entry(name=str(item["name"]), type="media", kind="media",
                             aliases=_aliases(item), ambiguous=bool(item.get("ambiguous"))))
    for item in sources["places"]:
        entries.append(Entry(name=str(item["name"]), type="place", kind="place",
                             aliases=_aliases(item), ambiguous=True))
    entries.extend(_places_holding_countries(entries, sources))
    return entries


def _places_holding_countries(entries: list[Entry],
                              sources: dict[str, list[dict[str, Any]]]) -> Iterator[Entry]:
    """Regions and cities whose names hold a country's ("Western Australia", "New London")."""
    # Matched as places, they keep the country inside them from being matched.
    from .extraction import places

    countries = [form for e in entries if e.kind == "country" for form in (e.name, *e.aliases)]
    listed = {fold(form) for e in entries if e.type == "place" for form in (e.name, *e.aliases)}
    names = [str(name) for item in (*sources["regions"], *sources["cities"])
             for name in (item.get("name"), *(item.get("aliases") or ())) if name]
    # The city table's were found when it was made (scripts/make_gazetteer.py).
    found = {*places.names_holding(names, places.word_keys(countries)),
             *places.bundled_table().holding_countries()}
    for name in sorted(found):
        if fold(name) not in listed:
            yield Entry(name=name, type="place", kind="place", ambiguous=True)


def load(project_folder: Path | None = None) -> KnowledgeBase:
    """The bundled knowledge base merged with a project's knowledge/ folder, if any.

    A project file that breaks the schema raises ConfigError naming its first problem
    (briefing check lists them all).
    """
    from .knowledge import problems

    sources = {name: bundled(name) for name in FILES}
    if project_folder is not None and project_folder.is_dir():
        for name in FILES:
            path = project_folder / f"{name}.yaml"
            if path.is_file():
                found = problems(path, name)
                if found:
                    raise found[0]
                sources[name] = _merge(sources[name], _read_yaml(path))
    return KnowledgeBase(_entries(sources), data=sources)


# Loaded knowledge bases kept in the user's cache folder, by everything they are made from.
STORE = "kb"
STORE_KEEP = 8  # the newest files kept: a few projects' knowledge/ folders and code versions


def store_folder() -> Path:
    """Where loaded knowledge bases are kept (e.g. ~/.cache/briefing/kb/)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("briefing")) / STORE


def stored(project_folder: Path | None = None, folder: Path | None = None) -> KnowledgeBase:
    """load(project_folder), read back from folder (default store_folder()) when the same
    code, bundled data and knowledge/ files made it before, else loaded and kept there.

    Reading the YAML files and indexing every surface form costs about 0.4 CPU s, which a
    build pays again for one changed seed; unpickling the result about 0.04.
    """
    from .cache import fingerprint
    from .fsutil import write_if_changed

    folder = folder if folder is not None else store_folder()
    path = folder / f"{fingerprint(project_folder)}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError,
                             ImportError, IndexError, TypeError, ValueError):
        found = pickle.loads(path.read_bytes())  # the user's own cache folder
        if isinstance(found, KnowledgeBase):
            return found
    knowledge = load(project_folder)
    with contextlib.suppress(OSError, pickle.PicklingError):
        folder.mkdir(parents=True, exist_ok=True)
        write_if_changed(path, pickle.dumps(knowledge, protocol=pickle.HIGHEST_PROTOCOL),
                         durable=False)
        kept = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[STORE_KEEP:]:
            old.unlink(missing_ok=True)
    return knowledge


@cache
def default(project_folder: Path | None = None) -> KnowledgeBase:
    """The knowledge base, loaded once per process and folder (see stored)."""
    return stored(project_folder)
