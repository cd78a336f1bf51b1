"""Digests of page inputs: a page whose inputs have the digest they had is not rendered again.

A page's inputs are exactly what its template is handed (or its download function is
called with), so no page needs to declare what it depends on. The digest covers values
only, never object identity, and refuses what it cannot vouch for: mutable objects other
than lists, dicts and sets (a set whose order changes from run to run only costs a page
made again). Each frozen object of the shared
types (briefs, entities) is digested once per run and stands for itself, by its digest, in
the digests of the pages that show it. A digest also tells which briefs reached it (their
slugs, through any shared object that holds them): a page that no changed brief reaches has
the inputs it had, as long as nothing else changed (see state.py). A brief's listing form
(model.ListedBrief) reaches a page as LISTED + slug, the brief itself as its slug: a change
that leaves the listing form as it was reaches only the pages handed the brief itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import pickle
import types
from collections.abc import Sequence
from typing import Any

from ..display import salient
from ..models import Brief
from .model import ListedBrief

# Listing forms reach pages as LISTED + slug (no slug has a colon: brief.schema.json).
LISTED = "listed:"


def as_listed(slug: str) -> str:
    """How the listing form of the brief of this slug reaches a page."""
    return LISTED + slug


def _listed_value(brief: Brief) -> tuple[Any, ...]:
    """What the pages that list a brief can show of its listing form: all of it but its
    actors' counts of mentions, of which they show only the order the counts give
    (display.salient: the most salient actors of each brief). So a count that changes
    without moving an actor changes no listing page (the equivalence test of
    tests/test_incremental_render.py edits counts)."""
    rank = {id(actor): n for n, actor in enumerate(salient(brief.actors))}
    return (type(brief), {**vars(brief), "actors": [
        {**vars(actor), "mentions": rank[id(actor)]} for actor in brief.actors]})


def _reach(brief: Brief) -> frozenset[str]:
    return frozenset((as_listed(brief.slug) if type(brief) is ListedBrief else brief.slug,))


class UnstableInput(TypeError):
    """A page input whose digest would not follow its value."""


class Digests:
    """Digests of page inputs; each frozen object of the shared types (briefs, say) is
    digested once and then stands for itself by its digest, remembered by identity."""

    def __init__(self, shared: tuple[type, ...] = (Brief,)) -> None:
        self.shared = shared
        self._frozen: dict[int, tuple[Any, bytes, frozenset[str]]] = {}

    def of(self, value: Any) -> str:
        """The hex digest of a value made of plain data, frozen dataclasses and briefs."""
        return self._digest(value)[0].hex()

    def reached(self, value: Any) -> tuple[str, frozenset[str]]:
        """The hex digest of a value and the slugs of the briefs it holds (at any depth)."""
        digest, slugs = self._digest(value)
        return digest.hex(), slugs

    def _digest(self, value: Any, root: Any = None) -> tuple[bytes, frozenset[str]]:
        out = io.BytesIO()
        pickler = _Pickler(out, self, root)
        pickler.dump(value)
        slugs = pickler.slugs[0] if len(pickler.slugs) == 1 else frozenset().union(
            *pickler.slugs)
        return hashlib.blake2b(out.getvalue(), digest_size=20).digest(), slugs

    def frozen(self, obj: Any) -> bytes:
        """A frozen object's own digest, from its type and every field of it."""
        return self._shared(obj)[1]

    def _shared(self, obj: Any) -> tuple[Any, bytes, frozenset[str]]:
        found = self._frozen.get(id(obj))
        if found is None or found[0] is not obj:
            if type(obj) in _PLAIN:  # plain data through and through: the C pickler alone
                out = io.BytesIO()
                plain = pickle.Pickler(out, protocol=5)
                plain.fast = True
                plain.dump(obj if type(obj) is Brief else _listed_value(obj))
                found = (obj, hashlib.blake2b(out.getvalue(), digest_size=20).digest(),
                         _reach(obj))
            else:
                found = (obj, *self._digest(obj, root=obj))
            self._frozen[id(obj)] = found  # the object kept alive: ids stay unique
        return found

    def briefs(self, briefs: Sequence[Brief], marks: Sequence[bytes] = ()) -> None:
        """Digest these briefs now (the pages that show them then only look them up); marks,
        when given (one per brief), stand for them instead: digests that differ exactly
        when the briefs may (the parse cache's content_mark of each brief's file)."""
        if marks and len(marks) == len(briefs):
            for brief, mark in zip(briefs, marks, strict=True):
                self.know(brief, mark)
            return
        for brief in briefs:
            self.frozen(brief)

    def know(self, brief: Brief, digest: bytes) -> None:
        """Let digest stand for this brief (or listing form): one that differs whenever its
        value may (a content mark, or the digest it had in a render of the same code)."""
        self._frozen[id(brief)] = (brief, digest, _reach(brief))


_PLAIN = frozenset({Brief, ListedBrief})
_BY_VALUE = frozenset({dt.date, frozenset})
# Pickled by name: classes and functions (pickle refuses lambdas and local functions, and
# the code of this package is in every page's key).
_BY_NAME = frozenset({type, types.FunctionType, types.BuiltinFunctionType})


def _shared(digest: bytes) -> bytes:
    """Stands for a shared object in a page digest (never called: pickles are not loaded)."""
    return digest


class _Pickler(pickle.Pickler):
    """Pickles values only (no memo: equal values give equal bytes whatever they share).

    reducer_override sees every object but the plain ones (numbers, text, lists, tuples,
    dicts, sets, classes), which the C pickler writes without calling back."""

    def __init__(self, file: io.BytesIO, digests: Digests, root: Any = None) -> None:
        super().__init__(file, protocol=5)
        self.fast = True  # no memo; inputs hold no cycles (frozen data cannot)
        self.digests = digests
        self.root = root
        self.slugs: list[frozenset[str]] = []  # of the shared objects met that hold briefs

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind in self.digests.shared and obj is not self.root:
            _obj, digest, slugs = self.digests._shared(obj)
            if slugs:
                self.slugs.append(slugs)
            return _shared, (digest,)
        params = getattr(kind, "__dataclass_params__", None)
        if kind in _BY_VALUE or kind in _BY_NAME or (params is not None and params.frozen):
            return NotImplemented
        raise UnstableInput(f"a page input holds a {kind.__name__}: pass plain values, "
                            "tuples, lists, dicts or frozen dataclasses")
