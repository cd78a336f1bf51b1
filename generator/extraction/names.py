"""Names the knowledge base does not know: capitalised spans typed by their shape and context.

An article is cut into tokens; runs of capitalised tokens (with the connectors a name may
hold: "Bank of England", "Banco do Nordeste") are proposed as names. A run counts as a name
when it holds a part that is not an ordinary word of German or English (a lexicon of common
words decides), or when its shape or context says what it names: a head ("Nordkap Capital",
"Swedish Energy Agency"), a first word that opens a name ("Stadtwerke Ulm", "Ministry of
Finance"), a legal form, a descriptor before it ("das Fintech Finanzblick", "investor X"),
an apposition after it ("X, a maker of battery cells"), an abbreviation defined in brackets
or a list it stands in with other organisations. Later mentions by a short form or the
abbreviation count for the same name. Everything the rules know about shapes is data
(generator/data/kb/names.yaml); a statistical recogniser could plug in by returning Names.
"""

from __future__ import annotations

import re
from itertools import accumulate, repeat
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

import yaml

from .text import Sentence


class Name(NamedTuple):
    """A name found without the knowledge base: where, what, how sure, and its other forms."""

    start: int
    end: int
    name: str
    type: str  # actor | policy
    kind: str  # organization | government | person (actors); None-like "" for policy
    confidence: str  # strong | weak
    aliases: tuple[str, ...] = ()
    owner: str | None = None  # the place or country a possessive or adjective gave it
    mentions: int = 1
    country: str | None = None  # ISO code of the country a government body belongs to


class Token(NamedTuple):
    """A word or punctuation mark and where it stands."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Lexicon:
    """Name shapes from generator/data/kb/names.yaml (see the comments there)."""

    free: frozenset[str]
    bound: frozenset[str]
    markers: tuple[tuple[str, str], ...]
    heads: dict[str, str]
    head_endings: tuple[tuple[str, str], ...]
    prefix_heads: dict[str, str]
    descriptors: dict[str, str]
    descriptor_endings: tuple[tuple[str, str], ...]
    apposition: dict[str, str]
    government_nouns: frozenset[str]
    list_cues: tuple[tuple[str, ...], ...]
    titles: frozenset[str]
    legal_forms: tuple[tuple[str, ...], ...]
    not_names: frozenset[str]


def _words(data: dict[str, object], key: str) -> list[str]:
    value = data.get(key) or []
    return [str(item) for item in value] if isinstance(value, list) else []


def _by_kind(section: object, suffix: str = "") -> dict[str, str]:
    """word -> kind for a section keyed by kind; later kinds do not override earlier ones."""
    out: dict[str, str] = {}
    if not isinstance(section, dict):
        return out
    for key, words in section.items():
        kind = str(key)
        if suffix and not kind.endswith(suffix):
            continue
        kind = kind.removesuffix(suffix)
        for word in words or ():
            out.setdefault(str(word), kind)
    return out


@cache
def lexicon() -> Lexicon:
    """The name-shape lexicon, loaded once."""
    ref = resources.files("generator").joinpath("data/kb/names.yaml")
    data = yaml.safe_load(ref.read_text("utf-8")) or {}
    descriptors = data.get("descriptors") or {}
    plain = {k: v for k, v in descriptors.items() if not k.endswith("_endings")}
    described: dict[str, str] = {}
    for key, words in plain.items():
        kind = str(key).removesuffix("_de")
        for word in words or ():
            described.setdefault(str(word), kind)
    endings = [(str(w).lower(), str(k).removesuffix("_de_endings"))
               for k, words in descriptors.items() if str(k).endswith("_endings")
               for w in words or ()]
    apposition: dict[str, str] = {}
    for key, words in (data.get("apposition") or {}).items():
        for word in words or ():
            apposition.setdefault(str(word), str(key).removesuffix("_de"))
    heads: dict[str, str] = {}
    for kind in ("government", "policy", "fund", "organization"):
        for word in (data.get("heads") or {}).get(kind) or ():
            heads.setdefault(str(word), kind)
    head_endings = tuple(sorted(
        ((str(w).lower(), kind) for kind, words in (data.get("head_endings") or {}).items()
         for w in words or ()), key=lambda item: -len(item[0])))
    cues = [tuple(str(c).lower().split()) for lang in (data.get("list_cues") or {}).values()
            for c in lang or ()]
    government = {str(w) for lang in (data.get("government_nouns") or {}).values()
                  for w in lang or ()}
    forms = sorted({str(f) for f in _words(data, "legal_forms")}, key=len, reverse=True)
    connectors = data.get("connectors") or {}
    markers = tuple((str(phrase), str(kind)) for kind, phrases in (data.get("markers") or {}).items()
                    for phrase in phrases or ())
    return Lexicon(
        free=frozenset(str(w) for w in connectors.get("free") or ()),
        bound=frozenset(str(w) for w in connectors.get("bound") or ()),
        markers=tuple(sorted(markers, key=lambda item: -len(item[0]))),
        heads=heads,
        head_endings=head_endings,
        prefix_heads=_by_kind(data.get("prefix_heads")),
        descriptors=described,
        descriptor_endings=tuple(sorted(endings, key=lambda item: -len(item[0]))),
        apposition=apposition,
        government_nouns=frozenset(government),
        list_cues=tuple(sorted(set(cues), key=len, reverse=True)),
        titles=frozenset(t.rstrip(".") for t in _words(data, "titles")),
        legal_forms=tuple(tuple(f.split()) for f in forms),
        not_names=frozenset(_words(data, "not_names")),
    )


_SUFFIXES = (r"based|born|listed|owned|headquartered|registered|backed|led|funded|focused|"
             r"linked|made|related|friendly|oriented|driven|style|wide")
TOKEN = re.compile(rf"-(?:{_SUFFIXES})\b"
                   rf"|\w(?:\w|[-'’+/.&](?=\w)(?!(?:{_SUFFIXES})\b))*\+?"
                   r"(?:-(?=\s+(?:und|and|oder|or|bzw\.)\s))?"
                   r"|[^\w\s]")


_SPLIT = re.compile(f"({TOKEN.pattern})")


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words and punctuation marks of text[start:end], with their offsets."""
    starts, ends, words = _tokenize(text, start, len(text) if end is None else end)
    return [Token(*token) for token in zip(starts, ends, words, strict=True)]


def _tokenize(text: str, start: int, stop: int) -> tuple[list[int], list[int], list[str]]:
    """Starts, ends and texts of the tokens of text[start:stop] (in C, not token by token)."""
    parts = _SPLIT.split(text[start:stop])  # gap, token, gap, token, ..., gap
    offsets = list(accumulate(map(len, parts), initial=start))
    return offsets[1:-1:2], offsets[2::2], parts[1::2]


# ---------------------------------------------------------------------------------- words

@lru_cache(maxsize=65536)
def known(word: str, lang: str) -> bool:
    """Whether a word (as written, or in lower case) is an ordinary word of lang."""
    import simplemma

    return bool(simplemma.is_known(word, lang=lang)
                or (word[:1].isupper() and simplemma.is_known(word.lower(), lang=lang)))


_LINKS = ("", "s", "es", "n", "en", "e", "er")


@lru_cache(maxsize=65536)
def german_compound(word: str) -> bool:
    """Whether word is made of ordinary German words ("Batteriehersteller", "KI-Fabrik")."""
    if known(word, "de"):
        return True
    if word.endswith("s") and len(word) > 4 and (known(word[:-1], "de") or (
            word.endswith("es") and known(word[:-2], "de"))):
        return True  # a genitive: "Bundes", "Freistaats"
    if _lemma_known(word):
        return True
    if "-" in word:
        parts = [p for p in word.split("-") if p]
        return bool(parts) and all(
            german_compound(p) or known(p, "en") or (p.isupper() and len(p) <= 3)
            or p[:1].isdigit() for p in parts)
    lowered = word.lower()
    for split in range(len(word) - 3, 2, -1):
        tail = lowered[split:]
        if not known(tail.capitalize(), "de") and not known(tail, "de") \
                and not _lemma_known(tail.capitalize()):
            continue
        head = word[:split]
        for link in _LINKS:
            if link and not head.lower().endswith(link):
                continue
            stem = head[: len(head) - len(link)] if link else head
            if len(stem) >= 3 and (known(stem, "de") or known(stem.lower(), "de")
                                   or known(stem + "e", "de") or known(stem + "en", "de")
                                   or known(stem.lower() + "n", "de")):
                return True
    return False


@lru_cache(maxsize=65536)
def _adjective(word: str) -> bool:
    """Whether a lower-case German word is an inflected adjective ('europäische')."""
    import simplemma

    lemma = simplemma.lemmatize(word, lang="de")
    return lemma != word and lemma.islower() and known(lemma, "de")


@lru_cache(maxsize=65536)
def _lemma_known(word: str) -> bool:
    """Whether an inflected German word's lemma is an ordinary word ("Gesellschaftern")."""
    import simplemma

    lemma = simplemma.lemmatize(word, lang="de")
    return lemma != word and known(lemma, "de")


@lru_cache(maxsize=65536)
def ordinary(word: str, lang: str) -> bool:
    """Whether a capitalised word is an ordinary word here, not a name part."""
    bare = _bare(word)
    if not bare or not bare[0].isalpha():
        return False
    if _camel(bare):
        return False
    if "-" in bare and lang == "de":
        return german_compound(bare)
    if sum(c.isupper() for c in bare) >= 2:
        return False
    if lang == "de":
        return german_compound(bare)
    return known(bare, "en")


@lru_cache(maxsize=65536)
def _bare(word: str) -> str:
    """A word without a possessive ending."""
    for ending in ("'s", "’s", "'", "’"):
        if word.endswith(ending):
            return word[: -len(ending)]
    return word


_CAMEL = re.compile(r"[a-zäöüß][A-ZÄÖÜ]")


def _camel(word: str) -> bool:
    return bool(_CAMEL.search(word))


def capitalised(word: str) -> bool:
    """A word that can be part of a name: it starts with a capital (or is 'H2'-like)."""
    first = word[:1]
    if first.isupper():
        return True
    return first.isdigit() and any(c.isalpha() for c in word) and any(c.isupper() for c in word)


def acronym(word: str) -> bool:
    """'OPSB', 'IB.SH', 'TK-NABEG': mostly capitals."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def _ending_kind(word: str, endings: Sequence[tuple[str, str]]) -> tuple[str, str] | None:
    """The longest of the endings (longest first) that word ends with, and its kind."""
    table = _ending_table(endings)
    lowered = word.lower()
    for size in range(min(len(lowered) - 1, table[0]), 0, -1):
        kind = table[1].get(lowered[-size:])
        if kind is not None:
            return lowered[-size:], kind
    return None


_TABLES: dict[int, tuple[int, dict[str, str]]] = {}


def _ending_table(endings: Sequence[tuple[str, str]]) -> tuple[int, dict[str, str]]:
    """Endings as a lookup table by their text, with the longest ending's length."""
    table = _TABLES.get(id(endings))
    if table is None:
        lookup: dict[str, str] = {}
        for ending, kind in endings:
            lookup.setdefault(ending, kind)
        table = _TABLES[id(endings)] = (max((len(e) for e in lookup), default=0), lookup)
    return table


# ---------------------------------------------------------------------------------- spans

@lru_cache(maxsize=65536)
def _run_worth_a_look(run: str, lang: str) -> bool:
    """Whether a run of capitalised words may hold a name the knowledge base lacks."""
    words = 0
    telling = False  # a word with a shape of its own: a head, a descriptor, a role
    for word in run.split():
        word = word.rstrip(".,")
        if word in STOP_OPENERS or not capitalised(word):
            continue
        if _worth_a_look(word, lang) or _is_place(word, lang):
            return True
        words += 1
        telling = telling or not _plain_word(word, lang)
    # English capitalises names only ("Industrial Leap"); German every noun.
    return words > 1 and (lang == "en" or telling)


@lru_cache(maxsize=65536)
def _is_place(word: str, lang: str = "en") -> bool:
    """Whether a word names a place: a country or region, or a town that is no ordinary word
    ('Mitte' is a part of Berlin and the German for 'middle')."""
    from . import places

    found = places.place(_bare(word))
    if found is None:
        return False
    if found.kind in ("country", "region"):
        return True
    return not ordinary(_bare(word), lang) and not known(_bare(word), "en")


STOP_OPENERS = frozenset({
    "The", "A", "An", "This", "That", "These", "Those", "Its", "Their", "His", "Her", "Our",
    "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einer", "Einem", "Eines",
    "Diese", "Dieser", "Dieses", "Auch", "Also", "Und", "And", "But", "Aber", "Laut", "Für",
    "For", "In", "Im", "Am", "At", "On", "By", "From", "With", "Mit", "Bei", "Nach", "Von",
    "Zum", "Zur", "Seit", "Since", "As", "Als", "Wie", "If", "When", "While", "After",
    "Before", "Beim", "Vom", "Unter", "Under", "Über", "Over", "To", "Of", "Or", "Oder"})
LOCATIVES = frozenset({"in", "near", "nach", "aus", "im", "from", "across", "nahe", "around",
                       "outside", "südlich", "nördlich", "östlich", "westlich", "of"})
_CONJUNCTIONS = frozenset({"and", "und", "&", "sowie", "or", "oder"})
_GENITIVES = frozenset({"of", "der", "des"})
MAX_RUN = 14  # tokens in a name at most: longer runs are cut, so that work stays linear
_NEAR = 6  # runs this many tokens from one worth a look are looked at too (lists, remits)
_TIME_WORDS = frozenset({
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Montag",
    "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Januar", "Februar", "März", "Mai", "Juni", "Juli", "Oktober",
    "Dezember", "Morgen", "Abend", "Wochenende", "Weekend"})
_GENERIC_STEMS = frozenset({"bundes", "landes", "regierungs", "staats", "stadt"})
_GENERIC_BODIES = frozenset({"Regierung", "Verwaltung", "Parlament", "Behörde", "Ministerium"})
_GOVERNMENT_EN = frozenset({"government", "Government", "administration", "municipality",
                            "council", "cabinet", "authorities", "legislature", "parliament"})
_SPECIFYING = frozenset({"für", "zur", "zum", "for", "on", "of"})  # "Institut für X"
_ARTICLES = frozenset({"a", "an", "the", "its", "their", "his", "her", "ein", "eine", "einer",
                       "einem", "eines", "der", "die", "das", "dem", "den", "des", "seine",
                       "ihre", "ihrer", "seiner", "unsere", "unserer"})
_OPENING = frozenset("\"„“«»‚‘'(–—|:")
WEAK_MENTIONS = 2  # a name found by its shape alone must recur to count
_QUOTES = frozenset("\"„“«»‚‘'")
_DEFINITE = frozenset({"der", "die", "das", "dem", "den", "des", "im", "zum", "zur", "vom",
                       "beim", "am", "ins"})
_POSSESSIVES = frozenset({"ihre", "ihrer", "ihren", "ihrem", "seine", "seiner", "seinen",
                          "seinem", "unsere", "unserer", "its", "their", "his", "her", "our",
                          "ein", "eine", "einer", "einen", "einem", "a", "an"})
_PLACE_ADJECTIVE = re.compile(r"-(?:based|born|listed|owned|headquartered|registered|area)$")
_NUMBER = re.compile(r"\d[\d./]*$")
_GENERIC_FIRST = frozenset({
    "National", "Federal", "Central", "General", "New", "Great", "First", "Green", "Global",
    "United", "Royal", "State", "City", "International", "European", "Public", "Special",
    "Clean", "Digital", "Regional", "Nationale", "Deutsche", "Europäische", "Neue", "Erste"})


@dataclass(slots=True)
class Span:
    """A stretch of capitalised tokens proposed as a name, and what is known about it."""

    first: int  # index of its first token
    last: int  # index of its last token (inclusive)
    kind: str | None = None  # organization | government | policy
    confidence: str = "weak"
    cue: str = ""
    owner: str | None = None
    owner_place: bool = False
    aliases: list[str] = field(default_factory=list)
    display: str | None = None  # a name other than the words: "Namibian government"
    country: str | None = None  # ISO code of the country a government body belongs to


class Context(NamedTuple):
    """What the caller knows already: the knowledge base's and the people rules' spans."""

    known: Sequence[tuple[int, int, str]]  # knowledge-base matches: start, end, kind
    places: Sequence[tuple[int, int]]  # places and countries
    people: Sequence[tuple[int, int, str, str]]  # people: start, end, confidence, name


def _sentence_starts(starts: list[int], words: list[str], items: Sequence[Sentence]) -> set[int]:
    """Indices of the tokens that open a sentence, a line or a quotation."""
    out = {bisect_left(starts, s.start) for s in items}
    out.update(number + 1 for number, word in enumerate(words) if word in _OPENING)
    return out


def _ranges(starts: list[int], ends: list[int], spans: Iterable[tuple[int, int]],
            ) -> list[tuple[int, int]]:
    """The first and last token inside each character span that holds any (in order)."""
    out: list[tuple[int, int]] = []
    if not starts:
        return out
    low, high = starts[0], ends[-1]
    for start, end in spans:
        if end <= low or start >= high:
            continue
        first = bisect_left(starts, start)
        last = bisect_right(ends, end) - 1
        if first <= last:
            out.append((first, last))
    return out


def _covered(starts: list[int], ends: list[int], spans: Iterable[tuple[int, int]]) -> set[int]:
    """Indices of the tokens inside any of the character spans."""
    return {i for first, last in _ranges(starts, ends, spans) for i in range(first, last + 1)}


def _government_en(word: str) -> bool:
    return word in _GOVERNMENT_EN


@lru_cache(maxsize=65536)
def _government_de(word: str) -> bool:
    """A German word that names a government body: 'Regierung', 'Verteidigungsministerium'."""
    lex = lexicon()
    return word[:1].isupper() and (word in lex.government_nouns or (
        head_kind(word) == "government" and (len(word) > 8 or word in lex.heads)
        and "-" not in word))


@lru_cache(maxsize=65536)
def head_kind(word: str) -> str | None:
    """The kind a name's last word gives it ('Capital', 'Agentur', 'Aufbaubank')."""
    lex = lexicon()
    bare = _bare(word).rstrip(".")
    kind = lex.heads.get(bare)
    if kind is None and bare[:1].isupper():
        found = _ending_kind(bare, lex.head_endings)
        if found is not None:
            kind = found[1]
    return kind


@lru_cache(maxsize=65536)
def role_word(word: str) -> bool:
    from . import rules

    return rules._is_role_word(word, rules.lexicon())


@lru_cache(maxsize=65536)
def descriptor_kind(word: str, lang: str) -> str | None:
    """The kind a descriptor word gives the name after it ('Fintech', 'PGZ-Tochter')."""
    lex = lexicon()
    bare = _bare(word)
    kind = lex.descriptors.get(bare)
    if kind is None and bare.endswith("s"):
        kind = lex.descriptors.get(bare[:-1])  # "des Konzerns"
    at = bare.find("-")
    while kind is None and at > 0:
        tail = bare[at + 1:]
        kind = lex.descriptors.get(tail) or lex.descriptors.get(tail.capitalize())
        at = bare.find("-", at + 1)
    if kind is None and lang == "de" and ordinary(bare, "de"):
        found = _ending_kind(bare, lex.descriptor_endings) or _ending_kind(
            bare[:-1], lex.descriptor_endings) if bare.endswith("s") else \
            _ending_kind(bare, lex.descriptor_endings)
        kind = found[1] if found else None
    return kind


@lru_cache(maxsize=65536)
def _nameish(word: str) -> bool:
    """A token that can stand in a name: capitalised, and not a mark or a title."""
    return capitalised(word) and word.rstrip(".") not in lexicon().titles \
        and not _PLACE_ADJECTIVE.search(word)


@lru_cache(maxsize=65536)
def _not_a_name(word: str) -> bool:
    bare = _bare(word)
    lex = lexicon()
    return bare in lex.not_names or bare in lex.free or bare in lex.bound or bare[:1].isdigit()


@lru_cache(maxsize=65536)
def _name_word(word: str, lang: str) -> bool:
    """A word only a name holds: unknown to the lexicon, an acronym, CamelCase."""
    if _not_a_name(word):
        return False
    bare = _bare(word)
    return not ordinary(bare, lang) or acronym(bare) or _camel(bare)


@lru_cache(maxsize=65536)
def _compound_ending(word: str) -> tuple[str, str] | None:
    return _ending_kind(word, lexicon().head_endings)


@lru_cache(maxsize=65536)
def _compound_kind(word: str, lang: str) -> str | None:
    """The kind of one word made of a name and a head: 'Allgäunetz', 'Industrifonden'."""
    bare = _bare(word)
    found = _compound_ending(bare)
    if found is None:
        return None
    ending, kind = found
    stem = bare[: len(bare) - len(ending)].rstrip("-")
    if len(stem) < 3 or ordinary(stem, lang) or ordinary(stem, "de"):
        return None
    return kind


@lru_cache(maxsize=65536)
def _plain_word(word: str, lang: str) -> bool:
    """One ordinary word that is no head, descriptor, first word of a name, role or law."""
    from . import rules

    bare = _bare(word)
    return ordinary(bare, lang) and not _name_word(word, lang) and head_kind(word) is None \
        and descriptor_kind(word, lang) is None and bare not in lexicon().prefix_heads \
        and _compound_ending(bare) is None and not role_word(bare) \
        and not rules.first_name(bare, rules.lexicon())


@lru_cache(maxsize=65536)
def _worth_a_look(word: str, lang: str) -> bool:
    """Whether one capitalised word on its own may name something the rules can tell."""
    if _name_word(word, lang):
        return True
    bare = _bare(word)
    if _compound_kind(word, lang) is not None or bare in lexicon().government_nouns:
        return True
    ending = _compound_ending(bare)
    return ending is not None and ending[1] in ("policy", "government")


class _Finder:
    """One article's tokens, and the spans found in them."""

    def __init__(self, text: str, lang: str, items: Sequence[Sentence], begin: int,
                 context: Context) -> None:
        self.text = text
        self.lang = lang
        self.lex = lexicon()
        self.starts, self.ends, self.words = _tokenize(text, begin, len(text))
        self.caps = list(map(_nameish, self.words))
        self.opens = _sentence_starts(self.starts, self.words, items)
        self.context = context
        self.placed = _covered(self.starts, self.ends, context.places)
        self.known_ranges = self.token_kinds(sorted(context.known))
        self.known_tokens = {i for first, last, _k in self.known_ranges
                             for i in range(first, last + 1)}

    def token_kinds(self, known: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Knowledge-base matches as token ranges with their kinds."""
        out: list[tuple[int, int, str]] = []
        if not self.starts:
            return out
        low, high = self.starts[0], self.ends[-1]
        for start, end, kind in known:
            if end <= low or start >= high:
                continue
            first = bisect_left(self.starts, start)
            last = bisect_right(self.ends, end) - 1
            if first <= last:
                out.append((first, last, kind))
        return out

    # -- tokens -------------------------------------------------------------------------

    def adjacent(self, left: int, right: int) -> bool:
        """Whether two tokens stand on one line with only blanks between them."""
        gap = self.text[self.ends[left]:self.starts[right]]
        return "\n" not in gap and not gap.strip()

    def word(self, index: int) -> str:
        return self.words[index] if 0 <= index < len(self.words) else ""

    def surface(self, first: int, last: int) -> str:
        return " ".join(self.text[self.starts[first]:self.ends[last]].split())

    def nameish(self, index: int) -> bool:
        """A token that can stand in a name: capitalised, and not a mark or a title."""
        return self.caps[index]

    def connector(self, word: str) -> bool:
        return word in self.lex.free or word in self.lex.bound

    def opener(self, index: int) -> bool:
        """A head or a first word after which a bound connector may follow: 'Bank of'."""
        return self.head_of(index) is not None or self.prefix_of(index) is not None

    # -- runs ---------------------------------------------------------------------------

    def runs(self) -> list[tuple[int, int]]:
        """Maximal stretches of name-ish tokens and the connectors between them."""
        out: list[tuple[int, int]] = []
        count = len(self.words)
        caps = self.caps
        for index in [i for i, cap in enumerate(caps) if cap]:
            if out and index <= out[-1][1]:
                continue
            last = index
            bound_ok = False  # "Act on the Defence of the Homeland": a chain after a head
            while last - index < MAX_RUN:
                after = last + 1
                if after < count and self.nameish(after) and self.adjacent(last, after):
                    last = after
                    continue
                probe = after
                while probe < count and probe - after < 2 and self.connector(self.words[probe]) \
                        and self.adjacent(probe - 1, probe):
                    probe += 1
                if probe > after and probe < count and self.nameish(probe) \
                        and self.adjacent(probe - 1, probe):
                    joins = self.words[after:probe]
                    if self.may_join(joins, last, bound_ok):
                        bound_ok = bound_ok or any(w in self.lex.bound for w in joins)
                        last = probe
                        continue
                if after < count and _NUMBER.match(self.words[after]) and self.adjacent(
                        last, after) and (self.head_of(last) in ("policy", "fund", "organization")
                                          or self.lex.descriptors.get(self.word(after + 1))
                                          == "policy"):
                    last = after  # "House Bill 1192", "Baltic Innovation Fund 2"
                break
            out.append((index, last))
        return out

    def may_join(self, joins: list[str], last: int, chained: bool) -> bool:
        """Whether connectors may join the words around them into one name."""
        if "the" in joins and joins[0] == "the":
            return False  # "the" only after another connector: "Department of the Treasury"
        if self.word(last + len(joins) + 1) in _TIME_WORDS:
            return False  # "the Commerce Department on Tuesday"
        if all(w in self.lex.free for w in joins):
            return True
        if self.opener(last):
            return True
        genitive = joins[0] in _GENITIVES
        return genitive and (chained or self.lang == "de" and joins[0] != "of")

    # -- segments -----------------------------------------------------------------------

    def descriptor(self, word: str) -> str | None:
        """The kind a descriptor word gives the name after it ('Fintech', 'PGZ-Tochter')."""
        return descriptor_kind(word, self.lang)

    def role(self, word: str) -> bool:
        return role_word(word)


    def city_adjective(self, index: int) -> bool:
        """'Hamburger', 'Kieler' before a noun: a German adjective of a place, not a name."""
        word = self.words[index]
        if self.lang != "de" or len(word) < 5 or not word.endswith("er") \
                or not word[:1].isupper() or index + 1 >= len(self.words):
            return False
        from . import places

        if places.city_of_adjective(word) is not None or places.region_of_adjective(word):
            return True
        after = _bare(self.words[index + 1])
        return self.word(index - 1).lower() in _ARTICLES and ordinary(after, "de") and (
            self.descriptor(after) is not None or self.head_of(index + 1) is not None)

    def segments(self, first: int, last: int) -> list[Span]:
        """A run cut where it holds more than one name or words that are not names."""
        out: list[Span] = []
        start = first
        cue: str | None = None
        owner: str | None = None

        def close(end: int) -> None:
            span = self.trim(start, end)
            if span is not None:
                if cue:
                    span.kind, span.confidence, span.cue = cue, "strong", "descriptor"
                span.owner = owner
                span.owner_place = owner is not None and self.place_at(start - 1)
                out.append(span)

        index = first
        while index <= last:
            word = self.words[index]
            bare = _bare(word)
            if self.role(bare) or bare in self.lex.titles:
                end = index - 1
                while end >= start and not self.name_part(end) and self.nameish(end):
                    end -= 1  # "Chief Strategy Officer": the words before are the role's
                close(end)
                start, cue, owner = index + 1, None, None
            elif index < last and self.splits_at_descriptor(start, index, last):
                close(index - 1)
                start, cue, owner = index + 1, self.descriptor(word), None
            elif index < last and bare != word and self.nameish(index + 1):
                close(index)  # "Ohio's Department of Development": an owner, then the name
                start, cue, owner = index + 1, None, _bare(self.surface(start, index))
            elif word in _CONJUNCTIONS and word != "&" and index < last \
                    and self.complete(start, index - 1) and self.splits_at_and(start, index, last):
                close(index - 1)
                start, cue, owner = index + 1, None, None
            index += 1
        close(last)
        return out

    def splits_at_and(self, start: int, index: int, last: int) -> bool:
        """Whether the name after 'and' stands on its own ('Ministry of Mines and Energy')."""
        if any(self.words[i] in self.lex.bound for i in range(start, index)):
            return self.head_of(last) is not None or self.known_at(index + 1)
        return self.complete(index + 1, last) or self.lang == "en"

    def complete(self, first: int, last: int) -> bool:
        """Whether tokens make a name of their own: a head, a name part, a known name."""
        if last < first:
            return False
        if self.head_of(last) is not None or self.legal_end(first, last) > 0:
            return True
        return any(self.name_part(i) or self.known_at(i) for i in range(first, last + 1)
                   if not self.connector(self.words[i]))

    def splits_at_descriptor(self, start: int, index: int, last: int) -> bool:
        """Whether a word inside a run describes the name after it ('Fintech Finanzblick')."""
        word = self.words[index]
        kind = self.descriptor(word)
        if kind is None or self.connector(word):
            return False
        if any(self.name_part(i) and not self.city_adjective(i) and not self.place_at(i)
               and _bare(self.words[i]) == self.words[i] and self.words[i] not in STOP_OPENERS
               for i in range(start, index)):
            return False  # "Emil Brunner Holding AG": after a name it is the name's head
        rest = range(index + 1, last + 1)
        if self.prefix_of(index) is not None and (
                self.words[index + 1] in self.lex.bound
                or not any(self.head_of(i) or self.prefix_of(i) for i in rest)):
            return False  # "Stadtwerke Ulm", "Ministerium für Bergbau": it opens the name
        if self.lang == "de" and all(self.place_at(i) for i in rest):
            return False  # "Investitionsbank Sachsen-Anhalt", "Wachstumsfonds Deutschland"
        return True

    def trim(self, first: int, last: int) -> Span | None:
        """The span without openers, connectors and a sentence's ordinary first word."""
        lex = self.lex
        while first <= last and (self.words[first] in STOP_OPENERS
                                 or self.connector(self.words[first])
                                 or self.words[first].rstrip(".") in lex.titles
                                 or not self.nameish(first)):
            first += 1
        while last >= first and (self.connector(self.words[last]) or not (
                self.nameish(last) or _NUMBER.match(self.words[last]))):
            last -= 1
        if self.lang == "de":
            # "das Start-up": a descriptor at the end refers back to a name said before
            while last > first and self.descriptor(self.words[last]) is not None \
                    and not self.name_part(last) and self.head_of(last) is None:
                last -= 1
        if first > last:
            return None
        word = self.words[first]
        opener = first in self.opens and ordinary(word, self.lang) and not word.endswith("-")
        if opener and first == last:
            return None
        if opener and (self.head_of(last) is None and self.prefix_of(first) is None
                       or not self.nameish(first + 1)):
            return self.trim(first + 1, last)
        if self.lang == "de" and first < last and self.connector(self.words[first + 1]) \
                and self.words[first + 1] not in ("und", "&") and not self.name_part(first) \
                and self.prefix_of(first) is None and self.head_of(first) is None:
            return self.trim(first + 1, last)  # "Runde von Nordkap Capital"
        if self.city_adjective(first) and first < last and self.descriptor(
                self.words[first + 1]) is not None and self.prefix_of(first + 1) is None:
            return self.trim(first + 1, last)  # "Hamburger Fintech ..."
        return Span(first, last)

    # -- shapes -------------------------------------------------------------------------

    def head_of(self, index: int) -> str | None:
        """The kind a name's last word gives it ('Capital', 'Agentur', 'Aufbaubank')."""
        return head_kind(self.words[index])

    def prefix_of(self, index: int) -> str | None:
        return self.lex.prefix_heads.get(_bare(self.words[index]))

    def legal_end(self, first: int, last: int) -> int:
        """How many tokens of a legal form end the span (0 if none)."""
        forms = _legal_forms_by_last().get(self.words[last].rstrip("."))
        if not forms:
            return 0
        words = [w.rstrip(".") for w in self.words[first:last + 1]]
        for form in forms:
            if len(form) < len(words) and list(form) == words[-len(form):]:
                return len(form)
        return 0

    def name_part(self, index: int) -> bool:
        """A word that only a name holds: unknown to the lexicon, an acronym, CamelCase."""
        return _name_word(self.words[index], self.lang) or (
            self.place_at(index) and not _not_a_name(self.words[index]))

    def place(self, name: str) -> bool:
        return _is_place(name, self.lang)

    def place_at(self, index: int) -> bool:
        """Whether a token is (part of) a place: in the gazetteer or a known place's span."""
        return index in self.placed or self.place(_bare(self.words[index]))

    def known_at(self, index: int) -> bool:
        token = Token(self.starts[index], self.ends[index], self.words[index])
        return any(s <= token.start and token.end <= e for s, e, _k in self.context.known)

    def juxtaposed(self, first: int, last: int) -> bool:
        """German nouns side by side ('Bayern Kapital'): German writes compounds, names do not."""
        from . import rules

        given = rules.lexicon().first_names
        return self.lang == "de" and any(
            self.nameish(i) and self.nameish(i + 1) and not self.city_adjective(i)
            for i in range(first, last)) and any(
            self.name_part(i) and not self.place_at(i) or self.words[i] in given
            for i in range(first, last + 1))

    def named_adjective(self, index: int) -> bool:
        """A capitalised German adjective, which only a name capitalises: 'Deutsche'."""
        word = self.words[index]
        return self.lang == "de" and word[:1].isupper() and word.endswith(
            ("e", "en", "er", "es")) and index not in self.opens and _adjective(word.lower())

    def compound_name(self, index: int) -> str | None:
        """The kind of one word made of a name and a head: 'Allgäunetz', 'Industrifonden'."""
        return _compound_kind(self.words[index], self.lang)

    def marker(self, first: int, last: int) -> str | None:
        """The kind a marker anywhere in the name decides ('Central Bank of Kenya')."""
        surface = f" {self.surface(first, last)} "
        for phrase, kind in self.lex.markers:
            if f" {phrase} " in surface or (" " not in phrase and phrase in surface):
                return kind
        return None

    def core_head(self, first: int, last: int) -> int:
        """Where a name's head stands: before its first bound connector ('Bank of X')."""
        for index in range(first + 1, last):
            if self.words[index] in self.lex.bound and self.opener(index - 1):
                return index - 1
        return last

    # -- kinds --------------------------------------------------------------------------

    def classify(self, span: Span) -> None:
        """Set the span's kind and confidence from its own shape."""
        first, last = span.first, span.last
        if last > first and _NUMBER.match(self.words[last]):
            last -= 1  # "House Bill 1192", "Gigabitförderung 2.0": the head stands before
        size = last - first + 1
        words = range(first, last + 1)
        has_part = any(self.name_part(i) and not self.city_adjective(i) for i in words)
        if self.legal_end(first, last):
            span.kind, span.confidence, span.cue = "organization", "strong", "legal form"
            return
        core = self.core_head(first, last)
        head = self.head_of(core) if size > 1 else self.compound_name(first)
        marker = self.marker(first, last) if size > 1 or head else None
        if span.kind is not None:  # a descriptor before it
            if self.lang == "de" and size == 1 and not known(_bare(self.words[first]), "de"):
                has_part = True  # "IT-Dienstleister Dataport": not a word of the dictionary
            if self.lang == "de" and not has_part:
                span.kind, span.confidence, span.cue = None, "weak", ""
            else:
                span.kind = marker or self.fund(head, span, has_part) or span.kind
                return
        specified = core < last and self.words[core + 1] in _SPECIFYING and (
            self.prefix_of(core) is not None or self.head_of(core) in ("government", "policy"))
        if head is not None and (has_part or self.lang == "en" or self.named_adjective(first)
                                 or self.prefix_of(first) is not None or size == 1
                                 or specified or self.juxtaposed(first, last)):
            span.kind, span.confidence, span.cue = marker or self.fund(head, span, has_part), \
                "strong", "head"
            return
        if size == 1 and self.named_law(first):
            span.kind, span.confidence, span.cue = "policy", "strong", "head"
            return
        prefix = self.prefix_of(first)
        if prefix is not None and size > 1 and (
                any(self.name_part(i) for i in words[1:])
                or self.connector(self.words[first + 1]) or self.lang == "en"):
            span.kind, span.confidence, span.cue = marker or prefix, "strong", "prefix"
            return
        if has_part:
            strong = span.owner_place and not self.place_at(first)  # "China's CALB"
            span.kind, span.cue = marker or "organization", "owner" if strong else "shape"
            span.confidence = "strong" if strong else "weak"

    def fund(self, head: str | None, span: Span, has_part: bool) -> str | None:
        """A fund with a name of its own invests (an organisation); else it is a programme."""
        if head != "fund":
            return head
        named = has_part or any(
            self.named_adjective(i) or self.demonym(i) for i in range(span.first, span.last + 1))
        return "organization" if named else "policy"

    def demonym(self, index: int) -> bool:
        """'Polish', 'Baltic': an adjective of a place, which makes a fund's name its own."""
        word = self.words[index]
        return self.lang == "en" and word[:1].isupper() and word.endswith(
            ("ish", "ian", "ese", "ic", "an", "ch")) and ordinary(word, "en") \
            and self.head_of(index) is None

    def named_law(self, index: int) -> bool:
        """A German law or programme named by its compound: 'das Medizinforschungsgesetz'."""
        word = _bare(self.words[index])
        found = _compound_ending(word)
        if self.lang != "de" or found is None or found[1] != "policy":
            return False
        stem = word[: len(word) - len(found[0])].rstrip("-")
        before = self.word(index - 1).lower()
        plural = word.endswith(("programme", "initiativen", "strategien", "gesetze"))
        if self.word(index + 1) in _QUOTES:
            return False  # Gemeinschaftsaufgabe „...“: the quoted words are the name
        definite = before in _DEFINITE or self.named_adjective(index - 1) or (
            index - 1 in self.opens and word.endswith(("verträge", "gesetz")))
        hard = found[0] in ("gesetz", "verordnung", "richtlinie")
        return len(stem) >= 4 and not plural and definite and found[0] != "plan" \
            and stem.lower() not in ("bundes", "landes", "förder", "rahmen") \
            and (hard or not known(word, "de"))

    def context_kind(self, span: Span) -> tuple[str, str] | None:
        """A kind from the words around a span: a descriptor before it, an apposition after."""
        before = span.first - 1
        if self.word(before) in _QUOTES and self.word(before - 1):
            kind = self.descriptor(self.words[before - 1])
            if kind is not None:
                return kind, "descriptor"  # Förderprogramm „Digitale Kommune“
        if before >= 0 and self.words[before][:1].islower() and self.adjacent(before, span.first):
            kind = self.lex.descriptors.get(self.words[before])
            if kind is None and before >= 1:
                kind = self.lex.descriptors.get(f"{self.words[before - 1]} {self.words[before]}")
            if kind is not None:
                return kind, "descriptor"
        found = self.apposition(span)
        if found is not None:
            return found, "apposition"
        after = self.after_brackets(span.last + 1)
        for index in range(after, after + 3):
            follows = self.word(index)
            if not follows[:1].islower() or not self.adjacent(index - 1, index):
                break
            if self.lex.descriptors.get(follows) == "policy":
                return "policy", "descriptor"  # "the Industrial Leap programme"
        return None

    def after_brackets(self, index: int) -> int:
        """The first token after a bracket group that starts at index (index if none)."""
        if self.word(index) in _QUOTES:
            index += 1
        if self.word(index) != "(":
            return index
        close = index
        while close < len(self.words) and self.words[close] != ")" and close - index < 12:
            close += 1
        return close + 1 if self.word(close) == ")" else index

    def apposition(self, span: Span) -> str | None:
        """The kind an apposition gives: 'X, a maker of battery cells,' 'Y, Brazil's bank'."""
        after = self.after_brackets(span.last + 1)
        if self.word(after) != ",":
            return None
        index = after + 1
        opener = self.word(index)
        if opener.lower() not in _ARTICLES:
            while index < len(self.words) and self.nameish(index) and _bare(
                    self.words[index]) == self.words[index] and index - after < 4:
                index += 1  # "Silicon Valley's": an owner before the noun
            if _bare(self.word(index)) == self.word(index):
                return None
        for number in range(index, min(index + 10, len(self.words))):
            word = self.words[number]
            if not word[:1].isalnum():
                return None
            kind = self.lex.apposition.get(word) or self.lex.apposition.get(word.lower())
            if kind is None and self.lang == "de" and word[:1].isupper():
                kind = self.descriptor(word)
            if kind is not None:
                return kind if self.closed(number) else None
            if self.role(word) or word in ("who", "which", "that", "said", "sagte"):
                return None
        return None

    def closed(self, index: int) -> bool:
        """Whether a noun phrase ends at a mark within a few words ('a maker of cells,')."""
        for number in range(index + 1, min(index + 9, len(self.words) + 1)):
            word = self.word(number)
            if word in (",", ".", ")", ";", ":", "–", "—", ""):
                return True
            if word in ("said", "says", "sagte", "sagt", "has", "hat", "is", "ist", "will",
                        "wird", "announced", "raised"):
                return False
        return False

    def chars(self, span: Span) -> tuple[int, int]:
        return self.starts[span.first], self.ends[span.last]

    # -- abbreviations, lists -----------------------------------------------------------

    def bracket_after(self, span: Span) -> tuple[int, int] | None:
        """Token range inside brackets right after a span: '(OPSB)', '(section 45V)'."""
        opening = span.last + 1
        if self.word(opening) in _QUOTES:
            opening += 1
        if self.word(opening) != "(":
            return None
        closing = opening + 1
        while closing < len(self.words) and closing - opening <= 10 and self.words[closing] != ")":
            if self.words[closing] in (";", ":", "("):
                return None
            closing += 1
        if self.word(closing) != ")" or closing == opening + 1:
            return None
        return opening + 1, closing - 1

    def abbreviation(self, first: int, last: int, strong: bool) -> list[str]:
        """The other names a bracket gives: '(OPSB)', '(Agencja Uzbrojenia, AU)'."""
        out: list[str] = []
        part = first
        for index in range(first, last + 2):
            if index <= last and self.words[index] != ",":
                continue
            if index > part:
                form = self.form(part, index - 1, strong)
                if form is None:
                    return []
                out.append(form)
            part = index + 1
        return out

    def form(self, first: int, last: int, strong: bool) -> str | None:
        words = self.words[first:last + 1]
        text = self.surface(first, last)
        if len(words) == 2 and words[0].lower() == "section":
            return text
        if not capitalised(words[0]) or self.place(text) or text in self.lex.not_names \
                or any(w.isdigit() for w in words) or text.upper() in _currency_codes():
            return None
        if len(words) == 1 and (acronym(words[0]) or _camel(words[0])
                                or not ordinary(words[0], self.lang)):
            return text
        if strong and all(capitalised(w) or self.connector(w) or w in "-&" for w in words):
            return text  # the name in the local language: "(Agencja Uzbrojenia)"
        return None


@cache
def _legal_forms_by_last() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Legal forms (their words without dots) by their last word, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for form in lexicon().legal_forms:
        words = tuple(f.rstrip(".") for f in form)
        out.setdefault(words[-1], []).append(words)
    return {last: tuple(sorted(forms, key=len, reverse=True)) for last, forms in out.items()}


@cache
def _list_cues() -> frozenset[tuple[str, ...]]:
    return frozenset(lexicon().list_cues)


@cache
def _currency_codes() -> frozenset[str]:
    from babel import Locale

    return frozenset(Locale("en").currencies)


def spells(short: str, words: Sequence[str]) -> bool:
    """Whether an abbreviation spells the words' initials ('SAFE': Security Action for Europe).

    Every capitalised word gives its first letter (an acronym all its letters, a word may
    give a few more of its first letters); connectors may give theirs or none; commas none.
    """
    letters = short.upper()
    items = [w for w in words if w not in (",", "&", "-")]

    @lru_cache(maxsize=None)
    def fits(at: int, item: int) -> bool:
        if item == len(items):
            return at == len(letters)
        word = items[item]
        must = word[:1].isupper()
        if not must and fits(at, item + 1):
            return True  # a connector gives nothing
        source = word.upper() if acronym(word) else word.upper()
        for size in range(1, min(len(source), 3 if not acronym(word) else len(source)) + 1):
            if letters[at:at + size] == source[:size] and fits(at + size, item + 1):
                return True
        return False

    return bool(letters) and bool(items) and fits(0, 0)


class _Collector(_Finder):
    """The spans of a whole article: shapes, contexts, brackets and lists."""

    def collect(self) -> list[Span]:
        """Every span that names an organisation, government body or policy instrument."""
        quoted = self.quoted()
        inside = {i for span in quoted for i in range(span.first - 2, span.last + 1)}
        spans = [span for first, last in self.looked_at(self.runs())
                 for span in self.segments(first, last)
                 if span.first not in inside and span.last not in inside]
        bodies = self.governments()
        taken = {i for span in bodies for i in range(span.first, span.last + 1)}
        spans = [span for span in spans
                 if not any(i in taken for i in range(span.first, span.last + 1))]
        spans = sorted(spans + quoted, key=lambda span: span.first)
        for span in spans:
            self.classify(span)
        spans = self.portfolios(spans)
        self.brackets(spans)
        for span in spans:
            if span.confidence == "strong" and span.cue != "abbreviation":
                continue
            quoted = self.word(span.first - 1) in _QUOTES
            if span.kind is None and not quoted and not (
                    self.lang == "en" and span.last > span.first):
                kind = self.apposition(span) if self.lang == "en" else None
                if kind is not None:  # "Clubhouse, Silicon Valley's social audio app,"
                    span.kind, span.cue, span.confidence = kind, "apposition", "strong"
                continue
            found = self.context_kind(span)
            if found is not None:
                span.kind, span.cue, span.confidence = found[0], found[1], "strong"
        self.lists(spans)
        return sorted((span for span in spans + bodies if span.kind is not None),
                      key=lambda span: span.first)

    # -- government bodies built from their parts ---------------------------------------

    def governments(self) -> list[Span]:
        """'die namibische Regierung', 'Polens Rüstungsagentur', 'the Tamil Nadu government',
        'Kieler Digitalministerium', 'die dänische und die schwedische Regierung'."""
        out: list[Span] = []
        nouns = _government_en if self.lang == "en" else _government_de
        for index in [i for i, word in enumerate(self.words) if nouns(word)]:
            found = self.owned_body(index)
            if found:
                out.extend(found)
        return out

    def owned_body(self, index: int) -> list[Span]:
        """The bodies a government noun names with what stands before or after it."""
        from . import places

        word = self.words[index]
        before = index - 1
        if self.lang == "en" and self.word(before) in ("state", "city", "county", "federal") \
                and word in ("government", "council", "administration"):
            before -= 1  # "the Johor state government"
        owners: list[tuple[int, str | None, str]] = []  # first token, country, kind
        prev = self.word(before)
        if self.lang == "de" and prev[:1].islower():
            first = before
            while True:
                codes = places.countries_of_adjective(self.words[first]) or ()
                region = places.region_of_adjective(self.words[first])
                if not codes and region is None:
                    break
                if len(codes) == 1:
                    owners.append((first, codes[0], "country"))
                elif region is not None:
                    owners.append((first, region[1], "region"))
                else:
                    break  # "deutsch-namibische": a partnership of two, not a government
                # "die dänische und die schwedische Regierung": each adjective is a body
                if self.word(first - 1) in _ARTICLES and self.word(first - 2) in ("und", "oder"):
                    first -= 3
                elif self.word(first - 1) in ("und", "oder"):
                    first -= 2
                else:
                    break
        elif prev[:1].isupper() and not self.connector(prev) and self.adjacent(before, index):
            genitive = places.place_of_genitive(prev) if self.lang == "de" else None
            city = places.city_of_adjective(prev) if self.lang == "de" else None
            region = places.region_of_adjective(prev)
            code = places.country_of_adjective(prev)
            bare = _bare(prev)
            found = places.place(bare) if bare != prev or self.lang == "en" else None
            if genitive is not None:
                owners.append((before, genitive.country, genitive.kind))
            elif code is not None:
                owners.append((before, code, "country"))
            elif region is not None:
                owners.append((before, region[1], "region"))
            elif city is not None or (self.lang == "de" and prev.endswith("er") and self.word(
                    before - 1).lower() in _ARTICLES):
                owners.append((before, city.country if city else None, "city"))
            elif self.lang == "en":
                first = before
                for size in (3, 2):  # "Tamil Nadu", "Andhra Pradesh"
                    start = before - size + 1
                    if start >= 0 and all(self.nameish(i) for i in range(start, before + 1)):
                        longer = places.place(self.surface(start, before))
                        if longer is not None:
                            first, found = start, longer
                            break
                if found is not None:
                    owners.append((first, found.country, found.kind))
        if not owners:
            return self.body_after(index)
        out = []
        for first, code, kind in owners:
            name = self.body_name(first, index, code, kind)
            out.append(Span(first, index, "government", "strong", "government",
                            display=name, country=code))
        return out

    def body_after(self, index: int) -> list[Span]:
        """'Regierung Namibias', 'Landesregierung Sachsen-Anhalt', 'government of Kenya',
        or a German body named by its own compound after the article: 'die Staatsregierung'."""
        from . import places

        after = self.word(index + 1)
        if after == "of" and self.lang == "en":
            found = places.place(self.word(index + 2))
            if found is not None and self.words[index][:1].isupper():
                return [Span(index, index + 2, "government", "strong", "government",
                             country=found.country)]
            return []
        if self.lang != "de":
            return []
        found = places.place_of_genitive(after) or (
            places.place(after) if after[:1].isupper() else None)
        if found is not None and self.adjacent(index, index + 1):
            display = self.body_name(index + 1, index, found.country, found.kind) \
                if found.kind == "country" and self.words[index] == "Regierung" else None
            return [Span(index, index + 1, "government", "strong", "government",
                         display=display, country=found.country)]
        word = self.words[index]
        found_head = _compound_ending(word)
        stem = word[: len(word) - len(found_head[0])] if found_head else ""
        follows = self.word(index + 1)
        named = word in self.lex.government_nouns or (
            len(stem) >= 4 and stem.lower() not in _GENERIC_STEMS)
        if self.word(index - 1).lower() in _DEFINITE and named and word not in _GENERIC_BODIES \
                and not follows[:1].isupper() and not self.connector(follows):
            return [Span(index, index, "government", "strong", "government")]
        return []

    def body_name(self, first: int, noun: int, code: str | None, kind: str) -> str:
        """A national government by its country's adjective ('Namibian government'), any
        other body as written, its adjective in the form after 'die' ('namibische')."""
        from . import places

        word = self.words[noun]
        national = word in ("Regierung", "government", "Government", "administration")
        if kind == "country" and code and national:
            adjective = places.adjective_of_country(code, "en")
            if adjective:
                return f"{adjective} government"
        words = [self.words[first], *self.words[noun:noun + 1]] if first != noun else [word]
        if first < noun - 1 and self.lang == "en":
            words = [self.surface(first, noun - 1), word]
        head = words[0]
        if self.lang == "de" and head[:1].islower() and head.endswith("en") and \
                self.word(first - 1).lower() in ("der", "den", "dem", "des"):
            words[0] = head[:-1]  # "der namibischen Regierung" -> "namibische Regierung"
        return " ".join(words)

    def looked_at(self, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The runs that may name something new, and those next to them (lists, remits)."""
        worth = [self.worth(first, last) for first, last in runs]
        return [run for number, run in enumerate(runs) if worth[number] or any(
            worth[other] and abs(runs[other][0] - run[0]) <= _NEAR
            for other in (number - 1, number + 1) if 0 <= other < len(runs))]

    def worth(self, first: int, last: int) -> bool:
        """Whether a run may name something the knowledge base lacks."""
        known = self.known_tokens
        words = [self.words[i] for i in range(first, last + 1) if i not in known]
        if not words:
            return False
        if _run_worth_a_look(" ".join(words), self.lang):
            return True
        # An English capitalised word inside a sentence, or one with an apposition after it.
        return self.lang == "en" and (first not in self.opens or self.word(last + 1) == ",")

    def plain(self, first: int, last: int) -> bool:
        """A run nothing can come of: all known names, or one ordinary word."""
        if all(i in self.known_tokens for i in range(first, last + 1)):
            return True
        return first == last and _plain_word(self.words[first], self.lang) \
            and not self.place_at(first)

    def quoted(self) -> list[Span]:
        """Names in quotation marks after a word that says what they are:
        Förderprogramm „Digitale Kommune“, Gemeinschaftsaufgabe „Verbesserung der ...“."""
        out: list[Span] = []
        words = self.words
        for index in [i for i, w in enumerate(words[:-2]) if w in _QUOTES and i]:
            before = words[index - 1]
            kind = self.descriptor(before) if before[:1].isupper() else \
                self.lex.descriptors.get(before)
            if kind is None or not self.nameish(index + 1):
                continue
            close = index + 1
            while close < len(self.words) and close - index <= 10 \
                    and self.words[close] not in _QUOTES and self.words[close] not in ".;:!?":
                close += 1
            if self.word(close) in _QUOTES and close > index + 1:
                out.append(Span(index + 1, close - 1, kind, "strong", "quoted"))
        return out

    def person_at(self, first: int, last: int) -> bool:
        start, end = self.starts[first], self.ends[last]
        return any(s < end and start < e for s, e, _c, _n in self.context.people)

    def portfolios(self, spans: list[Span]) -> list[Span]:
        """'Ministry of Development, Industry, Trade and Services': one name, not four."""
        out: list[Span] = []
        for span in spans:
            if out and self.continues_portfolio(out[-1], span):
                out[-1].last = span.last
                continue
            out.append(span)
        return out

    def continues_portfolio(self, left: Span, right: Span) -> bool:
        between = self.words[left.last + 1:right.first]
        if between not in ([","], ["und"], ["and"], [",", "and"]) or right.last - right.first > 5:
            return False
        if not any(self.words[i] in self.lex.bound for i in range(left.first, left.last)):
            return False  # only a name that names its remit: "X of A, B and C"
        if any(self.name_part(i) for i in range(right.first, right.last + 1)):
            return False
        follows = self.word(right.last + 1)
        return follows in (",", "(", ")", ".", ";", "und", "and") and (
            follows != "," or self.nameish(right.last + 2))

    def brackets(self, spans: list[Span]) -> None:
        """Abbreviations defined in brackets become forms of the name before them."""
        by_first = {span.first: span for span in spans}
        for span in spans:
            inside = self.bracket_after(span)
            if inside is None or self.person_at(span.first, span.last):
                continue  # "Carolin Bettendorf (FDP)": a party, not an abbreviation
            words = self.surface(span.first, span.last)
            inner = by_first.get(inside[0])
            forms = self.abbreviation(*inside, strong=span.confidence == "strong")
            if acronym(words) and inner is not None and inner.last == inside[1] \
                    and inner.last > inner.first:
                # "ONS (Operador Nacional do Sistema Elétrico)": the long form names it
                inner.aliases.append(words)
                inner.kind = inner.kind or span.kind or "organization"
                inner.confidence, inner.cue = "strong", "abbreviation"
                span.kind = None
                continue
            if not forms:
                continue
            self.extend_to_initials(span, forms[-1])
            span.aliases.extend(forms)
            if span.confidence != "strong":
                span.kind = span.kind or self.fund(self.head_of(span.last), span, True) \
                    or "organization"
                span.confidence, span.cue = "strong", "abbreviation"
            if inner is not None:
                inner.kind = None  # the abbreviation is this name, not another

    def extend_to_initials(self, span: Span, short: str) -> None:
        """'Building Digital UK (BDUK)': the words the abbreviation spells are the name."""
        letters = short.replace(".", "").replace("-", "").replace(" ", "")
        if not acronym(short) or spells(letters, self.words[span.first:span.last + 1]):
            return
        first = span.first
        while first > 0 and span.first - first < 6 and self.adjacent(first - 1, first) and (
                self.nameish(first - 1) or self.connector(self.words[first - 1])
                or self.words[first - 1] == ","):
            first -= 1
            if self.nameish(first) and spells(letters, self.words[first:span.last + 1]):
                span.first = first
                return

    def lists(self, spans: list[Span]) -> None:
        """Members of a list with organisations in it, or after a cue, are organisations."""
        if all(span.confidence == "strong" for span in spans):
            return  # only a name not yet sure of its kind can learn it from a list
        items: list[tuple[int, int, Span | None, str | None]] = [
            (first, last, None, kind) for first, last, kind in self.known_ranges]
        items += [(span.first, span.last, span, None) for span in spans]
        for start, end, _confidence, _name in self.context.people:
            first, last = self.token_range(start, end)
            if first >= 0:
                items.append((first, last, None, "person"))
        items.sort(key=lambda item: (item[0], -item[1]))
        chain: list[tuple[int, int, Span | None, str | None]] = []
        for item in items:
            if chain and self.joined(chain[-1][1], item[0]):
                chain.append(item)
                continue
            self.settle(chain)
            chain = [item]
        self.settle(chain)

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """The tokens a character span covers, or (-1, -1)."""
        first = bisect_left(self.starts, start)
        last = bisect_right(self.starts, end - 1) - 1
        if first >= len(self.words) or last < first:
            return -1, -1
        return first, last

    def joined(self, last: int, first: int) -> bool:
        """Whether only a comma, a conjunction or an article stand between two names."""
        between = self.words[last + 1:first]
        if not between or len(between) > 3:
            return False
        if between[0] not in (",", *_CONJUNCTIONS) and " ".join(between[:3]) != "as well as":
            return False
        if between[0] == "," and len(between) > 1 and between[1] in _ARTICLES:
            return False  # "Finanzblick, das ...": a relative clause, not a list
        return all(w in (",", *_CONJUNCTIONS, *_ARTICLES, "as", "well") for w in between)

    def settle(self, chain: list[tuple[int, int, Span | None, str | None]]) -> None:
        if not chain:
            return
        if len(chain) < 2 and (chain[0][2] is None or chain[0][2].confidence == "strong"):
            return
        kinds = [item[2].kind if item[2] is not None and item[2].confidence == "strong"
                 else item[3] for item in chain]
        cue = self.list_cue(chain[0][0])
        if (len(chain) < 2 and not cue) or "person" in kinds or "country" in kinds:
            return
        if cue or "organization" in kinds:
            for item in chain:
                span = item[2]
                if span is not None and span.confidence != "strong" and (
                        span.kind == "organization"
                        or span.kind is None and span.last > span.first and self.lang == "en"):
                    span.kind, span.confidence, span.cue = "organization", "strong", "list"

    def list_cue(self, first: int) -> bool:
        """Whether words like 'backed by' or 'die Investoren' stand right before a token."""
        lowered = [w.lower() for w in self.words[max(0, first - 4):first]]
        while lowered and lowered[-1] in _ARTICLES:
            lowered.pop()
        cues = _list_cues()
        return any(tuple(lowered[-size:]) in cues for size in range(1, len(lowered) + 1))


@dataclass
class _Entity:
    """A name and the forms it goes by in one article."""

    span: Span
    name: str
    forms: set[str]
    start: int
    end: int
    mentions: int = 1


def _short_forms(finder: _Finder, span: Span, name_last: int) -> set[str]:
    """Shorter forms a name goes by later: 'Cerrado' for 'Cerrado Data Centers'."""
    forms: set[str] = set()
    first = span.first
    if span.kind != "organization" or name_last == first:
        return forms
    word = _bare(finder.words[first])
    rest_heads = all(finder.head_of(i) is not None or finder.connector(finder.words[i])
                     for i in range(first + 1, name_last + 1))
    if len(word) >= 3 and word not in _GENERIC_FIRST and not finder.place_at(first) and (
            finder.name_part(first) or rest_heads) and finder.head_of(first) is None \
            and not finder.city_adjective(first):
        forms.add(word)
    return forms


def _mentions(text: str, forms: Iterable[str]) -> int:
    """How often any of the forms stands in text as whole words (at least once)."""
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    return max(len(re.findall(rf"(?<![\w-])(?:{alternatives})(?:s|'s|’s)?(?![\w-])", text)), 1)


def find(text: str, lang: str, items: Sequence[Sentence], *, begin: int = 0,
         context: Context | None = None) -> tuple[list[Name], set[tuple[int, int]],
                                                  set[tuple[int, int]]]:
    """Names in text[begin:], the knowledge-base matches they replace (inside a longer name,
    or an abbreviation the article defines otherwise), and the people spans that organisation
    evidence overrides ('Allan Gray Ventures')."""
    finder = _Collector(text, lang, items, begin, context or Context((), (), ()))
    spans = finder.collect()
    known = sorted(finder.context.known)
    known_starts = [s for s, _e, _k in known]
    people = finder.context.people
    person_words = {w for _s, _e, _c, name in people for w in name.split()}
    drop_known: set[tuple[int, int]] = set()
    drop_people: set[tuple[int, int]] = set()
    entities: dict[str, _Entity] = {}
    for span in spans:
        start, end = finder.chars(span)
        legal = finder.legal_end(span.first, span.last)
        keep_form = finder.words[span.last].rstrip(".") in ("Corporation", "Holdings")
        name_last = span.last - legal if legal and not keep_form else span.last
        name = span.display or (
            _bare(finder.surface(span.first, name_last)) if name_last >= span.first else "")
        words = name.split()
        if not name or name in finder.lex.not_names or name.upper() in _currency_codes():
            continue
        inside = [(s, e) for s, e, _k in known[max(0, bisect_left(known_starts, start) - 8):
                                                bisect_left(known_starts, end)]
                  if s < end and start < e]
        if any(s <= start and end <= e for s, e in inside):
            continue  # the knowledge base knows this name (or a longer one holding it)
        if any(s == start and e >= start + len(name) for s, e in inside):
            continue
        weak = span.confidence != "strong"
        if inside and weak:
            continue
        covering = [(s, e, c) for s, e, c, _n in people if s < end and start < e]
        if covering and (weak or span.cue in ("list", "abbreviation", "shape") or not (
                any(start < s or e < end for s, e, _c in covering)
                or all(c == "weak" for _s, _e, c in covering))):
            continue  # a person, unless a head, a legal form or a descriptor says otherwise
        if weak and (finder.place(name) or finder.word(span.first - 1).lower() in LOCATIVES
                     or finder.word(span.last + 1).startswith("-")
                     or all(w in person_words for w in words)
                     or (len(words) == 1 and acronym(name) and len(name) <= 5)):
            continue
        drop_known.update(inside)
        drop_people.update((s, e) for s, e, _c in covering)
        key = name.casefold()
        seen = entities.get(key)
        if seen is not None:
            seen.forms.update(span.aliases)
            if seen.span.confidence != "strong" and not weak:
                seen.span = span
            continue
        forms = {name, *span.aliases, *_short_forms(finder, span, name_last)}
        entities[key] = _Entity(span, name, forms, start, end)
    # A name that is another's short form or abbreviation is that name.
    order = sorted(entities.values(), key=lambda e: e.start)
    forms_of = {form.casefold(): entity for entity in order if entity.span.confidence == "strong"
                for form in entity.forms}
    names: list[Name] = []
    for entity in order:
        owner = forms_of.get(entity.name.casefold())
        if owner is not None and owner is not entity:
            continue
        abbreviations = [f for f in entity.forms if f in entity.span.aliases]
        for s, e, _k in known:
            if text[s:e] in abbreviations:
                drop_known.add((s, e))  # "CMA (Capital Markets Authority)" here, not the KB's
        span = entity.span
        mentions = _mentions(text, entity.forms)
        if span.confidence != "strong" and mentions < WEAK_MENTIONS:
            continue
        kind = span.kind or "organization"
        names.append(Name(
            entity.start, entity.end, entity.name, "policy" if kind == "policy" else "actor",
            "" if kind == "policy" else kind, span.confidence,
            tuple(sorted(entity.forms - {entity.name})), span.owner, mentions,
            span.country))
    return names, drop_known, drop_people
