"""One run at a time per project: an advisory lock on ``.briefing/lock``.

extract, render and build hold it for the whole run, ``briefing serve`` for each rebuild;
check and suggest only read and take none. The lock is the kernel's (flock), so it ends with
the process that holds it: a run that was killed leaves no stale lock, only its record
(command, process, start time) in the file, which the next run overwrites. Worker processes
forked during a run do not hold it. Outside a project (no mkdocs.yml, so no .briefing/
folder) and where flock is missing (Windows) runs are not locked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable, Iterator

from .config import Project
from .errors import BriefingError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "lock"
_HINT = "wait for it to finish or stop it, then run again"
_held: set[int] = set()


def _close_in_child() -> None:
    """A forked worker closes its copy: the lock stays the parent's and ends with it."""
    for fd in _held:
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)


class Busy(BriefingError):
    """Another run holds the project's lock."""


def _holder(fd: int) -> str:
    """Who holds the lock, as its record says: 'briefing build (process 1234, started …)'."""
    try:
        record = json.loads(os.pread(fd, 4096, 0).decode("utf-8"))
        started = dt.datetime.fromisoformat(record["started"]).strftime("%H:%M:%S")
        return f"{record['command']} (process {int(record['pid'])}, started {started})"
    except (OSError, ValueError, KeyError, TypeError):
        return "another briefing run"  # it has not written its record yet


@contextlib.contextmanager
def locked(project: Project, command: str,
           wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the project's lock for the block; raise Busy if another run holds it.

    With wait, say so through it and wait for the other run instead (briefing serve).
    """
    if fcntl is None or not project.config_file.is_file():
        yield
        return
    path = project.state / LOCK_NAME
    project.state.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            if wait is None:
                raise Busy(f"{holder} is working on this project; one run at a time",
                           path=path, hint=_HINT) from None
            wait(f"waiting for {holder} to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        _held.add(fd)
        record = {"command": command, "pid": os.getpid(),
                  "started": dt.datetime.now().isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(record) + "\n").encode("utf-8"), 0)
        yield
    finally:
        _held.discard(fd)
        os.close(fd)
