"""briefing serve: build, serve, and rebuild what changed when a source file changes."""

from __future__ import annotations

from collections.abc import Callable

from .config import Project
from .pipeline import run


def serve(project: Project, *, host: str, port: int, jobs: int | None,
          echo: Callable[[str], None]) -> None:
    """Serve site/ with live reload; seeds, briefs, templates and docs are watched."""
    from mkdocs.livereload import LiveReloadServer

    def rebuild() -> None:
        report = run(project, do_site=True, jobs=jobs, strict=False)
        for line in report.lines + [f"error: {p}" for p in report.problems]:
            echo(line)

    rebuild()
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(project.site))
    for folder in (project.seeds, project.briefs, project.templates, project.docs,
                   project.knowledge, project.config_file):
        if folder.exists():
            server.watch(str(folder))
    echo(f"serving on http://{host}:{port}/ (Ctrl+C to stop)")
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
