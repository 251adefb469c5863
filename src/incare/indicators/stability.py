"""Placement stability (indicator reference §A6, §A7)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.building_blocks import (
    ADOPTION_PLACEMENTS,
    age_on,
    dates_of_birth,
    open_episodes,
    placement_on,
    placements_in_period,
    require_table,
)
from incare.indicators.periods import Period, add_months
from incare.indicators.result import IndicatorResult, Polarity, Unit, register


@register(
    id="placement_moves_3plus",
    title="Children in care with three or more placements in the year",
    definition="""
        Of the children in care at the end of the period, the percentage who lived in three
        or more placements during it, counting the placement they were already in when it
        began. Moving home with the same carers, including being adopted by their foster
        carers, is not a new placement. Temporary placements (in hospital, on holiday, or a
        week or less elsewhere) count like any other placement. A placement that began and
        ended on the same day is not a placement, and going back to the previous placement
        after one is not a move. Lower is better.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort="Children looked after on the last day of the period, excluding short breaks",
    section="A6",
    lait_measure="LACStable_2016on",
)
def placement_moves_3plus(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    episodes = require_table(tables, "episodes")
    counts = placements_in_period(episodes, period=period)
    cohort = open_episodes(episodes, on=period.end).join(counts, on="CHILD", how="left")
    return IndicatorResult.percentage(
        cohort.select(
            "CHILD",
            in_numerator=pl.col("placements") >= 3,
            placements=pl.col("placements").fill_null(0),
        ),
        period=period,
    )


@register(
    id="long_term_stability",
    title="Children in care for 2.5 years or more who have lived with the same carers for 2 years",
    definition="""
        Of the children under 16 who had been in care without a break for at least two and a
        half years at the end of the period, the percentage who had lived with the same
        carers for at least two years, or who had been placed for adoption and had spent at
        least two years in that placement and the one before it together. A placement is
        counted as for three or more placements: a temporary placement (such as a hospital
        stay) is a change of carer, so it restarts the two years.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="""Children looked after on the last day of the period, aged under 16 then, whose
        period of care began at least 2.5 years (30 months) earlier; excluding short breaks""",
    section="A7",
    lait_measure="LAC_LongStable%",
)
def long_term_stability(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    episodes = require_table(tables, "episodes")
    header = require_table(tables, "header")
    two_years_before = add_months(period.end, -24)
    cohort = (
        open_episodes(episodes, on=period.end)
        .join(dates_of_birth(header), on="CHILD", how="inner")
        .with_columns(age=age_on(pl.col("DOB"), period.end))
        .filter(
            pl.col("age") < 16,
            pl.col("period_of_care_start") <= add_months(period.end, -30),
        )
        .join(placement_on(episodes, on=period.end), on="CHILD", how="left")
    )
    adopted_stable = pl.col("PLACE").is_in(ADOPTION_PLACEMENTS) & (
        pl.col("previous_placement_start") <= two_years_before
    )
    stable = (pl.col("placement_start") <= two_years_before) | adopted_stable.fill_null(False)
    return IndicatorResult.percentage(
        cohort.select(
            "CHILD",
            "period_of_care_start",
            "age",
            "PLACE",
            "placement_start",
            "previous_placement_start",
            in_numerator=stable,
        ),
        period=period,
    )
