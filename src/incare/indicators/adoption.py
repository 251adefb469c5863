"""Adoption timeliness: the scorecard measures A1, A10 and A2 (indicators.md §A11).

All three are three-year averages: the cohort is every child adopted (REC E11 or E12) in the
three years ending on the period end, each child once (their latest adoption). The value is
the mean number of days over those children, unrounded (the scorecard shows whole days).
Choices:

- Dates come from the child's latest period of care, the one that ended in adoption.
- The date placed for adoption is the start (DECOM) of the first A3-A6 episode of that period.
  A child with no such episode is left out of A1 and A10.
- A10: a child is adopted by their foster carer when that first adoption episode is A3 or A5
  started without a change of carer (RNE T or U), or AD1 says FOSTER_CARE 1. We then use the
  date they moved in with that carer: the start of the carer spell, walking back through
  episodes with RNE L, T or U.
- A2: court authority to place is the start of the first E1 (placement order) or D1 (freeing
  order) episode of that period; the match is AD1.DATE_MATCH from the child's latest AD1 row.
  Matched before the order counts as 0 days. Left out: no order, no match date, or not placed
  for adoption in that period.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import polars as pl

from incare.indicators.building_blocks import (
    ADOPTION_PLACEMENTS,
    NEW_CARER,
    periods_of_care,
    require_table,
)
from incare.indicators.periods import Period, add_months
from incare.indicators.result import IndicatorResult, Polarity, Unit, register
from incare.ssda903.spec import COLLECTION_YEAR

ADOPTED = ("E11", "E12")
YEARS = 3
FOSTER_CARER_ADOPTION_PLACEMENTS = ("A3", "A5")
SAME_CARER = ("T", "U")
AUTHORITY_TO_PLACE = ("E1", "D1")


def three_years_ending(period: Period) -> Period:
    """The three years ending on the period end: the adoption scorecard's cohort window."""
    return Period(add_months(period.end, -12 * YEARS) + timedelta(days=1), period.end)


def _days(later: str, earlier: str) -> pl.Expr:
    return (pl.col(later) - pl.col(earlier)).dt.total_days()


def adoption_dates(tables: Mapping[str, pl.DataFrame], *, period: Period) -> pl.DataFrame:
    """One row per child adopted in the three years ending on the period end, with the dates.

    ``CHILD``, ``adopted`` (DEC of the adoption), ``period_of_care_start``,
    ``placed_for_adoption``, ``foster_carer_adoption``, ``moved_in_with_adopters``
    (the carer-spell start for foster carer adoptions, else the placed date),
    ``court_authority`` and ``DATE_MATCH``. Dates not found are blank.
    """
    window = three_years_ending(period)
    care = periods_of_care(require_table(tables, "episodes"))
    first_of_period = pl.col("period_of_care").ne_missing(pl.col("period_of_care").shift())
    first_of_child = pl.col("CHILD").ne_missing(pl.col("CHILD").shift())
    new_spell = pl.col("RNE").is_in(NEW_CARER).fill_null(False) | first_of_period | first_of_child
    care = care.with_columns(spell_start=pl.when(new_spell).then("DECOM").forward_fill())
    key = ["CHILD", "period_of_care"]
    adopted = (
        care.filter(
            pl.col("REC").is_in(ADOPTED) & pl.col("DEC").is_between(window.start, window.end)
        )
        .unique("CHILD", keep="last", maintain_order=True)
        .select(*key, "period_of_care_start", adopted="DEC")
    )
    placed = (
        care.filter(pl.col("PLACE").is_in(ADOPTION_PLACEMENTS))
        .unique(key, keep="first", maintain_order=True)
        .select(
            *key,
            placed_for_adoption="DECOM",
            _with_foster_carer=pl.col("PLACE").is_in(FOSTER_CARER_ADOPTION_PLACEMENTS)
            & pl.col("RNE").is_in(SAME_CARER),
            _spell_start="spell_start",
        )
    )
    authority = (
        care.filter(pl.col("LS").is_in(AUTHORITY_TO_PLACE))
        .unique(key, keep="first", maintain_order=True)
        .select(*key, court_authority="DECOM")
    )
    ad1 = require_table(tables, "ad1")
    if COLLECTION_YEAR in ad1.columns:
        ad1 = ad1.sort(COLLECTION_YEAR)
    ad1 = ad1.unique("CHILD", keep="last", maintain_order=True).select(
        "CHILD", "DATE_MATCH", _ad1_foster_carer=pl.col("FOSTER_CARE").eq(1)
    )
    foster = pl.col("_with_foster_carer").fill_null(False) | pl.col("_ad1_foster_carer").fill_null(
        False
    )
    return (
        adopted.join(placed, on=key, how="left")
        .join(authority, on=key, how="left")
        .join(ad1, on="CHILD", how="left")
        .with_columns(foster_carer_adoption=foster & pl.col("placed_for_adoption").is_not_null())
        .with_columns(
            moved_in_with_adopters=pl.when("foster_carer_adoption")
            .then("_spell_start")
            .otherwise("placed_for_adoption")
        )
        .select(
            "CHILD",
            "adopted",
            "period_of_care_start",
            "placed_for_adoption",
            "foster_carer_adoption",
            "moved_in_with_adopters",
            "court_authority",
            "DATE_MATCH",
        )
    )


_COHORT = """Children adopted (care ended with an adoption order, REC E11 or E12) in the three
    years ending on the last day of the period"""


@register(
    id="adoption_a1",
    title="Average days from entering care to moving in with the adoptive family (A1)",
    definition="""
        For children adopted in the three years up to the end of the period: the average
        number of days from the start of the child's last period of care to the day they
        were placed for adoption (the start of their first placed-for-adoption episode).
        Children never recorded as placed for adoption are left out. Shown as whole days on
        the adoption scorecard; the value here is unrounded.
    """,
    unit=Unit.DAYS,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort=_COHORT,
    section="A11",
)
def adoption_a1(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    dates = adoption_dates(tables, period=period).filter(
        pl.col("placed_for_adoption").is_not_null()
    )
    cohort = dates.select(
        "CHILD",
        "adopted",
        "period_of_care_start",
        "placed_for_adoption",
        days=_days("placed_for_adoption", "period_of_care_start"),
    )
    return IndicatorResult.mean(cohort, period=period, column="days")


@register(
    id="adoption_a10",
    title="Average days from entering care to moving in with the adoptive family, "
    "adjusted for foster carer adoptions (A10)",
    definition="""
        As A1, but where the child was adopted by their foster carer we count to the day the
        child moved in with that foster carer rather than the day they were placed for
        adoption. A child counts as adopted by their foster carer when they were placed for
        adoption with their current foster carer without changing carer (placement A3 or A5
        started as a change of placement with the same carer) or the adoption record says so.
    """,
    unit=Unit.DAYS,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort=_COHORT,
    section="A11",
)
def adoption_a10(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    dates = adoption_dates(tables, period=period).filter(
        pl.col("moved_in_with_adopters").is_not_null()
    )
    cohort = dates.select(
        "CHILD",
        "adopted",
        "period_of_care_start",
        "placed_for_adoption",
        "foster_carer_adoption",
        "moved_in_with_adopters",
        days=_days("moved_in_with_adopters", "period_of_care_start"),
    )
    return IndicatorResult.mean(cohort, period=period, column="days")


@register(
    id="adoption_a2",
    title="Average days from court authority to place to the match with adopters (A2)",
    definition="""
        For children adopted in the three years up to the end of the period: the average
        number of days from the council getting court authority to place the child for
        adoption (a placement order or freeing order) to its decision to match the child
        with their adopters. A child matched before the order counts as 0 days. Children
        with no placement or freeing order, no match date, or never placed for adoption
        are left out.
    """,
    unit=Unit.DAYS,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort=_COHORT + ", with a placement or freeing order and a match date",
    section="A11",
)
def adoption_a2(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    dates = adoption_dates(tables, period=period).filter(
        pl.col("court_authority").is_not_null()
        & pl.col("DATE_MATCH").is_not_null()
        & pl.col("placed_for_adoption").is_not_null()
    )
    cohort = dates.select(
        "CHILD",
        "adopted",
        "court_authority",
        "DATE_MATCH",
        days=_days("DATE_MATCH", "court_authority").clip(lower_bound=0),
    )
    return IndicatorResult.mean(cohort, period=period, column="days")
