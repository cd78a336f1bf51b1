"""Site stage: mkdocs build of the rendered docs/ into site/, replacing it as a whole.

MkDocs writes into a hidden staging folder beside site/ (``.site.new-<random>``); only the
finished folder takes site/'s place, in one rename (Linux: renameat2 with RENAME_EXCHANGE,
so that site/ never is missing; elsewhere two renames). A build that fails or is killed
half-way leaves site/ as it was, for ``briefing serve`` and a deploy, and the next build
removes what it left behind. Every step that completes the site (a search index built from
the pages, say) works on the staging folder too, before publish().
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import shutil
import sys
import tempfile
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


def staging_folder(target: Path, *, from_previous: bool = False) -> Path:
    """A new hidden folder beside target to build the next site in.

    from_previous starts it as a copy of the current site, for a build that only rewrites
    what changed (MkDocs' dirty build). A copy, not hard links: MkDocs writes files in
    place, which would change the published site while it is being served.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    if from_previous and target.is_dir():
        shutil.copytree(target, staging, symlinks=True, dirs_exist_ok=True)
    return staging


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return int(renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second),
                         rename_exchange)) == 0


def publish(staging: Path, target: Path) -> None:
    """Put the finished staging folder in target's place and remove the old site."""
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        old = staging  # now holds the old site
    else:
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rename(target, old / "site")
        os.rename(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def remove_leftovers(target: Path) -> None:
    """Delete the staging and old folders a killed build left beside target."""
    with contextlib.suppress(OSError):
        for path in target.parent.iterdir():
            name = path.name
            if name.startswith((f".{target.name}.new-", f".{target.name}.old-")) \
                    and path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)


def _mkdocs_build(project: Project, site_dir: Path, strict: bool) -> None:
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(
            config_file=str(project.config_file), docs_dir=str(project.docs),
            site_dir=str(site_dir), strict=strict,
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


def site(project: Project, *, strict: bool = True, site_dir: Path | None = None) -> Path:
    """Build the site with MkDocs into a staging folder, then publish it; returns site/."""
    target = (site_dir or project.site).resolve()
    remove_leftovers(target)
    staging = staging_folder(target)
    try:
        _mkdocs_build(project, staging, strict)
        publish(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
