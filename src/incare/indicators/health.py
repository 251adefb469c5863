"""Children looked after for 12 months and their health (indicator reference §0, §A8)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.building_blocks import (
    continuously_looked_after,
    outcome_rows,
    require_table,
)
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Polarity, Unit, register

OC2_COHORT = """Children looked after continuously for the whole period: looked after on its first
    and last days, with no period of care starting or ending and no short break in between"""


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
    cohort = continuously_looked_after(require_table(tables, "episodes"), period=period)
    oc2 = outcome_rows(require_table(tables, "oc2"), period=period)
    assessed = oc2.select("CHILD", in_numerator=pl.col("HEALTH_ASSESSMENT") == 1)
    return IndicatorResult.percentage(cohort.join(assessed, on="CHILD", how="left"), period=period)
