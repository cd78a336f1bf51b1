"""The money phrase: one regular expression over text whose currencies are masked.

amounts.py replaces each currency token found by currencies.py with a marker of its kind
(same length), so that this one expression reads every phrase around them, whatever the
currency: qualifiers, signs, digits or number words, scale words, ranges, vague amounts and
sums. The word lists come from money.yaml; amounts.py turns the groups into values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from .currencies import norm
from .moneydata import money
from .numbers import number_word_atoms

# Tables from money.yaml


def _scales() -> dict[str, tuple[Decimal, str | None]]:
    out: dict[str, tuple[Decimal, str | None]] = {}
    for group in ("singular", "plural", "other", "letters"):
        for word, (mult, language) in money()["scales"][group].items():
            out[norm(str(word))] = (Decimal(str(mult)), None if language == "-" else language)
    return out


_DATA = money()
SCALES = _scales()
_SING_SCALES = [str(w) for w in _DATA["scales"]["singular"]]
_PLURAL_SCALES = [str(w) for w in _DATA["scales"]["plural"]]
_OTHER_SCALES = [str(w) for w in _DATA["scales"]["other"]]
_LETTER_SCALES = [str(w) for w in _DATA["scales"]["letters"]]
_VAGUE_SCALE_WORDS = [w for w in _SING_SCALES if "." not in w and " " not in w
                      and "-" not in w] + ["mio.", "mrd.", "bio."]
ARTICLES = {norm(str(k)): Decimal(str(v)) for k, v in _DATA["number_words"]["articles"].items()}
QUALIFIERS: dict[str, str] = {}
for _kind, _key in (("approx", "approximate"), ("lower", "at_least"), ("upper", "at_most")):
    QUALIFIERS.update(dict.fromkeys((norm(str(w)) for w in _DATA["qualifiers"][_key]), _kind))
_MINUS = [str(w) for w in _DATA["qualifiers"]["minus"]]
VAGUE = _DATA["vague"]
MINOR_UNITS = {norm(str(k)): v for k, v in _DATA["minor_units"].items()}
TRILLION = Decimal(10) ** 12

# ---------------------------------------------------------------------------------------------
# The expression. Letters are written as classes ("[Mm]") instead of using re.IGNORECASE: the
# engine skips an alternative whose first literal or class does not fit, which it cannot do
# for case-folded literals, so this is several times faster.

FILL = "\ue000"
MARK = {"word": "\ue001", "common": "\ue002", "symbol": "\ue003", "glued": "\ue004",
         "minor": "\ue005", "scaled": "\ue006", "cue": ""}
PRIVATE = re.compile("[\ue000-\ue00f]")


def _tok(kind: str) -> str:
    return f"{MARK[kind]}{FILL}*+"


_W, _C, _S, _G, _U, _K = (_tok(k) for k in ("word", "common", "symbol", "glued", "minor",
                                               "scaled"))


def _atom(c: str) -> str:
    """A character matched in either case: a class, not re.IGNORECASE (see above)."""
    if c == " ":
        return r"\s+"
    forms = sorted({f for f in (c, c.lower(), c.upper()) if len(f) == 1})
    return re.escape(c) if len(forms) == 1 else "[" + "".join(forms) + "]"


_Node = dict[str, "_Node"]


def _trie(entries: Iterable[Iterable[str]]) -> str:
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
    return _trie([_atom(c) for c in w.lower()] for w in words)


_NB = r"(?![^\W_])"  # not followed by a letter or digit
_SIGN = "[-–−]"
# Any run of digit groups (possessive, so no backtracking); parse_digits rejects the
# malformed ones, like dates. Groups of three after a space only in that exact shape.
_DIGITS = (r"(?:\d{1,3}(?: \d{3}(?!\d))++(?:[.,]\d+)?+|\d++(?:[.,'’\u00a0\u202f]\d++)*+)"
           r"(?:,[-–](?![-–\d]))?+")  # "1.198,- Kr", "25,– Euro": no cents
_NUM_ATOMS = number_word_atoms()
_FIRST_ATOMS = [a for a in _NUM_ATOMS if a not in ("und", "and", "einhalb", "and a half")]
_NUMBER_WORD = (rf"(?:[Aa]\s+(?=[Hh]undred|[Tt]housand))?{_words(_FIRST_ATOMS)}"
                rf"(?:[\s\u00ad-]?{_words(_NUM_ATOMS)})*+{_NB}")
_NUMBER = f"(?:{_DIGITS}|{_NUMBER_WORD})"
_ART = _words(ARTICLES) + _NB
_SCALE_SING = _words(_SING_SCALES) + _NB
_SCALE_OTHER = _words(_PLURAL_SCALES + _OTHER_SCALES) + _NB
_SCALE_LETTER = _words(_LETTER_SCALES) + _NB
_PLUS = rf"(?:-?{_words(['plus'])}{_NB}|\+)"
_END = r"(?=\s*(?:[.,;:!?)\]»“”\"]|$|\s(?:pro|per|je|a|each|das|the)\s))"


def _suffix(t: str) -> str:
    """A currency after the number; symbols not when they start the next amount."""
    return rf"(?P<{t}suf>{_W}|(?P<{t}sr>{_C}|{_K})|{_S}(?!\s?{_SIGN}?\d))"


def _amount(t: str, range_start: bool = False, tail: bool = False) -> str:
    """One amount: [sign] [prefix currency] [sign] number-or-article [scale] [suffix currency].

    range_start: the first amount of a range, where a bare "ein" counts ("ein bis zwei").
    tail: hundredths may follow ("drei Euro fünfzig", "15 dollars and 50 cents").
    """
    bare_article = r"(?=\s+[Bb][Ii][Ss]\s)" if range_start else "(?!)"
    cents = ""
    if tail:
        cents = (rf"(?:(?({t}sc)(?!)|(?({t}sl)(?!)|(?({t}suf)|(?!))))"
                 rf"(?:\s+{_words(['und', 'and'])})?\s+"
                 rf"(?P<{t}sub>\d{{1,2}}(?!\d)|{_NUMBER_WORD})"
                 rf"(?:\s*(?P<{t}subu>{_U})|{_END}))?")
    return (
        rf"(?P<{t}neg>{_SIGN}(?=\d|{_S}|{_G}))?"
        rf"(?:(?P<{t}pre>{_S})\s?|(?P<{t}gl>{_G}|{_K}\s?)(?=\d))?"
        rf"(?({t}neg)|(?({t}pre)(?:(?P<{t}neg2>{_SIGN})(?=\d))?|))"
        rf"(?:(?P<{t}art>{_ART})|(?P<{t}num>{_NUMBER}))"
        rf"(?:(?({t}art)\s+|[\s-]?)(?P<{t}sc>(?P<{t}ss>{_SCALE_SING})|{_SCALE_OTHER})"
        rf"|(?P<{t}sl>{_SCALE_LETTER}))?"
        # an article needs a singular scale word, or in German a currency name: "einen Euro"
        rf"(?({t}art)(?({t}ss)|(?:{bare_article}|(?<=[Ee]in)(?=\s+{_W})|(?<=[Ee]ine[mnr])"
        rf"(?=\s+{_W})|(?<=[Ee]ine)(?=\s+{_W})))|)"
        # an article reads "a billion dollars", never "a billion-dollar deal"
        rf"(?:(?({t}art)\s|[\s-]?){_suffix(t)})?"
        # "75 USD million": a scale after a code when none came before
        rf"(?:(?({t}sc)(?!)|(?({t}sl)(?!)|(?({t}suf)|(?!))))\s+(?P<{t}sc2>{_SCALE_SING}"
        rf"|{_SCALE_OTHER}))?"
        rf"(?({t}pre)(?({t}suf)(?!)|)|)"
        # "9,1 Billionen Won": a currency that is also a word needs a scale
        rf"(?({t}sr)(?({t}sc)|(?({t}sl)|(?!)))|)"
        rf"(?({t}gl)(?({t}sc)|(?({t}sl)|(?!)))|)"
        # "2030 Euro-Anleihen", "ein Euro-Land": a bare number before a compound is no amount
        rf"(?({t}sc)|(?({t}sl)|(?({t}suf)(?![-‐][^\W\d_])|)))"
        + cents
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
        return _amount("a", tail=True) + _has("a", "pre", "suf", "gl") + f"(?P<plus>{_PLUS})?"
    b_scaled = _has("b", "sc", "sl")
    return (
        rf"(?:(?P<btw>{_words(['between', 'zwischen'])})\s+)?"
        + _amount("a", range_start=True, tail=True)
        + rf"(?:(?P<conn>(?(btw)\s+{_words(['and', 'und'])}\s+"
        + rf"|(?:\s?[-–—]\s?|\s+{_words(['to', 'bis'])}\s+)))"
        + _amount("b")
        # the second amount carries a scale or a currency, and a scale if the first has one
        + _has("b", "sc", "sl", "pre", "suf", "gl")
        + f"(?(asc){b_scaled}|(?(asl){b_scaled}|))"
        + ")?"
        + "(?(btw)(?(conn)|(?!))|)"
        + "(?(apre)|(?(asuf)|(?(agl)|" + _has("b", "pre", "suf", "gl") + ")))"
        + f"(?P<plus>{_PLUS})?"
    )


_VAGUE_RX = (
    rf"(?:(?P<vfew>{_words(VAGUE['several'])}){_NB}\s+"
    rf"(?:(?P<vten>{_words(VAGUE['ten'])}){_NB}\s+"
    rf"|(?P<vhun>{_words(VAGUE['hundred'])}){_NB}\s+)?"
    rf"|(?P<vten2>{_words(VAGUE['tens'])}){_NB}\s+"
    rf"|(?P<vhun2>{_words(VAGUE['hundreds'])}){_NB}\s+)?"
    rf"(?P<vsc>(?P<vpl>{_words(_PLURAL_SCALES)}){_NB}|{_words(_VAGUE_SCALE_WORDS)}{_NB})"
    rf"\s+(?:{_words(['of'])}\s+)?(?P<vsuf>{_W}|{_C}|{_S})"
    # a bare scale word is vague only in the plural: "billions of dollars"
    r"(?(vfew)|(?(vten2)|(?(vhun2)|(?(vpl)|(?!)))))"
)
_SUM_DE = (
    rf"(?:{_words(['ein', 'eine', 'einen', 'einem', 'einer', 'eines'])}\s+)?"
    rf"(?:{_words(['niedrig', 'mittler', 'hoh'])}[a-z]*\s+)?"
    rf"(?P<fdig>{_words(VAGUE['digits_de'])})stellig[a-z]*\s+"
    rf"(?P<fsc>{_words(['millionen', 'milliarden', 'tausend', 'euro', 'dollar'])})"
    rf"(?:-?(?P<fcur>{_W}|{_S})-?)?"
    rf"(?:{_words(VAGUE['sums_de'])}[a-z]*|{_words(['bereich', 'höhe'])}[a-z]*)"
    rf"(?:\s+{_words(['in'])}\s+(?P<fcur2>{_W}|{_S}))?"
)
_SUM_EN = (
    rf"(?:{_words(['a', 'an'])}\s+)?(?:{_words(['low', 'high', 'mid'])}[-\s])?"
    rf"(?P<gdig>{_words(VAGUE['digits_en'])})[-\s](?P<gkind>{_words(['figure', 'digit'])})"
    rf"\s+(?:(?P<gsc>{_words(['million', 'billion'])})[-\s])?"
    rf"(?:(?P<gcur>{_W}|{_C}|{_S})[-\s])?"
    rf"{_words(VAGUE['sums_en'])}{_NB}"
)
_MINOR_RX = rf"(?P<mnum>{_DIGITS})[\s-]?(?P<munit>{_U}){_NB}"


def _pattern(with_range: bool) -> str:
    """The whole money phrase: optional qualifier, then a numeric or a vague amount."""
    return (
        r"(?<![\w.,\-–−\ue000-\ue00f])"
        rf"(?:(?P<q>{_words(QUALIFIERS)}){_NB}\s+)?"
        rf"(?:(?P<negw>{_words(_MINUS)})\s+(?=[\d\ue003\ue004]))?"
        rf"(?:(?P<vague>{_VAGUE_RX})|(?P<minor>{_MINOR_RX})|(?P<sumde>{_SUM_DE})"
        rf"|(?P<sumen>{_SUM_EN})|{_numeric(with_range)})"
    )


RX = re.compile(_pattern(True))
RX_SINGLE = re.compile(_pattern(False))


def _reverse_vocabulary() -> str:
    """Every word that can stand in an amount before its currency or cue, reversed."""
    phrases: list[str] = [
        *QUALIFIERS, *ARTICLES, *VAGUE["several"], *VAGUE["tens"], *VAGUE["hundreds"],
        *VAGUE["ten"], *VAGUE["hundred"], *SCALES, *_MINUS, "plus",
        "between", "zwischen", "and", "und", "to", "bis", "of", "a", "an",
        "niedrigen", "mittleren", "hohen", "niedriger", "mittlerer", "hoher", "niedrige",
        "mittlere", "hohe", "low", "high", "mid", *VAGUE["digits_en"],
    ]
    words: set[str] = set()
    for phrase in phrases:
        words.update(w for w in re.split(r"[\s\-]+", str(phrase).lower()) if w)
    return _trie([_atom(c) for c in w[::-1]] for w in words)


# Matched against the reversed text before a currency token: how far back an amount can reach.
# At most 16 tokens: more than any real amount has before its currency, and a bound on the
# work for text like "Euro Euro Euro ...".
BACK = re.compile(
    r"[\s\-–—−]*(?:(?:(?:[^\W\d_]{1,3}(?=\d))?[\d.,'’\u00a0\u202f]+|[\ue000-\ue00f]+|(?:"
    + _trie([_atom(c) for c in a[::-1]] for a in _NUM_ATOMS) + r")+|" + _reverse_vocabulary()
    + r")(?![^\W_])[\s\-–—−]*){0,16}")
BEFORE = 200  # longest stretch looked at before a currency token
AFTER = 100  # longest stretch an amount reaches past its first currency token

FROM_BY = re.compile(r"\b(?:from|by)\s+$", re.IGNORECASE)
NOUN_BEFORE = re.compile(r"[^.!?:;\s]\s+[A-ZÄÖÜ][\w-]*\s+$")
