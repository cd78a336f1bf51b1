"""Ingest stage: read every seed file as article text, reporting the ones that cannot be.

What is an error and what is read with a note:

- errors (the seed is skipped, the run goes on and exits 1): an empty or whitespace-only file,
  a binary file (PDF, image, archive, program, NUL bytes, control characters), UTF-8 with
  damaged bytes, a file larger than MAX_BYTES, a line longer than MAX_LINE characters, an
  unreadable file, a broken or looping symbolic link, a symbolic link to a file outside the
  seeds folder (which would publish it) or to a folder (whose files are not read), something
  that is not a regular file, a file name that is not valid UTF-8, and an HTML page without
  article text;
- read with a note: a file in a single-byte encoding (read as Windows-1252, the superset of
  Latin-1 used for German and English text), UTF-16 (with a byte-order mark, or recognised
  without one) and an HTML page (its article text is extracted with trafilatura);
- read silently: a UTF-8 byte-order mark, CRLF or CR line ends, spaces and umlauts in names.

The article's web address (Seed.url) comes from an HTML page's canonical link or og:url, or
from a text seed's 'Quelle:' / 'Source:' / 'URL:' line (see provenance.py).

File names are shown with control characters escaped (errors.printable), so that a name
cannot forge a line of the output.
"""

from __future__ import annotations

import errno
import hashlib
import html
import itertools
import os
import re
import stat as stat_module
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import SeedError, shown
from .fsutil import Signature, stat_signature
from .models import Seed
from .provenance import page_url, text_url

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
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)
_LETTER = re.compile(r"[^\W\d_]")
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.I)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                             rb"|[\xf0-\xf4][\x80-\xbf]{3}")
_BINARY_HINT = "save the article as .txt or .html"
# Bytes no text file holds (C0 controls other than tab, line ends, vertical tab and form
# feed, which word processors export, and DEL); random bytes are a tenth of them.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F])
CONTROL_SHARE = 0.02
_OUTSIDE_HINT = "copy the article into the seeds folder instead of linking to it"


@dataclass(frozen=True)
class Ingested:
    """The seeds that could be read, the problems with the rest, and warnings.

    present holds the path of every seed file found, readable or not (None when the seeds
    folder does not exist), so that a brief is not taken for an orphan while its seed is
    only broken.
    """

    seeds: tuple[Seed, ...]
    problems: tuple[SeedError, ...]
    notes: tuple[str, ...]
    present: frozenset[str] | None = frozenset()


def _relative(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return os.path.relpath(path, root).replace(os.sep, "/")
        except ValueError:
            pass
    return path.as_posix()


def _walk(folder: Path) -> tuple[list[Path], list[Path]]:
    """Every non-hidden file below folder, sorted, and the symbolic links to folders in it,
    which are not followed.

    Hidden files (starting with '.') are skipped: editors' and briefing's temporary files.
    """
    found: list[Path] = []
    linked: list[Path] = []
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        linked.extend(Path(current) / d for d in dirs if os.path.islink(Path(current) / d))
        dirs[:] = [d for d in dirs if not os.path.islink(Path(current) / d)]
        found.extend(Path(current) / f for f in files if not f.startswith("."))
    return sorted(found, key=_order), sorted(linked, key=_order)


def _order(path: Path) -> tuple[str, ...]:
    """The order of Paths (their parts, case-folded where the system folds case), without
    Path's comparison, which cost a tenth of an extract with nothing to do."""
    return tuple(map(os.path.normcase, path.parts))


def _outside(path: Path, folder: Path) -> str | None:
    """Where a symbolic link below folder points, when that is outside folder; else None."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
        inside = target.is_relative_to(folder.resolve(strict=True))
    except (OSError, RuntimeError):
        return None  # broken or looping: reading it says so
    return None if inside else os.readlink(path)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when data looks like UTF-16 text without a byte-order mark."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    for codec, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) >= 0.9 * len(zeros):
            return codec
    return None


def _decode(data: bytes, path: Path) -> tuple[str, str | None]:
    """Text of data and a note when it was not plain UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), f"read as {name} (byte-order mark)"
            except UnicodeDecodeError:
                raise SeedError(f"starts with a {name} byte-order mark but is not valid {name}",
                                path=path, hint="re-save the file as UTF-8") from None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        bad_at, bad_byte = exc.start, data[exc.start]
    # UTF-8 with a few damaged bytes has more valid multi-byte sequences than stray high
    # bytes; text in a single-byte encoding has (almost) none.
    sequences = _UTF8_MULTIBYTE.findall(data)
    stray = sum(1 for b in data if b >= 0x80) - sum(len(s) for s in sequences)
    if len(sequences) > stray:
        raise SeedError(f"damaged UTF-8: byte 0x{bad_byte:02x} at offset {bad_at} is not "
                        "UTF-8, though the rest of the file is", path=path,
                        line=data.count(b"\n", 0, bad_at) + 1,
                        hint="fix the characters on that line, or re-save the file as UTF-8")
    try:
        return data.decode("cp1252"), "not UTF-8; read as Windows-1252 (Latin-1), re-save as " \
            "UTF-8 to be sure"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8; read as Latin-1, re-save as UTF-8 to be sure"


def _html_text(raw: str, path: Path) -> str:
    import trafilatura

    text = trafilatura.extract(raw, include_comments=False, include_tables=False,
                               favor_precision=True, with_metadata=False)
    if not text or not text.strip():
        raise SeedError("HTML page without article text", path=path,
                        hint="save the article itself (or its text) as the seed")
    title_match = re.search(r"<title[^>]*>(.*?)</title>", raw, re.I | re.S)
    title = html.unescape(" ".join(title_match.group(1).split())) if title_match else ""
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text


def _read_bytes(path: Path) -> tuple[bytes, Signature]:
    """The file's bytes and its signature before reading (mtime, size, inode); SeedError
    for what cannot be read, before reading anything big."""
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        name = os.fsencode(path).decode("utf-8", errors="replace")
        raise SeedError("the file name is not valid UTF-8", path=name,
                        hint="rename the file; umlauts and spaces are fine in UTF-8") from None
    try:
        info = path.stat()
        if not path.is_file():
            raise SeedError("not a regular file", path=path, hint="seeds must be text files")
        if info.st_size > MAX_BYTES:
            raise SeedError(f"{info.st_size / 1_048_576:.1f} MB is larger than the "
                            f"{MAX_BYTES // 1_048_576} MB an article may have", path=path,
                            hint="split it into articles or remove it from seeds/")
        return path.read_bytes(), stat_signature(info)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SeedError("symbolic link loop", path=path,
                            hint="point the link at a real file or delete it") from None
        if exc.errno == errno.ENOENT and path.is_symlink():
            raise SeedError(f"broken symbolic link to {os.readlink(path)}", path=path,
                            hint="point the link at a real file or delete it") from None
        raise SeedError(f"cannot read: {exc.strerror or exc}", path=path,
                        hint="check the file's permissions") from None


def read_seed(path: Path, root: Path | None = None, folder: Path | None = None) -> Seed:
    """One seed as article text; raises SeedError saying what is wrong and what to do.

    With folder (the seeds folder), a symbolic link to a file outside it is refused.
    """
    target = _outside(path, folder) if folder is not None else None
    if target is not None:
        raise SeedError(f"symbolic link to {target}, outside the seeds folder", path=path,
                        hint=_OUTSIDE_HINT)
    data, stat = _read_bytes(path)
    if not data.strip():
        raise SeedError("empty file" if not data else "only whitespace", path=path,
                        hint="paste the article text or delete the file")
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            raise SeedError(f"binary file ({what}), not article text", path=path,
                            hint=_BINARY_HINT)
    note = None
    utf16 = data.startswith(tuple(b for b, _c, _n in BOMS[:2])) or b"\x00" in data[:8192]
    if not utf16 and len(data) - len(data.translate(None, _CONTROL_BYTES)) \
            > CONTROL_SHARE * len(data):
        raise SeedError("binary file (control characters), not article text", path=path,
                        hint=_BINARY_HINT)
    if b"\x00" in data[:8192] and not data.startswith(tuple(b for b, _c, _n in BOMS)):
        codec = _utf16_without_bom(data)
        if codec is None:
            raise SeedError("binary file (NUL bytes), not article text", path=path,
                            hint=_BINARY_HINT)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            raise SeedError("binary file (NUL bytes), not article text", path=path,
                            hint=_BINARY_HINT) from None
        note = f"read as {codec.upper()} (no byte-order mark; guessed)"
    else:
        text, note = _decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    url = None
    if path.suffix.lower() in HTML_SUFFIXES or _HTML_START.match(text[:512].encode()):
        url = page_url(text)
        text = _html_text(text, path)
        note = "; ".join(filter(None, [note, "article text extracted from HTML"]))
    longest = max((len(line) for line in text.split("\n")), default=0)
    if longest > MAX_LINE:
        raise SeedError(f"a line of {longest:,} characters; articles have paragraphs, not "
                        "megabyte lines", path=path,
                        hint="is this minified or generated data? keep only the article text")
    if not text.strip() or len(list(itertools.islice(_LETTER.finditer(text), 10))) < 10:
        raise SeedError("no readable text", path=path, hint="paste the article text")
    return Seed(path=path, rel=_relative(path, root), text=text,
                sha256=hashlib.sha256(data).hexdigest(), note=note,
                url=url or text_url(text), stat=stat)


Recall = Callable[[Path, str, Signature], Seed | None]


def _recalled(path: Path, rel: str, recall: Recall) -> Seed | None:
    """The seed as recall knows it, for a regular file (no link) whose signature it knows."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat_module.S_ISREG(info.st_mode):
        return None
    return recall(path, rel, stat_signature(info))


def ingest(folder: Path, root: Path | None = None, recall: Recall | None = None) -> Ingested:
    """Every seed below folder, sorted by path; unreadable ones become problems.

    recall(path, rel, signature) gives the seed a file had when it was last read with this
    signature, or None: such a file is not read again (the seed's text is left empty).
    """
    if not folder.is_dir():
        problem = SeedError("seeds folder does not exist", path=folder,
                            hint="create it and put articles in it, or pass --seeds")
        return Ingested((), (problem,), (), None)
    seeds: list[Seed] = []
    problems: list[SeedError] = []
    notes: list[str] = []
    present: set[str] = set()
    files, linked = _walk(folder)
    for path in linked:
        problems.append(SeedError("symbolic link to a folder; the articles in it are not read",
                                  path=path, hint="move or copy them into the seeds folder"))
    for path in files:
        rel = _relative(path, root)
        present.add(rel)
        known = _recalled(path, rel, recall) if recall is not None else None
        try:
            seed = known or read_seed(path, root, folder)
        except SeedError as exc:
            problems.append(exc)
            continue
        if seed.note:
            notes.append(f"{shown(path)}: {seed.note}")
        seeds.append(seed)
    return Ingested(tuple(seeds), tuple(problems), tuple(notes), frozenset(present))
