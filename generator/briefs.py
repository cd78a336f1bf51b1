"""Briefs on disk: Markdown with YAML front-matter, read with line-accurate errors."""

from __future__ import annotations

import datetime as dt
import json
import re
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


class _Loader(yaml.SafeLoader):
    """Safe loader that keeps dates as strings (the schema checks their format)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FastLoader: type = _Loader
if getattr(yaml, "__with_libyaml__", False):

    class _CLoader(yaml.CSafeLoader):
        """The same loader on libyaml's parser: many times faster on large briefs."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader = _CLoader


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
    """The full brief file: front-matter fence, YAML, fence, blank line, article body as is."""
    return f"{FENCE}\n{dump_yaml(to_dict(brief))}{FENCE}\n\n{brief.body}"


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


# Plain words for the schema's patterns, by the last key of the path they apply to.
_PATTERNS = {
    "slug": "lowercase letters, digits and '-', starting with a letter or digit",
    "language": "a two-letter ISO 639-1 code such as de or en",
    "date": "a date written YYYY-MM-DD, or null",
    "sha256": "64 hexadecimal digits",
    "currency": "a three-letter ISO 4217 code such as EUR or USD",
}
_TYPES = {"string": "text", "number": "a number", "integer": "a whole number",
          "boolean": "true or false", "array": "a list", "object": "a mapping of keys to values",
          "null": "null"}


def _describe(error: jsonschema.ValidationError) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "front-matter"
    last = str(error.absolute_path[-1]) if error.absolute_path else ""
    if error.validator == "required":
        return f"{where}: {error.message.replace(' is a required property', '')} is missing"
    if error.validator == "enum":
        allowed = " | ".join(str(v) for v in error.validator_value)
        return f"{where}: {error.instance!r} is not one of {allowed}"
    if error.validator == "type":
        wanted = error.validator_value
        names = [_TYPES.get(str(w), str(w))
                 for w in (wanted if isinstance(wanted, list) else [wanted])]
        return f"{where}: {error.instance!r} should be {' or '.join(names)}"
    if error.validator == "pattern":
        return f"{where}: {error.instance!r} should be {_PATTERNS.get(last, error.message)}"
    if error.validator == "minLength":
        return f"{where}: must not be empty"
    if error.validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in set(error.instance) - known)
        keys = ", ".join(repr(k) for k in extra)
        return f"{where}: unknown key{'s' if len(extra) != 1 else ''} {keys}"
    return f"{where}: {error.message}"


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def validate(data: Any, node: yaml.Node | None, path: Path | str, offset: int) -> list[BriefError]:
    """Every schema violation of a front-matter mapping, with line numbers, in file order."""
    problems = []
    for error in _validator().iter_errors(data):
        where: list[str | int] = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = set(error.schema.get("properties", {}))
            where += sorted((str(k) for k in error.instance if k not in known), key=str)[:1]
        line = _line_of(node, where, offset)
        problems.append(BriefError(_describe(error), path=path, line=line,
                                   hint="see docs/brief-format.md for the fields"))
    return sorted(problems, key=lambda p: (p.line or 0, p.message))


def _yaml_error(exc: yaml.YAMLError, head: str, path: Path | str, offset: int) -> BriefError:
    """A parser error as 'broken YAML' at the file line where the parser gave up."""
    if isinstance(exc, yaml.reader.ReaderError):
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        return BriefError(f"broken YAML: the character {char!r} is not allowed", path=path,
                          line=head.count("\n", 0, exc.position) + offset,
                          hint="delete it, or write it as an escape in double quotes")
    mark = getattr(exc, "problem_mark", None)
    line: int | None = mark.line + offset if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None and context_mark.line + offset != line:
        problem += f" ({context} at line {context_mark.line + offset})"
    return BriefError(f"broken YAML: {problem}", path=path, line=line,
                      hint="check indentation, colons and quotes on that line")


def _compose(head: str, loader_class: type) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(head)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def load_front_matter(text: str, path: Path | str) -> tuple[dict[str, Any], str, yaml.Node, int]:
    """Parsed front-matter, body, YAML node tree and line offset; raises BriefError."""
    head, body, offset = split(text, path)
    try:
        node, data = _compose(head, _FastLoader)
    except yaml.YAMLError as exc:
        if _FastLoader is _Loader:
            raise _yaml_error(exc, head, path, offset) from None
        try:  # the pure-Python parser's messages are the same on every installation
            node, data = _compose(head, _Loader)
        except yaml.YAMLError as slow:
            raise _yaml_error(slow, head, path, offset) from None
        raise _yaml_error(exc, head, path, offset) from None
    if node is None:
        raise BriefError("the front-matter is empty", path=path, line=1,
                         hint="restore the fields, or delete the brief to re-extract it")
    _check_duplicates(node, path, offset)
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


def _problems(data: dict[str, Any], node: yaml.Node, path: Path | str,
              offset: int) -> list[BriefError]:
    problems = validate(data, node, path, offset)
    date = data.get("date")
    if isinstance(date, str) and not any(p.message.startswith("date:") for p in problems):
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            problems.append(BriefError(f"date: {date!r} is not a real date", path=path,
                                       line=_line_of(node, ["date"], offset),
                                       hint="write YYYY-MM-DD or null"))
    return problems


def load(text: str, path: Path | str) -> tuple[Brief | None, list[BriefError]]:
    """The brief in text, or None and every problem found in it."""
    try:
        data, body, node, offset = load_front_matter(text, path)
    except BriefError as exc:
        return None, [exc]
    problems = _problems(data, node, path, offset)
    return (None if problems else from_dict(data, body)), problems


def parse(text: str, path: Path | str) -> Brief:
    """A Brief from file text; raises BriefError naming the first problem's line."""
    brief, problems = load(text, path)
    if brief is None:
        raise problems[0]
    return brief


def check_text(text: str, path: Path | str) -> list[BriefError]:
    """Every problem of a brief's text (empty when it is valid)."""
    return load(text, path)[1]


def read_text(path: Path) -> str:
    """A brief file's text with CRLF or CR line ends read as LF; raises BriefError.

    (A checkout on Windows may turn every line end into CRLF: that is no edit of the body.)
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BriefError(f"cannot read: {exc.strerror or exc}", path=path,
                         hint="check that the file exists and is readable") from None
    try:
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BriefError(f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset "
                         f"{exc.start}", path=path, line=line,
                         hint="save the file as UTF-8 in your editor") from None


def read(path: Path) -> Brief:
    """Read and validate one brief file."""
    return parse(read_text(path), path)


def brief_paths(folder: Path) -> list[Path]:
    """Brief files in a folder, sorted; hidden files (temporary files among them) skipped."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.md") if not p.name.startswith(".") and p.is_file())


# --- the stage edge: briefs/ on disk ------------------------------------------------------

BASE_DIR = ".base"
_SOURCE_PATH = re.compile(r"^source:[ \t]*\n(?:[ \t]+.*\n)*?[ \t]+path:[ \t]*(\S.*?)[ \t]*$",
                          re.M)


@dataclass(frozen=True)
class Loaded:
    """Valid briefs of a folder and the problems of the broken ones."""

    briefs: tuple[Brief, ...]
    paths: dict[str, Path]
    problems: tuple[BriefError, ...]


def load_all(folder: Path) -> Loaded:
    """Every brief in folder; broken ones are reported with all their problems.

    Besides each file's own problems, a slug that is not the file's name or that another
    brief uses too is a problem: both would put two briefs on one page.
    """
    briefs: list[Brief] = []
    paths: dict[str, Path] = {}
    problems: list[BriefError] = []
    slugs: dict[str, Path] = {}
    for path in brief_paths(folder):
        try:
            brief, found = load(read_text(path), path)
        except BriefError as exc:
            brief, found = None, [exc]
        if brief is not None and brief.slug != path.stem:
            found = [BriefError(f"slug: {brief.slug!r} is not the file name {path.name!r}",
                                path=path, line=line_of(path, ["slug"]),
                                hint=f"write slug: {path.stem}, or rename the file to "
                                     f"{brief.slug}.md")]
        elif brief is not None and brief.slug in slugs:
            found = [BriefError(f"slug: {brief.slug!r} is used by {slugs[brief.slug].name} too",
                                path=path, line=line_of(path, ["slug"]),
                                hint="give one of them another slug and file name")]
        if brief is None or found:
            problems.extend(found)
            continue
        slugs[brief.slug] = path
        briefs.append(brief)
        paths[brief.source.path] = path
    return Loaded(tuple(briefs), paths, tuple(problems))


def line_of(path: Path, where: list[str | int]) -> int | None:
    """The file line of a front-matter value, e.g. ["actors", 2, "name"]; None if unknown."""
    try:
        _data, _body, node, offset = load_front_matter(read_text(path), path)
    except BriefError:
        return None
    return _line_of(node, where, offset)


def source_of(text: str) -> str | None:
    """The seed path a brief names, read leniently so that broken briefs keep their seed."""
    try:
        data = load_front_matter(text, "")[0]
    except BriefError:
        match = _SOURCE_PATH.search(text)
        if match is None:
            return None
        try:
            value = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            return None
        return value if isinstance(value, str) else None
    source = data.get("source")
    if isinstance(source, dict) and isinstance(source.get("path"), str):
        return str(source["path"])
    return None


def _base_path(folder: Path, stem: str) -> Path:
    return folder / BASE_DIR / f"{stem}.yaml"


def _read_base(folder: Path, stem: str) -> tuple[dict[str, Any], str | None] | None:
    try:
        text = _base_path(folder, stem).read_text("utf-8")
        data = yaml.load(text, Loader=_FastLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("front_matter"), dict):
        return None
    body = data.get("body")
    return data["front_matter"], body if isinstance(body, str) else None


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


def _merged_text(folder: Path, target: Path, ours_text: str, ours_brief: Brief, new: Brief,
                 ) -> tuple[str, list[dict[str, Any]]]:
    """The file text after merging new into the brief on disk, and the fresh conflicts."""
    from .merge import merge, merge_body

    ours = to_dict(ours_brief)
    base = _read_base(folder, target.stem)
    # Without the snapshot nothing tells an edit from an old extraction: everything on disk
    # counts as an edit (kept; where the new extraction differs, a conflict is recorded).
    base_data, base_body = base if base is not None else ({}, None)
    merged, found = merge(base_data, ours, to_dict(new))
    body = merge_body(base_body, ours_brief.body, new.body)
    if merged == ours and body == ours_brief.body:
        return ours_text, found  # nothing to change: keep the file byte for byte (comments)
    return f"{FENCE}\n{dump_yaml(merged)}{FENCE}\n\n{body}", found


def update(folder: Path, extracted: list[Brief], seeds_present: set[str] | None, *,
           prune: bool = False) -> Updated:
    """Write new briefs and merge re-extractions into hand-edited ones; never lose an edit.

    seeds_present holds every seed path found (readable or not); briefs of other seeds are
    orphans, deleted with prune. None means the seeds are unknown: nothing is an orphan.
    Each brief is written before its base snapshot in .base/, so that a run killed between
    the two still merges correctly next time.
    """
    from .fsutil import remove_if_exists, write_if_changed

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        problem = BriefError(f"cannot create the briefs folder: {exc.strerror or exc}",
                             path=folder, hint="remove what is in the way, or pass --briefs")
        return Updated((), (), (), {}, (), (), (problem,))
    by_source: dict[str, Path] = {}
    valid: dict[Path, tuple[str, Brief]] = {}
    broken: dict[Path, BriefError] = {}
    for path in brief_paths(folder):
        try:
            text = read_text(path)
        except BriefError as exc:
            broken[path] = exc
            continue
        brief, found = load(text, path)
        source = brief.source.path if brief is not None else source_of(text)
        if brief is None:
            broken[path] = found[0]
        else:
            valid[path] = (text, brief)
        if source is not None and source not in by_source:
            by_source[source] = path
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
        if target in valid:
            ours_text, ours_brief = valid[target]
            if ours_brief.source.path != new.source.path:
                problems.append(BriefError(
                    f"not updated from {new.source.path}: the brief is {ours_brief.source.path}'s",
                    path=target, hint="run again; if it persists, delete .briefing/"))
                continue
            if ours_brief.extra.get("reviewed") is True:
                frozen.append(str(target))
                continue
            content, fresh = _merged_text(folder, target, ours_text, ours_brief, new)
            if fresh:
                conflicts[str(target)] = fresh
        else:
            content = dump(new)
        snapshot = dump_yaml({"front_matter": to_dict(new), "body": new.body})
        try:
            (written if write_if_changed(target, content) else unchanged).append(str(target))
            write_if_changed(_base_path(folder, target.stem), snapshot)
        except OSError as exc:
            problems.append(BriefError(f"cannot write: {exc.strerror or exc}", path=target,
                                       hint="check the folder's permissions and free space"))
    orphans: list[str] = []
    removed: list[str] = []
    for source, path in sorted(by_source.items(), key=lambda kv: kv[1]):
        if seeds_present is None or source in seeds_present or path in broken:
            continue
        reviewed = valid[path][1].extra.get("reviewed") is True
        if prune and not reviewed:
            try:
                remove_if_exists(path)
                remove_if_exists(_base_path(folder, path.stem))
            except OSError as exc:
                problems.append(BriefError(f"cannot delete: {exc.strerror or exc}", path=path,
                                           hint="delete it by hand"))
                continue
            removed.append(str(path))
        else:
            orphans.append(str(path))
    return Updated(tuple(written), tuple(unchanged), tuple(frozen), conflicts,
                   tuple(orphans), tuple(removed), tuple(problems))
