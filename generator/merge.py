"""Three-way merge of a hand-edited brief with a new extraction, field by field.

base is what the generator last wrote, ours what is on disk now (maybe edited by a human),
theirs the new extraction. A field the human did not touch takes the new value; a field the
human changed keeps the human's value; where both changed, the human's value stays and a
conflict is recorded. Lists of facts merge item by item: an item deleted by hand stays
deleted, an item added or corrected by hand stays, an item only the new extraction has is
added.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .kb import fold

LIST_KEYS = ("actors", "amounts", "chips", "policy")
ALWAYS_THEIRS = ("source",)
MISSING: Any = object()


def item_key(kind: str, item: Any) -> str:
    """Identity of a list item: its folded name, or for amounts currency, value and text."""
    if not isinstance(item, dict):
        return repr(item)
    if kind == "amounts":
        return f"{item.get('currency')}|{item.get('value')}|{fold(str(item.get('text', '')))}"
    return fold(str(item.get("name", "")))


def _label(kind: str, item: Any) -> str:
    """How a conflict names an item: its name (amounts: its text) as written."""
    if isinstance(item, dict):
        return str(item.get("text" if kind == "amounts" else "name", ""))
    return repr(item)


def _keyed(kind: str, items: list[Any]) -> dict[str, Any]:
    """Items by identity; a repeated identity gets a counter, so no item is lost."""
    seen: Counter[str] = Counter()
    out: dict[str, Any] = {}
    for item in items:
        key = item_key(kind, item)
        seen[key] += 1
        out[key if seen[key] == 1 else f"{key}#{seen[key]}"] = item
    return out


def _plain(value: Any) -> Any:
    return None if value is MISSING else value


def _scalar(field: str, base: Any, ours: Any, theirs: Any,
            conflicts: list[dict[str, Any]]) -> Any:
    if ours == base:
        return theirs  # untouched by hand: the new extraction
    if theirs in (base, ours):
        return ours  # changed by hand only (or both the same way)
    conflicts.append({"field": field, "kept": _plain(ours), "extracted": _plain(theirs)})
    return ours


def _mapping(where: str, base: Any, ours: Any, theirs: Any,
             conflicts: list[dict[str, Any]]) -> Any:
    if not all(isinstance(x, dict) for x in (base, ours, theirs)):
        return _scalar(where, base, ours, theirs, conflicts)
    out: dict[str, Any] = {}
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
        if o is MISSING and b is not MISSING:
            continue  # removed by hand
        value = _scalar(f"{where}.{key}", b, o, t, conflicts)
        if value is not MISSING:
            out[key] = value
    return out


def _items(kind: str, base: list[Any], ours: list[Any], theirs: list[Any],
           conflicts: list[dict[str, Any]]) -> list[Any]:
    base_by, ours_by, theirs_by = _keyed(kind, base), _keyed(kind, ours), _keyed(kind, theirs)
    out: list[Any] = []
    for key, item in ours_by.items():
        if key not in base_by:
            out.append(item)  # added or corrected by hand
        elif key in theirs_by:
            where = f"{kind}[{_label(kind, item)}]"
            out.append(_mapping(where, base_by[key], item, theirs_by[key], conflicts))
        elif item != base_by[key]:
            out.append(item)  # edited by hand, no longer extracted: the edit stays
        # else: untouched and no longer extracted: it goes
    for key, item in theirs_by.items():
        if key not in ours_by and key not in base_by:
            out.append(item)  # newly extracted
        # in base but not in ours: deleted by hand, stays deleted
    return out


def merge(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any],
          ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Merged front-matter and the fresh conflicts where the human's value was kept.

    The merged front-matter lists under ``conflicts`` the human's earlier ones (those the
    human deleted stay deleted) with the fresh ones replacing earlier ones of the same field.
    An empty base (no snapshot) makes everything on disk count as a hand edit.
    """
    conflicts: list[dict[str, Any]] = []
    merged: dict[str, Any] = {}
    for key in [*theirs, *(k for k in ours if k not in theirs)]:
        if key == "conflicts":
            continue
        b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
        if key in ALWAYS_THEIRS and t is not MISSING:
            merged[key] = t
        elif key in LIST_KEYS and isinstance(o, list) and isinstance(t, list):
            merged[key] = _items(key, b if isinstance(b, list) else [], o, t, conflicts)
        elif o is MISSING and b is not MISSING:
            continue  # a key removed by hand stays removed
        else:
            value = _scalar(key, b, o, t, conflicts)
            if value is not MISSING:
                merged[key] = value
    fresh = {c["field"]: c for c in conflicts}
    recorded: list[Any] = []
    for entry in ours.get("conflicts") or ():
        field = entry.get("field") if isinstance(entry, dict) else None
        recorded.append(fresh.pop(field) if field in fresh else entry)
    recorded.extend(fresh.values())
    if recorded:
        merged["conflicts"] = recorded
    return merged, conflicts


def merge_body(base: str | None, ours: str, theirs: str) -> str:
    """The article body: the new text unless the human edited it (or it cannot be told).

    Line breaks at the very end are no edit: editors strip the final one, or add one.
    """
    if base is None:
        return ours or theirs
    if ours.rstrip("\n") != base.rstrip("\n"):
        return ours
    return ours if theirs == base else theirs
