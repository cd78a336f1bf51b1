"""One case per extraction rule, each named after what it shows."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.extract import extract
from generator.models import Brief, Source

SOURCE = Source("seeds/case.txt", "0" * 64)


def run(text: str) -> Brief:
    return extract(text, source=SOURCE, slug="case")


def actor_names(brief: Brief) -> set[str]:
    return {a.name for a in brief.actors}


def actor(brief: Brief, name: str):  # type: ignore[no-untyped-def]
    return next(a for a in brief.actors if a.name == name)


CASES_ACTORS = {
    "german_role_compound_gives_person_role_and_org": (
        "Nvidia-Chef Jensen Huang sprach in Berlin über neue Rechenzentren.",
        "Jensen Huang", "person"),
    "english_role_before_name": (
        "Commerce Secretary Gina Raimondo said the rule protects national security.",
        "Gina Raimondo", "person"),
    "chairman_with_initials": (
        "TSMC Chairman C.C. Wei said demand remains strong.", "C.C. Wei", "person"),
    "unknown_person_with_role_is_found_by_rule": (
        "Finanzvorstand Henrike Vollmer kündigte am Dienstag neue Investitionen an.",
        "Henrike Vollmer", "person"),
    "appositive_role_after_name": (
        "Ned Finkle, its vice president of government affairs, called the rule misguided.",
        "Ned Finkle", "person"),
    "legal_form_gives_organisation": (
        "Die Kernwerk Systems GmbH baut in Dresden eine Testlinie.",
        "Kernwerk Systems", "organization"),
    "startup_cue_gives_organisation": (
        "Das Start-up Quantellix will bis 2027 eigene Chips entwerfen.",
        "Quantellix", "organization"),
    "ministry_pattern_gives_government": (
        "The Ministry of Digital Transformation said the plan would be published in May.",
        "Ministry of Digital Transformation", "government"),
    "german_dative_plural_country": (
        "Investoren aus den Vereinigten Arabischen Emiraten sind beteiligt.",
        "United Arab Emirates", "country"),
    "german_genitive_s_is_folded": (
        "Chinas Exportkontrollen treffen vor allem Nvidias Geschäft.", "China", "country"),
    "abbreviation_vae": ("Altman traf Investoren in den VAE.", "United Arab Emirates", "country"),
    "capital_as_metonym": ("Den Haag verschärfte die Regeln erneut.", "Netherlands", "country"),
}


@pytest.mark.parametrize("text,name,kind", list(CASES_ACTORS.values()), ids=list(CASES_ACTORS))
def test_actor_rules(text: str, name: str, kind: str) -> None:
    brief = run(text)
    assert name in actor_names(brief)
    assert actor(brief, name).kind == kind


def test_role_and_org_recorded_from_compound() -> None:
    found = actor(run("Nvidia-Chef Jensen Huang sprach in Berlin."), "Jensen Huang")
    assert (found.role, found.org) == ("CEO", "Nvidia")


def test_people_found_by_a_role_are_strong() -> None:
    found = actor(run("Finanzvorstand Henrike Vollmer kündigte Investitionen an."),
                  "Henrike Vollmer")
    assert found.confidence == "strong"


def test_people_found_by_a_first_name_alone_are_weak() -> None:
    found = actor(run("Laut Henrike Vollmer steigen die Preise."), "Henrike Vollmer")
    assert found.confidence == "weak"


def test_knowledge_base_items_are_known() -> None:
    brief = run("Nvidia liefert H100-Chips nach Japan.")
    assert {a.name: a.confidence for a in brief.actors} == {"Nvidia": "known", "Japan": "known"}
    assert [c.confidence for c in brief.chips] == ["known"]


def test_later_surname_mentions_fold_into_the_full_name() -> None:
    brief = run("CEO Sam Altman reiste nach Japan. Später sagte Altman, Altmans Plan sei "
                "ehrgeizig.")
    assert [a.name for a in brief.actors if a.kind == "person"] == ["Sam Altman"]
    assert actor(brief, "Sam Altman").mentions == 3


def test_dollar_prefix_is_not_a_country() -> None:
    brief = run("SoftBank contributed roughly US$500 million to the round.")
    assert "United States" not in actor_names(brief)


def test_us_dollar_compound_is_not_a_country() -> None:
    brief = run("Nvidia will bis zu 10 Milliarden US-Dollar investieren.")
    assert "United States" not in actor_names(brief)


def test_acronym_needs_exact_case() -> None:
    assert "MIT" not in actor_names(run("Mit dem Rechenzentrum trainiert die Firma Modelle."))


def test_teaser_line_is_not_part_of_the_facts() -> None:
    brief = run("Chipfabrik in Dresden\n\nTSMC baut in Dresden.\n\nLesen Sie auch: Intel und "
                "Magdeburg\n")
    assert "Intel" not in actor_names(brief)
    assert "TSMC" in actor_names(brief)


def test_place_containing_a_country_name_is_not_that_country() -> None:
    assert "Mexico" not in actor_names(run("Intel builds fabs in Arizona and New Mexico."))


@pytest.mark.parametrize("text,chip", [
    ("TSMCs 3-Nanometer-Prozess gilt als Spitzentechnik.", "3nm"),
    ("Chips im 28/22- und im 16/12-Nanometer-Bereich entstehen dort.", "16/12nm"),
    ("Chips im 28/22- und im 16/12-Nanometer-Bereich entstehen dort.", "28/22nm"),
    ("Nvidia's Blackwell-based GB200 systems ship this year.", "Nvidia GB200"),
    ("xAI nutzt 100.000 H100-Chips von Nvidia.", "Nvidia H100"),
    ("Intel 18A is due to enter production in 2025.", "Intel 18A"),
], ids=["german_nanometer_process", "elided_compound_second_node", "elided_compound_first_node",
        "family_before_product_gives_product", "hyphen_suffix_chips", "intel_node"])
def test_chip_rules(text: str, chip: str) -> None:
    assert chip in {c.name for c in run(text).chips}


def test_family_before_product_is_not_a_second_chip() -> None:
    names = {c.name for c in run("Nvidia's Blackwell-based GB200 systems ship this year.").chips}
    assert "Nvidia Blackwell" not in names


def test_node_class_is_not_a_node() -> None:
    assert run("Der 1b-Prozess ist die fünfte Generation der 10-Nanometer-Klasse.").chips == () \
        or "10nm" not in {c.name for c in run("die 10-Nanometer-Klasse").chips}


def test_generic_ai_chips_are_not_chips() -> None:
    assert run("Der Konzern will mehr KI-Chips kaufen.").chips == ()


@pytest.mark.parametrize("text,policy", [
    ("President Biden signed Executive Order 14110 in 2023.", "Executive Order 14110"),
    ("Der Bundestag beschloss das Rechenzentrumsansiedlungsgesetz am Freitag.",
     "Rechenzentrumsansiedlungsgesetz"),
    ("Das Energieeffizienzgesetz verpflichtet Rechenzentren zur Abwärmenutzung.",
     "Energy Efficiency Act"),
    ("Lawmakers passed the Semiconductor Resilience and Supply Act last week.",
     "Semiconductor Resilience and Supply Act"),
    ("The September 2024 controls closed a loophole.", "September 2024 controls"),
    ("Der Chips and Science Act stellt 39 Milliarden Dollar bereit.", "CHIPS and Science Act"),
], ids=["executive_order_number", "german_gesetz_compound", "knowledge_base_german_alias",
        "english_named_act",
        "dated_export_control_rule", "knowledge_base_law_inflected_article"])
def test_policy_rules(text: str, policy: str) -> None:
    assert policy in {p.name for p in run(text).policy}


@pytest.mark.parametrize("text,expected", [
    ("Titel\nBrüssel, 19.11.2025\n\nText.", dt.date(2025, 11, 19)),
    ("Title\nSAN FRANCISCO, Oct 3, 2024\n\nText.", dt.date(2024, 10, 3)),
    ("Title\nBRUSSELS, 12 February 2025\n\nText.", dt.date(2025, 2, 12)),
    ("Titel\nStand: 4. Juni 2025\n\nText.", dt.date(2025, 6, 4)),
    ("Title\nApril 7, 2025 | Regional briefing\n\nText.", dt.date(2025, 4, 7)),
], ids=["german_numeric", "english_short_month", "day_month_year", "german_month_name",
        "english_long_month"])
def test_publication_date_from_dateline(text: str, expected: dt.date) -> None:
    assert run(text).date == expected


def test_no_dateline_means_no_date() -> None:
    assert run("OpenAI plant Rechenzentren. Im Jahr 2025 soll der Bau beginnen.").date is None


def test_language_title_summary() -> None:
    brief = run("Telekom baut KI-Fabrik\nBerlin, 02.05.2025\n\nDie Deutsche Telekom baut mit "
                "Nvidia eine KI-Fabrik in München. Sie soll 2026 in Betrieb gehen.\n")
    assert brief.language == "de"
    assert brief.title == "Telekom baut KI-Fabrik"
    assert brief.summary.startswith("Die Deutsche Telekom baut")


def test_cited_media_go_to_sources_not_actors() -> None:
    brief = run("Laut Bloomberg plant OpenAI neue Rechenzentren, wie Reuters berichtete.")
    assert set(brief.sources) == {"Bloomberg", "Reuters"}
    assert not {"Bloomberg", "Reuters"} & actor_names(brief)


def test_amount_subject_is_the_actor_before_it() -> None:
    brief = run("Microsoft investiert 3 Milliarden Euro in Deutschland.")
    assert brief.amounts[0].subject == "Microsoft"


def test_repeated_amount_is_one_item() -> None:
    brief = run("Amazon sagte bis zu 4 Milliarden Dollar zu. Später flossen 4 Milliarden Dollar.")
    assert len(brief.amounts) == 1


def test_every_item_has_its_evidence_sentence() -> None:
    text = "OpenAI sammelt Geld. CEO Sam Altman traf in Tokio Investoren aus Japan."
    brief = run(text)
    for item in (*brief.actors, *brief.amounts, *brief.chips, *brief.policy):
        assert item.evidence and item.evidence in text


def test_export_controls_tag() -> None:
    brief = run("Die Exportkontrollen der USA treffen Nvidia. Neue Exportkontrollen folgen, "
                "die Ausfuhrgenehmigung fehlt.")
    assert "export controls" in brief.tags


def test_german_genitive_of_a_known_person_is_that_person() -> None:
    brief = run("Elon Musks KI-Firma xAI sammelt Geld ein.")
    assert [a.name for a in brief.actors if a.kind == "person"] == ["Elon Musk"]
