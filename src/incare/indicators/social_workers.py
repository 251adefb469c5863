"""Social worker changes for children in care (indicator reference §A13)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.building_blocks import open_episodes, require_table
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Polarity, Unit, register


def social_workers_in_period(sw_episodes: pl.DataFrame, *, period: Period) -> pl.DataFrame:
    """``CHILD`` and ``social_workers``: how many different workers each child had.

    Counts distinct SW_IDs with a social worker episode overlapping the period (begun on or
    before its last day, not ended before its first), so a worker who comes back counts
    once, and a worker the child had while not looked after counts too. An episode that
    began and ended on the same day (under 24 hours) is ignored. Children with none are
    absent.
    """
    overlaps = (pl.col("SW_DECOM") <= period.end) & (
        pl.col("SW_DEC").is_null() | (pl.col("SW_DEC") >= period.start)
    )
    under_a_day = pl.col("SW_DEC").eq(pl.col("SW_DECOM")).fill_null(False)
    return (
        sw_episodes.filter(overlaps, ~under_a_day, pl.col("SW_ID").is_not_null())
        .group_by("CHILD")
        .agg(social_workers=pl.col("SW_ID").n_unique())
    )


@register(
    id="sw_changes_3plus",
    title="Children in care who had three or more social workers in the year",
    definition="""
        Of the children in care at the end of the period, the percentage who had three or
        more different social workers during it. A social worker who left and came back
        counts once. Workers the child had during the period while not in care count too.
        A social worker allocated for less than a day (starting and ending on the same
        date) is ignored. Lower is better.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort="Children looked after on the last day of the period, excluding short breaks",
    section="A13",
    lait_measure="Stability_SocialWorker",
)
def sw_changes_3plus(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    cohort = open_episodes(require_table(tables, "episodes"), on=period.end).select("CHILD")
    workers = social_workers_in_period(require_table(tables, "sw_episodes"), period=period)
    return IndicatorResult.percentage(
        cohort.join(workers, on="CHILD", how="left").select(
            "CHILD",
            in_numerator=pl.col("social_workers") >= 3,
            social_workers=pl.col("social_workers").fill_null(0),
        ),
        period=period,
    )
