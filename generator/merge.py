"""Three-way merge of a hand-edited brief with a new extraction, field by field.

base is what the generator last wrote, ours what is on disk now (maybe edited by a human),
theirs the new extraction. A field the human did not touch takes the new value; a field the
human changed keeps the human's value; where both changed, the human's value stays and a
conflict is recorded. Lists merge item by item.
"""

from __future__ import annotations

from typing import Any

from .kb import fold

LIST_KEYS = ("actors", "amounts", "chips", "policy")
ALWAYS_THEIRS = ("source",)
MISSING = object()


def item_key(kind: str, item: Any) -> str:
    """Identity of a list item: its folded name, or for amounts currency, value and text."""
    if not isinstance(item, dict):
        return repr(item)
    if kind == "amounts":
        return f"{item.get('currency')}|{item.get('value')}|{fold(str(item.get('text', '')))}"
    return fold(str(item.get("name", "")))


def _scalar(field: str, base: Any, ours: Any, theirs: Any,
            conflicts: list[dict[str, Any]]) -> Any:
    if ours == base or (ours is MISSING and base is MISSING):
        return theirs
    if theirs == base or theirs == ours:
        return ours
    conflicts.append({"field": field, "kept": ours, "extracted": theirs})
    return ours


def _items(kind: str, base: list[Any], ours: list[Any], theirs: list[Any],
           conflicts: list[dict[str, Any]]) -> list[Any]:
    base_by = {item_key(kind, i): i for i in base}
    ours_by = {item_key(kind, i): i for i in ours}
    theirs_by = {item_key(kind, i): i for i in theirs}
    out: list[Any] = []
    for key, item in ours_by.items():
        if key not in base_by:
            out.append(item)  # added or corrected by hand
        elif key in theirs_by:
            out.append(_mapping(f"{kind}[{key}]", base_by[key], item, theirs_by[key], conflicts))
        elif item != base_by[key]:
            out.append(item)  # edited by hand, no longer extracted: the edit stays
    for key, item in theirs_by.items():
        if key not in ours_by and key not in base_by:
            out.append(item)  # newly extracted
    return out


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


def merge(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any],
          ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Merged front-matter and the conflicts where the human's value was kept."""
    conflicts: list[dict[str, Any]] = []
    merged: dict[str, Any] = {}
    keys = [*theirs, *(k for k in ours if k not in theirs)]
    for key in keys:
        if key == "conflicts":
            continue
        b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
        if key in ALWAYS_THEIRS and t is not MISSING:
            merged[key] = t
        elif key in LIST_KEYS and isinstance(o, list) and isinstance(t, list):
            merged[key] = _items(key, b if isinstance(b, list) else [], o, t, conflicts)
        elif o is MISSING and b is not MISSING:
            continue  # an optional key removed by hand stays removed
        else:
            value = _scalar(key, b, o, t, conflicts)
            if value is not MISSING:
                merged[key] = value
    old = [c for c in ours.get("conflicts") or () if isinstance(c, dict)]
    fresh = [c for c in conflicts if c not in old]
    if old or fresh:
        merged["conflicts"] = old + fresh
    return merged, conflicts


def merge_body(base: str | None, ours: str, theirs: str) -> str:
    """The article body: the new text unless the human edited it."""
    if base is None or ours == base:
        return theirs
    return ours
