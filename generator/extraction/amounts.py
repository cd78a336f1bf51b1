"""Money amounts in German and English text: numbers, scale words, currencies, ranges, vagueness.

One compiled regular expression (built at import time from tables; currency names, plurals
and symbols come from CLDR through babel) reads every phrase, tried only near currency tokens;
a little Python turns its groups into values. No network; odd input yields no amount.

Decisions worth knowing:

* An amount needs a currency (symbol, ISO code or word). "39 Milliarden Menschen" is not money.
* Vague amounts get bounds: "mehrere/several/a few/einige X" -> 2X .. 10X-1, "tens of X /
  mehrere zehn X / zig X / Dutzende X" -> 10X .. 100X-1, "hundreds of X / mehrere hundert X /
  several hundred X / Hunderte X" -> 100X .. 1000X-1, a bare plural "billions of dollars /
  Milliarden Dollar" -> 2X .. 1000X-1. value is the lower bound, approximate is True.
* "more than / mehr als / über / at least / over / 1bn-plus": min = value, max = value plus one
  step of its last significant digit, minus one ("mehr als 4 Billionen" -> 4e12 .. 4999999999999).
* "up to / bis zu / under / less than / a little under": max = value. Both kinds and
  "about / rund / etwa / nearly / knapp ..." set approximate.
* German "über" right after a capitalised noun means "worth" ("Auftrag über 5 Mrd. Euro"): exact.
* "from $5bn to $7bn" and "by $5bn to $7bn" describe a change, not a range: two amounts.
* A lone "won" or "pound(s)" is a currency only after a scale word ("9.1 trillion won"), since
  the verb and the weight are more common; "a/an/ein/eine" count only before a singular scale
  word with no hyphen ("eine Milliarde Dollar", not "ein Milliarden-Dollar-Deal").
* German "Billion" is 10^12; a capitalised singular "Billion" is read by the language argument.
  "trillion" is 10^12 and "Trillionen" 10^18.
* "$" and a bare "Dollar" are USD, "¥" is JPY, a bare "riyal" is SAR, "francs" are CHF.
* The span includes the qualifier ("rund 10 Milliarden Euro", "between ... and ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from babel import Locale
from babel.numbers import get_currency_name, get_currency_symbol

__all__ = ["MoneySpan", "find_amounts"]

Number = int | float


class MoneySpan(NamedTuple):
    """A money amount found in text, with its currency and value in currency units."""

    start: int
    end: int
    text: str
    currency: str
    value: Number
    min: Number | None = None
    max: Number | None = None
    approximate: bool = False


# ---------------------------------------------------------------------------------------------
# Tables

_CODES = (
    "USD", "EUR", "JPY", "GBP", "KRW", "CNY", "INR", "CHF", "TWD", "SAR", "AED", "CAD", "AUD",
    "HKD", "SGD", "NZD", "SEK", "NOK", "DKK", "PLN", "BRL", "RUB", "ILS", "QAR", "MXN", "ZAR",
    "TRY", "MYR", "IDR", "THB",
)

# Informal names CLDR lacks; bare words that are ambiguous ("Krone", "Rand", "Real", "Peso")
# are deliberately left out.
_EXTRA_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "us-dollar": "USD", "us-dollars": "USD",
    "us dollar": "USD", "us dollars": "USD", "u.s. dollar": "USD", "u.s. dollars": "USD",
    "amerikanische dollar": "USD", "american dollars": "USD",
    "euro": "EUR", "euros": "EUR",
    "yen": "JPY", "japanische yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "chinesische yuan": "CNY", "yuan renminbi": "CNY",
    "rupien": "INR", "rupie": "INR", "rupees": "INR", "rupee": "INR",
    "pfund": "GBP", "pfund sterling": "GBP", "pounds sterling": "GBP", "pound sterling": "GBP",
    "sterling": "GBP", "britische pfund": "GBP",
    "franken": "CHF", "francs": "CHF", "franc": "CHF", "swiss francs": "CHF",
    "taiwan-dollar": "TWD", "taiwan dollar": "TWD", "taiwan dollars": "TWD",
    "taiwanese dollars": "TWD", "nt dollars": "TWD", "neue taiwan-dollar": "TWD",
    "new taiwan dollars": "TWD",
    "hongkong-dollar": "HKD", "hong kong dollars": "HKD", "hk dollars": "HKD",
    "singapur-dollar": "SGD", "singapore dollars": "SGD",
    "kanadische dollar": "CAD", "canadian dollars": "CAD",
    "australische dollar": "AUD", "australian dollars": "AUD",
    "neuseeländische dollar": "NZD", "new zealand dollars": "NZD",
    "südkoreanische won": "KRW", "koreanische won": "KRW", "korean won": "KRW",
    "south korean won": "KRW",
    "riyal": "SAR", "riyals": "SAR", "rial": "SAR", "saudische riyal": "SAR",
    "saudi riyals": "SAR", "saudi-riyal": "SAR",
    "katarische riyal": "QAR", "qatari riyals": "QAR",
    "dirham": "AED", "dirhams": "AED", "emirati dirhams": "AED", "uae dirhams": "AED",
    "rubel": "RUB", "rubles": "RUB", "roubles": "RUB", "ruble": "RUB", "rouble": "RUB",
    "schekel": "ILS", "shekel": "ILS", "shekels": "ILS",
    "zloty": "PLN", "złoty": "PLN", "zlotys": "PLN", "kronor": "SEK", "reais": "BRL",
    "ringgit": "MYR", "rupiah": "IDR", "baht": "THB", "türkische lira": "TRY", "lira": "TRY",
}
# Currency words that are usually something else unless a scale word precedes them.
_RESTRICTED_WORDS: dict[str, str] = {"won": "KRW", "pound": "GBP", "pounds": "GBP"}

_EXTRA_SYMBOLS: dict[str, str] = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW",
    "₹": "INR", "₪": "ILS", "cn¥": "CNY", "c$": "CAD", "ca$": "CAD", "can$": "CAD", "a$": "AUD",
    "au$": "AUD", "nt$": "TWD", "hk$": "HKD", "s$": "SGD", "sg$": "SGD", "nz$": "NZD",
    "r$": "BRL", "mx$": "MXN", "฿": "THB",
}
# Case-sensitive tokens: lower-case "try", "nok" or "rs" are ordinary words.
_CASED_PREFIXES: dict[str, str] = {"Rs": "INR", "Rs.": "INR", "RMB": "CNY"}

_EN_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
             "seventeen", "eighteen", "nineteen", "twenty")
_EN_TENS = ("thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_DE_UNITS = ("eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun")
_DE_TEENS = ("zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn",
             "achtzehn", "neunzehn", "zwanzig")
_DE_TENS = ("dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig")

_NUMBER_WORDS: dict[str, Decimal] = {"a hundred": Decimal(100)}
for _units, _teens, _tens in ((_EN_UNITS, _EN_TEENS, _EN_TENS), (_DE_UNITS, _DE_TEENS, _DE_TENS)):
    for _i, _w in enumerate((*_units, *_teens), start=1):
        _NUMBER_WORDS[_w] = Decimal(_i)
    for _i, _w in enumerate(_tens, start=3):
        _NUMBER_WORDS[_w] = Decimal(_i * 10)
for _i, _w in enumerate(_EN_UNITS, start=1):
    _NUMBER_WORDS[f"{_w} hundred"] = Decimal(_i * 100)
    _NUMBER_WORDS[f"{_w} and a half"] = Decimal(_i) + Decimal("0.5")
for _i, _w in enumerate(_DE_UNITS[1:], start=2):
    _NUMBER_WORDS[f"{_w}hundert"] = Decimal(_i * 100)
    _NUMBER_WORDS[f"{_w}einhalb"] = Decimal(_i) + Decimal("0.5")
_NUMBER_WORDS.update({
    "hundert": Decimal(100), "einhundert": Decimal(100), "tausend": Decimal(1000),
    "eintausend": Decimal(1000), "eineinhalb": Decimal("1.5"), "anderthalb": Decimal("1.5"),
    "dreissig": Decimal(30), "zwoelf": Decimal(12),
})
for _w, _v in list(_NUMBER_WORDS.items()):
    if "ü" in _w:
        _NUMBER_WORDS[_w.replace("ü", "ue")] = _v

# Articles count as "one" only before a singular scale word.
_ARTICLES: dict[str, Decimal] = {
    **dict.fromkeys(("a", "an", "ein", "eine", "einer", "einem", "einen", "eines"), Decimal(1)),
    **dict.fromkeys(
        ("half a", "a half", "eine halbe", "einer halben", "einem halben", "einen halben"),
        Decimal("0.5"),
    ),
}

# Scale word -> (multiplier, language whose number format it implies or None).
_SING_SCALES: dict[str, tuple[Decimal, str | None]] = {
    "million": (Decimal(10) ** 6, None), "milliarde": (Decimal(10) ** 9, "de"),
    "billion": (Decimal(10) ** 9, "en"), "trillion": (Decimal(10) ** 12, "en"),
    "thousand": (Decimal(10) ** 3, "en"), "tausend": (Decimal(10) ** 3, "de"),
    "mio.": (Decimal(10) ** 6, "de"), "mio": (Decimal(10) ** 6, "de"),
    "mrd.": (Decimal(10) ** 9, "de"), "mrd": (Decimal(10) ** 9, "de"),
    "bio.": (Decimal(10) ** 12, "de"), "crore": (Decimal(10) ** 7, "en"),
    "lakh": (Decimal(10) ** 5, "en"), "lakh crore": (Decimal(10) ** 12, "en"),
    "lakh crores": (Decimal(10) ** 12, "en"), "lakh-crore": (Decimal(10) ** 12, "en"),
}
_PLURAL_SCALES: dict[str, tuple[Decimal, str | None]] = {
    "millionen": (Decimal(10) ** 6, "de"), "milliarden": (Decimal(10) ** 9, "de"),
    "billionen": (Decimal(10) ** 12, "de"), "trillionen": (Decimal(10) ** 18, "de"),
    "millions": (Decimal(10) ** 6, "en"), "billions": (Decimal(10) ** 9, "en"),
    "trillions": (Decimal(10) ** 12, "en"), "thousands": (Decimal(10) ** 3, "en"),
    "tausende": (Decimal(10) ** 3, "de"), "tausenden": (Decimal(10) ** 3, "de"),
}
_OTHER_SCALES: dict[str, tuple[Decimal, str | None]] = {
    "tsd.": (Decimal(10) ** 3, "de"), "tsd": (Decimal(10) ** 3, "de"),
    "mia.": (Decimal(10) ** 9, "de"), "bio": (Decimal(10) ** 12, "de"),
    "mn": (Decimal(10) ** 6, "en"), "mln": (Decimal(10) ** 6, "en"),
    "bn": (Decimal(10) ** 9, "en"), "bln": (Decimal(10) ** 9, "en"),
    "tn": (Decimal(10) ** 12, "en"), "trn": (Decimal(10) ** 12, "en"),
    "crores": (Decimal(10) ** 7, "en"), "cr": (Decimal(10) ** 7, "en"),
    "cr.": (Decimal(10) ** 7, "en"), "lakhs": (Decimal(10) ** 5, "en"),
}
# Single letters glued to the number: "$6.6bn" style "€600m", "$5B", "$50k".
_LETTER_SCALES: dict[str, tuple[Decimal, str | None]] = {
    "k": (Decimal(10) ** 3, "en"), "m": (Decimal(10) ** 6, "en"), "b": (Decimal(10) ** 9, "en"),
}
_VAGUE_SCALE_WORDS = ("million", "milliarde", "billion", "trillion", "thousand", "tausend",
                      "mio.", "mrd.", "bio.", "crore", "lakh")
_ALL_SCALES = {**_SING_SCALES, **_PLURAL_SCALES, **_OTHER_SCALES, **_LETTER_SCALES}

_FEW_WORDS = ("mehrere", "mehreren", "mehrerer", "einige", "einigen", "einiger", "ein paar",
              "wenige", "wenigen", "several", "a few", "a couple of", "a couple")
_TENS_WORDS = ("tens of", "dozens of", "zig", "dutzende", "dutzenden")
_HUNDREDS_WORDS = ("hundreds of", "hunderte", "hunderten")

_APPROX_QUALS = (
    "rund", "etwa", "ca.", "circa", "zirka", "ungefähr", "annähernd", "fast", "beinahe",
    "nahezu", "knapp", "gut", "schätzungsweise", "geschätzt", "geschätzte", "geschätzten",
    "um die", "an die", "about", "around", "roughly", "approximately", "approx.", "nearly",
    "almost", "some", "close to", "an estimated", "estimated", "just over", "a little over",
    "slightly over", "slightly more than", "knapp über",
)
_LOWER_QUALS = (
    "more than", "over", "above", "in excess of", "upwards of", "at least", "no less than",
    "well over", "well above", "mehr als", "über", "mindestens", "weit über", "deutlich über",
    "deutlich mehr als", "gut über",
)
_UPPER_QUALS = (
    "up to", "as much as", "as high as", "less than", "under", "below", "no more than",
    "at most", "just under", "a little under", "slightly under", "just shy of", "bis zu",
    "weniger als", "unter", "höchstens", "maximal", "knapp unter", "nicht mehr als",
)
_QUALS: dict[str, str] = {
    **dict.fromkeys(_APPROX_QUALS, "approx"),
    **dict.fromkeys(_LOWER_QUALS, "lower"),
    **dict.fromkeys(_UPPER_QUALS, "upper"),
}

# ---------------------------------------------------------------------------------------------
# Building blocks


@lru_cache(maxsize=8192)
def _norm(s: str) -> str:
    """Lower-case, single-spaced key with German adjective endings folded."""
    s = _SPACES.sub(" ", s.lower())
    return _ADJ_ENDING.sub(r"\1", s)


_SPACES = re.compile(r"\s+")
_ADJ_ENDING = re.compile(r"\b(\w*isch|neu)e[mnrs]?\b")
_ADJ_WORD = re.compile(r"(\w*isch|neu)(?:e[mnrs]?)")


def _atom(c: str) -> str:
    """A character matched in either case: a class, not re.IGNORECASE (see below)."""
    if c == " ":
        return r"\s+"
    forms = sorted({f for f in (c, c.lower(), c.upper()) if len(f) == 1})
    return re.escape(c) if len(forms) == 1 else "[" + "".join(forms) + "]"


def _word_atoms(phrase: str) -> list[str]:
    """Regex atoms for a currency name: flexible spaces, any German adjective ending."""
    atoms: list[str] = []
    for i, word in enumerate(phrase.lower().split()):
        if i:
            atoms.append(r"\s+")
        m = _ADJ_WORD.fullmatch(word)
        if m:
            atoms.extend(_atom(c) for c in m.group(1))
            atoms.append("[Ee][MNRSmnrs]?")
        else:
            atoms.extend(_atom(c) for c in word)
    return atoms


def _literal_atoms(phrase: str) -> list[str]:
    """Regex atoms for a literal in any case, one per character; a space is any whitespace."""
    return [_atom(c) for c in phrase.lower()]


_Node = dict[str, "_Node"]


def _trie(entries: Iterable[Sequence[str]]) -> str:
    """One regex alternation from many atom sequences, factored by common prefixes (fast)."""
    root: _Node = {}
    for atoms in entries:
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: _Node) -> str:
        alts = [atom + emit(child) for atom, child in sorted(node.items()) if atom]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            # Greedy optional: the longer entry is tried first, the shorter on backtracking.
            return (body if len(alts) > 1 else f"(?:{body})") + "?"
        return body

    return emit(root)


def _words(words: Iterable[str]) -> str:
    """Trie regex for literal words or phrases, in any case."""
    return _trie(_literal_atoms(w) for w in words)


def _currency_tables() -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Word and symbol tables (CLDR names and symbols plus informal forms) and word phrases."""
    words: dict[str, str] = {}
    symbols: dict[str, str] = {}
    phrases: set[str] = set(_EXTRA_WORDS)
    for code in _CODES:
        for loc in ("de", "en"):
            names = {get_currency_name(code, count, loc) for count in (1, 2)}
            names.add(Locale(loc).currencies.get(code) or "")
            for name in names:
                if name and not name.isupper():
                    words.setdefault(_norm(name), code)
                    phrases.add(name)
            symbol = get_currency_symbol(code, loc)
            if symbol and not symbol.isalpha():
                symbols.setdefault(symbol.lower(), code)
    for word, code in _EXTRA_WORDS.items():
        words.setdefault(_norm(word), code)
    for symbol, code in _EXTRA_SYMBOLS.items():
        symbols.setdefault(symbol, code)
    return words, symbols, sorted(phrases)


_WORD_CURRENCY, _SYMBOL_CURRENCY, _WORD_PHRASES = _currency_tables()
_CODE_TOKENS = {**{c: c for c in _CODES}, **_CASED_PREFIXES}

# ---------------------------------------------------------------------------------------------
# The expression. Letters are written as classes ("[Mm]") instead of using re.IGNORECASE: the
# engine skips an alternative whose first literal or class does not fit, which it cannot do
# for case-folded literals, so this is several times faster. Codes ("USD", "Rs") keep their
# case.

_NB = r"(?![^\W_])"  # not followed by a letter or digit
_NL = r"(?![^\W\d_])"  # not followed by a letter
_WORD_CUR = _trie(_word_atoms(p) for p in _WORD_PHRASES)
_RESTR_CUR = _words(_RESTRICTED_WORDS)
_SYMBOLS = _words(_SYMBOL_CURRENCY)
_CODE = _trie([re.escape(c) for c in t] for t in _CODE_TOKENS) + _NL  # case-sensitive
_PREFIX = f"(?:{_SYMBOLS}|{_CODE})"
# Any run of digit groups (possessive, so no backtracking); _parse_digits rejects the
# malformed ones, like dates.
_DIGITS = r"\d++(?:[.,'’\u00a0\u202f]\d++)*+"
_NUMBER = f"(?:{_DIGITS}|{_words(_NUMBER_WORDS)}{_NB})"
_ART = _words(_ARTICLES) + _NB
_SCALE_SING = _words(_SING_SCALES) + _NB
_SCALE_OTHER = _words({**_PLURAL_SCALES, **_OTHER_SCALES}) + _NB
_SCALE_LETTER = _words(_LETTER_SCALES) + _NB
_PLUS = rf"(?:-?{_words(['plus'])}{_NB}|\+)"


def _suffix(t: str) -> str:
    """A currency after the number; symbols and codes not when they start the next amount."""
    return (f"(?P<{t}suf>{_WORD_CUR}{_NB}|(?P<{t}sr>{_RESTR_CUR}){_NB}"
            rf"|(?:{_SYMBOLS}|{_CODE})(?!\s?\d))")


def _amount(t: str, range_start: bool = False) -> str:
    """One amount: [prefix currency] number-or-article [scale] [suffix currency].

    range_start: the first amount of a range, where a bare "ein" counts ("ein bis zwei").
    """
    bare_article = r"(?=\s+[Bb][Ii][Ss]\s)" if range_start else "(?!)"
    return (
        rf"(?:(?P<{t}pre>{_PREFIX})\s?)?"
        rf"(?:(?P<{t}art>{_ART})|(?P<{t}num>{_NUMBER}))"
        rf"(?:(?({t}art)\s+|[\s-]?)(?P<{t}sc>(?P<{t}ss>{_SCALE_SING})|{_SCALE_OTHER})"
        rf"|(?P<{t}sl>{_SCALE_LETTER}))?"
        # an article needs a singular scale word
        rf"(?({t}art)(?({t}ss)|{bare_article})|)"
        # an article reads "a billion dollars", never "a billion-dollar deal"
        rf"(?:(?({t}art)\s|[\s-]?){_suffix(t)})?"
        rf"(?({t}pre)(?({t}suf)(?!)|)|)"
        rf"(?({t}sr)(?({t}sc)|(?({t}sl)|(?!)))|)"
        # "2030 Euro-Anleihen", "ein Euro-Land": a bare number before a compound is no amount
        rf"(?({t}sc)|(?({t}sl)|(?({t}suf)(?![-‐][^\W\d_])|)))"
    )


def _has(t: str, *groups: str) -> str:
    """Conditional that fails unless one of the groups t+g matched."""
    out = "(?!)"
    for g in reversed(groups):
        out = f"(?({t}{g})|{out})"
    return out


def _numeric(with_range: bool) -> str:
    """A single amount, or with_range a range of two amounts sharing currency and scale."""
    if not with_range:
        return _amount("a") + _has("a", "pre", "suf") + f"(?P<plus>{_PLUS})?"
    b_scaled = _has("b", "sc", "sl")
    return (
        rf"(?:(?P<btw>{_words(['between', 'zwischen'])})\s+)?"
        + _amount("a", range_start=True)
        + rf"(?:(?P<conn>(?(btw)\s+{_words(['and', 'und'])}\s+"
        + rf"|(?:\s?[-–—]\s?|\s+{_words(['to', 'bis'])}\s+)))"
        + _amount("b")
        # the second amount carries a scale or a currency, and a scale if the first has one
        + _has("b", "sc", "sl", "pre", "suf")
        + f"(?(asc){b_scaled}|(?(asl){b_scaled}|))"
        + ")?"
        + "(?(btw)(?(conn)|(?!))|)"
        + "(?(apre)|(?(asuf)|" + _has("b", "pre", "suf") + "))"
        + f"(?P<plus>{_PLUS})?"
    )


_VAGUE = (
    rf"(?:(?P<vfew>{_words(_FEW_WORDS)}){_NB}\s+"
    rf"(?:(?P<vten>{_words(['zehn', '10', 'tens of'])}){_NB}\s+"
    rf"|(?P<vhun>{_words(['hundert', 'hundred', '100', 'hundreds of'])}){_NB}\s+)?"
    rf"|(?P<vten2>{_words(_TENS_WORDS)}){_NB}\s+"
    rf"|(?P<vhun2>{_words(_HUNDREDS_WORDS)}){_NB}\s+)?"
    rf"(?P<vsc>(?P<vpl>{_words(_PLURAL_SCALES)}){_NB}|{_words(_VAGUE_SCALE_WORDS)}{_NB})"
    rf"\s+(?:{_words(['of'])}\s+)?(?P<vsuf>{_WORD_CUR}{_NB}|{_RESTR_CUR}{_NB}|{_SYMBOLS}|{_CODE})"
    # a bare scale word is vague only in the plural: "billions of dollars"
    r"(?(vfew)|(?(vten2)|(?(vhun2)|(?(vpl)|(?!)))))"
)


def _pattern(with_range: bool) -> str:
    """The whole money phrase: optional qualifier, then a numeric or a vague amount."""
    return (
        r"(?<![\w.,$€£¥₩₹₪])"
        rf"(?:(?P<q>{_words(_QUALS)}){_NB}\s+)?"
        rf"(?:{_numeric(with_range)}|{_VAGUE})"
    )


_RX = re.compile(_pattern(True))
_RX_SINGLE = re.compile(_pattern(False))

# ---------------------------------------------------------------------------------------------
# Anchors. Every amount contains a currency token (a symbol, an ISO code or the head noun of
# a currency name); one pass finds them all, and the big expression is tried only from a
# little before each, so its cost grows with the amounts, not with the text.

# Head nouns that are mostly ordinary words ("real", "Rand") anchor on their adjective.
_COMMON_WORD_HEADS = frozenset({"real", "reals", "rand"})


def _anchor_words() -> tuple[frozenset[str], frozenset[str]]:
    """Whole-word anchors (head nouns) and word-start anchors (adjective stems)."""
    heads: set[str] = set()
    stems: set[str] = set()
    for phrase in [*_WORD_PHRASES, *_RESTRICTED_WORDS]:
        words = re.split(r"[\s-]+", phrase.lower())
        if words[-1] not in _COMMON_WORD_HEADS:
            heads.add(words[-1])
        elif len(words) > 1:
            m = _ADJ_WORD.fullmatch(words[-2])
            stems.add(m.group(1) if m else words[-2])
    return frozenset(heads), frozenset(stems)


_HEADS, _STEMS = _anchor_words()
_GLYPHS = frozenset(s for s in _SYMBOL_CURRENCY if len(s) == 1)
_FREE, _WHOLE_WORD, _WORD_START = 0, 1, 2


def anchor_keywords() -> dict[str, int]:
    """Every currency token, each with how it must stand in a word (_FREE, _WHOLE_WORD...)."""
    modes: dict[str, int] = {}
    for words, mode in ((_HEADS, _WHOLE_WORD), (_STEMS, _WORD_START)):
        for word in words:
            for form in {word, word.capitalize(), word.upper()}:
                modes[form] = mode
    for glyph in _GLYPHS:
        modes[glyph] = _FREE
    for token in _CODE_TOKENS:
        modes[token] = _WHOLE_WORD
    return modes


def _anchor_automaton() -> Any:
    """Aho-Corasick automaton over the anchor tokens, or None without pyahocorasick."""
    try:
        import ahocorasick
    except ImportError:  # pragma: no cover - a declared dependency; _ANCHOR_RX stands in
        return None
    automaton = ahocorasick.Automaton()
    for form, mode in anchor_keywords().items():
        automaton.add_word(form, (len(form), mode))
    automaton.make_automaton()
    return automaton


_AUTOMATON = _anchor_automaton()
_ANCHOR_RX = re.compile(
    rf"{_words(_GLYPHS)}|(?<![^\W\d_])(?:(?:{_words(_HEADS)}"
    rf"|{'|'.join(re.escape(t) for t in sorted(_CODE_TOKENS, key=len, reverse=True))})"
    rf"(?![^\W\d_])|{_words(_STEMS)})"
)


def _anchors(text: str, tokens: Iterable[tuple[int, int, int]] | None = None,
             ) -> list[tuple[int, int]]:
    """Start and end of every currency token, in order."""
    # tokens: (start, end, mode) of the anchor_keywords() in text, if found already.
    if tokens is None:
        if _AUTOMATON is None:
            return [m.span() for m in _ANCHOR_RX.finditer(text)]
        tokens = ((last + 1 - size, last + 1, mode)
                  for last, (size, mode) in _AUTOMATON.iter(text))
    found: list[tuple[int, int]] = []
    n = len(text)
    for start, end, mode in tokens:
        if mode and ((start > 0 and text[start - 1].isalpha())
                     or (mode == _WHOLE_WORD and end < n and text[end].isalpha())):
            continue
        found.append((start, end))
    found.sort()
    return found


def _reverse_vocabulary() -> list[str]:
    """Every word that can stand in an amount before its currency token, reversed."""
    phrases: list[str] = [
        *_QUALS, *_NUMBER_WORDS, *_ARTICLES, *_FEW_WORDS, *_TENS_WORDS, *_HUNDREDS_WORDS,
        *_ALL_SCALES, *_WORD_PHRASES, *_RESTRICTED_WORDS, *_CODE_TOKENS,
        "between", "zwischen", "and", "und", "to", "bis", "of", "zehn", "hundert", "hundred",
    ]
    phrases += [re.sub(r"[$€£¥₩₹₪฿]", " ", s) for s in _SYMBOL_CURRENCY]
    words: set[str] = set()
    for phrase in phrases:
        for word in re.split(r"[\s\-]+", phrase.lower()):
            m = _ADJ_WORD.fullmatch(word)
            if m:
                words.update(m.group(1) + end for end in ("e", "em", "en", "er", "es"))
            elif word:
                words.add(word)
    return [w[::-1] for w in words]


# Matched against the reversed text before a currency token: how far back an amount can reach.
# At most 16 tokens: more than any real amount has before its currency, and a bound on the
# work for text like "Euro Euro Euro ...".
_BACK_PATTERN = (r"[\s\-–—]*(?:(?:[\d.,'’\u00a0\u202f]+|" + _words(_reverse_vocabulary())
                 + r"|[$€£¥₩₹₪฿])(?![^\W_])[\s\-–—]*){0,16}")
_BACK = re.compile(_BACK_PATTERN)
_BEFORE = 200  # longest stretch looked at before a currency token
_AFTER = 100  # longest stretch an amount reaches past its first currency token

_FROM = re.compile(r"\b(?:from|by)\s+$", re.IGNORECASE)
_NOUN_BEFORE = re.compile(r"[^.!?:;\s]\s+[A-ZÄÖÜ][\w-]*\s+$")
_WELL_FORMED = re.compile(
    r"\d{1,2}(?:,\d\d)+,\d{3}"  # Indian grouping: 1,00,000
    r"|\d{1,3}(?:([.,'’\u00a0\u202f])\d{3}(?:\1\d{3})*)?(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?"
)
_GROUPING = re.compile(r"[\u00a0\u202f'’]")
_TRILLION = Decimal(10) ** 12

# ---------------------------------------------------------------------------------------------
# Values


class _Reject(Exception):
    """A match that only looked like an amount: malformed digits ("20.08.2024 Euro")."""


def _parse_digits(s: str, hint: str) -> Decimal:
    """Digits with separators to a Decimal; hint ("de"/"en") settles "1.500" and "1,500"."""
    if s.isdigit():
        return Decimal(s)
    if not _WELL_FORMED.fullmatch(s):
        raise _Reject(s)
    s = _GROUPING.sub("", s)
    last_dot, last_comma = s.rfind("."), s.rfind(",")
    dec: str | None
    if last_dot >= 0 and last_comma >= 0:
        dec = "." if last_dot > last_comma else ","
    elif last_dot >= 0 or last_comma >= 0:
        sep = "." if last_dot >= 0 else ","
        parts = s.split(sep)
        if len(parts) > 2:
            dec = None
        elif len(parts[1]) != 3 or parts[0] == "0":
            dec = sep
        else:
            # "1.500" / "1,500": a thousands separator unless the language reads it as decimal
            dec = sep if (sep == ",") == (hint == "de") else None
    else:
        dec = None
    if dec is None:
        return Decimal(s.replace(".", "").replace(",", ""))
    head, _, tail = s.rpartition(dec)
    return Decimal(head.replace(".", "").replace(",", "") + "." + tail)


def _out(d: Decimal) -> Number:
    """An int where the value is integral, else a float."""
    return int(d) if d == d.to_integral_value() else float(d)


def _next_step_max(v: Decimal) -> Decimal:
    """The top of "more than v": just below v plus one unit of its last significant digit."""
    exponent = v.normalize().as_tuple().exponent
    if not isinstance(exponent, int):
        return v
    step = Decimal(1).scaleb(exponent)
    return v + step - 1 if step >= 1 else v + step - Decimal("0.01")


def _currency(raw: str | None) -> str | None:
    """ISO code of a currency token as written."""
    if not raw:
        return None
    code = _CODE_TOKENS.get(raw)
    if code:
        return code
    key = _norm(raw)
    return _SYMBOL_CURRENCY.get(key) or _WORD_CURRENCY.get(key) or _RESTRICTED_WORDS.get(key)


_A_GROUPS = ("apre", "aart", "anum", "asc", "asl", "asuf")
_B_GROUPS = ("bpre", "bart", "bnum", "bsc", "bsl", "bsuf")


def _part(m: re.Match[str], names: tuple[str, ...],
          lang: str) -> tuple[str | None, str | None, Decimal | None, str | None, str | None]:
    """One amount of a match: article, number, multiplier, format language, currency."""
    pre, art, num, sc, sl, suf = m.group(*names)
    mult = hint = None
    scale = sc or sl
    if scale:
        key = _norm(scale)
        if key == "billion" and lang == "de" and scale[0] == "B":
            mult, hint = _TRILLION, "de"
        else:
            mult, hint = _ALL_SCALES.get(key, (None, None))
    cur = _currency(pre or suf)
    return art, num, mult, hint, cur


def _base(art: str | None, num: str | None, hint: str) -> Decimal:
    """The number of an amount before scaling."""
    if art:
        return _ARTICLES[_norm(art)]
    if num and num[0].isdigit():
        return _parse_digits(num, hint)
    return _NUMBER_WORDS[_norm(num or "")]


def _qualifier(m: re.Match[str], q: str | None, text: str) -> tuple[str | None, int]:
    """Kind of the qualifier ("approx"/"lower"/"upper") and where the span starts."""
    if not q:
        return None, m.start()
    key = _norm(q)
    if key == "über" and _NOUN_BEFORE.search(text, max(0, m.start() - 60), m.start()):
        # "ein Auftrag über 5 Mrd. Euro" names the size of the order, not a lower bound
        start = m.end("q")
        while text[start].isspace():
            start += 1
        return None, start
    return _QUALS.get(key), m.start()


def _vague(m: re.Match[str], text: str) -> MoneySpan | None:
    """A vague amount: "mehrere Milliarden Euro", "tens of billions of dollars"."""
    q, vsc, vsuf, few, ten, ten2, hun, hun2 = m.group(
        "q", "vsc", "vsuf", "vfew", "vten", "vten2", "vhun", "vhun2")
    cur = _currency(vsuf)
    if cur is None:
        return None
    mult = _ALL_SCALES[_norm(vsc)][0]
    if ten or ten2:
        lo, hi = 10 * mult, 100 * mult - 1
    elif hun or hun2:
        lo, hi = 100 * mult, 1000 * mult - 1
    elif few:
        lo, hi = 2 * mult, 10 * mult - 1
    else:
        lo, hi = 2 * mult, 1000 * mult - 1
    _, start = _qualifier(m, q, text)
    return MoneySpan(start, m.end(), text[start:m.end()], cur, _out(lo), _out(lo), _out(hi), True)


def _numeric_span(m: re.Match[str], text: str, lang: str) -> MoneySpan | None:
    """A single amount or a range; None when a matched range does not hold together."""
    q, plus = m.group("q", "plus")
    conn = m.group("conn") if m.re is _RX else None
    art, num, mult, hint, cur = _part(m, _A_GROUPS, lang)
    lo = hi = None
    if conn:
        art_b, num_b, mult_b, hint_b, cur_b = _part(m, _B_GROUPS, lang)
        hint = hint or hint_b or lang
        value = _base(art, num, hint) * (mult or mult_b or 1)
        high = _base(art_b, num_b, hint) * (mult_b or 1)
        if (value >= high or (cur and cur_b and cur != cur_b)
                or (conn.strip() == "to"
                    and _FROM.search(text, max(0, m.start() - 12), m.start()))):
            return None
        lo, hi = value, high
        cur = cur or cur_b
    else:
        value = _base(art, num, hint or lang) * (mult or 1)
    if cur is None:
        return None
    kind, start = _qualifier(m, q, text)
    approximate = kind is not None
    if plus:
        kind, approximate = "lower", True
    if not conn and kind == "lower":
        lo, hi = value, _next_step_max(value)
    elif not conn and kind == "upper":
        hi = value
    return MoneySpan(
        start, m.end(), text[start:m.end()], cur, _out(value),
        None if lo is None else _out(lo), None if hi is None else _out(hi), approximate,
    )


def _emit(m: re.Match[str], text: str, lang: str, out: list[MoneySpan]) -> bool:
    """Append the amount of one match (of its parts, for a range that does not hold).

    False if the match must be dropped and the search resumed just after its start.
    """
    try:
        span = _vague(m, text) if m.start("vsc") >= 0 else _numeric_span(m, text, lang)
    except _Reject:
        return False
    except (ArithmeticError, KeyError, ValueError, IndexError):
        return True
    if span is not None:
        out.append(span)
    elif m.re is _RX and m.start("conn") >= 0:
        pos, end = m.start(), m.end()
        while pos < end:
            part = _RX_SINGLE.search(text, pos, end)
            if part is None:
                break
            pos = part.end() if _emit(part, text, lang, out) else part.start() + 1
    return True


def find_amounts(text: str, language: str = "de", *,
                 tokens: Iterable[tuple[int, int, int]] | None = None) -> list[MoneySpan]:
    """Every money amount in text, in order of appearance; never raises."""
    # tokens: (start, end, mode) of the anchor_keywords() in text, when a pass shared with
    # other stages has found them already.
    if not isinstance(text, str) or not text:
        return []
    anchors = _anchors(text, tokens)
    if not anchors:
        return []
    lang = "en" if str(language).lower().startswith("en") else "de"
    out: list[MoneySpan] = []
    n = len(text)
    done = 0  # end of the last amount
    for a_start, a_end in anchors:
        if a_start < done:
            continue
        back = _BACK.match(text[max(done, a_start - _BEFORE):a_start][::-1])
        pos = a_start - (back.end() if back else 0)
        endpos = min(n, a_end + _AFTER)
        while pos < endpos:
            m = _RX.search(text, pos, endpos)
            if m is None or m.start() >= a_end:
                break  # nothing here; a later token's window finds what follows
            if m.end() == endpos < n:  # cut short by the window: look again without it
                m = _RX.search(text, m.start(), n) or m
            if not _emit(m, text, lang, out):
                pos = m.start() + 1
                continue
            done = pos = m.end()
            if done > a_start:
                break
    return out
