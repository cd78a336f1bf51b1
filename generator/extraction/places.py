"""Places and the words that point to them: countries, regions, cities, US counties, adjectives.

Answers "is this name a place, and of which country?" and "which country, region or city does
this adjective name?" in English and German, from data: CLDR's country names (babel), the
knowledge base's countries.yaml, regions.yaml and cities.yaml, and a city table generated
from GeoNames (generator/data/geo/cities.tsv, see its README). Lookups are dictionary hits;
the data is read once per process, on first use.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from babel import Locale

from .. import kb as kbmod
from ..errors import ConfigError

KINDS = ("country", "region", "city", "county")  # the order of places() for one name
GERMAN_ENDINGS = ("", "e", "en", "er", "es", "em")
GERMAN_SPEAKING = frozenset({"DE", "AT", "CH", "LI", "LU"})
# German -er adjectives of towns elsewhere are formed for big cities only ("Stockholmer");
# below that a capitalised word in -er is far more often a surname ("Wagner").
FOREIGN_CITY_ADJECTIVE_POPULATION = 100_000
# Punctuation that fold() drops or turns into a space, for the fast path of ASCII names.
_ASCII_FOLD = str.maketrans({**{c: " " for c in map(chr, range(128))
                                if not c.isalnum() and c not in ".'"}, ".": None, "'": None})


class Place(NamedTuple):
    """A place a name can stand for."""

    name: str  # English (GeoNames' name for cities)
    kind: str  # country | region | city | county
    country: str  # ISO 3166-1 alpha-2
    code: str | None = None  # ISO 3166-2 of a region; a country's alpha-2
    region: str | None = None  # the region of a city or county, where known
    population: int = 0  # of a city, from GeoNames


def fold(text: str) -> str:
    """kb.fold(text), faster for ASCII text and without its cache (the tables fold 80,000 names)."""
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII_FOLD).split())
    return kbmod.fold.__wrapped__(text)


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("’", "'").split())


def is_german(adjective: str) -> bool:
    """Whether an adjective of the data is German: a lower-case stem, or capitalised in -er."""
    last = adjective.rsplit("-", 1)[-1]
    return last[:1].islower() or (adjective[:1].isupper() and adjective.endswith("er"))


def german_forms(adjective: str) -> tuple[str, ...]:
    """Every written form of a German adjective of the data: a stem takes every ending."""
    if not adjective.rsplit("-", 1)[-1][:1].islower():
        return (adjective,)  # Schweizer, Thüringer: not inflected
    return tuple(adjective + ending for ending in GERMAN_ENDINGS)


def _lookup_forms(word: str) -> tuple[str, ...]:
    """word as the tables hold it: as written, and with a sentence-initial capital undone."""
    word = _words(word)
    if len(word) > 1 and word[0].isupper() and word[1].islower():
        return word, word[0].lower() + word[1:]  # "Namibische Regierung" at a sentence start
    return (word,)


def _capitalised(name: str) -> bool:
    first = next((c for c in name if c.isalpha()), "")
    return first.isupper()


def city_stems(adjective: str) -> tuple[str, ...]:
    """Names of which a German adjective in -er can be made: Kieler -> Kiel, Dresdner -> Dresden."""
    if len(adjective) < 5 or not adjective.endswith("er") or not adjective[0].isupper():
        return ()
    stem = adjective[:-2]
    stems = [stem, stem + "en", stem + "e"]
    if stem.endswith("städt"):  # Darmstädter
        stems.append(stem[:-5] + "stadt")
    if stem.endswith("häus"):  # Recklinghäuser
        stems.append(stem[:-4] + "hausen")
    if len(stem) > 2 and stem[-1] in "nl" and stem[-2] not in "aeiouäöüy" + stem[-1]:
        stems.append(stem[:-1] + "e" + stem[-1])  # Dresdner, Münchner, Basler
    return tuple(dict.fromkeys(stems))


class CityTable:
    """The generated city table, indexed by folded name; a row becomes a Place when asked for."""

    # Loading folds nothing (the generator stored each row's keys) and makes no Place:
    # 40,000 rows are indexed in a few hundredths of a second.

    def __init__(self, text: str = "") -> None:
        self._lines = [line for line in text.split("\n") if line and line[0] != "#"]
        self._rows: dict[str, int | list[int]] = {}
        rows = self._rows
        for number, line in enumerate(self._lines):
            keys = line[line.rfind("\t") + 1:]
            for key in keys.split("|") if "|" in keys else (keys,):
                found = rows.get(key)
                if found is None:
                    rows[key] = number
                elif isinstance(found, int):
                    rows[key] = [found, number]
                else:
                    found.append(number)

    def __len__(self) -> int:
        return len(self._lines)

    def names(self) -> Iterator[str]:
        """Every name and other name of the table's rows."""
        for line in self._lines:
            _kind, name, _country, _admin1, _population, others, _holding, _keys = (
                line.split("\t"))
            yield name
            if others:
                yield from others.split("|")

    def holding_countries(self) -> list[str]:
        """The names of the table that hold a country's name (its generator found them)."""
        return [name for line in self._lines
                for name in line.split("\t")[6].split("|") if name]

    def rows(self, key: str) -> list[tuple[str, ...]]:
        """The rows of a key: kind, name, country, admin1, population, other names, the names
        holding a country's name, and keys."""
        found = self._rows.get(key)
        if found is None:
            return []
        numbers = [found] if isinstance(found, int) else found
        return [tuple(self._lines[number].split("\t")) for number in numbers]

    def places(self, key: str, regions: Mapping[tuple[str, str], str]) -> list[Place]:
        """The cities and counties of a folded name; regions: (country, admin1) -> region."""
        return [Place(name, kind, country, None, regions.get((country, admin1)),
                      int(population or 0))
                for kind, name, country, admin1, population, _o, _h, _k in self.rows(key)]


class Gazetteer:
    """Countries, regions, cities and counties by name, and the adjectives that name them."""

    def __init__(self, countries: Iterable[Mapping[str, Any]] = (),
                 regions: Iterable[Mapping[str, Any]] = (),
                 cities: Iterable[Mapping[str, Any]] = (),
                 table: CityTable | None = None) -> None:
        # countries, regions, cities: the entries of countries.yaml, regions.yaml and
        # cities.yaml; table: the generated city table.
        self._table = table if table is not None else CityTable()
        self._places: dict[str, list[Place]] = {}  # all but the table's, by folded name
        self._found: dict[str, tuple[Place, ...]] = {}  # places() answers so far
        self._cities_of: dict[str, Place | None] = {}  # city_of_adjective() answers so far
        self._country_names: dict[str, str] = {}  # folded name -> code
        self._country_adjectives: dict[str, str | None] = {}  # form -> code; None: shared
        self._region_adjectives: dict[str, tuple[str, str] | None] = {}
        self._city_adjectives: dict[str, Place | None] = {}
        self._adjective_of: dict[tuple[str, str], str] = {}  # (code, lang) -> the usual one
        self._capitals: list[tuple[str, str, str, str]] = []  # region, country, capital, ISO
        self._country_list(countries)
        self._region_list(regions)
        self._regions = self._regions_by_admin1()  # (country, admin1) -> region name
        self._city_list(cities)

    # -- loading ---------------------------------------------------------------------------

    def _add(self, name: str, place: Place) -> None:
        key = fold(name)
        if not key:
            return
        found = self._places.setdefault(key, [])
        if place not in found:
            found.append(place)

    def _country_list(self, supplement: Iterable[Mapping[str, Any]]) -> None:
        extra = {str(item.get("code", "")).upper(): item for item in supplement}
        english, german = Locale("en").territories, Locale("de").territories
        for code in sorted(english):
            if len(code) != 2 or not code.isalpha() or code in kbmod.NOT_COUNTRIES:
                continue
            item = extra.get(code, {})
            if item.get("skip"):
                continue
            name = str(item.get("name") or english[code])
            place = Place(name, "country", code, code)
            for form in (name, english[code], german.get(code, ""),
                         *(str(a) for a in item.get("aliases") or ())):
                if form.strip():
                    self._add(form, place)
                    self._country_names.setdefault(fold(form), code)
            for adjective in item.get("adjectives") or ():
                self._adjective(str(adjective), code)

    def _adjective(self, adjective: str, code: str) -> None:
        adjective = _words(adjective)
        lang = "de" if is_german(adjective) else "en"
        self._adjective_of.setdefault((code, lang), adjective)
        for form in german_forms(adjective) if lang == "de" else (adjective,):
            known = self._country_adjectives.get(form, code)
            self._country_adjectives[form] = code if known == code else None

    def _region_list(self, regions: Iterable[Mapping[str, Any]]) -> None:
        for item in regions:
            code = str(item.get("code") or "").upper() or None
            country = str(item.get("country") or (code or "")[:2]).upper()
            name = str(item.get("name") or "")
            if len(country) != 2 or not name:
                raise ConfigError(f"region {name or dict(item)} has no ISO 3166-2 code or country",
                                  path="regions.yaml",
                                  hint="give 'code: XX-YY' or 'country: XX'")
            place = Place(name, "region", country, code)
            for form in (name, *(str(a) for a in item.get("aliases") or ())):
                self._add(form, place)
            for adjective in item.get("adjectives") or ():
                adjective = _words(str(adjective))
                forms = german_forms(adjective) if is_german(adjective) else (adjective,)
                for form in forms:
                    known = self._region_adjectives.get(form, (name, country))
                    self._region_adjectives[form] = (
                        (name, country) if known == (name, country) else None)
            if item.get("capital"):
                self._capitals.append((name, country, str(item["capital"]), (code or "")[3:]))

    def _regions_by_admin1(self) -> dict[tuple[str, str], str]:
        """Each GeoNames province code to a region: its ISO code, or the region's capital."""
        # GeoNames' admin1 codes are the ISO 3166-2 ones in some countries (US-OH: OH,
        # AT-9: 09); elsewhere the capital's province tells (Kiel is in 10: Schleswig-Holstein).
        mapping: dict[tuple[str, str], str] = {}
        for name, country, capital, iso in self._capitals:
            towns = sorted((int(population or 0), admin1)
                           for kind, _n, where, admin1, population, *_rest
                           in self._table.rows(fold(capital))
                           if kind == "city" and where == country)
            same_code = [admin1 for _p, admin1 in towns
                         if iso and admin1.lstrip("0") == iso.lstrip("0")]
            if same_code or towns:
                mapping.setdefault((country, same_code[0] if same_code else towns[-1][1]), name)
        return mapping

    def _city_list(self, cities: Iterable[Mapping[str, Any]]) -> None:
        for item in cities:
            name, country = str(item.get("name") or ""), str(item.get("country") or "").upper()
            place = self._city(name, country)
            if place is None:
                if len(country) != 2 or not name:
                    raise ConfigError(f"city {name or dict(item)} has no country",
                                      path="cities.yaml",
                                      hint="give 'country: XX' (ISO 3166-1 alpha-2)")
                place = Place(name, "city", country)
                self._add(name, place)
            for alias in item.get("aliases") or ():
                self._add(str(alias), place)
            for adjective in item.get("adjectives") or ():
                adjective = _words(str(adjective))
                for form in german_forms(adjective):
                    self._city_adjectives[form] = place

    def _city(self, name: str, country: str) -> Place | None:
        """The largest city of the table of a name in a country."""
        towns = [p for p in self._table.places(fold(name), self._regions)
                 if p.kind == "city" and p.country == country]
        return max(towns, key=lambda p: p.population) if towns else None

    # -- questions -------------------------------------------------------------------------

    def places(self, name: str) -> tuple[Place, ...]:
        """Every place a capitalised name can stand for: countries, regions, cities, counties."""
        found = self._found.get(name)
        if found is None:
            found = ()
            if _capitalised(name):
                key = fold(name)
                every = [*self._places.get(key, ()), *self._table.places(key, self._regions)]
                found = tuple(sorted(dict.fromkeys(every),
                                     key=lambda p: (KINDS.index(p.kind), -p.population)))
            if len(self._found) < 100_000:  # names asked for, kept: a text repeats them
                self._found[name] = found
        return found

    def place(self, name: str) -> Place | None:
        """The place a name most likely stands for: a country before a region before a city."""
        found = self.places(name)
        return found[0] if found else None

    def place_of_genitive(self, word: str) -> Place | None:
        """The place a possessive names: Polens, Ohio's, Kenya’s, Texas'."""
        word = _words(word)
        if word.endswith("'s"):
            return self.place(word[:-2])
        if word.endswith("'") and word[-2:-1] in ("s", "x", "z", "ß"):
            return self.place(word[:-1])
        if len(word) > 3 and word.endswith("s") and not self.places(word):
            return self.place(word[:-1])
        return None

    def country_of_adjective(self, word: str) -> str | None:
        """The country an adjective names: Namibian, namibischen, US-amerikanische -> NA, .., US."""
        for form in _lookup_forms(word):
            if form in self._country_adjectives:
                return self._country_adjectives[form]
        return None

    def countries_of_adjective(self, word: str) -> tuple[str, ...]:
        """The countries of an adjective, a compound giving each: deutsch-namibische -> DE, NA."""
        found = self.country_of_adjective(word)
        if found is not None:
            return (found,)
        parts = _words(word).split("-")
        if len(parts) < 2 or not all(parts):
            return ()
        codes: list[str] = []
        for number, part in enumerate(parts):
            code = self._compound_part(part, last=number == len(parts) - 1)
            if code is None:
                return ()
            codes.append(code)
        return tuple(dict.fromkeys(codes))

    def _compound_part(self, part: str, last: bool) -> str | None:
        forms = [*_lookup_forms(part), part[:1].upper() + part[1:]]  # anglo-: Anglo
        for form in forms:
            code = self._country_adjectives.get(form)
            # Before the hyphen a German adjective is the bare stem: deutsch-, französisch-.
            if code is not None and (last or not is_german(form) or form.endswith("sch")):
                return code
        return self._country_names.get(fold(part)) if _capitalised(part) else None

    def adjective_of_country(self, code: str, lang: str = "en") -> str | None:
        """The usual adjective of a country: NA -> Namibian, or namibisch (the stem) in German."""
        return self._adjective_of.get((code.upper(), lang))

    def region_of_adjective(self, word: str) -> tuple[str, str] | None:
        """The region an adjective names, with its country: bayerische -> (Bavaria, DE)."""
        for form in _lookup_forms(word):
            if form in self._region_adjectives:
                return self._region_adjectives[form]
        return None

    def city_of_adjective(self, word: str) -> Place | None:
        """The city a German adjective in -er names: Kieler -> Kiel, Münchner -> Munich."""
        if word in self._cities_of:
            return self._cities_of[word]
        found = self._city_of_adjective(word)
        if len(self._cities_of) < 100_000:
            self._cities_of[word] = found
        return found

    def _city_of_adjective(self, word: str) -> Place | None:
        word = _words(word)
        for form in _lookup_forms(word):
            if form in self._city_adjectives:
                return self._city_adjectives[form]
        for stem in city_stems(word):
            for place in self.places(stem):
                if place.kind == "city" and (
                        place.country in GERMAN_SPEAKING
                        or place.population >= FOREIGN_CITY_ADJECTIVE_POPULATION):
                    return place
        return None


def _word_key(text: str) -> str:
    """Lower-case words, accents kept: the knowledge base tells "Cañada" from "Canada"."""
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


def word_keys(forms: Iterable[str]) -> frozenset[str]:
    """The forms for names_holding(): lower-case words, acronyms left out."""
    # Acronyms (UK, USA) match only as written, so "So Uk Estate" holds no country.
    return frozenset(key for form in forms if not form.isupper() and (key := _word_key(form)))


def names_holding(names: Iterable[str], keys: frozenset[str]) -> list[str]:
    """The names holding one of keys (word_keys()) as words but not being one: "New London"."""
    found = []
    for name in names:
        words = _word_key(name).split()
        if len(words) < 2 or " ".join(words) in keys:
            continue
        if any(" ".join(words[i:j]) in keys
               for i in range(len(words)) for j in range(i + 1, len(words) + 1)):
            found.append(name)
    return found


@cache
def bundled_table() -> CityTable:
    """The city table shipped with the package (generator/data/geo/cities.tsv)."""
    ref = resources.files("generator").joinpath("data/geo/cities.tsv")
    return CityTable(ref.read_text(encoding="utf-8"))


def from_sources(sources: Mapping[str, list[dict[str, Any]]]) -> Gazetteer:
    """A gazetteer of knowledge-base sources (kb.load's) and the bundled city table."""
    return Gazetteer(sources.get("countries") or (), sources.get("regions") or (),
                     sources.get("cities") or (), bundled_table())


@cache
def default() -> Gazetteer:
    """The gazetteer of the bundled data, made once per process."""
    return from_sources(kbmod.default().data)  # the bundled files, read (or kept) once


def place(name: str) -> Place | None:
    """The place a name most likely stands for (see Gazetteer.place)."""
    return default().place(name)


def places(name: str) -> tuple[Place, ...]:
    """Every place a name can stand for (see Gazetteer.places)."""
    return default().places(name)


def place_of_genitive(word: str) -> Place | None:
    """The place a possessive names (see Gazetteer.place_of_genitive)."""
    return default().place_of_genitive(word)


def country_of_adjective(word: str) -> str | None:
    """The country an adjective names (see Gazetteer.country_of_adjective)."""
    return default().country_of_adjective(word)


def countries_of_adjective(word: str) -> tuple[str, ...]:
    """The countries of a possibly compound adjective (see Gazetteer.countries_of_adjective)."""
    return default().countries_of_adjective(word)


def adjective_of_country(code: str, lang: str = "en") -> str | None:
    """The usual adjective of a country (see Gazetteer.adjective_of_country)."""
    return default().adjective_of_country(code, lang)


def region_of_adjective(word: str) -> tuple[str, str] | None:
    """The region an adjective names (see Gazetteer.region_of_adjective)."""
    return default().region_of_adjective(word)


def city_of_adjective(word: str) -> Place | None:
    """The city a German adjective in -er names (see Gazetteer.city_of_adjective)."""
    return default().city_of_adjective(word)

