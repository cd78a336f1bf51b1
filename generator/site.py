"""Site stage: mkdocs build of the rendered docs/ into site/."""

from __future__ import annotations

import logging
from pathlib import Path

from .config import Project
from .errors import SiteError


class _Collect(logging.Handler):
    """Keeps mkdocs' warnings so they can be reported as one error."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def site(project: Project, *, strict: bool = True, site_dir: Path | None = None) -> Path:
    """Build the site with MkDocs; returns the site folder."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    target = (site_dir or project.site).resolve()
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(
            config_file=str(project.config_file), docs_dir=str(project.docs),
            site_dir=str(target), strict=strict,
        )
        build(config)
    except exceptions.ConfigurationError as exc:
        raise SiteError(f"invalid configuration: {exc}", path=project.config_file,
                        hint="see the MkDocs configuration reference") from None
    except (exceptions.Abort, exceptions.BuildError) as exc:
        detail = "; ".join(collect.messages[:5]) or str(exc)
        raise SiteError(f"mkdocs build failed: {detail}", path=project.config_file,
                        hint="fix the warnings above, or build without --strict") from None
    finally:
        logger.removeHandler(collect)
    return target
