"""Money amounts in German and English text: numbers, scale words, currencies, ranges, vagueness.

Currencies are found first (generator/extraction/currencies.py: every currency in use, from
CLDR and money.yaml) and masked: each becomes a marker of its kind, so one small regular
expression reads every phrase around them whatever the currency. It is tried only near a
currency or a money cue, so its cost grows with the amounts, not with the text. A little
Python turns its groups into values. No network; odd input yields no amount.

Decisions worth knowing:

* An amount needs a currency (symbol, ISO code or word). "39 Milliarden Menschen" is not money.
  Only "ein dreistelliger Millionenbetrag" / "a nine-figure sum" may leave it out: it takes the
  currency of the amount before it, else EUR in German and USD in English.
* Vague amounts get bounds: "mehrere/several/a few/einige X" -> 2X .. 10X-1, "tens of X /
  zig X / Dutzende X" -> 10X .. 100X-1, "mehrere zehn X" -> 20X .. 100X-1, "hundreds of X /
  Hunderte X" -> 100X .. 1000X-1, "mehrere hundert / several hundred X" -> 200X .. 1000X-1, a
  bare plural "billions of dollars / Milliarden Dollar" -> 2X .. 1000X-1; "ein dreistelliger
  Millionenbetrag" -> 100 .. 999 million. value is the lower bound, approximate is True.
* "more than / mehr als / über / at least / over / 1bn-plus": min = value, max = value plus one
  step of its last significant digit, minus one ("mehr als 4 Billionen" -> 4e12 .. 4999999999999).
* "up to / bis zu / under / less than / a little under": max = value. Both kinds and
  "about / rund / etwa / nearly / knapp ..." set approximate.
* German "über" right after a capitalised noun means "worth" ("Auftrag über 5 Mrd. Euro"): exact.
* "from $5bn to $7bn" and "by $5bn to $7bn" describe a change, not a range: two amounts.
* A minus sign or "minus" right before the number or the currency makes the value negative
  ("–3,4 Mio. Euro", "R$ -86 million", "minus 2 Millionen Euro"); "ein Minus von 3 Mio." is
  a plain number (the loss is in the words).
* Currency words that are also ordinary words ("won", "pounds", "Rand") count only after a
  scale word ("9.1 trillion won"); "a/an/ein/eine" count only before a singular scale word
  with no hyphen ("eine Milliarde Dollar", not "ein Milliarden-Dollar-Deal").
* German "Billion" is 10^12; a capitalised singular "Billion" is read by the language argument.
  "trillion" is 10^12 and "Trillionen" 10^18. Indian "crore" is 10^7 and "lakh" 10^5.
* Hundredths: "3,81 Cent" is EUR 0.0381 (the cent takes the currency of the amount before it,
  else EUR in German and USD in English), "drei Euro fünfzig" and "15 dollars and 50 cents" are
  3.5 and 15.5.
* The span includes the qualifier ("rund 10 Milliarden Euro", "between ... and ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from . import currencies
from .currencies import Token, norm
from .moneyphrase import (
    AFTER,
    ARTICLES,
    BACK,
    BEFORE,
    FILL,
    FROM_BY,
    MARK,
    MINOR_UNITS,
    NOUN_BEFORE,
    PRIVATE,
    QUALIFIERS,
    RX,
    RX_SINGLE,
    SCALES,
    TRILLION,
    VAGUE,
)
from .numbers import Reject, parse_digits, parse_words

__all__ = ["MoneySpan", "anchor_keywords", "find_amounts"]

Number = int | float


class MoneySpan(NamedTuple):
    """A money amount found in text, with its currency and value in currency units."""

    start: int
    end: int
    text: str
    currency: str
    value: Number
    min: Number | None = None
    max: Number | None = None
    approximate: bool = False
    shape: str = "exact"  # exact, at_least ("mehr als"), at_most ("bis zu"), range, vague


def anchor_keywords() -> dict[str, int]:
    """Every keyword a currency or money cue contains, with how it must stand in a word."""
    return currencies.anchor_keywords()


# ---------------------------------------------------------------------------------------------
# Values (the expression is in moneyphrase.py)


class _Article(NamedTuple):
    """What one article's amounts share: its text, tokens, language and amounts so far."""

    text: str
    masked: str  # text with every currency token replaced by its kind's marker
    by_start: dict[int, Token]
    language: str
    out: list[MoneySpan]
    context: currencies.Context  # settles the currency of "kr", "Kronen", "pesos"


def _out(d: Decimal) -> Number:
    """An int where the value is integral, else a float."""
    return int(d) if d == d.to_integral_value() else float(d)


def _next_step_max(v: Decimal) -> Decimal:
    """The top of "more than v": just below v plus one unit of its last significant digit."""
    exponent = v.normalize().as_tuple().exponent
    if not isinstance(exponent, int):
        return v
    step = Decimal(1).scaleb(exponent)
    return v + step - 1 if step >= 1 else v + step - Decimal("0.01")


def _fallback(a: _Article) -> str:
    """The currency an amount means when it names none: the one before it, else by language."""
    return a.out[-1].currency if a.out else ("EUR" if a.language == "de" else "USD")


def _token(m: re.Match[str], group: str, a: _Article) -> tuple[str | None, int]:
    """Currency and multiplier of the token a group matched (None: unknown in this article)."""
    start = m.start(group)
    if start < 0:
        return None, 1
    token = a.by_start.get(start)
    if token is None:
        return None, 1
    return currencies.resolve(token, a.context), token.mult


def _number(num: str, hint: str) -> Decimal:
    """A number as written: digits or words."""
    if not num[0].isdigit():
        return parse_words(num)
    if num.endswith(("-", "–")):
        return parse_digits(num[:-2], "de")  # the German price style "1.198,-"
    return parse_digits(num, hint)


_PART_GROUPS = {t: tuple(f"{t}{g}" for g in ("art", "num", "sc", "sl", "sc2", "pre", "suf", "gl",
                                              "neg", "neg2"))
                for t in ("a", "b")}


def _part(m: re.Match[str], t: str, a: _Article,
          ) -> tuple[Decimal | None, Decimal | None, str | None, str | None, bool]:
    """One amount of a match: base number, multiplier, format language, currency, negative."""
    names = _PART_GROUPS[t]
    art, num, scale, letter, late, pre, suf, glued, neg, neg2 = m.group(*names)
    mult = hint = None
    scale = scale or letter or late
    if scale:
        key = norm(scale)
        if key == "billion" and a.language == "de" and scale[0] == "B":
            mult, hint = TRILLION, "de"
        else:
            mult, hint = SCALES.get(key, (None, None))
    cur = None
    which = names[5] if pre else names[6] if suf else names[7] if glued else None
    if which:
        cur, token_mult = _token(m, which, a)
        if token_mult != 1:
            mult = (mult or Decimal(1)) * token_mult
    base = ARTICLES[norm(art)] if art else None
    if num:
        base = _number(num, hint or a.language)
    return base, mult, hint, cur, bool(neg or neg2)


def _cents(m: re.Match[str], a: _Article, cur: str) -> Decimal:
    """The hundredths after a currency: "drei Euro fünfzig", "15 dollars and 50 cents"."""
    sub = m.group("asub")
    if not sub:
        return Decimal(0)
    value = _number(sub, a.language)
    if value >= 100 or currencies.digits(cur) != 2:
        raise Reject(sub)
    return value / 100


def _qualifier(m: re.Match[str], q: str | None, text: str) -> tuple[str | None, int]:
    """Kind of the qualifier ("approx"/"lower"/"upper") and where the span starts."""
    if not q:
        return None, m.start()
    key = norm(q)
    if key == "über" and NOUN_BEFORE.search(text, max(0, m.start() - 60), m.start()):
        # "ein Auftrag über 5 Mrd. Euro" names the size of the order, not a lower bound
        start = m.end("q")
        while text[start].isspace():
            start += 1
        return None, start
    return QUALIFIERS.get(key), m.start()


def _span(m: re.Match[str], a: _Article, start: int, cur: str, value: Decimal,
          lo: Decimal | None = None, hi: Decimal | None = None,
          approximate: bool = False, shape: str = "exact") -> MoneySpan:
    return MoneySpan(start, m.end(), a.text[start:m.end()], cur, _out(value),
                     None if lo is None else _out(lo), None if hi is None else _out(hi),
                     approximate, shape)


def _vague(m: re.Match[str], a: _Article) -> MoneySpan | None:
    """A vague amount: "mehrere Milliarden Euro", "tens of billions of dollars"."""
    q, vsc, few, ten, ten2, hun, hun2 = m.group(
        "q", "vsc", "vfew", "vten", "vten2", "vhun", "vhun2")
    cur, _ = _token(m, "vsuf", a)
    if cur is None:
        return None
    mult = SCALES[norm(vsc)][0]
    if ten or ten2:
        lo, hi = (20 if few else 10) * mult, 100 * mult - 1
    elif hun or hun2:
        lo, hi = (200 if few else 100) * mult, 1000 * mult - 1
    elif few:
        lo, hi = 2 * mult, 10 * mult - 1
    else:
        lo, hi = 2 * mult, 1000 * mult - 1
    _, start = _qualifier(m, q, a.text)
    return _span(m, a, start, cur, lo, lo, hi, True, "vague")


def _digits_sum(m: re.Match[str], a: _Article) -> MoneySpan | None:
    """ "ein dreistelliger Millionenbetrag", "a nine-figure sum": the range of that many digits."""
    if m.start("sumde") >= 0:
        digits = Decimal(VAGUE["digits_de"][m.group("fdig").lower()])
        scale = m.group("fsc").lower()
        mult = {"millionen": Decimal(10) ** 6, "milliarden": Decimal(10) ** 9,
                "tausend": Decimal(1000)}.get(scale, Decimal(1))
        groups: tuple[str, ...] = ("fcur", "fcur2")
    else:
        digits = Decimal(VAGUE["digits_en"][m.group("gdig").lower()])
        scale = (m.group("gsc") or "").lower()
        mult = {"million": Decimal(10) ** 6, "billion": Decimal(10) ** 9}.get(scale, Decimal(1))
        if m.group("gkind").lower() == "figure" and scale:
            return None  # "a six-figure million sum" is no shape of a number
        groups = ("gcur",)
    cur = None
    for group in groups:
        cur = cur or _token(m, group, a)[0]
        if m.start(group) >= 0 and cur is None:
            return None
    cur = cur or _fallback(a)
    lo = Decimal(10) ** (digits - 1) * mult
    return _span(m, a, m.start(), cur, lo, lo, Decimal(10) ** digits * mult - 1, True, "vague")


def _minor(m: re.Match[str], a: _Article) -> MoneySpan | None:
    """Hundredths alone: "3,81 Cent", "50 pence"."""
    token = a.by_start[m.start("munit")]
    unit = MINOR_UNITS[norm(a.text[token.start:token.end])]
    cur = unit["currency"]
    if cur is None:
        before = a.out[-1].currency if a.out else None
        cur = before if before and currencies.digits(before) == 2 else \
            unit["default"][a.language]
    value = parse_digits(m.group("mnum"), a.language) / 10 ** currencies.digits(cur)
    kind, start = _qualifier(m, m.group("q"), a.text)
    if m.start("negw") >= 0:
        value = -value
    return _span(m, a, start, cur, value, approximate=kind is not None)


def _numeric_span(m: re.Match[str], a: _Article) -> MoneySpan | None:
    """A single amount or a range; None when a matched range does not hold together."""
    q, plus = m.group("q", "plus")
    conn = m.group("conn") if m.re is RX else None
    base, mult, hint, cur, negative = _part(m, "a", a)
    negative = negative or m.start("negw") >= 0
    lo = hi = None
    if conn:
        base_b, mult_b, hint_b, cur_b, negative_b = _part(m, "b", a)
        hint = hint or hint_b or a.language
        if base is None or base_b is None:
            return None
        if m.group("anum") and m.group("anum")[0].isdigit():
            base = parse_digits(m.group("anum"), hint)
        value = base * (mult or mult_b or 1) * (-1 if negative else 1)
        high = base_b * (mult_b or 1) * (-1 if negative_b else 1)
        if (value >= high or (cur and cur_b and cur != cur_b)
                or (conn.strip() == "to"
                    and FROM_BY.search(a.text, max(0, m.start() - 12), m.start()))):
            return None
        lo, hi = value, high
        cur = cur or cur_b
    else:
        if base is None:
            return None
        value = base * (mult or 1)
        if cur is not None and not mult:
            value += _cents(m, a, cur)
        if negative:
            value = -value
    if cur is None:
        return None
    kind, start = _qualifier(m, q, a.text)
    approximate = kind is not None
    if plus:
        kind, approximate = "lower", True
    shape = "range" if conn else "exact"
    if not conn and value > 0 and kind == "lower":
        lo, hi, shape = value, _next_step_max(value), "at_least"
    elif not conn and value > 0 and kind == "upper":
        hi, shape = value, "at_most"
    return _span(m, a, start, cur, value, lo, hi, approximate, shape)


def _emit(m: re.Match[str], a: _Article) -> bool:
    """Append the amount of one match (of its parts, for a range that does not hold).

    False if the match must be dropped and the search resumed just after its start.
    """
    try:
        if m.start("vague") >= 0:
            span = _vague(m, a)
        elif m.start("minor") >= 0:
            span = _minor(m, a)
        elif m.start("sumde") >= 0 or m.start("sumen") >= 0:
            span = _digits_sum(m, a)
        else:
            span = _numeric_span(m, a)
    except Reject:
        return False
    except (ArithmeticError, KeyError, ValueError, IndexError):
        return True
    if span is not None:
        a.out.append(span)
    elif m.re is RX and m.start("conn") >= 0:
        pos, end = m.start(), m.end()
        while pos < end:
            part = RX_SINGLE.search(a.masked, pos, end)
            if part is None:
                break
            pos = part.end() if _emit(part, a) else part.start() + 1
    return True


def _mask(text: str, found: list[Token], private: bool) -> str:
    """text with each currency token replaced by its kind's marker (same length); private:
    whether text holds characters of the markers' range."""
    parts: list[str] = []
    pos = 0
    for token in found:
        if token.kind == "cue":
            continue
        parts.append(text[pos:token.start])
        parts.append(MARK[token.kind] + FILL * (token.end - token.start - 1))
        pos = token.end
    parts.append(text[pos:])
    masked = "".join(parts)
    return PRIVATE.sub(" ", masked) if private else masked


def find_amounts(text: str, language: str = "de", *,
                 tokens: Iterable[tuple[int, int, int]] | None = None,
                 cue_hits: Iterable[tuple[int, int, int]] | None = None) -> list[MoneySpan]:
    """Every money amount in text, in order of appearance; never raises."""
    # tokens: (start, end, mode) of the anchor_keywords() in text, and cue_hits: where the
    # currencies.cue_keywords() stand in scan.lower(text), when a pass shared with other
    # stages has found them already.
    if not isinstance(text, str) or not text:
        return []
    lang = "en" if str(language).lower().startswith("en") else "de"
    found = currencies.tokens(text, currencies.hits(text) if tokens is None else tokens, lang)
    if not found:
        return []
    private = PRIVATE.search(text) is not None
    if private:
        found = [t for t in found if not PRIVATE.search(text, t.start, t.end)]
    explicit = {t.codes[0] for t in found if len(t.codes) == 1 and not t.needs_context}
    context = currencies.Context(text, explicit, cue_hits)
    # a symbol the article's country must confirm ("R", "FC") is no currency without it
    found = [t for t in found if not t.needs_context or currencies.resolve(t, context)]
    if not found:
        return []
    a = _Article(text, _mask(text, found, private), {t.start: t for t in found}, lang, [], context)
    _scan(a, found)
    return a.out


def _scan(a: _Article, found: list[Token]) -> None:
    """Try the expression from a little before each token."""
    masked = a.masked
    n = len(masked)
    done = 0  # end of the last amount
    for token in found:
        a_start, a_end = token.start, token.end
        if a_start < done:
            continue
        back = BACK.match(masked[max(done, a_start - BEFORE):a_start][::-1])
        pos = a_start - (back.end() if back else 0)
        endpos = min(n, a_end + AFTER)
        while pos < endpos:
            m = RX.search(masked, pos, endpos)
            if m is None or m.start() >= a_end:
                break  # nothing here; a later token's window finds what follows
            if m.end() == endpos < n:  # cut short by the window: look again without it
                m = RX.search(masked, m.start(), n) or m
            if not _emit(m, a):
                pos = m.start() + 1
                continue
            done = pos = m.end()
            if done > a_start:
                break
