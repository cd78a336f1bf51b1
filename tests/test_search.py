"""Search: the extra word forms of a brief, and the Pagefind bundles built from the site.

The bundles are read as the browser reads them: Pagefind's files are gzip with a signature,
then JSON (fragments: one per indexed page, with its url, text, filters and metadata).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import make_project

from generator import search
from generator.briefs import load_all
from generator.config import load_project
from generator.errors import SiteError
from generator.models import Brief, Source
from generator.pipeline import run
from generator.render.text import summary_in_body
from generator.searchterms import extra_forms, other_spellings


def test_german_words_get_their_lemma() -> None:
    forms = extra_forms("Neue Rechenzentren und Chipfabriken: KI-Rechenzentren", "de")
    assert "rechenzentrum" in forms and "chipfabrik" in forms
    assert "rechenzentren" not in forms  # the text has it already


def test_english_words_get_their_other_spelling_only_when_it_is_a_word() -> None:
    forms = extra_forms("Data centres for organisations; the labour of four hours.", "en")
    assert {"centre", "center", "organization", "labor"} <= set(forms)
    assert "for" not in forms and "hor" not in forms
    assert other_spellings("center") == ("centre",)
    assert other_spellings("four") == ()


def test_forms_of_a_language_without_dictionary_are_none() -> None:
    assert extra_forms("Rechenzentren und Chipfabriken", "xx") == []


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(b"pagefind_dcd")
    return json.loads(data[len(b"pagefind_dcd"):])


def _fragments(bundle: Path) -> dict[str, dict[str, Any]]:
    pages = [_read(p) for p in sorted((bundle / "fragment").glob("*.pf_fragment"))]
    return {page["url"]: page for page in pages}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("search") / "proj", copy_seeds=True)
    report = run(load_project(root), jobs=1, do_site=True)
    assert report.ok, [str(p) for p in report.problems]
    assert any(line.startswith("search: ") for line in report.lines), report.lines
    return root


@pytest.mark.slow
def test_one_bundle_per_language_holds_exactly_its_briefs_and_the_entity_pages(
        built: Path) -> None:
    site = built / "site"
    briefs = load_all(built / "briefs").briefs
    assert json.loads((site / "search" / "languages.json").read_text("utf-8")) == {
        "languages": ["de", "en"]}
    urls = {lang: set(_fragments(site / "pagefind" / lang)) for lang in ("de", "en")}
    for lang in ("de", "en"):
        expected = {f"/briefs/{b.slug}/" for b in briefs if b.language == lang}
        assert {u for u in urls[lang] if u.startswith("/briefs/")} == expected
    entities = {u for u in urls["en"] if not u.startswith("/briefs/")}
    assert "/actors/sam-altman/" in entities and "/chips/nvidia-h20/" in entities
    # entity pages once (their later pages of briefs are not indexed), no list page at all
    assert all(u.count("/") == 3 and "/page-" not in u for u in entities), sorted(entities)
    assert not {u for u in urls["de"] if not u.startswith("/briefs/")}
    entry = json.loads((site / "pagefind" / "de" / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["de"]  # German stemming for German briefs


@pytest.mark.slow
def test_a_brief_is_indexed_with_its_whole_text_filters_and_fields(built: Path) -> None:
    page = _fragments(built / "site" / "pagefind" / "en")["/briefs/en-02-stargate-abilene/"]
    text = (built / "briefs" / "en-02-stargate-abilene.md").read_text("utf-8")
    head, body = text.split("\n---\n", 1)
    last = body.split()[-1].strip(".")
    assert "bottleneck" in body and "bottleneck" not in head  # a word of the article only
    assert "bottleneck" in page["content"] and last in page["content"]
    # the facts and tables stay out of the text; their names are fields
    assert "Evidence for each fact" not in page["content"] and "Key facts" not in page[
        "content"]
    assert "Newer:" not in page["content"]
    assert page["meta"]["title"].startswith("Inside Stargate")
    assert page["meta"]["date"] == "2025-06-04"
    # the names of the facts that the text does not have as they are (a canonical name)
    names = page["meta"]["names"].split(" · ")
    assert "Nvidia GB200" in names and "Nvidia GB200" not in body
    assert "Oracle" in body and "Oracle" not in names
    filters = page["filters"]
    assert filters["type"] == ["Brief"] and filters["language"] == ["English"]
    assert filters["year"] == ["2025"] and filters["month"] == ["2025-06"]
    assert "OpenAI" in filters["actor"] and "Oracle" in filters["actor"]
    countries = _fragments(built / "site" / "pagefind" / "en")["/briefs/en-01-tsmc-arizona/"]
    assert {"Taiwan", "United States"} <= set(countries["filters"]["country"])
    assert "Taiwan" not in countries["filters"]["actor"]
    assert "data centres" in filters["tag"]
    assert "center" in page["meta"]["forms"].split()  # "data centres" -> "data center"


@pytest.mark.slow
def test_an_entity_page_is_indexed_with_every_other_name(built: Path) -> None:
    pages = _fragments(built / "site" / "pagefind" / "en")
    cfius = next(p for p in pages.values()
                 if p["meta"]["title"] == "Committee on Foreign Investment in the United States")
    assert "CFIUS" in cfius["content"]
    assert cfius["filters"]["type"] == ["Entity"]
    assert cfius["filters"]["actor"] == [cfius["meta"]["title"]]  # a government body


@pytest.mark.slow
def test_indexing_again_replaces_the_bundles_and_drops_a_language_no_longer_listed(
        built: Path, tmp_path: Path) -> None:
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built / "site", site)
    (site / "pagefind" / "fr").mkdir()
    indexed = search.index(site, ["en"])
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["bundles.json", "en"]
    assert indexed.pages["en"] == len(_fragments(site / "pagefind" / "en")) > 100
    assert not [p for p in site.iterdir() if p.name.startswith(".pagefind")]
    assert not list((site / "pagefind" / "en").glob("pagefind-ui.*"))


def test_a_site_without_the_list_of_languages_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SiteError) as caught:
        search.index(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path}: search/languages.json is missing from the site, so the search index "
        "cannot be built (render the pages first (briefing render, or briefing build))")


def test_a_language_that_is_no_language_code_is_refused(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "languages.json").write_text('{"languages": ["en", "x\\"]"]}')
    with pytest.raises(SiteError, match=r"not a two-letter language code: 'x\"]'"):
        search.index(tmp_path)


def _search_line(report: Any) -> str:
    return next(line for line in report.lines if line.startswith("search: "))


@pytest.mark.slow
def test_after_an_edit_only_the_changed_pages_are_indexed_into_a_delta(
        bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    project = load_project(bundled)
    assert "changed since" not in _search_line(run(project, jobs=1, do_site=True))
    pagefind = bundled / "site" / "pagefind"
    assert json.loads((pagefind / "bundles.json").read_text("utf-8")) == {"bundles": [
        {"language": "de", "path": "de"}, {"language": "en", "path": "en"}]}
    main = {url: page for url, page in _fragments(pagefind / "en").items()}
    edited = "/briefs/en-03-eu-ai-act-gpai/"
    brief = bundled / "briefs" / "en-03-eu-ai-act-gpai.md"
    brief.write_text(brief.read_text("utf-8").replace("title: ", "title: Edited ", 1), "utf-8")

    line = _search_line(run(project, jobs=1, do_site=True))
    assert " changed since the whole index" in line, line
    bundles = {b["language"]: b for b in json.loads(
        (pagefind / "bundles.json").read_text("utf-8"))["bundles"]}
    assert "delta" not in bundles["de"]  # no German page's search record changed
    delta = bundles["en"]["delta"]
    assert delta["path"] == "en-delta" and delta["stale"] == "en-stale.json"
    new = _fragments(pagefind / "en-delta")
    assert new[edited]["meta"]["title"].startswith("Edited ")
    assert len(new) < len(main) // 2  # the changed pages only
    ids = {page["url"]: path.stem for path in (pagefind / "en").glob("fragment/*")
           for page in [search.read_file(path)]}
    assert ids[edited] in delta["old"]
    assert set(delta["old"]) <= set(ids.values())  # pages of the main bundle, kept as it was
    stale = json.loads((pagefind / "en-stale.json").read_text("utf-8"))
    assert stale[ids[edited]] == main[edited]["filters"]
    assert _fragments(pagefind / "en") == main

    # too many changes since the whole index: the whole site again, no delta
    monkeypatch.setattr(search, "DELTA_MIN", 0)
    monkeypatch.setattr(search, "DELTA_LIMIT", 0.0)
    brief.write_text(brief.read_text("utf-8").replace("title: Edited ", "title: Again ", 1),
                     "utf-8")
    assert "changed since" not in _search_line(run(project, jobs=1, do_site=True))
    assert sorted(p.name for p in pagefind.iterdir()) == ["bundles.json", "de", "en"]
    assert _fragments(pagefind / "en")[edited]["meta"]["title"].startswith("Again ")


@pytest.mark.slow
def test_main_bundles_that_are_not_the_recorded_ones_are_indexed_again(
        bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    project = load_project(bundled)
    run(project, jobs=1, do_site=True)
    state = json.loads((project.state / search.STATE).read_text("utf-8"))
    state["bundles"]["en"] = "en_0000000000"  # as if a build had not published its bundles
    (project.state / search.STATE).write_text(json.dumps(state), "utf-8")
    brief = bundled / "briefs" / "en-03-eu-ai-act-gpai.md"
    brief.write_text(brief.read_text("utf-8").replace("title: ", "title: Edited ", 1), "utf-8")
    assert "changed since" not in _search_line(run(project, jobs=1, do_site=True))
    page = _fragments(bundled / "site" / "pagefind" / "en")["/briefs/en-03-eu-ai-act-gpai/"]
    assert page["meta"]["title"].startswith("Edited ")


@pytest.mark.slow
def test_a_site_named_by_a_relative_path_is_recognised_again(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    shutil.copytree(built / "site", tmp_path / "site")
    monkeypatch.chdir(tmp_path)
    state, site = Path("state"), Path("site")
    assert search.index(site, state=state, published=site, whole=True).delta is None
    again = search.index(site, state=state, published=tmp_path / "site")
    assert again.delta == 0  # the same site: nothing changed since its whole index


def test_search_parts_are_the_marked_elements_whole_by_language() -> None:
    page = (b'<html><body><div class="x"><h1>Title</h1></div>'
            b'<div class="article-text" lang="de" data-search-lang="de">\n<p>Eins <span id="e">'
            b'zwei</span></p><div>innen</div><p>drei</p></div><div>aus</div>'
            b'<div hidden data-search-lang="de" data-pagefind-ignore><span data-pagefind-meta='
            b'"title">T</span></div><divider></divider>'
            b'<p data-search-lang="en">English <b>bold</b></p><p>not</p></body></html>')
    assert search.search_parts(page) == {
        "de": [b'<div class="article-text" lang="de" data-search-lang="de">\n<p>Eins '
               b'<span id="e">zwei</span></p><div>innen</div><p>drei</p></div>',
               b'<div hidden data-search-lang="de" data-pagefind-ignore><span '
               b'data-pagefind-meta="title">T</span></div>'],
        "en": [b'<p data-search-lang="en">English <b>bold</b></p>']}
    # the attribute's words in the text are no mark; an element left open runs to the end
    assert search.search_parts(b'<p>data-search-lang="de"</p>') == {}
    assert search.search_parts(b'<div data-search-lang="en"><p>open') == {
        "en": [b'<div data-search-lang="en"><p>open']}


@pytest.mark.slow
def test_the_search_records_index_as_pagefind_indexes_the_pages(
        built: Path, tmp_path: Path) -> None:
    site = built / "site"
    for lang in ("de", "en"):
        search._run_async(search._index_all([(site, lang, tmp_path / lang)]))
        plain = _fragments(tmp_path / lang)
        assert any(page["anchors"] for page in plain.values())  # the evidence sentences' ids
        for page in plain.values():
            page["anchors"] = []  # which the records leave out: the search page uses none
        assert _fragments(site / "pagefind" / lang) == plain


def test_many_pages_are_indexed_one_language_after_another(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    running: list[str] = []
    at_once: list[int] = []

    async def index_one(source: Path, lang: str, out: Path) -> None:
        assert sorted(p.name for p in source.iterdir()) == ["briefs"]  # its records
        running.append(lang)
        at_once.append(len(running))
        await asyncio.sleep(0.05)
        running.remove(lang)

    monkeypatch.setattr(search, "_index_one", index_one)
    site = tmp_path / "site"
    pages = [f"briefs/b-{n}/index.html" for n in range(3)]
    for page in pages:
        (site / page).parent.mkdir(parents=True)
        (site / page).write_text('<div data-search-lang="de">Rechenzentren</div>'
                                 '<div data-search-lang="en">data centres</div>', "utf-8")
    bundles = {lang: tmp_path / lang for lang in ("de", "en")}
    for most, limit in ((2, 2**20), (1, 0)):  # side by side up to TOGETHER_MAX bytes
        monkeypatch.setattr(search, "TOGETHER_MAX", limit)
        at_once.clear()
        search._index_records(site, pages, ["de", "en"], bundles, site)
        assert len(at_once) == 2 and max(at_once) == most


@pytest.mark.slow
def test_languages_indexed_one_after_another_make_the_same_bundles(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built / "site", site)
    monkeypatch.setattr(search, "TOGETHER_MAX", 0)
    indexed = search.index(site)
    assert indexed.pages == search.indexed(built / "site").pages
    for lang in ("de", "en"):
        assert _fragments(site / "pagefind" / lang) == _fragments(built / "site" / "pagefind"
                                                                  / lang)


def test_a_summary_whose_sentences_the_text_has_is_not_indexed_again() -> None:
    body = ("Headline\n\nThe first sentence. Nvidia ships chips\nto Oracle. Prices rose.\n\n"
            "Then TSMC said so! The end.")
    brief = Brief(title="Headline", slug="s", language="en", date=None,
                  source=Source("seeds/s.txt", "0" * 64), body=body,
                  summary="Nvidia ships chips to Oracle.  Then TSMC said so!")
    assert summary_in_body(brief)  # sentences from anywhere, line breaks as spaces
    assert not summary_in_body(replace(brief, summary="Nvidia ships chips to Oracle. "
                                                      "An analyst's own sentence."))
    assert not summary_in_body(replace(brief, summary="Nvidia ships chips to Intel."))


def test_a_fragments_url_is_read_from_its_start_or_else_from_the_whole(tmp_path: Path) -> None:
    first, later = tmp_path / "a.pf_fragment", tmp_path / "b.pf_fragment"
    first.write_bytes(gzip.compress(b'pagefind_dcd{"url":"/briefs/\\u00e4-1/","content":"'
                                    + b"x" * 100_000 + b'"}'))
    later.write_bytes(gzip.compress(b'pagefind_dcd{"content":"x","url":"/actors/b/"}'))
    assert search.fragment_url(first) == "/briefs/\u00e4-1/"
    assert search.fragment_url(later) == "/actors/b/"


def test_a_search_record_is_the_marked_parts_without_ids(tmp_path: Path) -> None:
    page = tmp_path / "site" / "briefs" / "b" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_bytes(b'<html><body><h1 id="t">T</h1><div class="article-text" '
                     b'data-search-lang="de"><p>Er sagte <span id="ev-1" class="ev">'
                     b'id="x" ja</span>.</p></div><p data-search-lang="en">E</p></body></html>')
    counts = search.records(tmp_path / "site", ["briefs/b/index.html"], ["de"], tmp_path / "r")
    assert counts == {"de": 1}
    assert (tmp_path / "r" / "de" / "briefs" / "b" / "index.html").read_bytes() == (
        b'<!doctype html><html><body>\n<div class="article-text" data-search-lang="de"><p>'
        b'Er sagte <span class="ev">id="x" ja</span>.</p></div>\n</body></html>\n')
    assert not (tmp_path / "r" / "en").exists()
