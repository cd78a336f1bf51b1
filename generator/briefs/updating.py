"""Updating the briefs folder: new briefs written, re-extractions merged into edited ones."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import BriefError
from ..fsutil import (
    Changed,
    remove_if_exists,
    remove_if_unchanged,
    replace_if_unchanged,
    write_if_changed,
)
from ..models import Brief
from .fileformat import FastLoader, file_text, from_dict, to_dict
from .frontmatter import compose
from .parsecache import ParseCache, text_hash
from .reading import base_path, brief_paths, decode, load_bytes, owner, read_bytes, source_of
from .validation import read_back

# Times a brief saved by someone else during the run is read and merged again before it is
# left as saved, for the next run.
ATTEMPTS = 3


def _read_base(folder: Path, stem: str) -> tuple[dict[str, Any], str | None] | None:
    try:
        text = base_path(folder, stem).read_text("utf-8")
        try:
            data = json.loads(text)
        except ValueError:  # a snapshot written as YAML by an earlier version
            data = compose(text, FastLoader)[1]
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("front_matter"), dict):
        return None
    body = data.get("body")
    return data["front_matter"], body if isinstance(body, str) else None


def snapshot(folder: Path, stem: str) -> Brief | None:
    """The brief a merge snapshot holds (what the generator last wrote into the brief), or
    None when it is missing, unreadable or does not read back as exactly what it holds."""
    found = _read_base(folder, stem)
    data, body = found if found is not None else ({}, None)
    if body is None:
        return None
    try:
        brief = from_dict(data, body)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return brief if to_dict(brief) == data else None


@dataclass(frozen=True)
class Updated:
    """What update() did to the briefs folder."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    frozen: tuple[str, ...]
    conflicts: dict[str, list[dict[str, Any]]]
    orphans: tuple[str, ...]
    removed: tuple[str, ...]  # every file removed: a brief, then its merge snapshot
    problems: tuple[BriefError, ...]
    changed: tuple[str, ...] = ()  # saved by someone else while merged: left as saved


def _merged_text(folder: Path, target: Path, ours_text: str, ours_brief: Brief, new: Brief,
                 ) -> tuple[str, list[dict[str, Any]], Brief | None]:
    """The file text after merging new into the brief on disk, the fresh conflicts, and the
    Brief that text reads back as (None when that is not certain without parsing it).
    """
    from ..merge import merge, merge_body  # not at import: it pulls in the knowledge base

    ours = to_dict(ours_brief)
    base = _read_base(folder, target.stem)
    # Without the snapshot nothing tells an edit from an old extraction: everything on disk
    # counts as an edit (kept; where the new extraction differs, a conflict is recorded).
    base_data, base_body = base if base is not None else ({}, None)
    merged, found = merge(base_data, ours, to_dict(new))
    body = merge_body(base_body, ours_brief.body, new.body)
    if merged == ours and body == ours_brief.body:
        return ours_text, found, ours_brief  # nothing to change: keep the file byte for byte
    text = file_text(merged, body)
    return text, found, read_back(merged, body, text)


@dataclass(frozen=True)
class _OnDisk:
    """A brief file as update() found it: its bytes and text (None if unreadable) and brief
    or problem."""

    data: bytes | None
    text: str | None
    brief: Brief | None
    problem: BriefError | None


class _Folder:
    """The brief files of a folder, each read when first asked for and remembered."""

    def __init__(self, folder: Path, cache: ParseCache | None) -> None:
        self.folder = folder
        self.cache = cache
        self.seen: dict[Path, _OnDisk | None] = {}

    def get(self, path: Path) -> _OnDisk | None:
        """The file as it was when first asked for (None: no such brief file)."""
        if path not in self.seen:
            self.seen[path] = self._read(path) if path.is_file() else None
        return self.seen[path]

    def forget(self, path: Path) -> None:
        """Read the file again when next asked for (someone saved it meanwhile)."""
        self.seen.pop(path, None)

    def _read(self, path: Path) -> _OnDisk:
        try:
            data = read_bytes(path)
        except BriefError as exc:
            return _OnDisk(None, None, None, exc)
        try:
            text = decode(data, path)
        except BriefError as exc:
            return _OnDisk(data, None, None, exc)
        brief, found = load_bytes(data, path, self.cache)
        return _OnDisk(data, text, brief, found[0] if brief is None else None)

    def owners(self) -> dict[str, Path]:
        """{seed path: the brief file updated from it (see owner)}, read from every brief."""
        claims: dict[str, list[Path]] = {}
        for path in brief_paths(self.folder):
            found = self.get(path)
            if found is None or found.text is None:
                continue
            source = found.brief.source.path if found.brief else source_of(found.text)
            if source is not None:
                claims.setdefault(source, []).append(path)
        return {source: owner(paths) for source, paths in claims.items()}


@dataclass(frozen=True)
class Prepared:
    """A new brief with its file text, made where it was extracted (in a worker process)."""

    brief: Brief
    data: dict[str, Any]
    text: str
    reads_as: Brief | None


def prepare(brief: Brief) -> Prepared:
    """The front-matter, file text and read-back Brief of a brief written afresh."""
    data = to_dict(brief)
    text = file_text(data, brief.body)
    return Prepared(brief, data, text, read_back(data, brief.body, text))


@dataclass(frozen=True)
class _Outcome:
    """What became of one extracted brief: a problem, frozen, or written (or unchanged)."""

    problem: BriefError | None = None
    frozen: bool = False
    written: bool = False
    conflicts: tuple[dict[str, Any], ...] = ()


def _update_one(folder: Path, target: Path, ours: _OnDisk | None, new: Brief,
                cache: ParseCache | None, ready: Prepared | None, renamed_from: str | None,
                ) -> _Outcome:
    """Merge new into the brief file as read (ours) and write it; raises Changed when the
    file was saved since it was read (nothing is written then)."""
    if ours is not None and ours.problem is not None:
        return _Outcome(BriefError(
            f"not updated from {new.source.path}: {ours.problem.message}",
            path=target, line=ours.problem.line,
            hint="fix the brief by hand (nothing was overwritten), then run again"))
    fresh: list[dict[str, Any]] = []
    if ours is not None and ours.text is not None and ours.brief is not None:
        if ours.brief.source.path not in (new.source.path, renamed_from):
            return _Outcome(BriefError(
                f"not updated from {new.source.path}: the brief is {ours.brief.source.path}'s",
                path=target, hint="run again; if it persists, delete .briefing/"))
        if ours.brief.extra.get("reviewed") is True:
            return _Outcome(frozen=True)
        content, fresh, reads_as = _merged_text(folder, target, ours.text, ours.brief, new)
        data = to_dict(new)
    else:
        if ready is None or ready.brief is not new:
            ready = prepare(new)
        data, content, reads_as = ready.data, ready.text, ready.reads_as
    # One line of JSON (which YAML reads too): json's C encoder, many times faster than
    # YAML, which matters at thousands of briefs; the snapshot is not for reading.
    snapshot = json.dumps({"front_matter": data, "body": new.body}, ensure_ascii=False) + "\n"
    try:
        written = replace_if_unchanged(target, ours.data if ours is not None else None,
                                       content)
        write_if_changed(base_path(folder, target.stem), snapshot)
    except OSError as exc:
        return _Outcome(BriefError(f"cannot write: {exc.strerror or exc}", path=target,
                                   hint="check the folder's permissions and free space"))
    if cache is not None and reads_as is not None:
        cache.put(text_hash(content.encode("utf-8")), reads_as)
    return _Outcome(written=written, conflicts=tuple(fresh))


def update(folder: Path, extracted: list[Brief], seeds_present: set[str] | None, *,
           prune: bool = False, owners: Mapping[str, Path] | None = None,
           adopted: Mapping[str, str] | None = None, cache: ParseCache | None = None,
           prepared: Mapping[int, Prepared] | None = None) -> Updated:
    """Write new briefs and merge re-extractions into hand-edited ones; never lose an edit.

    seeds_present holds every seed path found (readable or not); briefs of other seeds are
    orphans, deleted with prune. None means the seeds are unknown: nothing is an orphan.
    Each brief is written before its base snapshot in .base/, so that a run killed between
    the two still merges correctly next time.

    A brief is replaced only if it is still the file that was read (fsutil.
    replace_if_unchanged): one saved meanwhile is read and merged again, and after ATTEMPTS
    saves it is left as saved (listed in changed) for the next run to merge. An orphan is
    deleted only if unchanged too.

    owners maps each seed path to the brief file updated from it (see reading.owner), broken
    briefs included (read leniently, see source_of); given it, only the briefs of extracted
    seeds and orphans are read, else every brief is. adopted maps a renamed seed's path to
    its old one: the brief made from the old one is updated from it (and names it). With a
    cache, the briefs written are recorded in it, so that the next load_all need not parse
    them. prepared ({id(brief): prepare(brief)}) saves writing the text of new briefs again.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        problem = BriefError(f"cannot create the briefs folder: {exc.strerror or exc}",
                             path=folder, hint="remove what is in the way, or pass --briefs")
        return Updated((), (), (), {}, (), (), (problem,))
    # Every file is read before anything is written to it (a write always follows a get),
    # so each decision below sees the folder as it was when the run began.
    files = _Folder(folder, cache)
    by_source = dict(owners) if owners is not None else files.owners()
    adopted = adopted or {}
    written: list[str] = []
    unchanged: list[str] = []
    frozen: list[str] = []
    changed: list[str] = []
    conflicts: dict[str, list[dict[str, Any]]] = {}
    problems: list[BriefError] = []
    for new in extracted:
        target = by_source.get(new.source.path, folder / f"{new.slug}.md")
        ready = prepared.get(id(new)) if prepared else None
        for attempt in range(ATTEMPTS):
            ours = files.get(target)
            if attempt and ours is not None and ours.problem is not None:
                outcome = None  # half-saved as it was read again: left as it is being saved
                break
            try:
                outcome = _update_one(folder, target, ours, new, cache, ready,
                                      adopted.get(new.source.path))
                break
            except Changed:
                files.forget(target)
        else:
            outcome = None
        if outcome is None:
            changed.append(str(target))
        elif outcome.problem is not None:
            problems.append(outcome.problem)
        elif outcome.frozen:
            frozen.append(str(target))
        else:
            (written if outcome.written else unchanged).append(str(target))
            if outcome.conflicts:
                conflicts[str(target)] = list(outcome.conflicts)
    orphans: list[str] = []
    removed: list[str] = []
    for source, path in sorted(by_source.items(), key=lambda kv: kv[1]):
        if seeds_present is None or source in seeds_present:
            continue
        found = files.get(path)
        if found is None or found.brief is None or found.data is None:
            continue  # a broken brief is left alone (and one gone needs nothing)
        reviewed = found.brief.extra.get("reviewed") is True
        if prune and not reviewed:
            try:
                remove_if_unchanged(path, found.data)
                removed.append(str(path))
                if remove_if_exists(base_path(folder, path.stem)):
                    removed.append(str(base_path(folder, path.stem)))
            except Changed:
                changed.append(str(path))
                continue
            except OSError as exc:
                problems.append(BriefError(f"cannot delete: {exc.strerror or exc}", path=path,
                                           hint="delete it by hand"))
                continue
        else:
            orphans.append(str(path))
    return Updated(tuple(written), tuple(unchanged), tuple(frozen), conflicts,
                   tuple(orphans), tuple(removed), tuple(problems), tuple(changed))
