"""Cohorts and result shapes the local indicators share."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import polars as pl

from incare.indicators.building_blocks import (
    age_on,
    care_episodes,
    ceased_in_period,
    dates_of_birth,
    looked_after_on,
    require_table,
)
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Unit

FIRST_SCHOOL_YEAR_AGE, LAST_SCHOOL_YEAR_AGE = 5, 15
"""Ages on 31 August at the start of Year 1 and of Year 11: compulsory school age (Education
Act 1996 s8) runs from the term after the fifth birthday to the end of Year 11."""


def academic_year(day: date) -> int:
    """The academic year ``day`` falls in, named by the year it ends (September-August)."""
    return day.year + 1 if day.month >= 9 else day.year


def term_start(day: date) -> date:
    """The first day of the school term ``day`` falls in: autumn from 1 September, spring
    from 1 January, summer from 1 April (holidays belong to the term they follow)."""
    if day.month >= 9:
        return date(day.year, 9, 1)
    if day.month >= 4:
        return date(day.year, 4, 1)
    return date(day.year, 1, 1)


def with_ages(tables: Mapping[str, pl.DataFrame], children: pl.DataFrame, on: date) -> pl.DataFrame:
    """``children`` with ``age`` on ``on``, from the header (a child without one is dropped)."""
    births = dates_of_birth(require_table(tables, "header"))
    return children.join(births, on="CHILD", how="inner").with_columns(
        age=age_on(pl.col("DOB"), on)
    )


def in_care_at_end(tables: Mapping[str, pl.DataFrame], *, period: Period) -> pl.DataFrame:
    """Children (``CHILD``, ``DOB``, ``age``) looked after at the period end, short breaks aside."""
    episodes = require_table(tables, "episodes")
    return with_ages(tables, looked_after_on(episodes, on=period.end), period.end)


def school_age_in_care(tables: Mapping[str, pl.DataFrame], *, period: Period) -> pl.DataFrame:
    """Children in care at the period end who are of compulsory school age (Years 1 to 11):
    aged 5 to 15 on the 31 August before the academic year of the period end."""
    year_began = date(academic_year(period.end) - 1, 8, 31)
    cohort = in_care_at_end(tables, period=period)
    school_age = age_on(pl.col("DOB"), year_began).is_between(
        FIRST_SCHOOL_YEAR_AGE, LAST_SCHOOL_YEAR_AGE
    )
    return cohort.filter(school_age)


def left_care_at_16_plus(tables: Mapping[str, pl.DataFrame], *, period: Period) -> pl.DataFrame:
    """Young people who left care in the period aged 16 or over (``CHILD``, ``DEC``, ``age``),
    on the last occasion they left; short breaks are not care."""
    ceased = ceased_in_period(require_table(tables, "episodes"), period=period)
    births = dates_of_birth(require_table(tables, "header"))
    return (
        ceased.join(births, on="CHILD", how="inner")
        .with_columns(age=age_on(pl.col("DOB"), pl.col("DEC")))
        .filter(pl.col("age") >= 16)
        .select("CHILD", "DEC", "age")
    )


def looked_after_days(episodes: pl.DataFrame) -> pl.DataFrame:
    """Care episodes as (``CHILD``, ``DECOM``, ``DEC``): to ask "in care on the day of ..."."""
    return care_episodes(episodes).select("CHILD", "DECOM", "DEC")


def in_care_on(events: pl.DataFrame, episodes: pl.DataFrame, *, day: str) -> pl.DataFrame:
    """The rows of ``events`` whose ``day`` falls in one of the child's care episodes."""
    spans = looked_after_days(episodes)
    inside = (pl.col("DECOM") <= pl.col(day)) & (
        pl.col("DEC").is_null() | (pl.col("DEC") > pl.col(day))
    )
    matched = events.with_row_index("_event").join(spans, on="CHILD", how="inner").filter(inside)
    kept = matched.select("_event").unique()
    return events.with_row_index("_event").join(kept, on="_event", how="semi").drop("_event")


def per_child(cohort: pl.DataFrame, *, period: Period, success: pl.Expr) -> IndicatorResult:
    """A percentage of children: ``cohort`` has one row per child; ``success`` decides each."""
    return IndicatorResult.percentage(
        cohort.with_columns(in_numerator=success.fill_null(False)).select(
            "CHILD", "in_numerator", pl.exclude("CHILD", "in_numerator", "DOB")
        ),
        period=period,
    )


def per_event(events: pl.DataFrame, *, period: Period, success: str) -> IndicatorResult:
    """A percentage of events (visits, referrals, missing episodes), not of children.

    ``events`` has one row per event with a boolean ``success`` column. The numerator and
    denominator count events; the children behind the figure are one row each, with their
    ``events`` and how many ``succeeded``, in the numerator when every one of theirs did.
    """
    children = (
        events.group_by("CHILD")
        .agg(
            events=pl.len().cast(pl.Int64),
            succeeded=pl.col(success).fill_null(False).sum().cast(pl.Int64),
        )
        .with_columns(in_numerator=pl.col("succeeded") == pl.col("events"))
        .select(pl.col("CHILD").cast(pl.String), "in_numerator", "events", "succeeded")
        .sort("CHILD")
    )
    denominator = int(children.get_column("events").sum())
    numerator = int(children.get_column("succeeded").sum())
    value = 100 * numerator / denominator if denominator else None
    return IndicatorResult(period, Unit.PERCENT, numerator, denominator, value, children)


def count_of(
    groups: pl.DataFrame, *, period: Period, column: str, children: pl.DataFrame
) -> IndicatorResult:
    """A count of distinct ``column`` values (households, constellations), not of children;
    the children behind it are ``children`` (one row each, all in the numerator)."""
    n = groups.get_column(column).n_unique()
    behind = (
        children.with_columns(pl.col("CHILD").cast(pl.String))
        .unique("CHILD", keep="first", maintain_order=True)
        .sort("CHILD")
        .select("CHILD", pl.lit(True).alias("in_numerator"), pl.exclude("CHILD"))
    )
    return IndicatorResult(period, Unit.COUNT, n, None, float(n), behind)


def within(start: str, end: str, *, days: int) -> pl.Expr:
    """``end`` is set and no more than ``days`` days after ``start``."""
    return pl.col(end).is_not_null() & (pl.col(end) <= pl.col(start) + timedelta(days=days))
