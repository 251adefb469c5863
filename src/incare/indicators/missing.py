"""Children missing or away from placement without authorisation (indicator reference §A10)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.building_blocks import looked_after_during, require_table
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Polarity, Unit, register
from incare.ssda903.spec import COLLECTION_YEAR

MISSING = "M"
"""Whereabouts not known."""

AWAY = "A"
"""Whereabouts known, but away from placement without authorisation."""

_COHORT = """Children looked after at any time in the period (a care episode that had not
    ended before its first day), excluding children who only had short breaks"""


def incidents(tables: Mapping[str, pl.DataFrame], *, period: Period, kind: str) -> pl.DataFrame:
    """``CHILD`` and ``incidents``: each child's incidents of ``kind`` (M or A) in the period.

    An incident counts if it began in the period, or began before it and was still going on
    its first day (ended that day or later, or not ended): DfE counts these carried-over
    incidents. An incident carried over from one return to the next appears in both; it is
    counted once (same child, kind and start date). Children with none are absent.
    """
    rows = require_table(tables, "missing")
    if COLLECTION_YEAR in rows.columns:
        rows = rows.sort(COLLECTION_YEAR)
    began = pl.col("MIS_START").is_between(period.start, period.end)
    carried_over = (pl.col("MIS_START") < period.start) & (
        pl.col("MIS_END").is_null() | (pl.col("MIS_END") >= period.start)
    )
    return (
        rows.filter(pl.col("MISSING") == kind, began | carried_over)
        .unique(["CHILD", "MIS_START"], keep="last", maintain_order=True)
        .group_by("CHILD")
        .agg(incidents=pl.len())
    )


def _had_incident(
    tables: Mapping[str, pl.DataFrame], *, period: Period, kind: str
) -> IndicatorResult:
    cohort = looked_after_during(require_table(tables, "episodes"), period=period)
    counts = incidents(tables, period=period, kind=kind)
    return IndicatorResult.percentage(
        cohort.join(counts, on="CHILD", how="left").select(
            "CHILD",
            in_numerator=pl.col("incidents").is_not_null(),
            incidents=pl.col("incidents").fill_null(0),
        ),
        period=period,
    )


_CARRIED_OVER = """An incident that began before the period and was still going on its first
    day counts."""


@register(
    id="missing_pct",
    title="Children in care who went missing",
    definition=f"""
        Of the children looked after at any time in the period, the percentage who went
        missing (their whereabouts were not known) at least once. {_CARRIED_OVER} Children
        who only had short breaks are left out. Some councils record every incident as
        missing, none as away, to match police recording, so compare with care.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.NEITHER,
    cohort=_COHORT,
    section="A10",
    lait_measure="Children_missing",
)
def missing_pct(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    return _had_incident(tables, period=period, kind=MISSING)


@register(
    id="away_pct",
    title="Children in care who were away from placement without authorisation",
    definition=f"""
        Of the children looked after at any time in the period, the percentage who were
        away from their placement without permission at least once: where they were was
        known, but the carer was worried or told the council or police. {_CARRIED_OVER}
        Children who only had short breaks are left out.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.NEITHER,
    cohort=_COHORT,
    section="A10",
    lait_measure="Children_Away",
)
def away_pct(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    return _had_incident(tables, period=period, kind=AWAY)


@register(
    id="missing_incidents",
    title="Missing incidents of children in care",
    definition=f"""
        The number of times children looked after at any time in the period went missing
        (whereabouts not known) during it. {_CARRIED_OVER} Being away from placement
        without permission is not counted here. Children who only had short breaks are left
        out. The children behind the figure are those who went missing, with how many times.
    """,
    unit=Unit.COUNT,
    polarity=Polarity.NEITHER,
    cohort=_COHORT,
    section="A10",
)
def missing_incidents(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    cohort = looked_after_during(require_table(tables, "episodes"), period=period)
    counts = (
        incidents(tables, period=period, kind=MISSING)
        .join(cohort, on="CHILD", how="semi")
        .select(pl.col("CHILD").cast(pl.String), pl.lit(True).alias("in_numerator"), "incidents")
        .sort("CHILD")
    )
    total = int(counts.get_column("incidents").sum())
    return IndicatorResult(period, Unit.COUNT, total, None, float(total), counts)


@register(
    id="missing_incidents_per_child",
    title="Average missing incidents per child who went missing",
    definition=f"""
        Of the children looked after at any time in the period who went missing (whereabouts
        not known) at least once during it, the average number of times each went missing
        (indicators.md §A10 (iv)). {_CARRIED_OVER} Being away from placement without
        permission is not counted. Children who only had short breaks are left out.
    """,
    unit=Unit.MEAN,
    polarity=Polarity.NEITHER,
    cohort="Children looked after at any time in the period who went missing at least once",
    section="A10",
)
def missing_incidents_per_child(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    went_missing = missing_incidents(tables, period=period).children
    return IndicatorResult.mean(
        went_missing.select("CHILD", "incidents"), period=period, column="incidents", unit=Unit.MEAN
    )
