"""How children leave care (indicator reference §A12) and staying put with foster carers (§A9)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.building_blocks import (
    birthday,
    care_episodes,
    ceased_in_period,
    dates_of_birth,
    require_table,
)
from incare.indicators.care_leavers import care_leavers
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Polarity, Unit, register

ADOPTED = ("E11", "E12")
SPECIAL_GUARDIANSHIP = ("E45", "E46", "E47", "E48", "E43", "E44")
"""E45-E48 since 2016 (former foster carer or other carer, relative/friend or other);
E43/E44 are the codes before that, still found in older returns."""
RETURNED_HOME = ("E4A", "E4B")
"""Returned home to parents or someone with parental responsibility, as part of the care
plan (E4A) or not (E4B)."""
STAYED_PUT = "E17"
"""Aged 18 and remained with current carers (staying put)."""
FOSTER_CARE = ("U1", "U2", "U3", "U4", "U5", "U6")

_CEASED_COHORT = """Children whose care ended (REC not X1) in the period, counted once on the
    last occasion, excluding short breaks"""
_ONCE = """A child who left care more than once in the period counts once, by how they left
    the last time. Short breaks are left out."""


def _ceased_with(
    tables: Mapping[str, pl.DataFrame], *, period: Period, reasons: tuple[str, ...]
) -> IndicatorResult:
    left = ceased_in_period(require_table(tables, "episodes"), period=period)
    return IndicatorResult.percentage(
        left.select("CHILD", "DEC", "REC", in_numerator=pl.col("REC").is_in(reasons)),
        period=period,
    )


@register(
    id="ceased_adopted_pct",
    title="Children leaving care who were adopted",
    definition=f"""
        Of the children who left care during the period, the percentage who left because
        they were adopted. {_ONCE}
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_CEASED_COHORT,
    section="A12",
    lait_measure="%_of LAC Adopted",
)
def ceased_adopted_pct(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    return _ceased_with(tables, period=period, reasons=ADOPTED)


@register(
    id="ceased_sgo_pct",
    title="Children leaving care under a special guardianship order",
    definition=f"""
        Of the children who left care during the period, the percentage who left because a
        court made a special guardianship order, to their former foster carers or to
        anyone else (reasons E45 to E48, and the older codes E43 and E44). {_ONCE}
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_CEASED_COHORT,
    section="A12",
    lait_measure="LAC_ceased_SGO%",
)
def ceased_sgo_pct(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    return _ceased_with(tables, period=period, reasons=SPECIAL_GUARDIANSHIP)


@register(
    id="ceased_returned_home_pct",
    title="Children leaving care who returned home",
    definition=f"""
        Of the children who left care during the period, the percentage who went back to
        live with their parents or someone else with parental responsibility, whether or
        not that was part of their care plan (reasons E4A and E4B). Living with a parent
        or relative without parental responsibility (E13) is not counted. {_ONCE} DfE
        publishes the two parts (E4A, E4B) separately; this is their sum.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.NEITHER,
    cohort=_CEASED_COHORT,
    section="A12",
)
def ceased_returned_home_pct(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    return _ceased_with(tables, period=period, reasons=RETURNED_HOME)


def left_foster_care_at_18(episodes: pl.DataFrame, header: pl.DataFrame) -> pl.DataFrame:
    """Children whose care ended on their 18th birthday from a foster placement (U1-U6).

    ``CHILD``, ``DEC`` (the birthday), ``REC`` and ``PLACE`` of the last episode.
    """
    ended_at_18 = pl.col("DEC") == birthday(pl.col("DOB"), 18)
    return (
        care_episodes(episodes)
        .join(dates_of_birth(header), on="CHILD", how="inner")
        .filter(ended_at_18, pl.col("REC").ne_missing("X1"), pl.col("PLACE").is_in(FOSTER_CARE))
        .unique("CHILD", keep="last", maintain_order=True)
        .select("CHILD", "DEC", "REC", "PLACE")
    )


@register(
    id="staying_put_18",
    title="Young people staying put with their foster carers at 18",
    definition="""
        Of the young people who left care on their 18th birthday during the period from a
        foster placement, the percentage who stayed on with their foster carers ("staying
        put", reason E17). Short breaks are left out. Whether each was eligible for care
        leaver support is not in this part of the return, so all are counted.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="""Young people whose care ended (counted on the last occasion) on their 18th
        birthday in the period, from a foster placement (U1-U6); excluding short breaks""",
    section="A9",
)
def staying_put_18(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    episodes = require_table(tables, "episodes")
    at_18 = left_foster_care_at_18(episodes, require_table(tables, "header"))
    left = ceased_in_period(episodes, period=period).select("CHILD", "DEC")
    cohort = at_18.join(left, on=["CHILD", "DEC"], how="semi")
    return IndicatorResult.percentage(
        cohort.select("CHILD", "DEC", "REC", "PLACE", in_numerator=pl.col("REC") == STAYED_PUT),
        period=period,
    )


@register(
    id="staying_put_19_20",
    title="Care leavers aged 19 or 20 still living with their former foster carers",
    definition="""
        Of the care leavers whose 19th or 20th birthday fell in the period and who left a
        foster placement on their 18th birthday, the percentage living with their former
        foster carers around their birthday (accommodation Z1 or Z2). This is the DfE and
        LAIT staying-put measure. Young people who died, or who went home to their parents
        for six months or more, are left out; those the council has lost touch with stay
        in and count as not staying put. A young person whose 18th birthday is not in the
        data held is left out.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="""Care leavers whose 19th or 20th birthday fell in the period (OC3), who left a
        foster placement (U1-U6) on their 18th birthday; excluding those who died or
        returned home for 6 months or more""",
    section="A9",
    lait_measure="StayingPut",
)
def staying_put_19_20(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    leavers = care_leavers(tables, period=period, ages=(19, 20))
    at_18 = left_foster_care_at_18(
        require_table(tables, "episodes"), require_table(tables, "header")
    ).select("CHILD", left_care="DEC", last_placement="PLACE")
    cohort = leavers.join(at_18, on="CHILD", how="inner")
    return IndicatorResult.percentage(
        cohort.select(
            "CHILD",
            "age",
            "IN_TOUCH",
            "ACCOM",
            "left_care",
            "last_placement",
            in_numerator=pl.col("ACCOM").str.starts_with("Z").fill_null(False),
        ),
        period=period,
    )
