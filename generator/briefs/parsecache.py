"""The parse cache: valid briefs read before, by the sha256 of their file's bytes."""

from __future__ import annotations

import contextlib
import copyreg
import datetime as dt
import hashlib
import io
import json
import os
import pickle
import sys
import tempfile
import time
import zlib
from dataclasses import fields
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..models import Actor, Amount, Brief, Chip, Policy, Source

PARSE_FORMAT = 1
_ENTRY = ".pickle"
_INDEX = "files.json"  # {file name: [mtime, ctime, size, inode, text_hash]}
# A file changed less than this long before its stat was taken may change again within the
# same clock tick, unseen by its stat: its text_hash is not kept by stat (as git does).
_SETTLED_NS = 2_000_000_000
_HEADER = 74  # b"<code version: 64 hex digits> <CRC-32 of the pickle: 8 hex digits>\n"


@cache
def _parse_version() -> bytes:
    """A hash of what a parsed brief depends on besides its text: this code and its data."""
    digest = hashlib.sha256(f"format {PARSE_FORMAT} pickle {pickle.HIGHEST_PROTOCOL} python "
                            f"{sys.version_info[0]}.{sys.version_info[1]}\n".encode())
    for library in ("pyyaml", "jsonschema", "jsonschema-rs"):
        try:
            digest.update(f"{library} {metadata.version(library)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} -\n".encode())
    here = Path(__file__).resolve().parent
    package = here.parent
    names = [f"briefs/{path.name}" for path in sorted(here.glob("*.py"))]
    for name in (*names, "models.py", "schema/brief.schema.json"):
        digest.update(f"\n{name}\n".encode())
        digest.update((package / name).read_bytes())
    return digest.hexdigest().encode()


@cache
def _init_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _init_args(obj: Any) -> tuple[type, tuple[Any, ...]]:
    cls: type = type(obj)
    return cls, tuple([getattr(obj, name) for name in _init_names(cls)])


_MODELS = (Brief, Source, Actor, Amount, Chip, Policy)
# The models pickled as calls with their fields, which load faster than their state.
_BY_INIT_ARGS = {**copyreg.dispatch_table, **dict.fromkeys(_MODELS, _init_args)}
_GLOBALS = {(cls.__module__, cls.__qualname__): cls for cls in (*_MODELS, dt.date)}


class _Unpickler(pickle.Unpickler):
    """Builds nothing but the models, dates and plain values: an entry cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _GLOBALS[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed here") from None


def _pickled(value: Any) -> bytes:
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _BY_INIT_ARGS
    pickler.dump(value)
    return out.getvalue()


def text_hash(data: bytes) -> str:
    """A brief file's key in the parse cache: the sha256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


def content_mark(key: str) -> bytes:
    """A digest that stands for the brief a file of this text_hash parses to: equal marks,
    equal briefs (the parsing code is in it too), without looking at the brief."""
    return hashlib.blake2b(_parse_version() + key.encode(), digest_size=20).digest()


class ParseCache:
    """Valid briefs parsed before, by the sha256 of their file: one pickle each in a folder.

    An entry is found only by the exact bytes of a brief file, so a hand edit simply misses
    it. Entries of another code version, or damaged ones (the pickle carries its CRC-32),
    count as missing. Broken briefs are never stored: their problems are found every time.
    Losing the folder only costs time; it lives in the git-ignored state folder.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()  # keys looked up or stored since the cache was opened
        self._made = False
        self._files: dict[str, list[Any]] | None = None  # the index, read when first asked
        self._seen: dict[str, list[Any]] = {}  # the index of the files looked at since

    def key_of(self, path: Path) -> tuple[str | None, list[Any] | None]:
        """The text_hash of a brief file by its stat, when the stat is the one the file had
        when it was hashed (then it is not read); and the stat, to pass to known()."""
        try:
            info = os.stat(path)
        except OSError:
            return None, None
        stat = [info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino]
        if self._files is None:
            self._files = self._read_index()
        entry = self._files.get(path.name)
        if entry is not None and entry[:4] == stat:
            self._seen[path.name] = entry
            return str(entry[4]), stat
        return None, stat

    def known(self, path: Path, stat: list[Any] | None, key: str) -> None:
        """Keep the text_hash of the file read after its stat was taken (key_of), unless it
        changed too recently for its stat to tell a later change."""
        if stat is not None and time.time_ns() - max(stat[0], stat[1]) > _SETTLED_NS:
            self._seen[path.name] = [*stat, key]

    def _read_index(self) -> dict[str, list[Any]]:
        try:
            data = json.loads((self.folder / _INDEX).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {name: entry for name, entry in data.items() if isinstance(entry, list)
                and len(entry) == 5 and all(type(n) is int for n in entry[:4])
                and isinstance(entry[4], str)}

    def get(self, key: str) -> Brief | None:
        """The brief stored under a text_hash, or None."""
        self.used.add(key)
        try:
            raw = (self.folder / f"{key}{_ENTRY}").read_bytes()
        except OSError:
            return None
        if raw[:64] != _parse_version() or raw[73:74] != b"\n" \
                or b"%08x" % zlib.crc32(memoryview(raw)[_HEADER:]) != raw[65:73]:
            return None
        stream = io.BytesIO(raw)
        stream.seek(_HEADER)
        try:
            stored, brief = _Unpickler(stream).load()
        except Exception:  # a damaged pickle can raise nearly anything: it is a miss
            return None
        return brief if stored == key and type(brief) is Brief else None

    def put(self, key: str, brief: Brief) -> None:
        """Store the brief whose file has this text_hash; a failure only costs time later."""
        self.used.add(key)
        payload = _pickled((key, brief))
        raw = b"%s %08x\n%s" % (_parse_version(), zlib.crc32(payload), payload)
        with contextlib.suppress(OSError):
            self._write(f"{key}{_ENTRY}", raw)

    def _write(self, name: str, raw: bytes) -> None:
        if not self._made:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._made = True
        # Atomic (a reader sees the whole file or none), but not synced: it is a cache, and
        # a damaged entry is a miss. A killed run's temp file matches fsutil.TEMP_NAME.
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(raw)
            os.replace(tmp, self.folder / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def prune(self) -> None:
        """Delete the entries not looked up or stored since the cache was opened; the index
        keeps the files looked at since."""
        if self._files is not None and self._seen != self._files:
            data = json.dumps(dict(sorted(self._seen.items())), separators=(",", ":"))
            with contextlib.suppress(OSError):
                self._write(_INDEX, data.encode("utf-8") + b"\n")
        with contextlib.suppress(OSError), os.scandir(self.folder) as entries:
            for entry in entries:
                name = entry.name
                if name.endswith(_ENTRY) and not name.startswith(".") \
                        and name[:-len(_ENTRY)] not in self.used:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
