"""Currency tokens in text: names, plurals, symbols and ISO codes of every currency in use.

The forms come from CLDR (generator/data/money-cldr.json: German and English names and
plurals, the plurals of the countries' own languages, the symbols of their locales) and from
money.yaml (informal names, symbols CLDR lacks, which currency a shared form means). A form
several currencies share ("Kronen", "kr", "pesos") is settled by the article: a currency
written out unambiguously elsewhere in it, else the country or its adjective named most
("Schweden", "Norwegian"), else the first currency money.yaml lists for the form.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from .moneydata import cldr, money
from .scan import lowercase

if TYPE_CHECKING:
    from .scan import Vocabulary

__all__ = ["Context", "Token", "anchor_keywords", "digits", "hits", "resolve", "tokens"]

# How an anchor keyword must stand in the text (the modes extract.py's shared pass passes on).
FREE, WHOLE_WORD, WORD_START = 0, 1, 2


class Token(NamedTuple):
    """A currency written in the text, or a cue word that a money phrase can form around."""

    start: int
    end: int
    kind: str  # word, common (a word that needs a scale), symbol, scaled (a code that needs a
    # scale), glued (R120m), minor, cue
    codes: tuple[str, ...]  # the currencies it can mean, the default first
    mult: int = 1  # "MEUR" and "k€" carry a multiplier
    needs_context: bool = False  # read only when the article points to one of codes


_ADJ_ENDING = re.compile(r"\b(\w*isch|neu)e[mnrs]?\b")
_SPACES = re.compile(r"[\s\-‐]+")


@lru_cache(maxsize=8192)
def norm(phrase: str) -> str:
    """Lookup key of a currency phrase: lower case, hyphens as spaces, adjective endings folded."""
    s = _SPACES.sub(" ", phrase.lower()).strip()
    return _ADJ_ENDING.sub(r"\1", s)


def _letters_only(symbol: str) -> bool:
    return all((c.isalpha() and not _glyph(c)) or c == "." for c in symbol)


def _glyph(c: str) -> bool:
    """A currency sign ("$", "€", "₹", "元"): the anchor of a symbol."""
    return unicodedata.category(c) == "Sc" or c == "元"


class _Tables(NamedTuple):
    phrases: dict[str, tuple[tuple[str, ...], str, bool]]  # norm -> codes, kind, needs context
    symbols: dict[str, tuple[tuple[str, ...], str, bool, int]]  # as written -> ..., mult
    symbols_folded: dict[str, str]  # upper case without spaces -> symbol as written
    codes: dict[str, tuple[str, int]]  # "USD", "MEUR" -> code, multiplier
    need_scale: frozenset[str]  # codes that are also product names ("PHP 8")
    heads: frozenset[str]  # last words of phrases
    before: frozenset[str]  # words that stand right before a head in a longer phrase
    cues: frozenset[str]  # "stellig", "figure", "digit"


def _settle(form: str, codes: Iterable[str]) -> tuple[tuple[str, ...], bool]:
    """The currencies a form means, default first, and whether only the article can tell."""
    data = money()
    key = form.lower()
    fixed = {str(k).lower(): v for k, v in data["fixed"].items()}
    ambiguous = {str(k).lower(): v for k, v in data["ambiguous"].items()}
    if key in fixed:
        return (fixed[key],), False
    if key in ambiguous:
        return tuple(ambiguous[key]), False
    found = tuple(sorted(set(codes)))
    return found, len(found) > 1


@cache
def _tables() -> _Tables:
    data, table = money(), cldr()
    words: dict[str, set[str]] = {}
    in_use = {code for code, entry in table.items() if entry.get("in_use", True)}
    for code in in_use:
        entry = table[code]
        for name in entry["names"]["de"] + entry["names"]["en"]:
            words.setdefault(norm(name), set()).add(code)
            # the noun alone: "Kronen", "dollars", "Namibia-Dollar" -> "dollar"
            words.setdefault(norm(name).split()[-1], set()).add(code)
        for word in entry["local"]:
            words.setdefault(norm(word), set()).add(code)
    current_nouns = set(words)
    for code in sorted(set(table) - in_use):
        # a former currency by its full name ("Deutsche Mark", "Finnish markka"), its noun
        # alone only when no current currency has it ("pesetas", not "Franc")
        for name in table[code]["names"]["de"] + table[code]["names"]["en"]:
            if norm(name) not in current_nouns:
                words.setdefault(norm(name), set()).add(code)
            if norm(name).split()[-1] not in current_nouns:
                words.setdefault(norm(name).split()[-1], set()).add(code)
    for code, entry in data["currencies"].items():
        for word in entry.get("words", []):
            words.setdefault(norm(word), set()).add(code)
    symbol_forms = {str(s).lower() for entry in [*table.values(), *data["currencies"].values()]
                    for s in entry.get("symbols", [])}
    for form, codes in [*data["ambiguous"].items(), *data["fixed"].items()]:
        # a shared word CLDR lacks ("crowns") is a word of its candidates
        form = str(form)
        if any(c.isalpha() for c in form) and form.lower() not in symbol_forms:
            words.setdefault(norm(form), set()).update([codes] if isinstance(codes, str)
                                                       else codes)
    common = {norm(w) for w in data["common_words"]}
    for word in data["not_words"]:
        words.pop(norm(word), None)
    phrases: dict[str, tuple[tuple[str, ...], str, bool]] = {}
    for phrase, codes in words.items():
        settled, context = _settle(phrase, codes)
        kind = "common" if phrase in common else "word"
        phrases[phrase] = (settled, kind, context)
    for unit, entry in data["minor_units"].items():
        code = entry["currency"]
        phrases[norm(unit)] = ((code,) if code else (), "minor", False)

    trusted = set(data["trusted_letter_symbols"])
    symbols: dict[str, set[str]] = {}
    for code, entry in table.items():
        for symbol in entry["symbols"]:
            symbols.setdefault(symbol, set()).add(code)
    for code, entry in data["currencies"].items():
        for symbol in entry.get("symbols", []):
            symbols.setdefault(symbol, set()).add(code)
    symbol_table: dict[str, tuple[tuple[str, ...], str, bool, int]] = {}
    for symbol, codes in symbols.items():
        if not symbol or symbol.isdigit():
            continue
        settled, context = _settle(symbol, codes)
        if len(symbol) == 1 and symbol.isalpha() and not _glyph(symbol):
            symbol_table[symbol] = (settled, "glued", True, 1)
        elif _letters_only(symbol) and symbol not in trusted:
            symbol_table[symbol] = (settled, "symbol", True, 1)
        else:
            symbol_table[symbol] = (settled, "symbol", context, 1)
    for symbol, mult in data["scaled_codes"]["symbols"].items():
        base = symbol_table.get(symbol.lstrip("kTMio"))
        if base:
            symbol_table[symbol] = (base[0], "symbol", base[2], int(mult))

    not_codes = set(data["not_codes"])
    codes_table = {code: (code, 1) for code in in_use if code not in not_codes}
    need_scale = set(data["codes_need_scale"])
    for prefix, mult in data["scaled_codes"]["prefixes"].items():
        for code in data["scaled_codes"]["codes"]:
            codes_table[f"{prefix}{code}"] = (code, int(mult))
    folded = {re.sub(r"\s", "", s).upper(): s for s in symbol_table if not _letters_only(s)}
    heads = frozenset(p.split()[-1] for p in phrases)
    before = frozenset(p.split()[-2] for p in phrases if " " in p)
    return _Tables(phrases, symbol_table, folded, codes_table, frozenset(need_scale), heads,
                   before,
                   frozenset({"stellig", "figure", "digit"}))


def anchor_keywords() -> dict[str, int]:
    """Every keyword a currency token contains, with how it must stand (FREE, WHOLE_WORD...)."""
    t = _tables()
    modes: dict[str, int] = {}
    minor = {p.upper() for p, (_codes, kind, _context) in t.phrases.items() if kind == "minor"}
    for head in t.heads:
        # capitals for headlines ("EURO"), but "CT" is Connecticut, not a cent
        forms = {head, head.capitalize(), head.title()} | ({head.upper()} - minor)
        for form in forms:
            modes[form] = WHOLE_WORD
    for symbol in t.symbols:
        glyphs = [c for c in symbol if _glyph(c)]
        if glyphs:
            for c in glyphs:
                modes[c] = FREE
        elif len(symbol) > 1:
            modes[symbol] = WHOLE_WORD
        # single letters ("R" for the rand) are found by _glued_letters: as keywords they
        # would hit in every other word
    for code in t.codes:
        modes[code] = WHOLE_WORD
    for cue in t.cues:
        for form in (cue, cue.capitalize()):
            modes[form] = FREE
    return modes


@cache
def _automaton() -> Vocabulary | None:
    """One Aho-Corasick pass over the anchor keywords, or None without ahocorasick-rs."""
    try:
        from .scan import Vocabulary
    except ImportError:  # pragma: no cover - a declared dependency; a slow scan stands in
        return None
    return Vocabulary({"anchors": anchor_keywords().items()})


def hits(text: str) -> list[tuple[int, int, int]]:
    """(start, end, mode) of every anchor keyword in text."""
    automaton = _automaton()
    if automaton is not None:
        return automaton.find(text)["anchors"]
    found = []
    for form, mode in anchor_keywords().items():
        at = text.find(form)
        while at >= 0:
            found.append((at, at + len(form), mode))
            at = text.find(form, at + 1)
    return found


# Up to five words before a head, read backwards: "Konvertible Mark Bosnien und Herzegowina".
_WORDS_BEFORE = re.compile(r"(?:[\s\-‐]+(?:[\w.'’]*[^\W\d_]|&)){1,5}")
_WORD = re.compile(r"[^\s\-‐]+")
_WORD_AFTER = re.compile(r"[\s\-‐]+([^\W\d_][\w]*)")
_SYMBOL_BEFORE = re.compile(r"(?<![^\W\d_])(?:[^\W\d_][^\W\d_.]*\.?){1,3}\s?$")


def _phrase(text: str, start: int, end: int) -> Token | None:
    """The currency phrase around a head noun: "norwegische Kronen", "pounds sterling"."""
    t = _tables()
    best: tuple[int, int] | None = None
    if norm(text[start:end]) in t.phrases:
        best = (start, end)
    after = _WORD_AFTER.match(text, end, end + 30)
    if after and norm(text[start:after.end()]) in t.phrases:
        best = (start, after.end())
    finish = best[1] if best else end
    previous = _previous_word(text, start)
    if previous is not None and norm(previous) in t.before:
        # the longest run of words before the head that makes a known phrase
        chunk = text[max(0, start - 80):start]
        run = _WORDS_BEFORE.match(chunk[::-1])
        if run:
            begin0 = start - run.end()
            for m in _WORD.finditer(text, begin0, start):
                key = norm(text[m.start():finish])
                if key in t.phrases:
                    best = (m.start(), finish)
                    break
    if best is None:
        return None
    codes, kind, context = t.phrases[norm(text[best[0]:best[1]])]
    return Token(best[0], best[1], kind, codes, 1, context)


def _previous_word(text: str, start: int) -> str | None:
    """The word right before start (across a space or hyphen), or None."""
    end = start
    while end > 0 and text[end - 1] in " \t\n-‐\u00a0":
        end -= 1
    if end == start or end == 0:
        return None
    begin = end
    while begin > 0 and not text[begin - 1].isspace() and text[begin - 1] not in "-‐":
        begin -= 1
    return text[begin:end]


def _symbol(text: str, start: int, end: int) -> Token | None:
    """The symbol around a currency sign: "R$", "HK$", "US $", "$US", "CN¥", "k€"."""
    t = _tables()
    previous = text[start - 1] if start else " "
    if not previous.isalpha() and previous != "." and \
            not (previous == " " and start > 1 and text[start - 2].isupper()) and \
            not text[end:end + 1].isalpha():
        # the sign alone, as in most text: "$5", "5 €"
        found = t.symbols.get(text[start:end])
        if found is None:
            return None
        codes, kind, context, mult = found
        return Token(start, end, kind, codes, mult, context)
    options: list[tuple[int, int]] = []
    before = _SYMBOL_BEFORE.search(text, max(0, start - 8), start)
    if before:
        for begin in range(before.start(), before.end()):
            letters = text[begin:start]
            if (begin > 0 and text[begin - 1].isalpha()) or letters[:1].isspace():
                continue  # inside a word: "costs $5"
            if letters.endswith(" ") and not (len(letters) > 2 and letters.isupper()):
                continue  # a space only after capitals: "US $5", not "a $5"
            options.append((begin, end))
    options += [(start, end + k) for k in (3, 2, 1)] + [(start, end)]
    for begin, finish in options:
        written = text[begin:finish]
        symbol = written if written in t.symbols else \
            t.symbols_folded.get(written.replace(" ", "").upper())
        if symbol is not None and (finish == end or not text[finish:finish + 1].isalpha()):
            codes, kind, context, mult = t.symbols[symbol]
            return Token(begin, finish, kind, codes, mult, context)
    return None


@cache
def _glued_letters() -> re.Pattern[str]:
    """Single-letter symbols glued to a number: "R120 million" (the letter first: fast)."""
    letters = sorted(s for s in _tables().symbols
                     if len(s) == 1 and s.isalpha() and not _glyph(s))
    cls = "".join(re.escape(c) for c in letters)
    return re.compile(rf"[{cls}](?<![^\W\d_][{cls}])(?=\d)")


@cache
def _ready_tokens() -> dict[str, Token]:
    """Keywords that are a whole token as written (codes, letter symbols, cues), at offset 0."""
    t = _tables()
    ready: dict[str, Token] = {}
    for symbol, (codes, kind, context, mult) in t.symbols.items():
        if not any(_glyph(c) for c in symbol):
            ready[symbol] = Token(0, len(symbol), kind, codes, mult, context)
    for cue in t.cues:
        for form in (cue, cue.capitalize()):
            ready[form] = Token(0, len(form), "cue", ())
    for written, (code, mult) in t.codes.items():
        kind = "scaled" if written in t.need_scale else "symbol"
        ready[written] = Token(0, len(written), kind, (code,), mult)
    return ready


def tokens(text: str, hits: Iterable[tuple[int, int, int]], language: str) -> list[Token]:
    """The currency tokens and money cues in text, in order, given the anchor keyword hits."""
    ready = _ready_tokens()
    found: list[Token] = []
    n = len(text)
    every = [*hits, *((m.start(), m.end(), WHOLE_WORD) for m in _glued_letters().finditer(text))]
    every.sort()
    for start, end, mode in every:
        if mode and ((start > 0 and text[start - 1].isalpha())
                     or (mode == WHOLE_WORD and end < n and text[end].isalpha())):
            continue
        if found and start < found[-1].end and end <= found[-1].end:
            continue
        written = text[start:end]
        token: Token | None
        fixed = ready.get(written)
        if fixed is not None:
            token = fixed._replace(start=start, end=end)
        elif len(written) == 1 and _glyph(written):
            token = _symbol(text, start, end)
        else:
            token = _phrase(text, start, end)
            if token and token.kind == "minor" and language == "en" and \
                    text[token.start:token.end] == "Cent":
                token = None  # "50 Cent" in English is the rapper
        if token is None:
            continue
        while found and found[-1].end > token.start:
            found.pop()  # a longer phrase that swallows an earlier token ("US-Dollar")
        found.append(token)
    return found


# ---------------------------------------------------------------------------------------------
# Which currency a shared form means


@cache
def _cue_words(code: str) -> tuple[str, ...]:
    """The country names and adjectives that point to a currency, in lower case."""
    entry = cldr()[code]
    words: set[str] = set()
    for name in entry["territories"]["de"] + entry["territories"]["en"]:
        words.add(name.split(" (")[0])
    for name in entry["names"]["de"] + entry["names"]["en"]:
        # the words before the noun: "Schwedische" -> "schwedisch", "South African"
        modifier = " ".join(re.split(r"[\s\-]+", name)[:-1])
        m = re.fullmatch(r"(.*isch)e[mnrs]?", modifier, flags=re.IGNORECASE)
        modifier = m.group(1) if m else modifier
        if len(modifier) >= 4 and modifier[0].isupper():
            words.add(modifier)
    # counted as substrings, so a name containing another would count twice: keep the
    # shorter ("pakistan" counts "pakistanisch" too)
    lowered = {w.lower() for w in words}
    return tuple(sorted(w for w in lowered if not any(w != o and o in w for o in lowered)))


@cache
def cue_keywords() -> frozenset[str]:
    """The country words of every currency that a shared pass may count (see Context)."""
    words = {word for code in cldr() for word in _cue_words(code)}
    # Found overlapping, a word that overlaps itself ("anana") would count more than
    # str.count counts it: such a word is counted on its own.
    return frozenset(w for w in words if not any(w.startswith(w[k:]) for k in range(1, len(w))))


class Context:
    """What an article tells about its currencies: those written out, countries it names."""

    def __init__(self, text: str, explicit: set[str],
                 cue_hits: Iterable[tuple[int, int, int]] | None = None) -> None:
        self.text = text
        self.explicit = explicit  # currencies written unambiguously somewhere in the article
        self.cue_hits = cue_hits  # where the cue_keywords() stand in lower(text), if found
        self._lower: str | None = None
        self._found: dict[str, int] | None = None  # occurrences of each cue keyword
        self._counts: dict[str, int] = {}

    def count(self, code: str) -> int:
        """How often the article names the country (or its adjective) of a currency."""
        if code not in self._counts:
            self._counts[code] = sum(map(self._occurrences, _cue_words(code)))
        return self._counts[code]

    def _occurrences(self, word: str) -> int:
        """How often a cue word stands in the article in lower case (str.count)."""
        if self._lower is None:
            self._lower = lowercase(self.text)
            if self.cue_hits is not None and len(self._lower) == len(self.text):
                # then lower(text) is the lowered text, and the hits are its occurrences
                self._found = Counter(self._lower[start:end] for start, end, _f in self.cue_hits)
        if self._found is not None and word in cue_keywords():
            return self._found.get(word, 0)
        return self._lower.count(word)


def resolve(token: Token, context: Context) -> str | None:
    """The currency a token means in this article, or None if the article does not say."""
    codes = token.codes
    if len(codes) == 1 and not token.needs_context:
        return codes[0]
    if not codes:
        return None
    mentioned = [c for c in codes if c in context.explicit]
    if len(mentioned) == 1:
        return mentioned[0]
    counts = {c: context.count(c) for c in mentioned or codes}
    best = max(counts.values())
    if best:
        return next(c for c in codes if counts.get(c) == best)
    return None if token.needs_context else codes[0]


def digits(code: str) -> int:
    """Decimal places of a currency's minor unit (2 for cents, 0 for the yen)."""
    entry: dict[str, Any] | None = cldr().get(code)
    return int(entry["digits"]) if entry else 2
