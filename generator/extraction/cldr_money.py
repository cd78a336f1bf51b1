"""The CLDR currency table (names, local plurals, symbols, countries) taken from babel.

Reading symbols from the locales of every country costs most of a second, too much for each
process that extracts, so the table is written once to generator/data/money-cldr.json:

    python -m generator.extraction.cldr_money      # after upgrading babel

A test checks that the file equals what the installed babel gives.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import babel
from babel import Locale, localedata
from babel.core import get_global
from babel.languages import get_official_languages
from babel.numbers import get_currency_precision, get_territory_currencies, list_currencies

__all__ = ["PATH", "table"]

PATH = Path(__file__).resolve().parent.parent / "data" / "money-cldr.json"
# Currencies in use on this day: a fixed day keeps the file stable.
_TODAY = datetime.date(2025, 1, 1)
_LATIN = re.compile(r"[^\W\d_][\w'ʻ’.]*(?:[ -][^\W\d_][\w'ʻ’.]*)*")


def _fold(word: str) -> str:
    """Lower case without accents: 'Złoty' -> 'zloty'."""
    decomposed = unicodedata.normalize("NFKD", word.lower().replace("ł", "l"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _clean(symbol: str) -> str:
    """A symbol without direction marks and zero-width characters."""
    return "".join(c for c in symbol if unicodedata.category(c) != "Cf").strip()


def _names(locale: Locale, code: str) -> list[str]:
    """A locale's display name and count forms of a currency."""
    forms = [locale.currencies.get(code) or ""]
    forms += list(locale._data["currency_names_plural"].get(code, {}).values())
    return [f for f in dict.fromkeys(forms) if f]


def _heads(names: list[str]) -> set[str]:
    """The last word of each name, folded: the noun ('Krone', 'dollars', 'Namibia-Dollar')."""
    return {_fold(re.split(r"[\s-]+", name)[-1]) for name in names}


def table() -> dict[str, Any]:
    """Every currency: German and English names, local plurals, symbols, countries."""
    de, en = Locale("de"), Locale("en")
    territories: dict[str, list[str]] = {}
    for territory in sorted(get_global("territory_currencies")):
        if territory.isalpha():
            for code in get_territory_currencies(territory, start_date=_TODAY):
                territories.setdefault(code, []).append(territory)
    out: dict[str, Any] = {}
    for code in sorted(territories):
        names = {"de": _names(de, code), "en": _names(en, code)}
        heads = _heads(names["de"] + names["en"])
        symbols: set[str] = set()
        local: set[str] = set()
        for locale in (de, en):
            symbols.add(_clean(locale.currency_symbols.get(code, code)))
        for territory in territories[code]:
            for language in get_official_languages(territory, de_facto=True):
                ident = f"{language}_{territory}"
                if not localedata.exists(ident):
                    continue
                locale = Locale.parse(ident)
                symbols.add(_clean(locale.currency_symbols.get(code, code)))
                for name in _names(locale, code):
                    if not _LATIN.fullmatch(name):
                        continue
                    for word in re.split(r"[\s-]+", name):
                        # an inflection of the German or English noun: "reais", "kronor"
                        if len(word) > 3 and any(_fold(word)[:3] == h[:3] for h in heads):
                            local.add(word.lower())
        symbols.discard(code)
        symbols.discard("")
        out[code] = {
            "names": names,
            "local": sorted(local - {n.lower() for n in names["de"] + names["en"]}),
            "symbols": sorted(symbols),
            "territories": {
                "de": [de.territories.get(t, t) for t in territories[code]],
                "en": [en.territories.get(t, t) for t in territories[code]],
            },
            "digits": get_currency_precision(code),
        }
    # Currencies no longer in use, by name only ("Deutsche Mark", "Finnish markka"): their
    # codes and symbols are not read. Dated variants ("Peso (1881–1970)") are left out.
    for code in sorted(list_currencies()):
        if code in out or code.startswith("X"):
            continue
        names = {"de": [n for n in _names(de, code) if "(" not in n],
                 "en": [n for n in _names(en, code) if "(" not in n]}
        if names["de"] or names["en"]:
            out[code] = {"names": names, "local": [], "symbols": [],
                         "territories": {"de": [], "en": []},
                         "digits": get_currency_precision(code), "in_use": False}
    return {"babel": babel.__version__, "currencies": dict(sorted(out.items()))}


def text() -> str:
    """The file's text: stable JSON, one currency a line."""
    data = table()
    lines = [f'{{"babel": {json.dumps(data["babel"])}, "currencies": {{']
    items = list(data["currencies"].items())
    for i, (code, entry) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        lines.append(f"{json.dumps(code)}: {json.dumps(entry, ensure_ascii=False)}{comma}")
    lines.append("}}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    PATH.write_text(text(), encoding="utf-8")
    sys.stdout.write(f"wrote {PATH}\n")
