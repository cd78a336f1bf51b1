"""People found by rules, settled against the knowledge base, with the organisation of their role.

The rules (rules.people) propose names with a role, a title or a given name; here one name
is kept per stretch of text, a known person is told apart from a new one, and a role's
organisation is read from the role's own clause ("Nvidia CEO", "Cerrado's chief executive",
"executive secretary at the MDIC", "Geschäftsführer der SWW"), never from the nearest
company the sentence happens to name.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import NamedTuple

from .. import kb as kbmod
from . import rules
from .names import Name

_ROLE_LINK = re.compile(
    r"\s*(?:of|at|for|with|bei|der|des|von|vom|im|in|beim)\s+(?:the\s+|die\s+|der\s+|des\s+|"
    r"dem\s+|den\s+)?")
_CLAUSE_END = re.compile(r"[,;.:!?()\n]")


class Person(NamedTuple):
    """A person of the article: the knowledge base's name if it knows them."""

    name: str
    start: int
    role: str | None
    org: str | None
    confidence: str  # known | strong | weak


_OUTLET_NAME = re.compile(r"['’]s?\s+((?:[A-ZÀ-Þ][\w'’-]+\s+){1,2}[A-ZÀ-Þ][\w'’-]+)")


def reporters(text: str, found: Sequence[kbmod.Match]) -> list[rules.Candidate]:
    """A name after an outlet's possessive is a person: "the Guardian's Ana Ruiz"."""
    out: list[rules.Candidate] = []
    for match in found:
        if match.entry.type != "media":
            continue
        after = _OUTLET_NAME.match(text, match.end)
        if after is None:
            continue
        _start, words = rules._pick(tuple(after.group(1).split()))
        if words and after.group(1).startswith(words[0]):
            name = " ".join(words)
            out.append(rules.Candidate(after.start(1), after.start(1) + len(name), name,
                                       "actor", "person", "strong"))
    return out


def settle(candidates: Sequence[rules.Candidate], matches: Sequence[kbmod.Match],
           kb: kbmod.KnowledgeBase) -> tuple[list[rules.Candidate], list[kbmod.Match]]:
    """People found by rules, one per stretch of text, and the KB matches they replace.

    A longer name wins over a shorter one at the same place ("Luiz Inácio Lula da Silva"
    over "Inácio Lula"); a person whose surname is a known company keeps the name
    ("Matthias zur Linde" is not Linde).
    """
    lex = rules.lexicon()
    kept: list[rules.Candidate] = []
    replaced: set[tuple[int, int]] = set()
    ordered = sorted(matches, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    reach = -1  # the end of the names kept so far: candidates come in order of their start
    for cand in sorted(candidates, key=lambda c: (c.start, c.confidence != "strong", -c.end)):
        if cand.start < reach:
            continue
        # Matches do not overlap each other: those inside start at most a name before it.
        inside = [m for m in ordered[max(0, bisect_left(starts, cand.start) - 1):
                                     bisect_left(starts, cand.end)]
                  if m.start < cand.end and cand.start < m.end
                  and not (m.entry.type == "actor" and m.entry.kind == "person")]
        first = cand.name.split()[0]
        if inside and rules.first_name(first, lex) and all(
                m.start > cand.start and m.end <= cand.end for m in inside) \
                and kb.lookup("actor", first) is None:
            replaced.update((m.start, m.end) for m in inside)
        kept.append(cand)
        reach = max(reach, cand.end)
    return kept, [m for m in matches if (m.start, m.end) not in replaced]


def resolve(text: str, kb: kbmod.KnowledgeBase, matches: Sequence[kbmod.Match],
            candidates: Sequence[rules.Candidate], open_world: Sequence[Name],
            find: Callable[[str], list[kbmod.Match]]) -> list[Person]:
    """The people among the candidates, with their roles' organisations; find looks a
    name up in the knowledge base ('Nvidia' of 'Nvidia-Chef')."""
    others = [m for m in matches if not (m.entry.type == "actor" and m.entry.kind == "person")]
    known = [m for m in matches if m.entry.type == "actor" and m.entry.kind == "person"]
    other_ends = [m.end for m in others]
    known_ends = [m.end for m in known]
    orgs = sorted([(m.start, m.end, m.entry.name) for m in others
                   if m.entry.kind in ("organization", "government")]
                  + [(n.start, n.end, n.name) for n in open_world if n.type == "actor"])
    forms = {form.casefold(): n.name for n in open_world if n.type == "actor"
             for form in (n.name, *n.aliases)}
    out: list[Person] = []
    for cand in candidates:
        entry = kb.lookup("actor", cand.name)
        if entry is None:
            # "Elon Musks KI-Firma": the knowledge base already matched this person here.
            same = _overlapping(cand.start, cand.end, known, known_ends)
            entry = same.entry if same is not None else None
        if entry is None and _overlapping(cand.start, cand.end, others, other_ends) is not None:
            continue
        if entry is None and kb.lookup("actor", cand.name.split()[0]):
            continue
        org = role_org(text, cand, orgs, forms) if cand.role or cand.org_hint else None
        if org is None and cand.org_hint:
            hint = find(cand.org_hint)
            org = hint[0].entry.name if hint else None
        out.append(Person(entry.name if entry else cand.name, cand.start, cand.role,
                          org or (entry.org if entry else None),
                          "known" if entry else cand.confidence))
    return out


def _overlapping(start: int, end: int, matches: Sequence[kbmod.Match], ends: list[int]
                 ) -> kbmod.Match | None:
    """The first of the matches (in order, not overlapping each other) that overlaps
    [start, end), if any; ends: the matches' ends."""
    at = bisect_right(ends, start)
    return matches[at] if at < len(matches) and matches[at].start < end else None


def role_org(text: str, cand: rules.Candidate, orgs: Sequence[tuple[int, int, str]],
             forms: dict[str, str]) -> str | None:
    """The organisation a role belongs to, from the role's own clause: 'Nvidia CEO',
    'Cerrado's chief executive', 'executive secretary at the MDIC', 'Chef der SWW'."""
    if cand.org_hint:
        hinted = forms.get(cand.org_hint.casefold())
        if hinted:
            return hinted
    if cand.role_span is None:
        return None
    begin, end = cand.role_span
    for start, stop, name in orgs:
        if begin <= start and stop <= end and not (cand.start <= start < cand.end):
            return name  # inside the role: "Nvidia CEO", "Cerrado's chief executive"
    link = _ROLE_LINK.match(text, end)
    if link is None:
        return None
    after = link.end()
    for start, _stop, name in orgs:
        if start == after:
            return name
    clause = _CLAUSE_END.search(text, after)
    words = text[after:clause.start() if clause else len(text)].casefold()
    for form, name in sorted(forms.items(), key=lambda item: -len(item[0])):
        if words.startswith(form) and (len(words) == len(form) or not words[len(form)].isalnum()):
            return name
    return None
