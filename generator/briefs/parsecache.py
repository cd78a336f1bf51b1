"""The parse cache: valid briefs read before, by the sha256 of their file's bytes."""

from __future__ import annotations

import contextlib
import copyreg
import datetime as dt
import hashlib
import io
import os
import pickle
import sys
import tempfile
import zlib
from dataclasses import fields
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..models import Actor, Amount, Brief, Chip, Policy, Source

PARSE_FORMAT = 1
_ENTRY = ".pickle"
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
        name = f"{key}{_ENTRY}"
        with contextlib.suppress(OSError):
            if not self._made:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._made = True
            # Atomic (a reader sees the whole entry or none), but not synced: it is a cache,
            # and a damaged entry is a miss. A killed run's temp file matches fsutil.TEMP_NAME.
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
        """Delete the entries not looked up or stored since the cache was opened."""
        with contextlib.suppress(OSError), os.scandir(self.folder) as entries:
            for entry in entries:
                name = entry.name
                if name.endswith(_ENTRY) and not name.startswith(".") \
                        and name[:-len(_ENTRY)] not in self.used:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
