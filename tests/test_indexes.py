"""The actors, chips and policy indexes: a kind that fits on one page is not split across two;
people are shown with their roles."""

from __future__ import annotations

import datetime as dt
import itertools

from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st

from generator.models import Actor, Brief, Source
from generator.render import PAGE_SIZE, render
from generator.render.pages import pack

TEMPLATES = REPO / "templates"


@given(st.lists(st.integers(min_value=0, max_value=250), max_size=8),
       st.integers(min_value=1, max_value=100))
def test_packed_pages_keep_order_size_and_whole_groups(sizes: list[int], size: int) -> None:
    groups = [[(g, i) for i in range(n)] for g, n in enumerate(sizes)]
    pages = pack(groups, size)
    assert [e for page in pages for e in page] == [e for group in groups for e in group]
    assert all(len(page) <= size for page in pages)
    assert all(page for page in pages[1:])
    for group in groups:
        if 0 < len(group) <= size:
            assert sum(1 for page in pages if group[0] in page or group[-1] in page) == 1
    if len(pages) > 1:  # a page only ends early where the next group would not fit on it
        for page, after in itertools.pairwise(pages):
            if len(page) < size:
                first = after[0][0]
                assert len(page) + len(groups[first]) > size


@given(st.integers(min_value=0, max_value=450), st.integers(min_value=1, max_value=100))
def test_one_group_is_cut_into_full_pages(count: int, size: int) -> None:
    entries = list(range(count))
    plain = [entries[i:i + size] for i in range(0, count, size)] or [[]]
    assert pack([entries], size) == plain


def _actors(kind: str, count: int) -> tuple[Actor, ...]:
    role = "CEO" if kind == "person" else None
    return tuple(Actor(f"{kind.title()} {i:03d}", kind, role=role, org="Acme" if role else None,
                       evidence=f"{kind} {i}.") for i in range(count))


def test_a_kind_that_fits_on_a_page_starts_a_new_one() -> None:
    people, organisations, countries = 60, 70, 20
    brief = Brief(title="Many actors", slug="many", language="en", date=dt.date(2025, 1, 1),
                  source=Source("seeds/many.txt", "0" * 64),
                  actors=(*_actors("person", people), *_actors("organization", organisations),
                          *_actors("country", countries)))
    pages = render([brief], TEMPLATES)
    first, second = pages["actors/index.md"], pages["actors/page-2.md"]
    assert PAGE_SIZE == 100 and "actors/page-3.md" not in pages
    assert "## People" in first and "## Organisations" not in first
    assert first.count('<td class="card-title">') == people
    assert "## Organisations" in second and "## Countries" in second
    assert second.count('<td class="card-title">') == organisations + countries
    # the list of kinds links each to the page it is on
    assert "[Organisations](../actors/page-2.md#organisations) (70)" in first
    assert '<td>CEO · Acme</td>' in first
