"""Children looked after for 12 months and their health (indicator reference §0, §A8)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.building_blocks import (
    age_on,
    continuously_looked_after,
    dates_of_birth,
    outcome_rows,
    require_table,
)
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Polarity, Unit, register

OC2_COHORT = """Children looked after continuously for the whole period: looked after on its first
    and last days, with no period of care starting or ending and no short break in between"""


def oc2_children(
    tables: Mapping[str, pl.DataFrame], *, period: Period, ages: range | None = None
) -> pl.DataFrame:
    """The OC2 cohort with each child's OC2 row for the period (blank if none).

    With ``ages``, only children whose age at the period end is in ``ages`` (from the
    header's DOB; a child without a header row is left out), and an ``age`` column.
    """
    cohort = continuously_looked_after(require_table(tables, "episodes"), period=period)
    if ages is not None:
        cohort = (
            cohort.join(dates_of_birth(require_table(tables, "header")), on="CHILD", how="inner")
            .with_columns(age=age_on(pl.col("DOB"), period.end))
            .filter(pl.col("age").is_between(ages.start, ages.stop - 1))
            .select("CHILD", "age")
        )
    oc2 = outcome_rows(require_table(tables, "oc2"), period=period)
    return cohort.join(oc2.drop("DOB"), on="CHILD", how="left")


def oc2_rate(
    tables: Mapping[str, pl.DataFrame], *, period: Period, field: str, ages: range | None = None
) -> IndicatorResult:
    """The percentage of the OC2 cohort (of ``ages``) whose OC2 ``field`` is 1.

    Anything else counts as not done: 0 (including a child who declined), blank, or no OC2
    row for the year. The children frame shows ``field`` (and ``age`` when restricted).
    """
    cohort = oc2_children(tables, period=period, ages=ages)
    shown = [field] if ages is None else ["age", field]
    return IndicatorResult.percentage(
        cohort.select("CHILD", *shown, in_numerator=pl.col(field).eq(1)), period=period
    )


@register(
    id="oc2_cohort",
    title="Children looked after continuously for 12 months",
    definition="""
        The number of children who had been in care for the whole 12 months to the end of
        the period, without leaving care in between and without short breaks. These are the
        children whose health and wellbeing the council reports to the government.
    """,
    unit=Unit.COUNT,
    polarity=Polarity.NEITHER,
    cohort=OC2_COHORT,
    section="A8",
)
def oc2_cohort(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    episodes = require_table(tables, "episodes")
    return IndicatorResult.count(continuously_looked_after(episodes, period=period), period=period)


@register(
    id="oc2_health_assessment",
    title="Children in care for 12 months whose health assessment is up to date",
    definition="""
        Of the children in care for the whole 12 months to the end of the period, the
        percentage whose annual health assessment was up to date. Children under five need
        both of their six-monthly assessments. A child who declined the assessment, or who
        has no health record for the year, counts as not assessed.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=OC2_COHORT,
    section="A8",
    lait_measure="LACHealth%",
)
def oc2_health_assessment(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    return oc2_rate(tables, period=period, field="HEALTH_ASSESSMENT")
