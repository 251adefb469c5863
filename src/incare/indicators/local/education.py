"""Local indicators of education: PEPs, attendance, exclusions, key stage results
(indicators.md §A16; the virtual school's records)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from incare.indicators.building_blocks import continuously_looked_after, require_table
from incare.indicators.local.common import (
    academic_year,
    left_care_at_16_plus,
    per_child,
    school_age_in_care,
    term_start,
    with_ages,
)
from incare.indicators.local.tables import records
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Polarity, Unit, register

TERMS = ("autumn", "spring", "summer")
PERSISTENT_ABSENCE_IN_10 = 10
"""DfE: a pupil missing 10% (one in 10) or more of their possible sessions is persistently
absent."""
SESSIONS_IN_25_DAYS = 50
"""A school day is two sessions, so 25 days is 50 sessions."""

_SCHOOL_AGE = """Children looked after at the period end of compulsory school age (Years 1 to
    11: aged 5 to 15 on 31 August before the academic year of the period end)"""


def _terms_begun(end: date) -> list[str]:
    current = {9: "autumn", 1: "spring", 4: "summer"}[term_start(end).month]
    return list(TERMS[: TERMS.index(current) + 1])


def attendance_this_year(tables: Mapping[str, pl.DataFrame], *, period: Period) -> pl.DataFrame:
    """Sessions possible and attended per child of school age in care at the end, over the
    terms of the academic year of the period end begun by then (children with a record)."""
    sessions = (
        records(tables, "school_attendance")
        .filter(
            pl.col("academic_year") == academic_year(period.end),
            pl.col("term").is_in(_terms_begun(period.end)),
        )
        .group_by("CHILD")
        .agg(pl.col("sessions_possible").sum(), pl.col("sessions_attended").sum())
        .filter(pl.col("sessions_possible") > 0)
    )
    return school_age_in_care(tables, period=period).join(sessions, on="CHILD", how="inner")


@register(
    id="pep_up_to_date",
    title="Children in care of school age with an up-to-date personal education plan",
    definition="""
        Of the children in care at the end of the period who are of compulsory school age,
        the percentage whose personal education plan was reviewed in the school term the
        period ends in (terms taken as autumn from 1 September, spring from 1 January and
        summer from 1 April), by the end of the period.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_SCHOOL_AGE,
    section="A16",
)
def pep_up_to_date(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    this_term = (
        records(tables, "peps")
        .filter(pl.col("pep_date").is_between(term_start(period.end), period.end))
        .group_by("CHILD")
        .agg(latest_pep=pl.col("pep_date").max())
    )
    cohort = school_age_in_care(tables, period=period).join(this_term, on="CHILD", how="left")
    return per_child(
        cohort.select("CHILD", "age", "latest_pep"),
        period=period,
        success=pl.col("latest_pep").is_not_null(),
    )


@register(
    id="school_attendance",
    title="School attendance of children in care",
    definition="""
        Sessions (half days) attended as a percentage of sessions possible, over the terms
        of the current academic year begun by the end of the period, for the children in
        care at the end of the period of compulsory school age with attendance recorded.
        The numerator and denominator are sessions, not children.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_SCHOOL_AGE + " with attendance recorded this academic year",
    section="A16",
)
def school_attendance(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    sessions = attendance_this_year(tables, period=period)
    children = sessions.select(
        pl.col("CHILD").cast(pl.String),
        pl.lit(True).alias("in_numerator"),
        "sessions_possible",
        "sessions_attended",
    ).sort("CHILD")
    possible = int(children.get_column("sessions_possible").sum())
    attended = int(children.get_column("sessions_attended").sum())
    value = 100 * attended / possible if possible else None
    return IndicatorResult(period, Unit.PERCENT, attended, possible, value, children)


@register(
    id="persistent_absence",
    title="Children in care persistently absent from school",
    definition="""
        Of the children in care at the end of the period of compulsory school age with
        attendance recorded this academic year, the percentage who missed 10% or more of
        their possible sessions (the DfE's persistent absence threshold).
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort=_SCHOOL_AGE + " with attendance recorded this academic year",
    section="A16",
)
def persistent_absence(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    sessions = attendance_this_year(tables, period=period)
    missed = pl.col("sessions_possible") - pl.col("sessions_attended")
    # In whole sessions, not floats: 10 of 100 missed must count (1 - 0.9 < 0.1 in floats).
    return per_child(
        sessions.select("CHILD", "sessions_possible", "sessions_attended"),
        period=period,
        success=missed * PERSISTENT_ABSENCE_IN_10 >= pl.col("sessions_possible"),
    )


@register(
    id="school_exclusions",
    title="Children in care excluded from school",
    definition="""
        Of the children in care at the end of the period of compulsory school age, the
        percentage with at least one suspension (fixed-term exclusion) or permanent
        exclusion starting in the period.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort=_SCHOOL_AGE,
    section="A16",
)
def school_exclusions(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    excluded = (
        records(tables, "exclusions")
        .filter(pl.col("start_date").is_between(period.start, period.end))
        .group_by("CHILD")
        .agg(exclusions=pl.len().cast(pl.Int64))
    )
    cohort = school_age_in_care(tables, period=period).join(excluded, on="CHILD", how="left")
    return per_child(
        cohort.select("CHILD", "age", "exclusions"),
        period=period,
        success=pl.col("exclusions").is_not_null(),
    )


def last_completed_academic_year(end: date) -> int:
    """The latest academic year (ending 31 August) over by ``end``."""
    return end.year if end.month >= 9 else end.year - 1


def key_stage_cohort(
    tables: Mapping[str, pl.DataFrame], *, period: Period, key_stage: str
) -> pl.DataFrame:
    """Results at ``key_stage`` of the last academic year completed by the period end, of
    children looked after continuously for the 12 months to 31 March of that year (the
    DfE's cohort for the attainment of children looked after)."""
    year = last_completed_academic_year(period.end)
    in_care = continuously_looked_after(
        require_table(tables, "episodes"), period=Period.collection_year(year)
    )
    return (
        records(tables, "key_stage_results")
        .filter(pl.col("key_stage") == key_stage, pl.col("academic_year") == year)
        .join(in_care, on="CHILD", how="semi")
        .unique("CHILD", keep="last")
        .select("CHILD", "academic_year", "expected_standard")
    )


_ATTAINMENT = """Children with a key stage {ks} result in the last academic year completed by the
    period end who were looked after continuously for the 12 months to 31 March of that year"""


@register(
    id="ks2_expected_rwm",
    title=(
        "Children in care reaching the expected standard in reading, writing and maths at "
        "key stage 2"
    ),
    definition="""
        Of the children looked after for 12 months at 31 March who took key stage 2 tests
        in the last academic year completed by the end of the period, the percentage who
        reached the expected standard in reading, writing and maths.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_ATTAINMENT.format(ks=2),
    section="A16",
)
def ks2_expected_rwm(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    cohort = key_stage_cohort(tables, period=period, key_stage="KS2")
    return per_child(cohort, period=period, success=pl.col("expected_standard"))


@register(
    id="ks4_english_maths",
    title="Children in care achieving GCSEs (or equivalent) including English and maths",
    definition="""
        Of the children looked after for 12 months at 31 March at the end of key stage 4 in
        the last academic year completed by the end of the period, the percentage who
        achieved grade 4 or above in both English and maths.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_ATTAINMENT.format(ks=4),
    section="A16",
)
def ks4_english_maths(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    cohort = key_stage_cohort(tables, period=period, key_stage="KS4")
    return per_child(cohort, period=period, success=pl.col("expected_standard"))


def _leavers_with_gcses(tables: Mapping[str, pl.DataFrame], *, period: Period) -> pl.DataFrame:
    results = records(tables, "key_stage_results").filter(pl.col("key_stage") == "KS4")
    return left_care_at_16_plus(tables, period=period).join(
        results.select("CHILD", "gcses_any_grade", "gcses_grade_4_or_above"),
        on="CHILD",
        how="left",
    )


_LEAVERS = "Young people who left care in the period aged 16 or over"


@register(
    id="gcse_one_a_star_to_g",
    title="Young people leaving care with at least one GCSE at grade A*-G",
    definition="""
        Of the young people who left care aged 16 or over in the period, the percentage with
        at least one GCSE (or equivalent) at grade 9 to 1 (A* to G before 2017) in their key
        stage 4 result. A young person with no key stage 4 result recorded counts as without.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_LEAVERS,
    section="A16",
)
def gcse_one_a_star_to_g(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    cohort = _leavers_with_gcses(tables, period=period)
    return per_child(cohort, period=period, success=pl.col("gcses_any_grade") >= 1)


@register(
    id="gcse_five_a_star_to_c",
    title="Young people leaving care with five or more GCSEs at grade A*-C",
    definition="""
        Of the young people who left care aged 16 or over in the period, the percentage with
        five or more GCSEs (or equivalent) at grade 9 to 4 (A* to C before 2017). A young
        person with no key stage 4 result recorded counts as without.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_LEAVERS,
    section="A16",
)
def gcse_five_a_star_to_c(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    cohort = _leavers_with_gcses(tables, period=period)
    return per_child(cohort, period=period, success=pl.col("gcses_grade_4_or_above") >= 5)


@register(
    id="missed_25_days_school",
    title="Children in care who missed 25 days or more of school",
    definition="""
        Of the children looked after continuously for the 12 months to the end of the
        period who are of compulsory school age and have attendance recorded for the last
        academic year completed by then, the percentage who missed 50 sessions (25 days) or
        more of that year's possible sessions (the former OC2 measure).
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort="""Children looked after for the whole period, of compulsory school age, with
        attendance recorded for the last completed academic year""",
    section="A16",
)
def missed_25_days_school(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    year = last_completed_academic_year(period.end)
    sessions = (
        records(tables, "school_attendance")
        .filter(pl.col("academic_year") == year)
        .group_by("CHILD")
        .agg(pl.col("sessions_possible").sum(), pl.col("sessions_attended").sum())
        .filter(pl.col("sessions_possible") > 0)
    )
    cohort = continuously_looked_after(require_table(tables, "episodes"), period=period)
    cohort = with_ages(tables, cohort, date(year - 1, 8, 31)).filter(
        pl.col("age").is_between(5, 15)
    )
    cohort = cohort.join(sessions, on="CHILD", how="inner")
    missed = pl.col("sessions_possible") - pl.col("sessions_attended")
    return per_child(
        cohort.select("CHILD", "sessions_possible", "sessions_attended"),
        period=period,
        success=missed >= SESSIONS_IN_25_DAYS,
    )
