"""Figures as a councillor may see them: every number of a pack passes through here.

Built on :func:`incare.indicators.disclosure.suppress_figure` (indicators.md §D): counts of
1 to 5 are ``c``, a percentage is ``c`` when its numerator is 1 to 5 or its cohort under
10, percentages and rates are whole numbers, benchmark counts are rounded to tens. What the
packs add: the unit written after the figure (``68%``), the cohort shown beside it only when
it is not itself hidden, and a number to plot only where the figure is shown (a hidden
point is a gap in the chart, ``c`` in its table).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from incare.indicators.disclosure import (
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    ROUNDS_TO_ZERO,
    SUPPRESSED,
    Audience,
    suppress_figure,
)
from incare.strategies.rag import Observation

SYMBOLS = {SUPPRESSED, NOT_APPLICABLE, NOT_AVAILABLE, ROUNDS_TO_ZERO}
DISCLOSURE_UNITS = {"count", "percent", "rate", "days", "mean"}
"""Units ``suppress_figure`` knows; others (``yes_no``) carry no count of children."""
SUFFIX = {"percent": "%", "rate": " per 10,000", "days": " days"}


@dataclass(frozen=True)
class Shown:
    """One figure as shown: ``text`` (``68%``, ``c``), ``number`` to plot (None if hidden)
    and ``cohort``, how many children it is of (None when hidden or not meaningful)."""

    text: str
    number: float | None
    cohort: str | None = None

    @property
    def hidden(self) -> bool:
        return self.text == SUPPRESSED


NOT_SHOWN = Shown(NOT_AVAILABLE, None)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _with_unit(text: str, unit: str) -> str:
    if text in SYMBOLS:
        return text
    return f"{text}{SUFFIX.get(unit, '')}"


def show(
    observation: Observation | None,
    *,
    unit: str | None,
    audience: Audience = "councillor",
    benchmark: bool = False,
) -> Shown:
    """``observation`` for ``audience`` (councillor or public: the packs have no analyst
    view). ``benchmark``: a national or regional figure."""
    if audience == "analyst":
        raise ValueError("packs are for councillors and the public, not analysts")
    if observation is None or observation.value is None:
        return NOT_SHOWN
    unit = unit or "count"
    if unit == "yes_no":
        return Shown("yes" if observation.value else "no", float(bool(observation.value)))
    disclosure_unit = unit if unit in DISCLOSURE_UNITS else "mean"
    numerator = observation.numerator
    if unit == "count" and numerator is None:
        numerator = round(observation.value)
    figure = suppress_figure(
        unit=disclosure_unit,
        value=observation.value,
        numerator=numerator,
        denominator=observation.denominator,
        audience=audience,
        benchmark=benchmark,
    )
    value = str(figure["value"])
    return Shown(_with_unit(value, unit), _number(value), _cohort(figure, unit))


def _cohort(figure: dict[str, object], unit: str) -> str | None:
    """The children a figure is of: the denominator of a percentage or mean, the count
    behind a rate; None for counts (the figure is the count) or when hidden."""
    key = "numerator" if unit == "rate" else "denominator"
    if unit == "count" or figure.get(key) is None:
        return None
    if figure["value"] == SUPPRESSED:
        return None  # the cohort beside a hidden figure helps nobody and may help a sum
    text = str(figure[key])
    return None if text in SYMBOLS else text


def show_published(value: float | None, *, unit: str | None, rounded_to_tens: bool) -> Shown:
    """A published benchmark (England, a region, a mean of neighbours): percentages and
    rates whole numbers, and counts of England and regions rounded to tens (§D rule 4)."""
    if value is None:
        return NOT_SHOWN
    unit = unit or "count"
    if unit == "count" and not rounded_to_tens:
        value = float(round(value))
    return show(Observation(date.min, value), unit=unit, benchmark=rounded_to_tens)
