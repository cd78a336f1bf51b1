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

from .government import Governments
from .spans import ARTICLES, CONJUNCTIONS, LOCATIVES, QUOTES, Context, Finder, Span
from .text import Sentence
from .words import (
    WordTable,
    acronym,
    base_word,
    camel,
    capitalised,
    currency_codes,
    list_cue_ends,
    list_cues,
    ordinary,
    plain_word,
    run_worth_a_look,
    spells,
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


def _function_word(word: str) -> bool:
    """A short lower-case word a long name may hold: 'von' in 'Verband der Anbieter von X'."""
    return len(word) <= 4 and word.isalpha() and word.islower()


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


_LIST_OPENERS = frozenset({",", *CONJUNCTIONS})  # what stands first between list members
_LIST_JOINS = frozenset({",", *CONJUNCTIONS, *ARTICLES, "as", "well"})


class Collector(Governments):
    """The spans of a whole article: shapes, contexts, brackets and lists."""

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
        return sorted((span for span in spans + bodies if span.kind is not None),
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
        return run_worth_a_look(run, self.lang) or self.apposition_follows(last)

    def worth_of(self, runs: list[tuple[int, int]]) -> list[bool]:
        """worth() of each run; the words of one-word runs (most runs) looked up at once."""
        words, known = self.words, self.known_tokens
        lone = [first for first, last in runs if first == last and first not in known]
        lone_words = [words[i] for i in lone]
        looks = dict(zip(lone, _lone_worth(self.lang).of(lone_words, frozenset(lone_words)),
                         strict=True))
        return [looks[first] or self.apposition_follows(first)
                if first == last and first in looks else self.worth(first, last)
                for first, last in runs]

    def apposition_follows(self, last: int) -> bool:
        """An English word with an apposition or abbreviation after it: 'Clubhouse, an app'."""
        return self.lang == "en" and self.word(last + 1) in (",", "(")

    def around_known(self, first: int, last: int) -> bool:
        """Whether a run makes a longer name of a known one: a head after a known company
        ('Bosch Ventures'), or words before a head the knowledge base knows as a name of its
        own ('Nordkap Capital', where 'Capital' is a magazine)."""
        known = self.known_tokens
        heads = self.lex.heads
        for start, end, kind in self.known_ranges:
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
            and not self.place_at(first)

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

    def person_at(self, first: int, last: int) -> bool:
        start, end = self.starts[first], self.ends[last]
        return any(s < end and start < e for s, e, _c, _n in self.context.people)

    def portfolios(self, spans: list[Span]) -> list[Span]:
        """'Ministry of Mines and Energy': one name, not two (a list with commas in a name
        is joined where the runs are made: Finder.listed_parts)."""
        out: list[Span] = []
        for span in spans:
            if out and self.continues_portfolio(out[-1], span):
                out[-1].last = span.last
                continue
            out.append(span)
        return out

    def continues_portfolio(self, left: Span, right: Span) -> bool:
        between = self.words[left.last + 1:right.first]
        if between not in (["und"], ["and"]) or right.last - right.first > 5:
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
            start = span.first
            self.extend_to_initials(span, forms[-1])
            for other in spans:  # the names it swallowed: "Verband der" before "Anbieter"
                if other is not span and span.first <= other.first and other.last < start:
                    other.kind = None
            span.aliases.extend(forms)
            span.defined += 1
            if any(form.lower().startswith("section ") for form in forms):
                span.kind, span.confidence, span.cue = "policy", "strong", "abbreviation"
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
        while first > 0 and span.first - first < 8 and self.adjacent(first - 1, first) and (
                self.nameish(first - 1) or self.connector(self.words[first - 1])
                or _function_word(self.words[first - 1]) or self.words[first - 1] == ","):
            first -= 1
            if self.nameish(first) and spells(letters, self.words[first:span.last + 1]):
                span.first = first
                return

    def lists(self, spans: list[Span]) -> None:
        """Members of a list with organisations in it, or after a cue, are organisations."""
        if all(span.confidence == "strong" for span in spans):
            return  # only a name not yet sure of its kind can learn it from a list
        inside = {i for span in spans for i in range(span.first, span.last + 1)}
        # (a known name inside a longer one is no member of its own: "India" in "Sequoia
        # Capital India" does not make the list one of countries)
        items: list[tuple[int, int, Span | None, str | None]] = [
            (first, last, None, kind) for first, last, kind in self.known_ranges
            if not (first in inside and last in inside)]
        items += [(span.first, span.last, span, None) for span in spans]
        for start, end, confidence, _name in self.context.people:
            first, last = self.token_range(start, end)
            if first < 0 or (confidence == "weak" and last + 1 in inside
                             and self.nameish(last + 1) and first in inside):
                continue  # "Yunus Social" by its given name, inside "Yunus Social Business"
            items.append((first, last, None, "person" if confidence == "strong" else "given name"))
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
        if not 0 < first - last - 1 <= 3:
            return False
        between = self.words[last + 1:first]
        if between[0] not in _LIST_OPENERS and " ".join(between[:3]) != "as well as":
            return False
        if between[0] == "," and len(between) > 1 and between[1] in ARTICLES:
            return False  # "Finanzblick, das ...": a relative clause, not a list
        return all(w in _LIST_JOINS for w in between)

    def settle(self, chain: list[tuple[int, int, Span | None, str | None]]) -> None:
        if not chain:
            return
        if len(chain) < 2 and (chain[0][2] is None or chain[0][2].confidence == "strong"):
            return
        kinds = [item[2].kind if item[2] is not None and item[2].confidence == "strong"
                 else item[3] for item in chain]
        cue = self.list_cue(chain[0][0])
        if (len(chain) < 2 and not cue) or "person" in kinds or "country" in kinds or (
                "given name" in kinds and "organization" not in kinds):
            return  # (a name found only by its given name is no person among firms)
        if cue or "organization" in kinds:
            for item in chain:
                span = item[2]
                if span is not None and span.confidence != "strong" and not self.place(
                        base_word(self.surface(span.first, span.last))) and (
                        span.kind == "organization"
                        or (span.kind is None and span.last > span.first and self.lang == "en")
                        or (span.kind is None and self.unlisted(span.first))):
                    span.kind, span.confidence, span.cue = "organization", "strong", "list"

    def list_cue(self, first: int) -> bool:
        """Whether words like 'backed by' or 'die Investoren' stand right before a token."""
        lowered = [w.lower() for w in self.words[max(0, first - 4):first]]
        while lowered and lowered[-1] in ARTICLES:
            lowered.pop()
        if not lowered or lowered[-1] not in list_cue_ends():
            return False  # every cue ends with the word before the name
        cues = list_cues()
        return any(tuple(lowered[-size:]) in cues for size in range(1, len(lowered) + 1))

    def context_kind(self, span: Span) -> tuple[str, str] | None:
        """A kind from the words around a span: a descriptor before it, an apposition after."""
        before = span.first - 1
        if self.word(before) in QUOTES and self.word(before - 1):
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
        if self.word(index) in QUOTES:
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
        if opener.lower() not in ARTICLES:
            while index < len(self.words) and self.nameish(index) and base_word(
                    self.words[index]) == self.words[index] and index - after < 4:
                index += 1  # "Silicon Valley's": an owner before the noun
            if base_word(self.word(index)) == self.word(index):
                return None
        for number in range(index, min(index + 10, len(self.words))):
            word = self.words[number]
            if not word[:1].isalnum() and not (word[:1] == "-" and word[1:].isalpha()):
                return None  # a mark ends it, a suffix ("Pune-based") does not
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

    def bracket_after(self, span: Span) -> tuple[int, int] | None:
        """Token range inside brackets right after a span: '(OPSB)', '(section 45V)'."""
        opening = span.last + 1
        if self.word(opening) in QUOTES:
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
                or any(w.isdigit() for w in words) or text.upper() in currency_codes():
            return None
        if len(words) == 1 and (acronym(words[0]) or camel(words[0])
                                or not ordinary(words[0], self.lang)):
            return text
        if strong and all(capitalised(w) or self.connector(w) or w in "-&" for w in words):
            return text  # the name in the local language: "(Agencja Uzbrojenia)"
        return None


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
        if inside and weak:
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
        abbreviations = [f for f in entity.forms if f in entity.span.aliases]
        for s, e, _k in known:
            if text[s:e] in abbreviations:
                drop_known.add((s, e))  # "CMA (Capital Markets Authority)" here, not the KB's
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
