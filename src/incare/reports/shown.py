"""Figures as a councillor may see them: every number of a pack passes through here.

Built on :func:`incare.indicators.disclosure.suppress`, called as ``suppress_figure`` calls
it (indicators.md §D): counts of 1 to 5 are ``c``, a percentage is ``c`` when its numerator
is 1 to 5 or its cohort under 10, percentages and rates are whole numbers, benchmark counts
are rounded to tens. What the packs add: the unit written after the figure (``68%``); the
cohort beside it only when it is not itself hidden and gives away no count of 1 to 5 left
out; and a number to plot only where the figure is shown (a hidden point is a gap in the
chart, ``c`` in its table).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from incare.indicators.disclosure import (
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    ROUNDS_TO_ZERO,
    SMALLEST_SHOWN_COUNT,
    SUPPRESSED,
    Audience,
    suppress,
)
from incare.strategies.rag import Observation

SYMBOLS = {SUPPRESSED, NOT_APPLICABLE, NOT_AVAILABLE, ROUNDS_TO_ZERO}
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
    return show_kept([observation], unit=unit, audience=audience, benchmark=benchmark)[0]


_KEPT: dict[tuple[Any, ...], Shown] = {}
KEPT_MOST = 65_536
"""Figures kept per process by :func:`show_kept` (all forgotten when there are more)."""


def show_kept(
    observations: Sequence[Observation | None],
    *,
    unit: str | None,
    audience: Audience = "councillor",
    benchmark: bool = False,
) -> list[Shown]:
    """As :func:`show_series`, kept per process: a figure as shown is a pure function of
    the figure and its cohort (not of its date), and every councillor's page asks for the
    same ones again. Those not kept yet are worked out in one pass, so a measure's trend
    costs one pass of the rules the first time and none after."""
    if unit == "yes_no":  # no rule to apply: nothing worth keeping
        return show_series(observations, unit=unit, audience=audience, benchmark=benchmark)

    def key(o: Observation) -> tuple[Any, ...]:
        return (o.value, o.numerator, o.denominator, unit, audience, benchmark)

    valued = [o for o in observations if o is not None and o.value is not None]
    missing = {key(o): o for o in valued if key(o) not in _KEPT}
    if missing:
        if len(_KEPT) + len(missing) > KEPT_MOST:
            _KEPT.clear()
        worked = show_series(
            list(missing.values()), unit=unit, audience=audience, benchmark=benchmark
        )
        _KEPT.update(zip(missing, worked, strict=True))
    return [
        _KEPT[key(o)] if o is not None and o.value is not None else NOT_SHOWN for o in observations
    ]


def show_series(
    observations: Sequence[Observation | None],
    *,
    unit: str | None,
    audience: Audience = "councillor",
    benchmark: bool = False,
) -> list[Shown]:
    """Each of ``observations`` (figures of one unit) as :func:`show` gives it.

    One call of :func:`~incare.indicators.disclosure.suppress` over a frame of all of them,
    with the columns ``suppress_figure`` gives one figure (the rows are independent: no
    totals), so a measure's trend costs one pass of the rules, not one per point."""
    if audience == "analyst":
        raise ValueError("packs are for councillors and the public, not analysts")
    unit = unit or "count"
    if unit == "yes_no":
        return [_yes_no(o) for o in observations]
    rows = [o for o in observations if o is not None and o.value is not None]
    shown = iter(_suppressed(rows, unit=unit, audience=audience, benchmark=benchmark))
    return [
        next(shown) if o is not None and o.value is not None else NOT_SHOWN for o in observations
    ]


def _yes_no(observation: Observation | None) -> Shown:
    if observation is None or observation.value is None:
        return NOT_SHOWN
    return Shown("yes" if observation.value else "no", float(bool(observation.value)))


def _suppressed(
    rows: Sequence[Observation], *, unit: str, audience: Audience, benchmark: bool
) -> list[Shown]:
    if not rows:
        return []
    frame = pl.DataFrame(
        {
            "value": [o.value for o in rows],
            "numerator": [
                round(o.value or 0) if unit == "count" and o.numerator is None else o.numerator
                for o in rows
            ],
            "denominator": [o.denominator for o in rows],
        },
        schema={"value": pl.Float64(), "numerator": pl.Int64(), "denominator": pl.Int64()},
    )
    counted = ["numerator", "denominator"]
    level = pl.lit(True) if benchmark else None
    options: dict[str, Any] = {"audience": audience, "benchmark_rows": level}
    if unit == "count":
        options["count_columns"] = ["value", *counted]
    elif unit == "percent":
        options.update(
            count_columns=counted, percent_columns={"value": ("numerator", "denominator")}
        )
    elif unit == "rate":
        options.update(count_columns=counted, rate_columns={"value": "numerator"})
    else:  # days, means and units the disclosure module does not name
        decimals = 0 if unit == "days" else 1
        options.update(count_columns=counted, mean_columns={"value": ("denominator", decimals)})
    table = suppress(frame, **options)
    result = []
    for row, observation in zip(table.iter_rows(named=True), rows, strict=True):
        if observation.denominator is None:
            row["denominator"] = None
        value = str(row["value"])
        cohort = _cohort(row, unit) if not _small_complement(observation, unit) else None
        result.append(Shown(_with_unit(value, unit), _number(value), cohort))
    return result


def _small_complement(observation: Observation, unit: str) -> bool:
    """A percentage whose cohort, shown beside it, would give away 1 to 5 children *not*
    counted (92% of 13 is 12, so 1 is not): then the cohort is not shown, and the whole
    percentage alone tells nobody how many children either side of it."""
    if unit != "percent" or observation.numerator is None or observation.denominator is None:
        return False
    return 0 < observation.denominator - observation.numerator < SMALLEST_SHOWN_COUNT


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
