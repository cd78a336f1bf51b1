"""Reading front-matter YAML: line-accurate errors, and a quick path for plain valid briefs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
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

from ..errors import BriefError
from .fileformat import FastLoader, Loader, split


def duplicate_keys(node: yaml.Node, offset: int) -> Iterator[tuple[Any, int, int]]:
    """Keys given twice in a mapping anywhere under node: (key, its line, the first's line)."""
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
                    yield name, line, seen[name]
                seen.setdefault(name, line)
            stack.extend(value for _key, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))


def _check_duplicates(node: yaml.Node, path: Path | str, offset: int) -> None:
    duplicate = next(duplicate_keys(node, offset), None)
    if duplicate is not None:
        name, line, first = duplicate
        raise BriefError(f"duplicate key '{name}' (first at line {first})", path=path,
                         line=line, hint="keep one of the two entries")


def node_line(node: yaml.Node | None, where: list[str | int], offset: int) -> int | None:
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



# Deeper than any brief or knowledge file needs (a brief: front-matter, conflicts, a conflict,
# a list kept, an item); deeper YAML only costs recursion, in PyYAML and everywhere after.
MAX_DEPTH = 8


class Refused(yaml.MarkedYAMLError):
    """YAML that parses but is refused before it is built: an alias, or too deep nesting."""

    def __init__(self, problem: str, mark: Any, hint: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.hint = hint


def refuse_hostile(text: str, loader_class: type) -> None:
    """Raise Refused at the first alias or at nesting deeper than MAX_DEPTH.

    An alias lets a kilobyte of YAML stand for gigabytes of data ("billion laughs"), and
    every reader after the parser (the schema, the pages, the JSON download) expands it;
    no brief needs one (the generator never writes one). Reads parser events only, so it
    costs no node tree and no recursion. Syntax errors are left to the parser's own report.
    """
    loader = loader_class(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            kind = type(event)
            if kind is AliasEvent:
                raise Refused(f"*{event.anchor} refers to another value, and aliases are not "
                              "allowed", event.start_mark, "write the value out in full")
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    raise Refused(f"nested more than {MAX_DEPTH} levels deep", event.start_mark,
                                  "flatten this value")
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                depth -= 1
    except Refused:
        raise
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def yaml_error(exc: yaml.YAMLError, head: str, path: Path | str, offset: int) -> BriefError:
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
    hint = exc.hint if isinstance(exc, Refused) else \
        "check indentation, colons and quotes on that line"
    return BriefError(f"broken YAML: {problem}", path=path, line=line, hint=hint)


def compose(head: str, loader_class: type) -> tuple[yaml.Node | None, Any]:
    """The YAML text's node tree (for line numbers) and the data built from it; raises
    Refused (a YAMLError) for aliases and deep nesting, see refuse_hostile."""
    refuse_hostile(head, loader_class)
    loader = loader_class(head)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def parse_head(head: str, body: str, offset: int, path: Path | str,
                  ) -> tuple[dict[str, Any], str, yaml.Node, int]:
    try:
        node, data = compose(head, FastLoader)
    except (ValueError, RecursionError) as exc:  # PyYAML's own: '0b_', 'x: &a [*a]'
        what = ("an alias refers to itself" if isinstance(exc, RecursionError)
                else f"a value cannot be read ({exc})")
        raise BriefError(f"broken YAML: {what}", path=path, line=offset,
                         hint="check the values and the & and * marks") from None
    except yaml.YAMLError as exc:
        if FastLoader is Loader:
            raise yaml_error(exc, head, path, offset) from None
        try:  # the pure-Python parser's messages are the same on every installation
            node, data = compose(head, Loader)
        except yaml.YAMLError as slow:
            raise yaml_error(slow, head, path, offset) from None
        raise yaml_error(exc, head, path, offset) from None
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
    return parse_head(*split(text, path), path)


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
            if len(stack) == MAX_DEPTH:
                return None  # too deep: the full path refuses it with its line
            stack.append(value)
            keys.append(_NO_KEY)
            names.append(set())
        elif not stack:
            return None
    if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
        return None
    return root if type(root) is dict else None


def quick_data(head: str) -> dict[str, Any] | None:
    """The front-matter mapping exactly as the node tree would give it, without building one.

    Only the plain case is handled: one document holding a mapping, no anchors, aliases,
    tags or duplicate keys. Anything else, errors included, gives None: the full path then
    reads the text again and reports what it finds, with line numbers.
    """
    loader = FastLoader(head)
    try:
        return _build(loader)
    except Exception:  # constructors may raise more than YAMLError; the full path decides
        return None
    finally:
        loader.dispose()



def front_matter(text: str, path: Path | str) -> dict[str, Any]:
    """The parsed front-matter mapping, unvalidated; raises BriefError as load_front_matter."""
    head, body, offset = split(text, path)
    quick = quick_data(head)
    return quick if quick is not None else parse_head(head, body, offset, path)[0]

