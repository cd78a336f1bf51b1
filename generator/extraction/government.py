"""Government bodies built from their parts: a country or region adjective, a possessive,
a genitive or a place with a government noun ("the Kenyan government", "die namibische
Regierung", "Polens Rüstungsagentur", "the Tamil Nadu government", "Kieler
Digitalministerium", "die dänische und die schwedische Regierung"), each with its country.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from . import places
from .kinds import Kinds
from .spans import ARTICLES, DEFINITE, Span
from .words import GOVERNMENT_DE, GOVERNMENT_EN, base_word, compound_ending

_GENERIC_STEMS = frozenset({"bundes", "landes", "regierungs", "staats", "stadt"})


_GENERIC_BODIES = frozenset({"Regierung", "Verwaltung", "Parlament", "Behörde", "Ministerium"})


# Words before a state's name that make it the state as a government.
_STATES = frozenset({"Bundesstaat", "US-Bundesstaat", "Bundesstaates", "US-Bundesstaates",
                     "Bundesland", "Freistaat", "Land", "state", "State"})


class Governments(Kinds):
    """Government bodies built from their parts, on top of the name spans."""

    def governments(self) -> list[Span]:
        """'die namibische Regierung', 'Polens Rüstungsagentur', 'the Tamil Nadu government',
        'Kieler Digitalministerium', 'die dänische und die schwedische Regierung'."""
        out: list[Span] = []
        nouns = GOVERNMENT_EN if self.lang == "en" else GOVERNMENT_DE
        for index in self.indices(nouns):
            found = self.owned_body(index)
            if found:
                out.extend(found)
        for index in self.indices(_STATES):
            state = self.state(index)
            if state is not None:
                out.append(state)
        return out

    def city_owner(self, index: int) -> bool:
        """'Hamburger', 'Koblenzer' before a German body: where it sits, a city's adjective."""
        word = self.words[index]
        return self.lang == "de" and word[:1].isupper() and word.endswith("er") and (
            places.city_of_adjective(word) is not None
            or self.word(index - 1).lower() in ARTICLES)

    def named_bodies(self, spans: list[Span], bodies: list[Span]) -> list[Span]:
        """The bodies that a longer name does not hold. A body whose noun goes on with a
        connector is named by the longer span ('Hamburger Behörde für Wirtschaft und
        Innovation'), which takes its country; a city's adjective before such a name says
        where the body sits and is left out ('das Koblenzer Bundesamt für ...')."""
        kept: list[Span] = []
        # (spans are in order; one only ever gives up words at its start, below)
        firsts = [span.first for span in spans]
        reach = list(accumulate((span.last for span in spans), max))
        for body in bodies:
            noun = body.last
            # the first span that starts at the body or before it and ends after its noun
            longer = next((span for span in spans[bisect_right(reach, noun):
                                                  bisect_right(firsts, body.first)]
                           if span.first <= body.first and noun < span.last), None) \
                if self.word(noun + 1) in self.lex.bound else None
            if longer is None:
                kept.append(body)
                continue
            longer.country = longer.country or body.country
            if longer.first == body.first < noun and self.city_owner(body.first):
                longer.first = noun
        return kept

    def state(self, index: int) -> Span | None:
        """A state by its name: 'Bundesstaat Indiana', 'Freistaat Thüringen', 'the state of
        Ohio', named 'State of ...' in either language."""
        after = index + 1
        if self.words[index] in ("state", "State"):
            if self.word(after) != "of":
                return None
            after += 1
        last = after
        found = places.place(self.word(after))
        if self.nameish(after + 1) and self.adjacent(after, after + 1):
            longer = places.place(self.surface(after, after + 1))  # "New Mexico"
            if longer is not None:
                found, last = longer, after + 1
        if found is None or found.kind != "region" or not self.nameish(after):
            return None
        # English names it the State of Ohio; German as written ("Land Sachsen-Anhalt").
        display = f"State of {found.name}" if self.lang == "en" else None
        return Span(index, last, "government", "strong", "government", display=display,
                    country=found.country)

    def owned_body(self, index: int) -> list[Span]:
        """The bodies a government noun names with what stands before or after it."""

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
                before_it = self.conjunct_before(first)
                if before_it is None:
                    break
                first = before_it
        elif prev[:1].isupper() and not self.connector(prev) and self.adjacent(before, index):
            genitive = places.place_of_genitive(prev) if self.lang == "de" else None
            city = places.city_of_adjective(prev) if self.lang == "de" else None
            region = places.region_of_adjective(prev)
            code = places.country_of_adjective(prev)
            bare = base_word(prev)
            found = places.place(bare) if bare != prev or self.lang == "en" else None
            if genitive is not None:
                owners.append((before, genitive.country, genitive.kind))
            elif code is not None:
                owners.append((before, code, "country"))
                if self.lang == "en":  # "the Danish and (the) Swedish governments"
                    owners.extend(self.coordinated(before))
            elif region is not None:
                owners.append((before, region[1], "region"))
            elif city is not None or self.city_owner(before):
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

    def coordinated(self, index: int) -> list[tuple[int, str | None, str]]:
        """The country adjectives joined to the one at index by 'and'/'or' (English)."""
        out: list[tuple[int, str | None, str]] = []
        while (before := self.conjunct_before(index)) is not None:
            code = places.country_of_adjective(self.words[before])
            if code is None:
                break
            index = before
            out.append((index, code, "country"))
        return out

    def conjunct_before(self, index: int) -> int | None:
        """The word joined to the one at index by 'and'/'or', an article between allowed:
        'dänische' in 'die dänische und die schwedische', 'Danish' in 'Danish and Swedish'."""
        joint = index - 2 if self.word(index - 1) in ARTICLES else index - 1
        if joint < 1 or self.word(joint) not in ("und", "oder", "and", "or"):
            return None
        return joint - 1

    def body_after(self, index: int) -> list[Span]:
        """'Regierung Namibias', 'Landesregierung Sachsen-Anhalt', 'government of Kenya',
        or a German body named by its own compound after the article: 'die Staatsregierung'."""

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
        found_head = compound_ending(word)
        stem = word[: len(word) - len(found_head[0])] if found_head else ""
        follows = self.word(index + 1)
        named = word in self.lex.government_nouns or (
            len(stem) >= 4 and stem.lower() not in _GENERIC_STEMS)
        if self.word(index - 1).lower() in DEFINITE and named and word not in _GENERIC_BODIES \
                and not follows[:1].isupper() and not self.connector(follows):
            return [Span(index, index, "government", "strong", "government")]
        return []

    def body_name(self, first: int, noun: int, code: str | None, kind: str) -> str:
        """A national government by its country's adjective ('Namibian government'), any
        other body as written, its adjective in the form after 'die' ('namibische')."""

        word = self.words[noun]
        national = word in ("Regierung", "government", "governments", "Government",
                            "administration")
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
