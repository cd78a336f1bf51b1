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
from collections.abc import Iterable, Sequence
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


class Token(NamedTuple):
    """A word or punctuation mark and where it stands."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Lexicon:
    """Name shapes from generator/data/kb/names.yaml (see the comments there)."""

    connectors: frozenset[str]
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
    for kind in ("government", "policy", "organization"):
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
    return Lexicon(
        connectors=frozenset(_words(data, "connectors")),
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


TOKEN = re.compile(r"\w(?:\w|[-'’+/.&](?=\w))*\+?(?:-(?=\s+(?:und|and|oder|or|bzw\.)\s))?"
                   r"|[^\w\s]")


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words and punctuation marks of text[start:end], with their offsets."""
    return [Token(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text, start,
                                                                          len(text) if end is None else end)]


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
    if "-" in word:
        parts = [p for p in word.split("-") if p]
        return bool(parts) and all(
            german_compound(p) or known(p, "en") or p.isupper() for p in parts)
    lowered = word.lower()
    for split in range(len(word) - 3, 2, -1):
        tail = lowered[split:]
        if not known(tail.capitalize(), "de") and not known(tail, "de"):
            continue
        head = word[:split]
        for link in _LINKS:
            if link and not head.lower().endswith(link):
                continue
            stem = head[: len(head) - len(link)] if link else head
            if len(stem) >= 3 and (known(stem, "de") or known(stem.lower(), "de")
                                   or known(stem + "e", "de") or known(stem + "en", "de")):
                return True
    return False


@lru_cache(maxsize=65536)
def ordinary(word: str, lang: str) -> bool:
    """Whether a capitalised word is an ordinary word here, not a name part."""
    bare = _bare(word)
    if not bare or not bare[0].isalpha():
        return False
    if _camel(bare) or sum(c.isupper() for c in bare) >= 2:
        return False
    if lang == "de":
        return german_compound(bare)
    return known(bare, "en")


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


def _ending_kind(word: str, endings: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
    lowered = word.lower()
    for ending, kind in endings:
        if lowered.endswith(ending) and len(lowered) > len(ending):
            return ending, kind
    return None


# ---------------------------------------------------------------------------------- spans

STOP_OPENERS = frozenset({
    "The", "A", "An", "This", "That", "These", "Those", "Its", "Their", "His", "Her", "Our",
    "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einer", "Einem", "Eines",
    "Diese", "Dieser", "Dieses", "Auch", "Also", "Und", "And", "But", "Aber", "Laut", "Für",
    "For", "In", "Im", "Am", "At", "On", "By", "From", "With", "Mit", "Bei", "Nach", "Von",
    "Zum", "Zur", "Seit", "Since", "As", "Als", "Wie", "If", "When", "While", "After",
    "Before", "Beim", "Vom", "Unter", "Under", "Über", "Over", "To", "Of", "Or", "Oder"})
LOCATIVES = frozenset({"in", "near", "nach", "aus", "im", "from", "across", "to", "nahe",
                       "bei", "around", "outside", "südlich", "nördlich", "östlich", "westlich"})
_CONJUNCTIONS = frozenset({"and", "und", "&", "sowie", "or", "oder"})
_ARTICLES = frozenset({"a", "an", "the", "its", "their", "his", "her", "ein", "eine", "einer",
                       "einem", "eines", "der", "die", "das", "dem", "den", "des", "seine",
                       "ihre", "ihrer", "seiner"})
_OPENING = frozenset("\"„“«»‚‘'(–—-|:")
_PLACE_ADJECTIVE = re.compile(r"-(?:based|born|listed|owned|headquartered|registered|area)$")


@dataclass(slots=True)
class Span:
    """A stretch of capitalised tokens proposed as a name, and what is known about it."""

    first: int  # index of its first token
    last: int  # index of its last token (inclusive)
    kind: str | None = None  # organization | government | policy | person | place
    confidence: str = "weak"
    cue: str = ""
    owner: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: int = 1
    list_member: bool = False


class Context(NamedTuple):
    """What the caller knows already: the knowledge base's and the people rules' spans."""

    known: Sequence[tuple[int, int]]  # character spans of knowledge-base matches
    places: Sequence[tuple[int, int]]  # character spans of places and countries
    people: Sequence[tuple[int, int, str]]  # character spans of people and their confidence
    is_place: object = None  # a callable name -> bool, when a gazetteer is at hand


def _sentence_starts(toks: Sequence[Token], items: Sequence[Sentence]) -> set[int]:
    """Indices of the tokens that open a sentence, a line or a quotation."""
    starts: set[int] = set()
    offsets = sorted(s.start for s in items)
    position = 0
    for offset in offsets:
        while position < len(toks) and toks[position].start < offset:
            position += 1
        if position < len(toks):
            starts.add(position)
    for number, token in enumerate(toks[:-1]):
        if token.text in _OPENING:
            starts.add(number + 1)
    return starts


class _Finder:
    """One article's tokens, and the spans found in them."""

    def __init__(self, text: str, lang: str, items: Sequence[Sentence], begin: int,
                 context: Context) -> None:
        self.text = text
        self.lang = lang
        self.lex = lexicon()
        self.toks = tokens(text, begin)
        self.words = [t.text for t in self.toks]
        self.opens = _sentence_starts(self.toks, items)
        self.context = context

    # -- tokens -------------------------------------------------------------------------

    def adjacent(self, left: int, right: int) -> bool:
        """Whether two tokens stand on one line with only blanks between them."""
        gap = self.text[self.toks[left].end:self.toks[right].start]
        return "\n" not in gap and not gap.strip()

    def word(self, index: int) -> str:
        return self.words[index] if 0 <= index < len(self.words) else ""

    def surface(self, first: int, last: int) -> str:
        return " ".join(self.text[self.toks[first].start:self.toks[last].end].split())

    def nameish(self, index: int) -> bool:
        """A token that can stand in a name: capitalised, and not a mark or a title."""
        word = self.words[index]
        return capitalised(word) and word.rstrip(".") not in self.lex.titles \
            and not _PLACE_ADJECTIVE.search(word)

    # -- runs ---------------------------------------------------------------------------

    def runs(self) -> list[tuple[int, int]]:
        """Maximal stretches of name-ish tokens and the connectors between them."""
        out: list[tuple[int, int]] = []
        count = len(self.toks)
        index = 0
        while index < count:
            if not self.nameish(index):
                index += 1
                continue
            last = index
            while True:
                after = last + 1
                if after < count and self.nameish(after) and self.adjacent(last, after):
                    last = after
                    continue
                probe = after
                while (probe < count and probe - after < 2
                       and (self.words[probe] in self.lex.connectors)
                       and self.adjacent(probe - 1, probe)):
                    probe += 1
                if probe > after and probe < count and self.nameish(probe) \
                        and self.adjacent(probe - 1, probe):
                    last = probe
                    continue
                break
            out.append((index, last))
            index = last + 1
        return out

    # -- segments -----------------------------------------------------------------------

    def descriptor(self, word: str) -> str | None:
        """The kind a descriptor word gives the name after it ('Fintech', 'Batteriehersteller')."""
        bare = _bare(word)
        kind = self.lex.descriptors.get(bare)
        if kind is None and self.lang == "de" and ordinary(bare, "de"):
            found = _ending_kind(bare, self.lex.descriptor_endings)
            kind = found[1] if found else None
        return kind

    def role(self, word: str) -> bool:
        from . import rules

        return rules._is_role_word(word, rules.lexicon())

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
                out.append(span)

        index = first
        while index <= last:
            word = self.words[index]
            bare = _bare(word)
            if self.role(bare) or bare in self.lex.titles:
                close(index - 1)
                start, cue, owner = index + 1, None, None
            elif index < last and self.splits_at_descriptor(start, index, last):
                close(index - 1)
                start, cue, owner = index + 1, self.descriptor(word), None
            elif index < last and bare != word and self.nameish(index + 1):
                close(index)  # "Ohio's Department of Development": an owner, then the name
                owner = _bare(self.surface(start, index))
                start, cue = index + 1, None
            elif word in _CONJUNCTIONS and self.ends_a_name(start, index - 1):
                close(index - 1)
                start, cue, owner = index + 1, None, None
            index += 1
        close(last)
        return out

    def splits_at_descriptor(self, start: int, index: int, last: int) -> bool:
        """Whether a word inside a run describes the name after it ('Fintech Finanzblick')."""
        word = self.words[index]
        kind = self.descriptor(word)
        if kind is None or word in self.lex.connectors:
            return False
        if any(self.name_part(i) for i in range(start, index)):
            return False  # "Emil Brunner Holding AG": after a name it is the name's head
        prefix = self.lex.prefix_heads.get(_bare(word))
        rest = range(index + 1, last + 1)
        if prefix is not None and not any(self.head_of(i) for i in rest):
            return False  # "Stadtwerke Ulm", "Bank Gospodarstwa Krajowego": it opens the name
        if self.lang == "de" and all(self.place_at(i) for i in rest):
            return False  # "Investitionsbank Sachsen-Anhalt", "Wachstumsfonds Deutschland"
        return True

    def ends_a_name(self, first: int, last: int) -> bool:
        """Whether tokens end with a head or a legal form: a name is complete there."""
        return last >= first and (self.head_of(last) is not None or self.legal_end(first, last) > 0)

    def trim(self, first: int, last: int) -> Span | None:
        """The span without openers, connectors and a sentence's ordinary first word."""
        lex = self.lex
        while first <= last and (self.words[first] in STOP_OPENERS
                                 or self.words[first] in lex.connectors
                                 or self.words[first].rstrip(".") in lex.titles
                                 or not self.nameish(first)):
            first += 1
        while last >= first and (self.words[last] in lex.connectors
                                 or not self.nameish(last) and not self.words[last][:1].isdigit()):
            last -= 1
        if self.lang == "de":
            # "das Start-up": a descriptor at the end refers back to a name said before
            while last > first and self.descriptor(self.words[last]) is not None \
                    and not self.name_part(last):
                last -= 1
        if first > last:
            return None
        opener = first in self.opens and ordinary(self.words[first], self.lang)
        if opener and first == last:
            return None
        if opener and (self.head_of(last) is None and self.prefix_of(first) is None
                       or not self.nameish(first + 1)):
            return self.trim(first + 1, last)
        if self.lang == "de" and first < last and self.words[first + 1] in self.lex.connectors \
                and not self.name_part(first) and self.prefix_of(first) is None:
            return self.trim(first + 1, last)  # "Runde von Nordkap Capital"
        return Span(first, last)

    # -- shapes -------------------------------------------------------------------------

    def head_of(self, index: int) -> str | None:
        """The kind a name's last word gives it ('Capital', 'Agentur', 'Aufbaubank')."""
        bare = _bare(self.words[index]).rstrip(".")
        kind = self.lex.heads.get(bare)
        if kind is None and bare[:1].isupper():
            found = _ending_kind(bare, self.lex.head_endings)
            if found is not None:
                kind = found[1]
        return kind

    def prefix_of(self, index: int) -> str | None:
        return self.lex.prefix_heads.get(_bare(self.words[index]))

    def legal_end(self, first: int, last: int) -> int:
        """How many tokens of a legal form end the span (0 if none)."""
        words = [w.rstrip(".") for w in self.words[first:last + 1]]
        for form in self.lex.legal_forms:
            size = len(form)
            if size < len(words) and [f.rstrip(".") for f in form] == words[-size:]:
                return size
        return 0

    def name_part(self, index: int) -> bool:
        """A word that only a name holds: unknown to the lexicon, an acronym, CamelCase."""
        word = _bare(self.words[index])
        if word in self.lex.not_names or word in self.lex.connectors:
            return False
        return not ordinary(word, self.lang) or acronym(word) or _camel(word) \
            or self.place_at(index)

    def place(self, name: str) -> bool:
        is_place = self.context.is_place
        return bool(callable(is_place) and is_place(name))

    def place_at(self, index: int) -> bool:
        """Whether a token is (part of) a place: in the gazetteer or a known place's span."""
        token = self.toks[index]
        return self.place(_bare(token.text)) or any(
            s <= token.start and token.end <= e for s, e in self.context.places)

    # -- kinds --------------------------------------------------------------------------

    def classify(self, span: Span) -> None:
        """Set the span's kind and confidence from its own shape."""
        first, last = span.first, span.last
        size = last - first + 1
        words = range(first, last + 1)
        has_part = any(self.name_part(i) for i in words if self.words[i] not in self.lex.connectors)
        if self.legal_end(first, last):
            span.kind, span.confidence, span.cue = "organization", "strong", "legal form"
            return
        head = self.head_of(last)
        if span.kind is not None:
            if self.lang == "de" and not has_part:
                span.kind, span.confidence, span.cue = None, "weak", ""
            elif head is not None and head != span.kind and size > 1:
                span.kind = head  # "das Start-up ... Agentur": the name's own head wins
            if span.kind is not None:
                return
        if head is not None and size > 1 and (has_part or self.lang == "en"
                                              or self.named_adjective(first)
                                              or self.prefix_of(first) is not None):
            span.kind, span.confidence, span.cue = head, "strong", "head"
            return
        if size == 1 and self.compound_name(first) is not None:
            span.kind, span.confidence, span.cue = self.compound_name(first), "strong", "head"
            return
        prefix = self.prefix_of(first)
        if prefix is not None and size > 1 and (
                any(self.name_part(i) for i in words[1:])
                or self.words[first + 1] in self.lex.connectors):
            span.kind, span.confidence, span.cue = prefix, "strong", "prefix"
            return
        if has_part:
            span.kind, span.confidence, span.cue = "organization", "weak", "shape"

    def named_adjective(self, index: int) -> bool:
        """A capitalised German adjective, which only a name capitalises: 'Deutsche'."""
        word = self.words[index]
        return self.lang == "de" and word[:1].isupper() and word.endswith(
            ("e", "en", "er", "es")) and known(word.lower(), "de") and index not in self.opens

    def compound_name(self, index: int) -> str | None:
        """The kind of one word made of a name and a head: 'Allgäunetz', 'Industrifonden'."""
        bare = _bare(self.words[index])
        found = _ending_kind(bare, self.lex.head_endings)
        if found is None:
            return None
        ending, kind = found
        stem = bare[: len(bare) - len(ending)].rstrip("-")
        if len(stem) < 3 or ordinary(stem, self.lang) or ordinary(stem, "de"):
            return None
        return kind

    def context_kind(self, span: Span) -> tuple[str, str] | None:
        """A kind from the words around a span: a descriptor before it, an apposition after."""
        before = span.first - 1
        if before >= 0 and self.words[before][:1].islower():
            kind = self.lex.descriptors.get(self.words[before])
            if kind is None and before >= 1:
                kind = self.lex.descriptors.get(f"{self.words[before - 1]} {self.words[before]}")
            if kind is not None and self.adjacent(before, span.first):
                return kind, "descriptor"
        after = span.last + 1
        if self.word(after) == "," and self.word(after + 1).lower() in _ARTICLES \
                or self.word(after) == "," and _bare(self.word(after + 1)) != self.word(after + 1):
            for index in range(after + 1, min(after + 10, len(self.words))):
                word = self.words[index]
                if not word[:1].isalnum():
                    break
                kind = self.lex.apposition.get(word) or self.lex.apposition.get(word.lower())
                if kind is None and self.lang == "de" and word[:1].isupper():
                    kind = self.descriptor(word)
                if kind is not None:
                    return kind, "apposition"
                if self.role(word) or word in ("who", "der", "die") and index > after + 1:
                    break
        return None

    # -- abbreviations, lists -----------------------------------------------------------

    def bracket_after(self, span: Span) -> tuple[int, int] | None:
        """Token range inside brackets right after a span: '(OPSB)', '(section 45V)'."""
        opening = span.last + 1
        if self.word(opening) != "(":
            return None
        closing = opening + 1
        while closing < len(self.words) and closing - opening <= 8 and self.words[closing] != ")":
            if self.words[closing] in (",", ";", ":", "("):
                return None
            closing += 1
        if self.word(closing) != ")" or closing == opening + 1:
            return None
        return opening + 1, closing - 1

    def abbreviation(self, first: int, last: int) -> str | None:
        """The abbreviation a bracket defines, if it reads as one."""
        words = self.words[first:last + 1]
        text = self.surface(first, last)
        if len(words) == 2 and words[0].lower() == "section":
            return text
        if len(words) > 3 or any(w.isdigit() for w in words) and len(words) == 1:
            return None
        head = _bare(words[0])
        if not capitalised(head) or self.place(text) or text in self.lex.not_names:
            return None
        if len(words) == 1 and (acronym(head) or _camel(head)
                                or (len(head) <= 10 and not ordinary(head, self.lang))):
            return text
        if all(acronym(w) or w in ("-", "&") for w in words):
            return text
        return None


    # -- the whole article ----------------------------------------------------------------

    def chars(self, span: Span) -> tuple[int, int]:
        return self.toks[span.first].start, self.toks[span.last].end

    def collect(self) -> list[Span]:
        """Every span that names an organisation, government body or policy instrument."""
        spans = [span for first, last in self.runs() for span in self.segments(first, last)]
        for span in spans:
            self.classify(span)
            if span.confidence != "strong":
                found = self.context_kind(span)
                if found is not None:
                    span.kind, span.cue, span.confidence = found[0], found[1], "strong"
        self.brackets(spans)
        self.lists(spans)
        return [span for span in spans if span.kind is not None]

    def brackets(self, spans: list[Span]) -> None:
        """Abbreviations defined in brackets become forms of the name before them."""
        by_first = {span.first: span for span in spans}
        for span in spans:
            inside = self.bracket_after(span)
            if inside is None:
                continue
            short = self.abbreviation(*inside)
            inner = by_first.get(inside[0])
            if short is not None and not acronym(self.surface(span.first, span.last)):
                span.aliases.append(short)
                if span.kind is None or span.confidence != "strong":
                    span.kind = span.kind or "organization"
                    span.confidence, span.cue = "strong", "abbreviation"
                if inner is not None:
                    inner.kind = None  # the abbreviation is this name, not another
            elif inner is not None and inner.last == inside[1] and acronym(
                    self.surface(span.first, span.last)) and inner.last > inner.first:
                # "ONS (Operador Nacional do Sistema Elétrico)": the long form names it
                inner.aliases.append(self.surface(span.first, span.last))
                inner.kind = inner.kind or span.kind or "organization"
                inner.confidence, inner.cue = "strong", "abbreviation"
                span.kind = None

    def lists(self, spans: list[Span]) -> None:
        """Members of a list with organisations in it, or after a cue, are organisations."""
        known = sorted(self.context.known)
        items: list[tuple[int, int, Span | None, str | None]] = [
            (*self.token_range(start, end), None, kind) for start, end, kind in known]
        items += [(span.first, span.last, span, None) for span in spans]
        items = [item for item in items if item[0] >= 0]
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
        from bisect import bisect_left, bisect_right

        starts = [t.start for t in self.toks] if not hasattr(self, "_starts") else self._starts
        self._starts = starts
        first = bisect_left(starts, start)
        last = bisect_right(starts, end - 1) - 1
        if first >= len(self.toks) or last < first:
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
        kinds = [item[2].kind if item[2] is not None and item[2].confidence == "strong"
                 else item[3] for item in chain]
        cue = self.list_cue(chain[0][0])
        if len(chain) < 2 and not cue:
            return
        if "person" in kinds or "country" in kinds:
            return
        if cue or "organization" in kinds:
            for item in chain:
                span = item[2]
                if span is not None and span.confidence != "strong" and (
                        span.kind == "organization"
                        or span.kind is None and span.last > span.first and self.lang == "en"):
                    span.kind, span.confidence, span.cue = "organization", "strong", "list"
                    span.list_member = True

    def list_cue(self, first: int) -> bool:
        """Whether words like 'backed by' or 'die Investoren' stand right before a token."""
        lowered = [w.lower() for w in self.words[max(0, first - 4):first]]
        while lowered and lowered[-1] in _ARTICLES:
            lowered.pop()
        return any(tuple(lowered[-len(cue):]) == cue for cue in self.lex.list_cues if cue)


@dataclass
class _Entity:
    """A name and the forms it goes by in one article."""

    span: Span
    name: str
    forms: set[str]
    start: int
    end: int


_GENERIC_FIRST = frozenset({
    "National", "Federal", "Central", "General", "New", "Great", "First", "Green", "Global",
    "United", "Royal", "State", "City", "International", "European", "Public", "Special",
    "Clean", "Digital", "Regional", "Nationale", "Deutsche", "Europäische", "Neue", "Erste"})


def _short_forms(finder: _Finder, span: Span) -> set[str]:
    """Shorter forms a name goes by later: 'Cerrado' for 'Cerrado Data Centers'."""
    forms: set[str] = set()
    first, last = span.first, span.last
    if span.kind not in ("organization",) or last == first:
        return forms
    word = _bare(finder.words[first])
    rest_heads = all(finder.head_of(i) is not None or finder.words[i] in finder.lex.connectors
                     for i in range(first + 1, last + 1))
    if len(word) >= 3 and word not in _GENERIC_FIRST and not finder.place(word) and (
            finder.name_part(first) or rest_heads) and finder.head_of(first) is None:
        forms.add(word)
    return forms


def find(text: str, lang: str, items: Sequence[Sentence], *, begin: int = 0,
         context: Context | None = None) -> tuple[list[Name], set[tuple[int, int]],
                                                  set[tuple[int, int]]]:
    """Names in text[begin:], the knowledge-base spans inside longer names, and the people
    spans that organisation evidence overrides ('Allan Gray Ventures')."""
    finder = _Finder(text, lang, items, begin, context or Context((), (), ()))
    spans = finder.collect()
    known = sorted(finder.context.known)
    people = finder.context.people
    drop_known: set[tuple[int, int]] = set()
    drop_people: set[tuple[int, int]] = set()
    entities: dict[str, _Entity] = {}
    order: list[_Entity] = []
    for span in spans:
        start, end = finder.chars(span)
        legal = finder.legal_end(span.first, span.last)
        name_last = span.last - legal if legal and finder.words[span.last].rstrip(".") not in (
            "Corporation", "Holdings") else span.last
        name = _bare(finder.surface(span.first, name_last)) if name_last >= span.first else ""
        if not name or name in finder.lex.not_names:
            continue
        inside = [(s, e) for s, e, _k in known if s < end and start < e]
        if any(s <= start and end <= e for s, e in inside):
            continue  # the knowledge base knows this name (or a longer one holding it)
        if any(text[s:e] == name or (s == start and e >= start + len(name)) for s, e in inside):
            continue
        if inside and span.confidence != "strong":
            continue
        covering = [(s, e, c) for s, e, c in people if s < end and start < e]
        if covering and (span.confidence != "strong" or span.cue == "list"):
            continue
        if span.kind in ("organization", "government") and span.confidence != "strong" and (
                finder.place(name) or finder.word(span.first - 1).lower() in LOCATIVES):
            continue
        drop_known.update(inside)
        drop_people.update((s, e) for s, e, _c in covering)
        key = name.casefold()
        if key in entities:
            seen = entities[key].span
            seen.mentions += 1
            entities[key].forms.update(span.aliases)
            if seen.confidence != "strong" and span.confidence == "strong":
                seen.kind, seen.confidence, seen.cue = span.kind, span.confidence, span.cue
            continue
        entity = _Entity(span, name, {name, *span.aliases, *_short_forms(finder, span)},
                         start, end)
        entities[key] = entity
        order.append(entity)
    # A weak name that is another's short form or abbreviation is that name.
    forms = {form.casefold(): entity for entity in order if entity.span.confidence == "strong"
             for form in entity.forms}
    names: list[Name] = []
    for entity in order:
        owner = forms.get(entity.name.casefold())
        if owner is not None and owner is not entity:
            owner.span.mentions += entity.span.mentions
            continue
        if entity.span.confidence != "strong" and entity.span.mentions < 2 \
                and not entity.span.list_member:
            continue
        span = entity.span
        kind = span.kind or "organization"
        names.append(Name(
            entity.start, entity.end, entity.name, "policy" if kind == "policy" else "actor",
            "" if kind == "policy" else kind, span.confidence,
            tuple(sorted(entity.forms - {entity.name})), span.owner, span.mentions))
    return names, drop_known, drop_people
