"""Rendering only the pages whose inputs changed gives docs/ byte for byte as a full render,
after any sequence of edits, additions and removals of briefs; every kind of page is made."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import render as render_mod
from generator.briefs.parsecache import content_mark, text_hash
from generator.kb import Entry
from generator.models import Actor, Amount, Brief, Chip, Policy, Source
from generator.render.digest import as_listed

TEMPLATES = REPO / "templates"
PEOPLE = ["Ada Park", "Jens Huber", "Mia Chen"]
ORGS = ["Nvidia", "TSMC", "OpenAI", "Siemens"]
COUNTRIES = ["Germany", "Japan"]
CHIPS = [("H100", "Nvidia"), ("N2", "TSMC"), ("Gaudi 3", None)]
POLICY = [("AI Act", "EU"), ("CHIPS Act", "USA")]
TAGS = ["chips", "investment", "policy", "cloud"]
WORDS = ["builds", "plant", "invests", "export", "rules", "cloud", "deal"]


class KB:
    """Aliases for one actor, so that entity pages show them."""

    def lookup(self, type_: str, name: str) -> Entry | None:
        if (type_, name) == ("actor", "OpenAI"):
            return Entry("OpenAI", "actor", kind="organization", aliases=("Open AI",))
        return None


actors = st.lists(st.one_of(
    st.builds(lambda n, r, o: Actor(name=n, kind="person", role=r, org=o, evidence=f"{n} said."),
              st.sampled_from(PEOPLE), st.sampled_from(["CEO", None]),
              st.sampled_from([*ORGS, None])),
    st.builds(lambda n: Actor(name=n, kind="organization", evidence=f"{n} builds."),
              st.sampled_from(ORGS)),
    st.builds(lambda n: Actor(name=n, kind="country", evidence=f"In {n}."),
              st.sampled_from(COUNTRIES)),
), max_size=4, unique_by=lambda a: a.name).map(tuple)
amounts = st.lists(st.builds(
    lambda v, c, s: Amount(text=f"{v} {c}", value=v, currency=c, subject=s,
                           evidence=f"It costs {v} {c}."),
    st.sampled_from([5, 2_000_000, 3.5e9]), st.sampled_from(["EUR", "USD", "JPY"]),
    st.sampled_from([*ORGS, None])), max_size=2).map(tuple)
chips = st.lists(st.sampled_from(CHIPS), max_size=2, unique=True).map(
    lambda found: tuple(Chip(name=n, vendor=v, evidence=f"The {n}.") for n, v in found))
policy = st.lists(st.sampled_from(POLICY), max_size=1, unique=True).map(
    lambda found: tuple(Policy(name=n, jurisdiction=j, evidence=f"The {n}.") for n, j in found))
dates = st.one_of(st.none(), st.dates(dt.date(2024, 11, 1), dt.date(2025, 2, 28)))
texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
FIELDS = {
    "title": texts.map(str.capitalize), "summary": texts, "body": texts.map(lambda t: t + "\n"),
    "date": dates, "actors": actors, "amounts": amounts, "chips": chips, "policy": policy,
    "tags": st.lists(st.sampled_from(TAGS), max_size=2, unique=True).map(tuple),
    "url": st.sampled_from([None, "https://example.org/a", "https://example.org/b"]),
    "source": st.sampled_from(["0", "1"]).map(lambda d: Source("seeds/x.txt", d * 64)),
    "sources": st.lists(st.sampled_from(["Reuters", "dpa"]), max_size=2).map(tuple),
}
# The fields a change to which reaches only the pages that show the brief (Pages.structure),
# or, for mentions, those and the pages of the briefs whose related briefs moved: render
# keeps every other page without digesting it.
TEXT_ONLY = {"title", "summary", "body", "url", "evidence", "source", "sources", "mentions"}
# The fields the brief's listing form lacks (model.ListedBrief): a change to them alone
# reaches only the brief's own page and the JSON download.
NOT_LISTED = {"body", "source", "sources"}


def _evidence(brief: Brief, text: str) -> Brief:
    """The brief with every fact's evidence sentence replaced."""
    return replace(brief, **{name: tuple(replace(item, evidence=f"{text} {n}.")
                                         for n, item in enumerate(getattr(brief, name)))
                             for name in ("actors", "amounts", "chips", "policy")})


def _mentions(brief: Brief, more: int) -> Brief:
    """The brief with more mentions of each actor but the first (its salient order moves)."""
    return replace(brief, actors=tuple(replace(actor, mentions=actor.mentions + more * n)
                                       for n, actor in enumerate(brief.actors)))


@st.composite
def new_brief(draw: st.DrawFn, number: int) -> Brief:
    slug = f"b{number}"
    return Brief(title=draw(FIELDS["title"]), slug=slug, language=draw(st.sampled_from(
        ["de", "en"])), date=draw(dates), source=Source(f"seeds/{slug}.txt", "0" * 64),
        summary=draw(texts), actors=draw(actors), amounts=draw(amounts), chips=draw(chips),
        policy=draw(policy), tags=draw(FIELDS["tags"]), body=draw(FIELDS["body"]))


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[str, list[Brief]]]:
    """The briefs after each of a few random steps (a brief added, removed, or edited, the
    step named after the field), the first step named "start"."""
    briefs = [draw(new_brief(n)) for n in range(draw(st.integers(3, 7)))]
    number = len(briefs)
    steps = [("start", list(briefs))]
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["add", "edit", "edit", "edit", "remove"]))
        if action == "add" or not briefs:
            briefs.append(draw(new_brief(number)))
            number += 1
        elif action == "edit":
            index = draw(st.integers(0, len(briefs) - 1))
            action = draw(st.sampled_from(sorted({*FIELDS, "evidence", "mentions"})))
            if action == "evidence":
                briefs[index] = _evidence(briefs[index], draw(texts))
            elif action == "mentions":
                briefs[index] = _mentions(briefs[index], draw(st.integers(1, 3)))
            else:
                briefs[index] = replace(briefs[index], **{action: draw(FIELDS[action])})
        else:
            briefs.pop(draw(st.integers(0, len(briefs) - 1)))
        steps.append((action, list(briefs)))
    return steps


def _reached(pages: render_mod.Pages, slugs: set[str]) -> set[str]:
    """The pages that these briefs or their listing forms reach."""
    tokens = slugs | {as_listed(slug) for slug in slugs}
    return {rel for rel in pages if tokens & pages.keyed(rel)[1]}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two entries per list page, so that a handful of briefs spans several pages."""
    monkeypatch.setattr(render_mod.pages, "PAGE_SIZE", 2)
    monkeypatch.setattr(render_mod.pages, "LONG_PAGES", 1)
    monkeypatch.setattr(render_mod.pages, "ENTITY_MENTIONS", 2)
    monkeypatch.setattr(render_mod.pages, "ENTITY_AMOUNTS", 1)


def _render(briefs: list[Brief], state: Path | None = None,
            members: render_mod.Members | None = None) -> render_mod.Pages:
    """The pages; with a state folder, through the memos kept there between renders (as
    briefing render keeps them: related briefs, knowledge-base answers, the JSON
    download's members)."""
    if state is None:
        return render_mod.render(briefs, TEMPLATES, kb=KB(),
                                 site_url="https://example.org/briefing/")
    names = render_mod.KnownNames(state, "key", KB)  # type: ignore[arg-type]
    related = render_mod.RelatedMemo(state, "code")
    # Content marks, as the parse cache gives them: equal briefs, equal marks.
    marks = [content_mark(text_hash(repr(brief).encode())) for brief in briefs]
    pages = render_mod.render(briefs, TEMPLATES, kb=names, related=related,
                              site_url="https://example.org/briefing/",
                              members=members, marks=marks)
    names.save()
    related.save()
    return pages


@given(histories())
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_incremental_render_equals_a_full_render(
        tmp_path_factory: Any, steps: list[tuple[str, list[Brief]]]) -> None:
    """Through every memo and the pages kept undigested after a change of text only."""
    work = tmp_path_factory.mktemp("render")
    docs, state = work / "docs", work / "state" / "pages.json"
    for action, briefs in steps:
        members = render_mod.Members(work / "members")
        pages = _render(briefs, state.parent, members)
        written = render_mod.write(docs, pages, state=state)
        members.prune()
        kept = sorted(path.suffix for path in (work / "members").iterdir())
        assert kept.count(".gz") == len(render_mod.downloads._runs(briefs))
        rows = render_mod.build_model(briefs, KB()).rows
        assert kept.count(".csv") == len(render_mod.downloads._row_runs(rows))
        full = work / "full"
        shutil.rmtree(full, ignore_errors=True)
        render_mod.write(full, _render(briefs))
        assert _tree(docs) == _tree(full)
        assert written.rendered <= written.written + written.unchanged
        if action in TEXT_ONLY:  # the explore page shows no brief: never digested again
            assert written.digested < len(pages)
        if action in NOT_LISTED:  # at most the brief's page and the JSON download
            assert written.digested <= 2 and written.rendered <= 2
        elif action == "start":
            assert written.digested == len(pages)


def test_every_kind_of_page_is_made_and_an_edit_renders_few(tmp_path: Path) -> None:
    briefs = [Brief(title=f"Title {n}", slug=f"b{n}", language="en",
                    date=dt.date(2025, 1, 1 + n), source=Source(f"seeds/b{n}.txt", "0" * 64),
                    body=f"Text {n}.\n") for n in range(8)]
    briefs = [replace(b, actors=(Actor(name="OpenAI", kind="organization", evidence="x"),
                                 Actor(name="Ada Park", kind="person", org="OpenAI",
                                       evidence="y")),
                      amounts=(Amount(text="5 EUR", value=5, currency="EUR", subject="OpenAI",
                                      evidence="z"),),
                      chips=(Chip(name="H100", vendor="Nvidia", evidence="c"),),
                      policy=(Policy(name="AI Act", jurisdiction="EU", evidence="p"),),
                      tags=("chips",))
              for b in briefs]
    pages = _render(briefs)
    makers = {getattr(pages._make[p], "func", pages._make[p]).__name__ for p in pages}
    used = {pages._inputs[p][0] for p in pages if pages._inputs[p] and
            isinstance(pages._inputs[p][0], str) and pages._inputs[p][0].endswith(".j2")}
    assert used == {p.name for p in TEMPLATES.glob("*.md.j2")}
    assert {"briefs_json_gz", "amounts_csv", "atom_feed"} <= makers
    state = tmp_path / "pages.json"
    first = render_mod.write(tmp_path / "docs", pages, state=state)
    assert first.rendered == len(pages)
    again = render_mod.write(tmp_path / "docs", _render(briefs), state=state)
    assert (again.rendered, again.written) == (0, 0)
    briefs[3] = replace(briefs[3], body="Another article text.\n")
    edited = render_mod.write(tmp_path / "docs", _render(briefs), state=state)
    # Only its own page and the JSON download show its text: the pages that list the
    # brief are handed its listing form, which is as it was.
    assert (edited.digested, edited.rendered, edited.written) == (2, 2, 2), edited
    (tmp_path / "docs" / "index.md").write_text("changed by hand\n", "utf-8")
    repaired = render_mod.write(tmp_path / "docs", _render(briefs), state=state)
    assert (repaired.rendered, repaired.written) == (1, 1)


def test_a_page_input_that_cannot_be_digested_is_refused() -> None:
    digests = render_mod.Digests()
    assert digests.of({"a": [1, 2.5, None, dt.date(2025, 1, 1)]}) == \
        digests.of({"a": [1, 2.5, None, dt.date(2025, 1, 1)]})
    assert digests.of({"a": {"x"}}) == digests.of({"a": {"x"}})

    class Mutable:
        pass

    with pytest.raises(render_mod.UnstableInput):
        digests.of([Mutable()])


@given(histories())
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_pages_made_in_two_processes_are_those_made_in_one(
        tmp_path_factory: Any, monkeypatch: pytest.MonkeyPatch,
        steps: list[tuple[str, list[Brief]]]) -> None:
    monkeypatch.setattr(render_mod.writer, "PARALLEL_MIN", 0)  # a pool even for a few pages
    work = tmp_path_factory.mktemp("render")
    for _action, briefs in steps:
        one = render_mod.write(work / "one", _render(briefs), state=work / "one.json")
        two = render_mod.write(work / "two", _render(briefs), state=work / "two.json", jobs=2)
        assert _tree(work / "two") == _tree(work / "one")
        assert two == one
        digests = [{rel: entry[0] for rel, entry in
                    json.loads((work / f"{n}.json").read_text("utf-8"))["pages"].items()}
                   for n in ("one", "two")]
        assert digests[0] == digests[1]


def _briefs(count: int) -> list[Brief]:
    return [Brief(title=f"Title {n}", slug=f"b{n}", language="en", date=dt.date(2025, 1, 1 + n),
                  source=Source(f"seeds/b{n}.txt", "0" * 64), body=f"Text {n}.\n",
                  actors=(Actor(name=ORGS[n % 2], kind="organization", evidence=f"{n}."),),
                  tags=(TAGS[n % 3],)) for n in range(count)]


def test_a_changed_context_digests_every_page(tmp_path: Path) -> None:
    """Another site address (or knowledge-base answer, rates...) with the same briefs: every
    page is digested again, not only those of changed briefs (there are none)."""
    briefs, state = _briefs(6), tmp_path / "pages.json"
    render_mod.write(tmp_path / "docs", _render(briefs), state=state)
    moved = render_mod.render(briefs, TEMPLATES, kb=KB(), site_url="https://example.com/b/")
    written = render_mod.write(tmp_path / "docs", moved, state=state)
    assert written.digested == len(moved) and written.written > 0
    full = tmp_path / "full"
    render_mod.write(full, render_mod.render(briefs, TEMPLATES, kb=KB(),
                                             site_url="https://example.com/b/"))
    assert _tree(tmp_path / "docs") == _tree(full)


@pytest.mark.parametrize("kept", ["", "{", '{"format": 1, "code": "x", "pages": {}}',
                                  "wrong set numbers", "a listing digest not in hex"])
def test_a_damaged_or_old_bookkeeping_digests_every_page(tmp_path: Path, kept: str) -> None:
    briefs, state = _briefs(6), tmp_path / "pages.json"
    pages = _render(briefs)
    render_mod.write(tmp_path / "docs", pages, state=state)
    if kept == "wrong set numbers":
        data = json.loads(state.read_text("utf-8"))
        data["pages"] = {rel: [entry[0], 10_000, *entry[2:]]
                         for rel, entry in data["pages"].items()}
        kept = json.dumps(data)
    if kept == "a listing digest not in hex":
        data = json.loads(state.read_text("utf-8"))
        data["briefs"]["b2"][3] = "not hex"
        kept = json.dumps(data)
    state.write_text(kept, "utf-8")
    briefs[2] = replace(briefs[2], title="Edited")
    written = render_mod.write(tmp_path / "docs", _render(briefs), state=state)
    assert written.digested == len(pages)
    full = tmp_path / "full"
    render_mod.write(full, _render(briefs))
    assert _tree(tmp_path / "docs") == _tree(full)


def test_a_text_edit_digests_only_the_pages_that_show_the_brief(tmp_path: Path) -> None:
    briefs, state = _briefs(8), tmp_path / "pages.json"
    render_mod.write(tmp_path / "docs", _render(briefs), state=state)
    briefs[3] = replace(briefs[3], title="Edited", summary="Another summary.")
    pages = _render(briefs)
    showing = _reached(pages, {"b3"})
    written = render_mod.write(tmp_path / "docs", pages, state=state)
    assert written.digested == len(showing) < len(pages)
    assert {"briefs/b3.md", "index.md", "feed.xml", "downloads/briefs.json.gz"} <= showing
    assert "actors/index.md" not in showing  # the lists of entities show no brief


@pytest.mark.parametrize("field", sorted(NOT_LISTED | {"extra"}))
def test_a_seed_change_digests_only_the_brief_page_and_the_json_download(
        tmp_path: Path, field: str) -> None:
    """A changed seed gives its brief new article text and a new source digest (and maybe
    other sources cited); an analyst's notes are front-matter fields of their own: the pages
    that list the brief are handed its listing form, which lacks them."""
    briefs, state = _briefs(8), tmp_path / "pages.json"
    render_mod.write(tmp_path / "docs", _render(briefs, state.parent), state=state)
    value = {"body": "Text 3.\nThe company declined to comment.\n",
             "source": Source("seeds/b3.txt", "1" * 64), "sources": ("Reuters",),
             "extra": {"notes": "Checked with the desk."}}[field]
    briefs[3] = replace(briefs[3], **{field: value})
    pages = _render(briefs, state.parent)
    assert {rel for rel in pages if "b3" in pages.keyed(rel)[1]} == {
        "briefs/b3.md", "downloads/briefs.json.gz"}
    written = render_mod.write(tmp_path / "docs", pages, state=state)
    assert (written.digested, written.rendered) == (2, 2)
    assert written.written == (1 if field == "source" else 2)  # the page shows no digest
    full = tmp_path / "full"
    render_mod.write(full, _render(briefs))
    assert _tree(tmp_path / "docs") == _tree(full)


def test_a_count_of_mentions_that_moves_no_actor_reaches_only_the_brief_page(
        tmp_path: Path) -> None:
    """Pages that list a brief show its most salient actors, never their counts: a count
    that changes without changing that order is shown by the brief's page alone (and the
    JSON download); one that moves an actor reaches the pages that list the brief."""
    briefs, state = _briefs(8), tmp_path / "pages.json"
    briefs = [replace(b, actors=(*b.actors, Actor(name="Ada Park", kind="person", mentions=1,
                                                  evidence="Ada."),
                                 Actor(name="Mia Chen", kind="person", mentions=2,
                                       evidence="Mia."))) for b in briefs]
    render_mod.write(tmp_path / "docs", _render(briefs, state.parent), state=state)
    for mentions, listed_too in ((3, False), (1, True)):  # Mia Chen: 2 -> 3 -> 1 (below Ada)
        briefs[3] = replace(briefs[3], actors=(*briefs[3].actors[:2], replace(
            briefs[3].actors[2], mentions=mentions)))
        pages = _render(briefs, state.parent)
        written = render_mod.write(tmp_path / "docs", pages, state=state)
        if listed_too:
            assert written.digested > 2 and written.written > 2
        else:
            assert written.digested == 2 and written.written == 2  # briefs/b3.md and the JSON
        full = tmp_path / "full"
        shutil.rmtree(full, ignore_errors=True)
        render_mod.write(full, _render(briefs))
        assert _tree(tmp_path / "docs") == _tree(full)


def test_a_mention_digests_the_pages_that_show_the_brief_or_those_whose_related_moved(
        tmp_path: Path) -> None:
    """A changed count of mentions orders the brief's actors and related names anew; the
    pages of briefs whose related briefs the memo found moved are digested too."""
    briefs, state = _briefs(8), tmp_path / "pages.json"
    briefs = [replace(b, actors=(*b.actors, Actor(name="Ada Park", kind="person", mentions=1,
                                                  evidence="Ada."))) for b in briefs]
    render_mod.write(tmp_path / "docs", _render(briefs, state.parent), state=state)
    briefs[3] = _mentions(briefs[3], 2)
    pages = _render(briefs, state.parent)
    assert pages.moved is not None and pages.moved <= {"b3"}  # only b3's related depend on them
    showing = _reached(pages, {"b3"})
    written = render_mod.write(tmp_path / "docs", pages, state=state)
    assert written.digested == len(showing) < len(pages) and written.written > 0
    briefs[5] = _mentions(briefs[5], 1)
    pages = _render(briefs, state.parent)
    pages.moved = frozenset({"b1"})  # as if b1's related briefs had moved
    # b1's related briefs show on its own page only; b5's mentions show where it is listed
    reached = {rel for rel in pages if {"b1"} & pages.keyed(rel)[1]} | _reached(pages, {"b5"})
    assert render_mod.write(tmp_path / "docs", pages, state=state).digested == len(reached)
    briefs[5] = _mentions(briefs[5], 1)
    pages = _render(briefs)  # no memo: a change of structure, every page digested
    assert pages.moved is None
    assert render_mod.write(tmp_path / "docs", pages, state=state).digested == len(pages)
    full = tmp_path / "full"
    render_mod.write(full, _render(briefs))
    assert _tree(tmp_path / "docs") == _tree(full)


def test_the_pages_that_show_every_brief_are_keyed_by_the_archive(tmp_path: Path) -> None:
    """Without digesting their inputs (every amount, the busiest entities): a key made of
    the context and every brief, which changes with any brief as theirs would."""
    briefs = _briefs(6)
    pages = _render(briefs)
    whole = {"index.md", "timeline/index.md", "tags/index.md", "feed.xml",
             "downloads/briefs.json.gz", "downloads/amounts.csv"}
    assert pages.whole == whole
    keys = {rel: pages.keyed(rel) for rel in sorted(whole)}
    assert pages._last[0] is None  # no page's inputs were worked out
    assert keys["downloads/briefs.json.gz"][1] == {b.slug for b in briefs}
    assert all(slugs == {as_listed(b.slug) for b in briefs}  # their listing forms
               for rel, (_key, slugs) in keys.items() if rel != "downloads/briefs.json.gz")
    assert len({key for key, _slugs in keys.values()}) == len(whole)
    briefs[4] = replace(briefs[4], title="Edited")
    edited = _render(briefs)
    assert all(edited.keyed(rel)[0] != key for rel, (key, _slugs) in keys.items())
    assert _render(_briefs(6)).keyed("index.md")[0] == keys["index.md"][0]


def test_an_entity_page_is_reached_only_by_the_briefs_it_lists(tmp_path: Path) -> None:
    """Its count, dates and amounts are worked out from all its briefs, but it holds only
    those it lists (the newest mentions and amounts): an edit of the text of another brief
    that mentions the entity neither digests nor makes the page."""
    briefs, state = _briefs(8), tmp_path / "pages.json"
    owned = (Amount(text="5 EUR", value=5, currency="EUR", subject="TSMC", evidence="z"),)
    briefs[2], briefs[6] = (replace(b, amounts=owned) for b in (briefs[2], briefs[6]))
    render_mod.write(tmp_path / "docs", _render(briefs), state=state)
    page = "actors/tsmc.md"  # b1, b3, b5 and b7 mention TSMC; its amounts are b6's and b2's
    pages = _render(briefs)
    # the newest 2 mentions, 1 amount
    assert pages.keyed(page)[1] == {as_listed(s) for s in ("b7", "b5", "b6")}
    for edited, reaches in ((1, False), (2, False), (5, True), (6, True)):
        briefs[edited] = replace(briefs[edited], title=f"Edited {edited}")
        pages = _render(briefs)
        showing = _reached(pages, {f"b{edited}"})
        written = render_mod.write(tmp_path / "docs", pages, state=state)
        assert written.digested == len(showing) and (page in showing) is reaches
    text = (tmp_path / "docs" / page).read_text("utf-8")
    assert "Mentioned in **4** briefs, from 2025-01-02 to 2025-01-08." in text
    assert "1 more in the [amounts table]" in text
    full = tmp_path / "full"
    render_mod.write(full, _render(briefs))
    assert _tree(tmp_path / "docs") == _tree(full)
