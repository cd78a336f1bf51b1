"""What the words around a name span say about it: an abbreviation in brackets after it, a
list it stands in with other names (after a cue: "backed by A, B and C"), a descriptor before
it ("das Fintech Finanzblick", "investor X"), an apposition after it ("X, a maker of battery
cells"), and the remit after a ministry's name ("Ministry of Mines and Energy").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property

from .government import Governments
from .spans import ARTICLES, CONJUNCTIONS, QUOTES, Span
from .words import (
    acronym,
    base_word,
    camel,
    capitalised,
    currency_codes,
    list_cue_ends,
    list_cues,
    ordinary,
    spells,
)


def _function_word(word: str) -> bool:
    """A short lower-case word a long name may hold: 'von' in 'Verband der Anbieter von X'."""
    return len(word) <= 4 and word.isalpha() and word.islower()


_LIST_OPENERS = frozenset({",", *CONJUNCTIONS})  # what stands first between list members
_LIST_JOINS = frozenset({",", *CONJUNCTIONS, *ARTICLES, "as", "well"})


# Words that start a clause about the noun before them: "a fund-of-funds set up by the EIF",
# "a steel-frame maker that will supply the site".
PARTICIPLES = frozenset({"set", "run", "owned", "backed", "founded", "created", "managed",
                         "established", "controlled", "gegründet", "getragen",
                         "that", "which", "whose"})


class Neighbours(Governments):
    """Name spans typed and joined by the words around them."""

    def person_at(self, first: int, last: int) -> bool:
        start, end = self.starts[first], self.ends[last]
        people, starts, longest = self.people_index
        return any(people[i][1] > start for i in range(bisect_left(starts, start - longest),
                                                         bisect_left(starts, end)))

    @cached_property
    def people_index(self) -> tuple[list[tuple[int, int]], list[int], int]:
        """The people's character ranges in order, their starts and the longest's length."""
        people = sorted((s, e) for s, e, _c, _n in self.context.people)
        return people, [s for s, _e in people], max((e - s for s, e in people), default=0)

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
        if self.demonym(right.first) or (right.last > right.first
                                         and self.head_of(right.last) == "organization"):
            return False  # "Department of Natural Resources and British Gas": a firm's name
        follows = self.word(right.last + 1)
        return follows in (",", "(", ")", ".", ";", "und", "and") and (
            follows != "," or self.nameish(right.last + 2))

    def brackets(self, spans: list[Span]) -> None:
        """Abbreviations defined in brackets become forms of the name before them."""
        by_first = {span.first: span for span in spans}
        # (spans are in order, and a span's first word only ever moves back: a name that a
        # span swallows is among those whose first word was between its new and old first)
        firsts = [span.first for span in spans]
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
            for other in spans[bisect_left(firsts, span.first):bisect_left(firsts, start)]:
                # the names it swallowed: "Verband der" before "Anbieter"
                if other is not span and span.first <= other.first and other.last < start:
                    other.kind = None
            span.aliases.extend(forms)
            span.defined += 1
            if any(form.lower().startswith("section ") for form in forms):
                span.kind, span.confidence, span.cue = "policy", "strong", "abbreviation"
            if span.confidence != "strong":
                # ("das Kreditinstrument Security Action for Europe (SAFE)": the word
                # before the name the abbreviation spells says what it is)
                described = self.descriptor(self.word(span.first - 1)) \
                    if span.first > 0 and self.adjacent(span.first - 1, span.first) else None
                span.kind = span.kind or described or self.fund(self.head_of(span.last), span,
                                                                True) or "organization"
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
                        base_word(self.surface(span.first, span.last))) \
                        and not self.possessive(span.last) and (
                        span.kind == "organization"
                        or (span.kind is None and span.last > span.first and self.lang == "en")
                        or (span.kind is None and self.unlisted(span.first))):
                    span.kind, span.confidence, span.cue = "organization", "strong", "list"

    def possessive(self, index: int) -> bool:
        """'Silicon Valley's' in 'Clubhouse, Silicon Valley's app': an owner, no member."""
        word = self.words[index]
        return base_word(word) != word and self.word(index + 1)[:1].islower()

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
            if word in (",", ".", ")", ";", ":", "–", "—", "") or word in PARTICIPLES:
                return True  # ("a fund-of-funds set up by ...": a clause about the noun)
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
