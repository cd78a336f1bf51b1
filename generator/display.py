"""How facts read on the site: compact money in one style, actors ranked by salience.

Pure helpers for the render stage (and its templates): they take models and return text or
ordered lists, and never touch the disk.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from .models import Actor, Amount, Brief

T = TypeVar("T")

# The largest unit first; below a million a number is written out ("USD 12,500").
UNITS = ((10**12, "tn"), (10**9, "bn"), (10**6, "m"))
EN_DASH = "–"


def _round_significant(value: float, digits: int) -> float:
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scaled(value: float, size: int, rough: bool) -> str:
    """value / size as a short number: three significant digits as written, or for a
    rough (converted) figure whole numbers from ten up and one decimal below."""
    scaled = value / size
    if rough:
        return _trim(f"{scaled:,.0f}" if abs(scaled) >= 10 else f"{scaled:,.1f}")
    return _trim(f"{_round_significant(scaled, 3):,.2f}")


def _unit(value: float, rough: bool) -> tuple[int, str] | None:
    """The unit value is shown in, decided after rounding (999.7 bn shows as 1 tn)."""
    for size, name in UNITS:
        shown = float(_scaled(value, size, rough).replace(",", "")) * size
        if abs(shown) >= size:
            return size, name
    return None


def compact(value: float | int | None, *, rough: bool = False) -> str:
    """A number for reading: '226 bn', '1.25 bn', '450 m', '12,500'.

    rough is for converted figures (US dollars at a yearly rate): '8.8 bn', '226 bn'.
    """
    if value is None:
        return ""
    try:
        number = float(value)
    except (OverflowError, ValueError, TypeError):
        return str(value)
    if not math.isfinite(number):
        return str(number)
    unit = _unit(number, rough)
    if unit is None:
        return f"{number:,.0f}" if abs(number) >= 100 or number.is_integer() \
            else _trim(f"{number:,.2f}")
    size, name = unit
    return f"{_scaled(number, size, rough)} {name}"


def _same_unit_range(low: float, high: float, rough: bool) -> str:
    """'5–7 bn' when both ends are in one unit, else '500 m – 1.2 bn'."""
    left, right = compact(low, rough=rough), compact(high, rough=rough)
    left_unit, right_unit = left.rpartition(" ")[2], right.rpartition(" ")[2]
    if " " in left and " " in right and left_unit == right_unit:
        return f"{left.rpartition(' ')[0]}{EN_DASH}{right}"
    return f"{left} {EN_DASH} {right}"


def _is_next_step(low: float, high: float) -> bool:
    """Whether high is low plus one step of its last significant digit, minus one: how
    extraction writes 'more than 10 bn' (10,000,000,000 .. 19,999,999,999)."""
    if low <= 0 or not (low.is_integer() and high.is_integer()):
        return False
    lo, hi = int(low), int(high)
    digits = str(lo)
    place = int("1" + "0" * (len(digits) - len(digits.rstrip("0"))))
    return hi + 1 - lo == place


def _shape(amount: Amount) -> tuple[str, float, float | None]:
    """(qualifier, number, upper end of a range or None) of an amount as extraction wrote it."""
    low, high = amount.min, amount.max
    if low is not None and high is not None and low != high:
        if _is_next_step(float(low), float(high)):
            return "over", float(low), None
        return "", float(low), float(high)
    if high is not None and low is None:
        return "up to", float(high), None
    if low is not None and high is None and low == amount.value and amount.approximate:
        return "at least", float(low), None
    return ("about" if amount.approximate else ""), float(amount.value), None


def money(amount: Amount, rate: float = 1.0, currency: str | None = None, *,
          rough: bool = False) -> str:
    """An amount in one style: 'USD 39 bn', 'about EUR 11 bn', 'EUR 5–7 bn',
    'up to USD 100 bn', 'over EUR 10 bn'. rate converts it into currency (roughly)."""
    code = currency or amount.currency
    try:
        qualifier, number, upper = _shape(amount)
        if upper is None:
            text = f"{code} {compact(number * rate, rough=rough)}"
        else:
            text = f"{code} {_same_unit_range(number * rate, upper * rate, rough)}"
    except OverflowError:  # a number too large for a float: written out as it is
        return f"{code} {compact(amount.value)}"
    return f"{qualifier} {text}" if qualifier else text


def money_usd(amount: Amount, usd: float | None) -> str:
    """The amount in US dollars ('USD 226 bn'), converted roughly; '' when unknown."""
    if usd is None:
        return ""
    if amount.currency == "USD":
        return money(amount)
    try:
        rate = usd / float(amount.value) if amount.value else 0.0
    except (OverflowError, ZeroDivisionError):
        return ""
    if not rate or not math.isfinite(rate):
        return f"USD {compact(usd, rough=True)}"
    return money(amount, rate, "USD", rough=True)


def money_with_usd(amount: Amount, usd: float | None) -> str:
    """'INR 760 bn (about USD 8.8 bn)'; a dollar amount is shown once."""
    text = money(amount)
    if amount.currency == "USD" or usd is None:
        return text
    converted = money_usd(amount, usd)
    qualified = converted.startswith(("about ", "up to ", "over ", "at least "))
    return f"{text} ({converted if qualified else 'about ' + converted})"


def sort_number(value: float | int | None) -> str:
    """A number as tables sort it (data-sort): plain digits, '' when unknown."""
    if value is None:
        return ""
    try:
        number = float(value)
    except (OverflowError, ValueError, TypeError):
        return ""
    if not math.isfinite(number):
        return ""
    return str(round(number)) if abs(number) >= 1 else repr(number)


def amount_key(amount: Amount) -> tuple[str, str, str, str]:
    """What makes two amounts of one brief the same amount: currency and value (range)."""
    return (amount.currency, sort_number(amount.value), sort_number(amount.min),
            sort_number(amount.max))


def distinct_amounts(amounts: Iterable[Amount]) -> list[Amount]:
    """One amount per distinct value, in order; a repeat lends its subject to the first."""
    first: dict[tuple[str, str, str, str], Amount] = {}
    for amount in amounts:
        key = amount_key(amount)
        kept = first.get(key)
        if kept is None:
            first[key] = amount
        elif kept.subject is None and amount.subject is not None:
            first[key] = Amount(kept.text, kept.value, kept.currency, kept.min, kept.max,
                                kept.approximate, amount.subject, kept.evidence)
    return list(first.values())


# --- actors by salience -----------------------------------------------------------------

# People and organisations first, then governments, then countries (which most articles
# name in passing).
KIND_TIER = {"person": 0, "organization": 0, "government": 1, "country": 2}



def salient(actors: Sequence[Actor]) -> list[Actor]:
    """Actors in order of salience: by kind tier, then mentions, then first appearance."""
    order = sorted(range(len(actors)), key=lambda i: (
        KIND_TIER.get(actors[i].kind, 1), -(actors[i].mentions or 0), i))
    return [actors[i] for i in order]


# --- the timeline chart -----------------------------------------------------------------


def axis_ticks(largest: int, most: int = 5) -> list[int]:
    """Whole-number ticks from 0 up to a round top at or above largest, at most `most`
    steps: 3 -> 0, 1, 2, 3; 17 -> 0, 5, 10, 15, 20."""
    largest = max(1, int(largest))
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if -(-largest // step) <= most:
                top = -(-largest // step) * step
                return list(range(0, top + 1, step))
        magnitude *= 10


def month_label(key: str) -> tuple[str, str]:
    """'2025-03' -> ('Mar', '2025'): the month and its year, for a chart axis."""
    year, _, month = key.partition("-")
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
             "Dec")
    return names[int(month) - 1], year


def headline_amounts(rows: Sequence[T], limit: int = 3) -> list[T]:
    """The largest amounts of a brief first: by US-dollar value, then by value."""
    def size(row: Any) -> tuple[float, float]:
        usd = row.usd if row.usd is not None and math.isfinite(row.usd) else -1.0
        try:
            value = float(row.amount.value)
        except (OverflowError, TypeError, ValueError):
            value = math.inf
        return (-usd, -value if math.isfinite(value) else -math.inf)

    return sorted(rows, key=size)[:limit]


KIND_ORDER = ("person", "organization", "government", "country")


def by_kind(actors: Sequence[Actor]) -> list[tuple[str, list[Actor]]]:
    """Actors grouped by kind (people, organisations, governments, countries, others),
    each group in order of salience."""
    groups: dict[str, list[Actor]] = {}
    for actor in salient(actors):
        groups.setdefault(actor.kind, []).append(actor)
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(groups.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))


# --- related briefs -----------------------------------------------------------------------


def related(brief: Brief, rank: Mapping[int, int],
            groups: Iterable[tuple[str, Sequence[Brief], bool]], total: int, *,
            limit: int = 5, reach: int = 12) -> list[tuple[Brief, list[str]]]:
    """The briefs that share the most with brief, best first, with the names they share.

    groups holds, for each actor, chip and policy instrument of the brief (most salient
    first), its name, the briefs that mention it in rank order (newest first) and whether
    it is a country. A name shared by few briefs weighs more than one most briefs share
    (log of total over their number), a country half; of a name in many briefs only the
    `reach` nearest in time on either side are looked at, which keeps the work per brief
    bounded in an archive of any size. A brief sharing only one country is not related.
    """
    mine = rank[id(brief)]
    scores: dict[int, float] = {}
    shared: dict[int, list[str]] = {}
    strong: dict[int, bool] = {}
    found: dict[int, Brief] = {}
    for name, members, country in groups:
        if len(members) < 2:
            continue
        weight = math.log(1 + total / len(members)) * (0.5 if country else 1.0)
        at = bisect_left(members, mine, key=lambda b: rank[id(b)])
        for other in members[max(0, at - reach): at + reach + 1]:
            key = id(other)
            if key == id(brief):
                continue
            scores[key] = scores.get(key, 0.0) + weight
            shared.setdefault(key, []).append(name)
            strong[key] = strong.get(key, False) or not country
            found[key] = other
    best = sorted((k for k in scores if strong[k] or len(shared[k]) > 1),
                  key=lambda k: (-scores[k], rank[k]))
    return [(found[k], shared[k]) for k in best[:limit]]
