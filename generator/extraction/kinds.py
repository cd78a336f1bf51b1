"""The kind a name span has from its own shape: a legal form, a head ("Nordkap Capital",
"Swedish Energy Agency"), a marker ("Central Bank of Kenya"), a first word that opens a name
("Stadtwerke Ulm", "Ministry of Finance"), German nouns side by side, or only a part no
dictionary knows (a weak name); and whether a fund invests or pays out.
"""

from __future__ import annotations

from functools import cached_property

from . import places
from .spans import ARTICLES, CONJUNCTIONS, DEFINITE, NUMBER, POSSESSIVES, QUOTES, Finder, Span
from .words import (
    acronym,
    adjective,
    base_word,
    compound_ending,
    compound_kind,
    head_kind,
    known,
    name_word,
)

_PROGRAMME_WORDS = frozenset({"Programm", "Förderprogramm", "Förderlinie", "Projekt"})
_INDEFINITE = frozenset({"ein", "eine", "einen", "einem", "einer", "eines"})
SPECIFYING = frozenset({"für", "zur", "zum", "for", "on", "of"})  # "Institut für X"


_DETERMINERS = ARTICLES | DEFINITE | POSSESSIVES


class Kinds(Finder):
    """Name spans typed by their own shape."""

    def juxtaposed(self, first: int, last: int) -> bool:
        """German nouns side by side ('Bayern Kapital'): German writes compounds, names do not."""
        given = self.given_names
        return self.lang == "de" and any(
            self.nameish(i) and self.nameish(i + 1) and not self.city_adjective(i)
            for i in range(first, last)) and any(
            (self.name_part(i) and not self.place_at(i)) or self.words[i] in given
            or self.unlisted(i) for i in range(first, last + 1))

    def named_adjective(self, index: int) -> bool:
        """A capitalised German adjective, which only a name capitalises: 'Deutsche'."""
        word = self.words[index]
        return self.lang == "de" and word[:1].isupper() and word.endswith(
            ("e", "en", "er", "es")) and index not in self.opens and adjective(word.lower())

    def compound_name(self, index: int) -> str | None:
        """The kind of one word made of a name and a head: 'Allgäunetz', 'Industrifonden'."""
        return compound_kind(self.words[index], self.lang)

    def marker(self, first: int, last: int) -> str | None:
        """The kind a marker anywhere in the name decides ('Central Bank of Kenya')."""
        surface = f" {self.surface(first, last)} "
        for needle, kind in self.lex.markers:
            if needle in surface:
                return kind
        return None

    def core_head(self, first: int, last: int) -> int:
        """Where a name's head stands: before its first bound connector ('Bank of X')."""
        for index in range(first + 1, last):
            if self.words[index] in self.lex.bound and self.opener(index - 1):
                return index - 1
        if self.served_area(first, last):
            return last - 1
        return last

    def served_area(self, first: int, last: int) -> bool:
        """Whether a German name ends in a head and the area it serves, which German writes
        after the head: 'Genehmigungsdirektion Süd', 'Bezirksregierung Köln'."""
        return self.lang == "de" and last > first \
            and self.head_of(last - 1) in ("government", "organization") \
            and not self.place_at(last - 1) \
            and (self.words[last] in self.lex.areas or self.place_at(last))

    def classify(self, span: Span) -> None:
        """Set the span's kind and confidence from its own shape."""
        if span.cue == "jurisdiction":
            return  # a programme and whose it is (owned_programme)
        first, last = span.first, span.last
        owner = self.owner_of_descriptor(first) if first == last else None
        if owner is not None:  # "von der Voltaris-Tochter": Voltaris has one, so is a firm
            span.kind, span.confidence, span.cue = "organization", "strong", "parent"
            span.display = owner
            return
        if last > first and NUMBER.match(self.words[last]):
            last -= 1  # "House Bill 1192", "Gigabitförderung 2.0": the head stands before
        size = last - first + 1
        words = range(first, last + 1)
        has_part = any(self.name_part(i) and not self.city_adjective(i) for i in words)
        if self.legal_end(first, last):
            span.kind, span.confidence, span.cue = "organization", "strong", "legal form"
            return
        core = self.core_head(first, last)
        if core == first < last and self.lang == "de" and self.word(first - 1) in _INDEFINITE:
            return  # "ein Werk für Pens und Wirkstoffe": any such plant, not one by its name
        head = self.head_of(core) if size > 1 else self.compound_name(first)
        # "Förder- und Aufbaubank X": the word after 'und' completes the first, so it leads
        lead = first + 2 if first + 2 <= last and self.words[first].endswith("-") \
            and self.words[first + 1] in CONJUNCTIONS else first
        marker = self.marker(first, last) if size > 1 or head else None
        if span.kind is not None:  # a descriptor before it
            if self.lang == "de" and size == 1 and not known(base_word(self.words[first]), "de"):
                has_part = True  # "IT-Dienstleister Dataport": not a word of the dictionary
            if self.lang == "de" and not has_part:
                span.kind, span.confidence, span.cue = None, "weak", ""
            else:
                span.kind = marker or self.fund(head, span, has_part) or span.kind
                return
        specified = core < last and (self.words[core + 1] in SPECIFYING or core == last - 1) \
            and (self.prefix_of(core) is not None or self.head_of(core) in ("government", "policy"))
        # "die Esslinger Stadtwerke": a city's own utility or savings bank, named by the city
        city_own = size == 2 and self.city_adjective(first) and self.own_institution(last)
        if head is not None and (has_part or self.lang == "en" or self.named_adjective(first)
                                 or self.prefix_of(lead) is not None or size == 1
                                 or specified or city_own or self.juxtaposed(first, last)):
            span.kind, span.confidence, span.cue = marker or self.fund(head, span, has_part), \
                "strong", "head"
            return
        if size == 1 and self.named_law(first):
            span.kind, span.confidence, span.cue = "policy", "strong", "head"
            word = base_word(self.words[first])
            if word.endswith("en") and compound_ending(word[:-1]) is not None:
                span.display = word[:-1]  # the dative plural: "den Klimaschutzverträgen"
            return
        prefix = self.prefix_of(lead)
        if prefix == "policy" and self.lang == "de" and size > 1 and first + 1 <= last \
                and self.words[first] in _PROGRAMME_WORDS:
            # "Programm InnoRampUp": the programme is named by what follows the word
            span.display = self.surface(first + 1, last)
            span.aliases.append(self.surface(first, last))
        if prefix is not None and size > 1:  # "Stadtwerke Quellental", "Ministry of X"
            span.kind, span.confidence, span.cue = marker or prefix, "strong", "prefix"
            return
        if has_part:
            strong = span.owner_place and not self.place_at(first)  # "China's CALB"
            span.kind, span.cue = marker or "organization", "owner" if strong else "shape"
            span.confidence = "strong" if strong else "weak"

    def owner_of_descriptor(self, index: int) -> str | None:
        """The name before a firm's descriptor in one word: 'Voltaris' of 'Voltaris-Tochter'."""
        word = base_word(self.words[index])
        name, _dash, tail = word.partition("-")
        if tail in self.lex.owned_parts and self.lang == "de" and name in self.bare_names \
                and not self.place(name):
            return name  # "das Ford-Gelände", where "Ford" also stands alone
        if not tail or self.descriptor(tail) != "organization" or head_kind(tail) is not None \
                or not name_word(name, self.lang) or (acronym(name) and len(name) <= 2):
            return None
        return name

    @cached_property
    def bare_names(self) -> frozenset[str]:
        """Capitalised words used on their own, as names are, inside a sentence and without an
        article or another capitalised word next to them ('hatte Ford in Saarlouis')."""
        words = self.words
        return frozenset(
            word for i, word in enumerate(words)
            if 0 < i < len(words) - 1 and i not in self.opens and word[:1].isupper()
            and word.isalpha() and words[i - 1][:1].islower()
            and words[i - 1] not in _DETERMINERS and not words[i + 1][:1].isupper())

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
        return word[:1].isupper() and (places.country_of_adjective(word) is not None
                                       or places.region_of_adjective(word) is not None)

    def named_law(self, index: int) -> bool:
        """A German law or programme named by its compound: 'das Medizinforschungsgesetz'."""
        word = base_word(self.words[index])
        found = compound_ending(word)
        if self.lang != "de" or found is None or found[1] != "policy":
            return False
        stem = word[: len(word) - len(found[0])].rstrip("-")
        before = self.word(index - 1).lower()
        plural = word.endswith(("programme", "initiativen", "strategien", "gesetze"))
        if self.word(index + 1) in QUOTES:
            return False  # Gemeinschaftsaufgabe „...“: the quoted words are the name
        definite = before in DEFINITE or self.named_adjective(index - 1) or (
            index - 1 in self.opens and word.endswith(("verträge", "gesetz")))
        hard = found[0] in ("gesetz", "verordnung", "richtlinie")
        return len(stem) >= 4 and not plural and definite \
            and found[0] not in ("plan", "förderung") \
            and stem.lower() not in ("bundes", "landes", "förder", "rahmen") \
            and (hard or not known(word, "de"))
