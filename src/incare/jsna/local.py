"""Current figures from the authority's own child-level data, made safe to publish.

A JSNA is public, so every local figure passes through disclosure control for the
``public`` audience (indicators.md §D, :mod:`incare.indicators.disclosure`): counts of 1-5
become ``c``, percentages of a numerator of 1-5 or a cohort under 10 become ``c``, rates and
percentages are whole numbers, and in the age mix a second cell is hidden wherever one
hidden cell could be worked out from the total. A hidden figure is a null value with its
marker, as published figures are.

``local`` maps an indicator id (``cla_31_march``) to its result: an
:class:`~incare.indicators.result.IndicatorResult`, a report ``Figure`` or a dict with
``value``, ``numerator``, ``denominator`` (and optionally ``period``); and ``age_band`` to
the age breakdown (:func:`incare.indicators.breakdowns.breakdown` with ``by="age_band"``, or
a mapping band -> count).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from incare.indicators import INDICATORS
from incare.indicators.disclosure import Audience, suppress, suppress_figure

if TYPE_CHECKING:
    from incare.benchmarks import Authority
    from incare.jsna.chapter import Figure

AUDIENCE: Audience = "public"
AGE_KEY = "age_band"
TOTAL = "All children in care"


@dataclass(frozen=True)
class LocalRow:
    indicator: str
    title: str
    unit: str
    lait_measure: str | None
    figure: Figure
    shown: str
    """The value as shown (``c``, ``90``, ``14.2``)."""


@dataclass(frozen=True)
class AgeRow:
    band: str
    count: Figure
    percent: Figure
    count_shown: str
    percent_shown: str


@dataclass(frozen=True)
class LocalFigures:
    year: int
    rows: tuple[LocalRow, ...]
    ages: tuple[AgeRow, ...]

    @property
    def figures(self) -> list[Figure]:
        found = [r.figure for r in self.rows]
        for age in self.ages:
            found += [age.count, age.percent]
        return found


def build(local: Mapping[str, object], *, authority: Authority, year: int) -> LocalFigures:
    from incare.jsna.chapter import JsnaError

    rows: list[LocalRow] = []
    ages: tuple[AgeRow, ...] = ()
    for key, result in local.items():
        if key == AGE_KEY:
            ages = _ages(result, authority=authority, year=year)
            continue
        if key not in INDICATORS:
            raise JsnaError(
                f"local figure {key!r} is not an indicator id (see `incare indicators list`) "
                f"nor {AGE_KEY!r}"
            )
        rows.append(_row(key, result, authority=authority, year=year))
    return LocalFigures(year, tuple(rows), ages)


def _get(result: object, name: str) -> Any:
    if isinstance(result, Mapping):
        return result.get(name)
    return getattr(result, name, None)


def _row(key: str, result: object, *, authority: Authority, year: int) -> LocalRow:
    from incare.jsna.chapter import Figure

    indicator = INDICATORS[key]
    period = _get(result, "period")
    end = getattr(period, "end", None)
    safe = suppress_figure(
        unit=indicator.unit.value,
        value=_get(result, "value"),
        numerator=_get(result, "numerator"),
        denominator=_get(result, "denominator"),
        audience=AUDIENCE,
    )
    shown = str(safe["value"])
    value, marker = _parse(shown)
    figure = Figure(
        measure=indicator.lait_measure or key,
        area=authority.name,
        year=end.year if end is not None else year,
        value=value,
        marker=marker,
        source="local",
        indicator=key,
    )
    return LocalRow(
        key, indicator.title, indicator.unit.value, indicator.lait_measure, figure, shown
    )


def _parse(shown: str) -> tuple[float | None, str | None]:
    """A disclosed cell as (number, None) or (None, the marker)."""
    try:
        return float(shown), None
    except ValueError:
        return None, shown


def _ages(result: object, *, authority: Authority, year: int) -> tuple[AgeRow, ...]:
    from incare.jsna.chapter import Figure

    if isinstance(result, pl.DataFrame):
        counts = dict(zip(result["group"].to_list(), result["count"].to_list(), strict=True))
    elif isinstance(result, Mapping):
        counts = {str(k): int(v) for k, v in result.items()}
    else:
        raise TypeError("age_band must be a breakdown frame (group, count) or band -> count")
    total = sum(counts.values())
    frame = pl.DataFrame(
        {
            "band": [*counts, TOTAL],
            "count": [*counts.values(), total],
            "total": [total] * (len(counts) + 1),
        },
        schema={"band": pl.String, "count": pl.Int64, "total": pl.Int64},
    ).with_columns(percent=(100 * pl.col("count") / pl.col("total")).cast(pl.Float64))
    safe = suppress(
        frame,
        audience=AUDIENCE,
        count_columns=["count"],
        percent_columns={"percent": ("count", "total")},
        total_row=pl.col("band") == TOTAL,
    )
    rows = []
    for band, count, percent in safe.select("band", "count", "percent").iter_rows():
        count_value, count_marker = _parse(count)
        percent_value, percent_marker = _parse(percent)
        measure = f"age_band:{band}"
        rows.append(
            AgeRow(
                band,
                Figure(measure, authority.name, year, count_value, count_marker, "local", AGE_KEY),
                Figure(
                    f"{measure}:%",
                    authority.name,
                    year,
                    percent_value,
                    percent_marker,
                    "local",
                    AGE_KEY,
                ),
                count,
                percent,
            )
        )
    return tuple(rows)
