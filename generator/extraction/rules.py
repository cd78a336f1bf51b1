"""Rules for what the knowledge base does not know: people by role, organisations by form.

Every find here returns candidates with a confidence; the caller folds them with the
knowledge-base matches. A statistical recogniser could plug in beside these rules by
returning the same Candidate objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

KEEP_FORMS = {"Corp", "Corporation", "Holdings", "Co"}


@dataclass(frozen=True)
class Candidate:
    """An entity found by a rule: where, what, and how sure."""

    start: int
    end: int
    name: str
    type: str  # actor | chip | policy
    kind: str | None
    confidence: float
    role: str | None = None
    org_hint: str | None = None


@dataclass(frozen=True)
class Lexicon:
    """Role words, first names and organisation cues (generator/data/kb/roles.yaml)."""

    roles_en: tuple[str, ...]
    roles_de_suffix: tuple[str, ...]
    role_map: dict[str, str]
    first_names: frozenset[str]
    org_cues: tuple[str, ...]
    gov_words: tuple[str, ...]
    legal_forms: tuple[str, ...]
    particles: frozenset[str]
    stop_names: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """The rule lexicon, loaded once."""
    ref = resources.files("generator").joinpath("data/kb/roles.yaml")
    data = yaml.safe_load(ref.read_text("utf-8")) or {}
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
        org_cues=tuple(sorted(data.get("org_cues") or (), key=len, reverse=True)),
        gov_words=tuple(data.get("gov_words") or ()),
        legal_forms=tuple(sorted(data.get("legal_forms") or (), key=len, reverse=True)),
        particles=frozenset(data.get("particles") or ()),
        stop_names=frozenset(data.get("stop_names") or ()),
    )


_UPPER = "A-ZÄÖÜÉÈÁÀÂÇŞȘȚŁŚŻŹĆŃÓ"
_TOKEN = rf"(?:[{_UPPER}]\.(?:\s?[{_UPPER}]\.)*|[{_UPPER}][\w'’]*(?:-[{_UPPER}]?[\w'’]+)*)"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    particles = "|".join(sorted(lex.particles, key=len, reverse=True)) or "von"
    name = rf"(?P<name>{_TOKEN}(?:\s+(?:(?:{particles})\s+)*{_TOKEN}){{1,5}})"
    roles_en = "|".join(re.escape(r) for r in lex.roles_en)
    modifier = rf"(?:(?:[{_UPPER}][\w.-]*|and|of|for|the|für|des|der)\s+){{0,4}}"
    appos_role = rf"(?P<role>(?:its|his|her|the\s+company's|the\s+firm's|{_TOKEN}'s)?\s*(?:{modifier}(?:{roles_en})(?:\s+of\s+[\w\s]{{2,40}}?)?))"
    legal = "|".join(re.escape(f) for f in lex.legal_forms)
    cues = "|".join(
        f"[{re.escape(c[0].upper())}{re.escape(c[0].lower())}]{re.escape(c[1:])}" for c in lex.org_cues)
    org_name = rf"(?P<name>{_TOKEN}(?:\s+{_TOKEN}){{0,3}})"
    return {
        # A cheap scan for any word before a capitalised one; role words are checked in Python.
        "role_word": re.compile(rf"(?<![\w.'’-])(?P<word>[\w.'’-]+)(?P<of>\s+(?:of|for))?\s+(?=[{_UPPER}])"),
        "name_at": re.compile(name),
        "name_role": re.compile(rf"(?<![\w'’]){name},\s+{appos_role}\b"),
        "legal": re.compile(rf"(?<![\w'’])(?P<name>{_TOKEN}(?:\s+(?:&\s+)?{_TOKEN}){{0,4}})\s+(?P<form>{legal})(?![\w])"),
        "cue": re.compile(rf"\b(?:{cues})\s+{org_name}"),
        # A lookahead, so that "Auch Peter Norwood" is tried again at "Peter".
        "first": re.compile(
            rf"(?<![\w])(?=(?P<first>[{_UPPER}][\w-]+)\s+(?P<last>(?:(?:{particles})\s+)*{_TOKEN}))"),
    }


def _known_word(token: str) -> bool:
    """Whether a capitalised token is an ordinary German or English word."""
    import simplemma

    return bool(simplemma.is_known(token, lang="de") or simplemma.is_known(token, lang="en")
                or simplemma.is_known(token.lower(), lang="en"))


def _is_initials(token: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]\.\s?)+", token))


def pick_name(tokens: list[str], lex: Lexicon, anchored: bool = False) -> tuple[int, list[str]]:
    """Where a person's name starts among tokens, and its words (empty if none)."""
    start = 0
    for index, token in enumerate(tokens):
        if token in lex.first_names or _is_initials(token):
            start = index
            break
    else:
        if anchored:
            return 0, []
    words: list[str] = []
    for raw in tokens[start:]:
        token = re.sub(r"['’]s?$", "", raw)
        if token != raw:
            words.append(token)
            break
        if token in lex.stop_names and token.lower() not in lex.particles:
            break
        if token.lower() in lex.particles:
            words.append(token)
            continue
        surnames = [w for w in words if w.lower() not in lex.particles]
        if len(surnames) >= 2 and (len(surnames) >= 3 or _known_word(token)):
            break
        words.append(token)
    while words and words[-1].lower() in lex.particles:
        words.pop()
    real = [w for w in words if w.lower() not in lex.particles]
    if len(real) < 2:
        return start, []
    return start, words


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
        found = re.search(r"([\w.'’-]+)[ \t]+$", text[max(0, start - 40):start])
        if not found:
            break
        token = found.group(1)
        if token in lex.stop_names or not (token[:1].isupper() or token.lower() in ROLE_MODIFIERS):
            break
        start -= len(text[max(0, start - 40):start]) - found.start()
    return start


def _clean_name(raw: str, lex: Lexicon) -> str | None:
    _start, words = pick_name(raw.split(), lex)
    return " ".join(words) if words else None


def _role_text(raw: str, lex: Lexicon) -> str:
    raw = " ".join(raw.split())
    base = raw.split("-", 1)[1] if re.match(r"^[\w.]+-[A-ZÄÖÜa-zäöü]", raw) else raw
    for key, value in lex.role_map.items():
        if base.lower().endswith(key):
            return value
    return base


def people(text: str) -> list[Candidate]:
    """People introduced with a role (before or after the name) or by a known first name."""
    lex = lexicon()
    pats = _patterns()
    out: list[Candidate] = []
    for match in pats["role_word"].finditer(text):
        word = match.group("word")
        if not _is_role_word(word, lex):
            continue
        window = pats["name_at"].match(text, match.end())
        if window is None:
            continue
        tokens = window.group("name").split()
        start_index, words = pick_name(tokens, lex)
        if not words:
            continue
        role_start = _modifiers_start(text, match.start(), lex)
        role_raw = " ".join([text[role_start:match.end()].strip(), *tokens[:start_index]])
        prefix = word.split("-", 1)[0] if re.match(r"^[\w.]+-\w", word) else None
        name = " ".join(words)
        start = text.find(name, window.start())
        if start < 0:
            continue
        out.append(Candidate(start, start + len(name), name, "actor", "person", 0.8,
                             role=_role_text(role_raw, lex),
                             org_hint=prefix))
    for match in pats["name_role"].finditer(text):
        cleaned = _clean_name(match.group("name"), lex)
        if not cleaned:
            continue
        name = cleaned
        role = " ".join(match.group("role").split())
        role = re.sub(r"^(its|his|her|the company's|the firm's)\s+", "", role)
        start = text.find(name, match.start("name"))
        if start < 0:
            continue
        out.append(Candidate(start, start + len(name), name, "actor", "person", 0.75,
                             role=role))
    for match in pats["first"].finditer(text):
        if match.group("first") not in lex.first_names:
            continue
        tokens = [match.group("first"), *match.group("last").split()]
        _s, words = pick_name(tokens, lex, anchored=True)
        if not words:
            continue
        name = " ".join(words)
        start = match.start("first")
        out.append(Candidate(start, start + len(name), name, "actor", "person", 0.6))
    return out


def organisations(text: str) -> list[Candidate]:
    """Organisations by legal form (AG, GmbH, Inc.) or by a cue ('das Start-up X')."""
    lex = lexicon()
    pats = _patterns()
    out: list[Candidate] = []
    cue_words = {c.split()[-1].lower() for c in lex.org_cues}
    for match in pats["legal"].finditer(text):
        words = match.group("name").split()
        # Leading words that describe rather than name: "das Dresdner Start-up Kernwerk GmbH".
        while len(words) > 1 and (
                words[0] in lex.stop_names or words[0].lower() in cue_words
                or (re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+er", words[0]) and _known_word(words[0]))):
            words.pop(0)
        if not words or words[0] in lex.stop_names:
            continue
        # The display name leaves a pure legal form out, so "Kernwerk Systems GmbH" and a
        # later "Kernwerk Systems" are one organisation; "Corporation" is part of a name.
        form = match.group("form")
        if form.rstrip(".") in KEEP_FORMS:
            words.append(form)
        name = " ".join(words)
        start = text.find(name, match.start())
        out.append(Candidate(start, start + len(name), name, "actor", "organization", 0.7))
    for match in pats["cue"].finditer(text):
        words = match.group("name").split()
        forms = {f.rstrip(".") for f in lex.legal_forms}
        while words and (words[-1] in lex.stop_names or words[-1].rstrip(".,") in forms):
            words.pop()
        if not words or words[0] in lex.stop_names:
            continue
        name = " ".join(words)
        kind = "government" if any(w in name for w in lex.gov_words) else "organization"
        start = match.start("name")
        out.append(Candidate(start, start + len(name), name, "actor", kind, 0.6))
    return out
