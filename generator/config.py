"""The project layout: where seeds, briefs, templates, docs and the site live."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .errors import ConfigError

CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class Project:
    """Paths of one briefing project; defaults come from the folder holding mkdocs.yml."""

    root: Path
    seeds: Path
    briefs: Path
    templates: Path
    docs: Path
    site: Path
    knowledge: Path

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def state(self) -> Path:
        """Git-ignored cache folder (content hashes, never needed for correctness)."""
        return self.root / ".briefing"

    def with_overrides(self, **paths: Path | None) -> Project:
        """A copy with the given paths replaced (None keeps the default)."""
        return replace(self, **{k: v.resolve() for k, v in paths.items() if v is not None})


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above start that holds mkdocs.yml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def load_project(start: Path | None = None, *, required: bool = True) -> Project:
    """The project around start (default: the working directory)."""
    root = find_root(start)
    if root is None:
        if required:
            raise ConfigError(
                f"no {CONFIG_FILE} found here or in any parent folder",
                path=(start or Path.cwd()).resolve(),
                hint="run briefing inside a project, or pass --seeds/--briefs/--docs explicitly",
            )
        root = (start or Path.cwd()).resolve()
    return Project(
        root=root,
        seeds=root / "seeds",
        briefs=root / "briefs",
        templates=root / "templates",
        docs=root / "docs",
        site=root / "site",
        knowledge=root / "knowledge",
    )
