"""Content-hash cache of the extract stage, so that a rebuild only extracts what changed.

Kept in the project's git-ignored state folder (``.briefing/``), one file per briefs folder.
For every seed it stores the seed's sha256, the brief file it went to and that file's
``stat`` signature (mtime, size, inode) as the last run left it; for the whole file, a
fingerprint of everything extraction depends on: the package version and code, the bundled
knowledge base, the project's ``knowledge/`` folder and the versions of the data libraries.

A seed is skipped when its sha256 and the fingerprint are unchanged and its brief file is
exactly as the last run left it. A deleted brief, a changed seed, a changed knowledge base or
a new version of briefing each mean the seed is extracted (and merged) again, so the cache
never changes what a run produces, only how long it takes. A hand-edited brief is merged
again, but not extracted again while its seed, the fingerprint and the brief's merge snapshot
(``.base/``, the last extraction) are as the last run left them: extraction would give the
snapshot, so the snapshot stands in for it (see extraction()). It also remembers which seed
each brief file belongs to, so that unchanged brief files are not parsed to find their
owners. Delete ``.briefing/`` at any time; the next run rebuilds it.

Next to it lives the parse cache of the same briefs folder (``parsed-<key>/``, see
briefs.ParseCache): the valid briefs already read, by the sha256 of their file's bytes, so
that loading unchanged briefs costs no YAML parsing and no schema validation.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from . import briefs as briefs_stage
from .config import Project
from .errors import BriefingError
from .fsutil import Signature as FileSignature
from .fsutil import file_signature, write_if_changed
from .models import Brief, Seed, Source

FORMAT = 2  # 2: a broken brief's entry names the seed it claims (see owners)
# Modules that do not influence what extraction and the briefs stage write; changing them
# keeps the cache. Every other file of the package (code and data) is in the fingerprint.
NOT_EXTRACTION = {"cli.py", "serve.py", "site.py", "check.py", "cache.py", "suggest.py",
                  "plugin.py", "rawhtml.py", "search.py", "searchterms.py", "progress.py",
                  "pipeline.py", "report.py"}
# Packages of the later stages: a change to rendering must not extract every seed again.
NOT_EXTRACTION_PACKAGES = {"render"}
LIBRARIES = ("babel", "simplemma", "ahocorasick-rs", "pyyaml")

Signature = list[int]  # fsutil.file_signature as the JSON file keeps it


def signature(path: Path) -> Signature | None:
    """What tells a file apart from an edited one without reading it: mtime, size, inode."""
    found = file_signature(path)
    return list(found) if found is not None else None


def _package_files() -> list[Path]:
    package = Path(__file__).resolve().parent
    found: list[Path] = []
    for current, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith(".")
                         and not (Path(current) == package and d in NOT_EXTRACTION_PACKAGES))
        for name in sorted(files):
            path = Path(current) / name
            if name.endswith((".pyc", ".pyo")) or name.startswith("."):
                continue
            if path.parent == package and name in NOT_EXTRACTION:
                continue
            found.append(path)
    return found


@cache
def _code_fingerprint() -> str:
    """The package's code and bundled data as this process loaded them (hashed once)."""
    digest = hashlib.sha256(f"briefing {__version__} format {FORMAT}\n".encode())
    digest.update(f"python {sys.version_info[0]}.{sys.version_info[1]}\n".encode())
    for library in LIBRARIES:
        try:
            digest.update(f"{library} {metadata.version(library)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} -\n".encode())
    package = Path(__file__).resolve().parent
    for path in _package_files():
        digest.update(f"\n{path.relative_to(package).as_posix()}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(knowledge: Path | None) -> str:
    """A hash of everything an extraction result depends on besides the article itself.

    The package part is computed once per process (the code that runs is the code that was
    imported); the project's knowledge/ folder is hashed on every call, as it may change
    while ``briefing serve`` runs.
    """
    digest = hashlib.sha256(_code_fingerprint().encode())
    if knowledge is not None and knowledge.is_dir():
        for path in sorted(knowledge.glob("*")):
            if path.is_file():
                digest.update(f"\n{path.name}\n".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _folder_key(folder: Path) -> str:
    """Which briefs folder a cache file belongs to (one project may use several)."""
    return hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]


def parse_cache(project: Project) -> briefs_stage.ParseCache | None:
    """The parse cache of the project's briefs folder; None (off) outside a project."""
    if not project.config_file.is_file():
        return None
    return briefs_stage.ParseCache(project.state / f"parsed-{_folder_key(project.briefs)}")


@dataclass
class ExtractCache:
    """Which seeds need extracting; ``path`` None means caching is off (nothing is skipped)."""

    path: Path | None
    fingerprint: str
    seeds: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The files whose entries _scan() took from their stat in this process: fresh() need
    # not look at them again.
    scanned: set[str] = field(default_factory=set, compare=False, repr=False)

    @classmethod
    def load(cls, project: Project, knowledge: Path | None) -> ExtractCache:
        """The cache of the project's briefs folder; empty when missing, stale or unreadable.

        Caching is off outside a project (no mkdocs.yml), so that running briefing there never
        leaves a ``.briefing/`` folder behind.
        """
        print_ = fingerprint(knowledge)
        if not project.config_file.is_file():
            return cls(None, print_)
        path = project.state / f"extract-{_folder_key(project.briefs)}.json"
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return cls(path, print_)
        if not isinstance(data, dict) or data.get("format") != FORMAT \
                or data.get("fingerprint") != print_:
            return cls(path, print_)
        seeds, files = data.get("seeds"), data.get("files")
        return cls(path, print_, seeds if isinstance(seeds, dict) else {},
                   files if isinstance(files, dict) else {})

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def _scan(self, folder: Path) -> list[tuple[Path, dict[str, Any]]]:
        """Every brief file with its entry, parsing only files changed since they were read.

        An entry holds the file's signature, whether its front-matter is broken, and the
        seed path it names (read leniently from a broken one, as briefs.source_of does).
        """
        found: list[tuple[Path, dict[str, Any]]] = []
        files: dict[str, dict[str, Any]] = {}
        for path in briefs_stage.brief_paths(folder):
            sig = signature(path)
            known = self.files.get(path.name)
            if known is not None and sig is not None and known.get("stat") == sig:
                entry = known
            else:
                entry = {"stat": sig, "source": None, "broken": False}
                try:
                    text = path.read_text("utf-8")
                except (OSError, UnicodeDecodeError):
                    entry["broken"] = True
                else:
                    try:
                        data = briefs_stage.front_matter(text, path)
                        source = data.get("source")
                        if isinstance(source, dict) and isinstance(source.get("path"), str):
                            entry["source"] = source["path"]
                    except BriefingError:
                        entry["broken"] = True
                        entry["source"] = briefs_stage.source_of(text)
            found.append((path, entry))
            if sig is not None:
                files[path.name] = entry
        self.files = files
        self.scanned = set(files)
        return found

    def owned_slugs(self, folder: Path) -> dict[str, str]:
        """{seed path: brief slug} of the briefs in folder, parsing only changed files.

        Same result as reading every brief's ``source.path``, with briefs.owner choosing
        among briefs naming the same seed: a brief that cannot be read reserves its slug
        under ``?<slug>``; one without a source is not listed.
        """
        owned: dict[str, str] = {}
        found = self._scan(folder)
        broken = {path for path, entry in found if entry["broken"]}
        owned.update((f"?{path.stem}", path.stem) for path in sorted(broken))
        for source, path in self._owners(found).items():
            if path not in broken:  # a broken owner is reported, never given a twin
                owned[source] = path.stem
        return owned

    def owners(self, folder: Path) -> dict[str, Path]:
        """{seed path: the brief file updated from it (briefs.owner)}, broken ones too."""
        return self._owners(self._scan(folder))

    @staticmethod
    def _owners(found: list[tuple[Path, dict[str, Any]]]) -> dict[str, Path]:
        claims: dict[str, list[Path]] = {}
        for path, entry in found:
            source = entry.get("source")
            if isinstance(source, str):
                claims.setdefault(source, []).append(path)
        return {source: briefs_stage.owner(paths) for source, paths in claims.items()}

    def slugs(self) -> set[str]:
        """The slug (file name) of every brief the last scan found: none can be given again."""
        return {name.removesuffix(".md") for name in self.files}

    def fresh(self, seed: Seed, slug: str, folder: Path) -> bool:
        """Whether the seed's brief is exactly what extracting it again would leave."""
        if not self.enabled:
            return False
        entry = self.seeds.get(seed.rel)
        name = f"{slug}.md"
        if not entry or entry.get("sha256") != seed.sha256 or entry.get("brief") != name:
            return False
        known = self.files.get(name)
        # A file this process scanned has the stat its entry holds (a change since then,
        # in the same run, is found by the next run's scan, as one just after this run).
        return (known is not None and known.get("source") == seed.rel
                and not known.get("broken") and entry.get("stat") is not None
                and known.get("stat") == entry.get("stat")
                and (name in self.scanned or signature(folder / name) == entry.get("stat")))

    def extraction(self, seed: Seed, slug: str, folder: Path) -> Brief | None:
        """What extracting the seed again would give, read from its brief's merge snapshot;
        None when that is not certain.

        The snapshot is the last extraction, the same as today's when the seed's bytes, the
        fingerprint (or this cache would be empty) and the slug are those it was made with
        and the snapshot file is as that run left it. A reviewed brief's snapshot is not
        kept up to date (its brief is left alone), so it never stands in.
        """
        entry = self.seeds.get(seed.rel)
        if not self.enabled or not entry or entry.get("sha256") != seed.sha256 \
                or entry.get("brief") != f"{slug}.md" or entry.get("reviewed") \
                or entry.get("base") is None \
                or signature(briefs_stage.base_path(folder, slug)) != entry.get("base"):
            return None
        brief = briefs_stage.snapshot(folder, slug)
        if brief is None or brief.source != Source(seed.rel, seed.sha256) \
                or brief.slug != slug or brief.url != seed.url:
            return None
        return brief

    def recall(self, path: Path, rel: str, stat: FileSignature) -> Seed | None:
        """The seed read last time from a file with this signature (text not kept), or None."""
        entry = self.seeds.get(rel)
        if not self.enabled or not entry or entry.get("seed") != list(stat):
            return None
        return Seed(path, rel, "", entry["sha256"], entry.get("note"), entry.get("url"), stat)

    def remember(self, seed: Seed) -> None:
        """Keep the signature of a read seed whose entry is up to date, for recall()."""
        entry = self.seeds.get(seed.rel)
        if entry and entry.get("sha256") == seed.sha256 and seed.stat is not None:
            entry.update(seed=list(seed.stat), note=seed.note, url=seed.url)

    def reviewed(self, seed: Seed) -> bool:
        """Whether the seed's brief was marked reviewed (left alone) when last recorded."""
        return bool(self.seeds.get(seed.rel, {}).get("reviewed"))

    def record(self, folder: Path, seed: Seed, slug: str, *, reviewed: bool) -> None:
        """Remember that the seed's brief is now up to date, as the file is now."""
        name = f"{slug}.md"
        sig = signature(folder / name)
        if sig is None:
            self.seeds.pop(seed.rel, None)
            return
        # The merge snapshot as this run left it: written from this run's extraction unless
        # the brief is reviewed (see extraction()).
        base = None if reviewed else signature(briefs_stage.base_path(folder, slug))
        self.seeds[seed.rel] = {"sha256": seed.sha256, "brief": name, "stat": sig,
                                "reviewed": reviewed, "base": base}
        self.remember(seed)
        self.files[name] = {"stat": sig, "source": seed.rel, "broken": False}

    def forget(self, folder: Path, keep: set[str]) -> None:
        """Drop seeds not in keep and files that are gone. The entry of a file changed since
        it was read stays: its stat no longer matches, so the next scan reads the file, as
        it would without the entry (one listing of the folder, not a stat of every brief)."""
        self.seeds = {rel: entry for rel, entry in self.seeds.items() if rel in keep}
        try:
            present = set(os.listdir(folder))
        except OSError:
            present = set()
        self.files = {name: entry for name, entry in self.files.items() if name in present}

    def save(self) -> None:
        """Write the cache (only when its content changed); a failure only costs speed."""
        if self.path is None:
            return
        data = {"format": FORMAT, "fingerprint": self.fingerprint,
                "seeds": dict(sorted(self.seeds.items())),
                "files": dict(sorted(self.files.items()))}
        with contextlib.suppress(OSError):
            write_if_changed(self.path, json.dumps(data, separators=(",", ":")) + "\n")
