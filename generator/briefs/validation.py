"""Validating front-matter against the brief schema: exact messages, and a quick yes."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs
import yaml

from ..errors import BriefError
from ..models import Brief
from .fileformat import from_dict
from .frontmatter import node_line

if TYPE_CHECKING:  # jsonschema is imported where a brief is not certainly valid: 0.1-0.2 s
    import jsonschema


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the brief front-matter (shipped in the package)."""
    text = resources.files("generator").joinpath("schema/brief.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


# Plain words for the schema's patterns, by the last key of the path they apply to.
_PATTERNS = {
    "slug": "lowercase letters, digits and '-', starting with a letter or digit",
    "language": "a two-letter ISO 639-1 code such as de or en",
    "date": "a date written YYYY-MM-DD, or null",
    "sha256": "64 hexadecimal digits",
    "currency": "a three-letter ISO 4217 code such as EUR or USD",
    "url": "a web address starting with http:// or https://, without spaces or quotes",
}
_TYPES = {"string": "text", "number": "a number", "integer": "a whole number",
          "boolean": "true or false", "array": "a list", "object": "a mapping of keys to values",
          "null": "null"}


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _describe(error: jsonschema.ValidationError) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "front-matter"
    last = str(error.absolute_path[-1]) if error.absolute_path else ""
    if error.validator == "required":
        return f"{where}: {error.message.replace(' is a required property', '')} is missing"
    if error.validator == "enum":
        allowed = " | ".join("null" if v is None else str(v) for v in error.validator_value)
        return f"{where}: {_short(error.instance)} is not one of {allowed}"
    if error.validator == "type":
        wanted = error.validator_value
        names = [_TYPES.get(str(w), str(w))
                 for w in (wanted if isinstance(wanted, list) else [wanted])]
        return f"{where}: {_short(error.instance)} should be {' or '.join(names)}"
    if error.validator == "pattern":
        return f"{where}: {_short(error.instance)} should be " \
            f"{_PATTERNS.get(last, error.message)}"
    if error.validator == "minLength":
        return f"{where}: must not be empty"
    if error.validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in set(error.instance) - known)
        keys = ", ".join(repr(k) for k in extra)
        return f"{where}: unknown key{'s' if len(extra) != 1 else ''} {keys}"
    return f"{where}: {error.message}"


@cache
def validator() -> jsonschema.Draft202012Validator:
    """jsonschema's validator of the schema: slow, but its errors make the messages."""
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


def validate(data: Any, node: yaml.Node | None, path: Path | str, offset: int) -> list[BriefError]:
    """Every schema violation of a front-matter mapping, with line numbers, in file order."""
    problems = []
    for error in validator().iter_errors(data):
        where: list[str | int] = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = set(error.schema.get("properties", {}))
            where += sorted((str(k) for k in error.instance if k not in known), key=str)[:1]
        line = node_line(node, where, offset)
        problems.append(BriefError(_describe(error), path=path, line=line,
                                   hint="see docs/brief-format.md for the fields"))
    return sorted(problems, key=lambda p: (p.line or 0, p.message))


@cache
def _quick_validator() -> Any:
    return jsonschema_rs.validator_for(schema())


def certainly_valid(data: dict[str, Any]) -> bool:
    """True only if find_problems() would find nothing in data; False means 'not sure'.

    jsonschema-rs (compiled, many times faster) says yes or no; where it is stricter than
    jsonschema (a pattern's '$' before a final line break, NaN) or cannot take a value (a
    key that is no text), the answer is 'not sure' and jsonschema decides, with its messages.
    """
    try:
        if not _quick_validator().is_valid(data):
            return False
    except Exception:  # a value it cannot take is a 'not sure', never a yes
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


def read_back(front_matter: dict[str, Any], body: str, text: str) -> Brief | None:
    """The Brief that text, written from front_matter and body, reads back as; None if unsure.

    Saves parsing what was just written: YAML reads plain values back as they were dumped
    (tests/test_roundtrip.py), and the quick checker vouches for validity. Text with a
    carriage return is left to the parser, as reading turns it into a line feed.
    """
    if "\r" in text or not _plain(front_matter) or not certainly_valid(front_matter):
        return None
    return from_dict(front_matter, body)


def _not_numbers(value: Any, where: list[str | int]) -> Iterator[list[str | int]]:
    """Where value holds a float that is no number (.nan, .inf, 1e999): JSON has none."""
    if isinstance(value, float) and not math.isfinite(value):
        yield where
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _not_numbers(item, [*where, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _not_numbers(item, [*where, index])


def _yaml_float(value: float) -> str:
    return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"


def find_problems(data: dict[str, Any], node: yaml.Node, path: Path | str,
                  offset: int) -> list[BriefError]:
    """Every problem of a parsed front-matter mapping: the schema's, a date that is none, and
    numbers that are none."""
    problems = validate(data, node, path, offset)
    for where in _not_numbers(data, []):
        value: Any = data
        for step in where:
            value = value[step]
        problems.append(BriefError(
            f"{'.'.join(map(str, where))}: {_yaml_float(value)} is not a number", path=path,
            line=node_line(node, where, offset),
            hint="write the amount in digits, e.g. 2000000000"))
    date = data.get("date")
    if isinstance(date, str) and not any(p.message.startswith("date:") for p in problems):
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            problems.append(BriefError(f"date: {date!r} is not a real date", path=path,
                                       line=node_line(node, ["date"], offset),
                                       hint="write YYYY-MM-DD or null"))
    return problems
