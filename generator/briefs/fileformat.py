"""The brief file format: front-matter fences, the project's YAML style, Brief <-> mapping."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import BriefError
from ..models import Actor, Amount, Brief, Chip, Policy, Source

FENCE = "---"
HEAD_KEYS = ("title", "slug", "language", "date", "source", "url", "sources", "summary", "tags")
LIST_KEYS = ("actors", "amounts", "chips", "policy")


# Line breaks YAML knows besides "\n"; PyYAML loses them unless they are escaped.
_UNICODE_BREAKS = ("\x85", "\u2028", "\u2029")


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line strings as literal blocks, never aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style: str | None = None
    if any(ch in value for ch in _UNICODE_BREAKS):
        style = '"'  # PyYAML folds these in other styles; double quotes escape them
    elif "\n" in value and not value.endswith(" "):
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
_FastDumper: type = _Dumper
if getattr(yaml, "__with_libyaml__", False):

    class _CDumper(yaml.CSafeDumper):
        """The same dumper on libyaml's emitter: many times faster (see dump_yaml)."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    _CDumper.add_representer(str, _str)  # type: ignore[arg-type]
    _FastDumper = _CDumper


class Loader(yaml.SafeLoader):
    """Safe loader that keeps dates as strings (the schema checks their format)."""


Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
FastLoader: type = Loader
if getattr(yaml, "__with_libyaml__", False):

    class _CLoader(yaml.CSafeLoader):
        """The same loader on libyaml's parser: many times faster on large briefs."""

    _CLoader.yaml_implicit_resolvers = Loader.yaml_implicit_resolvers
    FastLoader = _CLoader


def _number(value: int | float) -> int | float:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def item_dict(item: Actor | Amount | Chip | Policy) -> dict[str, Any]:
    """One list item as a mapping in the documented key order, empty optionals left out."""
    out: dict[str, Any] = {}
    for f in fields(item):
        value = getattr(item, f.name)
        if f.name == "evidence":
            continue
        if value is None or (value is False and f.name == "approximate"):
            continue
        if f.name in ("value", "min", "max"):
            value = _number(value)
        out[f.name] = value
    out["evidence"] = item.evidence
    return out


def to_dict(brief: Brief) -> dict[str, Any]:
    """The front-matter mapping of a brief, keys in the documented order."""
    data: dict[str, Any] = {
        "title": brief.title,
        "slug": brief.slug,
        "language": brief.language,
        "date": brief.date.isoformat() if brief.date else None,
        "source": {"path": brief.source.path, "sha256": brief.source.sha256},
        **({"url": brief.url} if brief.url is not None else {}),
        "sources": list(brief.sources),
        "summary": brief.summary,
        "tags": list(brief.tags),
    }
    for key in LIST_KEYS:
        data[key] = [item_dict(item) for item in getattr(brief, key)]
    for key, value in brief.extra.items():
        if key not in data:
            data[key] = value
    return data


def dump_yaml(data: Any) -> str:
    """YAML text in the project's stable style."""
    options: dict[str, Any] = {"sort_keys": False, "allow_unicode": True, "width": 100,
                               "default_flow_style": False}
    text: str = yaml.dump(data, Dumper=_FastDumper, **options)
    # libyaml escapes some characters PyYAML writes as they are (beyond the BMP) and may
    # end a document with '...': then the pure-Python text, the same on every machine.
    if _FastDumper is not _Dumper and ("\\" in text or text.endswith("...\n")):
        text = yaml.dump(data, Dumper=_Dumper, **options)
    return text


def file_text(front_matter: dict[str, Any], body: str) -> str:
    """A brief file from its front-matter mapping and article body (see dump)."""
    return f"{FENCE}\n{dump_yaml(front_matter)}{FENCE}\n\n{body}"


def dump(brief: Brief) -> str:
    """The full brief file: front-matter fence, YAML, fence, blank line, article body as is."""
    return file_text(to_dict(brief), brief.body)


def split(text: str, path: Path | str) -> tuple[str, str, int]:
    """Front-matter YAML, body, and the file line number where the YAML starts.

    The body is everything after the closing fence, less the one blank line dump() puts
    there, so that dump() and split() are exact inverses.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        raise BriefError(
            "a brief must start with a '---' line", path=path, line=1,
            hint="put the YAML front-matter between two '---' lines at the top",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() == FENCE:
            body = "\n".join(lines[index + 1:])
            return "\n".join(lines[1:index]) + "\n", body.removeprefix("\n"), 2
    raise BriefError(
        "the front-matter has no closing '---' line", path=path, line=1,
        hint="add a line with just '---' after the last YAML key",
    )


@cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


def _item(cls: type, raw: dict[str, Any]) -> Any:
    names = _field_names(cls)
    item = {k: v for k, v in raw.items() if k in names}
    if isinstance(item.get("confidence"), int | float):
        # Older briefs scored rules from 0 to 1: 0.7 and above were the strong cues.
        item["confidence"] = "strong" if item["confidence"] >= 0.7 else "weak"
    return cls(**item)


def from_dict(data: dict[str, Any], body: str) -> Brief:
    """A Brief from an already validated front-matter mapping."""
    date = data.get("date")
    known = set(HEAD_KEYS) | set(LIST_KEYS)
    return Brief(
        title=data["title"],
        slug=data["slug"],
        language=data["language"],
        date=dt.date.fromisoformat(date) if date else None,
        source=Source(path=data["source"]["path"], sha256=data["source"]["sha256"]),
        url=data.get("url"),
        summary=data.get("summary") or "",
        sources=tuple(data.get("sources") or ()),
        actors=tuple(_item(Actor, a) for a in data.get("actors") or ()),
        amounts=tuple(_item(Amount, a) for a in data.get("amounts") or ()),
        chips=tuple(_item(Chip, c) for c in data.get("chips") or ()),
        policy=tuple(_item(Policy, p) for p in data.get("policy") or ()),
        tags=tuple(data.get("tags") or ()),
        body=body,
        extra={k: v for k, v in data.items() if k not in known},
    )

