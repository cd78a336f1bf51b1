"""Briefs on disk: Markdown with YAML front-matter, read with line-accurate errors."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .errors import BriefError
from .models import Actor, Amount, Brief, Chip, Policy, Source

FENCE = "---"
HEAD_KEYS = ("title", "slug", "language", "date", "source", "sources", "summary", "tags")
LIST_KEYS = ("actors", "amounts", "chips", "policy")
ITEM_TYPES: dict[str, type] = {"actors": Actor, "amounts": Amount, "chips": Chip, "policy": Policy}
# Keys written for every item even when empty, so an analyst sees where they go.
ALWAYS = {"name", "kind", "text", "value", "currency", "evidence", "mentions"}


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line strings as literal blocks, never aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not value.endswith(" ") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


class _Loader(yaml.SafeLoader):
    """Safe loader that keeps dates as strings (the schema checks their format)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the brief front-matter (shipped in the package)."""
    text = resources.files("generator").joinpath("schema/brief.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


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
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
        default_flow_style=False,
    )


def dump(brief: Brief) -> str:
    """The full brief file: front-matter fence, YAML, fence, article body."""
    body = brief.body if brief.body.endswith("\n") or not brief.body else brief.body + "\n"
    return f"{FENCE}\n{dump_yaml(to_dict(brief))}{FENCE}\n\n{body}"


def split(text: str, path: Path | str) -> tuple[str, str, int]:
    """Front-matter YAML, body, and the line number where the YAML starts."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
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


def _check_duplicates(node: yaml.Node, path: Path | str, offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            line = key.start_mark.line + offset
            if name in seen:
                raise BriefError(
                    f"duplicate key '{name}' (first at line {seen[name]})", path=path, line=line,
                    hint="keep one of the two entries",
                )
            seen[name] = line
            _check_duplicates(value, path, offset)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _check_duplicates(child, path, offset)


def _line_of(node: yaml.Node | None, where: list[str | int], offset: int) -> int | None:
    line = node.start_mark.line + offset if node is not None else None
    for step in where:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            node = node.value[step] if step < len(node.value) else None
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + offset
    return line


def _describe(error: jsonschema.ValidationError) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "front-matter"
    if error.validator == "required":
        return f"{where}: {error.message.replace(' is a required property', '')} is missing"
    if error.validator == "enum":
        allowed = " | ".join(str(v) for v in error.validator_value)
        return f"{where}: {error.instance!r} is not one of {allowed}"
    if error.validator == "type":
        return f"{where}: {error.instance!r} should be {error.validator_value}"
    if error.validator == "additionalProperties":
        return f"{where}: {error.message}"
    return f"{where}: {error.message}"


def validate(data: Any, node: yaml.Node | None, path: Path | str, offset: int) -> list[BriefError]:
    """Every schema violation of a front-matter mapping, with line numbers."""
    validator = jsonschema.Draft202012Validator(schema())
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        line = _line_of(node, list(error.absolute_path), offset)
        problems.append(BriefError(_describe(error), path=path, line=line,
                                   hint="see docs/brief-format.md for the fields"))
    return problems


def load_front_matter(text: str, path: Path | str) -> tuple[dict[str, Any], str, yaml.Node, int]:
    """Parsed front-matter, body, YAML node tree and line offset; raises BriefError."""
    head, body, first = split(text, path)
    offset = first
    try:
        node = yaml.compose(head, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + offset if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise BriefError(f"broken YAML: {problem}", path=path, line=line,
                         hint="check indentation, colons and quotes on that line") from None
    if node is None:
        raise BriefError("the front-matter is empty", path=path, line=1,
                         hint="restore the fields, or delete the brief to re-extract it")
    _check_duplicates(node, path, offset)
    data = yaml.load(head, Loader=_Loader)
    if not isinstance(data, dict):
        raise BriefError("the front-matter must be a mapping of keys to values", path=path,
                         line=offset, hint="write 'key: value' lines")
    return data, body, node, offset


def _item(cls: type, raw: dict[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in raw.items() if k in names})


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


def parse(text: str, path: Path | str) -> Brief:
    """A Brief from file text; raises BriefError naming the first problem's line."""
    problems = check_text(text, path)
    if problems:
        raise problems[0]
    data, body, _node, _offset = load_front_matter(text, path)
    return from_dict(data, body)


def check_text(text: str, path: Path | str) -> list[BriefError]:
    """Every problem of a brief's text (empty when it is valid)."""
    try:
        data, _body, node, offset = load_front_matter(text, path)
    except BriefError as exc:
        return [exc]
    problems = validate(data, node, path, offset)
    date = data.get("date")
    if isinstance(date, str) and not problems:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            problems.append(BriefError(f"date: {date!r} is not a real date", path=path,
                                       line=_line_of(node, ["date"], offset),
                                       hint="write YYYY-MM-DD or null"))
    return problems


def read(path: Path) -> Brief:
    """Read and validate one brief file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BriefError(f"not valid UTF-8 (byte {exc.start})", path=path,
                         hint="save the file as UTF-8") from None
    except OSError as exc:
        raise BriefError(f"cannot read: {exc.strerror}", path=path) from None
    return parse(text, path)


def brief_paths(folder: Path) -> list[Path]:
    """Brief files in a folder, sorted; hidden files and folders are skipped."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.md") if not p.name.startswith("."))



# --- the stage edge: briefs/ on disk ------------------------------------------------------

BASE_DIR = ".base"


@dataclass(frozen=True)
class Loaded:
    """Valid briefs of a folder and the problems of the broken ones."""

    briefs: tuple[Brief, ...]
    paths: dict[str, Path]
    problems: tuple[BriefError, ...]


def load_all(folder: Path) -> Loaded:
    """Every brief in folder; broken ones are reported with all their problems."""
    briefs: list[Brief] = []
    paths: dict[str, Path] = {}
    problems: list[BriefError] = []
    for path in brief_paths(folder):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(BriefError(f"cannot read: {exc}", path=path,
                                       hint="save the brief as UTF-8 text"))
            continue
        found = check_text(text, path)
        if found:
            problems.extend(found)
            continue
        data, body, _node, _offset = load_front_matter(text, path)
        brief = from_dict(data, body)
        briefs.append(brief)
        paths[brief.source.path] = path
    return Loaded(tuple(briefs), paths, tuple(problems))


def _base_path(folder: Path, slug: str) -> Path:
    return folder / BASE_DIR / f"{slug}.yaml"


def _read_base(folder: Path, slug: str) -> tuple[dict[str, Any], str | None] | None:
    try:
        data = yaml.load(_base_path(folder, slug).read_text("utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("front_matter"), dict):
        return None
    return data["front_matter"], data.get("body")


@dataclass(frozen=True)
class Updated:
    """What update() did to the briefs folder."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    frozen: tuple[str, ...]
    conflicts: dict[str, list[dict[str, Any]]]
    orphans: tuple[str, ...]
    removed: tuple[str, ...]
    problems: tuple[BriefError, ...]


def update(folder: Path, extracted: list[Brief], seeds_present: set[str], *,
           prune: bool = False) -> Updated:
    """Write new briefs and merge re-extractions into hand-edited ones; never lose an edit."""
    from .fsutil import remove_if_exists, write_if_changed
    from .merge import merge, merge_body

    folder.mkdir(parents=True, exist_ok=True)
    by_source: dict[str, Path] = {}
    broken: dict[Path, BriefError] = {}
    for path in brief_paths(folder):
        try:
            text = path.read_text(encoding="utf-8")
            data, _body, _n, _o = load_front_matter(text, path)
            source = data.get("source")
            if isinstance(source, dict) and isinstance(source.get("path"), str):
                by_source[source["path"]] = path
        except (OSError, UnicodeDecodeError):
            broken[path] = BriefError("cannot read", path=path)
        except BriefError as exc:
            broken[path] = exc
    written: list[str] = []
    unchanged: list[str] = []
    frozen: list[str] = []
    conflicts: dict[str, list[dict[str, Any]]] = {}
    problems: list[BriefError] = []
    for new in extracted:
        target = by_source.get(new.source.path, folder / f"{new.slug}.md")
        if target in broken:
            problems.append(BriefError(
                f"not updated from {new.source.path}: {broken[target].message}",
                path=target, line=broken[target].line,
                hint="fix the brief by hand (nothing was overwritten), then run again"))
            continue
        theirs = to_dict(new)
        content: str
        if target.exists():
            try:
                ours_brief = read(target)
            except BriefError as exc:
                problems.append(exc)
                continue
            if ours_brief.extra.get("reviewed") is True:
                frozen.append(str(target))
                continue
            ours = to_dict(ours_brief)
            base = _read_base(folder, ours_brief.slug)
            base_data, base_body = base if base else (ours, ours_brief.body)
            merged, found = merge(base_data, ours, theirs)
            if found:
                conflicts[str(target)] = found
            body = merge_body(base_body, ours_brief.body, new.body)
            content = f"{FENCE}\n{dump_yaml(merged)}{FENCE}\n\n{body}"
            slug_ = ours_brief.slug
        else:
            content = dump(new)
            slug_ = new.slug
        snapshot = dump_yaml({"front_matter": theirs, "body": new.body})
        write_if_changed(_base_path(folder, slug_), snapshot)
        (written if write_if_changed(target, content) else unchanged).append(str(target))
    orphans = sorted(str(p) for s, p in by_source.items() if s not in seeds_present)
    removed: list[str] = []
    if prune:
        for orphan in orphans:
            path = Path(orphan)
            try:
                slug_ = read(path).slug
            except BriefError:
                slug_ = path.stem
            remove_if_exists(path)
            remove_if_exists(_base_path(folder, slug_))
            removed.append(orphan)
    return Updated(tuple(written), tuple(unchanged), tuple(frozen), conflicts,
                   tuple(o for o in orphans if o not in removed), tuple(removed),
                   tuple(problems))
