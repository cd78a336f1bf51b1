"""A brief's title and summary: a real title for a text without a headline line, and a
summary that says more than the title (the sentences that carry the most facts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from generator.extract import extract
from generator.extraction.text import content_title, headline, main_clause, sentences, summary
from generator.models import Source

SEEDS = sorted((REPO / "seeds").glob("*.txt"))


def _brief(path: Path):  # type: ignore[no-untyped-def]
    return extract(path.read_text("utf-8"), source=Source(path.name, "0" * 64), slug="s")


def test_a_seed_that_starts_with_its_lead_gets_a_title_from_it() -> None:
    brief = _brief(REPO / "seeds" / "000_ac6cbe0f3869a929.txt")
    assert brief.title == ("OpenAI unter der Leitung von CEO Sam Altman intensiviert seine "
                           "Bemühungen")
    assert brief.date is None


@pytest.mark.parametrize(("lead", "title"), [
    ("Nvidia will invest $100 billion in OpenAI, the companies said on Monday, as demand "
     "grows.", "Nvidia will invest $100 billion in OpenAI"),
    # a subordinate clause first: the main clause follows its comma
    ("Nachdem die Regierung zugestimmt hatte, baut Intel sein Werk in Magdeburg doch nicht.",
     "baut Intel sein Werk in Magdeburg doch nicht"),
    # too long for a title: cut before a word that starts a phrase, without an ellipsis
    ("The European Commission has approved a state aid package worth several billion euros "
     "for the construction of a semiconductor plant in Dresden by a consortium.",
     "The European Commission has approved a state aid package worth several billion euros"),
])
def test_the_lead_main_clause_shortened_at_a_phrase_boundary(lead: str, title: str) -> None:
    text = f"{lead}\n\nMore text follows here in a second paragraph of the article.\n"
    assert headline(text.split("\n")) == (title, False)


def test_a_subheading_when_the_lead_has_no_short_main_clause() -> None:
    long_lead = ("Halbleiterhersteller " + "Chipdesigner Materiallieferanten Maschinenbauer " * 4
                 + "investieren kräftig.")
    body = "Ein zweiter Absatz " + "mit viel Text " * 12 + "endet hier."
    lines = [long_lead, "Europa ringt um seine Chipfabriken", body]
    assert content_title(lines) == "Europa ringt um seine Chipfabriken"
    title, whole = main_clause(long_lead)
    assert not whole and title.endswith(" …") and len(title) <= 92


def test_a_headline_line_stays_the_title() -> None:
    lines = ["TSMC pledges further $100 billion", "WASHINGTON, March 3, 2025", "", "Text."]
    assert headline(lines) == ("TSMC pledges further $100 billion", True)


def test_summary_takes_the_sentences_with_the_most_facts_in_order() -> None:
    text = ("Lead sentence about the market in general terms today. "
            "A quiet sentence without any named facts at all here. "
            "Nvidia and AMD sell chips to Microsoft for $10 billion in total. "
            "Another quiet sentence that names nothing in particular. "
            "Intel and TSMC build plants in Arizona and in Germany this year.")
    items = sentences(text)
    at = text.index
    facts = [(at("Nvidia"), "nvidia", 1.0), (at("AMD"), "amd", 1.0),
             (at("Microsoft"), "microsoft", 1.0), (at("$10"), "money", 2.0),
             (at("Intel"), "intel", 1.0), (at("TSMC"), "tsmc", 1.0),
             (at("Germany"), "germany", 0.5)]
    got = summary(items, 0, facts, "Chips for everyone")
    assert got == ("Lead sentence about the market in general terms today. "
                   "Nvidia and AMD sell chips to Microsoft for $10 billion in total. "
                   "Intel and TSMC build plants in Arizona and in Germany this year.")


def test_summary_leaves_out_the_sentence_the_title_was_made_from() -> None:
    brief = _brief(REPO / "seeds" / "000_ac6cbe0f3869a929.txt")
    assert not brief.summary.startswith(brief.title)
    assert "39 Milliarden Dollar" in brief.summary


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_every_bundled_summary_says_more_than_the_title(seed: Path) -> None:
    brief = _brief(seed)
    title = brief.title.rstrip(" …")
    assert brief.summary and brief.summary != title
    assert not title.startswith(brief.summary[:len(title)].rstrip(" .")) or len(
        brief.summary) > len(title) * 2
    assert 2 <= len(sentences(brief.summary)) <= 3, brief.summary
    assert len(brief.summary) <= 700
    assert not brief.summary.startswith(("- ", "• "))
