"""User-facing errors: every one names the file (and line) and says how to fix it."""

from __future__ import annotations

import os
import re
from pathlib import Path

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e"
                          r"\u2060-\u2069\ufeff\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    return _ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """text on one line as a terminal shows it: line breaks, control and bidi characters escaped.

    A file name or a value from a file can then never start a line of its own (forging a
    message) nor send escape sequences to the terminal.
    """
    return _UNPRINTABLE.sub(_escape, text)


def shown(path: Path | str) -> str:
    """A path as the user should see it: relative to the working directory when inside it,
    with control characters escaped."""
    text = str(path)
    if os.path.isabs(text):
        try:
            relative = os.path.relpath(text)
        except ValueError:
            return printable(text)
        if relative != "." and not relative.startswith(".."):
            return printable(relative)
    return printable(text)


class BriefingError(Exception):
    """Base of every error a user can cause and fix."""

    def __init__(
        self, message: str, path: Path | str | None = None, line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            path = shown(self.path)
            where = f"{path}:{self.line}: " if self.line else f"{path}: "
        hint = f" ({self.hint})" if self.hint else ""
        return printable(f"{where}{self.message}{hint}")


class ConfigError(BriefingError):
    """The project configuration (mkdocs.yml, knowledge base, templates) is unusable."""


class SeedError(BriefingError):
    """A seed file cannot be read as an article."""


class BriefError(BriefingError):
    """A brief (possibly hand-edited) is not valid."""


class RenderError(BriefingError):
    """A template failed to render."""


class SiteError(BriefingError):
    """mkdocs could not build the site."""
