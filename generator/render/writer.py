"""The stage edge: pages into docs/, only those whose inputs changed rendered again.

A manifest in docs/ lists the generated pages, so that hand-written pages are never touched
and generated pages whose brief is gone are removed. The digest of each page's inputs and
the signature of the file written from them are kept in the state folder (state.py): a page
whose inputs have the same digest and whose file is as it was written is not rendered at
all, and a page that no changed brief reaches is not even digested when state.py says so.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cache import signature
from ..fsutil import note_written, remove_if_exists, write_if_changed
from .pages import Pages
from .state import Entry, Kept, save

MANIFEST = ".briefing-manifest.json"


@dataclass(frozen=True)
class Written:
    """What write() did to docs/ (rendered: pages made from their inputs this time)."""

    written: int
    unchanged: int
    removed: int
    skipped: tuple[str, ...]
    rendered: int = 0
    digested: int = 0  # pages whose inputs were digested (the others: no changed brief)
    # The signature of each page's file as it was written or found (with a state file).
    signatures: Mapping[str, list[Any]] = field(default_factory=dict, compare=False,
                                                repr=False)


def _manifest(docs: Path) -> set[str]:
    try:
        data = json.loads((docs / MANIFEST).read_text("utf-8"))
        return {str(p) for p in data.get("pages", [])}
    except (OSError, ValueError, AttributeError):
        return set()


def _prune_empty(docs: Path, folder: Path) -> None:
    """Remove folder and its parents up to docs/ while they are empty."""
    root = docs.resolve()
    current = folder.resolve()
    while current != root and root in current.parents:
        try:
            current.rmdir()
        except OSError:
            return
        current = current.parent


def manifest_pages(docs: Path) -> set[str]:
    """The generated pages listed in docs/'s manifest."""
    return _manifest(docs)


# A page's outcome: skipped (a hand-written file in the way), trusted (no changed brief
# reaches it, file as it was), kept (inputs and file as they were), or made: written or
# found the same; with the page's key entry.
_SKIPPED, _TRUSTED, _KEPT, _WRITTEN, _SAME = range(5)
PARALLEL_MIN = 500  # fewer new pages than this are made in this process: forking costs more
Made = tuple[str, frozenset[str], list[Any]]  # a page's key, the briefs it shows, signature
_WORK: tuple[Path, Mapping[str, str | bytes], set[str], Mapping[str, Entry],
             Mapping[str, Entry], bool] | None = None


def _one(rel: str) -> tuple[int, Entry | Made | None]:
    """Make one page if its inputs or its file changed since it was written (from _WORK):
    a trusted page (one no changed brief reaches) keeps its key without a digest."""
    assert _WORK is not None
    docs, pages, previous, known, trusted, keyed = _WORK
    target = docs / rel
    if rel not in previous and target.exists():
        return _SKIPPED, None
    was = trusted.get(rel)
    if was is not None and was[2:] == signature(target):
        return _TRUSTED, was
    key, reached = pages.keyed(rel) if keyed else ("", frozenset())  # type: ignore[attr-defined]
    was = known.get(rel)
    if was is not None and was[0] == key and was[2:] == signature(target):
        return _KEPT, (key, reached, was[2:])
    outcome = _WRITTEN if write_if_changed(target, pages[rel], durable=False) else _SAME
    return outcome, (key, reached, signature(target) or []) if keyed else None


def _chunk(rels: list[str]) -> list[tuple[int, Entry | Made | None]]:
    return [_one(rel) for rel in rels]


def _each(rels: list[str], jobs: int, tick: Callable[[int], None] | None, new: int
          ) -> Iterator[tuple[int, Entry | Made | None]]:
    """_one() of every page, in order; in jobs forked processes when many pages (new: those
    without a key from the last write) are to be made (each page is made from its inputs
    alone). An edit looks at every page's key but makes few: the workers would only add
    their start and digest the shared objects twice (1,000 briefs: 5.4 CPU s, not 4.2)."""
    methods = multiprocessing.get_all_start_methods()
    if jobs <= 1 or new < PARALLEL_MIN or "fork" not in methods:
        for rel in rels:
            if tick is not None:
                tick(1)
            yield _one(rel)
        return
    size = max(1, min(200, len(rels) // (jobs * 8)))
    chunks = [rels[i:i + size] for i in range(0, len(rels), size)]
    # fork: the workers inherit the pages (functions and inputs), which cannot be pickled.
    with ProcessPoolExecutor(max_workers=jobs,
                             mp_context=multiprocessing.get_context("fork")) as pool:
        for chunk, outcomes in zip(chunks, pool.map(_chunk, chunks), strict=True):
            if tick is not None:
                tick(len(chunk))
            yield from outcomes


def write(docs: Path, pages: Mapping[str, str | bytes], state: Path | None = None,
          tick: Callable[[int], None] | None = None, jobs: int = 1) -> Written:
    """Put pages into docs/, remove stale generated ones, never touch hand-written files.

    With a state file (and pages from render()), a page whose inputs have the digest they
    had when its file was written, and whose file is unchanged since, is not rendered.
    jobs > 1 makes the pages in that many processes when 500 or more have no key yet (a
    first render, new code), the same pages written the same way.
    """
    global _WORK
    previous = _manifest(docs)
    # New pages are listed before any is written: a run killed in between must not leave
    # pages that later runs would take for hand-written ones.
    new = {rel for rel in pages if rel not in previous and not (docs / rel).exists()}
    if new:
        listed = json.dumps({"pages": sorted(previous | new)}, indent=0, ensure_ascii=False)
        write_if_changed(docs / MANIFEST, listed + "\n")
        previous |= new
    book = pages if isinstance(pages, Pages) and state is not None else None
    keyed = book is not None
    last = Kept.load(state, book.code) if book is not None else Kept("")
    if book is not None:
        book.know_listings(last.listings())
    trusted = last.trusted(last.changed(book)) if book is not None else {}
    entries: dict[str, Entry | Made] = {}
    counts = [0] * 5
    skipped: list[str] = []
    rels = sorted(pages)
    _WORK = (docs, pages, previous, last.pages, trusted, keyed)
    try:
        unknown = sum(1 for rel in rels if rel not in last.pages)
        for rel, (outcome, entry) in zip(rels, _each(rels, jobs, tick, unknown), strict=True):
            counts[outcome] += 1
            if outcome == _SKIPPED:
                skipped.append(rel)
            if outcome == _WRITTEN:
                note_written(docs / rel)  # a worker may have written it (briefing serve's journal)
            if entry is not None:
                entries[rel] = entry
    finally:
        _WORK = None
    removed = 0
    owned = set(pages) - set(skipped)
    for rel in sorted(previous - owned):
        if remove_if_exists(docs / rel):
            removed += 1
            _prune_empty(docs, (docs / rel).parent)
    manifest = json.dumps({"pages": sorted(owned)}, indent=0, ensure_ascii=False) + "\n"
    write_if_changed(docs / MANIFEST, manifest)
    if book is not None and state is not None:
        save(state, book, last, entries)
    return Written(counts[_WRITTEN], counts[_TRUSTED] + counts[_KEPT] + counts[_SAME], removed,
                   tuple(skipped), counts[_WRITTEN] + counts[_SAME],
                   counts[_KEPT] + counts[_WRITTEN] + counts[_SAME] if keyed else 0,
                   {rel: list(entry[2]) if isinstance(entry, tuple) else entry[2:]
                    for rel, entry in entries.items()})
