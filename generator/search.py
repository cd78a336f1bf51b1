"""Search index: Pagefind over the built site, one bundle per language (site stage).

Pagefind (its Python API, with the binary of the pagefind-bin wheel; no Node) reads the
site's HTML and writes a search bundle that the browser loads piece by piece: a query loads
the few index chunks its words fall into, a result its own fragment. A bundle stems words
with one language's stemmer and Pagefind's script searches one bundle, so each language gets
a bundle of its own, pagefind/<language>/, which indexes only the parts of pages marked
data-search-lang="<language>" (templates/search.j2): German briefs with German stemming,
English briefs and the entity pages with English stemming. The search page loads every
bundle and merges their results (docs/assets/javascripts/search-ui.js).

index() works on any built site folder (a staging folder before it is published, or a site
that an incremental build has just updated): it always indexes the whole site again, which
is what keeps the index right, and replaces the old bundles only once the new ones are done.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import shutil
import tempfile
import time
from collections.abc import Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import SiteError

# Written by render (the languages of the briefs, plus SEARCH_LANGUAGE), read by the indexer
# and by the search page.
LANGUAGES_PATH = "search/languages.json"
# Language of the entity pages' index (names and kinds) and of the site's interface.
SEARCH_LANGUAGE = "en"
BUNDLES = "pagefind"
# The only pages with searchable parts: briefs and entity pages; Pagefind reads no others.
GLOB = "{briefs,actors,chips,policy}/*/index.html"
# What the bundles hold besides the index that the site does not use (Pagefind's own UIs).
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*",
          "pagefind-highlight.js", "wasm.unknown.pagefind")
_LANGUAGE = re.compile(r"[a-z]{2}")


@dataclass(frozen=True)
class Indexed:
    """What index() built: pages per language and the size of the bundles."""

    pages: dict[str, int]
    files: int
    bytes: int
    largest: int

    def summary(self) -> str:
        """One line for the run report."""
        if not self.pages:
            return "search: no index"
        per = ", ".join(f"{lang} {count:,}" for lang, count in sorted(self.pages.items()))
        return (f"search: {sum(self.pages.values()):,} pages indexed ({per}), "
                f"{self.files:,} files, {self.bytes / 1_048_576:.1f} MB, "
                f"largest file {self.largest / 1024:.0f} KB")


def site_languages(site_dir: Path) -> list[str]:
    """The languages listed in the site's search/languages.json (written by render)."""
    path = site_dir / LANGUAGES_PATH
    try:
        data = json.loads(path.read_text("utf-8"))
        languages = [str(lang) for lang in data["languages"]]
    except FileNotFoundError:
        raise SiteError(f"{LANGUAGES_PATH} is missing from the site, so the search index "
                        "cannot be built", path=site_dir,
                        hint="render the pages first (briefing render, or briefing build)"
                        ) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SiteError(f"cannot read {LANGUAGES_PATH}: {exc}", path=path,
                        hint="render the pages again (briefing render)") from None
    return languages


def _config(language: str, output: Path) -> dict[str, Any]:
    return {"root_selector": f'[data-search-lang="{language}"]', "force_language": language,
            "output_path": str(output)}


async def _index_one(site_dir: Path, language: str, output: Path) -> None:
    from pagefind.service import PagefindService

    async with PagefindService() as service:  # stops the Pagefind process when done
        bundle = await service.create_index(_config(language, output))  # type: ignore[arg-type]
        await bundle.add_directory(str(site_dir), glob=GLOB)
        await bundle.write_files()
        await _written(output)


async def _written(bundle: Path, timeout: float = 60.0) -> None:
    """Wait until Pagefind has finished writing the bundle's files.

    Pagefind 1.5.2 acknowledges WriteFiles while its last writes may still be in flight, and
    the wrapper then stops the process: files came out truncated (fixed in Pagefind after
    1.5.2, pagefind#1272). So the bundle is checked before the process stops: the entry
    names its language index, every compressed file decompresses whole, and no file is
    still growing.
    """
    deadline = time.monotonic() + timeout
    sizes: dict[Path, int] = {}
    while True:
        current = {p: p.stat().st_size for p in bundle.rglob("*") if p.is_file()}
        if current == sizes and _complete(bundle, current):
            return
        if time.monotonic() > deadline:
            raise SiteError("Pagefind wrote an incomplete search index", path=bundle,
                            hint="build again; if it persists, report it with this folder")
        sizes = current
        await asyncio.sleep(0.05)


def _complete(bundle: Path, files: dict[Path, int]) -> bool:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        for lang in entry["languages"].values():
            if not (bundle / f"pagefind.{lang['hash']}.pf_meta").is_file():
                return False
        for path in files:
            if path.suffix in (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter",
                               ".pagefind"):
                gzip.decompress(path.read_bytes())
    except (OSError, ValueError, KeyError, TypeError, EOFError, gzip.BadGzipFile):
        return False
    return all(size > 0 for size in files.values())


async def _index_all(site_dir: Path, languages: Sequence[str], folder: Path) -> None:
    await asyncio.gather(*(_index_one(site_dir, lang, folder / lang) for lang in languages))


def bundle_pages(bundle: Path) -> int:
    """How many pages a bundle indexes (from its pagefind-entry.json; 0 when empty)."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        return sum(int(lang["page_count"]) for lang in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def _run_async(work: Coroutine[Any, Any, None]) -> None:
    """Run a coroutine to its end, also when the caller already runs an event loop (in a
    thread of its own then: asyncio.run() cannot nest)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(work)
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, work).result()


def _drop_unused(bundle: Path) -> None:
    for pattern in UNUSED:
        for path in bundle.glob(pattern):
            path.unlink()


def index(site_dir: Path, languages: Sequence[str] | None = None) -> Indexed:
    """Build the search bundles of the site in site_dir (site_dir/pagefind/<language>/)
    for the given languages (default: the site's search/languages.json)."""
    site_dir = site_dir.resolve()
    languages = sorted(set(site_languages(site_dir) if languages is None else languages))
    bad = [lang for lang in languages if not _LANGUAGE.fullmatch(lang)]
    if bad:
        raise SiteError(f"not a two-letter language code: {', '.join(map(repr, bad))}",
                        path=site_dir / LANGUAGES_PATH, hint="use ISO 639-1 codes (de, en)")
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None  # type: ignore[assignment]
    if get_executable is None or get_executable() is None:
        raise SiteError("Pagefind is not installed, so the search index cannot be built",
                        path=site_dir, hint="make install (pagefind[bin] is in requirements.lock)")
    target = site_dir / BUNDLES
    staging = Path(tempfile.mkdtemp(prefix=f".{BUNDLES}.new-", dir=site_dir))
    try:
        _run_async(_index_all(site_dir, languages, staging))
        for lang in languages:
            (staging / lang).mkdir(exist_ok=True)
            _drop_unused(staging / lang)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except Exception as exc:
        raise SiteError(f"Pagefind failed to index the site: {exc}", path=site_dir,
                        hint="see the message above; the pages themselves were built") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return indexed(site_dir)


def indexed(site_dir: Path) -> Indexed:
    """What the search bundles of a built site hold (nothing when it has none)."""
    target = site_dir / BUNDLES
    bundles = sorted(p for p in target.iterdir() if p.is_dir()) if target.is_dir() else []
    sizes = [p.stat().st_size for p in target.rglob("*") if p.is_file()] if bundles else []
    return Indexed({b.name: bundle_pages(b) for b in bundles}, len(sizes), sum(sizes),
                   max(sizes, default=0))
