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
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from .neighbours import Neighbours
from .spans import LOCATIVES, QUOTES, Context, Finder, Span
from .text import Sentence
from .words import (
    WordTable,
    acronym,
    base_word,
    currency_codes,
    plain_word,
    run_worth_a_look,
)

__all__ = ["Context", "Found", "Name", "find"]


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


@cache
def _lone_worth(lang: str) -> WordTable:
    """run_worth_a_look() of one word in a language, remembered per process."""
    return WordTable(lambda word: run_worth_a_look(word, lang))


_NEAR = 6  # runs this many tokens from one worth a look are looked at too (lists, remits)


WEAK_MENTIONS = 2  # a name found by its shape alone must recur to count


_GENERIC_FIRST = frozenset({
    "National", "Federal", "Central", "General", "New", "Great", "First", "Green", "Global",
    "United", "Royal", "State", "City", "International", "European", "Public", "Special",
    "Clean", "Digital", "Regional", "Nationale", "Deutsche", "Europäische", "Neue", "Erste"})


class Collector(Neighbours):
    """The spans of a whole article: shapes, contexts, brackets and lists."""

    products: frozenset[str] = frozenset()  # names of products: no actors (collect)

    def collect(self) -> list[Span]:
        """Every span that names an organisation, government body or policy instrument."""
        quoted = self.quoted()
        inside = {i for span in quoted for i in range(span.first - 2, span.last + 1)}
        spans = [span for first, last in self.looked_at(self.runs())
                 for span in self.segments(first, last)
                 if span.first not in inside and span.last not in inside]
        bodies = self.named_bodies(spans, self.governments())
        if bodies:
            taken = {i for span in bodies for i in range(span.first, span.last + 1)}
            spans = [span for span in spans
                     if not any(i in taken for i in range(span.first, span.last + 1))]
        spans = sorted(spans + quoted, key=lambda span: span.first)
        for span in spans:
            self.classify(span)
        spans = self.portfolios(spans)
        self.brackets(spans)
        for span in spans:
            if span.kind == "policy" and span.cue == "head" and self.lang == "en" \
                    and any(self.head_of(i) == "fund" for i in range(span.first, span.last + 1)) \
                    and self.apposition(span) == "organization":
                # a fund by its shape is a programme, but "X Fund 2, a fund-of-funds" invests
                span.kind, span.cue = "organization", "apposition"
            if span.confidence == "strong" and span.cue != "abbreviation":
                continue
            in_quotes = self.word(span.first - 1) in QUOTES
            if span.kind is None and not in_quotes and not (
                    self.lang == "en" and span.last > span.first):
                kind = self.apposition(span) if self.lang == "en" else None
                if kind is not None:  # "Clubhouse, Silicon Valley's social audio app,"
                    span.kind, span.cue, span.confidence = kind, "apposition", "strong"
                continue
            if span.confidence == "weak" and self.lang == "en" and span.kind == "organization":
                kind = self.apposition(span)  # "Quorvex, a Pune-based ecommerce marketplace,"
                if kind is not None:
                    span.kind, span.cue, span.confidence = kind, "apposition", "strong"
                    continue
            found = self.context_kind(span)
            if found is not None:
                span.kind, span.cue, span.confidence = found[0], found[1], "strong"
        self.lists(spans)
        # A product, named after its descriptor, is no actor ("sein Sprachmodell Grok"), nor
        # is its name found by its shape alone elsewhere.
        self.products = frozenset(self.surface(span.first, span.last) for span in spans
                                  if span.kind == "product")
        return sorted((span for span in spans + bodies if span.kind not in (None, "product")),
                      key=lambda span: span.first)

    def looked_at(self, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The runs that may name something new, and those next to them (lists, remits)."""
        worth = self.worth_of(runs)
        count = len(runs)
        return [run for number, run in enumerate(runs) if worth[number] or (
            number > 0 and worth[number - 1] and run[0] - runs[number - 1][0] <= _NEAR) or (
            number + 1 < count and worth[number + 1] and runs[number + 1][0] - run[0] <= _NEAR)]

    def worth(self, first: int, last: int) -> bool:
        """Whether a run may name something the knowledge base lacks."""
        known = self.known_tokens
        if first == last:  # most runs are one word
            if first in known:
                return False
            run = self.words[first]
        else:
            run = " ".join([self.words[i] for i in range(first, last + 1) if i not in known])
            if not run:
                return False
            if self.around_known(first, last):
                return True
        return run_worth_a_look(run, self.lang) or self.lone_cue(last)

    def lone_cue(self, index: int) -> bool:
        """Whether the words around a run's last word say it names something: an
        apposition after it, or a firm's part after its hyphen ('Ford-Gelände')."""
        return self.apposition_follows(index) or self.owner_of_descriptor(index) is not None

    def worth_of(self, runs: list[tuple[int, int]]) -> list[bool]:
        """worth() of each run; the words of one-word runs (most runs) looked up at once."""
        words, known = self.words, self.known_tokens
        lone = [first for first, last in runs if first == last and first not in known]
        lone_words = [words[i] for i in lone]
        looks = dict(zip(lone, _lone_worth(self.lang).of(lone_words, frozenset(lone_words)),
                         strict=True))
        return [looks[first] or self.lone_cue(first)
                if first == last and first in looks else self.worth(first, last)
                for first, last in runs]

    def apposition_follows(self, last: int) -> bool:
        """An English word with an apposition or abbreviation after it: 'Clubhouse, an app'."""
        return self.lang == "en" and self.word(last + 1) in (",", "(")

    def around_known(self, first: int, last: int) -> bool:
        """Whether a run makes a longer name of a known one: a head after a known company
        ('Bosch Ventures'), or words before a head the knowledge base knows as a name of its
        own ('Nordkap Capital', where 'Capital' is a magazine)."""
        firsts = self.known_firsts  # only the matches that start inside the run can count
        return self.around(first, last, self.known_ranges[bisect_left(firsts, first):
                                                          bisect_right(firsts, last)])

    def around(self, first: int, last: int, ranges: Sequence[tuple[int, int, str]]) -> bool:
        """around_known, looking at the given knowledge-base matches."""
        known = self.known_tokens
        heads = self.lex.heads
        for start, end, kind in ranges:
            if start == end == last and first not in known and kind in ("organization", "media") \
                    and self.words[last] in heads:
                return True
            if kind == "organization" and first <= start and end < last \
                    and end + 1 not in known and self.head_of(end + 1) is not None:
                return True
        return False

    def plain(self, first: int, last: int) -> bool:
        """A run nothing can come of: all known names, or one ordinary word."""
        if all(i in self.known_tokens for i in range(first, last + 1)):
            return True
        return first == last and plain_word(self.words[first], self.lang) \
            and not self.place_at(first) and self.owner_of_descriptor(first) is None

    def quoted(self) -> list[Span]:
        """Names in quotation marks after a word that says what they are:
        Förderprogramm „Digitale Kommune“, Gemeinschaftsaufgabe „Verbesserung der ...“."""
        out: list[Span] = []
        words = self.words
        for index in [i for i in self.indices(QUOTES) if 0 < i < len(words) - 2]:
            before = words[index - 1]
            kind = self.descriptor(before) if before[:1].isupper() else \
                self.lex.descriptors.get(before)
            if kind is None or not self.nameish(index + 1):
                continue
            close = index + 1
            while close < len(self.words) and close - index <= 10 \
                    and self.words[close] not in QUOTES and self.words[close] not in ".;:!?":
                close += 1
            if self.word(close) in QUOTES and close > index + 1:
                out.append(Span(index + 1, close - 1, kind, "strong", "quoted"))
        return out

@dataclass
class _Entity:
    """A name and the forms it goes by in one article."""

    span: Span
    name: str
    forms: set[str]
    start: int
    end: int
    mentions: int = 1


def _short_forms(finder: Finder, span: Span, name_last: int) -> set[str]:
    """Shorter forms a name goes by later: 'Cerrado' for 'Cerrado Data Centers'."""
    forms: set[str] = set()
    first = span.first
    if span.kind != "organization" or name_last == first:
        return forms
    word = base_word(finder.words[first])
    rest_heads = all(finder.head_of(i) is not None or finder.connector(finder.words[i])
                     for i in range(first + 1, name_last + 1))
    if len(word) >= 3 and word not in _GENERIC_FIRST and not finder.place_at(first) and (
            finder.name_part(first) or rest_heads) and word not in finder.lex.heads \
            and not finder.city_adjective(first):
        forms.add(word)
    return forms


def _mentions(text: str, forms: Iterable[str]) -> int:
    """How often any of the forms stands in text as whole words (at least once)."""
    ordered = tuple(sorted(forms, key=len, reverse=True))
    if sum(text.count(form) for form in ordered) <= 1:
        return 1  # each match is one of these substrings: no need to look for words
    # Every match starts with a form, so none before the first form (the expression still
    # looks behind that start).
    first = min(at for form in ordered if (at := text.find(form)) >= 0)
    return max(len(_mentions_pattern(ordered).findall(text, first)), 1)


@lru_cache(maxsize=4096)
def _mentions_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(map(re.escape, forms))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?:s|'s|’s)?(?![\w-])")


class Found(NamedTuple):
    """What find() found in an article."""

    names: list[Name]
    inside: set[tuple[int, int]]  # knowledge-base matches a longer name holds, or an
    # abbreviation the article defines otherwise ("CMA" for Kenya's Capital Markets Authority)
    overridden: set[tuple[int, int]]  # people spans that a head or a legal form makes an
    # organisation ("Allan Gray Ventures")


def find(text: str, lang: str, items: Sequence[Sentence], *, begin: int = 0,
         context: Context | None = None) -> Found:
    """Names in text[begin:] that the knowledge base does not know."""
    finder = Collector(text, lang, items, begin, context or Context((), (), ()))
    spans = finder.collect()
    known = sorted(finder.context.known)
    known_starts = [s for s, _e, _k in known]
    known_by_text: dict[str, list[tuple[int, int]]] = {}
    for s, e, _k in known:
        known_by_text.setdefault(text[s:e], []).append((s, e))
    people = sorted(finder.context.people)
    people_starts = [s for s, _e, _c, _n in people]
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
            base_word(finder.surface(span.first, name_last)) if name_last >= span.first else "")
        words = name.split()
        if not name or name in finder.lex.not_names or name.upper() in currency_codes():
            continue
        inside = [(s, e) for s, e, _k in known[max(0, bisect_left(known_starts, start) - 8):
                                                bisect_left(known_starts, end)]
                  if s < end and start < e]
        if any(s <= start and end <= e for s, e in inside):
            continue  # the knowledge base knows this name (or a longer one holding it)
        if any(s == start and e >= start + len(name) for s, e in inside):
            continue
        weak = span.confidence != "strong"
        if (inside or name in finder.products) and weak:
            continue
        covering = [(s, e, c) for s, e, c, _n in people[
            max(0, bisect_left(people_starts, start) - 4):bisect_left(people_starts, end)]
            if s < end and start < e]
        longer = any(start < s or e < end for s, e, _c in covering)
        guessed = all(c == "weak" for _s, _e, c in covering)
        # "Yunus Social Business" in a list of firms: the name goes on after the given name's
        continued = any(_goes_on(text[e:end]) for _s, e, _c in covering)
        if covering and not (span.cue == "list" and continued and guessed) and (
                weak or span.cue in ("list", "abbreviation", "shape")
                or not (longer or guessed)):
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
        if owner is not None and owner is not entity and entity.span.cue != "parent":
            continue  # (but the parent of a 'Steag-Tochter' is not the subsidiary it names)
        for form in entity.forms:
            if form in entity.span.aliases:  # "CMA (Capital Markets Authority)" here, not the KB's
                drop_known.update(known_by_text.get(form, ()))
        span = entity.span
        # An abbreviation defined in brackets is not a mention of its own.
        mentions = max(1, _mentions(text, entity.forms) - span.defined)
        if span.confidence != "strong" and mentions < WEAK_MENTIONS:
            continue
        kind = span.kind or "organization"
        names.append(Name(
            entity.start, entity.end, entity.name, "policy" if kind == "policy" else "actor",
            "" if kind == "policy" else kind, span.confidence,
            tuple(sorted(entity.forms - {entity.name})), span.owner, mentions,
            span.country))
    # "Robin Hood approached the council" after "Robin Hood Energy": the firm, not a person
    firms = {_without_heads(entity.name, finder.lex.heads).casefold() for entity in order
             if entity.span.confidence == "strong"
             and (entity.span.kind or "organization") == "organization"}
    for start, end, confidence, person in people:
        if confidence == "weak" and person.casefold() in firms:
            drop_people.add((start, end))
    return Found(names, drop_known, drop_people)


def _goes_on(rest: str) -> bool:
    """Whether the rest of a name after a person's holds a capitalised word next."""
    words = rest.split(maxsplit=1)
    return bool(words) and words[0][:1].isupper()


def _without_heads(name: str, heads: Mapping[str, str]) -> str:
    """A name without the heads it ends in: 'Robin Hood' of 'Robin Hood Energy'."""
    words = name.split()
    while len(words) > 1 and words[-1] in heads:
        words.pop()
    return " ".join(words)
