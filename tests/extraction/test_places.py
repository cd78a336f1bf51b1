"""Places and the adjectives that name them (generator.extraction.places), in English and German."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import kb as kbmod
from generator.errors import ConfigError
from generator.extraction import places
from generator.extraction.places import Gazetteer, Place

KB = Path(kbmod.__file__).parent / "data" / "kb"
COUNTRIES = kbmod.bundled("countries")
REGIONS = kbmod.bundled("regions")
CITIES = kbmod.bundled("cities")
CLDR_CODES = sorted(c for c in Locale("en").territories
                    if len(c) == 2 and c.isalpha() and c not in kbmod.NOT_COUNTRIES)
# Territories without an adjective in use in a language (countries.yaml says so).
NO_ENGLISH = {"BQ", "CP", "DG", "GS"}
NO_GERMAN = {"AC", "BL", "BQ", "CC", "CK", "CP", "CQ", "CX", "DG", "EA", "GG", "GS", "JE", "MF",
             "MP", "NF", "PM", "PN", "SH", "SJ", "SX", "TA", "TC", "VG", "VI"}


def _shared(entries: list[dict[str, object]]) -> set[str]:
    """Adjective forms listed for more than one entry: they name none."""
    owner: dict[str, object] = {}
    shared = set()
    for item in entries:
        for adjective in item.get("adjectives") or ():  # type: ignore[attr-defined]
            adjective = str(adjective)
            forms = places.german_forms(adjective) if places.is_german(adjective) else (adjective,)
            for form in forms:
                if owner.setdefault(form, item.get("code") or item["name"]) != (
                        item.get("code") or item["name"]):
                    shared.add(form)
    return shared


SHARED_COUNTRY_FORMS = _shared(COUNTRIES)
GERMAN_COUNTRY_STEMS = sorted(
    (str(item["code"]), str(adjective)) for item in COUNTRIES
    for adjective in item.get("adjectives") or ()
    if places.is_german(str(adjective)) and str(adjective)[:1].islower()
    and str(adjective) + "e" not in SHARED_COUNTRY_FORMS)
GERMAN_REGION_STEMS = sorted(
    (str(item["name"]), str(item["code"])[:2], str(adjective)) for item in REGIONS
    for adjective in item.get("adjectives") or ()
    if places.is_german(str(adjective)) and str(adjective)[:1].islower())


# -- country adjectives -------------------------------------------------------------------

@pytest.mark.parametrize(("word", "code"), [
    ("Namibian", "NA"), ("Kenyan", "KE"), ("Polish", "PL"), ("Swedish", "SE"),
    ("South Korean", "KR"), ("Sri Lankan", "LK"), ("Ivorian", "CI"), ("Sino", "CN"),
    ("namibische", "NA"), ("namibischen", "NA"), ("Namibische", "NA"), ("polnisches", "PL"),
    ("kenianischer", "KE"), ("US-amerikanischen", "US"), ("deutsch", "DE"),
    ("Schweizer", "CH"), ("Liechtensteiner", "LI"), ("saudi-arabische", "SA"),
    ("bosnisch-herzegowinischen", "BA"), ("nigrische", "NE"), ("nigerianische", "NG"),
])
def test_country_of_adjective(word: str, code: str) -> None:
    assert places.country_of_adjective(word) == code


@pytest.mark.parametrize("word", [
    "polish",  # the verb: English adjectives are capitalised
    "Congolese", "kongolesische",  # both Congos: names neither
    "Welsh", "bayerische",  # regions, not countries
    "deutsch-namibische",  # two countries
    "Namibia", "Namib", "", "namibischer Regierung",
])
def test_no_single_country_of(word: str) -> None:
    assert places.country_of_adjective(word) is None


@pytest.mark.parametrize(("word", "codes"), [
    ("deutsch-namibische", ("DE", "NA")), ("Deutsch-Namibischen", ("DE", "NA")),
    ("deutsch-französischer", ("DE", "FR")), ("German-Namibian", ("DE", "NA")),
    ("Sino-US", ("CN", "US")), ("US-China", ("US", "CN")), ("sino-amerikanische", ("CN", "US")),
    ("US-amerikanische", ("US",)), ("Namibian", ("NA",)),
    ("rheinland-pfälzische", ()), ("Anglo-Saxon", ()), ("deutschen-namibische", ()),
    ("Indo-Pacific", ()), ("-namibische", ()), ("namibische-", ()),
])
def test_countries_of_compound_adjective(word: str, codes: tuple[str, ...]) -> None:
    assert places.countries_of_adjective(word) == codes


@pytest.mark.parametrize(("code", "english", "german"), [
    ("NA", "Namibian", "namibisch"), ("US", "American", "amerikanisch"),
    ("CH", "Swiss", "schweizerisch"), ("KE", "Kenyan", "kenianisch"),
    ("HK", "Hong Kong", "Hongkonger"), ("BQ", None, None),
])
def test_adjective_of_country(code: str, english: str | None, german: str | None) -> None:
    assert places.adjective_of_country(code) == english
    assert places.adjective_of_country(code.lower(), "de") == german


@pytest.mark.parametrize("code", CLDR_CODES)
def test_every_country_has_its_adjectives_and_they_name_it(code: str) -> None:
    for lang, missing in (("en", NO_ENGLISH), ("de", NO_GERMAN)):
        adjective = places.adjective_of_country(code, lang)
        assert (adjective is None) == (code in missing), (code, lang)
        if adjective is not None and adjective not in SHARED_COUNTRY_FORMS:
            assert places.country_of_adjective(adjective) == code


def test_english_adjectives_are_capitalised_and_never_end_in_er() -> None:
    for item in [*COUNTRIES, *REGIONS]:
        for adjective in item.get("adjectives") or ():
            if not places.is_german(str(adjective)):
                assert str(adjective)[:1].isupper() and not str(adjective).endswith("er")


@settings(max_examples=400)
@given(st.sampled_from(GERMAN_COUNTRY_STEMS), st.sampled_from(places.GERMAN_ENDINGS),
       st.booleans())
def test_every_german_country_stem_with_every_ending(
        stem: tuple[str, str], ending: str, capital: bool) -> None:
    code, adjective = stem
    word = adjective + ending
    if capital:  # at a sentence start or in a name: "Namibische Regierung"
        word = word[0].upper() + word[1:]
    assert places.country_of_adjective(word) == code
    assert places.countries_of_adjective(word) == (code,)


@settings(max_examples=300)
@given(st.sampled_from(GERMAN_REGION_STEMS), st.sampled_from(places.GERMAN_ENDINGS))
def test_every_german_region_stem_with_every_ending(
        stem: tuple[str, str, str], ending: str) -> None:
    name, country, adjective = stem
    assert places.region_of_adjective(adjective + ending) == (name, country)


# -- region adjectives --------------------------------------------------------------------

@pytest.mark.parametrize(("word", "region"), [
    ("rheinland-pfälzische", ("Rhineland-Palatinate", "DE")), ("bayerische", ("Bavaria", "DE")),
    ("Bayerische", ("Bavaria", "DE")), ("Thüringer", ("Thuringia", "DE")),
    ("sächsischen", ("Saxony", "DE")), ("schleswig-holsteinische", ("Schleswig-Holstein", "DE")),
    ("nordrhein-westfälischen", ("North Rhine-Westphalia", "DE")),
    ("niederösterreichische", ("Lower Austria", "AT")), ("Tiroler", ("Tyrol", "AT")),
    ("Zürcher", ("Zurich", "CH")), ("waadtländische", ("Vaud", "CH")),
    ("Welsh", ("Wales", "GB")), ("schottische", ("Scotland", "GB")),
    ("Flemish", ("Flanders", "BE")), ("flämische", ("Flanders", "BE")),
    ("Ohioan", ("Ohio", "US")), ("Californian", ("California", "US")),
    ("kalifornische", ("California", "US")), ("texanischen", ("Texas", "US")),
    ("Bavarian", ("Bavaria", "DE")), ("Catalan", ("Catalonia", "ES")),
    ("katalanische", ("Catalonia", "ES")), ("Tasmanian", ("Tasmania", "AU")),
])
def test_region_of_adjective(word: str, region: tuple[str, str]) -> None:
    assert places.region_of_adjective(word) == region


@pytest.mark.parametrize("word", ["Georgian", "Namibian", "Freiburger", "Bayer", "bayerisch-"])
def test_no_region_of(word: str) -> None:
    assert places.region_of_adjective(word) is None


# -- city adjectives ----------------------------------------------------------------------

@pytest.mark.parametrize(("word", "city", "country"), [
    ("Kieler", "Kiel", "DE"), ("Hamburger", "Hamburg", "DE"), ("Leipziger", "Leipzig", "DE"),
    ("Magdeburger", "Magdeburg", "DE"), ("Stockholmer", "Stockholm", "SE"),
    ("Münchner", "Munich", "DE"), ("Münchener", "Munich", "DE"), ("Zürcher", "Zürich", "CH"),
    ("Dresdner", "Dresden", "DE"), ("Bremer", "Bremen", "DE"), ("Göttinger", "Göttingen", "DE"),
    ("Karlsruher", "Karlsruhe", "DE"), ("Darmstädter", "Darmstadt", "DE"),
    ("Recklinghäuser", "Recklinghausen", "DE"), ("Basler", "Basel", "CH"),
    ("Essener", "Essen", "DE"), ("Wiener", "Vienna", "AT"),
    ("Frankfurter", "Frankfurt am Main", "DE"),
    ("Hannoveraner", "Hannover", "DE"), ("hannoversche", "Hannover", "DE"),
    ("Hallenser", "Halle (Saale)", "DE"), ("Winnender", "Winnenden", "DE"),
    ("Mailänder", "Milan", "IT"), ("New Yorker", "New York City", "US"),
])
def test_city_of_adjective(word: str, city: str, country: str) -> None:
    found = places.city_of_adjective(word)
    assert found is not None and (found.name, found.country, found.kind) == (city, country, "city")


@pytest.mark.parametrize("word", [
    "Wendelstedter",  # a town the table does not know
    "Wagner", "Partner", "Amerikaner", "kieler", "Kiel", "er", "Hamburgerin",
])
def test_no_city_of(word: str) -> None:
    assert places.city_of_adjective(word) is None


def test_a_town_added_in_cities_yaml_has_its_adjective() -> None:
    gazetteer = Gazetteer(cities=[{"name": "Wendelstedt", "country": "DE"}],
                          table=places.bundled_table())
    found = gazetteer.city_of_adjective("Wendelstedter")
    assert found == Place("Wendelstedt", "city", "DE")


def test_foreign_towns_give_adjectives_only_when_large() -> None:
    assert places.place("Martin") is not None  # a Slovak town of 55,000
    assert places.city_of_adjective("Martiner") is None


@pytest.mark.parametrize(("adjective", "stems"), [
    ("Kieler", ("Kiel", "Kielen", "Kiele")),
    ("Dresdner", ("Dresdn", "Dresdnen", "Dresdne", "Dresden")),
    ("Darmstädter", ("Darmstädt", "Darmstädten", "Darmstädte", "Darmstadt")),
    ("Basler", ("Basl", "Baslen", "Basle", "Basel")),
    ("kieler", ()), ("Kiel", ()), ("Aler", ()),
])
def test_city_stems(adjective: str, stems: tuple[str, ...]) -> None:
    assert places.city_stems(adjective) == stems


# -- places -------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("Fortaleza", Place("Fortaleza", "city", "BR", None, "Ceará", 2400000)),
    ("Noida", Place("Noida", "city", "IN", None, "Uttar Pradesh", 293908)),
    ("Luleå", Place("Luleå", "city", "SE", None, None, 77832)),
    ("Lulea", Place("Luleå", "city", "SE", None, None, 77832)),
    ("Winnenden", Place("Winnenden", "city", "DE", None, "Baden-Württemberg", 29876)),
    ("München", Place("Munich", "city", "DE", None, "Bavaria", 1505005)),
    ("Wien", Place("Vienna", "region", "AT", "AT-9")),
    ("Mailand", Place("Milan", "city", "IT", None, "Lombardy", 1371498)),
    ("Namibia", Place("Namibia", "country", "NA", "NA")),
    ("Kenia", Place("Kenya", "country", "KE", "KE")),
    ("Tamil Nadu", Place("Tamil Nadu", "region", "IN", "IN-TN")),
    ("Rheinland-Pfalz", Place("Rhineland-Palatinate", "region", "DE", "DE-RP")),
    ("Ohio", Place("Ohio", "region", "US", "US-OH")),
    ("Bayern", Place("Bavaria", "region", "DE", "DE-BY")),
    ("Westbengalen", Place("West Bengal", "region", "IN", "IN-WB")),
    ("Masowien", Place("Masovian Voivodeship", "region", "PL", "PL-14")),
    ("Autauga County", Place("Autauga County", "county", "US", None, "Alabama")),
    ("Frankfurt", Place("Frankfurt am Main", "city", "DE", None, "Hesse", 650000)),
    ("Klagenfurt", Place("Klagenfurt am Wörthersee", "city", "AT", None, "Carinthia", 100316)),
])
def test_place(name: str, expected: Place) -> None:
    assert places.place(name) == expected


def test_places_lists_every_reading_country_first_then_by_size() -> None:
    kinds = [(p.kind, p.country) for p in places.places("Georgia")]
    assert kinds[:2] == [("country", "GE"), ("region", "US")]
    hamburg = places.places("Hamburg")
    assert [(p.kind, p.country) for p in hamburg[:2]] == [("region", "DE"), ("city", "DE")]
    cities = [p.population for p in places.places("Springfield")]
    assert cities == sorted(cities, reverse=True) and len(cities) > 3


@pytest.mark.parametrize("name", ["nice", "essen", "", "   ", "Xyzzy Qwerty", "1234"])
def test_not_places(name: str) -> None:
    assert places.place(name) is None
    assert places.places(name) == ()


@pytest.mark.parametrize(("word", "name"), [
    ("Polens", "Poland"), ("Deutschlands", "Germany"), ("Bayerns", "Bavaria"),
    ("Kiels", "Kiel"), ("Ohio's", "Ohio"), ("Kenya’s", "Kenya"), ("Texas'", "Texas"),
    ("Paris'", "Paris"), ("Namibias", "Namibia"),
])
def test_place_of_genitive(word: str, name: str) -> None:
    found = places.place_of_genitive(word)
    assert found is not None and found.name == name


@pytest.mark.parametrize("word", ["Texas", "Paris", "Wales", "Polen", "Ohio", "Xyzzys", "s"])
def test_no_genitive(word: str) -> None:
    assert places.place_of_genitive(word) is None


# -- the data -----------------------------------------------------------------------------

REGION_COUNTS = {"DE": 16, "AT": 9, "CH": 26, "GB": 4, "BE": 3, "US": 51, "CA": 13, "AU": 8,
                 "IN": 36, "BR": 27, "CN": 31, "MX": 32, "ES": 18, "IT": 22, "FR": 13, "PL": 16}


def test_every_region_of_the_listed_countries() -> None:
    counts: dict[str, int] = {}
    for item in REGIONS:
        code = str(item["code"])
        assert re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", code), code
        counts[code[:2]] = counts.get(code[:2], 0) + 1
    assert counts == REGION_COUNTS
    assert len({str(item["code"]) for item in REGIONS}) == len(REGIONS)


@pytest.mark.parametrize("item", REGIONS, ids=lambda item: str(item["code"]))
def test_every_region_is_found_by_its_names_and_has_its_capital(item: dict[str, object]) -> None:
    code = str(item["code"])
    for name in (item["name"], *(item.get("aliases") or ())):  # type: ignore[misc]
        assert Place(str(item["name"]), "region", code[:2], code) in places.places(str(name))
    if item.get("capital"):
        capital = [p for p in places.places(str(item["capital"]))
                   if p.kind == "city" and p.country == code[:2]]
        assert capital, f"{item['capital']} is not in the city table: regenerate it"


def test_the_towns_of_a_region_know_it() -> None:
    assert places.place("Leipzig").region == "Saxony"  # type: ignore[union-attr]
    assert places.place("Bregenz").region == "Vorarlberg"  # type: ignore[union-attr]
    assert places.place("Winterthur").region == "Zurich"  # type: ignore[union-attr]
    assert places.place("Pune").region == "Maharashtra"  # type: ignore[union-attr]
    springfields = {p.region for p in places.places("Springfield") if p.country == "US"}
    assert {"Illinois", "Missouri", "Massachusetts"} <= springfields


def test_regions_sharing_a_capital_give_its_towns_to_the_first_listed() -> None:
    gazetteer = Gazetteer(regions=[
        {"name": "Chandigarh", "code": "IN-CH", "capital": "Chandigarh"},
        {"name": "Punjab", "code": "IN-PB", "capital": "Chandigarh"}],
        table=places.bundled_table())
    assert gazetteer.place("Chandigarh") == Place(
        "Chandigarh", "region", "IN", "IN-CH")
    city = next(p for p in gazetteer.places("Chandigarh") if p.kind == "city")
    assert city.region == "Chandigarh"


def test_a_region_without_a_country_is_an_error() -> None:
    with pytest.raises(ConfigError, match="region Atlantis has no ISO 3166-2 code or country"):
        Gazetteer(regions=[{"name": "Atlantis"}])
    with pytest.raises(ConfigError, match="city Atlantis has no country"):
        Gazetteer(cities=[{"name": "Atlantis"}])


def test_a_projects_knowledge_adds_regions_and_cities(tmp_path: Path) -> None:
    (tmp_path / "regions.yaml").write_text(
        "- name: Gelderland\n  code: NL-GE\n  aliases: [Geldern]\n  adjectives: [geldrisch]\n"
        "  capital: Arnhem\n", encoding="utf-8")
    (tmp_path / "cities.yaml").write_text(
        "- name: Wendelstedt\n  country: DE\n", encoding="utf-8")
    gazetteer = kbmod.load(tmp_path).places
    assert gazetteer.place("Geldern") == Place("Gelderland", "region", "NL", "NL-GE")
    assert gazetteer.region_of_adjective("geldrischen") == ("Gelderland", "NL")
    assert gazetteer.place("Nijmegen").region == "Gelderland"  # type: ignore[union-attr]
    assert gazetteer.city_of_adjective("Wendelstedter") == Place("Wendelstedt", "city", "DE")
    assert places.place("Gelderland") is None  # the bundled data is untouched


# -- the generated city table -------------------------------------------------------------

def _table_rows() -> list[list[str]]:
    text = (Path(places.__file__).parent.parent / "data" / "geo" / "cities.tsv").read_text(
        encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if not line.startswith("#")]


def test_the_city_table_is_current() -> None:
    # Made by scripts/make_gazetteer.py; rerun it when this fails.
    countries = places.word_keys(form for e in kbmod.default().entries if e.kind == "country"
                                 for form in (e.name, *e.aliases))
    rows = _table_rows()
    assert len(rows) > 38_000
    for kind, name, country, _admin1, population, others, holding, keys in rows:
        names = [name, *(others.split("|") if others else ())]
        assert kind in ("city", "county") and len(country) == 2
        assert keys == "|".join(dict.fromkeys(k for k in map(places.fold, names) if k))
        assert (holding.split("|") if holding else []) == places.names_holding(names, countries)
        assert population.isdigit() or (kind == "county" and population == "")
    table = places.bundled_table()
    for item in CITIES:  # a name the table lacks would be a town of its own, without region
        assert [row for row in table.rows(places.fold(str(item["name"])))
                if row[2] == item["country"]], item["name"]


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from("aZß. -'’É1ü\tİ(ſ")) | st.text())
def test_fast_fold_is_the_knowledge_bases_fold(text: str) -> None:
    assert places.fold(text) == kbmod.fold(text)


# -- the knowledge base -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "place", "country"), [
    ("Plans in Western Australia and South Australia grow.", "Western Australia", None),
    ("The government of Lower Austria said so.", "Lower Austria", None),
    ("Die Regierung von Britisch-Kolumbien fördert.", "Britisch-Kolumbien", None),
    ("Ein Werk in Mexiko-Stadt entsteht.", "Mexiko-Stadt", None),
    ("A lab in Washington Heights opened.", "Washington Heights", None),
    ("Innere Mongolei baut Rechenzentren.", "Innere Mongolei", None),
    ("Australia and Austria signed.", None, "Australia"),
])
def test_knowledge_base_matches_places_holding_a_country(
        text: str, place: str | None, country: str | None) -> None:
    found = kbmod.default().find(text)
    if place is not None:
        assert [m.surface for m in found if m.entry.type == "place"][:1] == [place]
        assert not [m for m in found if m.entry.kind == "country"
                    and m.start >= text.index(place) and m.end <= text.index(place) + len(place)]
    if country is not None:
        assert country in [m.entry.name for m in found if m.entry.kind == "country"]


def test_knowledge_base_gazetteer_is_built_once() -> None:
    kb = kbmod.default()
    assert kb.places is kb.places
    assert kb.places.country_of_adjective("namibische") == "NA"
