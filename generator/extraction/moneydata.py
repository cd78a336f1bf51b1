"""The data the money-amount finder reads: money.yaml (cue words) and the CLDR currency table."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError

__all__ = ["CLDR_PATH", "MONEY_PATH", "check", "cldr", "money"]

_DATA = Path(__file__).resolve().parent.parent / "data"
MONEY_PATH = _DATA / "money.yaml"
CLDR_PATH = _DATA / "money-cldr.json"

_SECTIONS: dict[str, type] = {
    "currencies": dict, "ambiguous": dict, "fixed": dict, "common_words": list,
    "not_words": list, "not_codes": list, "codes_need_scale": list, "scaled_codes": dict,
    "trusted_letter_symbols": list,
    "minor_units": dict, "scales": dict, "qualifiers": dict, "vague": dict, "number_words": dict,
}


def _line(text: str, key: str) -> int | None:
    """The line of a top-level key or list item in money.yaml, for messages."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.split("#")[0].rstrip().lstrip("- ").startswith(f"{key}:") or \
                line.strip() == f"- {key}":
            return number
    return None


def _fail(text: str, key: str, message: str, path: Path) -> ConfigError:
    return ConfigError(message, path=path, line=_line(text, key),
                       hint="see docs/knowledge-base.md, section Money")


def check(data: Any, codes: set[str], text: str = "", path: Path = MONEY_PATH) -> None:
    """Raise ConfigError (path:line) where money.yaml does not have the expected shape."""
    if not isinstance(data, dict):
        raise ConfigError("money.yaml must be a mapping of sections", path=path, line=1)
    for section, kind in _SECTIONS.items():
        if not isinstance(data.get(section), kind):
            raise _fail(text, section, f"section '{section}' is missing or not a "
                        f"{'mapping' if kind is dict else 'list'}", path)
    unknown = sorted(set(data) - set(_SECTIONS))
    if unknown:
        raise _fail(text, unknown[0], f"unknown section '{unknown[0]}'", path)

    def need_code(code: Any, where: str) -> None:
        if code not in codes:
            raise _fail(text, where, f"'{code}' under '{where}' is not an ISO 4217 code of a "
                        "currency in use", path)

    for code, entry in data["currencies"].items():
        need_code(code, code)
        if not isinstance(entry, dict) or set(entry) - {"words", "symbols"} or not all(
                isinstance(v, list) and all(isinstance(w, str) for w in v)
                for v in entry.values()):
            raise _fail(text, code, f"'{code}' needs lists of strings under 'words' and/or "
                        "'symbols'", path)
    for form, candidates in data["ambiguous"].items():
        if not isinstance(candidates, list) or not candidates:
            raise _fail(text, str(form), f"'{form}' needs a list of currency codes", path)
        for code in candidates:
            need_code(code, str(form))
    for form, code in data["fixed"].items():
        need_code(code, str(form))
    for name, entry in data["minor_units"].items():
        if not isinstance(entry, dict) or ("currency" not in entry):
            raise _fail(text, name, f"minor unit '{name}' needs 'currency:'", path)
        if entry["currency"] is not None:
            need_code(entry["currency"], name)
    for group in ("singular", "plural", "other", "letters"):
        scales = data["scales"].get(group)
        if not isinstance(scales, dict):
            raise _fail(text, "scales", f"scales need a '{group}' mapping", path)
        for word, spec in scales.items():
            ok = isinstance(spec, list) and len(spec) == 2 and spec[1] in ("de", "en", "-")
            try:
                ok = ok and Decimal(str(spec[0])) > 0
            except ArithmeticError:
                ok = False
            if not ok:
                raise _fail(text, word, f"scale '{word}' needs [multiplier, de|en|-]", path)
    for group in ("approximate", "at_least", "at_most", "minus"):
        if not isinstance(data["qualifiers"].get(group), list):
            raise _fail(text, "qualifiers", f"qualifiers need a '{group}' list", path)
    for language in ("de", "en"):
        words = data["number_words"].get(language)
        if not isinstance(words, dict) or not isinstance(words.get("values"), dict):
            raise _fail(text, "number_words", f"number_words need '{language}: values:'", path)


@cache
def cldr() -> dict[str, Any]:
    """The CLDR table: ISO code -> names, local plurals, symbols, countries, digits."""
    data = json.loads(CLDR_PATH.read_text(encoding="utf-8"))
    currencies: dict[str, Any] = data["currencies"]
    return currencies


@cache
def money() -> dict[str, Any]:
    """money.yaml, checked."""
    text = MONEY_PATH.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"broken YAML: {getattr(exc, 'problem', exc)}", path=MONEY_PATH,
                          line=mark.line + 1 if mark else None) from None
    check(data, set(cldr()), text)
    return dict(data)
