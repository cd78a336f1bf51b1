"""Unit tests of the money-amount recogniser (generator.extraction.amounts)."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.extraction import currencies
from generator.extraction.amounts import MoneySpan, find_amounts
from generator.extraction.moneydata import cldr


class Case(NamedTuple):
    """One sentence and the single amount expected in it."""

    text: str
    span: str
    currency: str
    value: int | float
    min: int | float | None = None
    max: int | float | None = None
    approximate: bool = False


B = 1_000_000_000
M = 1_000_000
T = 1_000_000_000_000

GERMAN: dict[str, Case] = {
    "german_milliarden_dollar": Case(
        "Intel will 39 Milliarden Dollar in Arizona investieren.", "39 Milliarden Dollar",
        "USD", 39 * B),
    "german_mrd_euro_decimal_comma": Case(
        "Der Bund zahlt 1,5 Mrd. Euro an Subventionen.", "1,5 Mrd. Euro", "EUR", 1_500 * M),
    "german_mio_us_dollar": Case(
        "Die Runde brachte 500 Mio. US-Dollar ein.", "500 Mio. US-Dollar", "USD", 500 * M),
    "german_mrd_euro_3_5": Case("Kosten von 3,5 Mrd. Euro", "3,5 Mrd. Euro", "EUR", 3_500 * M),
    "german_three_decimals_before_mrd": Case(
        "Ein Umsatz von 4,745 Mrd. US-Dollar.", "4,745 Mrd. US-Dollar", "USD", 4_745 * M),
    "german_billionen_won": Case(
        "Samsung investiert 24,45 Billionen Won.", "24,45 Billionen Won", "KRW",
        24_450_000_000_000),
    "german_billionen_yen": Case(
        "Japan stellt 1,3 Billionen Yen bereit.", "1,3 Billionen Yen", "JPY", 1_300 * B),
    "german_singular_billion_is_10_12": Case(
        "Japan stellt 1,3 Billion Yen bereit.", "1,3 Billion Yen", "JPY", 1_300 * B),
    "german_range_millionen": Case(
        "Geplant sind 80 bis 90 Millionen Euro.", "80 bis 90 Millionen Euro", "EUR", 80 * M,
        80 * M, 90 * M),
    "german_range_milliarden": Case(
        "Das kostet 44 bis 60 Milliarden Euro.", "44 bis 60 Milliarden Euro", "EUR", 44 * B,
        44 * B, 60 * B),
    "german_range_number_words": Case(
        "Altman sprach von fünf bis sieben Billionen Dollar.",
        "fünf bis sieben Billionen Dollar", "USD", 5 * T, 5 * T, 7 * T),
    "german_range_20_bis_25": Case(
        "Rund um 20 bis 25 Milliarden Dollar geht es.", "20 bis 25 Milliarden Dollar", "USD",
        20 * B, 20 * B, 25 * B),
    "german_range_ein_bis_zwei": Case(
        "Das kostet ein bis zwei Milliarden Euro.", "ein bis zwei Milliarden Euro", "EUR", B, B,
        2 * B),
    "german_range_von_bis": Case(
        "Geplant sind von 80 bis 90 Millionen Euro.", "80 bis 90 Millionen Euro", "EUR", 80 * M,
        80 * M, 90 * M),
    "german_range_zwischen_und": Case(
        "Die Bewertung lag zwischen 1,5 und 2 Milliarden Euro.",
        "zwischen 1,5 und 2 Milliarden Euro", "EUR", 1_500 * M, 1_500 * M, 2 * B),
    "german_vague_mehreren_zehn": Case(
        "Investitionen in Höhe von mehreren zehn Milliarden Dollar sind geplant.",
        "mehreren zehn Milliarden Dollar", "USD", 20 * B, 20 * B, 99_999_999_999, True),
    "german_vague_mehrere": Case(
        "Man will mehrere Milliarden Euro ausgeben.", "mehrere Milliarden Euro", "EUR", 2 * B,
        2 * B, 9_999_999_999, True),
    "german_vague_mehreren_hundert": Case(
        "Ein Deal über mehreren hundert Millionen Dollar.", "mehreren hundert Millionen Dollar",
        "USD", 200 * M, 200 * M, 999_999_999, True),
    "german_vague_hunderte": Case(
        "Es fließen Hunderte Millionen Euro.", "Hunderte Millionen Euro", "EUR", 100 * M,
        100 * M, 999_999_999, True),
    "german_vague_bare_plural": Case(
        "Die Konzerne stecken Milliarden Dollar in Rechenzentren.", "Milliarden Dollar", "USD",
        2 * B, 2 * B, 999_999_999_999, True),
    "german_mehr_als_billionen_yen": Case(
        "Ein Wert von mehr als 4 Billionen Yen.", "mehr als 4 Billionen Yen", "JPY", 4 * T,
        4 * T, 4_999_999_999_999, True),
    "german_mehr_als_billionen_won": Case(
        "Umsatz von mehr als 11 Billionen Won.", "mehr als 11 Billionen Won", "KRW", 11 * T,
        11 * T, 11_999_999_999_999, True),
    "german_rund": Case(
        "Die Fabrik kostet rund 10 Milliarden Euro.", "rund 10 Milliarden Euro", "EUR", 10 * B,
        approximate=True),
    "german_etwa": Case(
        "Das sind etwa 2 Milliarden Dollar.", "etwa 2 Milliarden Dollar", "USD", 2 * B,
        approximate=True),
    "german_knapp": Case(
        "Subventionen von knapp 10 Mrd. Euro.", "knapp 10 Mrd. Euro", "EUR", 10 * B,
        approximate=True),
    "german_bis_zu": Case(
        "Es gibt bis zu 10 Milliarden US-Dollar.", "bis zu 10 Milliarden US-Dollar", "USD",
        10 * B, None, 10 * B, True),
    "german_ueber_lower_bound": Case(
        "Die Förderung liegt bei über 3 Millionen Euro.", "über 3 Millionen Euro", "EUR",
        3 * M, 3 * M, 3_999_999, True),
    "german_ueber_after_noun_means_worth": Case(
        "Intel erhielt einen Auftrag über 5 Milliarden Euro.", "5 Milliarden Euro", "EUR",
        5 * B),
    "german_eine_milliarde": Case(
        "Der Fonds hat eine Milliarde Dollar.", "eine Milliarde Dollar", "USD", B),
    "german_eine_million": Case("Sie erhielt eine Million Euro.", "eine Million Euro", "EUR", M),
    "german_einer_milliarde": Case(
        "mit einer Milliarde Euro Volumen", "einer Milliarde Euro", "EUR", B),
    "german_eine_halbe_milliarde": Case(
        "eine halbe Milliarde Euro", "eine halbe Milliarde Euro", "EUR", 500 * M),
    "german_eineinhalb": Case(
        "eineinhalb Milliarden Euro", "eineinhalb Milliarden Euro", "EUR", 1_500 * M),
    "german_number_word_without_scale": Case(
        "Das Ticket kostet sieben Euro.", "sieben Euro", "EUR", 7),
    "german_zwei_milliarden": Case(
        "Zwei Milliarden Euro fließen.", "Zwei Milliarden Euro", "EUR", 2 * B),
    "german_zehn_millionen": Case(
        "Er zahlte zehn Millionen Dollar.", "zehn Millionen Dollar", "USD", 10 * M),
    "german_thousands_dot": Case("Das kostet 1.500 Euro im Monat.", "1.500 Euro", "EUR", 1_500),
    "german_thousands_dots": Case("Es gab 1.500.000 Euro.", "1.500.000 Euro", "EUR", 1_500_000),
    "german_hunderttausend": Case("Ein Zuschuss von 100.000 Euro.", "100.000 Euro", "EUR",
                                  100_000),
    "german_compound_with_number": Case(
        "Das 30-Milliarden-Euro-Projekt startet 2028.", "30-Milliarden-Euro", "EUR", 30 * B),
    "german_symbol_before_decimal_comma": Case(
        "OpenAI sammelte $ 6,6 Milliarden ein.", "$ 6,6 Milliarden", "USD", 6_600 * M),
    "german_symbol_after_mrd": Case(
        "OpenAI sammelte 6,6 Mrd. $ ein.", "6,6 Mrd. $", "USD", 6_600 * M),
    "german_euro_sign_before": Case(
        "Ein Budget von € 10 Mrd. steht bereit.", "€ 10 Mrd.", "EUR", 10 * B),
    "german_euro_sign_after": Case(
        "Ein Budget von 10 Mrd. € steht bereit.", "10 Mrd. €", "EUR", 10 * B),
    "german_500_millionen_dollar": Case(
        "Das Startup erhielt 500 Millionen Dollar.", "500 Millionen Dollar", "USD", 500 * M),
    "german_450_millionen_dollar": Case(
        "Kaufpreis: 450 Millionen Dollar.", "450 Millionen Dollar", "USD", 450 * M),
    "german_15_millionen_euro": Case(
        "Die Stadt gibt 15 Millionen Euro.", "15 Millionen Euro", "EUR", 15 * M),
    "german_7_5_millionen_euro": Case(
        "Die Stadt gibt 7,5 Millionen Euro.", "7,5 Millionen Euro", "EUR", 7_500_000),
    "german_35_mio_euro": Case("Förderung: 35 Mio. Euro.", "35 Mio. Euro", "EUR", 35 * M),
    "german_2_75_milliarden_dollar": Case(
        "Amazon zahlt 2,75 Milliarden Dollar.", "2,75 Milliarden Dollar", "USD", 2_750 * M),
    "german_tsd_euro": Case("Ein Bonus von 500 Tsd. Euro.", "500 Tsd. Euro", "EUR", 500_000),
    "german_franken": Case(
        "Die Bank zahlt 1,2 Milliarden Franken.", "1,2 Milliarden Franken", "CHF", 1_200 * M),
    "german_schweizer_franken": Case(
        "Investiert werden 500 Millionen Schweizer Franken.",
        "500 Millionen Schweizer Franken", "CHF", 500 * M),
    "german_pfund": Case("Es geht um 2 Milliarden Pfund.", "2 Milliarden Pfund", "GBP", 2 * B),
    "german_yuan": Case("China gibt 344 Milliarden Yuan aus.", "344 Milliarden Yuan", "CNY",
                        344 * B),
    "german_renminbi": Case("10 Milliarden Renminbi", "10 Milliarden Renminbi", "CNY", 10 * B),
    "german_won": Case("Es geht um 500 Milliarden Won.", "500 Milliarden Won", "KRW", 500 * B),
    "german_rupien": Case("Indien gibt 100 Milliarden Rupien aus.", "100 Milliarden Rupien",
                          "INR", 100 * B),
    "german_taiwan_dollar": Case(
        "Taiwan investiert 300 Milliarden Taiwan-Dollar.", "300 Milliarden Taiwan-Dollar",
        "TWD", 300 * B),
    "german_kanadische_dollar": Case(
        "Kanada gibt 2 Milliarden kanadische Dollar.", "2 Milliarden kanadische Dollar", "CAD",
        2 * B),
    "german_kanadischen_dollar_inflected": Case(
        "mit 2 Milliarden kanadischen Dollar", "2 Milliarden kanadischen Dollar", "CAD", 2 * B),
    "german_australische_dollar": Case(
        "1 Milliarde australische Dollar", "1 Milliarde australische Dollar", "AUD", B),
    "german_hongkong_dollar": Case(
        "10 Milliarden Hongkong-Dollar", "10 Milliarden Hongkong-Dollar", "HKD", 10 * B),
    "german_singapur_dollar": Case(
        "5 Milliarden Singapur-Dollar", "5 Milliarden Singapur-Dollar", "SGD", 5 * B),
    "german_cldr_schwedische_kronen": Case(
        "10 Milliarden schwedische Kronen", "10 Milliarden schwedische Kronen", "SEK", 10 * B),
    "german_iso_code_after": Case("Umsatz: 500 Mio. USD.", "500 Mio. USD", "USD", 500 * M),
    "german_cents": Case("Die Aktie schloss bei 135,20 Euro.", "135,20 Euro", "EUR", 135.2),
    # every currency in use, from CLDR: names, plurals, the countries' own plurals, symbols
    "german_cldr_thailaendische_baht": Case(
        "Bangkok stellt 40 Milliarden thailändische Baht bereit.",
        "40 Milliarden thailändische Baht", "THB", 40 * B),
    "german_cldr_norwegischen_kronen_inflected": Case(
        "Der Staatsfonds mit 1,4 Billionen norwegischen Kronen wächst.",
        "1,4 Billionen norwegischen Kronen", "NOK", 1_400 * B),
    "german_cldr_namibia_dollar": Case(
        "Windhuk plant 82 Milliarden Namibia-Dollar ein.", "82 Milliarden Namibia-Dollar",
        "NAD", 82 * B),
    "german_cldr_forint": Case("Budapest gibt 98 Mrd. Forint aus.", "98 Mrd. Forint", "HUF",
                               98 * B),
    "german_zloty_with_accent": Case("Warschau zahlt 30 Mrd. Złoty.", "30 Mrd. Złoty", "PLN",
                                     30 * B),
    "german_zl_symbol": Case("Der Etat beträgt 186,6 Mrd. zł.", "186,6 Mrd. zł", "PLN",
                             186_600 * M),
    "german_kc_symbol": Case("Das Werk kostet 2,5 Mrd. Kč.", "2,5 Mrd. Kč", "CZK", 2_500 * M),
    "german_local_plural_reais": Case(
        "Brasília investiert 5 Milliarden Reais.", "5 Milliarden Reais", "BRL", 5 * B),
    "german_r_dollar_symbol": Case("Petrobras zahlt R$ 3,2 Mrd.", "R$ 3,2 Mrd.", "BRL",
                                   3_200 * M),
    # a shared form: the article's country decides, else the default money.yaml lists
    "german_kronen_in_daenemark": Case(
        "Novo Nordisk investiert in Dänemark 12 Mrd. Kronen.", "12 Mrd. Kronen", "DKK", 12 * B),
    "german_kronen_without_context": Case(
        "Der Konzern meldet 45 Mio. Kronen Verlust.", "45 Mio. Kronen", "SEK", 45 * M),
    "german_kr_in_norwegen": Case(
        "Equinor aus Norwegen zahlt 300 Mio. kr im Jahr.", "300 Mio. kr", "NOK", 300 * M),
    "german_kr_dot_in_norwegen": Case(
        "Equinor aus Norwegen zahlt 300 Mio. kr.", "300 Mio. kr.", "NOK", 300 * M),
    "german_schilling_in_uganda": Case(
        "Die Regierung von Uganda leiht sich 650 Mrd. Schilling.", "650 Mrd. Schilling", "UGX",
        650 * B),
    # ISO codes before and after, scaled codes
    "german_code_before": Case("Der Kredit über NOK 5 Mrd. steht.", "NOK 5 Mrd.", "NOK", 5 * B),
    "german_teur": Case("Der Umsatz lag bei 450 TEUR.", "450 TEUR", "EUR", 450_000),
    "german_code_then_scale": Case("Sie verloren 75 USD Millionen.", "75 USD Millionen", "USD",
                                   75 * M),
    # former currencies by name, and German articles before a currency name
    "german_former_currency": Case("Der Bau kostete 5 Milliarden D-Mark.", "5 Milliarden D-Mark",
                                   "DEM", 5 * B),
    "german_former_currency_cldr_name": Case(
        "Die Bank zahlte 420 Mio. finnische Mark.", "420 Mio. finnische Mark", "FIM", 420 * M),
    "german_article_before_currency_name": Case(
        "Hast du mal einen Euro für mich?", "einen Euro", "EUR", 1),
    # grouping: spaces, dots, apostrophes, crore
    "german_space_grouped": Case("Die Stadt zahlt 850 000 Euro.", "850 000 Euro", "EUR",
                                 850_000),
    "german_space_grouped_code_before": Case(
        "Die Zahlung von CHF 3 500 000 ging ein.", "CHF 3 500 000", "CHF", 3_500_000),
    "german_dotted_millions": Case("Der Umsatz lag bei 4.250.000 Euro.", "4.250.000 Euro", "EUR",
                                   4_250_000),
    "german_apostrophe_grouped": Case(
        "Die Anleihe über CHF 1'250'000 wurde platziert.", "CHF 1'250'000", "CHF", 1_250_000),
    "german_crore_dotted_thousands": Case(
        "Die Mission hat 76.000 Crore Rupien.", "76.000 Crore Rupien", "INR", 760 * B),
    "german_price_style_dash": Case("Das Ticket kostet 25,– Euro.", "25,– Euro", "EUR", 25),
    # negative amounts
    "german_minus_sign_en_dash": Case(
        "Das Ergebnis: –3,4 Mio. Euro.", "–3,4 Mio. Euro", "EUR", -3_400_000),
    "german_minus_sign_hyphen_code": Case(
        "Das EBIT lag bei -182 Mrd. Won.", "-182 Mrd. Won", "KRW", -182 * B),
    "german_minus_word": Case(
        "Der Saldo sank auf minus 2 Millionen Euro.", "minus 2 Millionen Euro", "EUR", -2 * M),
    "german_minus_noun_is_a_plain_number": Case(
        "Es blieb ein Minus von 3 Mio. Euro.", "3 Mio. Euro", "EUR", 3 * M),
    "german_bullet_dash_is_not_a_sign": Case(
        "- 5 Mio. Euro für Schulen", "5 Mio. Euro", "EUR", 5 * M),
    # written out
    "german_written_euro_fuenfzig": Case(
        "Ein Kaffee kostet drei Euro fünfzig.", "drei Euro fünfzig", "EUR", 3.5),
    "german_written_euro_und_cent": Case(
        "Es kostet dreizehn Euro und fünfundvierzig Cent.",
        "dreizehn Euro und fünfundvierzig Cent", "EUR", 13.45),
    "german_written_compound": Case(
        "Sie zahlten achtundsiebzig Millionen Dollar.", "achtundsiebzig Millionen Dollar", "USD",
        78 * M),
    "german_written_hundreds": Case("Das kostet siebenhundert Euro.", "siebenhundert Euro", "EUR",
                                    700),
    "german_written_halves": Case(
        "Er zahlte zweieinhalb Milliarden Euro.", "zweieinhalb Milliarden Euro", "EUR",
        2_500 * M),
    "german_written_digits_and_cents": Case(
        "Es kostet nur 15 Dollar und 15 Cent.", "15 Dollar und 15 Cent", "USD", 15.15),
    # hundredths
    "german_cent": Case("Die Kilowattstunde kostet 3,81 Cent.", "3,81 Cent", "EUR", 0.0381),
    "german_rappen": Case("Der Preis stieg um 20 Rappen.", "20 Rappen", "CHF", 0.2),
    "german_abbreviation_mill": Case("Die Runde brachte 22,5 Mill. Dollar.", "22,5 Mill. Dollar",
                                     "USD", 22_500_000),
    # digit counts
    "german_dreistelliger_millionenbetrag": Case(
        "Sie investiert einen dreistelligen Millionenbetrag.",
        "einen dreistelligen Millionenbetrag", "EUR", 100 * M, 100 * M, 999_999_999, True),
    "german_zweistelliger_milliardenbetrag_in_dollar": Case(
        "Das Paket umfasst einen zweistelligen Milliardenbetrag in Dollar.",
        "einen zweistelligen Milliardenbetrag in Dollar", "USD", 10 * B, 10 * B,
        99_999_999_999, True),
    "german_vague_mehrere_hundert": Case(
        "Die Entwicklung kostet mehrere hundert Millionen Euro.",
        "mehrere hundert Millionen Euro", "EUR", 200 * M, 200 * M, 999_999_999, True),
}

ENGLISH: dict[str, Case] = {
    "english_dollar_billion": Case(
        "OpenAI raised $6.6 billion last week.", "$6.6 billion", "USD", 6_600 * M),
    "english_dollar_bn": Case("OpenAI raised $6.6bn.", "$6.6bn", "USD", 6_600 * M),
    "english_us_dollar_sign": Case(
        "It secured US$500 million in debt.", "US$500 million", "USD", 500 * M),
    "english_usd_code": Case("a USD 500 million loan", "USD 500 million", "USD", 500 * M),
    "english_million_dollars": Case(
        "It paid 500 million dollars for it.", "500 million dollars", "USD", 500 * M),
    "english_us_dollars_words": Case(
        "a loan of 500 million U.S. dollars", "500 million U.S. dollars", "USD", 500 * M),
    "english_euro_bn": Case("The EU pledged €10bn.", "€10bn", "EUR", 10 * B),
    "english_euro_m": Case("a €600m grant", "€600m", "EUR", 600 * M),
    "english_euro_5_8bn": Case("It won €5.8bn in subsidies.", "€5.8bn", "EUR", 5_800 * M),
    "english_euro_109bn": Case("France announced €109bn.", "€109bn", "EUR", 109 * B),
    "english_pound_billion": Case("The UK pledged £2.5 billion.", "£2.5 billion", "GBP",
                                  2_500 * M),
    "english_yen_trillion": Case("Japan set aside ¥1.3 trillion.", "¥1.3 trillion", "JPY",
                                 1_300 * B),
    "english_yen_decimal_billion": Case("a ¥802.5 billion budget", "¥802.5 billion", "JPY",
                                        802_500 * M),
    "english_won_symbol": Case("SK Hynix earmarked ₩7.03 trillion.", "₩7.03 trillion", "KRW",
                               7_030 * B),
    "english_won_word": Case("Samsung will spend 9.1 trillion won.", "9.1 trillion won", "KRW",
                             9_100 * B),
    "english_yuan": Case("a fund of 344 billion yuan", "344 billion yuan", "CNY", 344 * B),
    "english_yuan_decimal": Case("138.7 billion yuan in grants", "138.7 billion yuan", "CNY",
                                 138_700 * M),
    "english_rupee_crore": Case("India approved a ₹76,000 crore scheme.", "₹76,000 crore", "INR",
                                760 * B),
    "english_rs_crore": Case("a Rs 500 crore plant", "Rs 500 crore", "INR", 5 * B),
    "english_rs_thousand_crore": Case("Rs 1,000 crore", "Rs 1,000 crore", "INR", 10 * B),
    "english_lakh_crore": Case("₹1.5 lakh crore", "₹1.5 lakh crore", "INR", 1_500 * B),
    "english_three_decimals": Case("revenue of $7.865 billion", "$7.865 billion", "USD",
                                   7_865 * M),
    "english_35_1_billion": Case("revenue of $35.1 billion", "$35.1 billion", "USD",
                                 35_100 * M),
    "english_thousands_comma": Case("The chip costs $1,700.", "$1,700", "USD", 1_700),
    "english_between_range": Case(
        "He sought between $5 trillion and $7 trillion for chips.",
        "between $5 trillion and $7 trillion", "USD", 5 * T, 5 * T, 7 * T),
    "english_to_range": Case(
        "He sought $5 trillion to $7 trillion for chips.", "$5 trillion to $7 trillion", "USD",
        5 * T, 5 * T, 7 * T),
    "english_dash_range": Case("He sought $5-7 trillion.", "$5-7 trillion", "USD", 5 * T, 5 * T,
                               7 * T),
    "english_to_range_shared_scale": Case(
        "It will cost $20 to $25 billion.", "$20 to $25 billion", "USD", 20 * B, 20 * B, 25 * B),
    "english_range_number_words": Case(
        "one to two billion dollars", "one to two billion dollars", "USD", B, B, 2 * B),
    "english_range_without_scale": Case(
        "GPUs cost $25,000 to $40,000 each.", "$25,000 to $40,000", "USD", 25_000, 25_000,
        40_000),
    "english_tens_of_billions": Case(
        "They spent tens of billions of dollars on GPUs.", "tens of billions of dollars", "USD",
        10 * B, 10 * B, 99_999_999_999, True),
    "english_hundreds_of_millions": Case(
        "hundreds of millions of dollars", "hundreds of millions of dollars", "USD", 100 * M,
        100 * M, 999_999_999, True),
    "english_several_billion": Case(
        "MGX will invest several billion dollars.", "several billion dollars", "USD", 2 * B,
        2 * B, 9_999_999_999, True),
    "english_several_hundred_million": Case(
        "several hundred million euros", "several hundred million euros", "EUR", 200 * M,
        200 * M, 999_999_999, True),
    "english_a_few_billion": Case(
        "It costs a few billion dollars.", "a few billion dollars", "USD", 2 * B, 2 * B,
        9_999_999_999, True),
    "english_billions_of_dollars": Case(
        "They pour billions of dollars into AI.", "billions of dollars", "USD", 2 * B, 2 * B,
        999_999_999_999, True),
    "english_more_than": Case(
        "Amazon will spend more than $100 billion.", "more than $100 billion", "USD", 100 * B,
        100 * B, 199_999_999_999, True),
    "english_nearly": Case("nearly $90 billion", "nearly $90 billion", "USD", 90 * B,
                           approximate=True),
    "english_about": Case("about $1.25 billion", "about $1.25 billion", "USD", 1_250 * M,
                          approximate=True),
    "english_roughly": Case("roughly US$500 million", "roughly US$500 million", "USD", 500 * M,
                            approximate=True),
    "english_around": Case("around $2 billion", "around $2 billion", "USD", 2 * B,
                           approximate=True),
    "english_some": Case("some €4bn of subsidies", "some €4bn", "EUR", 4 * B, approximate=True),
    "english_up_to": Case("It may need up to $3 billion.", "up to $3 billion", "USD", 3 * B,
                          None, 3 * B, True),
    "english_a_little_under": Case("a little under $1 billion", "a little under $1 billion",
                                   "USD", B, None, B, True),
    "english_number_words": Case("five billion dollars", "five billion dollars", "USD", 5 * B),
    "english_one_billion_euros": Case("one billion euros", "one billion euros", "EUR", B),
    "english_a_billion_dollars": Case("It raised a billion dollars.", "a billion dollars",
                                      "USD", B),
    "english_a_hundred_million": Case("a hundred million dollars", "a hundred million dollars",
                                      "USD", 100 * M),
    "english_half_a_billion": Case("half a billion dollars", "half a billion dollars", "USD",
                                   500 * M),
    "english_billion_plus": Case("a $1 billion-plus deal", "$1 billion-plus", "USD", B, B,
                                 1_999_999_999, True),
    "english_sar": Case("PIF launched a SAR 100 billion fund.", "SAR 100 billion", "SAR",
                        100 * B),
    "english_aed": Case("AED 10 billion", "AED 10 billion", "AED", 10 * B),
    "english_cad_symbol": Case("a C$2 billion plan", "C$2 billion", "CAD", 2 * B),
    "english_aud_symbol": Case("a A$1 billion plan", "A$1 billion", "AUD", B),
    "english_twd_symbol": Case("NT$1 trillion", "NT$1 trillion", "TWD", T),
    "english_hkd_symbol": Case("HK$10 billion", "HK$10 billion", "HKD", 10 * B),
    "english_sgd_symbol": Case("S$5 billion", "S$5 billion", "SGD", 5 * B),
    "english_chf_code": Case("CHF 1 billion", "CHF 1 billion", "CHF", B),
    "english_canadian_dollars": Case("2 billion Canadian dollars", "2 billion Canadian dollars",
                                     "CAD", 2 * B),
    "english_new_taiwan_dollars": Case(
        "1 trillion New Taiwan dollars", "1 trillion New Taiwan dollars", "TWD", T),
    "english_pounds_sterling": Case("10 million pounds sterling", "10 million pounds sterling",
                                    "GBP", 10 * M),
    "english_pounds_after_scale": Case("10 million pounds", "10 million pounds", "GBP", 10 * M),
    "english_cldr_brazilian_reals": Case("5 billion Brazilian reals", "5 billion Brazilian reals",
                                         "BRL", 5 * B),
    "english_capital_b": Case("a $5B deal", "$5B", "USD", 5 * B),
    "english_k": Case("a $50k grant", "$50k", "USD", 50_000),
    # every currency in use, from CLDR and money.yaml
    "english_cldr_norwegian_kroner": Case(
        "The fund lost 120 billion Norwegian kroner.", "120 billion Norwegian kroner", "NOK",
        120 * B),
    "english_local_plural_reais": Case("Embraer booked 4 billion reais.", "4 billion reais", "BRL",
                                       4 * B),
    "english_local_plural_kronor": Case("Volvo set aside 2 billion kronor.", "2 billion kronor",
                                        "SEK", 2 * B),
    "english_u_dollar": Case("The deal was worth U$ 1.7 billion.", "U$ 1.7 billion", "USD",
                             1_700 * M),
    "english_naira_sign": Case("Lagos approved ₦412 billion.", "₦412 billion", "NGN", 412 * B),
    "english_ksh": Case("Nairobi raised KSh 650 million.", "KSh 650 million", "KES", 650 * M),
    "english_rp": Case("Jakarta budgets Rp 58.3 trillion.", "Rp 58.3 trillion", "IDR",
                       58_300 * B),
    "english_rand_glued_needs_country": Case(
        "South Africa's Eskom got R120 million.", "R120 million", "ZAR", 120 * M),
    "english_rs_in_pakistan": Case(
        "Pakistan's budget sets aside Rs 500 billion.", "Rs 500 billion", "PKR", 500 * B),
    "english_pounds_in_egypt": Case(
        "In Cairo, Egypt, the plant costs 5 billion pounds.", "5 billion pounds", "EGP", 5 * B),
    "english_code_glued_before": Case("He paid USD115 for it.", "USD115", "USD", 115),
    "english_code_glued_after": Case("He paid 115.5USD for it.", "115.5USD", "USD", 115.5),
    "english_code_that_needs_a_scale": Case(
        "Manila approved PHP 1.2 billion.", "PHP 1.2 billion", "PHP", 1_200 * M),
    "english_letter_scale_then_code": Case("It raised 5m EUR in March.", "5m EUR", "EUR", 5 * M),
    "english_meur": Case("The client expects 120 MEUR.", "120 MEUR", "EUR", 120 * M),
    "english_former_currency": Case(
        "It sold 250 million Dutch guilders of bonds.", "250 million Dutch guilders", "NLG",
        250 * M),
    "english_former_currency_noun_alone": Case(
        "Zeta subscribed 6.65 billion pesetas.", "6.65 billion pesetas", "ESP", 6_650 * M),
    "english_half_million": Case("It costs half million dollars.", "half million dollars", "USD",
                                 500_000),
    "english_three_quarters_billion": Case(
        "It costs three quarters of a billion dollars.", "three quarters of a billion dollars",
        "USD", 750 * M),
    # grouping
    "english_space_grouped_sek": Case(
        "Costs rose to SEK 1 250 000 000 last year.", "SEK 1 250 000 000", "SEK", 1_250 * M),
    "english_rs_crore_thousands": Case("Tata committed Rs 1,200 crore.", "Rs 1,200 crore", "INR",
                                       12 * B),
    "english_lakh_rupees": Case("a loan of 35 lakh rupees", "35 lakh rupees", "INR", 3_500_000),
    "english_thousand_zeros_in_german_style": Case(
        "It invested €1.000 in total.", "€1.000", "EUR", 1_000),
    # negative amounts
    "english_minus_before_symbol": Case("The loss was -€2.4 million.", "-€2.4 million", "EUR",
                                        -2_400_000),
    "english_minus_after_symbol": Case("The unit made €-1.1 million.", "€-1.1 million", "EUR",
                                       -1_100_000),
    "english_minus_after_r_dollar": Case("Petrobras booked R$ -86 million.", "R$ -86 million",
                                         "BRL", -86 * M),
    "english_minus_code_before": Case("It lost CHF -6.8 million.", "CHF -6.8 million", "CHF",
                                      -6_800_000),
    "english_minus_word": Case("Net cash was minus $3 million.", "minus $3 million", "USD",
                               -3 * M),
    # written out
    "english_written_two_million": Case("It costs two million dollars.", "two million dollars",
                                        "USD", 2 * M),
    "english_written_hundred_and_fifty": Case(
        "one hundred and fifty million euros", "one hundred and fifty million euros", "EUR",
        150 * M),
    "english_written_hyphenated": Case(
        "twenty-five billion dollars", "twenty-five billion dollars", "USD", 25 * B),
    "english_written_and_a_half": Case(
        "two and a half billion dollars", "two and a half billion dollars", "USD", 2_500 * M),
    "english_written_dollars_and_cents": Case(
        "It cost thirteen dollars and forty-five cents.",
        "thirteen dollars and forty-five cents", "USD", 13.45),
    "english_dollars_and_bare_cents": Case("It costs 15 dollars 50.", "15 dollars 50", "USD",
                                           15.5),
    "english_quarter_million": Case(
        "It costs a quarter million dollars.", "a quarter million dollars", "USD", 250_000),
    # hundredths
    "english_cents": Case("The shares fell 34 cents.", "34 cents", "USD", 0.34),
    "english_pence": Case("Shares closed at 197 pence.", "197 pence", "GBP", 1.97),
    # digit counts
    "english_nine_figure_sum": Case(
        "The club paid a nine-figure sum.", "a nine-figure sum", "USD", 100 * M, 100 * M,
        999_999_999, True),
    "english_seven_figure_deal_in_pounds": Case(
        "He signed a seven-figure pound deal.", "a seven-figure pound deal", "GBP", M, M,
        9_999_999, True),
}


def _check(text: str, language: str, case: Case) -> None:
    found = find_amounts(text, language)
    assert len(found) == 1, found
    span = found[0]
    assert span.text == case.span
    assert text[span.start:span.end] == span.text
    assert span.currency == case.currency
    assert span.value == case.value
    assert type(span.value) is type(case.value)
    assert span.min == case.min
    assert span.max == case.max
    assert span.approximate is case.approximate


@pytest.mark.parametrize("case", GERMAN.values(), ids=GERMAN.keys())
def test_german(case: Case) -> None:
    _check(case.text, "de", case)


@pytest.mark.parametrize("case", ENGLISH.values(), ids=ENGLISH.keys())
def test_english(case: Case) -> None:
    _check(case.text, "en", case)


NOT_MONEY: dict[str, tuple[str, str]] = {
    "percent_de": ("Der Umsatz stieg um 20 Prozent.", "de"),
    "percent_en": ("Revenue rose 94% from a year earlier.", "en"),
    "gigawatt": ("Das Rechenzentrum braucht 1 Gigawatt.", "de"),
    "gw": ("a 2 GW campus", "en"),
    "mw": ("a 300 MW facility", "en"),
    "nanometer_compound": ("im 3-Nanometer-Verfahren", "de"),
    "nm": ("on 28nm processes", "en"),
    "nanometern": ("mit 14 Nanometern", "de"),
    "jobs": ("Es entstehen 2000 Arbeitsplätzen.", "de"),
    "gpus": ("100,000 GPUs will be installed.", "en"),
    "h200": ("50.000 H200 wurden geliefert.", "de"),
    "shares": ("10 million shares were sold.", "en"),
    "year": ("Die Fabrik soll 2027 öffnen.", "de"),
    "im_jahr": ("im Jahr 2030", "de"),
    "date": ("Am 20.08.2024 stimmte der Bundestag ab.", "de"),
    "flops": ("trained with 10^26 operations", "en"),
    "series": ("in its Series E round", "en"),
    "days": ("within 120 days", "en"),
    "gigabytes": ("141GB of memory", "en"),
    "won_symbol_alone": ("Der ₩ fiel.", "de"),
    "milliarden_spirale": ("eine Milliarden-Spirale", "de"),
    "milliardenhilfe": ("eine Milliardenhilfe für Intel", "de"),
    "staaten": ("42 befreundete Staaten", "de"),
    "stimmen": ("mit 523 zu 46 Stimmen", "de"),
    "scale_without_currency": ("der 39 Milliarden Menschen", "de"),
    "compound_without_number": ("ein Milliarden-Euro-Projekt", "de"),
    "euro_milliarden": ("Euro-Milliarden für Chips", "de"),
    "ein_milliarden_dollar_deal": ("ein Milliarden-Dollar-Deal", "de"),
    "a_billion_dollar_deal": ("a billion-dollar deal", "en"),
    "won_verb": ("they won 3 contracts", "en"),
    "won_verb_after_year": ("The team that in 2023 won the prize", "en"),
    "pounds_weight": ("a rack of 500 pounds", "en"),
    "currency_word_alone": ("Der Dollar fiel gegenüber dem Euro.", "de"),
    "number_before_euro_compound": ("bis 2030 Euro-Anleihen begeben", "de"),
    "article_before_euro_compound": ("ein Euro-Land", "de"),
    "europe": ("Europe gets 5 billion", "en"),
    "lower_case_code": ("we try 5 million try", "en"),
    "iso_code_that_is_a_word": ("ALL 5 solutions are wrong. All 70 of us.", "en"),
    "iso_code_of_a_chip_maker": ("AMD 5 billion transistors", "en"),
    "football_club": ("Der FC 1860 spielt.", "de"),
    "code_that_is_a_product_name": ("We upgraded to PHP 8.3 and PHP 7.", "en"),
    "connecticut_is_not_a_cent": ("the 5 CT plants", "en"),
    "letter_before_number_without_country": ("R120 million rows were scanned.", "en"),
    "letter_model_names": ("K2, Q3 2024, G7 and S21 were discussed.", "en"),
    "sum_is_not_the_som": ("a 5 billion sum was paid", "en"),
    "marks_are_not_money_alone": ("the project got 2 marks", "en"),
    "cent_rapper": ("50 Cent performed for 5,000 fans.", "en"),
    "per_cent": ("Revenue rose 5 per cent.", "en"),
    "english_article_before_currency_name": ("The euro fell against a dollar index.", "en"),
    "prozent_minus": ("Der Umsatz sank um minus 3 Prozent.", "de"),
    "years_range_before_words": ("Zwischen 2019 und 2023 wuchs der Markt.", "de"),
    "written_number_without_currency": ("Es kamen zweihundertfünfzig Menschen.", "de"),
    "figure_without_sum": ("a six-figure audience watched", "en"),
    "space_grouping_of_years": ("Im Jahr 2024 500 Mitarbeiter", "de"),
    "empty": ("", "de"),
}


@pytest.mark.parametrize(("text", "language"), NOT_MONEY.values(), ids=NOT_MONEY.keys())
def test_not_money(text: str, language: str) -> None:
    assert find_amounts(text, language) == []


NUMBER_WORDS = {
    "de": ["eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
           "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn",
           "achtzehn", "neunzehn", "zwanzig"],
    "en": ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
           "eighteen", "nineteen", "twenty"],
}
TENS = {
    "de": ["dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig",
           "hundert"],
    "en": ["thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "a hundred"],
}
WORD_CASES = [
    (lang, word, n) for lang, words in NUMBER_WORDS.items() for n, word in enumerate(words, 1)
] + [
    (lang, word, 10 * n) for lang, words in TENS.items() for n, word in enumerate(words, 3)
]


@pytest.mark.parametrize(("language", "word", "number"), WORD_CASES,
                         ids=[f"{lang}_{word}" for lang, word, _ in WORD_CASES])
def test_number_words(language: str, word: str, number: int) -> None:
    scaled = f"{word} Millionen Euro" if language == "de" else f"{word} million euros"
    found = find_amounts(f"Es geht um {scaled}.", language)
    assert [(s.text, s.value) for s in found] == [(scaled, number * M)]
    bare = f"{word} Euro" if language == "de" else f"{word} euros"
    assert [s.value for s in find_amounts(bare, language)] == [number]


def test_repeated_amounts_are_all_returned() -> None:
    text = "Intel erhält 10 Milliarden Euro. Später flossen erneut 10 Milliarden Euro."
    found = find_amounts(text)
    assert [s.text for s in found] == ["10 Milliarden Euro", "10 Milliarden Euro"]
    assert found[0].start < found[1].start


def test_order_of_appearance_and_mixed_currencies() -> None:
    text = ("Samsung will 360 Billionen Won investieren, Intel 30 Milliarden Dollar und die EU "
            "mehrere Milliarden Euro; Japan gibt ¥3.9 trillion.")
    found = find_amounts(text, "de")
    assert [(s.currency, s.value) for s in found] == [
        ("KRW", 360 * T), ("USD", 30 * B), ("EUR", 2 * B), ("JPY", 3_900 * B)]


def test_range_wins_over_its_parts() -> None:
    found = find_amounts("between $5 trillion and $7 trillion", "en")
    assert len(found) == 1
    assert (found[0].min, found[0].max) == (5 * T, 7 * T)


def test_change_from_to_is_two_amounts() -> None:
    found = find_amounts("Capex rose from $50bn to $70bn this year.", "en")
    assert [(s.text, s.value) for s in found] == [("$50bn", 50 * B), ("$70bn", 70 * B)]


def test_descending_pair_is_two_amounts() -> None:
    found = find_amounts("cut $5 billion to $3 billion", "en")
    assert [s.value for s in found] == [5 * B, 3 * B]
    assert all(s.min is None for s in found)


def test_language_decides_ambiguous_grouping() -> None:
    assert find_amounts("1.500 Euro", "en")[0].value == 1.5
    assert find_amounts("1.500 Euro", "de")[0].value == 1_500
    assert find_amounts("$1,700", "de")[0].value == 1.7
    assert find_amounts("$1,700", "en")[0].value == 1_700
    # a scale word settles it whatever the language
    assert find_amounts("4,745 Mrd. Euro", "en")[0].value == 4_745 * M
    assert find_amounts("$7.865 billion", "de")[0].value == 7_865 * M


def test_capital_billion_follows_language() -> None:
    assert find_amounts("$1 Billion", "en")[0].value == B
    assert find_amounts("1 Billion Dollar", "de")[0].value == T
    assert find_amounts("$1 billion", "de")[0].value == B


def test_indian_grouping() -> None:
    assert find_amounts("₹1,00,000", "en")[0].value == 100_000


def test_case_insensitive_fallback_text() -> None:
    # "İ".lower() is two characters long: offsets must still be those of the input
    text = "İSTANBUL: Die Türkei gibt 5 Milliarden Dollar aus."
    found = find_amounts(text)
    assert [(s.text, s.value) for s in found] == [("5 Milliarden Dollar", 5 * B)]
    assert text[found[0].start:found[0].end] == found[0].text


def test_amount_in_long_text_far_from_start() -> None:
    filler = "Der Ausschuss beriet lange über die Lage der Halbleiterbranche. " * 40
    text = filler + "Am Ende standen 12 Milliarden Euro im Raum. " + filler
    found = find_amounts(text)
    assert [s.text for s in found] == ["12 Milliarden Euro"]


def test_every_cldr_currency_name_is_found() -> None:
    for code, entry in cldr().items():
        for name in entry["names"]["de"] + entry["names"]["en"]:
            text = f"Es geht um 5 Milliarden {name} insgesamt."
            found = find_amounts(text)
            assert [s.text for s in found] == [f"5 Milliarden {name}"], name
            assert found[0].currency == code or code in ambiguous_codes(name), name


def ambiguous_codes(name: str) -> list[str]:
    return [code for code, entry in cldr().items()
            if name in entry["names"]["de"] + entry["names"]["en"]]


def test_every_symbol_is_found() -> None:
    for symbol, (codes, kind, context, mult) in currencies._tables().symbols.items():
        if context or kind != "symbol":
            continue
        found = find_amounts(f"It raised {symbol}5 billion in total.", "en")
        assert [(s.currency, s.value) for s in found] == [(codes[0], 5 * B * mult)], symbol


def test_money_span_is_frozen() -> None:
    span = MoneySpan(0, 3, "€5m", "EUR", 5 * M)
    with pytest.raises(AttributeError):
        span.value = 1  # type: ignore[misc]


def _assert_consistent(text: str, found: list[MoneySpan]) -> None:
    end = 0
    for span in found:
        assert text[span.start:span.end] == span.text
        assert span.start >= end
        end = span.end
        assert span.value >= 0 or any(sign in text for sign in ("-", "–", "−", "minus"))
        if span.min is not None:
            assert span.min <= span.value
        if span.max is not None:
            assert span.max >= span.value


@settings(max_examples=300)
@given(st.text(), st.sampled_from(["de", "en"]))
def test_never_raises_on_arbitrary_text(text: str, language: str) -> None:
    _assert_consistent(text, find_amounts(text, language))


_TOKENS = [
    "5", "1,5", "1.500", "4,745", "1,00,000", "20.08.2024", "10^26", "0", "007", "1 500",
    "sieben", "eine", "a", "half a", "several", "tens of", "mehreren", "zehn", "hundert",
    "Milliarden", "Mrd.", "bn", "m", "billion", "Billion", "Billionen", "crore", "lakh crore",
    "Dollar", "dollars", "Euro", "€", "$", "US$", "NT$", "₩", "¥", "won", "pounds", "USD", "usd",
    "Rs", "bis", "to", "and", "between", "zwischen", "-", "–", "from", "über", "rund",
    "more than", "up to", "-plus", "+", "of", "Auftrag", "Prozent", "%", ".", ",", "\n", "İ",
]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_TOKENS), max_size=14),
       st.lists(st.sampled_from([" ", "", " ", "\u00a0"]), min_size=14, max_size=14),
       st.sampled_from(["de", "en"]))
def test_never_raises_on_money_like_text(tokens: list[str], seps: list[str],
                                         language: str) -> None:
    text = "".join(tok + sep for tok, sep in zip(tokens, seps, strict=False))
    _assert_consistent(text, find_amounts(text, language))


def test_same_amounts_without_ahocorasick(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [(c.text, "de") for c in GERMAN.values()] + [(c.text, "en") for c in ENGLISH.values()]
    expected = [find_amounts(text, lang) for text, lang in texts]
    monkeypatch.setattr(currencies, "_automaton", lambda: None)
    assert [find_amounts(text, lang) for text, lang in texts] == expected
