"""Currency data (CLDR table, money.yaml), which currency a shared form means, one item per sum."""

from __future__ import annotations

from pathlib import Path

import babel
import pytest
import yaml

from generator.errors import ConfigError
from generator.extract import extract
from generator.extraction import cldr_money, moneydata
from generator.extraction.amounts import find_amounts


def _currencies(text: str, language: str = "de") -> list[str]:
    return [span.currency for span in find_amounts(text, language)]


def test_cldr_table_is_what_babel_gives() -> None:
    recorded = moneydata.CLDR_PATH.read_text(encoding="utf-8")
    if f'"babel": "{babel.__version__}"' not in recorded.splitlines()[0]:
        pytest.skip("another babel than the one the table was made with")
    assert cldr_money.text() == recorded, \
        "run: python -m generator.extraction.cldr_money"


def test_cldr_table_has_every_currency_in_use_with_both_languages() -> None:
    table = moneydata.cldr()
    assert {"EUR", "USD", "THB", "NOK", "BRL", "PLN", "NAD", "HUF", "KES", "NGN"} <= set(table)
    for code, entry in table.items():
        if entry.get("in_use", True):
            assert entry["names"]["de"] and entry["names"]["en"], code
    assert table["DEM"]["in_use"] is False and "Deutsche Mark" in table["DEM"]["names"]["de"]
    assert "reais" in table["BRL"]["local"]
    assert "kronor" in table["SEK"]["local"]
    assert "zł" in table["PLN"]["symbols"]


# ---------------------------------------------------------------------------------------------
# A form several currencies share


@pytest.mark.parametrize(("text", "language", "currency"), [
    ("Der Konzern aus Schweden meldet 45 Mio. Kronen Verlust.", "de", "SEK"),
    ("Der dänische Konzern meldet 45 Mio. Kronen Verlust.", "de", "DKK"),
    ("Der Konzern meldet 45 Mio. Kronen Verlust.", "de", "SEK"),  # the default
    ("Die Anleihe lautet auf NOK. Der Konzern zahlt 45 Mio. Kronen.", "de", "NOK"),
    ("The Norwegian group paid 45 million crowns.", "en", "NOK"),
    ("The Czech carmaker pays 2 billion crowns.", "en", "CZK"),
    ("Mexico's Pemex lost 50 billion pesos.", "en", "MXN"),
    ("Argentina's YPF lost 50 billion pesos.", "en", "ARS"),
    ("In Indien kostet das 500 Crore Rupien.", "de", "INR"),
    ("In Sri Lanka kostet das Rs 500 million.", "en", "LKR"),
    ("Qatar's QIA put 2 billion riyals in.", "en", "QAR"),
    ("Kenya's Safaricom raised 5 billion shillings.", "en", "KES"),
    ("Uganda's MTN raised 5 billion shillings.", "en", "UGX"),
    ("Stockholm: Die Firma zahlt 5 Mio. kr, in Schweden.", "de", "SEK"),
])
def test_the_article_settles_a_shared_form(text: str, language: str, currency: str) -> None:
    assert _currencies(text, language)[-1:] == [currency]


def test_a_form_without_default_needs_the_country() -> None:
    # "dinars" are Kuwaiti, Algerian, Iraqi, ... money.yaml names no default
    assert _currencies("The bank lent 5 billion dinars.", "en") == []
    assert _currencies("Kuwait's bank lent 5 billion Kuwaiti dinars.", "en") == ["KWD"]
    assert _currencies("In Algeria, the bank lent 5 billion dinars.", "en") == ["DZD"]


def test_dollar_and_dollar_sign_are_always_us_dollars() -> None:
    assert _currencies("Canada's Ottawa pledged $2 billion.", "en") == ["USD"]
    assert _currencies("Kanada gibt 2 Milliarden Dollar.", "de") == ["USD"]
    assert _currencies("Kanada gibt 2 Milliarden kanadische Dollar.", "de") == ["CAD"]


# ---------------------------------------------------------------------------------------------
# money.yaml is checked


def _broken(tmp_path: Path, change: str, old: str) -> ConfigError:
    text = moneydata.MONEY_PATH.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, change, 1)
    path = tmp_path / "money.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        moneydata.check(yaml.safe_load(text), set(moneydata.cldr()), text, path)
    return info.value


def test_an_unknown_currency_code_is_a_path_line_error(tmp_path: Path) -> None:
    error = _broken(tmp_path, "  kroner: [NOK, DKX]", "  kroner: [NOK, DKK]")
    assert str(error).startswith(f"{tmp_path / 'money.yaml'}:")
    assert "'DKX' under 'kroner' is not an ISO 4217 code" in str(error)
    assert error.line is not None
    line = (tmp_path / "money.yaml").read_text(encoding="utf-8").splitlines()[error.line - 1]
    assert line.startswith("  kroner:")


def test_a_misspelt_section_is_an_error(tmp_path: Path) -> None:
    error = _broken(tmp_path, "commonwords:", "common_words:")
    assert "section 'common_words' is missing" in str(error)


def test_a_scale_without_multiplier_is_an_error(tmp_path: Path) -> None:
    error = _broken(tmp_path, "    crore: [zehn, \"-\"]", "    crore: [1e7, \"-\"]")
    assert "scale 'crore' needs [multiplier, de|en|-]" in str(error)
    assert error.line is not None


def test_the_bundled_money_yaml_is_valid() -> None:
    data = moneydata.money()
    assert data["fixed"]["$"] == "USD"


# ---------------------------------------------------------------------------------------------
# The same sum twice is one item (generator/extract.py, _amounts)


def _amounts(body: str, language: str = "de") -> list[tuple[str, float | int, float | int | None]]:
    title = "Ein Bericht" if language == "de" else "A report"
    brief = extract(f"{title}\n\n{body}\n", source="seeds/x.txt", slug="x")
    return [(a.text, a.value, a.min) for a in brief.amounts]


def test_an_exact_amount_equal_to_a_more_than_bound_is_one_item() -> None:
    assert _amounts("Der Bund gibt mehr als 500 Millionen Euro. Die 500 Millionen Euro fließen "
                    "2026.") == [("mehr als 500 Millionen Euro", 500_000_000, 500_000_000)]
    assert _amounts("The state gives $100 billion. More than $100 billion will follow.",
                    "en") == [("$100 billion", 100_000_000_000, None)]


def test_up_to_and_the_same_exact_amount_are_one_item() -> None:
    assert [a[0] for a in _amounts("Es gibt bis zu 4 Mrd. Euro. Die 4 Mrd. Euro kommen.")] == \
        ["bis zu 4 Mrd. Euro"]


def test_the_same_amount_written_differently_is_one_item() -> None:
    assert [a[0] for a in _amounts("It raised $5 billion. The 5 billion dollars came in "
                                   "March.", "en")] == ["$5 billion"]


def test_a_vague_amount_is_not_the_exact_amount_at_its_lower_bound() -> None:
    found = _amounts("Das kostet mehrere Milliarden Euro. Der Bund gibt 2 Milliarden Euro.")
    assert [a[0] for a in found] == ["mehrere Milliarden Euro", "2 Milliarden Euro"]


def test_a_range_is_not_the_exact_amount_at_its_lower_bound() -> None:
    found = _amounts("Geplant sind 20 bis 25 Milliarden Dollar. Davon kommen 20 Milliarden "
                     "Dollar vom Bund.")
    assert [a[0] for a in found] == ["20 bis 25 Milliarden Dollar", "20 Milliarden Dollar"]


def test_a_loss_and_a_gain_of_the_same_size_are_two_items() -> None:
    found = _amounts("Das Ergebnis lag bei –3,4 Mio. Euro, im Vorjahr bei 3,4 Mio. Euro.")
    assert [a[1] for a in found] == [-3_400_000, 3_400_000]
