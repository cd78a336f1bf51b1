"""Money and actors as the site shows them: compact figures in one style, salience order."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.display import (
    compact,
    distinct_amounts,
    money,
    money_usd,
    money_with_usd,
    salient,
    sort_number,
)
from generator.models import Actor, Amount


@pytest.mark.parametrize(("value", "shown", "rough"), [
    (226_000_000_000, "226 bn", "226 bn"),
    (1_250_000_000, "1.25 bn", "1.2 bn"),
    (18_800_000_000, "18.8 bn", "19 bn"),
    (8_778_000_000, "8.78 bn", "8.8 bn"),
    (99_999_999_999, "100 bn", "100 bn"),
    (999_700_000_000, "1 tn", "1 tn"),
    (1_300_000_000_000, "1.3 tn", "1.3 tn"),
    (450_000_000, "450 m", "450 m"),
    (38_000_000, "38 m", "38 m"),
    (12_500, "12,500", "12,500"),
    (7.5, "7.5", "7.5"),
    (0, "0", "0"),
    (-5_000_000_000, "-5 bn", "-5 bn"),
])
def test_compact_figures_have_a_unit_and_no_stray_decimals(value: float, shown: str,
                                                           rough: str) -> None:
    assert compact(value) == shown
    assert compact(value, rough=True) == rough


def test_odd_numbers_are_written_out() -> None:
    assert compact(None) == ""
    assert compact(float("nan")) == "nan"
    assert compact(10**400).startswith("1000")
    assert money(Amount("a lot", 10**400, "EUR", min=10**400, max=2 * 10**400)).startswith(
        "EUR 1000")


@pytest.mark.parametrize(("amount", "shown"), [
    (Amount("$39bn", 39e9, "USD"), "USD 39 bn"),
    (Amount("rund elf Milliarden Euro", 11e9, "EUR", approximate=True), "about EUR 11 bn"),
    (Amount("fünf bis sieben Milliarden Euro", 5e9, "EUR", min=5e9, max=7e9), "EUR 5–7 bn"),
    (Amount("between $500m and $1.2bn", 5e8, "USD", min=5e8, max=1.2e9),
     "USD 500 m – 1.2 bn"),
    (Amount("tens of billions of dollars", 1e10, "USD", min=1e10, max=99_999_999_999,
            approximate=True), "USD 10–100 bn"),
    (Amount("bis zu 100 Milliarden Dollar", 1e11, "USD", max=1e11, approximate=True),
     "up to USD 100 bn"),
    (Amount("mehr als zehn Milliarden Euro", 1e10, "EUR", min=1e10, max=19_999_999_999,
            approximate=True), "over EUR 10 bn"),
    (Amount("more than $18.8bn", 18.8e9, "USD", min=18.8e9, max=18_899_999_999,
            approximate=True), "over USD 18.8 bn"),
    (Amount("at least €2bn", 2e9, "EUR", min=2e9, approximate=True), "at least EUR 2 bn"),
    (Amount("76.000 Crore Rupien", 760e9, "INR"), "INR 760 bn"),
])
def test_values_ranges_and_approximations_in_one_style(amount: Amount, shown: str) -> None:
    assert money(amount) == shown


def test_dollar_values_are_converted_roughly_in_the_same_style() -> None:
    crore = Amount("76.000 Crore Rupien", 760e9, "INR")
    assert money_usd(crore, 760e9 * 0.01155) == "USD 8.8 bn"
    assert money_with_usd(crore, 760e9 * 0.01155) == "INR 760 bn (about USD 8.8 bn)"
    eur = Amount("€200 billion", 200e9, "EUR")
    assert money_with_usd(eur, 226e9) == "EUR 200 bn (about USD 226 bn)"
    upto = Amount("bis zu 8,1 Milliarden Euro", 8.1e9, "EUR", max=8.1e9, approximate=True)
    assert money_with_usd(upto, 8.1e9 * 1.13) == "up to EUR 8.1 bn (up to USD 9.2 bn)"
    span = Amount("fünf bis sieben Milliarden Euro", 5e9, "EUR", min=5e9, max=7e9)
    assert money_usd(span, 5e9 * 1.13) == "USD 5.6–7.9 bn"
    dollars = Amount("$5bn", 5e9, "USD")
    assert money_with_usd(dollars, 5e9) == "USD 5 bn"
    assert money_usd(eur, None) == "" and money_with_usd(eur, None) == "EUR 200 bn"


@given(st.floats(min_value=1, max_value=1e15, allow_nan=False))
def test_compact_stays_within_half_a_percent_and_three_digits(value: float) -> None:
    text = compact(value)
    number, _, unit = text.partition(" ")
    scale = {"": 1, "m": 1e6, "bn": 1e9, "tn": 1e12}[unit]
    read = float(number.replace(",", "")) * scale
    assert math.isclose(read, value, rel_tol=5e-3, abs_tol=0.5)
    if unit:
        assert len(number.replace(".", "").replace(",", "").lstrip("0")) <= 4
        assert 1 <= float(number.replace(",", "")) < 1000 or unit == "tn"


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e18, max_value=1e18))
def test_sort_numbers_read_back_as_the_value(value: float) -> None:
    assert math.isclose(float(sort_number(value)), value, rel_tol=1e-12, abs_tol=0.5)


def test_one_amount_per_distinct_value_keeping_a_subject() -> None:
    first = Amount("$500 billion", 500e9, "USD", evidence="a")
    again = Amount("500 Milliarden Dollar", 500e9, "USD", subject="Stargate", evidence="b")
    other = Amount("€500 billion", 500e9, "EUR")
    kept = distinct_amounts([first, again, other])
    assert [a.text for a in kept] == ["$500 billion", "€500 billion"]
    assert kept[0].subject == "Stargate" and kept[0].evidence == "a"


def test_salience_puts_people_and_organisations_before_countries() -> None:
    actors = [Actor("Canada", "country", mentions=5), Actor("Sam Altman", "person", mentions=3),
              Actor("CFIUS", "government", mentions=2), Actor("OpenAI", "organization",
                                                             mentions=12),
              Actor("Microsoft", "organization", mentions=1),
              Actor("Jason Kwon", "person", mentions=1)]
    assert [a.name for a in salient(actors)] == [
        "OpenAI", "Sam Altman", "Microsoft", "Jason Kwon", "CFIUS", "Canada"]
