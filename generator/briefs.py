"""Briefs on disk: Markdown with YAML front-matter, read with line-accurate errors."""

from __future__ import annotations

import contextlib
import copyreg
import datetime as dt
import gc
import hashlib
import io
import json
import os
import pickle
import re
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

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
_FastDumper: type = _Dumper
if getattr(yaml, "__with_libyaml__", False):

    class _CDumper(yaml.CSafeDumper):
        """The same dumper on libyaml's emitter: many times faster (see dump_yaml)."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    _CDumper.add_representer(str, _str)  # type: ignore[arg-type]
    _FastDumper = _CDumper


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


def _check_duplicates(node: yaml.Node, path: Path | str, offset: int) -> None:
    stack, visited = [node], set()
    while stack:  # not recursive: an alias may make the node graph a cycle
        node = stack.pop()
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key, _value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                line = key.start_mark.line + offset
                if name in seen:
                    raise BriefError(
                        f"duplicate key '{name}' (first at line {seen[name]})", path=path,
                        line=line, hint="keep one of the two entries",
                    )
                seen[name] = line
            stack.extend(value for _key, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))


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


def _front_matter(head: str, body: str, offset: int, path: Path | str,
                  ) -> tuple[dict[str, Any], str, yaml.Node, int]:
    try:
        node, data = _compose(head, _FastLoader)
    except (ValueError, RecursionError) as exc:  # PyYAML's own: '0b_', 'x: &a [*a]'
        what = ("an alias refers to itself" if isinstance(exc, RecursionError)
                else f"a value cannot be read ({exc})")
        raise BriefError(f"broken YAML: {what}", path=path, line=offset,
                         hint="check the values and the & and * marks") from None
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


def load_front_matter(text: str, path: Path | str) -> tuple[dict[str, Any], str, yaml.Node, int]:
    """Parsed front-matter, body, YAML node tree and line offset; raises BriefError."""
    return _front_matter(*split(text, path), path)


# --- the quick path: valid briefs without a node tree or the schema validator -------------

_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                         "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"})
_NO_KEY: Any = object()


def _build(loader: Any) -> dict[str, Any] | None:
    """The document's mapping built from parser events; None at anything unusual."""
    get, constructors = loader.get_event, loader.yaml_constructors
    resolvers = loader.yaml_implicit_resolvers
    if None in resolvers or loader.yaml_path_resolvers:
        return None  # the resolution below would not be BaseResolver.resolve's
    if type(get()) is not StreamStartEvent or type(get()) is not DocumentStartEvent:
        return None
    root: Any = None
    stack: list[Any] = []  # the open mappings and lists, innermost last
    keys: list[Any] = []  # for each: the key awaiting its value, or _NO_KEY
    names: list[set[str]] = []  # for each: the keys as written (as _check_duplicates sees them)
    while True:
        event = get()
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            keys.pop()
            names.pop()
            if not stack:
                break
            continue
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                return None
            value = event.value
            if event.implicit[0]:  # plain, not quoted: BaseResolver.resolve, inlined
                for tag, regexp in resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        if tag not in _PLAIN_TAGS:
                            return None  # merge keys, '=' and the like: the full path decides
                        value = constructors[tag](loader, ScalarNode(tag, value))
                        break
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                return None
            value = {} if kind is MappingStartEvent else []
        else:
            return None  # an alias, or a document that is no collection
        if not stack:
            root = value
        elif type(stack[-1]) is list:
            stack[-1].append(value)
        elif keys[-1] is _NO_KEY:
            if kind is not ScalarEvent or event.value in names[-1] or value in stack[-1]:
                return None  # a complex or duplicate key: the full path reports it
            names[-1].add(event.value)
            keys[-1] = value
        else:
            stack[-1][keys[-1]] = value
            keys[-1] = _NO_KEY
        if kind is not ScalarEvent:
            stack.append(value)
            keys.append(_NO_KEY)
            names.append(set())
        elif not stack:
            return None
    if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
        return None
    return root if type(root) is dict else None


def _quick_data(head: str) -> dict[str, Any] | None:
    """The front-matter mapping exactly as the node tree would give it, without building one.

    Only the plain case is handled: one document holding a mapping, no anchors, aliases,
    tags or duplicate keys. Anything else, errors included, gives None: the full path then
    reads the text again and reports what it finds, with line numbers.
    """
    loader = _FastLoader(head)
    try:
        return _build(loader)
    except Exception:  # constructors may raise more than YAMLError; the full path decides
        return None
    finally:
        loader.dispose()


Check = Callable[[Any], bool]
# Schema keywords that never reject a value (format is not asserted: no format checker).
_ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "format", "default",
                          "examples", "$comment"})
_TYPE_OF: dict[str, tuple[type, ...]] = {
    "string": (str,), "number": (int, float), "integer": (int,), "boolean": (bool,),
    "null": (type(None),), "array": (list,), "object": (dict,),
}
_OBJECT_KEYWORDS = frozenset({"properties", "required", "additionalProperties"})


class _Unsupported(Exception):
    """A schema keyword the quick checker does not know."""


def _object_check(schema: dict[str, Any]) -> Check:
    properties = {k: _compile(v) for k, v in schema.get("properties", {}).items()}
    required = tuple(schema.get("required", ()))
    extra = schema.get("additionalProperties", True)
    if extra not in (True, False):
        raise _Unsupported("additionalProperties")

    def check(value: Any) -> bool:
        if type(value) is not dict:
            return True
        for key in required:
            if key not in value:
                return False
        for key, item in value.items():
            inner = properties.get(key)
            if inner is None:
                if not extra:
                    return False
            elif not inner(item):
                return False
        return True
    return check


def _keyword(key: str, arg: Any) -> Check:
    """The check of one schema keyword, applied to the types it applies to (as jsonschema)."""
    if key == "type":
        types = tuple(t for name in ([arg] if isinstance(arg, str) else arg)
                      for t in _TYPE_OF[name])

        def of_type(value: Any) -> bool:
            return type(value) in types
        return of_type
    if key == "enum":
        choices = tuple(arg)

        def one_of(value: Any) -> bool:
            return any(type(value) is type(c) and value == c for c in choices)
        return one_of
    if key == "pattern":
        search = re.compile(arg).search

        def matches(value: Any) -> bool:
            return type(value) is not str or search(value) is not None
        return matches
    if key == "minLength":
        def long_enough(value: Any) -> bool:
            return type(value) is not str or len(value) >= arg
        return long_enough
    if key in ("minimum", "maximum"):
        low = key == "minimum"

        def in_range(value: Any) -> bool:
            if type(value) not in (int, float):
                return True
            return bool(value >= arg if low else value <= arg)  # NaN: False, i.e. not sure
        return in_range
    if key == "items":
        inner = _compile(arg)

        def each(value: Any) -> bool:
            if type(value) is list:
                for item in value:
                    if not inner(item):
                        return False
            return True
        return each
    raise _Unsupported(key)


def _compile(schema: Any) -> Check:
    """A check passing only values (of plain YAML types) the schema certainly accepts.

    Types are compared exactly (an integral float is no integer here, though the schema
    would take it); every other keyword applies as in jsonschema. A keyword it does not
    know raises _Unsupported, so that a schema change cannot make it pass too much.
    """
    if schema is True:
        return lambda value: True
    if not isinstance(schema, dict):
        raise _Unsupported(repr(schema))
    checks = [_keyword(key, arg) for key, arg in schema.items()
              if key not in _ANNOTATIONS and key not in _OBJECT_KEYWORDS]
    if any(key in schema for key in _OBJECT_KEYWORDS):
        checks.append(_object_check(schema))
    if len(checks) == 1:
        return checks[0]

    def every(value: Any) -> bool:
        return all(check(value) for check in checks)
    return every


@cache
def _schema_check() -> Check:
    try:
        return _compile(schema())
    except (_Unsupported, KeyError):
        return lambda value: False  # not sure of anything: jsonschema checks every brief


def _certainly_valid(data: dict[str, Any]) -> bool:
    """True only if _problems would find nothing in data; False means 'not sure'."""
    if not _schema_check()(data):
        return False
    date = data.get("date")
    if isinstance(date, str):
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            return False
    return True


_PLAIN_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> bool:
    """Whether value holds only what YAML writes and reads back as the same (types too)."""
    kind = type(value)
    if kind in _PLAIN_SCALARS:
        return True
    if kind is list:
        return all(_plain(item) for item in value)
    if kind is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    return False


def _read_back(front_matter: dict[str, Any], body: str, text: str) -> Brief | None:
    """The Brief that text, written from front_matter and body, reads back as; None if unsure.

    Saves parsing what was just written: YAML reads plain values back as they were dumped
    (tests/test_roundtrip.py), and the quick checker vouches for validity. Text with a
    carriage return is left to the parser, as reading turns it into a line feed.
    """
    if "\r" in text or not _plain(front_matter) or not _certainly_valid(front_matter):
        return None
    return from_dict(front_matter, body)


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
    return Prepared(brief, data, text, _read_back(data, brief.body, text))


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
        head, body, offset = split(text, path)
    except BriefError as exc:
        return None, [exc]
    quick = _quick_data(head)
    if quick is not None and _certainly_valid(quick):
        return from_dict(quick, body), []
    try:  # something is wrong or unusual: the node tree gives the problems their lines
        data, body, node, offset = _front_matter(head, body, offset, path)
    except BriefError as exc:
        return None, [exc]
    problems = _problems(data, node, path, offset)
    return (None if problems else from_dict(data, body)), problems


def front_matter(text: str, path: Path | str) -> dict[str, Any]:
    """The parsed front-matter mapping, unvalidated; raises BriefError as load_front_matter."""
    head, body, offset = split(text, path)
    quick = _quick_data(head)
    return quick if quick is not None else _front_matter(head, body, offset, path)[0]


def parse(text: str, path: Path | str) -> Brief:
    """A Brief from file text; raises BriefError naming the first problem's line."""
    brief, problems = load(text, path)
    if brief is None:
        raise problems[0]
    return brief


def check_text(text: str, path: Path | str) -> list[BriefError]:
    """Every problem of a brief's text (empty when it is valid)."""
    return load(text, path)[1]


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BriefError(f"cannot read: {exc.strerror or exc}", path=path,
                         hint="check that the file exists and is readable") from None


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BriefError(f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset "
                         f"{exc.start}", path=path, line=line,
                         hint="save the file as UTF-8 in your editor") from None


def read_text(path: Path) -> str:
    """A brief file's text with CRLF or CR line ends read as LF; raises BriefError.

    (A checkout on Windows may turn every line end into CRLF: that is no edit of the body.)
    """
    return _decode(_read_bytes(path), path)


def read(path: Path) -> Brief:
    """Read and validate one brief file."""
    return parse(read_text(path), path)


def brief_paths(folder: Path) -> list[Path]:
    """Brief files in a folder, sorted; hidden files (temporary files among them) skipped."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.md") if not p.name.startswith(".") and p.is_file())


# --- the parse cache ----------------------------------------------------------------------

PARSE_FORMAT = 1
_ENTRY = ".pickle"
_HEADER = 74  # b"<code version: 64 hex digits> <CRC-32 of the pickle: 8 hex digits>\n"


@cache
def _parse_version() -> bytes:
    """A hash of what a parsed brief depends on besides its text: this code and its data."""
    digest = hashlib.sha256(f"format {PARSE_FORMAT} pickle {pickle.HIGHEST_PROTOCOL} python "
                            f"{sys.version_info[0]}.{sys.version_info[1]}\n".encode())
    for library in ("pyyaml", "jsonschema"):
        try:
            digest.update(f"{library} {metadata.version(library)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} -\n".encode())
    package = Path(__file__).resolve().parent
    for name in ("briefs.py", "models.py", "schema/brief.schema.json"):
        digest.update(f"\n{name}\n".encode())
        digest.update((package / name).read_bytes())
    return digest.hexdigest().encode()


@cache
def _init_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _init_args(obj: Any) -> tuple[type, tuple[Any, ...]]:
    cls: type = type(obj)
    return cls, tuple([getattr(obj, name) for name in _init_names(cls)])


_MODELS = (Brief, Source, Actor, Amount, Chip, Policy)
# The models pickled as calls with their fields, which load faster than their state.
_BY_INIT_ARGS = {**copyreg.dispatch_table, **dict.fromkeys(_MODELS, _init_args)}
_GLOBALS = {(cls.__module__, cls.__qualname__): cls for cls in (*_MODELS, dt.date)}


class _Unpickler(pickle.Unpickler):
    """Builds nothing but the models, dates and plain values: an entry cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _GLOBALS[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed here") from None


def _pickled(value: Any) -> bytes:
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _BY_INIT_ARGS
    pickler.dump(value)
    return out.getvalue()


def text_hash(data: bytes) -> str:
    """A brief file's key in the parse cache: the sha256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


class ParseCache:
    """Valid briefs parsed before, by the sha256 of their file: one pickle each in a folder.

    An entry is found only by the exact bytes of a brief file, so a hand edit simply misses
    it. Entries of another code version, or damaged ones (the pickle carries its CRC-32),
    count as missing. Broken briefs are never stored: their problems are found every time.
    Losing the folder only costs time; it lives in the git-ignored state folder.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()  # keys looked up or stored since the cache was opened
        self._made = False

    def get(self, key: str) -> Brief | None:
        """The brief stored under a text_hash, or None."""
        self.used.add(key)
        try:
            raw = (self.folder / f"{key}{_ENTRY}").read_bytes()
        except OSError:
            return None
        if raw[:64] != _parse_version() or raw[73:74] != b"\n" \
                or b"%08x" % zlib.crc32(memoryview(raw)[_HEADER:]) != raw[65:73]:
            return None
        stream = io.BytesIO(raw)
        stream.seek(_HEADER)
        try:
            stored, brief = _Unpickler(stream).load()
        except Exception:  # a damaged pickle can raise nearly anything: it is a miss
            return None
        return brief if stored == key and type(brief) is Brief else None

    def put(self, key: str, brief: Brief) -> None:
        """Store the brief whose file has this text_hash; a failure only costs time later."""
        self.used.add(key)
        payload = _pickled((key, brief))
        raw = b"%s %08x\n%s" % (_parse_version(), zlib.crc32(payload), payload)
        name = f"{key}{_ENTRY}"
        with contextlib.suppress(OSError):
            if not self._made:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._made = True
            # Atomic (a reader sees the whole entry or none), but not synced: it is a cache,
            # and a damaged entry is a miss. A killed run's temp file matches fsutil.TEMP_NAME.
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(raw)
                os.replace(tmp, self.folder / name)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise

    def prune(self) -> None:
        """Delete the entries not looked up or stored since the cache was opened."""
        with contextlib.suppress(OSError), os.scandir(self.folder) as entries:
            for entry in entries:
                name = entry.name
                if name.endswith(_ENTRY) and not name.startswith(".") \
                        and name[:-len(_ENTRY)] not in self.used:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def _load_bytes(data: bytes, path: Path, cache: ParseCache | None,
                ) -> tuple[Brief | None, list[BriefError]]:
    """load() of a file's bytes, through the cache when there is one."""
    key = text_hash(data) if cache is not None else ""
    brief = cache.get(key) if cache is not None else None
    if brief is not None:
        return brief, []
    try:
        text = _decode(data, path)
    except BriefError as exc:
        return None, [exc]
    brief, problems = load(text, path)
    if brief is not None and cache is not None:
        cache.put(key, brief)
    return brief, problems


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


def load_all(folder: Path, cache: ParseCache | None = None) -> Loaded:
    """Every brief in folder; broken ones are reported with all their problems.

    Besides each file's own problems, a slug that is not the file's name or that another
    brief uses too is a problem: both would put two briefs on one page. With a cache, files
    parsed before are not parsed again, and afterwards the cache keeps only this folder's.
    """
    with _collector_paused():
        return _load_all(folder, cache)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection for a while (the objects made then hold no cycles).

    Loading thousands of briefs makes millions of lasting objects; each collection the
    allocations trigger would walk all the briefs loaded so far, a second per 10,000.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_all(folder: Path, cache: ParseCache | None) -> Loaded:
    briefs: list[Brief] = []
    paths: dict[str, Path] = {}
    problems: list[BriefError] = []
    slugs: dict[str, Path] = {}
    for path in brief_paths(folder):
        try:
            brief, found = _load_bytes(_read_bytes(path), path, cache)
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
    if cache is not None:
        cache.prune()
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
        data = front_matter(text, "")
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
        try:
            data = json.loads(text)
        except ValueError:  # a snapshot written as YAML by an earlier version
            data = yaml.load(text, Loader=_FastLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
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
                 ) -> tuple[str, list[dict[str, Any]], Brief | None]:
    """The file text after merging new into the brief on disk, the fresh conflicts, and the
    Brief that text reads back as (None when that is not certain without parsing it).
    """
    from .merge import merge, merge_body

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
    return text, found, _read_back(merged, body, text)


@dataclass(frozen=True)
class _OnDisk:
    """A brief file as update() found it: its text (None if unreadable) and brief or problem."""

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

    def _read(self, path: Path) -> _OnDisk:
        try:
            data = _read_bytes(path)
            text = _decode(data, path)
        except BriefError as exc:
            return _OnDisk(None, None, exc)
        brief, found = _load_bytes(data, path, self.cache)
        return _OnDisk(text, brief, found[0] if brief is None else None)

    def owners(self) -> dict[str, Path]:
        """{seed path: brief file} read from every brief (the first in file order wins)."""
        owners: dict[str, Path] = {}
        for path in brief_paths(self.folder):
            found = self.get(path)
            if found is None or found.text is None:
                continue
            source = found.brief.source.path if found.brief else source_of(found.text)
            if source is not None and source not in owners:
                owners[source] = path
        return owners


def update(folder: Path, extracted: list[Brief], seeds_present: set[str] | None, *,
           prune: bool = False, owners: Mapping[str, Path] | None = None,
           cache: ParseCache | None = None,
           prepared: Mapping[int, Prepared] | None = None) -> Updated:
    """Write new briefs and merge re-extractions into hand-edited ones; never lose an edit.

    seeds_present holds every seed path found (readable or not); briefs of other seeds are
    orphans, deleted with prune. None means the seeds are unknown: nothing is an orphan.
    Each brief is written before its base snapshot in .base/, so that a run killed between
    the two still merges correctly next time.

    owners maps each seed path to the first brief file (in file order) naming it, broken
    briefs included (read leniently, see source_of); given it, only the briefs of extracted
    seeds and orphans are read, else every brief is. With a cache, the briefs written are
    recorded in it, so that the next load_all need not parse them. prepared ({id(brief):
    prepare(brief)}) saves writing the text of new briefs again.
    """
    from .fsutil import remove_if_exists, write_if_changed

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
    written: list[str] = []
    unchanged: list[str] = []
    frozen: list[str] = []
    conflicts: dict[str, list[dict[str, Any]]] = {}
    problems: list[BriefError] = []
    for new in extracted:
        target = by_source.get(new.source.path, folder / f"{new.slug}.md")
        ours = files.get(target)
        if ours is not None and ours.problem is not None:
            problems.append(BriefError(
                f"not updated from {new.source.path}: {ours.problem.message}",
                path=target, line=ours.problem.line,
                hint="fix the brief by hand (nothing was overwritten), then run again"))
            continue
        if ours is not None and ours.text is not None and ours.brief is not None:
            if ours.brief.source.path != new.source.path:
                problems.append(BriefError(
                    f"not updated from {new.source.path}: the brief is "
                    f"{ours.brief.source.path}'s",
                    path=target, hint="run again; if it persists, delete .briefing/"))
                continue
            if ours.brief.extra.get("reviewed") is True:
                frozen.append(str(target))
                continue
            content, fresh, reads_as = _merged_text(folder, target, ours.text, ours.brief, new)
            if fresh:
                conflicts[str(target)] = fresh
            data = to_dict(new)
        else:
            ready = prepared.get(id(new)) if prepared else None
            if ready is None or ready.brief is not new:
                ready = prepare(new)
            data, content, reads_as = ready.data, ready.text, ready.reads_as
        # One line of JSON (which YAML reads too): json's C encoder, many times faster than
        # YAML, which matters at thousands of briefs; the snapshot is not for reading.
        snapshot = json.dumps({"front_matter": data, "body": new.body},
                              ensure_ascii=False) + "\n"
        try:
            (written if write_if_changed(target, content) else unchanged).append(str(target))
            write_if_changed(_base_path(folder, target.stem), snapshot)
        except OSError as exc:
            problems.append(BriefError(f"cannot write: {exc.strerror or exc}", path=target,
                                       hint="check the folder's permissions and free space"))
            continue
        if cache is not None and reads_as is not None:
            cache.put(text_hash(content.encode("utf-8")), reads_as)
    orphans: list[str] = []
    removed: list[str] = []
    for source, path in sorted(by_source.items(), key=lambda kv: kv[1]):
        if seeds_present is None or source in seeds_present:
            continue
        found = files.get(path)
        if found is None or found.brief is None:
            continue  # a broken brief is left alone (and one gone needs nothing)
        reviewed = found.brief.extra.get("reviewed") is True
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
