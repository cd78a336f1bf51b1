"""Reading briefs: one text, one file, or a whole folder with every problem reported."""

from __future__ import annotations

import contextlib
import gc
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import BriefError
from ..models import Brief
from .fileformat import from_dict, split
from .frontmatter import front_matter, load_front_matter, node_line, parse_head, quick_data
from .parsecache import ParseCache, content_mark, text_hash
from .validation import certainly_valid, find_problems


def load(text: str, path: Path | str) -> tuple[Brief | None, list[BriefError]]:
    """The brief in text, or None and every problem found in it."""
    try:
        head, body, offset = split(text, path)
    except BriefError as exc:
        return None, [exc]
    quick = quick_data(head)
    if quick is not None and certainly_valid(quick):
        return from_dict(quick, body), []
    try:  # something is wrong or unusual: the node tree gives the problems their lines
        data, body, node, offset = parse_head(head, body, offset, path)
    except BriefError as exc:
        return None, [exc]
    problems = find_problems(data, node, path, offset)
    return (None if problems else from_dict(data, body)), problems


def parse(text: str, path: Path | str) -> Brief:
    """A Brief from file text; raises BriefError naming the first problem's line."""
    brief, problems = load(text, path)
    if brief is None:
        raise problems[0]
    return brief


def check_text(text: str, path: Path | str) -> list[BriefError]:
    """Every problem of a brief's text (empty when it is valid)."""
    return load(text, path)[1]


def read_bytes(path: Path) -> bytes:
    """A file's bytes; raises BriefError."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BriefError(f"cannot read: {exc.strerror or exc}", path=path,
                         hint="check that the file exists and is readable") from None


def decode(data: bytes, path: Path) -> str:
    """A brief file's bytes as text with LF line ends; raises BriefError."""
    try:
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BriefError(f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset "
                         f"{exc.start}", path=path, line=line,
                         hint="save the file as UTF-8 in your editor") from None


def read_text(path: Path) -> str:
    """A brief file's text with CRLF or CR line ends read as LF; raises BriefError.

    (A checkout on Windows may turn every line end into CRLF: that is no edit of the body.)
    """
    return decode(read_bytes(path), path)


def read(path: Path) -> Brief:
    """Read and validate one brief file."""
    return parse(read_text(path), path)


def brief_paths(folder: Path) -> list[Path]:
    """Brief files in a folder, sorted; hidden files (temporary files among them) skipped."""
    if not folder.is_dir():
        return []
    # os.scandir, and sorted by name (as Paths of one folder sort): a fifth of an extract
    # that has nothing to do at 10,000 briefs was Path.glob and Path sorting.
    with os.scandir(folder) as entries:
        names = sorted((entry.name for entry in entries
                        if os.path.normcase(entry.name).endswith(".md")
                        and not entry.name.startswith(".") and entry.is_file()),
                       key=os.path.normcase)
    return [folder / name for name in names]


def load_bytes(data: bytes, path: Path, cache: ParseCache | None,
                ) -> tuple[Brief | None, list[BriefError]]:
    """load() of a file's bytes, through the cache when there is one."""
    return _load_bytes(data, path, cache, text_hash(data) if cache is not None else "")


def _load_bytes(data: bytes, path: Path, cache: ParseCache | None, key: str,
                ) -> tuple[Brief | None, list[BriefError]]:
    brief = cache.get(key) if cache is not None else None
    if brief is not None:
        return brief, []
    try:
        text = decode(data, path)
    except BriefError as exc:
        return None, [exc]
    brief, problems = load(text, path)
    if brief is not None and cache is not None:
        cache.put(key, brief)
    return brief, problems


BASE_DIR = ".base"


def base_path(folder: Path, stem: str) -> Path:
    """The merge snapshot of a brief: what the generator last wrote into it."""
    return folder / BASE_DIR / f"{stem}.yaml"


def owner(claims: Sequence[Path]) -> Path:
    """The one brief file, of several naming the same seed, that is updated from it.

    The same choice everywhere (extraction, update, render, check): the first, in file
    order, that has a merge snapshot (the generator wrote it; a copy made by hand has none),
    else the first. The others are left alone and reported by check.
    """
    ordered = sorted(claims)
    if len(ordered) > 1:
        for path in ordered:
            if base_path(path.parent, path.stem).is_file():
                return path
    return ordered[0]


_SOURCE_PATH = re.compile(r"^source:[ \t]*\n(?:[ \t]+.*\n)*?[ \t]+path:[ \t]*(\S.*?)[ \t]*$",
                          re.M)


@dataclass(frozen=True)
class Loaded:
    """Valid briefs of a folder and the problems of the broken ones.

    paths maps each seed path to the file of the brief updated from it (see owner); files
    holds every brief's own file, and marks (read through a parse cache) its content_mark,
    in the order of briefs.
    """

    briefs: tuple[Brief, ...]
    paths: dict[str, Path]
    problems: tuple[BriefError, ...]
    files: tuple[Path, ...] = ()
    marks: tuple[bytes, ...] = ()


def load_all(folder: Path, cache: ParseCache | None = None) -> Loaded:
    """Every brief in folder; broken ones are reported with all their problems.

    Besides each file's own problems, a slug that is not the file's name or that another
    brief uses too is a problem: both would put two briefs on one page. With a cache, files
    parsed before are not parsed again, and afterwards the cache keeps only this folder's.
    """
    with _collector_paused():
        return _load_all(folder, cache)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection for a while (the objects made then hold no cycles).

    Loading thousands of briefs makes millions of lasting objects; each collection the
    allocations trigger would walk all the briefs loaded so far, a second per 10,000.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_file(path: Path, cache: ParseCache | None) -> tuple[Brief | None, list[BriefError]]:
    """One brief file as load_all reads it: its problems, and a slug that is not the file's
    name is one."""
    brief, found, _key = _load_file(path, cache)
    return brief, found


def _load_file(path: Path, cache: ParseCache | None,
               ) -> tuple[Brief | None, list[BriefError], str]:
    """load_file(), and the file's text_hash when read through a cache."""
    key, stat = cache.key_of(path) if cache is not None else (None, None)
    brief = cache.get(key) if cache is not None and key is not None else None
    found: list[BriefError] = []
    if brief is None:
        try:
            data = read_bytes(path)
            key = text_hash(data) if cache is not None else ""
            brief, found = _load_bytes(data, path, cache, key)
        except BriefError as exc:
            return None, [exc], ""
        if cache is not None and brief is not None:
            cache.known(path, stat, key)
    if brief is not None and brief.slug != path.stem:
        found = [BriefError(f"slug: {brief.slug!r} is not the file name {path.name!r}",
                            path=path, line=line_of(path, ["slug"]),
                            hint=f"write slug: {path.stem}, or rename the file to "
                                 f"{brief.slug}.md")]
    return brief, found, key or ""


def _load_all(folder: Path, cache: ParseCache | None) -> Loaded:
    briefs: list[Brief] = []
    files: list[Path] = []
    claims: dict[str, list[Path]] = {}
    problems: list[BriefError] = []
    slugs: dict[str, Path] = {}
    marks: list[bytes] = []
    for path in brief_paths(folder):
        brief, found, key = _load_file(path, cache)
        if brief is not None and not found and brief.slug in slugs:
            found = [BriefError(f"slug: {brief.slug!r} is used by {slugs[brief.slug].name} too",
                                path=path, line=line_of(path, ["slug"]),
                                hint="give one of them another slug and file name")]
        if brief is None or found:
            problems.extend(found)
            continue
        slugs[brief.slug] = path
        briefs.append(brief)
        files.append(path)
        if cache is not None:
            marks.append(content_mark(key))
        claims.setdefault(brief.source.path, []).append(path)
    if cache is not None:
        cache.prune()
    paths = {source: owner(found) for source, found in claims.items()}
    return Loaded(tuple(briefs), paths, tuple(problems), tuple(files), tuple(marks))


def line_of(path: Path, where: list[str | int]) -> int | None:
    """The file line of a front-matter value, e.g. ["actors", 2, "name"]; None if unknown."""
    try:
        _data, _body, node, offset = load_front_matter(read_text(path), path)
    except BriefError:
        return None
    return node_line(node, where, offset)


def source_of(text: str) -> str | None:
    """The seed path a brief names, read leniently so that broken briefs keep their seed."""
    try:
        data = front_matter(text, "")
    except BriefError:
        match = _SOURCE_PATH.search(text)
        if match is None:
            return None
        try:
            value = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            return None
        return value if isinstance(value, str) else None
    source = data.get("source")
    if isinstance(source, dict) and isinstance(source.get("path"), str):
        return str(source["path"])
    return None
