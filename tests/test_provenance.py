"""A brief can be checked at its source: its url (from the seed, or by hand), the reviewed
state, the analyst's notes, and merge conflicts shown to the editor only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import REPO, make_project
from hypothesis import given
from hypothesis import strategies as st

from generator import briefs
from generator.check import check
from generator.config import load_project
from generator.ingest import read_seed
from generator.models import Brief, Source
from generator.pipeline import run
from generator.provenance import host, page_url, text_url, web_address
from generator.render import FEED_PATH, render

TEMPLATES = REPO / "templates"
ARTICLE = ("Nvidia will invest $100 billion in OpenAI, the companies said on Monday. "
           "The money will pay for data centres with ten gigawatts of capacity.")


def _html(head: str) -> str:
    body = "".join(f"<p>{ARTICLE} Paragraph {n}.</p>" for n in range(6))
    return (f"<!doctype html><html><head><title>Nvidia to invest in OpenAI</title>{head}"
            f"</head><body><article><h1>Nvidia to invest in OpenAI</h1>{body}</article>"
            "</body></html>")


@pytest.mark.parametrize(("head", "url"), [
    ('<link rel="canonical" href="https://example.org/news/nvidia-openai">',
     "https://example.org/news/nvidia-openai"),
    ('<meta property="og:url" content="https://example.org/og">', "https://example.org/og"),
    # attribute order, entities and a relative canonical resolved against og:url
    ('<meta content="https://example.org/a/b" property="og:url">'
     '<link href="/news?id=1&amp;p=2" rel="canonical">', "https://example.org/news?id=1&p=2"),
    ('<link rel="canonical" href="javascript:alert(1)">', None),
    ('<link rel="canonical" href="/relative/only">', None),
    ("", None),
])
def test_an_html_seed_gives_its_canonical_address(tmp_path: Path, head: str,
                                                  url: str | None) -> None:
    seed = tmp_path / "article.html"
    seed.write_text(_html(head), "utf-8")
    assert read_seed(seed).url == url
    assert page_url(_html(head)) == url


@pytest.mark.parametrize(("text", "url"), [
    ("Headline\nQuelle: https://example.org/artikel/1 (abgerufen am 3.3.2025)\n\nText.",
     "https://example.org/artikel/1"),
    ("Headline\n\nText.\n\nSource: Financial Times, https://example.com/content/x.\n",
     "https://example.com/content/x"),
    ("Headline\nURL: <https://example.org/a>\n\nText.", "https://example.org/a"),
    ("Headline\n\nText.\n\nhttps://example.org/only-the-address\n",
     "https://example.org/only-the-address"),
    ("Headline\nQuelle: dpa\n\nSee https://example.org/in-the-text for more.", None),
    ("Headline\nSource: ftp://example.org/file\n\nText.", None),
])
def test_a_text_seed_gives_the_address_on_its_source_line(text: str, url: str | None) -> None:
    assert text_url(text) == url


@given(st.text())
def test_only_http_addresses_are_ever_taken(value: str) -> None:
    found = web_address(value)
    if found is not None:
        assert found.startswith(("http://", "https://"))
        assert not any(c in found for c in " \t\n\"'<>`")


def test_host_names_the_outlet() -> None:
    assert host("https://www.ft.com/content/1") == "ft.com"
    assert host("javascript:alert(1)") == "" and host(None) == ""


def _project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj", seeds={
        "nvidia.html": _html('<link rel="canonical" href="https://example.org/nvidia">'),
        "notiz.txt": ("Nvidia investiert 100 Milliarden Dollar in OpenAI\nBerlin, 12.03.2025\n"
                      "Quelle: https://example.org/de/nvidia-openai\n\n"
                      "Nvidia will bis zu 100 Milliarden Dollar in OpenAI investieren. Das "
                      "Geld soll in Rechenzentren fließen, sagte Jensen Huang am Montag.\n"),
    })


def test_the_url_goes_into_the_brief_and_a_hand_edit_stays(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert run(load_project(root), jobs=1).ok
    html_brief = briefs.read(root / "briefs" / "nvidia.md")
    assert html_brief.url == "https://example.org/nvidia"
    path = root / "briefs" / "notiz.md"
    text = path.read_text("utf-8")
    assert "\nurl: https://example.org/de/nvidia-openai\n" in text
    path.write_text(text.replace("https://example.org/de/nvidia-openai",
                                 "https://example.org/corrected"), "utf-8")
    seed = root / "seeds" / "notiz.txt"
    seed.write_text(seed.read_text("utf-8") + "Ein weiterer Satz.\n", "utf-8")
    assert run(load_project(root), jobs=1).ok
    assert briefs.read(path).url == "https://example.org/corrected"


def test_a_url_that_is_not_http_is_reported_with_its_line(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert run(load_project(root), jobs=1).ok
    path = root / "briefs" / "notiz.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace("https://example.org/de/nvidia-openai",
                                 "javascript:alert(1)"), "utf-8")
    line = text.split("\n").index("url: https://example.org/de/nvidia-openai") + 1
    problems = [str(p) for p in check(load_project(root)).problems]
    assert problems == [
        f"{path}:{line}: url: 'javascript:alert(1)' should be a web address starting with "
        "http:// or https://, without spaces or quotes (see docs/brief-format.md for the "
        "fields)"]


def _brief(**extra: object) -> Brief:
    url = extra.pop("url", None)
    return Brief(title="Nvidia invests", slug="nvidia", language="en",
                 date=dt.date(2025, 3, 12), source=Source("seeds/nvidia.txt", "0" * 64),
                 url=url if isinstance(url, str) else None, summary="Nvidia invests.",
                 body="Nvidia invests.\n", extra=dict(extra))


def test_the_page_links_the_original_and_shows_review_state_and_notes() -> None:
    page = render([_brief(url="https://example.org/nvidia", reviewed=True,
                          notes="Checked against the filing.\n\nAsk <b>legal</b>.")],
                  TEMPLATES, site_url="https://briefing.example/")["briefs/nvidia.md"]
    assert ('<a class="source-link" href="https://example.org/nvidia" '
            'rel="noopener noreferrer">Original on example.org</a>') in page
    assert '<span class="badge badge--reviewed">Reviewed</span>' in page
    assert "<p>Checked against the filing.</p>\n<p>Ask &lt;b&gt;legal&lt;/b&gt;.</p>" in page
    assert ('<span class="citation-text">Nvidia invests. example.org, 12 March 2025. '
            "https://example.org/nvidia</span>") in page


def test_without_a_url_the_page_names_the_seed_and_cites_the_brief() -> None:
    page = render([_brief()], TEMPLATES, site_url="https://briefing.example/")[
        "briefs/nvidia.md"]
    assert "Source file <code>seeds/nvidia.txt</code>" in page
    assert 'badge--unreviewed' in page
    assert ("Nvidia invests. 12 March 2025. Briefing, "
            "https://briefing.example/briefs/nvidia/</span>") in page


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", " http://x y",
                                 "https://example.org/\"onmouseover=\"alert(1)"])
def test_a_url_is_only_ever_an_http_link(url: str) -> None:
    pages = render([_brief(url=url)], TEMPLATES)
    page = pages["briefs/nvidia.md"]
    assert "source-link" not in page and "Source file" in page
    assert "javascript:" not in page.lower() and "data:text" not in page
    assert 'rel="via"' not in pages[FEED_PATH]


def test_conflicts_are_for_the_editor_only() -> None:
    conflict = {"field": "title", "kept": "My title", "extracted": "<i>New</i> title"}
    brief = _brief(conflicts=[conflict])
    published = render([brief], TEMPLATES)["briefs/nvidia.md"]
    assert "editor-only" not in published and "My title" not in published
    preview = render([brief], TEMPLATES, editor=True)["briefs/nvidia.md"]
    assert '<div class="admonition warning editor-only">' in preview
    assert ("<code>title</code>: kept <code>My title</code>, extracted "
            "<code>&lt;i&gt;New&lt;/i&gt; title</code>") in preview


def test_serve_tells_the_editor_about_open_conflicts(bundled: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import serve
    from generator.site import Built

    monkeypatch.setattr(serve, "site", lambda project, strict=True, clean=True, progress=False:
                        Built(project.site, not clean, 0, 0))
    lines: list[str] = []
    rebuild = serve.Rebuilder(load_project(bundled), 1, lines.append)
    rebuild()
    path = bundled / "briefs" / "en-01-tsmc-arizona.md"
    text = path.read_text("utf-8").replace(
        "\n---\n", "\nconflicts:\n- field: title\n  kept: Mine\n  extracted: Theirs\n---\n", 1)
    path.write_text(text, "utf-8")
    rebuild()
    line = text.split("\n").index("- field: title") + 1
    assert (f"note: {path}:{line}: conflict in title: your edit was kept, the new extraction "
            "has 'Theirs' (review it, then delete the entry under 'conflicts:')") in lines
    page = (bundled / "docs" / "briefs" / "en-01-tsmc-arizona.md").read_text("utf-8")
    assert "editor-only" in page
    # a build for readers renders the page again, without the conflicts
    assert run(load_project(bundled), jobs=1).ok
    page = (bundled / "docs" / "briefs" / "en-01-tsmc-arizona.md").read_text("utf-8")
    assert "editor-only" not in page


def test_serve_reads_only_the_changed_briefs_for_their_conflicts(
        bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import serve
    from generator.site import Built

    monkeypatch.setattr(serve, "site", lambda project, strict=True, clean=True, progress=False:
                        Built(project.site, not clean, 0, 0))
    looked_at: list[Path] = []
    real = serve.conflicts
    monkeypatch.setattr(serve, "conflicts", lambda brief, path: (
        looked_at.append(path), real(brief, path))[1])
    lines: list[str] = []
    rebuild = serve.Rebuilder(load_project(bundled), 1, lines.append)
    rebuild()
    assert len(looked_at) == 11
    with_conflict = bundled / "briefs" / "en-01-tsmc-arizona.md"
    with_conflict.write_text(with_conflict.read_text("utf-8").replace(
        "\n---\n", "\nconflicts:\n- field: title\n  kept: Mine\n  extracted: Theirs\n---\n", 1),
        "utf-8")
    looked_at.clear()
    rebuild()
    assert looked_at == [with_conflict]
    notes = [line for line in lines if line.startswith("note: ")]
    assert len(notes) == 1 and "conflict in title" in notes[0]
    # another brief edited: the open conflict is still told, from what was read before
    other = bundled / "briefs" / "de-01-telekom-ki-cloud.md"
    other.write_text(other.read_text("utf-8").replace("title: ", "title: Neu ", 1), "utf-8")
    lines.clear()
    looked_at.clear()
    rebuild()
    assert looked_at == [other]
    assert [line for line in lines if line.startswith("note: ")] == notes
    # the conflict resolved, and a brief removed
    with_conflict.write_text(with_conflict.read_text("utf-8").replace(
        "conflicts:\n- field: title\n  kept: Mine\n  extracted: Theirs\n", ""), "utf-8")
    (bundled / "briefs" / "de-03-nvidia-h20-china.md").unlink()
    lines.clear()
    rebuild()
    assert not [line for line in lines if line.startswith("note: ")]
