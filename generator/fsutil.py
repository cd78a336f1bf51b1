"""Safe file writes: atomic, and only when the content changes.

A file is written to a hidden temporary file next to it (``.<name>.<random>.tmp``), flushed
to disk and renamed over the target, so that a reader (or a run killed at any moment) sees
the old or the new complete file, never a part. Temporary files a killed run leaves behind
start with '.', so nothing takes them for briefs or pages; the next run removes them.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from functools import cache
from pathlib import Path

TEMP_NAME = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")


@cache
def _default_mode() -> int:
    """Permissions of a new file: rw for all, less the umask (read once, not thread-safe)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_if_changed(path: Path, content: str | bytes, *, durable: bool = True) -> bool:
    """Atomically replace path with content unless it already holds it; True if written.

    The file keeps its permissions; a new file gets the usual ones (not mkstemp's 0600).
    durable=False skips the flush to disk (still atomic for readers and killed runs) for
    files that are generated again at will, such as pages: one fsync each costs minutes
    at tens of thousands of pages on some disks.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = _default_mode()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return True


def remove_if_exists(path: Path) -> bool:
    """Delete path if present; True if something was removed."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def remove_temp_files(folder: Path) -> list[Path]:
    """Delete the temporary files an interrupted write_if_changed left below folder."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for current, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if TEMP_NAME.fullmatch(name):
                path = Path(current) / name
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed.append(path)
    return removed
