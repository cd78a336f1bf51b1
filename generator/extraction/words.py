"""Word shapes for names the knowledge base does not know: the lexicon of names.yaml, the
tokens of an article, and what a word is (an ordinary word, a head, a place, a name part).

Every answer depends on the word alone, so it is remembered (lru_cache): an article's words
repeat across the archive, and a word is looked up once per process.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate
from typing import NamedTuple

import yaml

from .. import lemmas


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
    markers: tuple[tuple[str, str], ...]  # what to find in ' surface ', and the kind it gives
    heads: dict[str, str]
    head_endings: tuple[tuple[str, str], ...]
    prefix_heads: dict[str, str]
    descriptors: dict[str, str]
    descriptor_endings: tuple[tuple[str, str], ...]
    apposition: dict[str, str]
    government_nouns: frozenset[str]
    list_cues: tuple[tuple[str, ...], ...]
    titles: frozenset[str]
    areas: frozenset[str]
    own_institutions: tuple[str, ...]  # "Kantonal": "Zürcher Kantonalbank" is Zürich's own
    owned_parts: frozenset[str]  # "Gelände": the "Ford" of "Ford-Gelände" may be a firm
    facilities: frozenset[str]  # "project": "Atlantis Resources Meygen project"
    jurisdictions: frozenset[str]
    legal_forms: tuple[tuple[str, ...], ...]
    not_names: frozenset[str]
    connectors: frozenset[str]  # free | bound: words a name may hold between its parts


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
    data = yaml.load(ref.read_text("utf-8"),  # libyaml's loader when present: faster
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
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
    free = frozenset(str(w) for w in connectors.get("free") or ())
    bound = frozenset(str(w) for w in connectors.get("bound") or ())
    markers = tuple((str(phrase), str(kind))
                    for kind, phrases in (data.get("markers") or {}).items()
                    for phrase in phrases or ())
    return Lexicon(
        free=free,
        bound=bound,
        # a phrase as whole words, one word anywhere (also inside a compound), longest first
        markers=tuple((f" {phrase} " if " " in phrase else phrase, kind)
                      for phrase, kind in sorted(markers, key=lambda item: -len(item[0]))),
        heads=heads,
        head_endings=head_endings,
        prefix_heads=_by_kind(data.get("prefix_heads")),
        descriptors=described,
        descriptor_endings=tuple(sorted(endings, key=lambda item: -len(item[0]))),
        apposition=apposition,
        government_nouns=frozenset(government),
        list_cues=tuple(sorted(set(cues), key=len, reverse=True)),
        titles=frozenset(t.rstrip(".") for t in _words(data, "titles")),
        areas=frozenset(_words(data, "areas")),
        own_institutions=tuple(_words(data, "own_institutions")),
        owned_parts=frozenset(_words(data, "owned_parts")),
        facilities=frozenset(_words(data, "facilities")),
        jurisdictions=frozenset(_words(data, "jurisdictions")),
        legal_forms=tuple(tuple(f.split()) for f in forms),
        not_names=frozenset(_words(data, "not_names")) | weekdays(),
        connectors=free | bound,
    )


@cache
def weekdays() -> frozenset[str]:
    """The names of the days of the week in both languages (CLDR): 'Friday', 'Freitag'."""
    return _calendar_names("days")


@cache
def time_words() -> frozenset[str]:
    """Days, months (CLDR) and times of day, which follow a name and are no part of it:
    'the Commerce Department on Tuesday'."""
    return weekdays() | _calendar_names("months") | {"Morgen", "Abend", "Wochenende", "Weekend"}


def _calendar_names(field: str) -> frozenset[str]:
    from babel import Locale

    return frozenset(name for lang in ("en", "de") for context in ("format", "stand-alone")
                     for name in getattr(Locale(lang), field)[context]["wide"].values())


_SUFFIXES = (r"based|born|listed|owned|headquartered|registered|backed|led|funded|focused|"
             r"linked|made|related|friendly|oriented|driven|style|wide")


# A token is a suffix ("-based"), a word or a mark, tried in that order; since no word
# starts where a suffix or a mark can, the word is tried first: most tokens are words.
_SUFFIX = rf"-(?:{_SUFFIXES})\b"
_WORD = (rf"\w++(?:[-'’+/.&](?!(?:{_SUFFIXES})\b)\w++)*+\+?"
         r"(?:-(?=\s+(?:und|and|oder|or|bzw\.)\s))?")
_MARK = r"[^\w\s]"
TOKEN = re.compile(f"{_WORD}|{_SUFFIX}|{_MARK}")


_SPLIT = re.compile(f"({TOKEN.pattern})")


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words and punctuation marks of text[start:end], with their offsets."""
    starts, ends, words = tokenize(text, start, len(text) if end is None else end)
    return [Token(*token) for token in zip(starts, ends, words, strict=True)]


def tokenize(text: str, start: int, stop: int) -> tuple[list[int], list[int], list[str]]:
    """Starts, ends and texts of the tokens of text[start:stop] (in C, not token by token)."""
    parts = _SPLIT.split(text[start:stop])  # gap, token, gap, token, ..., gap
    offsets = list(accumulate(map(len, parts), initial=start))
    return offsets[1:-1:2], offsets[2::2], parts[1::2]


@lru_cache(maxsize=65536)
def known(word: str, lang: str) -> bool:
    """Whether a word (as written, or in lower case) is an ordinary word of lang."""
    return bool(lemmas.is_known(word, lang)
                or (word[:1].isupper() and lemmas.is_known(word.lower(), lang)))


_LINKS = ("", "s", "es", "n", "en", "e", "er")


@lru_cache(maxsize=65536)
def german_compound(word: str) -> bool:
    """Whether word is made of ordinary German words ("Batteriehersteller", "KI-Fabrik")."""
    if known(word, "de"):
        return True
    if word.endswith("s") and len(word) > 4 and (known(word[:-1], "de") or (
            word.endswith("es") and known(word[:-2], "de"))):
        return True  # a genitive: "Bundes", "Freistaats"
    if lemma_known(word):
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
                and not lemma_known(tail.capitalize()):
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
def adjective(word: str) -> bool:
    """Whether a lower-case German word is an inflected adjective ('europäische')."""
    lemma = lemmas.lemmatize(word, "de")
    return lemma != word and lemma.islower() and known(lemma, "de")


@lru_cache(maxsize=65536)
def lemma_known(word: str) -> bool:
    """Whether an inflected German word's lemma is an ordinary word ("Gesellschaftern")."""
    lemma = lemmas.lemmatize(word, "de")
    return lemma != word and known(lemma, "de")


@lru_cache(maxsize=65536)
def ordinary(word: str, lang: str) -> bool:
    """Whether a capitalised word is an ordinary word here, not a name part."""
    bare = base_word(word)
    if not bare or not bare[0].isalpha():
        return False
    if camel(bare):
        return False
    if "-" in bare and lang == "de":
        return german_compound(bare)
    if sum(c.isupper() for c in bare) >= 2:
        return False
    if lang == "de":
        return german_compound(bare)
    return known(bare, "en")


@lru_cache(maxsize=65536)
def base_word(word: str) -> str:
    """A word without a possessive ending."""
    for ending in ("'s", "’s", "'", "’"):
        if word.endswith(ending):
            return word[: -len(ending)]
    return word


_CAMEL = re.compile(r"[a-zäöüß][A-ZÄÖÜ]")


def camel(word: str) -> bool:
    return bool(_CAMEL.search(word))


def capitalised(word: str) -> bool:
    """A word that can be part of a name: it starts with a capital (or is 'H2'-like, or
    'eCAPITAL'-like: one small letter before a capital)."""
    first = word[:1]
    if first.isupper():
        return True
    if first.islower():
        return word[1:2].isupper() and word[2:3].isalpha()
    return first.isdigit() and any(c.isalpha() for c in word) and any(c.isupper() for c in word)


def acronym(word: str) -> bool:
    """'OPSB', 'IB.SH', 'TK-NABEG': mostly capitals."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def ending_kind(word: str, endings: Sequence[tuple[str, str]]) -> tuple[str, str] | None:
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


STOP_OPENERS = frozenset({
    "The", "A", "An", "This", "That", "These", "Those", "Its", "Their", "His", "Her", "Our",
    "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einer", "Einem", "Eines",
    "Diese", "Dieser", "Dieses", "Auch", "Also", "Und", "And", "But", "Aber", "Laut", "Für",
    "For", "In", "Im", "Am", "At", "On", "By", "From", "With", "Mit", "Bei", "Nach", "Von",
    "Zum", "Zur", "Seit", "Since", "As", "Als", "Wie", "If", "When", "While", "After",
    "Before", "Beim", "Vom", "Unter", "Under", "Über", "Over", "To", "Of", "Or", "Oder",
    # sentence adverbs, which begin no name: "However Acme, the maker, ..."
    "However", "Meanwhile", "Moreover", "Nevertheless", "Nonetheless", "Instead", "Indeed",
    "Thus", "Hence", "Furthermore", "Separately", "Similarly", "Likewise", "Eventually",
    "Ultimately", "Currently", "Previously", "Recently", "Yesterday", "Otherwise",
    "Allerdings", "Außerdem", "Zudem", "Jedoch", "Trotzdem", "Dennoch", "Inzwischen",
    "Mittlerweile", "Bislang", "Bisher", "Gestern", "Derzeit", "Zuvor", "Später"})


PLACE_ADJECTIVE = re.compile(r"-(?:based|born|listed|owned|headquartered|registered|area)$")


GOVERNMENT_EN = frozenset({"government", "governments", "Government", "administration",
                           "municipality",
                            "council", "cabinet", "authorities", "legislature", "parliament"})


def government_de(word: str) -> bool:
    """A German word that names a government body: 'Regierung', 'Verteidigungsministerium'."""
    lex = lexicon()
    return word[:1].isupper() and (word in lex.government_nouns or (
        head_kind(word) == "government" and (len(word) > 8 or word in lex.heads)
        and "-" not in word))


@lru_cache(maxsize=65536)
def head_kind(word: str) -> str | None:
    """The kind a name's last word gives it ('Capital', 'Agentur', 'Aufbaubank')."""
    lex = lexicon()
    bare = base_word(word).rstrip(".")
    kind = lex.heads.get(bare)
    if kind is None and bare[:1].isupper():
        found = ending_kind(bare, lex.head_endings)
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
    bare = base_word(word)
    kind = lex.descriptors.get(bare)
    if kind is None and bare.endswith("s"):
        kind = lex.descriptors.get(bare[:-1])  # "des Konzerns"
    at = bare.find("-")
    while kind is None and at > 0:
        tail = bare[at + 1:]
        kind = lex.descriptors.get(tail) or lex.descriptors.get(tail.capitalize())
        at = bare.find("-", at + 1)
    if kind is None and lang == "de" and ordinary(bare, "de"):
        found = ending_kind(bare, lex.descriptor_endings) or ending_kind(
            bare[:-1], lex.descriptor_endings) if bare.endswith("s") else \
            ending_kind(bare, lex.descriptor_endings)
        kind = found[1] if found else None
    return kind


def nameish_word(word: str) -> bool:
    """A token that can stand in a name: capitalised, and not a mark or a title."""
    return capitalised(word) and word.rstrip(".") not in lexicon().titles \
        and not PLACE_ADJECTIVE.search(word)


class WordTable:
    """A word test's answers, remembered per process and looked up for many words at once."""

    # An article's words are mostly known already: one dictionary lookup each, in C,
    # instead of a call per word. The table is emptied when it grows past its limit.

    def __init__(self, test: Callable[[str], bool], limit: int = 1 << 17) -> None:
        self.test = test
        self.limit = limit
        self.answers: dict[str, bool] = {}

    def of(self, words: Sequence[str], distinct: frozenset[str]) -> list[bool]:
        """The test's answer for each of the words (distinct: the set of them)."""
        answers = self.answers
        try:
            return list(map(answers.__getitem__, words))
        except KeyError:
            pass  # a word not seen yet
        missing = distinct.difference(answers)
        if len(answers) + len(missing) > self.limit:
            answers.clear()
            missing = distinct
        for word in missing:
            answers[word] = self.test(word)
        return list(map(answers.__getitem__, words))

    def chosen(self, distinct: frozenset[str]) -> set[str]:
        """The words of a set that pass the test."""
        words = list(distinct)
        return {word for word, yes in zip(words, self.of(words, distinct), strict=True) if yes}


NAMEISH = WordTable(nameish_word)
GOVERNMENT_DE = WordTable(government_de)


@lru_cache(maxsize=65536)
def not_a_name(word: str) -> bool:
    bare = base_word(word)
    lex = lexicon()
    return bare in lex.not_names or bare in lex.connectors or bare[:1].isdigit()


@lru_cache(maxsize=65536)
def name_word(word: str, lang: str) -> bool:
    """A word only a name holds: unknown to the lexicon, an acronym, CamelCase."""
    if not_a_name(word):
        return False
    bare = base_word(word)
    return not ordinary(bare, lang) or acronym(bare) or camel(bare)


@lru_cache(maxsize=65536)
def compound_ending(word: str) -> tuple[str, str] | None:
    return ending_kind(word, lexicon().head_endings)


@lru_cache(maxsize=65536)
def compound_kind(word: str, lang: str) -> str | None:
    """The kind of one word made of a name and a head: 'Allgäunetz', 'Industrifonden'."""
    bare = base_word(word)
    found = compound_ending(bare)
    if found is None:
        return None
    ending, kind = found
    stem = bare[: len(bare) - len(ending)].rstrip("-")
    if len(stem) < 3 or ordinary(stem, lang) or ordinary(stem, "de"):
        return None
    return kind


@lru_cache(maxsize=65536)
def plain_word(word: str, lang: str) -> bool:
    """One ordinary word that is no head, descriptor, first word of a name, role or law."""
    from . import rules

    bare = base_word(word)
    return ordinary(bare, lang) and not name_word(word, lang) and head_kind(word) is None \
        and descriptor_kind(word, lang) is None and bare not in lexicon().prefix_heads \
        and compound_ending(bare) is None and not role_word(bare) \
        and not rules.first_name(bare, rules.lexicon())


@lru_cache(maxsize=65536)
def worth_a_look(word: str, lang: str) -> bool:
    """Whether one capitalised word on its own may name something the rules can tell."""
    if name_word(word, lang):
        return True
    bare = base_word(word)
    if compound_kind(word, lang) is not None or bare in lexicon().government_nouns:
        return True
    ending = compound_ending(bare)
    return ending is not None and ending[1] in ("policy", "government")


@lru_cache(maxsize=65536)
def run_worth_a_look(run: str, lang: str) -> bool:
    """Whether a run of capitalised words may hold a name the knowledge base lacks."""
    words = 0
    telling = False  # a word with a shape of its own: a head, a descriptor, a role
    for word in run.split():
        word = word.rstrip(".,")
        if word in STOP_OPENERS or not capitalised(word):
            continue
        if worth_a_look(word, lang) or is_place(word, lang):
            return True
        words += 1
        telling = telling or not plain_word(word, lang)
    # English capitalises names only ("Industrial Leap"); German every noun.
    return words > 1 and (lang == "en" or telling)


@lru_cache(maxsize=65536)
def is_place(word: str, lang: str = "en") -> bool:
    """Whether a word names a place: a country or region, or a town that is no ordinary word
    ('Mitte' is a part of Berlin and the German for 'middle')."""
    from . import places

    found = places.place(base_word(word))
    if found is None:
        return False
    if found.kind in ("country", "region"):
        return True
    return not ordinary(base_word(word), lang) and not known(base_word(word), "en")


@cache
def legal_forms_by_last() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Legal forms (their words without dots) by their last word, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for form in lexicon().legal_forms:
        words = tuple(f.rstrip(".") for f in form)
        out.setdefault(words[-1], []).append(words)
    return {last: tuple(sorted(forms, key=len, reverse=True)) for last, forms in out.items()}


@cache
def list_cues() -> frozenset[tuple[str, ...]]:
    return frozenset(lexicon().list_cues)


@cache
def list_cue_ends() -> frozenset[str]:
    """The last words of the list cues."""
    return frozenset(cue[-1] for cue in lexicon().list_cues if cue)


@cache
def currency_codes() -> frozenset[str]:
    from babel import Locale

    return frozenset(Locale("en").currencies)


def spells(short: str, words: Sequence[str]) -> bool:
    """Whether an abbreviation spells the words' initials ('SAFE': Security Action for Europe).

    Every capitalised word gives its first letter (an acronym all its letters, a word may
    give a few more of its first letters); connectors may give theirs or none; commas none.
    """
    letters = short.upper()
    items = [w for w in words if w not in (",", "&", "-")]

    @cache
    def fits(at: int, item: int) -> bool:
        if item == len(items):
            return at == len(letters)
        word = items[item]
        must = word[:1].isupper()
        if not must and fits(at, item + 1):
            return True  # a connector gives nothing
        source = word.upper()
        for size in range(1, min(len(source), 3 if not acronym(word) else len(source)) + 1):
            if letters[at:at + size] == source[:size] and fits(at + size, item + 1):
                return True
        return False

    return bool(letters) and bool(items) and fits(0, 0)
