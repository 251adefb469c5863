"""Figures as the signed-in user may see them, for the indicator and scorecard pages.

Roles that may see children see every figure unrounded (``audience_for``: "analyst"); the
others, councillors and administrators, see them through disclosure control exactly as the
Forum packs do (``incare.reports.shown``, indicators.md §D): counts of 1 to 5 and
percentages of them are ``c``, percentages and rates whole numbers, England's and regions'
counts rounded to tens.
"""

from __future__ import annotations

from datetime import date

from incare.indicators.disclosure import NOT_AVAILABLE, Audience
from incare.reports.shown import SYMBOLS, Shown, show, show_published
from incare.strategies.rag import Observation, format_value


def shown(observation: Observation | None, *, unit: str | None, audience: Audience) -> Shown:
    """One figure for ``audience``: its text, the number to plot, the cohort beside it."""
    unit = unit or "count"
    if audience != "analyst":
        return show(observation, unit=unit, audience=audience)
    if observation is None or observation.value is None:
        return Shown(NOT_AVAILABLE, None)
    cohort = observation.numerator if unit == "rate" else observation.denominator
    return Shown(
        format_value(observation.value, unit),
        observation.value,
        None if unit == "count" or cohort is None else f"{cohort:,}",
    )


def published(
    value: float | None, *, unit: str | None, audience: Audience, rounded_to_tens: bool
) -> Shown:
    """A published benchmark figure for ``audience`` (England and regions: ``rounded_to_tens``)."""
    if audience != "analyst":
        return show_published(value, unit=unit, rounded_to_tens=rounded_to_tens)
    return shown(Observation(date.min, value), unit=unit, audience=audience)


def any_symbol(*texts: str) -> bool:
    """Whether any figure is a DfE symbol (``c``, ``k``, ``x``, ``z``): show the footnote."""
    return any(t in SYMBOLS for t in texts)
