"""Care leavers' outcomes around their 17th to 21st birthdays (indicator reference §A9)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.building_blocks import (
    age_on,
    birthday,
    require_table,
    short_breaks_only,
)
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Polarity, Unit, register
from incare.ssda903.spec import COLLECTION_YEAR

AGED_17_18 = (17, 18)
AGED_19_21 = (19, 20, 21)

LEFT_OUT = ("DIED", "RHOM")
"""IN_TOUCH codes left out of every care-leaver rate: died; returned home for 6+ months."""

IN_EDUCATION_EMPLOYMENT_OR_TRAINING = ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5")
"""ACTIV codes: higher or other education, training or employment, apprenticeship."""


def care_leavers(
    tables: Mapping[str, pl.DataFrame], *, period: Period, ages: tuple[int, ...]
) -> pl.DataFrame:
    """The OC3 rows of care leavers whose birthday at one of ``ages`` falls in the period.

    Each row is taken from the collection year its birthday falls in (for a collection-year
    period, simply that year's rows). Young people who died or returned home for six months
    or more are left out, as are children whose only episodes were short breaks. Those not
    in touch stay in: their activity and accommodation are "not known".
    """
    oc3 = require_table(tables, "oc3")
    episodes = require_table(tables, "episodes")
    year = pl.col(COLLECTION_YEAR)
    age = age_on(pl.col("DOB"), period.end)
    rows = oc3.with_columns(age=age, birthday=birthday(pl.col("DOB"), age)).filter(
        pl.col("age").is_in(ages),
        pl.col("birthday") >= period.start,
        pl.col("birthday").is_between(pl.date(year - 1, 4, 1), pl.date(year, 3, 31)),
        ~pl.col("IN_TOUCH").is_in(LEFT_OUT).fill_null(False),
    )
    return (
        rows.join(short_breaks_only(episodes), on="CHILD", how="anti")
        .sort(COLLECTION_YEAR)
        .unique("CHILD", keep="last", maintain_order=True)
    )


def _rate(
    tables: Mapping[str, pl.DataFrame], *, period: Period, ages: tuple[int, ...], success: pl.Expr
) -> IndicatorResult:
    cohort = care_leavers(tables, period=period, ages=ages)
    return IndicatorResult.percentage(
        cohort.select(
            "CHILD", "age", "IN_TOUCH", "ACTIV", "ACCOM", in_numerator=success.fill_null(False)
        ),
        period=period,
    )


IN_EET = pl.col("ACTIV").is_in(IN_EDUCATION_EMPLOYMENT_OR_TRAINING)
SUITABLY_HOUSED = pl.col("ACCOM").str.slice(1, 1) == "1"
IN_TOUCH = pl.col("IN_TOUCH") == "YES"

_COHORT = """Care leavers whose {ages} birthday fell in the period (OC3), excluding those who
    died or returned home for 6 months or more; those not in touch are included"""
_EET = """
    Of the care leavers whose {ages} birthday fell in the period, the percentage in
    education, employment or training around their birthday, including apprenticeships and
    higher education. Young people the council has lost touch with are included and count
    as not known. Those who died, or who went home to their parents for six months or
    more, are left out.
"""
_ACCOMMODATION = """
    Of the care leavers whose {ages} birthday fell in the period, the percentage living in
    accommodation the council judged suitable around their birthday. Young people whose
    accommodation is not known, including those the council has lost touch with, are
    included in the total (the current DfE definition). Those who died, or who went home
    to their parents for six months or more, are left out.
"""
_IN_TOUCH = """
    Of the care leavers whose {ages} birthday fell in the period, the percentage the council
    was in touch with around their birthday. Those who died, or who went home to their
    parents for six months or more, are left out.
"""
_19_21 = "19th, 20th or 21st"
_17_18 = "17th or 18th"


@register(
    id="care_leavers_19_21_eet",
    title="Care leavers aged 19 to 21 in education, employment or training",
    definition=_EET.format(ages=_19_21),
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_COHORT.format(ages=_19_21),
    section="A9",
    lait_measure="CareLeaverEET",
)
def care_leavers_19_21_eet(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    return _rate(tables, period=period, ages=AGED_19_21, success=IN_EET)


@register(
    id="care_leavers_19_21_suitable_accommodation",
    title="Care leavers aged 19 to 21 in suitable accommodation",
    definition=_ACCOMMODATION.format(ages=_19_21),
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_COHORT.format(ages=_19_21),
    section="A9",
    lait_measure="CareLeaverAcc",
)
def care_leavers_19_21_suitable_accommodation(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    return _rate(tables, period=period, ages=AGED_19_21, success=SUITABLY_HOUSED)


@register(
    id="care_leavers_19_21_in_touch",
    title="Care leavers aged 19 to 21 the council is in touch with",
    definition=_IN_TOUCH.format(ages=_19_21),
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_COHORT.format(ages=_19_21),
    section="A9",
)
def care_leavers_19_21_in_touch(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    return _rate(tables, period=period, ages=AGED_19_21, success=IN_TOUCH)


@register(
    id="care_leavers_17_18_eet",
    title="Care leavers aged 17 or 18 in education, employment or training",
    definition=_EET.format(ages=_17_18),
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_COHORT.format(ages=_17_18),
    section="A9",
)
def care_leavers_17_18_eet(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    return _rate(tables, period=period, ages=AGED_17_18, success=IN_EET)


@register(
    id="care_leavers_17_18_suitable_accommodation",
    title="Care leavers aged 17 or 18 in suitable accommodation",
    definition=_ACCOMMODATION.format(ages=_17_18),
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_COHORT.format(ages=_17_18),
    section="A9",
)
def care_leavers_17_18_suitable_accommodation(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    return _rate(tables, period=period, ages=AGED_17_18, success=SUITABLY_HOUSED)


@register(
    id="care_leavers_17_18_in_touch",
    title="Care leavers aged 17 or 18 the council is in touch with",
    definition=_IN_TOUCH.format(ages=_17_18),
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_COHORT.format(ages=_17_18),
    section="A9",
)
def care_leavers_17_18_in_touch(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    return _rate(tables, period=period, ages=AGED_17_18, success=IN_TOUCH)
