"""Extraction stage: article text in, Brief out; a pure function over the knowledge base."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from . import kb as kbmod
from .extraction import amounts, currencies, names, people, places, rules
from .extraction.amounts import MoneySpan
from .extraction.scan import Hit, Vocabulary, finditer_at, lowercase, run_start
from .extraction.scan import lower as lower_aligned
from .extraction.text import (
    Sentence,
    SentenceIndex,
    headline,
    language,
    publication_date,
    sentences,
    summary,
)
from .models import Actor, Amount, Brief, Chip, Policy, Source

NODE = re.compile(
    r"(?<![\w.,/])(?:(\d{1,2}(?:/\d{1,2})?)-\s+(?:und|and|bis|to)\s+(?:im\s+|in\s+the\s+)?)?"
    r"(\d{1,2}(?:/\d{1,2})?)(?:\s?|-)(?:nm|Nanometer|nanometre|nanometer|Nanometern)"
    r"(?:-(?:Prozess|Verfahren|Technologie|Fertigung|Knoten|Chips?|Bereich)|\b)"
    r"(?!-Klasse|\s+class|-class)"
)
TEASER = re.compile(
    r"^(?:Lesen Sie auch|Lesen Sie mehr|Mehr zum Thema|Auch interessant|Das könnte Sie auch|"
    r"Read more|Read also|Related|See also|More on this|Also read)\b.*$", re.M | re.I)
CURRENCY_AFTER = re.compile(r"(?:\$|-Dollar|-dollar|\s+dollars?\b)")
NOT_CHIPS = {"equipment", "interconnect"}  # machines and links, not chips
MAX_AMOUNT = 10**17
TITLE_AFTER = re.compile(
    r"-[\wäöü]*(?:kommissar|präsident|minister|chef|kanzler|botschafter|abgeordnete)", re.I)
EXEC_ORDER = re.compile(r"\b(?:Executive Order|Exekutivanordnung|Präsidialerlass|EO)\s+(?:No\.\s*)?(\d{5})\b")
EU_ACT = re.compile(r"\b(Regulation|Directive|Verordnung|Richtlinie)\s+\((EU|EG|EC)\)\s+(?:Nr\.\s*|No\s+)?(\d{4}/\d{1,4})")
NAMED_ACT = re.compile(
    r"\b((?:[A-Z][\w&-]*\s+)(?:(?:and|of|for|on|the|in|to|&)\s+|[A-Z][\w&-]*\s+){0,6}Act)(?!\w)|\b((?:[A-ZÄÖÜ][\wäöüß]*-\s+und\s+)?[A-ZÄÖÜ][\wäöüß-]*?(?:gesetz|verordnung|richtlinie))\b"
)
DATED_RULE = re.compile(
    r"\b((?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+\d{4}\s+(?:export\s+controls?|controls|rules|update|export\s+rules))\b"
)
AGREEMENT = re.compile(
    r"\b(memorandum of understanding|Memorandum of Understanding|MoU|Absichtserklärung|"
    r"letter of intent|Letter of Intent|Rahmenabkommen|framework agreement)\b")
ACT_STOP = {"The", "This", "That", "Under", "Unter", "Der", "Die", "Das", "Den", "Dem", "A", "An"}

# Each pattern above is tried only where it can start (see extraction/scan.py): at one of its
# leading words, or for NODE and NAMED_ACT at a capital or digit shortly before the word
# that every match holds ("nm", "Act", "-gesetz").
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_LEADS: dict[re.Pattern[str], tuple[str, ...]] = {
    EXEC_ORDER: ("Executive Order", "Exekutivanordnung", "Präsidialerlass", "EO"),
    EU_ACT: ("Regulation", "Directive", "Verordnung", "Richtlinie"),
    DATED_RULE: _MONTHS,
    AGREEMENT: ("memorandum of understanding", "Memorandum of Understanding", "MoU",
                "Absichtserklärung", "letter of intent", "Letter of Intent", "Rahmenabkommen",
                "framework agreement"),
}
# The word every match holds, what a match can hold before it (read backwards), and where
# a match can start.
_HELD: dict[re.Pattern[str], tuple[tuple[str, ...], re.Pattern[str], re.Pattern[str]]] = {
    NODE: (("nm", "Nanometer", "nanometre", "nanometer", "Nanometern"),
           re.compile(r"[\w/\s-]*"), re.compile(r"(?<![\w.,/])\d")),
    NAMED_ACT: (("Act", "gesetz", "verordnung", "richtlinie"),
                re.compile(r"[\w&\s-]*"), re.compile(r"(?<!\w)[A-ZÄÖÜ]")),
}
_PATTERNS = (*_LEADS, *_HELD)
_PATTERN_WORDS = (*((word, 1 << number) for number, pattern in enumerate(_LEADS)
                    for word in _LEADS[pattern]),
                  *((word, 1 << (number + len(_LEADS))) for number, pattern in enumerate(_HELD)
                    for word in _HELD[pattern][0]))


@cache
def _vocabularies(kb: kbmod.KnowledgeBase) -> tuple[Vocabulary, Vocabulary]:
    """The keywords every stage looks for, in lower case and as written."""
    loose, exact = kb.keywords()
    return (Vocabulary({"kb": loose, "rules": rules.lowered_keywords(),
                        "tags": ((cue, 1) for cue in _tag_cues(kb)[0]),
                        "currency cues": ((cue, 1) for cue in currencies.cue_keywords())}),
            Vocabulary({"kb": exact, "rules": rules.cased_keywords(),
                        "patterns": _PATTERN_WORDS,
                        "amounts": amounts.anchor_keywords().items()}))


def _keywords(kb: kbmod.KnowledgeBase, text: str) -> tuple[dict[str, list[Hit]],
                                                           dict[str, list[Hit]]]:
    """The keywords of every stage in text, found in lower case and as written."""
    # One pass each: it costs about as much as the largest vocabulary alone.
    loose, exact = _vocabularies(kb)
    return loose.find(lower_aligned(text)), exact.find(text)


def _starts(text: str, hits: list[Hit]) -> dict[re.Pattern[str], list[int]]:
    """Where each pattern above can start in text, in order, given its words found there."""
    found: dict[re.Pattern[str], set[int]] = {pattern: set() for pattern in _PATTERNS}
    backwards = ""
    floors: dict[re.Pattern[str], int] = {}  # how far back each pattern was looked at
    for start, _end, flags in sorted(hits):
        for number, pattern in enumerate(_PATTERNS):
            if not flags & (1 << number):
                continue
            if pattern not in _HELD:
                found[pattern].add(start)
                continue
            _words, run, first = _HELD[pattern]
            backwards = backwards or text[::-1]
            floor = floors.get(pattern, 0)
            begin = run_start(backwards, start, run, min(floor, start))
            found[pattern].update(m.start() for m in first.finditer(
                text, max(begin, floor), start + 1))
            floors[pattern] = max(floor, start + 1)
    return {pattern: sorted(starts) for pattern, starts in found.items()}


@dataclass(slots=True)
class _Found:
    """Accumulates mentions of one item while the text is scanned."""

    name: str
    kind: str | None
    first: int
    evidence: str
    mentions: int = 1
    role: str | None = None
    org: str | None = None
    confidence: str = "known"
    country: str | None = None
    extra: dict[str, str | None] = field(default_factory=dict)


def _evidence(index: SentenceIndex, offset: int) -> str:
    sentence = index.at(offset)
    return sentence.text if sentence else ""


def _add(bucket: dict[str, _Found], key: str, make: _Found) -> _Found:
    if key in bucket:
        bucket[key].mentions += 1
        return bucket[key]
    bucket[key] = make
    return make


class _Taken:
    """Stretches of text already claimed by a fact, to test new ones against in log time."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans: list[tuple[int, int]] = []
        ordered = sorted(spans)
        if any(start >= end for start, end in ordered):
            for start, end in ordered:
                self.add(start, end)
            return
        # What add() does, in one pass: taken in order and none empty, a stretch can overlap
        # only the last one kept, and it goes after it.
        kept = self.spans
        for start, end in ordered:
            if not kept or kept[-1][1] <= start:
                kept.append((start, end))

    def overlaps(self, start: int, end: int) -> bool:
        # The stretches do not overlap each other, so their ends are in order too: only the
        # last one starting before end can reach start.
        at = bisect_left(self.spans, (end, end)) - 1
        return at >= 0 and self.spans[at][1] > start

    def add(self, start: int, end: int) -> None:
        if not self.overlaps(start, end):
            insort(self.spans, (start, end))


def _between(matches: list[kbmod.Match], starts: list[int], begin: int,
             end: int) -> Iterator[kbmod.Match]:
    """The matches starting in [begin, end), last first; starts are the matches' starts."""
    for number in range(bisect_left(starts, end) - 1, bisect_left(starts, begin) - 1, -1):
        yield matches[number]


def _jurisdiction(matches: list[kbmod.Match], found: list[kbmod.Match],
                  kb: kbmod.KnowledgeBase) -> tuple[list[kbmod.Match], list[kbmod.Match]]:
    """Government bodies named generically ('Congress', 'Senate', 'Digitalministerium') are
    the knowledge base's only where the article speaks of their country; the others."""
    mentioned: set[str] | None = None  # worked out for the first generic body only
    kept: list[kbmod.Match] = []
    elsewhere: list[kbmod.Match] = []
    for match in matches:
        entry = match.entry
        country = kb.country_of(entry) if entry.kind == "government" else None
        if country and kbmod.generic(match.surface, entry):
            if mentioned is None:
                mentioned = {code for m in found if (code := _country_of_match(m, kb))}
            if country not in mentioned:
                elsewhere.append(match)
                continue
        kept.append(match)
    return kept, elsewhere


def _country_of_match(match: kbmod.Match, kb: kbmod.KnowledgeBase) -> str | None:
    if match.entry.kind == "country":
        return match.entry.code
    if match.entry.type == "place":
        return _place_country(match.entry.name)
    return None


@lru_cache(maxsize=4096)
def _place_country(name: str) -> str | None:
    """The country of the place a name stands for (a knowledge-base place's name)."""
    found = places.place(name)
    return found.country if found else None


def _known(matches: list[kbmod.Match], index: SentenceIndex,
           buckets: dict[str, dict[str, _Found]]) -> None:
    """The knowledge base's entries into the buckets of their types, counting mentions."""
    for match in matches:
        entry = match.entry
        bucket = buckets.get(entry.type)
        if bucket is None:
            continue
        key = kbmod.fold(entry.name)
        if key in bucket:
            bucket[key].mentions += 1
            continue
        found = _Found(entry.name, entry.kind, match.start, _evidence(index, match.start))
        if entry.type == "actor":
            found.role, found.org = entry.role, entry.org
        elif entry.type == "chip":
            found.extra = {"vendor": entry.vendor}
        else:
            found.extra = {"jurisdiction": entry.jurisdiction}
        bucket[key] = found


def _person(actors: dict[str, _Found], person: people.Person, index: SentenceIndex) -> None:
    """A person into the actors; a second mention adds a role or organisation if missing."""
    key = kbmod.fold(person.name)
    if key in actors:
        found = actors[key]
        found.role = found.role or person.role
        found.org = found.org or person.org
        return
    actors[key] = _Found(person.name, "person", person.start, _evidence(index, person.start),
                         0, role=person.role, org=person.org, confidence=person.confidence)


@cache
def _country_names(kb: kbmod.KnowledgeBase) -> dict[str, str]:
    return {e.code: e.name for e in kb.entries if e.code and e.kind == "country"}


def _country_name(kb: kbmod.KnowledgeBase, code: str | None) -> str | None:
    """The knowledge base's name of a country by its ISO code ('NA' -> 'Namibia')."""
    return _country_names(kb).get(code) if code else None


@lru_cache(maxsize=4096)
def _find_cached(kb: kbmod.KnowledgeBase, text: str) -> list[kbmod.Match]:
    # Through the shared vocabularies, so that the knowledge base need not build its own.
    lowered, cased = _keywords(kb, text)
    return kb.find(text, (lowered["kb"], cased["kb"]))


_WORD_RUN = re.compile(r"[\w-]+")
_WORD_RUN_CHAR = re.compile(r"[\w-]")


def _word_count(text: str, word: str) -> int:
    """How often word stands alone in text, as a whole run of word characters and hyphens."""
    if not _WORD_RUN.fullmatch(word):
        return 0
    count = 0
    at = text.find(word)
    while at >= 0:
        if not (at and _WORD_RUN_CHAR.match(text, at - 1)) and \
                not _WORD_RUN_CHAR.match(text, at + len(word)):
            count += 1
        at = text.find(word, at + 1)
    return count


def _surname_mentions(text: str, actors: dict[str, _Found]) -> None:
    for found in actors.values():
        if found.kind != "person":
            continue
        surname = found.name.split()[-1]
        alone = _word_count(text, surname) + _word_count(text, surname + "s")
        found.mentions = max(found.mentions, alone, text.count(found.name), 1)


def _amount_subject(span: MoneySpan, matches: list[kbmod.Match], starts: list[int],
                    sentence: Sentence | None) -> str | None:
    if sentence is None:
        return None
    for match in _between(matches, starts, sentence.start, span.start):
        if match.entry.type == "actor" and \
                match.entry.kind in ("organization", "government", "person"):
            return match.entry.name
    return None


def _amounts(text: str, language_: str, matches: list[kbmod.Match], index: SentenceIndex,
             tokens: list[Hit], cue_hits: list[Hit]) -> tuple[Amount, ...]:
    seen: set[tuple[str, int | float | None, int | float | None]] = set()
    out: list[Amount] = []
    starts = [m.start for m in matches]
    for span in amounts.find_amounts(text, language_, tokens=tokens, cue_hits=cue_hits):
        if abs(span.value) > MAX_AMOUNT:
            continue  # beyond any real budget in any currency: a run of digits, not money
        # The same sum said twice is one fact, the first mention kept: "4 Mrd." and "bis zu
        # 4 Mrd.", "$100 billion" and "more than $100 billion"; ranges and vague amounts are
        # the same only with the same bounds.
        key = ((span.currency, span.min, span.max) if span.shape in ("range", "vague")
               else (span.currency, span.value, None))
        if key in seen:
            continue
        seen.add(key)
        sentence = index.at(span.start)
        out.append(Amount(
            text=span.text, value=span.value, currency=span.currency, min=span.min,
            max=span.max, approximate=span.approximate,
            subject=_amount_subject(span, matches, starts, sentence),
            evidence=sentence.text if sentence else "",
        ))
    return tuple(out)


def _patterns(text: str, index: SentenceIndex, taken: _Taken,
              chips: dict[str, _Found], policy: dict[str, _Found],
              kb: kbmod.KnowledgeBase, starts: dict[re.Pattern[str], list[int]]) -> None:
    for match in finditer_at(NODE, text, starts[NODE]):
        if taken.overlaps(match.start(), match.end()):
            continue
        for node in (match.group(1), match.group(2)):
            if node:
                name = node + "nm"
                _add(chips, kbmod.fold(name), _Found(name, "process-node", match.start(),
                                                     _evidence(index, match.start()),
                                                     confidence="strong"))
        taken.add(match.start(), match.end())
    for pattern, make in (
        (EXEC_ORDER, lambda m: f"Executive Order {m.group(1)}"),
        (EU_ACT, lambda m: f"{'Regulation' if m.group(1) in ('Regulation', 'Verordnung') else 'Directive'} (EU) {m.group(3)}"),
        (DATED_RULE, lambda m: " ".join(m.group(1).split())),
        (AGREEMENT, lambda m: m.group(1)),
        (NAMED_ACT, lambda m: " ".join((m.group(1) or m.group(2)).split())),
    ):
        for match in finditer_at(pattern, text, starts[pattern]):
            if taken.overlaps(match.start(), match.end()):
                continue
            name = make(match)
            words = name.split()
            while words and words[0] in ACT_STOP:
                words.pop(0)
            name = " ".join(words)
            if len(name) < 5 or name.lower() in ("gesetz", "verordnung", "richtlinie"):
                continue
            entry = kb.lookup("policy", name)
            if entry is None:
                hits = _find_cached(kb, name)
                if hits and hits[0].entry.type == "policy" and hits[0].end - hits[0].start == len(name):
                    entry = hits[0].entry
            found = _Found(entry.name if entry else name, entry.kind if entry else None,
                           match.start(), _evidence(index, match.start()),
                           confidence="known" if entry else "strong",
                           extra={"jurisdiction": entry.jurisdiction if entry else None})
            _add(policy, kbmod.fold(found.name), found)
            taken.add(match.start(), match.end())


_NUMBER_AFTER = re.compile(r"\)\s*(?:Nr\.\s*|No\.?\s*)?\d")
_CLASS_AFTER = re.compile(r"(?:-Klasse|\s+class|-class)")
_NODE_BEFORE = re.compile(r"\d/$|\d-\s+(?:und|and|bis|to)\s+(?:im\s+)?$")
_PRODUCT_GAP = re.compile(r"[\s-]*(?:based\s+)?")


def _filter(matches: list[kbmod.Match], text: str) -> list[kbmod.Match]:
    """Drop matches that are parts of something else: US$ prices, chip families, classes."""
    kept: list[kbmod.Match] = []
    for number, match in enumerate(matches):
        entry = match.entry
        if entry.type == "place":
            continue
        if entry.type == "actor" and entry.kind in ("country", "government"):
            after = text[match.end:match.end + 12]
            if entry.kind == "country" and CURRENCY_AFTER.match(after):
                continue
            if TITLE_AFTER.match(after) or (text[match.start - 1:match.start] == "("
                                            and _NUMBER_AFTER.match(after)):
                continue  # "EU-Kommissarin X" is a title; "(EU) 2024/1689" is part of a number
        if entry.type == "chip":
            after = text[match.end:match.end + 12]
            if entry.kind in NOT_CHIPS:
                continue
            if entry.kind == "process-node" and (
                    _CLASS_AFTER.match(after)
                    or _NODE_BEFORE.search(text[max(0, match.start - 12):match.start])):
                continue
            following = matches[number + 1] if number + 1 < len(matches) else None
            if (following is not None and following.entry.type == "chip"
                    and following.start - match.end <= 8
                    and _PRODUCT_GAP.fullmatch(text[match.end:following.start])
                    and (entry.vendor or "") == (following.entry.vendor or "")):
                continue  # "Blackwell B200", "Blackwell-based GB200": the product, not the family
        kept.append(match)
    return kept


def _without_teasers(text: str, lines: list[str]) -> str:
    """text with its teaser lines blanked out; lines: its lines."""
    # A teaser starts a line: most articles have none, found by a match at each line start
    # instead of a search through all the text.
    at = 0
    for line in lines:
        if TEASER.match(text, at):
            return TEASER.sub(lambda m: " " * len(m.group(0)), text)
        at += len(line) + 1
    return text


def _sources(matches: list[kbmod.Match]) -> tuple[str, ...]:
    names: list[str] = []
    for match in matches:
        if match.entry.type == "media" and match.entry.name not in names:
            names.append(match.entry.name)
    return tuple(names)


@cache
def _tag_cues(kb: kbmod.KnowledgeBase) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Every tag cue with which tags it counts for, and how many cues each tag needs."""
    tags_of: dict[str, list[str]] = {}
    needed: dict[str, int] = {}
    for item in kb.data.get("tags") or ():
        name = str(item["name"])
        needed[name] = int(item.get("min", 2))
        for cue in item.get("cues") or ():
            tags_of.setdefault(str(cue).lower(), []).append(name)
    return tags_of, needed


_WORD_CHAR = re.compile(r"\w")


def _tags(lowered: str, hits: list[Hit], kb: kbmod.KnowledgeBase) -> tuple[str, ...]:
    """Tags whose cues occur often enough in the lowered text; hits: where the cues are."""
    tags_of, needed = _tag_cues(kb)
    longest: dict[int, int] = {}
    for start, end, _flags in hits:
        longest[start] = max(end, longest.get(start, end))
    # Cues count where a word starts, the longest first and none inside another.
    found: list[str] = []
    pos = 0
    for start in sorted(longest):
        if start < pos or (start and _WORD_CHAR.match(lowered, start - 1)):
            continue
        pos = longest[start]
        found += tags_of[lowered[start:pos]]
    counts = Counter(found)
    return tuple(sorted(tag for tag, count in counts.items() if count >= needed[tag]))


def _summary_facts(text: str, matches: list[kbmod.Match],
                   found: tuple[dict[str, _Found], ...],
                   money: tuple[Amount, ...]) -> list[tuple[int, str, float]]:
    """Where the facts are mentioned, for the summary: (offset, key, weight). An amount
    weighs most, a country (most articles name several in passing) least."""
    facts = [(m.start, _fact_key(m.entry.type, m.entry.name),
              0.5 if m.entry.kind == "country" else 1.0) for m in matches]
    for type_, bucket in zip(("actor", "chip", "policy"), found, strict=True):
        facts += [(f.first, f"{type_}:{key}", 0.5 if f.kind == "country" else 1.0)
                  for key, f in bucket.items()]
    for amount in money:
        at = text.find(amount.text)
        if at >= 0:
            facts.append((at, f"amount:{amount.currency}:{amount.value}", 2.0))
    return facts


@lru_cache(maxsize=65536)
def _fact_key(type_: str, name: str) -> str:
    return f"{type_}:{kbmod.fold(name)}"


def extract(
    text: str, *, source: Source, slug: str, kb: kbmod.KnowledgeBase | None = None,
) -> Brief:
    """The brief of one article: facts with evidence, title, date, summary and tags."""
    knowledge = kb or kbmod.default()
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    title, has_title = headline(lines)
    lang = language(text)
    date = publication_date(lines) if has_title else None
    items = sentences(text)
    index = SentenceIndex(items)
    lowered_hits, cased = _keywords(knowledge, text)
    rule_hits = (lowered_hits["rules"], cased["rules"])
    starts = _starts(text, cased["patterns"])
    lowered = lowercase(text)
    tag_hits = lowered_hits["tags"] if len(lowered) == len(text) else \
        _vocabularies(knowledge)[0].find(lowered)["tags"]  # a letter lowered to two
    # Teaser lines point to other articles; their names are not this article's facts.
    scan = _without_teasers(text, lines)
    if scan == text:
        found = knowledge.find(scan, (lowered_hits["kb"], cased["kb"]))
    else:
        scan_lowered, scan_cased = _keywords(knowledge, scan)
        found = knowledge.find(scan, (scan_lowered["kb"], scan_cased["kb"]))
    matches, elsewhere = _jurisdiction(_filter(found, scan), found, knowledge)

    candidates, matches = people.settle(
        [*rules.people(text, rule_hits), *people.reporters(scan, found)], matches, knowledge)
    body_begin = len(lines[0]) + 1 if has_title else 0
    open_world = names.find(scan, lang, items, begin=body_begin, context=names.Context(
        known=[(m.start, m.end, m.entry.kind or m.entry.type) for m in (*matches, *elsewhere)],
        places=[(m.start, m.end) for m in found
                if m.entry.type == "place" or m.entry.kind == "country"],
        people=[(c.start, c.end, c.confidence, c.name) for c in candidates]))
    matches = [m for m in matches if (m.start, m.end) not in open_world.inside]
    elsewhere = [m for m in elsewhere if (m.start, m.end) not in open_world.inside]
    candidates = [c for c in candidates if (c.start, c.end) not in open_world.overridden]

    actors: dict[str, _Found] = {}
    chips: dict[str, _Found] = {}
    policy: dict[str, _Found] = {}
    _known(matches, index, {"actor": actors, "chip": chips, "policy": policy})
    for person in people.resolve(text, knowledge, matches, candidates, open_world.names,
                                 lambda hint: _find_cached(knowledge, hint)):
        _person(actors, person, index)
    for name in open_world.names:
        bucket = policy if name.type == "policy" else actors
        key = kbmod.fold(name.name)
        if key in bucket:
            bucket[key].mentions += name.mentions
            continue
        bucket[key] = _Found(name.name, name.kind or None, name.start,
                             _evidence(index, name.start), name.mentions,
                             confidence=name.confidence,
                             country=_country_name(knowledge, name.country))
    for match in elsewhere:  # "Congress" in an article about Brazil: not the US Congress
        _add(actors, kbmod.fold(match.surface), _Found(
            match.surface, "government", match.start, _evidence(index, match.start),
            confidence="strong"))
    taken = _Taken((m.start, m.end) for m in matches)
    _surname_mentions(text, actors)
    _patterns(text, index, taken, chips, policy, knowledge, starts)

    money = _amounts(text, lang, matches, index, cased["amounts"],
                     lowered_hits["currency cues"])
    body_start = len(lines[0]) + 1 if has_title else 0
    if date is not None:
        for line in lines[1:6]:
            body_start += len(line) + 1
            if line.strip() and publication_date(["", line]) == date:
                break
    facts = _summary_facts(text, matches, (actors, chips, policy), money)
    return Brief(
        title=title,
        slug=slug,
        language=lang,
        date=date,
        source=source,
        summary=summary(items, body_start, facts, title),
        sources=_sources(matches),
        actors=tuple(
            Actor(name=f.name, kind=f.kind or "organization", role=f.role, org=f.org,
                  country=f.country, mentions=f.mentions, evidence=f.evidence,
                  confidence=f.confidence)
            for f in sorted(actors.values(), key=lambda f: f.first)
        ),
        amounts=money,
        chips=tuple(
            Chip(name=f.name, vendor=f.extra.get("vendor"), kind=f.kind, evidence=f.evidence,
                 confidence=f.confidence)
            for f in sorted(chips.values(), key=lambda f: f.first)
        ),
        policy=tuple(
            Policy(name=f.name, kind=f.kind, jurisdiction=f.extra.get("jurisdiction"),
                   evidence=f.evidence, confidence=f.confidence)
            for f in sorted(policy.values(), key=lambda f: f.first)
        ),
        tags=_tags(lowered, tag_hits, knowledge),
        body=text.strip("\n") + "\n",
    )
