"""Pipeline benchmark: synthetic corpora through extract -> render -> mkdocs build, with Hugo
building the same Markdown as the speed reference users know.

    .venv/bin/python bench/bench_pipeline.py                  # 100, 1,000 and 10,000 articles
    .venv/bin/python bench/bench_pipeline.py --quick          # 100 only
    .venv/bin/python bench/bench_pipeline.py --sizes 1000 --jobs 2 --profile

Each size runs in its own process and its own temporary project (so that peak RSS is per
size); each build runs in a fresh process, like `briefing build`. Prints a table and writes
bench/out/results.json (results of earlier runs for other sizes are kept). See
bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import compileall
import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.append(str(REPO))  # after PYTHONPATH, which points at the frozen copy (see main)

OUT = BENCH / "out" / "results.json"
SIZES = (100, 1_000, 10_000)
TARGETS = {
    "extract_per_core": 500.0,  # articles/s, one process
    "noop_1000": 1.0,  # s, extract + render of 1,000 unchanged briefs
    "build_1000": 15.0,  # s, full build of 1,000 briefs
    "build_10000": 150.0,  # s, full build of 10,000 briefs
    "rss_10000": 1024.0,  # MB, peak at 10,000
    "edit_1000": 3.0,  # s, one brief edited or one seed changed, then `briefing build`
    "edit_10000": 10.0,
    "site_10000": 600.0,  # MB, the built site at 10,000 (GitHub Pages refuses 1 GB)
    "search_first_query_kb_10000": 500.0,  # KB a reader downloads for the first query
    "search_index_cpu_10000": 15.0,  # CPU s to build the search index (one core)
    "search_largest_file_kb_10000": 1024.0,  # KB, largest file of the search index
}
HUGO_CONFIG = """baseURL = "http://localhost/"
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main>%s</body></html>
"""
HUGO_LIST = "<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>" \
            "{{ end }}</ul>"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def mb(size: float) -> float:
    return round(size / 1_048_576, 2)


def peak_rss() -> dict[str, float]:
    """Peak resident set size of this process and of its largest child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"self_mb": round(own / 1024, 1), "largest_child_mb": round(children / 1024, 1)}


def cpu_time() -> float:
    """CPU seconds of this process and its finished children (robust against a busy machine)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def folder_bytes(folder: Path) -> tuple[int, int]:
    """Total size and number of files below folder."""
    total = count = 0
    for current, _dirs, files in os.walk(folder):
        for name in files:
            total += os.stat(os.path.join(current, name)).st_size
            count += 1
    return total, count


def files_state(*folders: Path) -> dict[str, tuple[int, int]]:
    """(mtime_ns, inode) of every file below folders."""
    state = {}
    for folder in folders:
        for current, _dirs, files in os.walk(folder):
            for name in files:
                path = os.path.join(current, name)
                info = os.stat(path)
                state[path] = (info.st_mtime_ns, info.st_ino)
    return state


def changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]],
            under: Path) -> int:
    prefix = str(under) + os.sep
    return sum(1 for p, v in after.items() if p.startswith(prefix) and before.get(p) != v) + \
        sum(1 for p in before if p.startswith(prefix) and p not in after)


def make_project(root: Path) -> Path:
    """A project folder with the repository's config, templates and hand-written pages."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir()
    project_files(root)
    (root / "seeds").mkdir()
    return root


def project_files(root: Path) -> None:
    """The repository's config, templates, hand-written pages and assets into a project,
    replacing those it has (a kept project then builds with today's templates)."""
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.rmtree(root / "templates", ignore_errors=True)
    shutil.copytree(REPO / "templates", root / "templates")
    try:
        generated = set(json.loads((REPO / "docs" / ".briefing-manifest.json")
                                   .read_text("utf-8"))["pages"])
    except (OSError, ValueError, KeyError):
        generated = {"index.md"}
    for page in sorted((REPO / "docs").glob("*.md")):
        if page.name not in generated and page.name != "index.md":
            shutil.copy(page, root / "docs" / page.name)
    # The site's own styles and scripts (the search box among them), as a project has them.
    shutil.rmtree(root / "docs" / "assets", ignore_errors=True)
    shutil.copytree(REPO / "docs" / "assets", root / "docs" / "assets")


def touch_brief(root: Path, index: int) -> Path:
    """A hand edit of one brief: its title gets a few words more."""
    brief = sorted((root / "briefs").glob("*.md"))[index]
    text = brief.read_text("utf-8")
    brief.write_text(text.replace("\ntitle: ", "\ntitle: Edited - ", 1), "utf-8")
    return brief


def touch_seed(root: Path, index: int, text: str) -> Path:
    seed = sorted((root / "seeds").glob("*.txt"))[index]
    seed.write_text(seed.read_text("utf-8") + f"\n{text}\n", "utf-8")
    return seed


# --- one build in a fresh process (like `briefing build`) ---------------------------------


def stage_run(root: Path, jobs: int, build_site: bool) -> dict[str, Any]:
    """Extract, render and (optionally) mkdocs build, each timed; runs in a child process."""
    started = time.perf_counter()
    from generator.config import load_project
    from generator.errors import BriefingError
    from generator.extracting import extract_all
    from generator.render import render_all
    from generator.report import Report
    from generator.site import site

    result: dict[str, Any] = {"import_s": round(time.perf_counter() - started, 3),
                              "code": str(Path(load_project.__code__.co_filename).parent)}
    project = load_project(root)
    report = Report()

    def timed(name: str, step: Any) -> Any:
        clock, cpu = time.perf_counter(), cpu_time()
        try:
            return step()
        finally:
            result[f"{name}_s"] = round(time.perf_counter() - clock, 3)
            result[f"{name}_cpu_s"] = round(cpu_time() - cpu, 3)

    # The parts of the site stage, timed apart (wall-clock and CPU seconds, children
    # included): copying the last site, MkDocs, the search index, publishing.
    from generator import site as site_module

    for part, name in (("site_copy", "_linked_copy"), ("site_mkdocs", "_mkdocs_build"),
                       ("site_search", "index_search"), ("site_publish", "publish")):
        real = getattr(site_module, name)
        setattr(site_module, name, lambda *a, _real=real, _part=part, **k: timed(
            _part, lambda: _real(*a, **k)))

    timed("extract", lambda: extract_all(project, report, jobs=jobs))
    timed("render", lambda: render_all(project, report, skip_broken=True, jobs=jobs))

    def build() -> None:
        # As `briefing build` outside CI: a dirty build when the last one allows it.
        try:
            built = site(project, strict=True, clean=False)
        except BriefingError as exc:
            result["site_error"] = str(exc)[:500]
            built = site(project, strict=False, clean=False)
        result["site_pages"], result["site_built"] = built.pages, built.built
        result["site_dirty"] = built.dirty

    if build_site:
        timed("site", build)
    result["lines"] = report.lines
    result["problems"] = [str(p) for p in report.problems[:10]]
    result["rss"] = peak_rss()
    return result


def serve_run(root: Path, jobs: int) -> dict[str, Any]:
    """The serve rebuild after seed changes, in one long-lived process, site included."""
    from generator import serve as serve_mod
    from generator.config import load_project

    project = load_project(root)
    lines: list[str] = []
    rebuild = serve_mod.Rebuilder(project, jobs, lines.append)
    result: dict[str, Any] = {}
    for name, seed in (("start", None), ("first_change", 1), ("second_change", 2),
                       ("own_writes", None)):
        if seed is not None:
            touch_seed(root, seed, f"Serve benchmark change {seed}.")
        builds = rebuild.builds
        clock, cpu = time.perf_counter(), cpu_time()
        rebuild()
        result[f"{name}_s"] = round(time.perf_counter() - clock, 3)
        result[f"{name}_cpu_s"] = round(cpu_time() - cpu, 3)
        result[f"{name}_built"] = rebuild.builds > builds
    result["lines"] = lines
    return result


def child(mode: str, root: Path, jobs: int, extra: list[str] | None = None) -> dict[str, Any]:
    command = [sys.executable, __file__, mode, str(root), "--jobs", str(jobs), *(extra or [])]
    clock, cpu = time.perf_counter(), cpu_time()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = round(time.perf_counter() - clock, 3)
    process_cpu = round(cpu_time() - cpu, 3)
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"{mode} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_s"] = wall
    result["wall_cpu_s"] = process_cpu
    return result


# --- measurements of one size -------------------------------------------------------------


def extraction_rates(root: Path, sample: int, jobs: int, profile: bool) -> dict[str, Any]:
    """articles/s of generator.extract.extract in one process, and of the pool of
    extract_all (whose workers also write each new brief's file text)."""
    from generator import kb as kbmod
    from generator.config import load_project
    from generator.extract import extract
    from generator.extracting import _extract_many
    from generator.ingest import ingest
    from generator.models import Source

    def _extract_one(item: tuple[str, str, str, str, None, str | None]) -> None:
        text, rel, sha, slug, _knowledge, _url = item
        extract(text, source=Source(rel, sha), slug=slug, kb=kbmod.default(None))

    project = load_project(root)
    clock = time.perf_counter()
    kbmod.default(None)
    kb_s = time.perf_counter() - clock
    clock = time.perf_counter()
    seeds = ingest(project.seeds, project.root).seeds
    ingest_s = time.perf_counter() - clock
    work = [(s.text, s.rel, s.sha256, "bench", None, s.url) for s in seeds[:sample]]
    # The first articles load data lazily (lemma dictionaries: seconds per language), so
    # they are timed apart and the rate is the steady state of a long run.
    warm = min(50, len(work) // 4)
    clock = time.perf_counter()
    for item in work[:warm]:
        _extract_one(item)
    cold_s = time.perf_counter() - clock
    clock, cpu = time.perf_counter(), cpu_time()
    for item in work[warm:]:
        _extract_one(item)
    one = (len(work) - warm) / (time.perf_counter() - clock)
    one_cpu = (len(work) - warm) / (cpu_time() - cpu)
    clock = time.perf_counter()
    _extract_many(work, jobs)
    many = len(work) / (time.perf_counter() - clock)
    result: dict[str, Any] = {
        "sample": len(work), "one_process_per_s": round(one, 1),
        "one_process_per_cpu_s": round(one_cpu, 1),
        f"jobs_{jobs}_per_s": round(many, 1), "speedup": round(many / one, 2),
        "kb_load_s": round(kb_s, 3), "first_articles_s": round(cold_s, 3),
        "first_articles": warm, "ingest_per_s": round(len(seeds) / ingest_s, 1),
    }
    if profile:
        profiler = cProfile.Profile()
        subset = work[: min(200, len(work))]
        profiler.enable()
        for item in subset:
            _extract_one(item)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(15)
        stats.sort_stats("cumulative").print_stats(25)
        result["profile"] = out.getvalue().replace(str(REPO) + "/", "")
    return result


def site_shape(site: Path) -> dict[str, Any]:
    """The site's MB and files, MB by top-level folder, and the mean page of each folder
    split into its content (<article>) and the theme's markup around it."""
    total, files = folder_bytes(site)
    folders: dict[str, float] = {}
    pages: dict[str, dict[str, float]] = {}
    for entry in sorted(site.iterdir()):
        if entry.is_dir():
            folders[entry.name] = mb(folder_bytes(entry)[0])
            sample = sorted(entry.glob("*/index.html"))[:200]
            if sample:
                sizes = [(len(t), t.find(b"</article>") - t.find(b"<article"))
                         for t in (p.read_bytes() for p in sample)]
                pages[entry.name] = {"kb": round(sum(a for a, _ in sizes) / len(sizes) / 1024, 1),
                                     "article_kb": round(sum(b for _, b in sizes)
                                                         / len(sizes) / 1024, 1)}
        else:
            folders["(top)"] = round(folders.get("(top)", 0) + entry.stat().st_size / 1_048_576, 2)
    return {"mb": mb(total), "files": files, "by_folder_mb": folders, "mean_page": pages}


def docs_shape(docs: Path) -> dict[str, Any]:
    """Page counts and the size of the list pages (are they paginated?)."""
    pages = [p for p in docs.rglob("*.md") if not p.name.startswith(".")]
    by_folder: dict[str, int] = {}
    for page in pages:
        rel = page.relative_to(docs).parts
        key = rel[0] if len(rel) > 1 else "(top)"
        by_folder[key] = by_folder.get(key, 0) + 1
    lists = {}
    for folder in ("briefs", "actors", "chips", "policy", "amounts", "timeline", "tags"):
        index = docs / folder / "index.md"
        if index.is_file():
            text = index.read_text("utf-8")
            lists[folder] = {"kb": round(len(text.encode()) / 1024, 1),
                             "rows": sum(1 for line in text.splitlines()
                                         if line.startswith(("| [", "- ["))),
                             "pages": 1 + len(list((docs / folder).glob("page-*.md")))}
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {"pages": len(pages), "by_folder": dict(sorted(by_folder.items())),
            "list_pages": lists,
            "largest_page": {"path": largest.relative_to(docs).as_posix(),
                             "kb": round(largest.stat().st_size / 1024, 1)}}


def hugo_build(docs: Path) -> dict[str, Any]:
    """Build the same Markdown with Hugo (no theme, minimal layouts) and time it."""
    exe = shutil.which("hugo")
    if exe is None and os.geteuid() == 0:
        log("hugo is missing; installing Debian's package")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], check=False, env=env,
                       stdout=subprocess.DEVNULL)
        exe = shutil.which("hugo")
    if exe is None:
        return {"skipped": "hugo is not installed (apt-get install hugo)"}
    version = subprocess.run([exe, "version"], capture_output=True, text=True,
                             check=False).stdout.split(" ")[1]
    site = Path(tempfile.mkdtemp(prefix="briefing-hugo-"))
    try:
        (site / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
        layouts = site / "layouts" / "_default"
        layouts.mkdir(parents=True)
        (layouts / "single.html").write_text(HUGO_PAGE % "", "utf-8")
        (layouts / "list.html").write_text(HUGO_PAGE % HUGO_LIST, "utf-8")
        content = site / "content"
        for current, _dirs, files in os.walk(docs):
            for name in files:
                if name.startswith(".") or not name.endswith(".md"):
                    continue
                source = Path(current) / name
                rel = source.relative_to(docs)
                # index.md would make its folder a leaf bundle that hides the other pages.
                target = content / rel.parent / ("_index.md" if name == "index.md" else name)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
        clock, cpu = time.perf_counter(), cpu_time()
        done = subprocess.run([exe, "--source", str(site), "--destination",
                               str(site / "public"), "--quiet"],
                              capture_output=True, text=True, check=False)
        seconds, cpu = time.perf_counter() - clock, cpu_time() - cpu
        size, files = folder_bytes(site / "public")
        result: dict[str, Any] = {"version": version, "s": round(seconds, 3),
                                  "cpu_s": round(cpu, 3),
                                  "html_pages": sum(1 for _ in (site / "public").rglob("*.html")),
                                  "site_mb": mb(size), "files": files}
        if done.returncode != 0:
            result["error"] = done.stderr[-1000:]
        return result
    finally:
        shutil.rmtree(site, ignore_errors=True)


def edit_builds(root: Path, jobs: int, site_flag: list[str], n: int) -> dict[str, Any]:
    """The edit-to-site builds: one brief edited, then one seed changed, each followed by a
    whole build process; with the files each rewrote."""
    result: dict[str, Any] = {}
    for name, touch in (("brief_edited", lambda: touch_brief(root, 3)),
                        ("one_changed", lambda: touch_seed(
                            root, 0, "The company declined to comment further on Friday."))):
        touch()
        before = files_state(root / "briefs", root / "docs")
        one = child("--stage-run", root, jobs, site_flag)
        after = files_state(root / "briefs", root / "docs")
        one["briefs_rewritten"] = changed(before, after, root / "briefs")
        one["pages_rewritten"] = changed(before, after, root / "docs")
        result[name] = one
        log(f"[{n}] {name.replace('_', ' ')}: extract {one['extract_s']} + render "
            f"{one['render_s']} + site {one.get('site_s', '-')} s "
            f"({one.get('site_built', '-')} pages built), whole process "
            f"{one['wall_s']} s ({one['wall_cpu_s']} CPU s); {one['briefs_rewritten']} brief "
            f"files and {one['pages_rewritten']} pages rewritten")
    return result


def edits_run(root: Path, jobs: int) -> dict[str, Any]:
    """The edit-to-site builds again on a kept project (--keep), with the code, config and
    templates as they are now: a first build brings the project up to date with them (it
    may extract and render everything again), then the edits are measured."""
    n = sum(1 for _ in (root / "seeds").glob("*.txt"))
    project_files(root)
    settle = child("--stage-run", root, jobs, ["--site"])
    log(f"[{n}] build with this code first: {settle['wall_s']} s ({settle['wall_cpu_s']} CPU s)")
    result = edit_builds(root, jobs, ["--site"], n)
    result["n"] = n
    result["site"] = site_shape(root / "site")
    return result


def attempt(part: str, measure: Any) -> dict[str, Any]:
    """measure(), or what went wrong: a part that fails costs its figures, not the run's."""
    try:
        return dict(measure())
    except (Exception, SystemExit) as exc:
        log(f"{part} failed: {str(exc)[-2000:]}")
        return {"error": f"{type(exc).__name__}: {str(exc)[-500:]}"}


def size_run(n: int, jobs: int, sample: int, profile: bool, keep: bool,
             skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every measurement of one corpus size, in a temporary project (but those in skip)."""
    import corpus
    import search_figures

    base = Path(tempfile.mkdtemp(prefix=f"briefing-bench-{n}-"))
    root = make_project(base / "project")
    result: dict[str, Any] = {"n": n, "jobs": jobs, "project": str(root) if keep else None}
    try:
        clock = time.perf_counter()
        written = corpus.write(root / "seeds", n)
        size = sum(p.stat().st_size for p in written)
        result["corpus"] = {"articles": n, "mb": mb(size),
                            "german": sum(p.name.startswith("de_") for p in written),
                            "seconds": round(time.perf_counter() - clock, 2)}
        log(f"[{n}] corpus: {n} articles, {mb(size)} MB")

        result["extraction"] = extraction_rates(root, min(n, sample), jobs, profile)
        log(f"[{n}] extraction: {result['extraction']['one_process_per_s']} articles/s in one "
            f"process, {result['extraction'][f'jobs_{jobs}_per_s']} with --jobs {jobs}")

        site_flag = [] if "mkdocs" in skip else ["--site"]
        cold = child("--stage-run", root, jobs, site_flag)
        result["cold_build"] = cold
        log(f"[{n}] cold build: {cold['wall_s']} s (extract {cold['extract_s']}, render "
            f"{cold['render_s']}, mkdocs {cold.get('site_s', '-')})")

        before = files_state(root / "briefs", root / "docs")
        noop = child("--stage-run", root, jobs, [] if "mkdocs-rebuild" in skip else site_flag)
        after = files_state(root / "briefs", root / "docs")
        noop["briefs_rewritten"] = changed(before, after, root / "briefs")
        noop["pages_rewritten"] = changed(before, after, root / "docs")
        result["noop_build"] = noop
        log(f"[{n}] no-op build: extract {noop['extract_s']} + render {noop['render_s']} s, "
            f"mkdocs {noop.get('site_s', '-')} s, {noop['briefs_rewritten']} briefs and "
            f"{noop['pages_rewritten']} pages rewritten")

        result.update(edit_builds(root, jobs, site_flag, n))

        if "serve" not in skip:
            result["serve"] = attempt("serve", lambda: child("--serve-run", root, jobs))
        if "first_change_s" in result.get("serve", {}):
            log(f"[{n}] serve rebuild after a change: {result['serve']['first_change_s']} s, "
                f"then {result['serve']['second_change_s']} s (site included)")

        result["site"] = site_shape(root / "site")
        result["docs"] = docs_shape(root / "docs")
        log(f"[{n}] site {result['site']['mb']} MB")
        if "search" not in skip and (root / "site" / "pagefind").is_dir():
            result["search"] = attempt("search", lambda: search_figures.measure(root / "site"))
        if "index" in result.get("search", {}):
            figures = result["search"]
            log(f"[{n}] search: index {figures['index'].get('s')} s "
                f"({figures['index'].get('cpu_s')} CPU s), {figures['bundles']['mb']} MB in "
                f"{figures['bundles']['files']} files, largest "
                f"{figures['bundles']['largest_kb']} KB, first query "
                f"{figures['first_query'].get('max_kb')} KB")

        result["hugo"] = {} if "hugo" in skip else attempt("hugo",
                                                            lambda: hugo_build(root / "docs"))
        if "s" in result["hugo"]:
            log(f"[{n}] hugo: {result['hugo']['s']} s")
    finally:
        if not keep:
            shutil.rmtree(base, ignore_errors=True)
    result["rss_driver"] = peak_rss()
    return result


# --- the table ------------------------------------------------------------------------------


def rows(results: dict[str, dict[str, Any]], jobs: int) -> list[tuple[str, list[str], str]]:
    sizes = sorted(results, key=int)

    def get(n: str, *keys: str) -> Any:
        value: Any = results[n]
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return value

    def fmt(value: Any, digits: int = 2) -> str:
        if value is None:
            return "-"
        if isinstance(value, float):
            return f"{value:,.{digits}f}"
        return f"{value:,}" if isinstance(value, int) else str(value)

    def per(key: str, *path: str, digits: int = 2) -> list[str]:
        return [fmt(get(n, key, *path), digits) for n in sizes]

    def ratio(a: tuple[str, ...], b: tuple[str, ...]) -> list[str]:
        out = []
        for n in sizes:
            x, y = get(n, *a), get(n, *b)
            out.append(f"{x / y:.1f}x" if x and y else "-")
        return out

    def both(n: str, section: str, *names: str) -> str:
        wall = [get(n, section, f"{k}_s") for k in names]
        cpu = [get(n, section, f"{k}_cpu_s") for k in names]
        if any(v is None for v in wall):
            return "-"
        text = f"{sum(wall):,.2f}"
        return text + (f" ({sum(cpu):,.2f})" if all(v is not None for v in cpu) else "")

    def split(n: str, section: str, *names: str) -> str:
        """Each part's wall-clock seconds, with its CPU seconds in brackets."""
        return " / ".join(f"{fmt(get(n, section, f'{k}_s'))} ({fmt(get(n, section, f'{k}_cpu_s'))})"
                          for k in names)

    def timing(section: str, *names: str) -> list[str]:
        return [both(n, section, *names) for n in sizes]

    def rss(n: str) -> str:
        parent = max(get(n, k, "rss", "self_mb") or 0 for k in ("cold_build", "noop_build"))
        worker = get(n, "cold_build", "rss", "largest_child_mb") or 0
        workers = int(get(n, "jobs") or 1)
        return f"{parent:,.0f} + {workers}x{worker:,.0f}"

    def extract_line(n: str, section: str) -> str:
        for line in get(n, section, "lines") or []:
            if line.startswith("extract:"):
                return line.split("(")[1].split(")")[0]
        return "-"

    return [
        ("articles (German)", [f"{int(n):,} ({get(n, 'corpus', 'german')})"
                               for n in sizes], ""),
        ("extract(): articles/s, 1 process", per("extraction", "one_process_per_s", digits=1),
         ""),
        ("extract(): articles per CPU second", per("extraction", "one_process_per_cpu_s",
                                                   digits=1), ">= 500"),
        (f"extract() + brief text (pool): articles/s, --jobs {jobs}",
         [fmt(get(n, "extraction", f"jobs_{jobs}_per_s"), 1) for n in sizes], ""),
        ("extract(): first articles (lazy loads), s",
         per("extraction", "first_articles_s"), ""),
        ("cold build: extract, s (CPU s)", timing("cold_build", "extract"), ""),
        ("cold build: render, s (CPU s)", timing("cold_build", "render"), ""),
        ("cold build: site (mkdocs + search index), s (CPU s)", timing("cold_build", "site"),
         ""),
        ("cold build: site = copy / mkdocs / search / publish, s (CPU s)",
         [split(n, "cold_build", "site_copy", "site_mkdocs", "site_search", "site_publish")
          for n in sizes], ""),
        ("cold build: whole process, s (CPU s)", timing("cold_build", "wall"),
         "<= 15 @1k, <= 150 @10k"),
        ("no-op build: extract + render, s (CPU s)", timing("noop_build", "extract", "render"),
         "<= 1 @1k"),
        ("no-op build: seeds", [extract_line(n, "noop_build") for n in sizes],
         "0 extracted"),
        ("no-op build: files rewritten (briefs, docs)",
         [f"{get(n, 'noop_build', 'briefs_rewritten')}, "
          f"{get(n, 'noop_build', 'pages_rewritten')}" for n in sizes], "0, 0"),
        ("no-op build: mkdocs build, s (CPU s)", timing("noop_build", "site"),
         "dirty: nothing built"),
        ("no-op build: site pages built", per("noop_build", "site_built"), "0"),
        ("1 brief edited: edit to site, whole process, s (CPU s)",
         timing("brief_edited", "wall"), "<= 3 @1k, <= 10 @10k"),
        ("1 brief edited: extract / render / site, s (CPU s)",
         [split(n, "brief_edited", "extract", "render", "site") for n in sizes], ""),
        ("1 brief edited: site = copy / mkdocs / search / publish, s (CPU s)",
         [split(n, "brief_edited", "site_copy", "site_mkdocs", "site_search", "site_publish")
          for n in sizes], ""),
        ("1 brief edited: pages rewritten, site pages built",
         [f"{get(n, 'brief_edited', 'pages_rewritten')}, "
          f"{get(n, 'brief_edited', 'site_built')}" for n in sizes], "few"),
        ("1 seed changed: seeds", [extract_line(n, "one_changed") for n in sizes],
         "1 extracted"),
        ("1 seed changed: edit to site, whole process, s (CPU s)",
         timing("one_changed", "wall"), "<= 3 @1k, <= 10 @10k"),
        ("1 seed changed: extract / render / site, s (CPU s)",
         [split(n, "one_changed", "extract", "render", "site") for n in sizes], ""),
        ("1 seed changed: site = copy / mkdocs / search / publish, s (CPU s)",
         [split(n, "one_changed", "site_copy", "site_mkdocs", "site_search", "site_publish")
          for n in sizes], ""),
        ("1 seed changed: files rewritten (briefs, docs)",
         [f"{get(n, 'one_changed', 'briefs_rewritten')}, "
          f"{get(n, 'one_changed', 'pages_rewritten')}" for n in sizes],
         "2 (brief + .base), few"),
        ("serve: rebuild after 1st change, s (CPU s)", timing("serve", "first_change"),
         "<= 3 @1k, <= 10 @10k"),
        ("serve: rebuild after 2nd change, s (CPU s)", timing("serve", "second_change"),
         "<= 3 @1k, <= 10 @10k"),
        ("serve: trigger by its own writes, s",
         [f"{fmt(get(n, 'serve', 'own_writes_s'))}"
          f"{ {False: ' (skipped)', True: ' (BUILT)'}.get(get(n, 'serve', 'own_writes_built'), '')}"
          for n in sizes], "skipped"),
        ("hugo build of the same docs/, s (CPU s)",
         [f"{fmt(get(n, 'hugo', 's'))} ({fmt(get(n, 'hugo', 'cpu_s'))})" for n in sizes], ""),
        ("ours / hugo, cold build wall time", ratio(("cold_build", "wall_s"), ("hugo", "s")),
         ""),
        ("mkdocs build / hugo, wall time", ratio(("cold_build", "site_s"), ("hugo", "s")), ""),
        ("peak RSS MB (build + jobs x worker)", [rss(n) for n in sizes], "<= 1024 @10k"),
        ("site size, MB", per("site", "mb"), "< 600 @10k"),
        ("search: index build, s (CPU s, with Pagefind's)",
         [f"{fmt(get(n, 'search', 'index', 's'))} ({fmt(get(n, 'search', 'index', 'cpu_s'))})"
          for n in sizes], "CPU <= 15 @10k"),
        ("search: index MB (files)",
         [f"{fmt(get(n, 'search', 'bundles', 'mb'))} "
          f"({fmt(get(n, 'search', 'bundles', 'files'))})" for n in sizes], ""),
        ("search: largest index file, KB", per("search", "bundles", "largest_kb", digits=1),
         "<= 1024"),
        ("search: first query downloads, KB (max of 5; gzip)",
         [f"{fmt(get(n, 'search', 'first_query', 'max_kb'), 1)} "
          f"({fmt(get(n, 'search', 'first_query', 'max_gzip_kb'), 1)})" for n in sizes],
         "<= 500 @10k"),
        ("search: Explore page's search files, KB",
         per("search", "first_query", "explore page", "kb", digits=1), ""),
        ("docs pages", per("docs", "pages"), ""),
        ("actors list page, KB (rows)",
         [f"{fmt(get(n, 'docs', 'list_pages', 'actors', 'kb'), 1)} "
          f"({fmt(get(n, 'docs', 'list_pages', 'actors', 'rows'))})" for n in sizes],
         "one page"),
        ("load average at the end", [fmt(get(n, "machine", "load_average", "0"), 1)
                                     for n in sizes], "2 cores"),
    ]


def table(results: dict[str, dict[str, Any]], jobs: int) -> str:
    sizes = sorted(results, key=int)
    lines = rows(results, jobs)
    head = ["measure", *[f"N={int(n):,}" for n in sizes], "target"]
    widths = [max(len(head[0]), *(len(r[0]) for r in lines))]
    for i in range(len(sizes)):
        widths.append(max(len(head[i + 1]), *(len(r[1][i]) for r in lines)))
    widths.append(max(len(head[-1]), *(len(r[2]) for r in lines)))

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) if i in (0, len(cells) - 1) else c.rjust(w)
                                 for i, (c, w) in enumerate(zip(cells, widths, strict=True))
                                 ) + " |"

    out = [row(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [row([name, *values, target]) for name, values, target in lines]
    return "\n".join(out)


def machine() -> dict[str, Any]:
    import importlib.metadata as md

    versions = {}
    for package in ("mkdocs", "mkdocs-material", "jinja2", "pyyaml"):
        try:
            versions[package] = md.version(package)
        except md.PackageNotFoundError:
            versions[package] = None
    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "load_average": os.getloadavg(),
            "versions": versions}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="comma-separated corpus sizes (default: 100,1000,10000)")
    parser.add_argument("--quick", action="store_true", help="only N=100")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="extraction processes for the builds (default: cores)")
    parser.add_argument("--sample", type=int, default=1000,
                        help="articles for the articles/s measurement (default: 1000)")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile extract() on 200 articles, into the results")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    parser.add_argument("--skip", default="",
                        help="comma-separated parts to leave out: mkdocs (every mkdocs build), "
                        "mkdocs-rebuild (the no-op build's), serve, hugo, search")
    parser.add_argument("--out", type=Path, default=OUT, help="results file")
    parser.add_argument("--edits", type=Path, metavar="PROJECT",
                        help="only the edit-to-site builds again, on a project kept by --keep "
                        "(its size's other figures are kept)")
    parser.add_argument("--edits-run", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stage-run", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--serve-run", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--size-run", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--site", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.stage_run:
        print(json.dumps(stage_run(args.stage_run, args.jobs, args.site)))
        return 0
    if args.serve_run:
        print(json.dumps(serve_run(args.serve_run, args.jobs)))
        return 0
    if args.edits_run:
        print(json.dumps(edits_run(args.edits_run, args.jobs)))
        return 0
    if args.size_run:
        result = size_run(args.size_run, args.jobs, args.sample, args.profile, args.keep,
                          frozenset(filter(None, args.skip.split(","))))
        print(json.dumps(result))
        return 0

    sizes = [100] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",")]
    try:
        previous = json.loads(args.out.read_text("utf-8"))
        results: dict[str, Any] = previous.get("sizes", {})
    except (OSError, ValueError, AttributeError):
        results = {}
    # Others may edit generator/ while this runs: every process of the run uses one copy.
    frozen = Path(tempfile.mkdtemp(prefix="briefing-bench-code-"))
    shutil.copytree(REPO / "generator", frozen / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    # Compiled once, as an installed package is: with PYTHONDONTWRITEBYTECODE set, every
    # build process would compile the whole package again (0.1-0.15 CPU s), which no
    # installation pays.
    compileall.compile_dir(frozen / "generator", quiet=1)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(frozen), os.environ.get("PYTHONPATH")]))}
    if args.edits:
        done = subprocess.run([sys.executable, __file__, "--edits-run", str(args.edits.resolve()),
                               "--jobs", str(args.jobs)], stdout=subprocess.PIPE, text=True,
                              check=False, env=env)
        shutil.rmtree(frozen, ignore_errors=True)
        if done.returncode != 0:
            log(f"--edits failed with exit code {done.returncode}")
            return 1
        edits = json.loads(done.stdout.strip().splitlines()[-1])
        n = edits.pop("n")
        sizes = [n]
        result = results.setdefault(str(n), {"n": n, "jobs": args.jobs})
        result.update(edits)
        result["edits_rerun"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        result.setdefault("machine", machine())
    for number, n in enumerate([] if args.edits else sizes):
        extra = ["--profile"] if args.profile and number == 0 else []
        extra += ["--keep"] if args.keep else []
        extra += ["--skip", args.skip] if args.skip else []
        command = [sys.executable, __file__, "--size-run", str(n), "--jobs", str(args.jobs),
                   "--sample", str(args.sample), *extra]
        log(f"N={n:,}: running (each build in its own process)")
        clock = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False, env=env)
        if done.returncode != 0:
            log(f"N={n:,}: failed with exit code {done.returncode}")
            shutil.rmtree(frozen, ignore_errors=True)
            return 1
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["benchmark_s"] = round(time.perf_counter() - clock, 1)
        result["when"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        result["machine"] = machine()
        result["machine"]["load_average"] = dict(zip(("0", "1", "2"), os.getloadavg(),
                                                     strict=True))
        results[str(n)] = result
    shutil.rmtree(frozen, ignore_errors=True)
    shown = {k: v for k, v in results.items() if int(k) in sizes}
    print(table(shown, args.jobs))
    for n, result in shown.items():
        if "profile" in result.get("extraction", {}):
            print(f"\nProfile of extract() on the N={int(n):,} corpus:\n")
            print(result["extraction"]["profile"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"targets": TARGETS, "sizes": results}, indent=1,
                                   ensure_ascii=False) + "\n", "utf-8")
    print(f"\nresults: {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
