"""Looked-after reviews held on time, and children's participation in them (§A14, §B).

The law (CPPCR 2010 reg 33) sets the timescales: the first review within 20 working days of
the child becoming looked after, the second within 3 months of the first, later ones within
6 months of the previous one. Our choices, used by both indicators:

- Working days leave out weekends and England and Wales bank holidays (the ``holidays``
  package). The day care starts is day 0, so the 20th working day after it is on time; care
  starting on a weekend or bank holiday counts from the next working day.
- "3 months" and "6 months" are calendar months, kept within the month (a review on 31 August
  is next due by 28 or 29 February).
- Reviews are numbered within the period of care they fall in; the clock restarts when a new
  period of care starts. A review before the reporting period still counts as the previous
  one. A review dated before any period of care cannot be judged and is left out.
- The unit is the review, not the child: ``children`` has one row per review held in the
  period (a child with three reviews has three rows).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache

import holidays
import polars as pl

from incare.indicators.building_blocks import open_episodes, periods_of_care, require_table
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Polarity, Unit, register

FIRST_REVIEW_WORKING_DAYS = 20
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6
PARTICIPATED = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6")
UNDER_4 = "PN0"
"""REVIEW_CODE for a child under 4 at the review: left out of participation."""


@cache
def _bank_holidays(first_year: int, last_year: int) -> tuple[date, ...]:
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return tuple(sorted(calendar))


def bank_holidays(start: date, end: date) -> list[date]:
    """England and Wales bank holidays from ``start`` to ``end`` (with a year to spare)."""
    return list(_bank_holidays(start.year - 1, end.year + 1))


def add_working_days(day: pl.Expr, n: int, *, bank_holidays: list[date]) -> pl.Expr:
    """The ``n``-th working day after ``day`` (a non-working ``day`` counts from the next one)."""
    return day.dt.add_business_days(n, holidays=bank_holidays, roll="backward")


def reviews_with_due_dates(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """Every review with its number in the period of care and the date it was due by.

    One row per review: ``CHILD``, ``REVIEW``, ``REVIEW_CODE``, ``period_of_care_start``,
    ``review_number`` (1, 2, ...), ``previous_review`` (blank for the first), ``due`` and
    ``on_time``.
    """
    reviews = (
        require_table(tables, "reviews")
        .select("CHILD", "REVIEW", "REVIEW_CODE")
        .filter(pl.col("REVIEW").is_not_null())
        .unique(["CHILD", "REVIEW"], keep="last", maintain_order=True)
        .sort("CHILD", "REVIEW")
    )
    starts = (
        periods_of_care(require_table(tables, "episodes"))
        .select("CHILD", "period_of_care_start")
        .unique()
        .sort("CHILD", "period_of_care_start")
    )
    if reviews.is_empty():
        days: list[date] = []
    else:
        days = bank_holidays(reviews["REVIEW"].min(), reviews["REVIEW"].max())  # type: ignore[arg-type]
    matched = reviews.join_asof(
        starts,
        left_on="REVIEW",
        right_on="period_of_care_start",
        by="CHILD",
        strategy="backward",
        check_sortedness=False,
    ).filter(pl.col("period_of_care_start").is_not_null())
    same_period = ["CHILD", "period_of_care_start"]
    previous = pl.col("REVIEW").shift().over(same_period, order_by="REVIEW")
    number = pl.int_range(1, pl.len() + 1).over(same_period, order_by="REVIEW")
    first_due = add_working_days(
        pl.col("period_of_care_start"), FIRST_REVIEW_WORKING_DAYS, bank_holidays=days
    )
    due = (
        pl.when(pl.col("review_number") == 1)
        .then(first_due)
        .when(pl.col("review_number") == 2)
        .then(pl.col("previous_review").dt.offset_by(f"{SECOND_REVIEW_MONTHS}mo"))
        .otherwise(pl.col("previous_review").dt.offset_by(f"{LATER_REVIEW_MONTHS}mo"))
    )
    return (
        matched.with_columns(previous_review=previous, review_number=number)
        .with_columns(due=due)
        .with_columns(on_time=pl.col("REVIEW") <= pl.col("due"))
    )


def _review_percentage(reviews: pl.DataFrame, *, period: Period) -> IndicatorResult:
    """Per cent of ``reviews`` (one row per review, ``in_numerator``) that count."""
    children = reviews.select(
        pl.col("CHILD").cast(pl.String),
        pl.col("in_numerator").fill_null(False),
        *[c for c in reviews.columns if c not in ("CHILD", "in_numerator")],
    ).sort("CHILD", "REVIEW")
    denominator = children.height
    numerator = int(children.get_column("in_numerator").sum())
    value = 100 * numerator / denominator if denominator else None
    return IndicatorResult(period, Unit.PERCENT, numerator, denominator, value, children)


def _held_in(period: Period) -> pl.Expr:
    return pl.col("REVIEW").is_between(period.start, period.end)


@register(
    id="reviews_on_time",
    title="Reviews of children in care held on time",
    definition="""
        Of the reviews of children in care held in the period, the percentage held within
        the legal timescale: the first review within 20 working days of the child coming
        into care (weekends and England and Wales bank holidays are not working days), the
        second within 3 calendar months of the first, and each later one within 6 calendar
        months of the one before. The clock restarts when a child comes back into care. A
        review held before the period still counts as the previous review.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Reviews (not children) held in the period, in a period of care",
    section="A14",
)
def reviews_on_time(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    held = reviews_with_due_dates(tables).filter(_held_in(period))
    return _review_percentage(
        held.select(
            "CHILD",
            pl.col("on_time").alias("in_numerator"),
            "REVIEW",
            "review_number",
            "period_of_care_start",
            "previous_review",
            "due",
        ),
        period=period,
    )


@register(
    id="review_participation",
    title="Reviews in which the child took part",
    definition="""
        Of the reviews of children in care held in the period, the percentage in which the
        child took part: spoke for themselves, through an advocate, attended, or conveyed
        their views in another way (codes PN1 to PN6). Reviews of children under 4 (PN0) are
        left out. A review with no participation code counts as one the child did not take
        part in.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Reviews (not children) held in the period, except those of children under 4 (PN0)",
    section="A14",
)
def review_participation(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    reviews = require_table(tables, "reviews").unique(["CHILD", "REVIEW"], keep="last")
    held = reviews.filter(_held_in(period) & pl.col("REVIEW_CODE").ne_missing(UNDER_4))
    return _review_percentage(
        held.select(
            "CHILD",
            pl.col("REVIEW_CODE").is_in(PARTICIPATED).alias("in_numerator"),
            "REVIEW",
            "REVIEW_CODE",
        ),
        period=period,
    )


@register(
    id="cla_reviews_all_on_time",
    title="Children in care whose reviews were all on time",
    definition="""
        The alternative measure of indicators.md §A14, the old DfE measure "CLA_Review":
        of the children in care at the end of the period who had been in care long enough
        for their first review to be due (20 working days, the legal timescale, by the end
        of the period), the percentage whose reviews were all on time. A child counts only
        if every review held in the period was within its timescale (the same timescales as
        "Reviews of children in care held on time": 20 working days, 3 months, then 6
        months) and, at the end of the period, their next review was not overdue: a review
        that should have been held but was not is late too, so a child with no reviews at
        all in the period does not count if one was due. A review due on the last day of
        the period and held later is counted in the next period. Reviews held in an earlier
        period of care in the same year count; only the current period of care can have an
        overdue review. Short breaks (V3/V4) are left out, as those children have no
        reviews.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=(
        "Children looked after at the end of the period (short breaks aside) whose first"
        " review was due by then (in care at least 20 working days)"
    ),
    section="A14",
)
def cla_reviews_all_on_time(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    end = period.end
    at_end = open_episodes(require_table(tables, "episodes"), on=end).select(
        pl.col("CHILD").cast(pl.String), "period_of_care_start"
    )
    starts: list[date] = at_end.get_column("period_of_care_start").drop_nulls().to_list()
    days = bank_holidays(min([*starts, period.start]), end)
    first_due = add_working_days(
        pl.col("period_of_care_start"), FIRST_REVIEW_WORKING_DAYS, bank_holidays=days
    )
    cohort = at_end.with_columns(first_review_due=first_due).filter(
        pl.col("first_review_due") <= end
    )
    reviews = reviews_with_due_dates(tables).with_columns(pl.col("CHILD").cast(pl.String))
    in_period = (
        reviews.filter(_held_in(period))
        .group_by("CHILD")
        .agg(
            reviews_in_period=pl.len(),
            late_reviews=(~pl.col("on_time")).sum(),
        )
    )
    # The last review held by the end of the period in the current period of care sets
    # when the next one is due (none held yet: the first review's due date).
    latest = (
        reviews.filter(pl.col("REVIEW") <= end)
        .join(cohort.select("CHILD", "period_of_care_start"), on=["CHILD", "period_of_care_start"])
        .sort("REVIEW")
        .group_by("CHILD")
        .agg(last_review=pl.col("REVIEW").last(), last_number=pl.col("review_number").last())
    )
    next_due = (
        pl.when(pl.col("last_review").is_null())
        .then(pl.col("first_review_due"))
        .when(pl.col("last_number") == 1)
        .then(pl.col("last_review").dt.offset_by(f"{SECOND_REVIEW_MONTHS}mo"))
        .otherwise(pl.col("last_review").dt.offset_by(f"{LATER_REVIEW_MONTHS}mo"))
    )
    children = (
        cohort.join(in_period, on="CHILD", how="left")
        .join(latest, on="CHILD", how="left")
        .with_columns(
            pl.col("reviews_in_period").fill_null(0).cast(pl.Int64),
            pl.col("late_reviews").fill_null(0).cast(pl.Int64),
            next_review_due=next_due,
        )
        .with_columns(overdue_at_end=pl.col("next_review_due") < end)
        .with_columns(in_numerator=(pl.col("late_reviews") == 0) & ~pl.col("overdue_at_end"))
        .select(
            "CHILD",
            "in_numerator",
            "period_of_care_start",
            "reviews_in_period",
            "late_reviews",
            "last_review",
            "next_review_due",
            "overdue_at_end",
        )
        .sort("CHILD")
    )
    return IndicatorResult.percentage(children, period=period)
