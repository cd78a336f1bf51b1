"""Safe file writes: atomic, and only when the content changes.

A file is written to a hidden temporary file next to it (``.<name>.<random>.tmp``), flushed
to disk and renamed over the target, so that a reader (or a run killed at any moment) sees
the old or the new complete file, never a part. Temporary files a killed run leaves behind
start with '.', so nothing takes them for briefs or pages; the next run removes them.

While a journal is open (``with journal() as own:``), every file written or removed here is
recorded with its signature afterwards: ``briefing serve`` tells its own writes from an
analyst's save that happened during a rebuild.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

TEMP_NAME = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")


Signature = tuple[int, int, int]


def file_signature(path: str | Path) -> Signature | None:
    """What tells a file from an edited one without reading it: mtime, size, inode."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


class Journal:
    """The files written or removed (signature None) while the journal was open."""

    def __init__(self) -> None:
        self.files: dict[str, Signature | None] = {}

    def record(self, path: Path) -> None:
        name = os.path.abspath(path)
        self.files[name] = file_signature(name)


_journals: list[Journal] = []


@contextlib.contextmanager
def journal() -> Iterator[Journal]:
    """Record every write and removal of this process until the block ends."""
    own = Journal()
    _journals.append(own)
    try:
        yield own
    finally:
        _journals.remove(own)


def _recorded(path: Path) -> None:
    for own in _journals:
        own.record(path)


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
    _recorded(path)
    return True


def remove_if_exists(path: Path) -> bool:
    """Delete path if present; True if something was removed."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    _recorded(path)
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
