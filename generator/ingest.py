"""Ingest stage: read every seed file as article text, reporting the ones that cannot be."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import SeedError
from .models import Seed

MAX_BYTES = 5 * 1024 * 1024
MAX_LINE = 100_000
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x7fELF": "a program",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.I)


@dataclass(frozen=True)
class Ingested:
    """The seeds that could be read, the problems with the rest, and warnings."""

    seeds: tuple[Seed, ...]
    problems: tuple[SeedError, ...]
    notes: tuple[str, ...]


def _relative(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return os.path.relpath(path, root).replace(os.sep, "/")
        except ValueError:
            pass
    return path.as_posix()


def _walk(folder: Path) -> list[Path]:
    """Every non-hidden file below folder, sorted; folder symlinks are not followed."""
    found: list[Path] = []
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(current) / f for f in files if not f.startswith("."))
    return sorted(found)


def _decode(data: bytes, path: Path) -> tuple[str, str | None]:
    """Text of data and a note when it was not plain UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "decoded as UTF-16 (byte-order mark)"
        except UnicodeDecodeError:
            raise SeedError("starts with a UTF-16 byte-order mark but is not valid UTF-16",
                            path=path, hint="re-save the file as UTF-8") from None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 256 * 1024]).best()
    encoding = best.encoding if best is not None else None
    if encoding in (None, "utf_8", "ascii"):
        encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise SeedError(f"not valid UTF-8 (first bad byte at offset {first_bad}) and no other "
                        "encoding fits", path=path, hint="re-save the file as UTF-8") from None
    return text, f"not UTF-8; read as {encoding.replace('_', '-')} (re-save as UTF-8 to be sure)"


def _html_text(raw: str, path: Path) -> str:
    import trafilatura

    text = trafilatura.extract(raw, include_comments=False, include_tables=False,
                               favor_precision=True, with_metadata=False)
    if not text or not text.strip():
        raise SeedError("HTML page without article text", path=path,
                        hint="save the article itself (or its text) as the seed")
    title_match = re.search(r"<title[^>]*>(.*?)</title>", raw, re.I | re.S)
    title = " ".join(title_match.group(1).split()) if title_match else ""
    import html

    title = html.unescape(title)
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text


def read_seed(path: Path, root: Path | None = None) -> Seed:
    """One seed as article text; raises SeedError saying what is wrong and what to do."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise SeedError("not a regular file", path=path, hint="seeds must be text files")
        if size > MAX_BYTES:
            raise SeedError(f"{size / 1_048_576:.1f} MB is larger than the "
                            f"{MAX_BYTES // 1_048_576} MB an article may have", path=path,
                            hint="split it into articles or remove it from seeds/")
        data = path.read_bytes()
    except SeedError:
        raise
    except OSError as exc:
        if exc.errno == 40:
            raise SeedError("symbolic link loop", path=path,
                            hint="point the link at a real file or delete it") from None
        raise SeedError(f"cannot read: {exc.strerror or exc}", path=path,
                        hint="check the file's permissions") from None
    if not data.strip():
        raise SeedError("empty file" if not data else "only whitespace", path=path,
                        hint="paste the article text or delete the file")
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            raise SeedError(f"binary file ({what}), not article text", path=path,
                            hint="save the article as .txt or .html")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SeedError("binary file (NUL bytes), not article text", path=path,
                        hint="save the article as .txt or .html")
    text, note = _decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if path.suffix.lower() in HTML_SUFFIXES or _HTML_START.match(data[:512]):
        text = _html_text(text, path)
        note = "; ".join(filter(None, [note, "article text extracted from HTML"]))
    longest = max((len(line) for line in text.split("\n")), default=0)
    if longest > MAX_LINE:
        raise SeedError(f"a line of {longest:,} characters; articles have paragraphs, not "
                        "megabyte lines", path=path,
                        hint="is this minified or generated data? keep only the article text")
    if not text.strip() or sum(ch.isalpha() for ch in text) < 10:
        raise SeedError("no readable text", path=path, hint="paste the article text")
    return Seed(path=path, rel=_relative(path, root), text=text,
                sha256=hashlib.sha256(data).hexdigest(), note=note)


def ingest(folder: Path, root: Path | None = None) -> Ingested:
    """Every seed below folder, sorted by path; unreadable ones become problems."""
    if not folder.is_dir():
        problem = SeedError("seeds folder does not exist", path=folder,
                            hint="create it and put articles in it, or pass --seeds")
        return Ingested((), (problem,), ())
    seeds: list[Seed] = []
    problems: list[SeedError] = []
    notes: list[str] = []
    for path in _walk(folder):
        try:
            seed = read_seed(path, root)
        except SeedError as exc:
            problems.append(exc)
            continue
        if seed.note:
            notes.append(f"{path}: {seed.note}")
        seeds.append(seed)
    return Ingested(tuple(seeds), tuple(problems), tuple(notes))
