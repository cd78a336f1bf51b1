"""Rules for people the knowledge base does not know: by a role, a title or a given name.

Every find here returns candidates with a confidence; the caller folds them with the
knowledge-base matches. A statistical recogniser could plug in beside these rules by
returning the same Candidate objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

import yaml

from .. import lemmas
from .scan import Hit, Vocabulary, finditer_at, lower, run_start


class Candidate(NamedTuple):
    """An entity found by a rule: where, what, and how sure."""

    start: int
    end: int
    name: str
    type: str  # actor | chip | policy
    kind: str | None
    confidence: str  # strong | weak (see models.CONFIDENCE)
    role: str | None = None
    org_hint: str | None = None
    role_span: tuple[int, int] | None = None  # where the role stands, to find its organisation


@dataclass(frozen=True)
class Lexicon:
    """Role words, first names and organisation cues (generator/data/kb/roles.yaml)."""

    roles_en: tuple[str, ...]
    roles_de_suffix: tuple[str, ...]
    role_map: dict[str, str]
    first_names: frozenset[str]
    particles: frozenset[str]
    stop_names: frozenset[str]
    people_cues: tuple[str, ...]  # lower case: "angels like", "Business Angels wie"
    portfolio_roles: frozenset[str]  # "Minister": the words before it are its portfolio


@cache
def lexicon() -> Lexicon:
    """The rule lexicon, loaded once."""
    ref = resources.files("generator").joinpath("data/kb/roles.yaml")
    data = yaml.load(ref.read_text("utf-8"),  # libyaml's loader when present: faster
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    names_ref = resources.files("generator").joinpath("data/kb/first_names.txt")
    first = set()
    if names_ref.is_file():
        first = {line.strip() for line in names_ref.read_text("utf-8").splitlines()
                 if line.strip() and not line.startswith("#")}
    first |= set(data.get("first_names") or ())
    return Lexicon(
        roles_en=tuple(sorted(data.get("roles_en") or (), key=len, reverse=True)),
        roles_de_suffix=tuple(sorted(data.get("roles_de_suffix") or (), key=len, reverse=True)),
        role_map={str(k).lower(): str(v) for k, v in (data.get("role_map") or {}).items()},
        first_names=frozenset(first),
        particles=frozenset(data.get("particles") or ()),
        stop_names=frozenset(data.get("stop_names") or ()),
        people_cues=tuple(sorted({str(c).lower() for c in data.get("people_cues") or ()})),
        portfolio_roles=frozenset(data.get("portfolio_roles") or ()),
    )


# Every capital of the Latin scripts: "Åkesson", "Øverland", "Łukasz", "Şahin".
_UPPER = "".join(re.escape(chr(c)) for c in range(0x250) if chr(c).isupper())
_TOKEN = rf"(?:[{_UPPER}]\.(?:\s?[{_UPPER}]\.)*|[{_UPPER}][\w'’]*(?:-[{_UPPER}]?[\w'’]+)*)"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    particles = "|".join(sorted(lex.particles, key=len, reverse=True)) or "von"
    name = rf"(?P<name>{_TOKEN}(?:\s+(?:(?:{particles})\s+)*{_TOKEN}){{1,5}})"
    roles_en = "|".join(re.escape(r) for r in lex.roles_en)
    lowered = "|".join(sorted(ROLE_MODIFIERS, key=len, reverse=True))
    modifier = rf"(?:(?:[{_UPPER}][\w.-]*|{lowered}|für|des|der)\s+){{0,4}}"
    appos_role = rf"(?P<role>(?:its|his|her|an?|the\s+company's|the\s+firm's|{_TOKEN}'s)?\s*(?:{modifier}(?:{roles_en})(?:\s+of\s+[\w\s]{{2,40}}?)?))"
    return {
        # A cheap scan for any word before a capitalised one; role words are checked in Python.
        "role_word": re.compile(rf"(?<![\w.'’-])(?P<word>[\w.'’-]+)(?P<of>\s+(?:of|for))?\s+(?=[{_UPPER}])"),
        "name_at": re.compile(name),
        "name_role": re.compile(rf"(?<![\w'’]){name},\s+{appos_role}\b"),
        # The comma and role of name_role: a name holds no comma, so its match ends there.
        "apposition": re.compile(rf",\s+{appos_role}\b"),
        # A lookahead, so that "Auch Peter Norwood" is tried again at "Peter".
        "first": re.compile(
            rf"(?<![\w-])(?=(?P<first>[{_UPPER}][\w-]+)\s+(?P<last>(?:(?:{particles})\s+)*{_TOKEN}(?:\s+(?:(?:{particles})\s+)*{_TOKEN}){{0,3}}))"),
    }


# Where the rule patterns can start. Each pattern is tried only there (see scan.py); every
# set below holds all starts of real matches, so the matches are those of a full scan.
_NAME_START = re.compile(rf"(?<![\w'’])[{_UPPER}]")
_ROLE_TOKEN_REV = re.compile(r"[\w.'’-]*")  # a role word, read backwards
_NAME_RUN_REV = re.compile(r"[\w'’.\s-]*")  # what a name can hold, read backwards
_TOKEN_CHAR = re.compile(r"[\w.'’-]")
_NAME_CHAR = re.compile(r"[\w-]")
_WORD_CHAR = re.compile(r"\w")
_ROLE, _FIRST_NAME, _TITLE, _PEOPLE_CUE = 1, 2, 4, 8  # flags of the keywords below


@cache
def lowered_keywords() -> tuple[tuple[str, int], ...]:
    """Role words and German role endings, and the cues of lists of people, to find in
    lower case."""
    english, german = _role_words()
    return (*((w.lower(), _ROLE) for w in (*english, *german)),
            *((cue, _PEOPLE_CUE) for cue in lexicon().people_cues))


@cache
def cased_keywords() -> tuple[tuple[str, int], ...]:
    """Given names and the titles of _titles(), to find as written."""
    return (*((n, _FIRST_NAME) for n in sorted(lexicon().first_names)),
            *((t, _TITLE) for t in _title_words()))


@cache
def _vocabularies() -> tuple[Vocabulary, Vocabulary]:
    """The keywords of the rules alone, for people() without hits."""
    return Vocabulary({"lowered": lowered_keywords()}), Vocabulary({"cased": cased_keywords()})


Hits = tuple[list[Hit], list[Hit]]  # keywords found in the lowered text, and in the text


def _keyword_hits(text: str) -> Hits:
    """The rule keywords in text, found in lower case and as written."""
    lowered, cased = _vocabularies()
    return lowered.find(lower(text))["lowered"], cased.find(text)["cased"]


def _role_word_starts(text: str, hits: list[Hit]) -> list[int]:
    """Starts of the words that can be role words: those ending in a role keyword."""
    starts: set[int] = set()
    backwards = ""
    for start, end, flags in hits:
        if not flags & _ROLE or _TOKEN_CHAR.match(text, end):
            continue
        backwards = backwards or text[::-1]
        starts.add(run_start(backwards, start, _ROLE_TOKEN_REV))
    return sorted(starts)


def _apposition_starts(text: str) -> list[int]:
    """Where "Name, role" can start: capitals before a comma that a role follows."""
    starts: list[int] = []
    backwards = ""
    floor = 0
    for comma in _patterns()["apposition"].finditer(text):
        backwards = backwards or text[::-1]
        begin = run_start(backwards, comma.start(), _NAME_RUN_REV, min(floor, comma.start()))
        starts += [m.start() for m in _NAME_START.finditer(text, max(begin, floor),
                                                           comma.start())]
        floor = max(floor, comma.start())
    return starts


def _first_name_starts(text: str, hits: list[Hit]) -> list[int]:
    """Starts of whole words that are given names."""
    starts = {start for start, end, flags in hits
              if flags & _FIRST_NAME and not (start and _NAME_CHAR.match(text, start - 1))}
    return sorted(starts)


def _known_word(token: str) -> bool:
    """Whether a capitalised token is an ordinary German or English word."""
    return bool(lemmas.is_known(token, "de") or lemmas.is_known(token, "en")
                or lemmas.is_known(token.lower(), "en"))


_INITIALS = re.compile(r"(?:[A-Z]\.\s?)+")
_POSSESSIVE = re.compile(r"['’]s?$")
# The last word before blanks (and a line end), read backwards: r"([\w.'’-]+)[ \t]+$".
_TOKEN_BEFORE = re.compile(r"\n?[ \t]+([\w.'’-]+)")
_PREFIXED = re.compile(r"^[\w.]+-\w")
_PREFIXED_ROLE = re.compile(r"^[\w.]+-[A-ZÄÖÜa-zäöü]")
_POSSESSIVE_ROLE = re.compile(r"^(its|his|her|an?|the company's|the firm's)\s+")


def _is_initials(token: str) -> bool:
    return bool(_INITIALS.fullmatch(token))


def first_name(token: str, lex: Lexicon) -> bool:
    """A given name, or given names joined by a hyphen ('Lea-Sophie')."""
    return token in lex.first_names or (
        "-" in token and all(part in lex.first_names for part in token.split("-")))


def pick_name(tokens: list[str], lex: Lexicon, anchored: bool = False,
              given_first: bool = True) -> tuple[int, list[str]]:
    """Where a person's name starts among tokens, and its words (empty if none).

    given_first: the name starts at its first given name, if any; a name after a role that
    starts with a given name the lexicon lacks is tried from its first token too ('President
    Barb Lewis', where only 'Lewis' is listed)."""
    start = 0
    for index, token in enumerate(tokens):
        if not given_first:
            break
        if first_name(token, lex) or _is_initials(token):
            start = index
            break
    else:
        if anchored:
            return 0, []
    words: list[str] = []
    given = 0  # leading given names: "Luiz Inácio Lula da Silva" has two
    for position in range(start, len(tokens)):
        raw = tokens[position]
        token = _POSSESSIVE.sub("", raw)
        if token != raw:
            words.append(token)
            break
        if token in lex.stop_names and token.lower() not in lex.particles:
            break
        if token.lower() in lex.particles:
            if token in _ARTICLES and not (words and words[-1].lower() in lex.particles):
                break  # "von der Leyen", but "Leiter Wärmedienste der Firma": an article
            words.append(token)
            continue
        if words and words[-1].lower() in lex.particles:
            if _institution(token):
                break  # "Peter Norwood von der Organisation": a preposition, not a particle
            words.append(token)  # a particle binds the name after it: "dos Santos"
            continue
        surnames = [w for number, w in enumerate(words) if w.lower() not in lex.particles
                    and not (number and words[number - 1].lower() in lex.particles)]
        if given == len(surnames) and (not words or first_name(token, lex)):
            given += 1
        limit = 2 + min(given, 2) - 1
        # Two given names and a last word the name cannot run on from: "Lee Ting Han"
        closing = given >= 2 and position == len(tokens) - 1 and not _institution(token)
        if len(surnames) >= 2 and (len(surnames) >= limit + 1
                                   or (_known_word(token) and not closing)):
            break
        words.append(token)
    while words and words[-1].lower() in lex.particles:
        words.pop()
    real = [w for w in words if w.lower() not in lex.particles]
    if len(real) < 2:
        if start > 0 and not anchored:
            return pick_name(tokens, lex, given_first=False)
        return start, []
    return start, words


_ARTICLES = frozenset({"der", "den", "des", "dem"})


@lru_cache(maxsize=4096)
def _institution(token: str) -> bool:
    """A word that names an institution, so no surname: 'Institut', 'Organisation'."""
    from . import words

    lex = words.lexicon()
    return token in lex.descriptors or token in lex.prefix_heads or token in lex.heads


@lru_cache(maxsize=4096)
def _pick(tokens: tuple[str, ...], anchored: bool = False, given_first: bool = True
          ) -> tuple[int, tuple[str, ...]]:
    """pick_name with the rule lexicon, remembered: the same names recur in an article."""
    start, words = pick_name(list(tokens), lexicon(), anchored, given_first)
    return start, tuple(words)


_BLANKS = re.compile(r"\s+")
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|und\s+)?|\s+(?:and|und|sowie)\s+)")


def _listed_people(text: str, at: int, lex: Lexicon, name_at: re.Pattern[str]
                   ) -> list[Candidate]:
    """The people a cue lists: 'angels like Dilesh Gathani, Shireen Rangaswamy and ...'."""
    out: list[Candidate] = []
    gap = _BLANKS.match(text, at)
    while gap is not None:
        window = name_at.match(text, gap.end())
        if window is None:
            break
        tokens = window.group("name").split()
        _start, words = _pick(tuple(tokens), given_first=False)
        if len(words) != len(tokens) or len(tokens) > 3 or any(
                _institution(w) or w in lex.stop_names for w in tokens):
            break  # the list goes on with no person's name: it ends here
        name = " ".join(words)
        out.append(Candidate(window.start(), window.start() + len(name), name, "actor",
                             "person", "strong"))
        gap = _LIST_GAP.match(text, window.end())
    return out


# ", (eine) Analystin bei ...": a German role after a name and a comma, then whose it is
_ROLE_DE = re.compile(rf",\s+(?:(?:ein|eine|der|die)\s+)?(?P<role>[{_UPPER}][\w-]*)"
                      r"(?=\s+(?:bei|beim|von|vom|der|des|im|am)\s)")
_NAME_BEFORE = re.compile(rf"(?<![\w'’]){_TOKEN}(?:\s+{_TOKEN}){{1,3}}$")


def _german_appositions(text: str, lex: Lexicon) -> list[Candidate]:
    """'Anna Krüger, Analystin bei der Deutschen Bank,': the person and her role."""
    out: list[Candidate] = []
    english, _german = _role_words()
    for match in _ROLE_DE.finditer(text):
        role = match.group("role")
        if not (_is_role_word(role, lex) or role.lower() in english):
            continue
        before = _NAME_BEFORE.search(text, max(0, match.start() - 80), match.start())
        if before is None:
            continue
        tokens = before.group().split()
        _start, words = _pick(tuple(tokens))
        if not words or words[-1] != tokens[-1]:
            continue  # the name must end at the comma
        name = " ".join(words)
        start = text.rfind(name, before.start(), match.start())
        if start < 0:
            continue
        out.append(Candidate(start, start + len(name), name, "actor", "person", "strong",
                             role=_role_text(role),
                             role_span=(match.start("role"), match.end("role"))))
    return out


ROLE_MODIFIERS = {"and", "of", "for", "the", "chief", "vice", "senior", "executive", "deputy",
                  "general", "global", "managing", "former", "acting", "interim", "co"}


@cache
def _role_words() -> tuple[frozenset[str], tuple[str, ...]]:
    lex = lexicon()
    english = frozenset(r.split()[-1] for r in lex.roles_en)
    german = tuple(s.lower() for s in lex.roles_de_suffix)
    return english, german


def _is_role_word(word: str, lex: Lexicon) -> bool:
    """A role such as 'CEO', 'Secretary', 'Nvidia-Chef' or 'Bundeskanzlerin'."""
    english, german = _role_words()
    if word in english:
        return True
    lowered = word.lower()
    return word[:1].isupper() and lowered.endswith(german) and not lowered.endswith("halbleiter")


def _modifiers_start(text: str, end: int, lex: Lexicon) -> int:
    """Start of the words qualifying a role: 'Commerce' in 'Commerce Secretary'."""
    start = end
    for _ in range(4):
        found = _TOKEN_BEFORE.match(text[max(0, start - 40):start][::-1])
        if not found:
            break
        token = found.group(1)[::-1]
        if token in lex.stop_names or not (token[:1].isupper() or token.lower() in ROLE_MODIFIERS):
            break
        start -= found.end()
    return start


def _clean_name(raw: str) -> str | None:
    _start, words = _pick(tuple(raw.split()))
    return " ".join(words) if words else None


@lru_cache(maxsize=4096)
def _role_text(raw: str) -> str:
    lex = lexicon()
    raw = " ".join(raw.split())
    base = raw.split("-", 1)[1] if _PREFIXED_ROLE.match(raw) else raw
    lowered = base.lower()
    for key, value in lex.role_map.items():
        if lowered.endswith(key):
            return value
    return base


@cache
def _title_words() -> tuple[str, ...]:
    """The titles written with a dot before a name, longest first."""
    from . import words

    return tuple(sorted((t for t in words.lexicon().titles if t[:1].isupper() and len(t) <= 5),
                        key=len, reverse=True))


def _title_starts(hits: list[Hit]) -> list[int]:
    """Where _titles() can match: at a title found as written."""
    return sorted({start for start, _end, flags in hits if flags & _TITLE})


@cache
def _titles() -> re.Pattern[str]:
    """A title with its dot before a name: 'Col. Rain Kaskemaa', 'Prof. Dr. Reto Andermatt'."""
    title = "|".join(re.escape(t) for t in _title_words())
    particles = "|".join(sorted(lexicon().particles, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w.])(?:{title})\.\s+(?:(?:{title})\.\s+){{0,2}}"
        rf"(?P<name>{_TOKEN}(?:\s+(?:(?:{particles})\s+)*{_TOKEN}){{1,4}})")


def people(text: str, hits: Hits | None = None) -> list[Candidate]:
    """People introduced with a role (before or after the name) or by a known first name."""
    # hits: the lowered_keywords() in lower(text) and the cased_keywords() in text, when a
    # pass shared with other stages has found them already.
    lex = lexicon()
    pats = _patterns()
    out: list[Candidate] = []
    lowered, cased = hits or _keyword_hits(text)
    # A role_word match never holds the start of a role word other than its own, so trying
    # the pattern at role words only finds the same role words as scanning every word.
    for match in finditer_at(pats["role_word"], text, _role_word_starts(text, lowered)):
        word = match.group("word")
        if not _is_role_word(word, lex):
            continue
        window = pats["name_at"].match(text, match.end())
        if window is None:
            continue
        tokens = window.group("name").split()
        start_index, words = _pick(tuple(tokens))
        if not words:
            continue
        role_start = _modifiers_start(text, match.start(), lex)
        role_raw = " ".join([text[role_start:match.end()].strip(), *tokens[:start_index]])
        prefix = word.split("-", 1)[0] if _PREFIXED.match(word) else None
        name = " ".join(words)
        start = text.find(name, window.start())
        if start < 0:
            continue
        out.append(Candidate(start, start + len(name), name, "actor", "person", "strong",
                             role=_role_text(role_raw),
                             org_hint=prefix, role_span=(role_start, match.end())))
    for match in finditer_at(pats["name_role"], text, _apposition_starts(text)):
        cleaned = _clean_name(match.group("name"))
        if not cleaned:
            continue
        name = cleaned
        role = " ".join(match.group("role").split())
        role = _POSSESSIVE_ROLE.sub("", role)
        start = text.find(name, match.start("name"))
        if start < 0:
            continue
        out.append(Candidate(start, start + len(name), name, "actor", "person", "strong",
                             role=role, role_span=(match.start("role"), match.end("role"))))
    out.extend(_german_appositions(text, lex))
    for match in finditer_at(_titles(), text, _title_starts(cased)):
        tokens = match.group("name").split()
        _s, words = _pick(tuple(tokens))
        if not words or words[0] != tokens[0]:
            continue
        name = " ".join(words)
        start = match.start("name")
        out.append(Candidate(start, start + len(name), name, "actor", "person", "strong"))
    for start, end, flags in lowered:
        if flags & _PEOPLE_CUE and not _WORD_CHAR.match(text, end) \
                and not (start and _WORD_CHAR.match(text, start - 1)):
            out.extend(_listed_people(text, end, lex, pats["name_at"]))
    # "first" only looks ahead, so a full scan would find it at every position where it holds.
    for at in _first_name_starts(text, cased):
        ahead = pats["first"].match(text, at)
        if ahead is None or not first_name(ahead.group("first"), lex):
            continue
        tokens = [ahead.group("first"), *ahead.group("last").split()]
        _s, words = _pick(tuple(tokens), anchored=True)
        if not words:
            continue
        name = " ".join(words)
        start = ahead.start("first")
        out.append(Candidate(start, start + len(name), name, "actor", "person", "weak"))
    return out
