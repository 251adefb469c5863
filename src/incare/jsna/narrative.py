"""Short generated narrative: comparison words with documented thresholds (docs/jsna.md).

The words compare the figures as the reader sees them (rounded as shown), so a sentence
never contradicts its table:

- rates per 10,000, counts and scores: by the relative difference from the comparator,
  under 5% "close to", 5% to under 20% "above"/"below", 20% or more "well above"/"well below";
- percentages: by the difference in percentage points, under 2 "close to", 2 to under 10
  "above"/"below", 10 or more "well above"/"well below" (a relative rule would call 4% "well
  above" 3%).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from incare.jsna.sections import Kind

CLOSE_RELATIVE = 0.05
WELL_RELATIVE = 0.20
CLOSE_POINTS = 2.0
WELL_POINTS = 10.0

COMPASS = ("North", "South", "East", "West")


def round_half_up(value: float, decimals: int = 0) -> float:
    """Rounded as DfE rounds (12.5 is 13), not Python's banker's rounding."""
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP))


def shown(value: float, kind: Kind) -> float:
    """The value as the chapter shows it: a score to 1 decimal place, others whole."""
    return round_half_up(value, 1 if kind is Kind.SCORE else 0)


def number(value: float | None, kind: Kind) -> str:
    """The bare figure as shown: ``401``, ``1,234``, ``14.2``; ``-`` when there is none."""
    if value is None:
        return "-"
    if kind is Kind.SCORE:
        return f"{shown(value, kind):.1f}"
    return f"{shown(value, kind):,.0f}"


def with_unit(value: float | None, kind: Kind) -> str:
    """The figure with its unit, as the subject of a sentence: ``90 per 10,000``, ``84%``."""
    text = number(value, kind)
    if value is None:
        return text
    if kind is Kind.RATE:
        return f"{text} per 10,000"
    if kind is Kind.PERCENT:
        return f"{text}%"
    return text


def comparator(value: float, kind: Kind) -> str:
    """A comparator's figure: ``64`` for a rate (its unit was said), ``84%``, ``14.0``."""
    return f"{number(value, kind)}%" if kind is Kind.PERCENT else number(value, kind)


def compare_word(value: float, other: float, kind: Kind) -> str:
    """``well above``, ``above``, ``close to``, ``below`` or ``well below`` (see module)."""
    a, b = shown(value, kind), shown(other, kind)
    if kind is Kind.PERCENT:
        gap = a - b
        close, well = CLOSE_POINTS, WELL_POINTS
    elif b == 0:
        return "close to" if a == 0 else "well above"
    else:
        gap = (a - b) / abs(b)
        close, well = CLOSE_RELATIVE, WELL_RELATIVE
    if abs(gap) < close:
        return "close to"
    side = "above" if gap > 0 else "below"
    return f"well {side}" if abs(gap) >= well else side


def region_possessive(region: str) -> str:
    """``the North West's``, ``London's``, ``Yorkshire and The Humber's``."""
    article = "the " if region.startswith(COMPASS) else ""
    return f"{article}{region}'s"


def comparison_sentence(
    *,
    subject: str,
    kind: Kind,
    value: float | None,
    england: float | None,
    region: str,
    region_value: float | None,
    neighbours: float | None,
    year: int,
) -> str:
    """E.g. "Warrington's rate, 90 per 10,000, is well above England's 64 and close to the
    North West's 91. It is well above its statistical neighbours' average of 66."."""
    if value is None:
        return f"{subject} is not published for {year}."
    parts = []
    if england is not None:
        parts.append(f"{compare_word(value, england, kind)} England's {comparator(england, kind)}")
    if region_value is not None:
        word = compare_word(value, region_value, kind)
        parts.append(f"{word} {region_possessive(region)} {comparator(region_value, kind)}")
    if not parts:
        return f"{subject} was {with_unit(value, kind)} in {year}."
    sentence = f"{subject}, {with_unit(value, kind)}, is {' and '.join(parts)}."
    if neighbours is not None:
        word = compare_word(value, neighbours, kind)
        sentence += (
            f" It is {word} its statistical neighbours' average of {comparator(neighbours, kind)}."
        )
    return sentence


def change_sentence(*, noun: str, start: tuple[int, float], end: tuple[int, float]) -> str:
    """E.g. "The number of children in care rose from 346 in March 2016 to 401 in March 2018,
    an increase of 16%." (the change as a whole percentage of the first figure)."""
    (first_year, first), (last_year, last) = start, end
    since = f"in March {first_year}"
    if last == first:
        return f"{noun} stayed at {first:,.0f} from March {first_year} to March {last_year}."
    verb = "rose" if last > first else "fell"
    change = ""
    if first:
        percent = round_half_up(abs(last - first) / first * 100)
        change = f", {'an increase' if last > first else 'a decrease'} of {percent:.0f}%"
    return f"{noun} {verb} from {first:,.0f} {since} to {last:,.0f} in March {last_year}{change}."
