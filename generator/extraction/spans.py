"""Capitalised runs of an article cut into name spans.

Runs of capitalised tokens (with the connectors a name may hold: "Bank of England", "Banco
do Nordeste") are cut where they hold more than one name or words that are no name (a role,
a descriptor: "das Fintech Finanzblick") and trimmed of openers; kinds.py types them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from typing import NamedTuple

from . import places
from .text import Sentence
from .words import (
    NAMEISH,
    STOP_OPENERS,
    WordTable,
    base_word,
    compound_ending,
    descriptor_kind,
    head_kind,
    is_place,
    known,
    legal_forms_by_last,
    lexicon,
    name_word,
    not_a_name,
    ordinary,
    role_word,
    time_words,
    tokenize,
)

LOCATIVES = frozenset({"in", "near", "nach", "aus", "im", "from", "across", "nahe", "around",
                       "outside", "südlich", "nördlich", "östlich", "westlich", "of"})


CONJUNCTIONS = frozenset({"and", "und", "&", "sowie", "or", "oder"})


GENITIVES = frozenset({"of", "der", "des"})


MAX_RUN = 14  # tokens in a name at most: longer runs are cut, so that work stays linear


ARTICLES = frozenset({"a", "an", "the", "its", "their", "his", "her", "ein", "eine", "einer",
                       "einem", "eines", "der", "die", "das", "dem", "den", "des", "seine",
                       "ihre", "ihrer", "seiner", "unsere", "unserer"})


OPENING = frozenset("\"„“«»‚‘'(–—|:")


QUOTES = frozenset("\"„“«»‚‘'")


DEFINITE = frozenset({"der", "die", "das", "dem", "den", "des", "im", "zum", "zur", "vom",
                       "beim", "am", "ins"})


POSSESSIVES = frozenset({"ihre", "ihrer", "ihren", "ihrem", "seine", "seiner", "seinen",
                          "seinem", "unsere", "unserer", "its", "their", "his", "her", "our",
                          "ein", "eine", "einer", "einen", "einem", "a", "an"})


_LIST_CLOSERS = frozenset({"und", "and"})
NUMBER = re.compile(r"\d[\d./]*$")


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
    defined: int = 0  # abbreviations defined for it in brackets
    country: str | None = None  # ISO code of the country a government body belongs to


class Context(NamedTuple):
    """What the caller knows already: the knowledge base's and the people rules' spans."""

    known: Sequence[tuple[int, int, str]]  # knowledge-base matches: start, end, kind
    places: Sequence[tuple[int, int]]  # places and countries
    people: Sequence[tuple[int, int, str, str]]  # people: start, end, confidence, name


def sentence_starts(starts: list[int], words: list[str], items: Sequence[Sentence]) -> set[int]:
    """Indices of the tokens that open a sentence, a line or a quotation."""
    out = {bisect_left(starts, s.start) for s in items}
    if not OPENING.isdisjoint(words):
        out.update(compress(range(1, len(words) + 1), map(OPENING.__contains__, words)))
    return out


def token_ranges(starts: list[int], ends: list[int], spans: Iterable[tuple[int, int]],
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


def covered(starts: list[int], ends: list[int], spans: Iterable[tuple[int, int]]) -> set[int]:
    """Indices of the tokens inside any of the character spans."""
    return {i for first, last in token_ranges(starts, ends, spans) for i in range(first, last + 1)}


# The endings of a German adjective before a noun ('Deutscher', 'Forschenden').
ADJECTIVE_ENDINGS = ("e", "er", "en", "es", "em")


class Finder:
    """One article's tokens, and the spans found in them."""

    def __init__(self, text: str, lang: str, items: Sequence[Sentence], begin: int,
                 context: Context) -> None:
        self.text = text
        self.lang = lang
        self.lex = lexicon()
        self.connectors = self.lex.connectors
        self.starts, self.ends, self.words = tokenize(text, begin, len(text))
        self.vocabulary = frozenset(self.words)
        self.caps = NAMEISH.of(self.words, self.vocabulary)
        self.opens = sentence_starts(self.starts, self.words, items)
        self.context = context
        self.placed = covered(self.starts, self.ends, context.places)
        self.known_ranges = self.token_kinds(sorted(context.known))
        self.known_tokens = {i for first, last, _k in self.known_ranges
                             for i in range(first, last + 1)}
        self.known_firsts = [first for first, _last, _k in self.known_ranges]

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

    def adjacent(self, left: int, right: int) -> bool:
        """Whether two tokens stand on one line with only blanks between them."""
        gap = self.text[self.ends[left]:self.starts[right]]
        return "\n" not in gap and not gap.strip()

    def indices(self, chosen: WordTable | frozenset[str]) -> list[int]:
        """The indices of the tokens that are chosen words (a set, or a test each distinct
        word meets or not)."""
        hits = self.vocabulary & chosen if isinstance(chosen, frozenset) else \
            chosen.chosen(self.vocabulary)
        return list(compress(range(len(self.words)), map(hits.__contains__, self.words))) \
            if hits else []

    def word(self, index: int) -> str:
        return self.words[index] if 0 <= index < len(self.words) else ""

    def surface(self, first: int, last: int) -> str:
        return " ".join(self.text[self.starts[first]:self.ends[last]].split())

    def nameish(self, index: int) -> bool:
        """A token that can stand in a name: capitalised, and not a mark or a title."""
        return self.caps[index]

    def connector(self, word: str) -> bool:
        return word in self.connectors

    def opener(self, index: int) -> bool:
        """A head or a first word after which a bound connector may follow: 'Bank of'."""
        word = base_word(self.words[index])
        return word in self.lex.heads or word in self.lex.prefix_heads or (
            self.lang == "de" and head_kind(word) == "government")  # "Staatsministerium für"

    def runs(self) -> list[tuple[int, int]]:
        """Maximal stretches of name-ish tokens and the connectors between them."""
        out: list[tuple[int, int]] = []
        words, caps, connectors = self.words, self.caps, self.connectors
        count = len(words)
        for index in compress(range(count), caps):
            if out and index <= out[-1][1]:
                continue
            last = index
            bound_ok = False  # "Act on the Defence of the Homeland": a chain after a head
            while last - index < MAX_RUN:
                after = last + 1
                if after < count and caps[after] and self.adjacent(last, after):
                    last = after
                    continue
                probe = after
                while probe < count and probe - after < 2 and words[probe] in connectors \
                        and self.adjacent(probe - 1, probe):
                    probe += 1
                if probe > after and probe < count and caps[probe] \
                        and words[probe][:1].isalpha() and self.adjacent(probe - 1, probe):
                    joins = words[after:probe]
                    if self.may_join(joins, last, bound_ok):
                        bound_ok = bound_ok or any(w in self.lex.bound for w in joins)
                        last = probe
                        continue
                if bound_ok and after < count and words[after] == ",":
                    listed = self.listed_parts(after)
                    if listed is not None:  # "Ministry of Economy, Trade and Industry"
                        last = listed
                        continue
                if after < count and not caps[after] and self.lower_legal_form(words[after]) \
                        and self.adjacent(last, after):
                    last = after  # "Bürgerenergie Wendelstedt eG"
                    break
                # (a first digit is tested before the expression: most words have none)
                if after < count and words[after][:1].isdigit() and NUMBER.match(words[after]) \
                        and self.adjacent(last, after) \
                        and (self.head_of(last) in ("policy", "fund", "organization")
                             or self.lex.descriptors.get(self.word(after + 1)) == "policy"):
                    last = after  # "House Bill 1192", "Baltic Innovation Fund 2"
                break
            out.append((index, last))
        return out

    def listed_parts(self, comma: int) -> int | None:
        """The last part before 'and' of a list that goes on a name after its connector:
        ', Informationstechnik' in 'Bundesamt für Ausrüstung, Informationstechnik und
        Nutzung der Bundeswehr'. None unless the list closes with 'and' and a part, and no
        part is a name the knowledge base knows ('Ministry of Energy, Google and Amazon')."""
        words, caps, count = self.words, self.caps, len(self.words)
        index = comma
        while index + 1 < count and words[index] == "," and caps[index + 1] \
                and self.adjacent(index, index + 1):
            index += 1
            while index + 1 < count and caps[index + 1] and self.adjacent(index, index + 1):
                index += 1
            if any(self.known_at(i) for i in range(comma + 1, index + 1)):
                return None
            if index + 2 < count and words[index + 1] in _LIST_CLOSERS \
                    and caps[index + 2] and self.adjacent(index + 1, index + 2) \
                    and not self.known_at(index + 2):
                return index
            index += 1
        return None

    def may_join(self, joins: list[str], last: int, chained: bool) -> bool:
        """Whether connectors may join the words around them into one name."""
        if joins[0] in ("the", "a"):
            return False  # only after another connector: "Department of the Treasury",
            # "Funds for a Modern Economy"
        if self.word(last + len(joins) + 1) in time_words():
            return False  # "the Commerce Department on Tuesday"
        if all(w in self.lex.free for w in joins):
            return True
        if self.lang == "de" and joins[0] in ("für", "zur", "zum") and len(joins) > 1:
            return False  # "für den Strom": a preposition with its article, not a name
        if self.opener(last):
            return True
        genitive = joins[0] in GENITIVES
        return genitive and (chained or (self.lang == "de" and joins[0] != "of"))

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

        if places.city_of_adjective(word) is not None or places.region_of_adjective(word):
            return True
        after = base_word(self.words[index + 1])
        return self.word(index - 1).lower() in ARTICLES and ordinary(after, "de") and (
            self.descriptor(after) is not None or self.head_of(index + 1) is not None)

    def segments(self, first: int, last: int) -> list[Span]:
        """A run cut where it holds more than one name or words that are not names."""
        out: list[Span] = []
        start = first
        cue: str | None = None
        owner: str | None = None

        def close(end: int) -> None:
            span = self.trim(start, end)
            if span is not None and self.portfolio(span):
                span = None
            if span is not None and self.owned_programme(span.first, span.last):
                # "Technologiefonds des Bundes": the programme is named by its word; the
                # government it belongs to is a name of its own
                span.aliases.append(self.surface(span.first, span.last))
                span.last = span.first
                span.kind, span.confidence, span.cue = "policy", "strong", "jurisdiction"
            if span is not None:
                if cue:
                    span.kind, span.confidence, span.cue = cue, "strong", "descriptor"
                span.owner = owner
                span.owner_place = owner is not None and self.place_at(start - 1)
                out.append(span)

        index = first
        while index <= last:
            word = self.words[index]
            bare = base_word(word)
            if bare in self.lex.titles or (self.role(bare) and not self.role_opens(start, index,
                                                                                  last)):
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
                start, cue, owner = index + 1, None, base_word(self.surface(start, index))
            elif word in CONJUNCTIONS and word != "&" and index < last \
                    and not self.words[index - 1].endswith("-") \
                    and (self.complete(start, index - 1) or self.person_like(start, index - 1)) \
                    and self.splits_at_and(start, index, last):
                # ("Investitions- und Strukturbank": the word after 'und' completes the one
                # before, so the name goes on)
                close(index - 1)
                start, cue, owner = index + 1, None, None
            index += 1
        close(last)
        return out

    def person_like(self, first: int, last: int) -> bool:
        """A given name and a last name: 'Jane Roe' in 'Jane Roe and Energy Minister ...'."""
        return last == first + 1 and self.words[first] in self.given_names \
            and self.head_of(last) is None

    def portfolio(self, span: Span) -> bool:
        """Ordinary words that name an office's remit: 'State Industries Minister'."""
        from . import rules

        return self.lang == "en" and self.word(span.last + 1) in rules.lexicon().portfolio_roles \
            and not any(self.name_part(i) or self.known_at(i)
                        for i in range(span.first, span.last + 1))

    def role_opens(self, start: int, index: int, last: int) -> bool:
        """Whether a role word opens an institution's name: 'General Assembly', 'General
        Motors' (but 'General Jane Doe', 'Minister Ali Hassan' are a role and a person)."""
        return index < last and self.head_of(last) in ("government", "organization") \
            and all(self.words[i] in STOP_OPENERS for i in range(start, index)) \
            and not any(self.role(base_word(self.words[i])) for i in range(index + 1, last + 1))

    def splits_at_and(self, start: int, index: int, last: int) -> bool:
        """Whether the name after 'and' stands on its own ('Ministry of Mines and Energy')."""
        if "," in self.words[start:index]:
            return False  # the 'and' that closes a list inside the name (listed_parts)
        if any(self.words[i] in self.lex.bound for i in range(start, index)):
            return self.head_of(last) is not None or self.known_at(index + 1)
        return self.complete(index + 1, last) or self.lang == "en"

    def complete(self, first: int, last: int) -> bool:
        """Whether tokens make a name of their own: a head, a name part, a known name."""
        if last < first:
            return False
        if self.head_of(last) is not None or self.legal_end(first, last) > 0:
            return True
        return any(self.name_part(i) or self.known_at(i) or self.unlisted(i)
                   for i in range(first, last + 1) if not self.connector(self.words[i]))

    def unlisted(self, index: int) -> bool:
        """A German word no dictionary lists as a whole ('Brückwald'), though its parts are."""
        word = self.words[index]
        return self.lang == "de" and not known(word, "de") and not self.connector(word) \
            and not word[:1].isdigit()

    def splits_at_descriptor(self, start: int, index: int, last: int) -> bool:
        """Whether a word inside a run describes the name after it ('Fintech Finanzblick')."""
        word = self.words[index]
        kind = self.descriptor(word)
        if kind is None or self.connector(word):
            return False
        given = self.given_names
        if any((self.name_part(i) and not self.city_adjective(i) and not self.place_at(i)
                and base_word(self.words[i]) == self.words[i]
                and self.words[i] not in STOP_OPENERS) or self.words[i] in given
               for i in range(start, index)):
            return False  # "Emil Brunner Holding AG": after a name it is the name's head
        rest = range(index + 1, last + 1)
        if self.lang == "en" and index > start and word.endswith("s") \
                and word not in self.lex.descriptors:
            return False  # "Global Investors Meet": a plural inside a name describes no one
        if self.lang == "de" and self.words[index + 1] in GENITIVES:
            return False  # "Technologiefonds des Bundes": whose it is, not a name it describes
        if self.prefix_of(index) is not None and (
                self.words[index + 1] in self.lex.bound
                or not any(self.head_of(i) or self.prefix_of(i) for i in rest)):
            return False  # "Stadtwerke Ulm", "Ministerium für Bergbau": it opens the name
        # "Investitionsbank Sachsen-Anhalt", "Wachstumsfonds Deutschland": a place after it
        return not (self.lang == "de" and all(self.place_at(i) for i in rest))

    def trim(self, first: int, last: int) -> Span | None:
        """The span without openers, connectors and a sentence's ordinary first word."""
        lex = self.lex
        while first <= last and (self.words[first] in STOP_OPENERS
                                 or self.connector(self.words[first])
                                 or self.words[first].rstrip(".") in lex.titles
                                 or not self.nameish(first)):
            first += 1
        while last >= first and (self.connector(self.words[last]) or not (
                self.nameish(last) or NUMBER.match(self.words[last])
                or (last > first and self.lower_legal_form(self.words[last])))):
            last -= 1
        if self.lang == "de":
            # "Bergfalke Systems Drohnen": a German noun after a name's English head is not
            # part of it (after a German head it may be: "Universität Kaiserslautern")
            head = next((i for i in range(last - 1, max(first, last - 2) - 1, -1)
                         if lex.heads.get(base_word(self.words[i])) == "organization"
                         and known(self.words[i], "en")), None)  # an English head
            if head is not None and not any(
                    self.connector(self.words[i]) for i in range(first, head)) and all(
                    known(self.words[i], "de") and not known(self.words[i], "en")
                    and not self.name_part(i)
                    and self.head_of(i) is None and not self.place_at(i)
                    and not self.connector(self.words[i]) for i in range(head + 1, last + 1)):
                last = head
            # "das Start-up": a descriptor at the end refers back to a name said before
            while last > first and self.descriptor(self.words[last]) is not None \
                    and not self.name_part(last) and self.head_of(last) is None \
                    and not self.adjective_in_name(first, last - 1):
                last -= 1
                while last > first and self.connector(self.words[last]):
                    last -= 1  # "Fonds für Start-ups": not a name 'Fonds für'
        if self.lang == "en" and self.word(last + 1) in lex.facilities:
            # "Atlantis Resources Meygen project": the firm, then the name of its site
            head = next((i for i in range(last - 1, first - 1, -1)
                         if self.head_of(i) == "organization"), None)
            if head is not None and all(self.name_part(i) for i in range(head + 1, last + 1)):
                last = head
        if first > last:
            return None
        word = self.words[first]
        opener = first in self.opens and ordinary(word, self.lang) and not word.endswith("-") \
            and not (first < last and self.place(base_word(self.surface(first, first + 1))))
        if opener and first == last:
            return Span(first, last) if self.described_after(last) else None
        if opener and ((self.head_of(last) is None and self.prefix_of(first) is None)
                       or not self.nameish(first + 1)) \
                and not (self.nameish(first + 1) and self.described_after(last, definite=True)):
            # (but "Start Campus, the developer of the Sines campus,": a name of two words)
            return self.trim(first + 1, last)
        if self.lang == "de" and first < last and self.connector(self.words[first + 1]) \
                and self.words[first + 1] not in ("und", "&") and not self.name_part(first) \
                and self.prefix_of(first) is None and self.head_of(first) is None:
            return self.trim(first + 1, last)  # "Runde von Nordkap Capital"
        if self.lang == "de" and first + 1 < last and self.head_of(last) is not None \
                and self.prefix_of(first) is None and not self.legal_end(first, last) \
                and compound_ending(base_word(word)) is not None \
                and self.nameish(first + 1) and not self.connector(self.words[first + 1]):
            # "Wirtschaftsförderung Greater Memphis Chamber": a body's compound before a name
            # with a head of its own says what it is ("Investitionsbank Sachsen-Anhalt" is one)
            return self.trim(first + 1, last)
        if self.city_adjective(first) and first < last and not self.own_institution(first + 1) \
                and (self.descriptor(self.words[first + 1]) is not None or (
                    name_word(self.words[first + 1], self.lang)
                    and self.head_of(first + 1) is None)):
            if first + 1 == last and self.descriptor(self.words[last]) is not None:
                return None  # "Berliner Neobank": a bank in Berlin, not one by its name
            return self.trim(first + 1, last)  # "Hamburger Fintech ...", "Flensburger FiberNord"
        return Span(first, last)

    def adjective_in_name(self, first: int, index: int) -> bool:
        """A German adjective after a name's head, which needs the noun after it: 'Verband
        Forschender Arzneimittelhersteller', 'Bundesverband Deutscher Start-ups'."""
        word = self.words[index]
        return self.lang == "de" and first < index and word.endswith(ADJECTIVE_ENDINGS) \
            and self.prefix_of(index - 1) is not None and known(word.lower(), "de") \
            and places.city_of_adjective(word) is None

    def own_institution(self, index: int) -> bool:
        """A head that a place's adjective names one of: 'Stadtwerke', 'Kantonalbank'."""
        return self.prefix_of(index) is not None or (
            self.head_of(index) == "organization"
            and self.words[index].startswith(self.lex.own_institutions))

    def described_after(self, index: int, definite: bool = False) -> bool:
        """Whether an English word at a sentence's start may be a name an apposition after
        it describes: 'Clubhouse, Silicon Valley's social audio app,', 'Kelvara, a maker of
        cells,' (not 'However, the company, ...'; the apposition still has to say what it is).
        definite: also 'the' and a noun that names a firm or body ('the developer of')."""
        if self.lang != "en" or self.word(index + 1) != ",":
            return False
        after = self.words[index + 2:index + 5]
        if definite and after[:1] == ["the"] and any(
                word in self.lex.apposition for word in self.words[index + 3:index + 7]):
            return True
        return bool(after) and (after[0] in ("a", "an") or any(
            base_word(word) != word and word[:1].isupper() for word in after))

    def head_of(self, index: int) -> str | None:
        """The kind a name's last word gives it ('Capital', 'Agentur', 'Aufbaubank')."""
        return head_kind(self.words[index])

    def prefix_of(self, index: int) -> str | None:
        return self.lex.prefix_heads.get(base_word(self.words[index]))

    @staticmethod
    @lru_cache(maxsize=65536)
    def lower_legal_form(word: str) -> bool:
        """A legal form of one word in small letters first: 'eG', 'mbH', 'e.V.'."""
        bare = word.rstrip(".")
        return word[:1].islower() and (bare,) in legal_forms_by_last().get(bare, ())

    def legal_end(self, first: int, last: int) -> int:
        """How many tokens of a legal form end the span (0 if none)."""
        forms = legal_forms_by_last().get(self.words[last].rstrip("."))
        if not forms:
            return 0
        words = [w.rstrip(".") for w in self.words[first:last + 1]]
        for form in forms:
            if len(form) < len(words) and list(form) == words[-len(form):]:
                return len(form)
        return 0

    def name_part(self, index: int) -> bool:
        """A word that only a name holds: unknown to the lexicon, an acronym, CamelCase."""
        return name_word(self.words[index], self.lang) or (
            self.place_at(index) and not not_a_name(self.words[index]))

    def place(self, name: str) -> bool:
        return is_place(name, self.lang)

    def place_at(self, index: int) -> bool:
        """Whether a token is (part of) a place: in the gazetteer or a known place's span."""
        return index in self.placed or self.place(base_word(self.words[index]))

    def known_at(self, index: int) -> bool:
        return index in self.known_tokens

    @property
    def given_names(self) -> frozenset[str]:
        from . import rules

        return rules.lexicon().first_names

    def owned_programme(self, first: int, last: int) -> bool:
        """A German programme's word and the government it belongs to in the genitive:
        'Technologiefonds des Bundes', 'Pharmastrategie der Bundesregierung'."""
        if self.lang != "de" or last < first + 2 or self.words[first + 1] not in ("des", "der") \
                or head_kind(self.words[first]) not in ("policy", "fund"):
            return False
        lex = self.lex
        return all(self.words[i] in lex.jurisdictions or self.words[i] in lex.government_nouns
                   for i in range(first + 2, last + 1))

    def chars(self, span: Span) -> tuple[int, int]:
        return self.starts[span.first], self.ends[span.last]
