"""Frozen dataclasses passed between the pipeline stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fsutil import Signature

ACTOR_KINDS = ("person", "organization", "country", "government")
# The kinds of chips and policy instruments a brief may hold: those of the knowledge base
# (generator/schema/knowledge.schema.json; brief.schema.json lists the same, a test checks).
CHIP_KINDS = ("accelerator", "gpu", "cpu", "memory", "process-node", "platform", "system",
              "interconnect", "equipment")
POLICY_KINDS = ("law", "regulation", "directive", "executive-order", "export-control",
                "programme", "agreement", "code-of-practice", "strategy", "review")
# How an item was found: a knowledge-base name, a rule with a strong cue (a role, a legal
# form, a name head, an apposition), or a weak one (the shape of a name alone).
CONFIDENCE = ("known", "strong", "weak")


@dataclass(frozen=True)
class Seed:
    """One article read from the seeds folder.

    text is empty for a seed that ingest knew from the extraction cache without reading it
    (its file's signature unchanged); ingest.read_seed reads it when it is to be extracted.
    """

    path: Path
    rel: str
    text: str
    sha256: str
    note: str | None = None
    url: str | None = None
    stat: Signature | None = None  # the file's signature, taken before reading


@dataclass(frozen=True)
class Actor:
    """A named participant: person, organisation, country or government body."""

    name: str
    kind: str
    role: str | None = None
    org: str | None = None
    country: str | None = None  # the country a government body belongs to
    mentions: int = 1
    evidence: str = ""
    confidence: str | None = None


@dataclass(frozen=True)
class Amount:
    """A money amount with its normalised value and ISO 4217 currency."""

    text: str
    value: int | float
    currency: str
    min: int | float | None = None
    max: int | float | None = None
    approximate: bool = False
    subject: str | None = None
    evidence: str = ""


@dataclass(frozen=True)
class Chip:
    """A named accelerator, CPU, memory product or process node."""

    name: str
    vendor: str | None = None
    kind: str | None = None
    evidence: str = ""
    confidence: str | None = None


@dataclass(frozen=True)
class Policy:
    """A named law, regulation, order, export-control rule, programme or agreement."""

    name: str
    kind: str | None = None
    jurisdiction: str | None = None
    evidence: str = ""
    confidence: str | None = None


@dataclass(frozen=True)
class Source:
    """The seed a brief was extracted from."""

    path: str
    sha256: str


@dataclass(frozen=True)
class Brief:
    """The structured facts of one article plus its text."""

    title: str
    slug: str
    language: str
    date: dt.date | None
    source: Source
    url: str | None = None
    summary: str = ""
    sources: tuple[str, ...] = ()
    actors: tuple[Actor, ...] = ()
    amounts: tuple[Amount, ...] = ()
    chips: tuple[Chip, ...] = ()
    policy: tuple[Policy, ...] = ()
    tags: tuple[str, ...] = ()
    body: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
