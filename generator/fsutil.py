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
import ctypes
import errno
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

TEMP_NAME = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")


Signature = tuple[int, int, int]


def stat_signature(info: os.stat_result) -> Signature:
    """The signature (mtime, size, inode) of a file's stat."""
    return info.st_mtime_ns, info.st_size, info.st_ino


def file_signature(path: str | Path) -> Signature | None:
    """What tells a file from an edited one without reading it: mtime, size, inode."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return stat_signature(info)


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


def note_written(path: Path) -> None:
    """Record in the open journals a file that a worker process wrote for this one."""
    _recorded(path)


@cache
def _default_mode() -> int:
    """Permissions of a new file: rw for all, less the umask (read once, not thread-safe)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _temp_file(path: Path, data: bytes, durable: bool) -> str:
    """A hidden temporary file beside path holding data, with path's permissions."""
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
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


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
    tmp = _temp_file(path, data, durable)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _recorded(path)
    return True


# --- writes that never overwrite someone else's save -------------------------------------

CLAIM_SUFFIX = ".claimed"


class Changed(Exception):
    """The file is no longer what was read: someone saved it since. Nothing was written."""


def _claim(path: Path, expected: bytes) -> Path:
    """Move path aside to a hidden claim file, if it still holds expected; else Changed.

    While the claim is held, path does not exist: a save in that moment creates a new file,
    which the link in replace_if_unchanged then refuses to replace. A run killed while it
    holds a claim leaves it for restore_claims.
    """
    claim = path.with_name(f".{path.name}.{os.urandom(4).hex()}{CLAIM_SUFFIX}")
    try:
        os.rename(path, claim)
    except FileNotFoundError:
        raise Changed(path) from None  # deleted since it was read: that stays
    if claim.read_bytes() != expected:
        _give_back(claim, path)
        raise Changed(path)
    return claim


def _give_back(claim: Path, path: Path) -> bool:
    """Put a claimed file back, unless a newer save took its place meanwhile; True if put."""
    try:
        os.link(claim, path)
    except FileExistsError:
        put = False
    except OSError:  # a file system without hard links
        put = not path.exists()
        if put:
            os.rename(claim, path)
            return True
    else:
        put = True
    os.unlink(claim)
    return put


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 with RENAME_EXCHANGE); False where the
    system or its file system cannot. Raises FileNotFoundError when either is missing."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second),
                 rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code == errno.ENOENT:
        raise FileNotFoundError(code, os.strerror(code), str(second))
    return False


def replace_if_unchanged(path: Path, expected: bytes | None, content: str | bytes) -> bool:
    """Atomically replace path with content if it still holds expected (None: absent).

    False when path already holds content (nothing written); raises Changed, writing
    nothing, when path was saved (or created, or deleted) by someone else since it was read
    as expected. The check and the replacement leave no moment in which a save could be
    lost, nor one in which path is missing: the new file is swapped in and the old one,
    swapped out, is compared (and swapped back if it changed; should ours have been saved
    into while it stood at path, that newer save is put back instead). Where files cannot be
    swapped, the old file is moved aside and compared, the new one linked into its place only if
    nothing new appeared there, and the old one compared again afterwards, for a writer that
    opened it before it was moved.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if data == expected:
        return False
    if expected is not None:
        # A look first: a save found here costs no swap, during which ours would stand at
        # path and an editor reading it then would not see their own save.
        try:
            if path.read_bytes() != expected:
                raise Changed(path)
        except FileNotFoundError:
            raise Changed(path) from None
    tmp = _temp_file(path, data, durable=True)
    claim: Path | None = None
    try:
        if expected is not None:
            try:
                swapped = exchange(Path(tmp), path)
            except FileNotFoundError:
                raise Changed(path) from None  # deleted since it was read: that stays
            if swapped:  # tmp now holds the file that was at path
                if Path(tmp).read_bytes() != expected:
                    exchange(Path(tmp), path)  # saved meanwhile: that save goes back
                    if Path(tmp).read_bytes() != data:
                        # and one saved into ours while it stood at path is newer still
                        exchange(Path(tmp), path)
                    raise Changed(path)
                _recorded(path)
                return True
            claim = _claim(path, expected)
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise Changed(path) from None  # a new save appeared while the old one was aside
        except OSError:  # a file system without hard links: a last look, then a rename
            if path.exists():
                raise Changed(path) from None
            os.rename(tmp, path)
        if claim is not None and claim.read_bytes() != expected:
            os.replace(claim, path)  # written to while aside: that save is the newest
            claim = None
            raise Changed(path)
    finally:
        for leftover in (tmp, claim):
            if leftover is not None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(leftover)
    _recorded(path)
    return True


def remove_if_unchanged(path: Path, expected: bytes) -> None:
    """Delete path if it still holds expected; else raise Changed and delete nothing."""
    claim = _claim(path, expected)
    _recorded(path)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(claim)


def restore_claims(folder: Path) -> list[Path]:
    """Put back the files a killed run had moved aside (see _claim) where nothing replaced
    them; drop the claims of files that were replaced. Returns the files put back."""
    restored: list[Path] = []
    if not folder.is_dir():
        return restored
    for claim in sorted(folder.glob(f".*{CLAIM_SUFFIX}")):
        name = claim.name[1:-len(CLAIM_SUFFIX)].rsplit(".", 1)[0]
        with contextlib.suppress(OSError):
            if _give_back(claim, folder / name):
                restored.append(folder / name)
    return restored


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


def link_tree(source: Path, target: Path, *, leave_out: frozenset[str] = frozenset(),
              copied: frozenset[str] = frozenset()) -> None:
    """target as a copy of source whose files are hard links; the files named in copied,
    symbolic links and files no link can be made for are copied; the folders at the top
    named in leave_out are left out (and where target has them, left as they are).

    What target holds already is reused: a file that is a link to source's stays, every
    other file or folder that differs from source's is replaced, and what source lacks is
    removed. So a target that was a linked copy of an earlier version of source (the site
    before last) is brought up to date by touching only what changed since."""
    os.makedirs(target, exist_ok=True)
    _link_folder(os.fspath(source), os.fspath(target), leave_out, copied)


def _link_folder(source: str, target: str, leave_out: frozenset[str],
                 copied: frozenset[str]) -> None:
    """link_tree() of one folder (target exists): target's entries made those of source,
    then its folders."""
    with os.scandir(source) as entries:
        wanted = {entry.name: entry for entry in entries if entry.name not in leave_out}
    with os.scandir(target) as entries:
        present = {entry.name: entry for entry in entries if entry.name not in leave_out}
    for name in sorted(present.keys() - wanted.keys()):
        remove_path(present.pop(name).path)
    folders = []
    for name in sorted(wanted):
        entry, have = wanted[name], present.get(name)
        path = f"{target}{os.sep}{name}"
        if entry.is_dir(follow_symlinks=False):
            if have is None or not have.is_dir(follow_symlinks=False):
                if have is not None:
                    remove_path(have.path)
                os.mkdir(path)
            folders.append((entry.path, path))
            continue
        if have is not None:
            if name not in copied and _same_link(entry, have):
                continue
            remove_path(have.path)
        if name not in copied and not entry.is_symlink():
            try:
                os.link(entry.path, path)
                continue
            except OSError:
                pass
        shutil.copy2(entry.path, path, follow_symlinks=False)
    for folder, there in folders:
        _link_folder(folder, there, frozenset(), copied)


def _same_link(entry: os.DirEntry[str], have: os.DirEntry[str]) -> bool:
    """Whether have is a hard link to the same regular file as entry."""
    if entry.is_symlink() or have.is_symlink() or not have.is_file(follow_symlinks=False):
        return False
    mine, theirs = entry.stat(follow_symlinks=False), have.stat(follow_symlinks=False)
    return (mine.st_ino, mine.st_dev) == (theirs.st_ino, theirs.st_dev)


def remove_path(path: str | os.PathLike[str], *, quiet: bool = False) -> None:
    """Delete a file, a symbolic link or a whole folder; quiet: errors, and nothing there,
    are ignored."""
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=quiet)
        else:
            os.unlink(path)
    except OSError:
        if not quiet:
            raise
