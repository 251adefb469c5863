"""Local measures the seed strategies define that the 903 answers: where children live
(indicators.md §A3 placement groups). No records beyond the 903 are needed."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.building_blocks import (
    ADOPTION_PLACEMENTS,
    care_episodes,
    open_episodes,
    require_table,
)
from incare.indicators.local.common import in_care_at_end, per_child
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Polarity, Unit, register

RESIDENTIAL = ("K1", "K2", "R1", "R2", "R5", "S1")
"""PLACE codes of secure units, children's homes and other residential settings (§A3)."""
FOSTER = ("U1", "U2", "U3", "U4", "U5", "U6")
INDEPENDENT_PROVIDERS = ("PR4", "PR5")
"""Private and voluntary providers: foster carers of an independent fostering agency."""

_AT_END = "Children looked after at the period end (short breaks aside)"


def _placed_at_end(tables: Mapping[str, pl.DataFrame], *, period: Period) -> pl.DataFrame:
    placed = open_episodes(require_table(tables, "episodes"), on=period.end)
    return in_care_at_end(tables, period=period).join(
        placed.select("CHILD", "PLACE", "PLACE_PROVIDER"), on="CHILD", how="inner"
    )


@register(
    id="residential_care_placements",
    title="Children in care placed in residential care",
    definition="""
        Of the children in care at the end of the period, the percentage placed in a secure
        unit, a children's home or another residential setting (placement types K1, K2, R1,
        R2, R5 and S1).
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort=_AT_END,
    section="A3",
)
def residential_care_placements(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    cohort = _placed_at_end(tables, period=period).select("CHILD", "PLACE")
    return per_child(cohort, period=period, success=pl.col("PLACE").is_in(RESIDENTIAL))


@register(
    id="adolescents_in_foster_care",
    title="Adolescents in care placed with foster carers",
    definition="""
        Of the children in care aged 13 to 17 at the end of the period, the percentage
        placed with foster carers that day (placement types U1 to U6).
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Children looked after at the period end aged 13 to 17 (short breaks aside)",
    section="A3",
)
def adolescents_in_foster_care(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    cohort = (
        _placed_at_end(tables, period=period)
        .filter(pl.col("age").is_between(13, 17))
        .select("CHILD", "age", "PLACE")
    )
    return per_child(cohort, period=period, success=pl.col("PLACE").is_in(FOSTER))


@register(
    id="placed_ifa_or_residential",
    title="Children in care placed with independent fostering agencies or in residential care",
    definition="""
        The number of children in care at the end of the period placed with foster carers
        of a private or voluntary provider (an independent fostering agency: placement
        provider PR4 or PR5) or in residential care (placement types K1, K2, R1, R2, R5 and
        S1).
    """,
    unit=Unit.COUNT,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort=_AT_END,
    section="A3",
)
def placed_ifa_or_residential(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    ifa = pl.col("PLACE").is_in(FOSTER) & pl.col("PLACE_PROVIDER").is_in(INDEPENDENT_PROVIDERS)
    placed = _placed_at_end(tables, period=period).filter(ifa | pl.col("PLACE").is_in(RESIDENTIAL))
    return IndicatorResult.count(placed.select("CHILD", "PLACE", "PLACE_PROVIDER"), period=period)


ADOPTED = ("E11", "E12")


@register(
    id="adoption_disruptions",
    title="Adoption disruptions",
    definition="""
        The number of children whose placement for adoption (placement types A3 to A6)
        ended in the period without an adoption order: the episode ended and the child
        neither left care adopted nor moved straight to another adoption placement.
        Breakdowns after an adoption order are not in the 903 return and are not counted.
    """,
    unit=Unit.COUNT,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort="Children whose placement for adoption ended in the period",
    section="A11",
)
def adoption_disruptions(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    episodes = care_episodes(require_table(tables, "episodes")).with_columns(
        next_place=pl.col("PLACE").shift(-1).over("CHILD"),
        next_decom=pl.col("DECOM").shift(-1).over("CHILD"),
    )
    continues = pl.col("REC").eq("X1").fill_null(False) & pl.col("next_decom").eq(pl.col("DEC"))
    still_adoption = continues & pl.col("next_place").is_in(ADOPTION_PLACEMENTS).fill_null(False)
    ended = episodes.filter(
        pl.col("PLACE").is_in(ADOPTION_PLACEMENTS),
        pl.col("DEC").is_between(period.start, period.end),
        ~pl.col("REC").is_in(ADOPTED).fill_null(False),
        ~still_adoption,
    )
    return IndicatorResult.count(ended.select("CHILD", "PLACE", "DEC", "REC"), period=period)
