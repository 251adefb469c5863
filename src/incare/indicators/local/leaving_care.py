"""Local indicators of leaving care: pathway plans, personal advisers, independence plans,
Staying Put, higher education, temporary accommodation (indicators.md §A9, §A17)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.building_blocks import open_episodes, periods_of_care, require_table
from incare.indicators.care_leavers import AGED_19_21, care_leavers
from incare.indicators.local.common import (
    in_care_at_end,
    left_care_at_16_plus,
    per_child,
    with_ages,
)
from incare.indicators.local.tables import records
from incare.indicators.periods import Period, add_months
from incare.indicators.result import IndicatorResult, Polarity, Unit, register

PATHWAY_PLAN_MONTHS = 6
"""Pathway plans are reviewed at least every six months (Care Leavers (England) Regulations
2010; CPPCR 2010 regs 42-44 for eligible children)."""
FOSTER_PLACEMENTS = ("U1", "U2", "U3", "U4", "U5", "U6")
HIGHER_EDUCATION = ("F1", "P1")
"""ACTIV codes for higher education, full and part time."""
TEMPORARY_ACCOMMODATION = ("V", "W")
"""ACCOM first letters for emergency accommodation and bed and breakfast."""
RELEVANT = ("relevant", "former_relevant")
ENTITLED_TO_ADVISER = ("eligible", "relevant", "former_relevant")
"""Eligible, relevant and former relevant young people must have a personal adviser
(Children Act 1989 s23D and Sch 2 para 19C)."""

_RECORDED = """Care leaver records held at the period end (the latest situation the council
    records for each young person; deceased young people left out)"""


def care_leaver_records(
    tables: Mapping[str, pl.DataFrame], *, eligibility: tuple[str, ...]
) -> pl.DataFrame:
    """The latest care leaver record of each young person of ``eligibility`` who has not died."""
    return records(tables, "care_leavers").filter(
        pl.col("eligibility").is_in(eligibility),
        pl.col("in_touch").ne_missing("DIED"),
    )


@register(
    id="pathway_plan_up_to_date",
    title="Relevant and former relevant young people with an up-to-date pathway plan",
    definition=f"""
        Of the relevant and former relevant young people the council records as care
        leavers, the percentage whose pathway plan was last reviewed in the
        {PATHWAY_PLAN_MONTHS} months to the end of the period. The records hold each young
        person's latest situation, so figures for past dates use today's records.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_RECORDED.replace("Care leaver", "Relevant and former relevant care leaver"),
    section="A17",
)
def pathway_plan_up_to_date(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    since = add_months(period.end, -PATHWAY_PLAN_MONTHS)
    cohort = care_leaver_records(tables, eligibility=RELEVANT).select(
        "CHILD", "eligibility", "pathway_plan_review_date"
    )
    reviewed = pl.col("pathway_plan_review_date")
    return per_child(cohort, period=period, success=(reviewed > since) & (reviewed <= period.end))


@register(
    id="personal_adviser_allocated",
    title="Care leavers with an allocated personal adviser",
    definition="""
        Of the eligible, relevant and former relevant young people the council records as
        care leavers, the percentage with a personal adviser allocated. The records hold
        each young person's latest situation.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_RECORDED.replace("Care leaver", "Eligible, relevant and former relevant care leaver"),
    section="A17",
)
def personal_adviser_allocated(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    cohort = care_leaver_records(tables, eligibility=ENTITLED_TO_ADVISER).select(
        "CHILD", "eligibility", "personal_adviser"
    )
    return per_child(cohort, period=period, success=pl.col("personal_adviser").is_not_null())


@register(
    id="care_leavers_temporary_accommodation",
    title="Care leavers living in temporary accommodation",
    definition="""
        Of the relevant and former relevant young people the council records as care
        leavers and is in touch with, the percentage whose latest accommodation is
        emergency accommodation or bed and breakfast (903 accommodation codes V and W).
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort="Relevant and former relevant care leavers the council is in touch with",
    section="A17",
)
def care_leavers_temporary_accommodation(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    cohort = (
        care_leaver_records(tables, eligibility=RELEVANT)
        .filter(pl.col("in_touch") == "YES")
        .select("CHILD", "accommodation")
    )
    letter = pl.col("accommodation").str.slice(0, 1)
    return per_child(cohort, period=period, success=letter.is_in(TEMPORARY_ACCOMMODATION))


@register(
    id="independence_plan_post_16_foster",
    title="Young people in foster care aged 16 or over with an independence support plan",
    definition="""
        Of the young people aged 16 or 17 in care at the end of the period and placed with
        foster carers that day, the percentage with an independence support plan started by
        then.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Children looked after at the period end, aged 16 or 17, placed with foster carers",
    section="A17",
)
def independence_plan_post_16_foster(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    fostered = open_episodes(require_table(tables, "episodes"), on=period.end).filter(
        pl.col("PLACE").is_in(FOSTER_PLACEMENTS)
    )
    cohort = in_care_at_end(tables, period=period).filter(pl.col("age").is_between(16, 17))
    cohort = cohort.join(fostered.select("CHILD", "PLACE"), on="CHILD", how="inner")
    plans = (
        records(tables, "independence_plans")
        .filter(pl.col("started_on") <= period.end)
        .group_by("CHILD")
        .agg(plan_started=pl.col("started_on").min())
    )
    cohort = cohort.join(plans, on="CHILD", how="left").select(
        "CHILD", "age", "PLACE", "plan_started"
    )
    return per_child(cohort, period=period, success=pl.col("plan_started").is_not_null())


@register(
    id="staying_put_arrangements",
    title="Staying Put arrangements",
    definition="""
        The number of young people aged 18 to 20 at the end of the period living with their
        former foster carers under a Staying Put arrangement open that day.
    """,
    unit=Unit.COUNT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Young people aged 18 to 20 at the period end with a Staying Put arrangement open then",
    section="A9",
)
def staying_put_arrangements(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    open_then = records(tables, "staying_put").filter(
        pl.col("started_on") <= period.end,
        pl.col("ended_on").is_null() | (pl.col("ended_on") > period.end),
    )
    aged = with_ages(tables, open_then.select("CHILD", "started_on"), period.end)
    return IndicatorResult.count(
        aged.filter(pl.col("age").is_between(18, 20)).select("CHILD", "age", "started_on"),
        period=period,
    )


@register(
    id="care_leavers_university",
    title="Care leavers in higher education",
    definition="""
        Of the care leavers whose 19th, 20th or 21st birthday fell in the period (the 903's
        care leaver cohort), the percentage in higher education, full or part time, around
        their birthday (activity codes F1 and P1). Young people who died or returned home
        for six months or more are left out.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Care leavers whose 19th, 20th or 21st birthday fell in the period",
    section="A9",
)
def care_leavers_university(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    cohort = care_leavers(tables, period=period, ages=AGED_19_21).select("CHILD", "age", "ACTIV")
    return per_child(cohort, period=period, success=pl.col("ACTIV").is_in(HIGHER_EDUCATION))


@register(
    id="fgc_before_leaving_care",
    title="Care leavers who had a family group conference before leaving care",
    definition="""
        Of the young people who left care aged 16 or over in the period (on the last
        occasion they left), the percentage who had a family group conference held during
        the period of care they left, on or before the day they left.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Young people who left care in the period aged 16 or over",
    section="A17",
)
def fgc_before_leaving_care(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    leavers = left_care_at_16_plus(tables, period=period)
    started = (
        periods_of_care(require_table(tables, "episodes"))
        .join(leavers.select("CHILD", "DEC"), on=["CHILD", "DEC"], how="semi")
        .select("CHILD", "period_of_care_start")
        .unique("CHILD", keep="last")
    )
    held = (
        records(tables, "family_group_conferences")
        .join(leavers.select("CHILD", "DEC").join(started, on="CHILD"), on="CHILD")
        .filter(pl.col("held_on").is_between(pl.col("period_of_care_start"), pl.col("DEC")))
        .group_by("CHILD")
        .agg(fgc_held=pl.col("held_on").max())
    )
    cohort = leavers.join(held, on="CHILD", how="left")
    return per_child(cohort, period=period, success=pl.col("fgc_held").is_not_null())
