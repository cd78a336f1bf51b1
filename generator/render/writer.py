"""The stage edge: pages into docs/, only those whose inputs changed rendered again.

A manifest in docs/ lists the generated pages, so that hand-written pages are never touched
and generated pages whose brief is gone are removed. The digest of each page's inputs and
the signature of the file written from them are kept in the state folder: a page whose
inputs have the same digest and whose file is as it was written is not rendered at all.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cache import signature
from ..fsutil import remove_if_exists, write_if_changed
from .pages import Pages

MANIFEST = ".briefing-manifest.json"
KEYS_FORMAT = 1


@dataclass(frozen=True)
class Written:
    """What write() did to docs/ (rendered: pages made from their inputs this time)."""

    written: int
    unchanged: int
    removed: int
    skipped: tuple[str, ...]
    rendered: int = 0


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


def _load_keys(state: Path | None, code: str) -> dict[str, list[Any]]:
    """{page: [inputs digest, *file signature]} of the last write with this code, or {}."""
    if state is None:
        return {}
    try:
        data = json.loads(state.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != KEYS_FORMAT \
            or data.get("code") != code or not isinstance(data.get("pages"), dict):
        return {}
    pages: dict[str, list[Any]] = data["pages"]
    return pages


def write(docs: Path, pages: Mapping[str, str], state: Path | None = None,
          tick: Callable[[int], None] | None = None) -> Written:
    """Put pages into docs/, remove stale generated ones, never touch hand-written files.

    With a state file (and pages from render()), a page whose inputs have the digest they
    had when its file was written, and whose file is unchanged since, is not rendered.
    """
    previous = _manifest(docs)
    # New pages are listed before any is written: a run killed in between must not leave
    # pages that later runs would take for hand-written ones.
    new = {rel for rel in pages if rel not in previous and not (docs / rel).exists()}
    if new:
        listed = json.dumps({"pages": sorted(previous | new)}, indent=0, ensure_ascii=False)
        write_if_changed(docs / MANIFEST, listed + "\n")
        previous |= new
    keyed = isinstance(pages, Pages) and state is not None
    code = pages.code if isinstance(pages, Pages) else ""
    known = _load_keys(state, code) if keyed else {}
    keys: dict[str, list[Any]] = {}
    written = unchanged = removed = rendered = 0
    skipped: list[str] = []
    for rel in sorted(pages):
        if tick is not None:
            tick(1)
        target = docs / rel
        if rel not in previous and target.exists():
            skipped.append(rel)
            continue
        key = pages.key(rel) if keyed else ""  # type: ignore[attr-defined]
        was = known.get(rel)
        if was is not None and was[0] == key and was[1:] == signature(target):
            keys[rel] = was
            unchanged += 1
            continue
        rendered += 1
        if write_if_changed(target, pages[rel], durable=False):
            written += 1
        else:
            unchanged += 1
        if keyed:
            keys[rel] = [key, *(signature(target) or [])]
    owned = set(pages) - set(skipped)
    for rel in sorted(previous - owned):
        if remove_if_exists(docs / rel):
            removed += 1
            _prune_empty(docs, (docs / rel).parent)
    manifest = json.dumps({"pages": sorted(owned)}, indent=0, ensure_ascii=False) + "\n"
    write_if_changed(docs / MANIFEST, manifest)
    if keyed and state is not None:
        state.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(state, json.dumps({"format": KEYS_FORMAT, "code": code, "pages": keys},
                                           separators=(",", ":")) + "\n", durable=False)
    return Written(written, unchanged, removed, tuple(skipped), rendered)
