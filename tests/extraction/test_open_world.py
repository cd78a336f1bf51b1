"""Names the knowledge base does not know, in German and English: one case per mechanism.

Every name here is invented; none is in generator/data/kb/, so only the rules can find it.
"""

from __future__ import annotations

import pytest

from generator.extract import extract
from generator.extraction import names, spans, words
from generator.extraction.text import sentences
from generator.models import Actor, Brief, Source


def run(text: str) -> Brief:
    return extract(text, source=Source("seeds/case.txt", "0" * 64), slug="case")


def actors(brief: Brief) -> dict[str, Actor]:
    return {a.name: a for a in brief.actors}


def policies(brief: Brief) -> set[str]:
    return {p.name for p in brief.policy}


# (text, name, kind, confidence): the name is found with that kind and confidence.
ACTORS = {
    # names with a head, a first word that opens them, a legal form
    "head_en": ("Funding came from Quillfeather Capital last week.",
                "Quillfeather Capital", "organization", "strong"),
    "head_de": ("Das Geld kommt von Brummbach Ventures aus Köln.",
                "Brummbach Ventures", "organization", "strong"),
    "prefix_head_de": ("Die Stadtwerke Quellental investieren in ein Wärmenetz.",
                       "Stadtwerke Quellental", "organization", "strong"),
    "prefix_head_en": ("The Bank of Zembria raised rates on Monday.",
                       "Bank of Zembria", "organization", "strong"),
    "compound_head_de": ("Der Netzbetreiber nutzt die Leitungen von Quarvenetz für den Strom.",
                         "Quarvenetz", "organization", "strong"),
    "legal_form_de": ("Die Vornholt Systeme GmbH baut Speicher.",
                      "Vornholt Systeme", "organization", "strong"),
    "legal_form_en": ("Tarvex Holdings Ltd. bought the site.",
                      "Tarvex Holdings", "organization", "strong"),
    # context: a descriptor before, an apposition after, a list with a cue
    "descriptor_de": ("Das Hamburger Fintech Zahlwerk sammelt Geld ein.",
                      "Zahlwerk", "organization", "strong"),
    "descriptor_en": ("The Swedish steelmaker Norrfors signed the contract.",
                      "Norrfors", "organization", "strong"),
    "apposition_en": ("Kelvara, a maker of battery cells, will hire 300 people.",
                      "Kelvara", "organization", "strong"),
    "apposition_de": ("Voltrix, eine Ausgründung der Universität, erhält Geld.",
                      "Voltrix", "organization", "strong"),
    "list_after_cue_en": ("The round was backed by Pembrook Lane, Ostara Fields and Venture "
                          "Meadow.", "Venture Meadow", "organization", "strong"),
    "list_after_cue_de": ("Beteiligt sind die Investoren Alsterkamp Ventures, Brückwald und "
                          "Fennhof Partners.", "Brückwald", "organization", "strong"),
    # abbreviations defined in brackets
    "abbreviation_en": ("The Zembrian Power Siting Board (ZPSB) approved it. The ZPSB said so.",
                        "Zembrian Power Siting Board", "government", "strong"),
    "abbreviation_de": ("Das Landesamt für Küstenschutz (LfK) prüft den Antrag.",
                        "Landesamt für Küstenschutz", "government", "strong"),
    "spelled_abbreviation_en": ("Building Quantum Wales (BQW) awarded the contract.",
                                "Building Quantum Wales", "organization", "strong"),
    # organisation evidence over the first-name rule
    "first_name_org_en": ("Allan Grubb Ventures led the round.",
                          "Allan Grubb Ventures", "organization", "strong"),
    "first_name_org_de": ("Der Pharmakonzern Peter Ashworth übernimmt die Anlage.",
                          "Peter Ashworth", "organization", "strong"),
    "role_word_opens_name_en": ("The General Assembly passed the bill on Tuesday.",
                                "General Assembly", "government", "strong"),
    "chamber_of_commerce_en": ("Business leaders, notably the Vermont Chamber of Commerce, "
                               "opposed it.", "Vermont Chamber of Commerce", "organization",
                               "strong"),
    "compound_before_name_de": ("Die Wirtschaftsförderung Greater Tulsa Chamber wirbt um "
                                "Investoren.", "Greater Tulsa Chamber", "organization",
                                "strong"),
    "compound_name_with_place_de": ("Die Investitionsbank Sachsen-Anhalt fördert das Werk.",
                                    "Investitionsbank Sachsen-Anhalt", "organization",
                                    "strong"),
    "truncated_compound_before_und_de": ("Die Förder- und Aufbaubank Quellental zahlt 5 Mio. "
                                         "Euro.", "Förder- und Aufbaubank Quellental",
                                         "organization", "strong"),
    "head_then_area_served_de": ("Zuständig ist die Planungsdirektion Nordwest, sagte sie.",
                                 "Planungsdirektion Nordwest", "government", "strong"),
    "truncated_compound_head_then_area_de": ("Zuständig ist die Bau- und Planungsdirektion "
                                             "Nordwest, sagte sie.",
                                             "Bau- und Planungsdirektion Nordwest",
                                             "government", "strong"),
    "head_after_a_known_company_de": ("Zu den Geldgebern gehören Siemens Ventures und Bosch.",
                                      "Siemens Ventures", "organization", "strong"),
    "head_after_a_known_company_en": ("Investors include Intel Capital Partners and Bosch.",
                                      "Intel Capital Partners", "organization", "strong"),
    "words_before_a_known_head_word_de": ("Die Runde führt Kranich Capital an, sagte sie.",
                                          "Kranich Capital", "organization", "strong"),
    "firm_named_after_a_person_after_a_descriptor_de": ("Beteiligt ist die Familienholding "
                                                        "Anna Kessler Holding AG.",
                                                        "Anna Kessler Holding", "organization",
                                                        "strong"),
    "abbreviation_spells_a_name_with_small_words_de": ("Der Verband der Betreiber von Moor- "
                                                       "und Torfanlagen (VBMT) warnte.",
                                                       "Verband der Betreiber von Moor- und "
                                                       "Torfanlagen", "organization", "strong"),
    "abbreviation_spells_a_name_with_small_words_en": ("The Alliance for Startups in Rural "
                                                       "Areas (ASRA) said it was worried.",
                                                       "Alliance for Startups in Rural Areas",
                                                       "organization", "strong"),
    "parent_of_a_subsidiary_de": ("Die Stadtwerke übernehmen die Mehrheit von der "
                                  "Voltaris-Tochter.", "Voltaris", "organization", "strong"),
    "city_adjective_and_utility_de": ("An der Firma sind die Wendelstedter Stadtwerke "
                                      "beteiligt.", "Wendelstedter Stadtwerke", "organization",
                                      "strong"),
    "legal_form_in_small_letters_de": ("Es beteiligt sich die Bürgerwerk Quellental eG, eine "
                                       "Genossenschaft.", "Bürgerwerk Quellental",
                                       "organization", "strong"),
    "sector_word_before_a_name_en": ("Also this week: Lagos insurtech Quorvia raised money.",
                                     "Quorvia", "organization", "strong"),
    "english_head_then_a_german_noun_de": ("Die Armee hat beim Thuner Hersteller Kestrova "
                                           "Systems Drohnen bestellt.", "Kestrova Systems",
                                           "organization", "strong"),
    "city_adjective_before_a_firm_de": ("Die Behörde verpflichtete die Flensburger Quorvex "
                                        "GmbH zur Zahlung.", "Quorvex", "organization",
                                        "strong"),
    "list_member_after_a_name_holding_a_country_en": ("Existing investors including Tiger "
                                                      "Global, Sequoia Capital India and "
                                                      "Kestrel Highway also participated.",
                                                      "Kestrel Highway", "organization",
                                                      "strong"),
    "small_letter_before_capitals_en": ("Other backers include eQUORVA, Kestrel Ventures and "
                                        "Verve Ventures.", "eQUORVA", "organization",
                                        "strong"),
    "small_letter_before_capitals_de": ("Zu den Geldgebern gehören eQUORVA, Kestrel Ventures "
                                        "und Verve Ventures.", "eQUORVA", "organization",
                                        "strong"),
    "ordinary_word_opening_a_sentence_with_apposition_en": ("Title\n\nLantern, Silicon "
                                                            "Valley's breakout audio app, "
                                                            "grows fast.", "Lantern",
                                                            "organization", "strong"),
    "apposition_of_a_name_part_en": ("Quorvex, a Pune-based B2B ecommerce marketplace, raised "
                                     "money.", "Quorvex", "organization", "strong"),
    # a name part alone, said twice
    "recurring_en": ("Sales at Quorvex rose. Quorvex now employs 90 people.",
                     "Quorvex", "organization", "weak"),
    "recurring_de": ("Der Umsatz von Quorvex stieg. Quorvex beschäftigt nun 90 Menschen.",
                     "Quorvex", "organization", "weak"),
    "spelled_abbreviation_de": ("Die Quantenallianz Westfalen (QAW) vergab den Auftrag.",
                                "Quantenallianz Westfalen", "organization", "strong"),
    # government bodies from their parts
    "country_adjective_en": ("The Kenyan government approved the plan.",
                             "Kenyan government", "government", "strong"),
    "country_adjective_de": ("Die namibische Regierung prüft den Antrag.",
                             "Namibian government", "government", "strong"),
    "genitive_de": ("Polens Rüstungsagentur bestellte 48 Fahrzeuge für die Armee, sagte er.",
                    "Polens Rüstungsagentur", "government", "strong"),
    "place_en": ("The Tamil Nadu government offered land.",
                 "Tamil Nadu government", "government", "strong"),
    "city_adjective_de": ("Das Kieler Digitalministerium unterstützt das Projekt.",
                          "Kieler Digitalministerium", "government", "strong"),
    "region_adjective_de": ("Die rheinland-pfälzische Landesregierung lobte die Firma.",
                            "rheinland-pfälzische Landesregierung", "government", "strong"),
    "compound_government_head_opens_name_de": ("Das Staatsministerium für Moorschutz hat "
                                               "zugestimmt.", "Staatsministerium für "
                                               "Moorschutz", "government", "strong"),
    "list_inside_a_name_de": ("Das Landesamt für Moorschutz, Torfabbau und Wiedervernässung "
                              "prüft den Antrag.",
                              "Landesamt für Moorschutz, Torfabbau und Wiedervernässung",
                              "government", "strong"),
    "list_inside_a_name_en": ("The Ministry of Fisheries, Lagoons and Coastal Ports said on "
                              "Monday that it would pay.",
                              "Ministry of Fisheries, Lagoons and Coastal Ports", "government",
                              "strong"),
    "city_adjective_before_a_named_body_de": ("Das Geld bewilligte die Hamburger Behörde für "
                                              "Hafenlogistik und Quartiersentwicklung.",
                                              "Behörde für Hafenlogistik und "
                                              "Quartiersentwicklung", "government", "strong"),
    "state_de": ("Im Bundesstaat Indiana entsteht ein Werk.",
                 "Bundesstaat Indiana", "government", "strong"),
    "state_en": ("The state of Ohio offered tax credits.",
                 "State of Ohio", "government", "strong"),
    # people
    "particle_zur_de": ("Oberbürgermeisterin Katrin zur Nieden eröffnete die Halle.",
                        "Katrin zur Nieden", "person", "strong"),
    "particle_von_der_de": ("Kommissionschefin Ursula von der Brügge sprach.",
                            "Ursula von der Brügge", "person", "strong"),
    "particle_dos_en": ("Rafael dos Santos Albuquerque, the company's chief executive, spoke.",
                        "Rafael dos Santos Albuquerque", "person", "strong"),
    "title_en": ("Col. Raino Kasvikko said the drones work.",
                 "Raino Kasvikko", "person", "strong"),
    "title_de": ("Prof. Dr. Henrike Baumbach leitet das Labor.",
                 "Henrike Baumbach", "person", "strong"),
    "role_then_unlisted_given_name_en": ("Board President Zorba Lewis said of the plan.",
                                         "Zorba Lewis", "person", "strong"),
    "role_then_unlisted_given_name_de": ("Aufsichtsratschefin Zorba Lewis lobte den Plan.",
                                         "Zorba Lewis", "person", "strong"),
    "two_given_names_then_a_word_en": ("The panel chairman Mei Ting Han said it was good.",
                                       "Mei Ting Han", "person", "strong"),
    "two_given_names_then_a_word_de": ("Der Ausschussvorsitzende Mei Ting Han sagte, der Plan "
                                       "sei gut.", "Mei Ting Han", "person", "strong"),
    "outlet_possessive_en": ("The Guardian's Tomasz Wójcik reported the deal.",
                             "Tomasz Wójcik", "person", "strong"),
}


@pytest.mark.parametrize("text,name,kind,confidence", list(ACTORS.values()), ids=list(ACTORS))
def test_actors_the_knowledge_base_does_not_know(text: str, name: str, kind: str,
                                                 confidence: str) -> None:
    found = actors(run(text))
    assert name in found, sorted(found)
    assert (found[name].kind, found[name].confidence) == (kind, confidence)


# (text, name that must not be an actor)
NOT_ACTORS = {
    "half_of_a_truncated_compound_de": ("Die Förder- und Aufbaubank Quellental zahlt.", "Förder-"),
    "role_words_de": ("Die Leiterin Strategie sprach mit dem Vorstand.", "Leiterin Strategie"),
    "role_words_en": ("The Deputy Minister visited the plant.", "Deputy Minister"),
    "ordinary_nouns_de": ("Die Stromversorgung und die Fernwärme werden teurer.", "Fernwärme"),
    "sentence_opener_en": ("Critics say the plan is too slow.", "Critics"),
    "place_de": ("Das Werk entsteht in Quellental und beschäftigt 200 Menschen.", "Quellental"),
    "based_en": ("A Noida-based startup raised money.", "Noida"),
    "known_name_inside_longer_en": ("Sundaram Ampere Holdings will build a plant.", "Ampere"),
    "known_name_inside_longer_de": ("Die Sundaram Ampere Holding baut ein Werk.", "Ampere"),
    "sentence_opener_de": ("Kritiker sagen, der Plan sei zu langsam.", "Kritiker"),
    "company_inside_longer_en": ("Siemens Financial Services lends the money.", "Siemens"),
    "surname_is_company_de": ("Werkleiter Matthias zur Linde führte durch die Halle.", "Linde"),
    "party_after_person_de": ("Ministerin Carola Bettenhausen (FDP) sprach.",
                              "Carola Bettenhausen"),
    "list_of_names_after_a_body_en": ("The Ministry of Fisheries, Kranich Systems and "
                                      "Amazon signed the deal.", "Ministry of Fisheries, "
                                      "Kranich Systems"),
    "unclosed_list_after_a_body_de": ("Das Landesamt für Moorschutz, Kranich Systems und die "
                                      "Stadt unterschrieben.", "Landesamt für Moorschutz, "
                                      "Kranich Systems"),
    "given_names_then_a_head_en": ("CEO Mei Ting Group said so.", "Mei Ting Group"),
    "part_of_a_name_an_abbreviation_spells_de": ("Der Verband der Betreiber von Moor- und "
                                                 "Torfanlagen (VBMT) warnte.", "Verband der"),
    "name_of_a_fund_is_no_parent_de": ("Die Staatsregierung legt zwei Voltaris-Fonds auf.",
                                       "Voltaris"),
    "connector_before_a_descriptor_de": ("Mit einem neuen Fonds für Start-ups will das Land "
                                         "wachsen.", "Fonds für"),
    "city_adjective_and_group_de": ("Die Hamburger Gruppe zahlt den Preis.",
                                    "Hamburger Gruppe"),
    "german_head_then_a_city_de": ("Die Fachkräfte der Technischen Universität "
                                   "Kaiserslautern halfen.", "Technischen Universität"),
    "possessive_place_in_a_list_en": ("Backers include Khosla Ventures, Fidelity and Abu "
                                      "Dhabi's MGX.", "Abu Dhabi"),
    "adverb_before_a_described_noun_en": ("Title\n\nHowever, the company, a maker of chips, "
                                          "grew.", "However"),
    "possessive_owner_in_an_apposition_en": ("Title\n\nLantern, Silicon Valley's breakout "
                                             "audio app, grows fast.", "Silicon Valley"),
    "indefinite_article_before_a_remit_de": ("Die Firma baut ein Werk für Pens und "
                                             "Wirkstoffe.", "Werk für Pens und Wirkstoffe"),
    "article_after_noun_de": ("Es sprach Ralf Tabellion, Leiter Wärmedienste der Quornet "
                              "New Energies.", "Wärmedienste der Quornet New"),
}


@pytest.mark.parametrize("text,name", list(NOT_ACTORS.values()), ids=list(NOT_ACTORS))
def test_words_that_are_no_actor(text: str, name: str) -> None:
    found = actors(run(text))
    if name == "Carola Bettenhausen":
        assert found[name].kind == "person"  # a person, not an organisation with an alias
        return
    assert name not in found, sorted(found)


def test_a_short_form_is_the_same_name_de() -> None:
    found = actors(run("Die Zorvanik Wasserstoff Holding plant ein Werk. Zorvanik sagte, "
                       "der Standort sei bereit."))
    assert "Zorvanik" not in found
    assert found["Zorvanik Wasserstoff Holding"].mentions == 2


def test_an_abbreviation_is_the_same_name_de() -> None:
    found = actors(run("Die Ostland Netzagentur (ONA) tagte. Später genehmigte die ONA die "
                       "Leitung."))
    assert set(found) == {"Ostland Netzagentur"}
    assert found["Ostland Netzagentur"].mentions == 2


def test_a_short_form_is_the_same_name() -> None:
    brief = run("Quellmark Hydrogen Partners plans a plant. Quellmark said the site is ready.")
    found = actors(brief)
    assert "Quellmark" not in found
    assert found["Quellmark Hydrogen Partners"].mentions == 2


def test_an_abbreviation_is_the_same_name() -> None:
    found = actors(run("The Ostland Power Board (OPB) met. Later the OPB approved the line."))
    assert set(found) == {"Ostland Power Board"}
    assert found["Ostland Power Board"].mentions == 2


def test_an_abbreviation_defined_here_wins_over_the_knowledge_bases() -> None:
    # CMA is the UK's Competition and Markets Authority in the knowledge base.
    found = actors(run("Kenya's Capital Markets Authority (CMA) licensed the fund. The CMA said "
                       "more licences follow."))
    assert "Competition and Markets Authority" not in found
    assert "Capital Markets Authority" in found


def test_coordination_ellipsis_gives_two_governments() -> None:
    found = actors(run("Die dänische und die schwedische Regierung unterstützen das Netz."))
    assert {"Danish government", "Swedish government"} <= set(found)
    assert found["Danish government"].country == "Denmark"


def test_coordination_ellipsis_gives_two_governments_en() -> None:
    found = actors(run("The Danish and the Swedish government back the grid."))
    assert {"Danish government", "Swedish government"} <= set(found)
    found = actors(run("The Danish and Swedish governments back the grid."))
    assert {"Danish government", "Swedish government"} <= set(found)


def test_government_bodies_are_linked_to_their_country_en() -> None:
    found = actors(run("The Kenyan government approved the plan."))
    assert found["Kenyan government"].country == "Kenya"


def test_government_bodies_are_linked_to_their_country() -> None:
    found = actors(run("Polens Rüstungsagentur bestellte 48 Fahrzeuge für die Armee."))
    assert found["Polens Rüstungsagentur"].country == "Poland"


def test_a_body_named_after_a_city_adjective_keeps_its_country() -> None:
    found = actors(run("Das Geld bewilligte das Kieler Amt für Deichbau und Küstenschutz."))
    assert "Kieler Amt" not in found
    assert found["Amt für Deichbau und Küstenschutz"].country == "Germany"


def test_a_generic_body_of_another_country_is_not_the_knowledge_bases() -> None:
    brief = run("Critics in Congress say the regime favours foreign firms, a Brazilian "
                "senator said in Brasília.")
    assert actors(brief)["Congress"].confidence == "strong"  # not the US Congress
    assert actors(run("The US Congress passed it in Washington."))["Congress"].confidence \
        == "known"


def test_acronyms_written_as_words_still_match() -> None:
    assert "NATO" in actors(run("Nato members met in Brussels on Monday."))
    assert "NATO" in actors(run("Die Nato-Staaten trafen sich am Montag in Brüssel."))


def test_the_organisation_of_a_role_comes_from_its_clause() -> None:
    found = actors(run("Microsoft and Google sent delegates. Marina Teixeira, executive "
                       "secretary at the Zembrian Development Agency, said the plan works."))
    assert found["Marina Teixeira"].org == "Zembrian Development Agency"


def test_a_role_after_an_indefinite_article_gives_the_person_and_the_organisation() -> None:
    found = actors(run("Title\n\nTom Weller, a partner at Kestrel Capital, agreed. Sarah "
                       "Quist, an analyst at Morgan Stanley, said growth is strong."))
    assert (found["Tom Weller"].role, found["Tom Weller"].org) == ("partner", "Kestrel Capital")
    assert (found["Sarah Quist"].confidence, found["Sarah Quist"].org) == ("strong",
                                                                           "Morgan Stanley")


def test_a_german_role_after_the_name_gives_the_person_and_the_organisation() -> None:
    found = actors(run("Titel\n\nAnna Quist, Analystin bei der Kestrel Capital, sagte, das "
                       "Wachstum sei stark. Tom Weller, ein Partner bei Brightwater Partners, "
                       "stimmte zu."))
    assert (found["Anna Quist"].confidence, found["Anna Quist"].org) == ("strong",
                                                                         "Kestrel Capital")
    assert (found["Tom Weller"].kind, found["Tom Weller"].org) == ("person",
                                                                   "Brightwater Partners")
    assert "Weller" not in found  # not a firm described as 'ein Partner'


def test_role_org_is_never_the_nearest_company() -> None:
    found = actors(run("Nvidia sold chips while Analystin Petra Kowalczyk warned of delays."))
    assert found["Petra Kowalczyk"].org is None


def test_role_org_is_never_the_nearest_company_de() -> None:
    found = actors(run("Nvidia verkaufte Chips, während Analystin Petra Kowalczyk vor "
                       "Verzögerungen warnte."))
    assert found["Petra Kowalczyk"].org is None


POLICY = {
    "act_en": ("The Clean Shipping Act takes effect in 2027.", "Clean Shipping Act"),
    "law_compound_de": ("Nach dem Wärmenetzgesetz müssen Städte planen.", "Wärmenetzgesetz"),
    "programme_prefix_de": ("Das Start-up wurde über das Programm InnoBoost gefördert.",
                            "InnoBoost"),
    "quoted_de": ("Das Geld kommt aus dem Förderprogramm „Digitale Dörfer“ des Landes.",
                  "Digitale Dörfer"),
    "following_word_en": ("The grant came from the Industrial Leapfrog programme.",
                          "Industrial Leapfrog"),
    "abbreviation_en": ("Money flows from the Rural Fibre Expansion Fund (RFEF) to towns.",
                        "Rural Fibre Expansion Fund"),
    "number_en": ("Lawmakers passed House Bill 2231 on Tuesday.", "House Bill 2231"),
    "for_a_en": ("The money comes from the Programme for a Greener Zembria this year.",
                 "Programme for a Greener Zembria"),
    "section_en": ("The plant qualifies for the Green Steel Credit (section 45Z) as well.",
                   "Green Steel Credit"),
    "apposition_en": ("Nova Zembria (NZ), the government's industrial policy, offers loans.",
                      "Nova Zembria"),
    "act_de": ("Das Zembrische Batteriegesetz tritt 2027 in Kraft.",
               "Zembrische Batteriegesetz"),
    "abbreviation_de": ("Das Geld kommt aus dem Förderprogramm Ländliche Glasfaser (FLG).",
                        "Ländliche Glasfaser"),
}


@pytest.mark.parametrize("text,name", list(POLICY.values()), ids=list(POLICY))
def test_policy_instruments_by_their_shape(text: str, name: str) -> None:
    brief = run(text)
    assert name in policies(brief), (policies(brief), sorted(actors(brief)))


@pytest.mark.parametrize("text", [
    "Title line\n\nRobin Fenwick Energy has been sold to a rival. Robin Fenwick initially made "
    "a small profit. Later Robin Fenwick approached the council.",
    "Titelzeile\n\nDie Robin Fenwick Energie wurde verkauft. Robin Fenwick machte zunächst "
    "Gewinn. Später bat Robin Fenwick die Stadt um Geld."], ids=["en", "de"])
def test_a_firm_called_by_its_name_without_its_head_is_no_person(text: str) -> None:
    found = actors(run(text))
    assert "Robin Fenwick" not in found, sorted(found)
    assert {a.kind for a in found.values()} == {"organization"}


def test_the_parent_is_not_the_subsidiary_named_after_it_de() -> None:
    found = actors(run("Titel\n\nDie Voltaris New Energies baut das Netz. Die Stadtwerke kaufen "
                       "die Mehrheit von der Voltaris-Tochter. Voltaris bleibt Betriebsführer."))
    assert {"Voltaris", "Voltaris New Energies"} <= set(found)


@pytest.mark.parametrize("text", [
    "The round was advised by Quorva Impact, Yusra Social Business, Brightwater Capital and "
    "Kestrel Forum.",
    "Die Runde begleiteten die Investoren Quorva Impact, Yusra Social Business, Brightwater "
    "Capital und Kestrel Forum."], ids=["en", "de"])
def test_a_firm_that_starts_with_a_given_name_in_a_list_of_firms(text: str) -> None:
    found = actors(run(text))
    assert {"Quorva Impact", "Yusra Social Business"} <= set(found), sorted(found)
    assert found["Yusra Social Business"].kind == "organization"
    assert "Yusra Social" not in found


def test_people_backing_a_firm_stay_people() -> None:
    found = actors(run("Title\n\nThe startup is backed by Jane Kestrel and Anna Smith, who "
                       "invested early."))
    assert {found["Jane Kestrel"].kind, found["Anna Smith"].kind} == {"person"}


@pytest.mark.parametrize("text", [
    "Title\n\nThe firm raised money from Kestrel Capital and angels like Tavish Omondi, "
    "Marit Quist and Ole Brandvik.",
    "Titel\n\nDie Firma erhielt Geld von Kestrel Capital und Business Angels wie Tavish "
    "Omondi, Marit Quist und Ole Brandvik."], ids=["en", "de"])
def test_a_list_of_people_after_its_cue(text: str) -> None:
    found = actors(run(text))
    assert {found[n].kind for n in ("Tavish Omondi", "Marit Quist", "Ole Brandvik")} \
        == {"person"}, sorted(found)


def test_a_programme_and_the_government_it_belongs_to_de() -> None:
    brief = run("Zusätzlich sichert der Moorfonds des Bundes einen Kredit ab. Die Firma verweist "
                "auf die Torfstrategie der Bundesregierung.")
    assert {"Moorfonds", "Torfstrategie"} <= policies(brief)
    assert "Bundesregierung" in actors(brief)  # whose it is stays an actor
    assert "Moorfonds" not in policies(run("Der Moorfonds zahlt den Kredit."))


@pytest.mark.parametrize("text,name", [
    ("Der Verband Forschender Batteriehersteller (VFB) fordert Geld.",
     "Verband Forschender Batteriehersteller"),
    ("Auch der Bundesverband Deutscher Start-ups kritisiert das Gesetz.",
     "Bundesverband Deutscher Start-ups")], ids=["participle", "nationality"])
def test_an_adjective_after_a_head_takes_its_noun_de(text: str, name: str) -> None:
    found = actors(run("Titel\n\n" + text))
    assert name in found, sorted(found)
    assert found[name].kind == "organization"


def test_the_words_before_a_minister_are_the_portfolio() -> None:
    found = actors(run("Title\n\nState Industries Minister Tarun Velkar approved the plant. Home "
                       "Affairs Secretary Jane Roe and Energy Minister Tom Cole agreed."))
    assert {"Tarun Velkar", "Jane Roe", "Tom Cole"} <= set(found), sorted(found)
    assert {a.kind for a in found.values()} == {"person"}, sorted(found)


def test_a_plural_inside_a_name_describes_no_one() -> None:
    found = actors(run("Title\n\nZembria signed agreements at its Global Investors Meet."))
    assert "Meet" not in found, sorted(found)


def test_a_programme_in_the_dative_plural_is_named_in_the_nominative_de() -> None:
    brief = run("Titel\n\nMit den Wärmewendeverträgen fördert das Ministerium den Umstieg.")
    assert policies(brief) == {"Wärmewendeverträge"}


def test_the_word_before_a_name_an_abbreviation_spells_says_what_it_is_de() -> None:
    brief = run("Titel\n\nDas Ministerium will die weiteren Lose über das neue Kreditinstrument "
                "Green Steel for Europe (GSE) finanzieren, teilte es am Dienstag mit. Die Lose "
                "sollen bis zum Sommer vergeben werden.")
    assert policies(brief) == {"Green Steel for Europe"}
    assert "Green Steel for Europe" not in actors(brief)


def test_a_day_of_the_week_is_no_name_in_either_language() -> None:
    # an English sentence quoted twice in a German article: "Friday" is no German word
    brief = run("Titel\n\nDie Firma Quellwerk baut ein Werk in Sachsen und stellt 300 Leute ein. "
                "The company declined to comment on Friday. Der Bau beginnt im Sommer. Die "
                "Gemeinde hofft auf Steuern. The company declined to comment on Friday.")
    assert "Friday" not in actors(brief), sorted(actors(brief))


def test_a_places_own_institution_is_named_by_its_adjective_de() -> None:
    found = actors(run("Titel\n\nLead-Investor ist die Basler Kantonalbank, daneben zeichnen "
                       "die Kölner Kreissparkasse und der Stuttgarter Konzern Quellwerk."))
    assert {"Basler Kantonalbank", "Kölner Kreissparkasse"} <= set(found), sorted(found)
    assert not any(name.startswith("Stuttgarter") for name in found), sorted(found)


def test_a_word_before_a_firms_part_is_a_firm_when_it_also_stands_alone_de() -> None:
    found = actors(run("Titel\n\nDer Investor will auf dem Falke-Gelände in Schmallenberg eine "
                       "Fabrik bauen. Dafür sollen die Falke-Flächen genutzt werden. Im Mai hatte "
                       "Falke in Schmallenberg die Produktion eingestellt. Das Industrie-Gelände "
                       "bleibt, die Industrie in der Stadt auch."))
    assert found["Falke"].kind == "organization", sorted(found)
    assert "Industrie" not in found, sorted(found)


def test_a_fund_that_invests_is_an_organisation_and_one_that_pays_out_a_programme_de() -> None:
    brief = run("Der Zembrische Wasserstofffonds investierte in zwei Anlagen. Zuschüsse kamen "
                "aus dem Förderfonds Wasserstoffnetz.")
    assert actors(brief)["Zembrische Wasserstofffonds"].kind == "organization"


def test_a_fund_that_invests_is_an_organisation_and_one_that_pays_out_a_programme() -> None:
    brief = run("The Zembria Green Hydrogen Fund invested in two plants. Grants came from "
                "the Hydrogen Hub Match Fund.")
    assert actors(brief)["Zembria Green Hydrogen Fund"].kind == "organization"
    assert "Hydrogen Hub Match Fund" in policies(brief)


def test_a_fund_that_an_apposition_calls_an_investor_is_an_organisation() -> None:
    brief = run("Title\n\nThe platform secured 7.5 million euros from the Coastal Innovation "
                "Fund 2, a fund-of-funds set up by the state bank with three regions. Grants "
                "came from the Hydrogen Hub Match Fund.")
    assert actors(brief)["Coastal Innovation Fund 2"].kind == "organization"
    assert policies(brief) == {"Hydrogen Hub Match Fund"}


def test_an_apposition_ends_where_a_clause_about_it_starts() -> None:
    brief = run("Title\n\nQuarvex, a start-up founded by three former engineers of the national "
                "grid operator in the north, raised money.")
    assert actors(brief)["Quarvex"].kind == "organization"


def test_a_firm_after_a_portfolio_and_before_its_sites_name() -> None:
    found = actors(run("Title\n\nThe Department of Natural Resources and Welsh Gas agreed on a "
                       "price. Money went to renewable energy, including Kelvor Resources Tarnby "
                       "project, the largest tidal scheme."))
    assert found["Department of Natural Resources"].kind == "government", sorted(found)
    assert found["Welsh Gas"].kind == "organization"
    assert found["Kelvor Resources"].kind == "organization"
    assert not any("Tarnby" in name for name in found), sorted(found)


@pytest.mark.parametrize("text", [
    "We approved 35 million euros for Ferraria do Vale, a steel-frame maker that will supply "
    "the site.",
    "We approved 35 million euros for Ferraria do Vale, a steel fabricator in the south."],
    ids=["relative_clause", "fabricator"])
def test_an_apposition_with_a_trade_or_a_clause_after_it(text: str) -> None:
    assert actors(run("Title\n\n" + text))["Ferraria do Vale"].kind == "organization"


def test_a_citys_adjective_and_a_descriptor_alone_name_no_one_de() -> None:
    found = actors(run("Titel\n\n+++ 11:15 Uhr: Berliner Neobank weiter im Minus +++\nDie "
                       "Neobank Kontora hat im ersten Halbjahr einen Verlust ausgewiesen."))
    assert set(found) == {"Kontora"}, sorted(found)


def test_two_ordinary_words_at_a_sentences_start_that_an_apposition_describes() -> None:
    found = actors(run("Title\n\nThe site is new. Bright Harbour, the developer of the Sines "
                       "campus, is financed by investors. However Kelvor, the maker, agreed."))
    assert found["Bright Harbour"].kind == "organization", sorted(found)
    assert not any(name.startswith("However") for name in found), sorted(found)


def test_an_ordinary_word_and_a_place_that_a_longer_apposition_describes() -> None:
    found = actors(run("Title\n\nThe subsidy was approved. Guidance Kerala, the state's "
                       "investment promotion agency, said the plant would employ 2,000 people."))
    assert "Guidance Kerala" in found, sorted(found)
    assert "Kerala" not in found, sorted(found)


@pytest.mark.parametrize("text", [
    "Titel\n\nMit dem Rechenzentrum trainiert die Firma Quellwerk ihr Sprachmodell Quorvix, das "
    "Abonnenten nutzen können. Quorvix soll im Herbst in neuer Fassung erscheinen.",
    "Title\n\nWith the cluster the firm Quellwerk trains its chatbot Quorvix, which subscribers "
    "can use. Quorvix gets a new version in the autumn."], ids=["de", "en"])
def test_a_product_after_its_descriptor_is_no_actor(text: str) -> None:
    found = actors(run(text))
    assert not any("Quorvix" in name for name in found), sorted(found)
    assert found["Quellwerk"].kind == "organization"


def test_a_person_from_an_organisation_keeps_the_organisation_out_of_the_name_de() -> None:
    found = actors(run("Titel\n\nDer Verband begrüßte den Aufschub. Tom Kessler von der "
                       "Organisation Quellrat sprach dagegen von einer Politik der Eile."))
    assert "Tom Kessler" in found, sorted(found)
    assert found["Quellrat"].kind == "organization"
    assert not any("Organisation" in name for name in found), sorted(found)


def test_a_companys_own_strategy_is_no_policy() -> None:
    assert not policies(run("Der Versorger stellte seine Wasserstoffstrategie vor."))


def test_spelled_abbreviations() -> None:
    assert words.spells("SAFE", ["Security", "Action", "for", "Europe"])
    assert words.spells("BEAD", ["Broadband", "Equity", ",", "Access", ",", "and", "Deployment"])
    assert not words.spells("MDIC", ["Ministry", "of", "Development"])


def test_find_reports_what_it_replaces() -> None:
    text = "Sundaram Ampere Holdings will build a plant."
    found = names.find(text, "en", sentences(text), context=spans.Context(
        known=[(text.index("Ampere"), text.index("Ampere") + 6, "gpu")], places=(),
        people=()))
    assert [n.name for n in found.names] == ["Sundaram Ampere Holdings"]
    assert found.inside == {(text.index("Ampere"), text.index("Ampere") + 6)}
