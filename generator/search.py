"""Search index: Pagefind over the built site, one bundle per language (site stage).

Pagefind (its Python API, with the binary of the pagefind-bin wheel; no Node) reads the
site's HTML and writes a search bundle that the browser loads piece by piece: a query loads
the few index chunks its words fall into, a result its own fragment. A bundle stems words
with one language's stemmer and Pagefind's script searches one bundle, so each language gets
a bundle of its own, pagefind/<language>/, which indexes only the parts of pages marked
data-search-lang="<language>" (templates/search.j2): German briefs with German stemming,
English briefs and the entity pages with English stemming. The search page loads every
bundle and merges their results (docs/assets/javascripts/search-ui.js). Pagefind is not
given the pages themselves but a search record of each (records()): a page of the same
path holding only that language's marked parts, as the site has them but without ids. So
Pagefind neither reads a language's pages into another language's index nor parses the rest
of a page (its header, fact tables and lists), and no result carries anchors (the search
page uses none).

index() works on any built site folder (a staging folder before it is published, or a site
that an incremental build has just updated) and replaces the old bundles only once the new
ones are done. Alone it indexes the whole site. Given the state folder and the published
site it builds on (a build after an edit), it works like a search engine's segments: the
main bundles of the last whole index are kept as they are, and a small delta bundle per
language (pagefind/<language>-delta/) holds only the pages added or changed since; the
search page merges it into the main one (Pagefind's mergeIndex, which shares the main
bundle's WebAssembly) and hides the main bundle's results for pages changed or removed
since, whose filter values it also takes off the counts (pagefind/bundles.json lists each
language's bundles and those pages). A page counts as changed when its file is not the one
the main index read (inode, mtime, size: a dirty site build hard-links the pages it keeps).
The whole site is indexed again when the delta passes DELTA_LIMIT, with --clean, in CI,
and when Pagefind, this module or the languages changed. A Pagefind process holds every page
it indexes in memory until it writes the bundle, so many pages (TOGETHER_MAX) are indexed
one language after another: the peak is then one process's, not the sum of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import time
import zlib
from collections.abc import Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import SiteError
from .fsutil import link_tree, write_if_changed

# Written by render (the languages of the briefs, plus SEARCH_LANGUAGE), read by the indexer
# (the search page reads MANIFEST, which the indexer writes).
LANGUAGES_PATH = "search/languages.json"
# Language of the entity pages' index (names and kinds) and of the site's interface.
SEARCH_LANGUAGE = "en"
BUNDLES = "pagefind"
# The only pages with searchable parts: briefs and entity pages; Pagefind reads no others.
FOLDERS = ("briefs", "actors", "chips", "policy")
GLOB = "{" + ",".join(FOLDERS) + "}/*/index.html"
# What the bundles hold besides the index that the site does not use (Pagefind's own UIs).
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*",
          "pagefind-highlight.js", "wasm.unknown.pagefind")
_LANGUAGE = re.compile(r"[a-z]{2}")
# What the search page reads first: each language's bundles (written by index()).
MANIFEST = "bundles.json"
DELTA = "-delta"  # pagefind/<language>-delta/: the pages changed since the main index
STATE = "search.json"  # in the state folder: what the main bundles hold
# The delta may hold up to this share of the pages (and at least DELTA_MIN) before the
# whole site is indexed again: each of its pages costs the first query a little (its ids
# in the manifest, its part of the delta's page table and index chunks).
DELTA_LIMIT = 0.05
DELTA_MIN = 100
# Past this many bytes of search records (all languages together), the languages' Pagefind
# processes run one after another: each holds about 36-42 times its records in memory until
# it has written its bundle, so side by side the peak was their sum (at 10,000 briefs, 77 MB
# of records: about 1.5 + 1.3 GB). Fewer (a delta; 1,000 briefs: 8.9 MB, 223 + 146 MB) index
# side by side, which saves wall-clock.
TOGETHER_MAX = 16 * 2**20


@dataclass(frozen=True)
class Indexed:
    """What index() built: pages per language and the size of the bundles."""

    pages: dict[str, int]
    files: int
    bytes: int
    largest: int
    delta: int | None = None  # pages indexed into the delta bundles; None: a whole index

    def summary(self) -> str:
        """One line for the run report."""
        if not self.pages:
            return "search: no index"
        per = ", ".join(f"{lang} {count:,}" for lang, count in sorted(self.pages.items()))
        how = "" if self.delta is None else f", {self.delta:,} changed since the whole index"
        return (f"search: {sum(self.pages.values()):,} pages indexed ({per}){how}, "
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


# What marks an element that search indexes (an attribute of its start tag).
_MARK = b' data-search-lang="'


def search_parts(page: bytes) -> dict[str, list[bytes]]:
    """The elements of a page's HTML that search indexes (data-search-lang="<language>"),
    each whole (start tag to its end tag), by language, in page order."""
    parts: dict[str, list[bytes]] = {}
    at = 0
    while (mark := page.find(_MARK, at)) >= 0:
        start = page.rfind(b"<", 0, mark)
        close = page.find(b'"', mark + len(_MARK))
        if start < 0 or close < 0 or page.find(b">", start, mark) >= 0:
            at = mark + len(_MARK)  # not in a start tag: text that says it
            continue
        name = re.match(rb"[a-zA-Z][a-zA-Z0-9]*", page[start + 1:start + 17])
        opened = page.find(b">", close)
        if name is None or opened < 0:
            at = mark + len(_MARK)
            continue
        end = _element_end(page, name.group(0), opened + 1)
        language = page[mark + len(_MARK):close].decode("utf-8", "replace")
        parts.setdefault(language, []).append(page[start:end])
        at = end
    return parts


def _element_end(page: bytes, name: bytes, at: int) -> int:
    """Where the element whose start tag ends at `at` ends (after its end tag; elements of
    the same name inside it counted; the end of the page when it is not closed)."""
    opening, closing = b"<" + name, b"</" + name + b">"
    depth = 1
    while depth:
        close = page.find(closing, at)
        if close < 0:
            return len(page)
        inner = page.find(opening, at, close)
        while inner >= 0 and page[inner + len(opening):inner + len(opening) + 1] not in (
                b" ", b">", b"/", b"\n", b"\t", b"\r"):
            inner = page.find(opening, inner + 1, close)  # a longer name: <divider>
        if inner >= 0:
            depth, at = depth + 1, inner + len(opening)
        else:
            depth, at = depth - 1, close + len(closing)
    return at


# An id attribute in a start tag. Pagefind keeps every element with an id as an anchor in
# the page's fragment, with its text: the article's evidence sentences (ev-1, ev-2, ...)
# were 43% of a brief's fragment, which each result shown downloads, and the search page
# uses no anchors (it shows one passage per page).
_ID = re.compile(rb'(<[a-zA-Z][^<>]*?)\sid="[^"<>]*"')


def records(site_dir: Path, pages: Sequence[str], languages: Sequence[str],
            folder: Path) -> dict[str, int]:
    """Write each page's search record for each language: folder/<language>/<page>, a page
    holding only the parts of the page marked with that language (all that Pagefind
    indexes of the page itself; the same path, so the same address), without ids. The
    number of records by language."""
    counts = dict.fromkeys(languages, 0)
    for language in languages:
        (folder / language).mkdir(parents=True, exist_ok=True)
    for page in pages:
        for language, parts in search_parts((site_dir / page).read_bytes()).items():
            if language in counts:
                record = folder / language / page
                record.parent.mkdir(parents=True, exist_ok=True)
                record.write_bytes(b"<!doctype html><html><body>\n"
                                   + _ID.sub(rb"\1", b"\n".join(parts))
                                   + b"\n</body></html>\n")
                counts[language] += 1
    return counts


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


async def _index_all(jobs: Sequence[tuple[Path, str, Path]], together: bool = True) -> None:
    """Index each (site folder, language, bundle folder), a Pagefind each: all at once, or
    one after another (not together: at most one Pagefind's memory at a time)."""
    if together:
        await asyncio.gather(*(_index_one(source, lang, out) for source, lang, out in jobs))
        return
    for source, lang, out in jobs:
        await _index_one(source, lang, out)


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


def _pages(site_dir: Path) -> dict[str, list[int]]:
    """The indexable pages of a site (paths relative to it) and what tells their files
    apart: inode, mtime and size."""
    pages: dict[str, list[int]] = {}
    for folder in FOLDERS:
        try:  # os.scandir, not Path.glob: a third of an edit's search index at 10,000 briefs
            with os.scandir(site_dir / folder) as entries:
                names = sorted(entry.name for entry in entries if entry.is_dir())
        except OSError:
            continue
        # Strings, not Path objects: joining 14,000 Paths was half of this at 10,000 briefs.
        root = os.path.join(site_dir, folder)
        for name in names:
            page = f"{folder}/{name}/index.html"
            try:
                info = os.stat(f"{root}/{name}/index.html")
            except FileNotFoundError:
                continue
            pages[page] = [info.st_ino, info.st_mtime_ns, info.st_size]
    return pages


def _url(page: str) -> str:
    """The address Pagefind gives the page at this relative path."""
    return "/" + page.removesuffix("index.html")


def read_file(path: Path) -> Any:
    """A Pagefind fragment as the browser reads it (gzip, a signature, then JSON)."""
    data = gzip.decompress(path.read_bytes())
    return json.loads(data.removeprefix(b"pagefind_dcd"))


_URL_FIRST = b'pagefind_dcd{"url":'


def fragment_url(path: Path) -> str:
    """The address of a Pagefind fragment's page. Pagefind writes it first, so only the
    start of the fragment is decompressed (the whole and its JSON cost a second at 10,000
    briefs); the whole fragment is read should it not come first."""
    start = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16).decompress(path.read_bytes(), 4096)
    if start.startswith(_URL_FIRST):
        with contextlib.suppress(ValueError):
            url, _end = json.JSONDecoder().raw_decode(start.decode("utf-8", "ignore"),
                                                      len(_URL_FIRST))
            if isinstance(url, str):
                return url
    return str(read_file(path)["url"])


def _fragment_ids(bundle: Path) -> dict[str, str]:
    """Each page's address in the bundle and the id of its fragment (what a result is)."""
    return {fragment_url(path): path.stem
            for path in sorted((bundle / "fragment").glob("*.pf_fragment"))}


def _entry_hash(bundle: Path) -> str | None:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        return ",".join(str(lang["hash"]) for lang in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _key(languages: Sequence[str]) -> str:
    """A digest of what the bundles depend on besides the pages."""
    from importlib import metadata

    digest = hashlib.sha256(Path(__file__).read_bytes())
    with contextlib.suppress(metadata.PackageNotFoundError):
        digest.update(metadata.version("pagefind").encode())
    digest.update(json.dumps(list(languages)).encode())
    return digest.hexdigest()


def _main_index(state: Path, published: Path, key: str) -> dict[str, Any] | None:
    """What the main bundles of the published site hold (their pages and fragment ids), as
    the last whole index recorded it; None unless they are still those bundles."""
    try:
        data = json.loads((state / STATE).read_text("utf-8"))
        if data["key"] != key or data["site"] != str(published):
            return None
        for lang, bundle_hash in data["bundles"].items():
            if _entry_hash(published / BUNDLES / lang) != bundle_hash:
                return None
        if not isinstance(data["pages"], dict) or not isinstance(data["ids"], dict):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return dict(data)


def _scratch(site_dir: Path) -> Path:
    """Where the search records wait for Pagefind: in memory (/dev/shm) where the system
    has it, as writing and removing 14,000 small files on a disk costs seconds of CPU time
    (and minutes of a busy disk's time); else in the site folder being indexed."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else site_dir


def _records_prefix(site: Path) -> str:
    """How the names of the folders of search records start that index() makes for this
    site (the published one): named after it, so that a later build of the site can find
    and remove what a killed one left (remove_records)."""
    digest = hashlib.sha256(os.fsencode(site.resolve())).hexdigest()
    return f".{BUNDLES}.records-{digest[:16]}-"


def remove_records(site: Path) -> None:
    """Delete the folders of search records that builds of this site killed while indexing
    left behind: in /dev/shm nothing else removes them before the machine restarts (77 MB
    at 10,000 briefs). Only when no build of the site runs (site.py holds the lock)."""
    prefix = _records_prefix(site)
    with contextlib.suppress(OSError), os.scandir(_scratch(site)) as entries:
        for entry in entries:
            if entry.name.startswith(prefix) and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)


def _index_records(site_dir: Path, pages: Sequence[str], languages: Sequence[str],
                   bundles: dict[str, Path], owner: Path) -> None:
    """Index the search records of these pages into each language's bundle folder; owner:
    the site the records folder is named after (see _records_prefix)."""
    folder = Path(tempfile.mkdtemp(prefix=_records_prefix(owner), dir=_scratch(site_dir)))
    try:
        records(site_dir, pages, languages, folder)
        together = sum(_sizes(os.fspath(folder))) <= TOGETHER_MAX
        _run_async(_index_all([(folder / lang, lang, bundles[lang]) for lang in languages],
                              together))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _whole(site_dir: Path, languages: Sequence[str], staging: Path, pages: Sequence[str],
           owner: Path) -> list[dict[str, Any]]:
    """Index every page of the site into staging/<language>/."""
    _index_records(site_dir, pages, languages, {lang: staging / lang for lang in languages},
                   owner)
    for lang in languages:
        (staging / lang).mkdir(exist_ok=True)
        _drop_unused(staging / lang)
    return [{"language": lang, "path": lang} for lang in languages]


def _delta(site_dir: Path, languages: Sequence[str], staging: Path, main: dict[str, Any],
           published: Path, changed: Sequence[str], removed: Sequence[str]
           ) -> tuple[list[dict[str, Any]], list[str]]:
    """Keep the published main bundles and index the changed pages into delta bundles,
    staging/<language>-delta/; list what the search page hides of the main bundles. Also
    the changed pages whose search record came out as the main bundle has it."""
    for lang in languages:
        # The site's own bundle where it has one (a site stage's spare, see site.py): it
        # is a linked copy of an earlier main bundle, so few of its files need linking.
        earlier = site_dir / BUNDLES / lang
        if site_dir != published and earlier.is_dir() and not earlier.is_symlink():
            os.rename(earlier, staging / lang)
        link_tree(published / BUNDLES / lang, staging / lang)
    if changed:
        _index_records(site_dir, changed, languages,
                       {lang: staging / (lang + DELTA) for lang in languages}, published)
    gone = [_url(page) for page in (*changed, *removed)]
    bundles: list[dict[str, Any]] = []
    same = set(changed)
    for lang in languages:
        bundle: dict[str, Any] = {"language": lang, "path": lang}
        bundles.append(bundle)
        delta = staging / (lang + DELTA)
        new = _fragment_ids(delta) if bundle_pages(delta) else {}
        ids = main["ids"].get(lang, {})
        # A page whose fragment came out the same has the same id in both bundles.
        same -= {page for page in changed if new.get(_url(page)) != ids.get(_url(page))}
        if all(new.get(url) == ids.get(url) for url in gone):
            shutil.rmtree(delta, ignore_errors=True)  # nothing new in this language
            continue
        _drop_unused(delta)
        # The search page hides the main bundle's results of the old pages and takes their
        # filter values off its counts (from the stale file).
        old = {url: ids[url] for url in gone if url in ids}
        stale = {fid: read_file(staging / lang / "fragment" / f"{fid}.pf_fragment")["filters"]
                 for fid in sorted(old.values())}
        (staging / f"{lang}-stale.json").write_text(
            json.dumps(stale, ensure_ascii=False, sort_keys=True), "utf-8")
        bundle["delta"] = {"path": delta.name if new else None, "old": sorted(old.values()),
                           "stale": f"{lang}-stale.json"}
    return bundles, sorted(same)


def index(site_dir: Path, languages: Sequence[str] | None = None, *,
          state: Path | None = None, published: Path | None = None,
          whole: bool = False) -> Indexed:
    """Build the search bundles of the site in site_dir (site_dir/pagefind/<language>/)
    for the given languages (default: the site's search/languages.json).

    With state (the state folder) and published (the site folder that site_dir is to
    replace), only the pages changed since the last whole index are indexed, into delta
    bundles beside the published main ones, while they stay few (see the module's doc);
    whole=True indexes every page all the same (and records it in state).
    """
    site_dir = site_dir.resolve()
    published = published.resolve() if published is not None else None
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
    pages = _pages(site_dir)
    key = _key(languages)
    main = _main_index(state, published, key) if state and published and not whole else None
    changed: list[str] = []
    if main is not None:
        changed = [page for page, ident in pages.items() if main["pages"].get(page) != ident]
        removed = sorted(set(main["pages"]) - set(pages))
        if len(changed) + len(removed) > max(DELTA_MIN, DELTA_LIMIT * len(main["pages"])):
            main = None
    if main is None and state is not None:
        with contextlib.suppress(FileNotFoundError):
            (state / STATE).unlink()  # the main bundles are about to change
    staging = Path(tempfile.mkdtemp(prefix=f".{BUNDLES}.new-", dir=site_dir))
    same: list[str] = []
    try:
        if main is not None and published is not None:
            bundles, same = _delta(site_dir, languages, staging, main, published, changed,
                                   removed)
        else:
            bundles = _whole(site_dir, languages, staging, list(pages), published or site_dir)
        (staging / MANIFEST).write_text(json.dumps({"bundles": bundles}, sort_keys=True),
                                        "utf-8")
        ids = {lang: _fragment_ids(staging / lang) for lang in languages} \
            if main is None and state is not None else {}
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except Exception as exc:
        raise SiteError(f"Pagefind failed to index the site: {exc}", path=site_dir,
                        hint="see the message above; the pages themselves were built") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if main is None and state is not None and published is not None:
        state.mkdir(parents=True, exist_ok=True)
        write_if_changed(state / STATE, json.dumps({
            "key": key, "site": str(published), "pages": pages, "ids": ids,
            "bundles": {lang: _entry_hash(target / lang) for lang in languages},
        }, sort_keys=True) + "\n", durable=False)
    elif main is not None and state is not None and same:
        # Pages rewritten with the search record the main bundle has: as good as indexed,
        # so the next builds leave them out of the delta. (Should this site not be
        # published, their files there differ from these and count as changed: safe.)
        main["pages"].update({page: pages[page] for page in same})
        write_if_changed(state / STATE, json.dumps(main, sort_keys=True) + "\n",
                         durable=False)
    result = indexed(site_dir)
    return result if main is None else Indexed(result.pages, result.files, result.bytes,
                                               result.largest, len(changed))


def indexed(site_dir: Path) -> Indexed:
    """What the search bundles of a built site hold (nothing when it has none): pages per
    language (the main bundle's, with a delta's in and the old pages it replaces out)."""
    target = site_dir / BUNDLES
    try:
        bundles = json.loads((target / MANIFEST).read_text("utf-8"))["bundles"]
    except (OSError, ValueError, KeyError, TypeError):
        bundles = [{"language": p.name, "path": p.name}
                   for p in sorted(target.iterdir()) if p.is_dir()] if target.is_dir() else []
    pages: dict[str, int] = {}
    for bundle in bundles:
        delta = bundle.get("delta") or {}
        pages[bundle["language"]] = bundle_pages(target / bundle["path"]) + bundle_pages(
            target / (delta.get("path") or "-")) - len(delta.get("old", ()))
    sizes = _sizes(os.fspath(target)) if bundles else []
    return Indexed(pages, len(sizes), sum(sizes), max(sizes, default=0))


def _sizes(folder: str) -> list[int]:
    """The sizes of the files in folder and below (symbolic links followed, as os.stat
    does), each stat'ed once."""
    sizes: list[int] = []
    folders = [folder]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue  # as os.walk(): a folder that cannot be listed is left out
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
                continue
            with contextlib.suppress(OSError):
                info = entry.stat()
                if stat.S_ISREG(info.st_mode):
                    sizes.append(info.st_size)
    return sizes
