"""User-facing errors: every one names the file (and line) and says how to fix it."""

from __future__ import annotations

import os
from pathlib import Path


def shown(path: Path | str) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    text = str(path)
    if os.path.isabs(text):
        try:
            relative = os.path.relpath(text)
        except ValueError:
            return text
        if relative != "." and not relative.startswith(".."):
            return relative
    return text


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
        return f"{where}{self.message}{hint}"


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
