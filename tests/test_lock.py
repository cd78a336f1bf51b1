"""One run at a time per project: a lock in .briefing/, a clear message, no stale locks.

The holder of the lock is another process here (a run in this one would be the same run):
a small Python program that takes the lock the way a run does and waits.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.config import load_project
from generator.site import Built

SEED = ("Nvidia baut Rechenzentrum\nBerlin, 02.05.2025\n\nNvidia-Chef Jensen Huang kündigte "
        "Investitionen von 2 Milliarden Euro an.\n")
HOLDER = """
import os, sys, time
from generator.config import load_project
from generator.site import Built
from generator.lock import locked
with locked(load_project(), "briefing build"):
    if os.fork() == 0:  # a worker process outlives its parent: it must not keep the lock
        os.write(1, b"worker\\n")
        time.sleep(60)
        os._exit(0)
    os.write(1, b"held\\n")
    time.sleep(float(sys.argv[1]))
"""


@contextlib.contextmanager
def _holder(root: Path, seconds: float = 60) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(seconds)], cwd=root,
                               stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert process.stdout is not None
    assert sorted(process.stdout.readline() for _ in range(2)) == ["held\n", "worker\n"]
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _started(root: Path) -> str:
    since = json.loads((root / ".briefing" / "lock").read_text("utf-8"))["started"]
    return dt.datetime.fromisoformat(since).strftime("%H:%M:%S")


@pytest.fixture
def project_with_seed(project: Path) -> Path:
    (project / "seeds" / "nvidia.txt").write_text(SEED, "utf-8")
    os.chdir(project)
    return project


def test_a_second_run_is_refused_with_who_holds_the_lock(project_with_seed: Path) -> None:
    root = project_with_seed
    with _holder(root) as holder:
        for command in (["extract", "--jobs", "1"], ["render"], ["build", "--jobs", "1"]):
            result = CliRunner().invoke(cli, command)
            assert result.exit_code == 1
            assert result.stderr == (
                f"error: .briefing/lock: briefing build (process {holder.pid}, started "
                f"{_started(root)}) is working on this project; one run at a time (wait for "
                "it to finish or stop it, then run again)\n")
        assert not (root / "briefs").exists()
        check = CliRunner().invoke(cli, ["check"])  # reads only: no lock needed
        assert "is working on this project" not in check.output


def test_the_lock_of_a_killed_run_is_no_obstacle(project_with_seed: Path) -> None:
    root = project_with_seed
    with _holder(root) as holder:
        os.kill(holder.pid, signal.SIGKILL)  # its forked worker lives on
        holder.wait()
        assert (root / ".briefing" / "lock").read_text("utf-8")  # the stale record is there
        result = CliRunner().invoke(cli, ["extract", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert (root / "briefs" / "nvidia.md").is_file()


def test_serve_waits_for_the_other_run(project_with_seed: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import serve

    root = project_with_seed
    monkeypatch.setattr(serve, "site", lambda project, strict=True, clean=True, progress=False:
                        Built(project.site, not clean, 0, 0))
    lines: list[str] = []
    with _holder(root, seconds=1.5) as holder:
        expected = f"waiting for briefing build (process {holder.pid}, started {_started(root)})"
        started = time.monotonic()
        waiter = threading.Thread(target=serve.Rebuilder(load_project(root), 1, lines.append))
        waiter.start()
        waiter.join(timeout=60)
        assert time.monotonic() - started >= 1.0
        assert lines[0] == f"{expected} to finish"
    assert (root / "briefs" / "nvidia.md").is_file()
