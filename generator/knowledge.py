"""Knowledge-base files checked against their schema, with the file and line of each problem.

The same schema (generator/schema/knowledge.schema.json) describes the bundled files in
generator/data/kb/ and a project's knowledge/ folder; docs/knowledge-base.md explains it.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs
import yaml

from . import briefs as briefs_stage
from .briefs.frontmatter import compose, duplicate_keys, yaml_error
from .errors import BriefingError, ConfigError
from .kb import FILES, bundled, fold

if TYPE_CHECKING:  # imported where a file is not certainly valid (see _validator)
    import jsonschema

DOCS = "see docs/knowledge-base.md"
_TYPES = {"string": "text", "array": "a list", "boolean": "true or false",
          "integer": "a whole number", "object": "a mapping of keys to values", "null": "null"}
_WHOLE: dict[str, tuple[list[str | int], str, str]] = {
    "array": ([], "a knowledge-base file must be a YAML list of entries",
              "start each entry with '- name: ...'"),
    "object": ([], "this file must be a mapping of sections to their values",
               "start each section with 'name:' at the start of a line"),
}
_PATTERNS = {
    "code": ("a two-letter ISO 3166-1 code in capitals such as DE or US",
             "a country's code, not its name"),
    "jurisdiction": ("a country code such as US or DE, a subdivision code such as US-OH, "
                     "or international", "use the ISO 3166 code of the country or state"),
    "country": ("a two-letter ISO 3166-1 code in capitals such as DE or US",
                "a country's code, not its name"),
    "regions.code": ("an ISO 3166-2 code in capitals such as DE-BY or US-OH",
                     "the country's code, a hyphen and the region's"),
}


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of knowledge-base entries: one definition per file."""
    text = resources.files("generator").joinpath("schema/knowledge.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    import jsonschema

    return jsonschema.Draft202012Validator({**schema(), "$ref": f"#/$defs/{name}"})


@cache
def _quick_validator(name: str) -> Any:
    return jsonschema_rs.validator_for({**schema(), "$ref": f"#/$defs/{name}"})


def _schema_errors(name: str, data: Any) -> list[jsonschema.ValidationError]:
    """What the schema finds wrong; jsonschema-rs answers first when all is well (faster)."""
    try:
        if _quick_validator(name).is_valid(data):
            return []
    except Exception:  # a value it cannot take: jsonschema decides
        pass
    return list(_validator(name).iter_errors(data))


def _key(item: dict[str, Any]) -> str:
    """What the loader compares to match a project entry with a bundled one."""
    return fold(str(item.get("code") or item.get("name")))


def _same(label: str) -> str:
    """A name as written, less case and spacing: the same name twice in one file."""
    return " ".join(label.casefold().split())


def _converted(exc: BriefingError) -> ConfigError:
    return ConfigError(exc.message, path=exc.path, line=exc.line, hint=exc.hint)


def _parse(path: Path) -> tuple[yaml.Node | None, Any]:
    """The file's node tree and data; raises ConfigError for what is not YAML at all."""
    try:
        text = briefs_stage.read_text(path)
        try:  # libyaml's parser when present: the same tree, six times faster
            return compose(text, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:  # the pure-Python parser's messages are the same everywhere
            return compose(text, yaml.SafeLoader)
    except BriefingError as exc:
        raise _converted(exc) from None
    except yaml.YAMLError as exc:
        raise _converted(yaml_error(exc, text, path, 1)) from None
    except (ValueError, RecursionError) as exc:  # PyYAML's own: '0b_', 'x: &a [*a]'
        what = ("an alias refers to itself" if isinstance(exc, RecursionError)
                else f"a value cannot be read ({exc})")
        raise ConfigError(f"broken YAML: {what}", path=path,
                          hint="check the values and the & and * marks") from None


def _line(node: yaml.Node | None, where: Iterable[str | int]) -> int | None:
    """The line of the entry, key or list item at where (1-based)."""
    line = node.start_mark.line + 1 if node is not None else None
    for step in where:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == step), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) \
                and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _scalar(node: yaml.Node | None, where: list[str | int]) -> yaml.ScalarNode | None:
    """The scalar at where as it is written in the file ('NO', not False)."""
    for step in where:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) \
                and step < len(node.value):
            node = node.value[step]
        else:
            return None
    return node if isinstance(node, yaml.ScalarNode) else None


def _close(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return match[0] if match else None


def _describe(error: jsonschema.ValidationError, name: str, node: yaml.Node | None,
              ) -> list[tuple[list[str | int], str, str]]:
    """(where, what is wrong, how to fix it) for one schema violation."""
    where: list[str | int] = list(error.absolute_path)
    number = f"entry {where[0] + 1}" if where and isinstance(where[0], int) else "the file"
    key = next((str(step) for step in reversed(where) if isinstance(step, str)), "")
    value = error.instance
    if not where and error.validator == "type":
        return [_WHOLE[str(error.validator_value)]]
    if error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        found = []
        for extra in sorted(str(k) for k in value if k not in known):
            close = _close(extra, known)
            hint = (f"did you mean '{close}'?" if close else
                    f"{'an entry of ' if where else ''}{name}.yaml takes {', '.join(known)}")
            found.append(([*where, extra], f"unknown key '{extra}'", hint))
        return found
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return [(where, f"{number} has no {missing}", f"every entry needs '{missing}: ...'")]
    if error.validator == "type" and not key:
        return [(where, f"{number} should be a mapping of keys to values",
                 "write '- name: ...' and the entry's other keys indented below it")]
    if error.validator == "type":
        wanted = error.validator_value
        wanted = wanted if isinstance(wanted, list) else [wanted]
        should = " or ".join(_TYPES.get(str(w), str(w)) for w in wanted)
        what = f"{key}: item {where[-1] + 1}" if isinstance(where[-1], int) else f"{key}:"
        scalar = _scalar(node, where)
        if value is None:
            return [(where, f"{what} is empty", "write a value, or delete it")]
        if "string" in wanted and scalar is not None:
            read = json.dumps(value) if isinstance(value, bool) else (
                "a number" if isinstance(value, int | float) else "a date")
            return [(where, f"{key}: {scalar.value} is read as {read}, not as text",
                     f"put it in quotes: \"{scalar.value}\"")]
        if "array" in wanted:
            return [(where, f"{what} {value!r} should be a list", f"write {key}: [{value}]")]
        if isinstance(value, list | dict):
            got = _TYPES["array" if isinstance(value, list) else "object"]
            return [(where, f"{what} should be {should}, not {got}", DOCS)]
        hint = "write it without quotes" if scalar is not None and scalar.style else DOCS
        return [(where, f"{what} {value!r} should be {should}", hint)]
    if error.validator == "enum":
        allowed = [str(v) for v in error.validator_value if v is not None]
        close = _close(str(value), allowed)
        return [(where, f"{key}: {value!r} is not one of {' | '.join(allowed)}",
                 f"did you mean '{close}'?" if close else DOCS)]
    if error.validator == "minLength":
        what = f"{key}: item {where[-1] + 1}" if isinstance(where[-1], int) else f"{key}:"
        return [(where, f"{what} is empty", "write a value, or delete it")]
    if error.validator == "pattern":
        should, hint = _PATTERNS.get(f"{name}.{key}") or _PATTERNS.get(
            key, (f"match {error.validator_value}", DOCS))
        return [(where, f"{key}: {value!r} should be {should}", hint)]
    if error.validator in ("minimum", "maximum"):
        bound = "at least" if error.validator == "minimum" else "at most"
        return [(where, f"{key}: {value!r} should be {bound} {error.validator_value}", DOCS)]
    return [(where, f"{key or number}: {error.message}", DOCS)]


def _duplicate_keys(root: yaml.Node | None, path: Path) -> list[ConfigError]:
    return [ConfigError(f"duplicate key '{key}' (first at line {first})", path=path,
                        line=line, hint="keep one of the two")
            for key, line, first in (duplicate_keys(root, 1) if root is not None else ())]


def _entries(data: list[Any], root: yaml.Node | None, path: Path, name: str,
             bundled: list[dict[str, Any]] | None) -> list[ConfigError]:
    """Entries named twice; extend or remove of what the bundled file does not have."""
    problems: list[ConfigError] = []
    first: dict[str, int] = {}
    known = {_key(item): str(item.get("code") or item.get("name")) for item in bundled or ()}
    for index, item in enumerate(data):
        if not isinstance(item, dict) or not isinstance(item.get("code", item.get("name")),
                                                         str):
            continue
        key, line = _key(item), _line(root, [index])
        label = str(item.get("code") or item.get("name"))
        if _same(label) in first:
            problems.append(ConfigError(
                f"'{label}' is listed twice (first at line {first[_same(label)]})", path=path,
                line=line, hint="merge the two entries"))
        first.setdefault(_same(label), line or 0)
        action = next((a for a in ("remove", "extend") if item.get(a) is True), None)
        if bundled is not None and action and key not in known:
            close = _close(label, known.values())
            problems.append(ConfigError(
                f"'{label}' is not in the bundled {name}.yaml, so '{action}: true' does nothing",
                path=path, line=_line(root, [index, action]),
                hint=f"did you mean '{close}'?" if close else
                "check the spelling, or delete the entry" if action == "remove" else
                "check the spelling, or drop 'extend: true' to add it as a new entry"))
    return problems


def problems(path: Path, name: str, bundled: list[dict[str, Any]] | None = None,
             ) -> list[ConfigError]:
    """Every problem of one knowledge-base file, in line order; name: which file it is.

    bundled: the bundled entries of the same file, when path is a project's file whose
    'extend' and 'remove' entries refer to them.
    """
    try:
        root, data = _parse(path)
    except ConfigError as exc:
        return [exc]
    if data is None:
        return []
    found = _duplicate_keys(root, path)
    try:
        errors = _schema_errors(name, data)
    except RecursionError:
        return [ConfigError("broken YAML: an alias refers to itself", path=path,
                            hint="check the values and the & and * marks")]
    for error in errors:
        for where, what, hint in _describe(error, name, root):
            found.append(ConfigError(what, path=path, line=_line(root, where), hint=hint))
    if isinstance(data, list):
        found += _entries(data, root, path, name, bundled)
    return sorted(found, key=lambda p: (p.line or 0, p.message))


def bundled_folder() -> Path:
    """The bundled knowledge-base files (generator/data/kb/)."""
    return Path(str(resources.files("generator").joinpath("data/kb")))


def check(folder: Path) -> list[ConfigError]:
    """Every problem of the bundled files and of a project's knowledge/ folder.

    The bundled files count too, as an analyst may edit them in a checkout; in knowledge/,
    so do files briefing would not read (actor.yaml, actors.yml).
    """
    found: list[ConfigError] = []
    for path in sorted(bundled_folder().glob("*.yaml")):
        if path.stem in schema()["$defs"]:
            found += problems(path, path.stem)
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix not in (".yaml", ".yml") \
                or not path.is_file():
            continue
        if path.suffix == ".yaml" and path.stem in FILES:
            found += problems(path, path.stem, bundled(path.stem))
            continue
        readable = [f"{n}.yaml" for n in FILES]
        close = _close(path.name, readable, 0.8)
        found.append(ConfigError(
            "not a knowledge-base file, so briefing does not read it", path=path,
            hint=f"did you mean {close}?" if close else
            f"the files read are {', '.join(readable)}"))
    return found
