"""Numbers as news text writes them: digit groupings and spelled-out numbers, both languages."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.extraction.amounts import find_amounts
from generator.extraction.numbers import Reject, parse_digits, parse_words

GERMAN_WORDS = {
    "fünfundzwanzig": 25,
    "achtundsiebzig": 78,
    "einundzwanzig": 21,
    "siebenhundert": 700,
    "einhundert": 100,
    "hundert": 100,
    "zwölfhundert": 1200,
    "eintausend": 1000,
    "zweihundertfünfzigtausend": 250_000,
    "zweihundertfünfundzwanzigtausenddreihundertzwölf": 225_312,
    "dreißig": 30,
    "dreissig": 30,
    "zweieinhalb": 2.5,
    "eineinhalb": 1.5,
    "anderthalb": 1.5,
}
ENGLISH_WORDS = {
    "twenty-five": 25,
    "twenty five": 25,
    "forty-five": 45,
    "thirteen": 13,
    "a hundred": 100,
    "one hundred and fifty": 150,
    "two hundred and fifty thousand": 250_000,
    "one hundred twenty-three thousand four hundred fifty-six": 123_456,
    "two and a half": 2.5,
    "a thousand": 1000,
}


@pytest.mark.parametrize(("words", "value"), GERMAN_WORDS.items(), ids=GERMAN_WORDS.keys())
def test_german_number_words(words: str, value: float) -> None:
    assert parse_words(words) == Decimal(str(value))


@pytest.mark.parametrize(("words", "value"), ENGLISH_WORDS.items(), ids=ENGLISH_WORDS.keys())
def test_english_number_words(words: str, value: float) -> None:
    assert parse_words(words) == Decimal(str(value))


NOT_NUMBERS = ["ein", "zwei drei", "one two", "two and three", "und", "and", "a",
               "hundred hundred", "tausendtausend", "and fifty", "fünf und"]


@pytest.mark.parametrize("words", NOT_NUMBERS)
def test_not_a_spelled_out_number(words: str) -> None:
    with pytest.raises(Reject):
        parse_words(words)


DIGITS = [
    ("1.500", "de", "1500"), ("1.500", "en", "1.5"), ("1,500", "en", "1500"),
    ("1,500", "de", "1.5"), ("76.000", "en", "76000"), ("1,000", "de", "1000"),
    ("4.250.000", "en", "4250000"), ("1 250 000 000", "en", "1250000000"),
    ("850 000", "de", "850000"), ("1'250'000.50", "de", "1250000.50"),
    ("12,34,567.89", "en", "1234567.89"), ("1.234,56", "en", "1234.56"),
    ("1,234.56", "de", "1234.56"), ("0,500", "de", "0.500"), ("4,745", "de", "4.745"),
]


@pytest.mark.parametrize(("text", "language", "value"), DIGITS)
def test_digit_groupings(text: str, language: str, value: str) -> None:
    assert parse_digits(text, language) == Decimal(value)


@pytest.mark.parametrize("text", ["20.08.2024", "1.2.3", "12,3456,7", "1 23 456"])
def test_malformed_digits(text: str) -> None:
    with pytest.raises(Reject):
        parse_digits(text, "de")


# Each locale's own way of writing a number, and the article language that reads it alike
# (the decimal mark: a comma in German, French and Swedish, a point in English and Swiss).
LOCALES = {"de": "de", "fr": "de", "sv": "de", "en": "en", "en_IN": "en",
           "pl": "de"}


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**11, places=2, allow_nan=False,
                   allow_infinity=False),
       st.sampled_from(sorted(LOCALES)))
def test_any_number_formatted_in_a_locales_style_round_trips(number: Decimal,
                                                              locale: str) -> None:
    language = LOCALES[locale]
    written = format_decimal(number, locale=locale)
    # three decimals would be ambiguous with a grouping ("1.500"); two never are
    found = find_amounts(f"Es geht um {written} EUR.", language)
    assert len(found) == 1, (written, found)
    assert math.isclose(found[0].value, float(number), rel_tol=1e-12), (written, found)
    assert found[0].currency == "EUR"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999_999))
def test_any_number_spelled_out_round_trips(number: int) -> None:
    assert parse_words(_english(number)) == number
    assert parse_words(_german(number)) == number


_EN_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
             "eighteen", "nineteen"]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_DE_UNITS = ["", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
             "zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn",
             "achtzehn", "neunzehn"]
_DE_TENS = ["", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig",
            "neunzig"]


def _english(n: int) -> str:
    """n in English words (a reference written for the test, not the parser's tables)."""
    def below_thousand(k: int) -> list[str]:
        words = []
        if k >= 100:
            words += [_EN_UNITS[k // 100], "hundred"]
            k %= 100
            if k:
                words.append("and")
        if k >= 20:
            words.append(_EN_TENS[k // 10] + (f"-{_EN_UNITS[k % 10]}" if k % 10 else ""))
        elif k:
            words.append(_EN_UNITS[k])
        return words
    thousands, rest = divmod(n, 1000)
    words = [*below_thousand(thousands), "thousand"] if thousands else []
    return " ".join(words + below_thousand(rest))


def _german(n: int) -> str:
    """n in German words, written as one word."""
    def below_thousand(k: int, last: bool) -> str:
        out = ""
        if k >= 100:
            out += ("ein" if k // 100 == 1 else _DE_UNITS[k // 100]) + "hundert"
            k %= 100
        if k >= 20:
            unit = k % 10
            out += (("ein" if unit == 1 else _DE_UNITS[unit]) + "und" if unit else "")
            out += _DE_TENS[k // 10]
        elif k:
            out += "eins" if k == 1 and last else ("ein" if k == 1 else _DE_UNITS[k])
        return out
    thousands, rest = divmod(n, 1000)
    head = below_thousand(thousands, False) + "tausend" if thousands else ""
    return head + below_thousand(rest, True)
