"""Local indicators of children's health: registration with a GP and a dentist, CAMHS,
substance misuse treatment, health passports (indicators.md §A8)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.building_blocks import looked_after_during, require_table
from incare.indicators.local.common import (
    in_care_at_end,
    in_care_on,
    left_care_at_16_plus,
    per_child,
    per_event,
    within,
)
from incare.indicators.local.tables import records
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Polarity, Unit, register

CAMHS_DAYS = 42
"""Six weeks from referral to assessment: the strategies' standard."""

_IN_CARE = "Children looked after at the period end (short breaks aside)"


def registered_at_end(
    tables: Mapping[str, pl.DataFrame], *, period: Period, service: str, permanent_only: bool
) -> IndicatorResult:
    """Children in care at the end with a registration with ``service`` open that day."""
    open_then = records(tables, "health_registrations").filter(
        pl.col("service") == service,
        pl.col("registered_on") <= period.end,
        pl.col("ended_on").is_null() | (pl.col("ended_on") > period.end),
    )
    if permanent_only:
        open_then = open_then.filter(pl.col("registration") == "permanent")
    latest = open_then.group_by("CHILD").agg(registered_on=pl.col("registered_on").max())
    cohort = in_care_at_end(tables, period=period).join(latest, on="CHILD", how="left")
    return per_child(
        cohort.select("CHILD", "registered_on"),
        period=period,
        success=pl.col("registered_on").is_not_null(),
    )


@register(
    id="dentist_registered",
    title="Children in care registered with a dentist",
    definition="""
        Of the children in care at the end of the period, the percentage registered with a
        dentist on that day (a registration started by then and not ended).
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_IN_CARE,
    section="A8",
)
def dentist_registered(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    return registered_at_end(tables, period=period, service="dentist", permanent_only=False)


@register(
    id="gp_registered_permanently",
    title="Children in care permanently registered with a GP",
    definition="""
        Of the children in care at the end of the period, the percentage with a permanent
        (not temporary) registration with a GP practice on that day.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_IN_CARE,
    section="A8",
)
def gp_registered_permanently(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    return registered_at_end(tables, period=period, service="gp", permanent_only=True)


@register(
    id="camhs_assessed_within_6_weeks",
    title="Children in care referred to CAMHS assessed within six weeks",
    definition=f"""
        Of the referrals to child and adolescent mental health services of children in care
        (on the day of the referral) whose six weeks ({CAMHS_DAYS} days) after referral
        ended in the period, the percentage assessed within those six weeks. A referral not
        yet assessed counts as not assessed in time.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Referrals to CAMHS whose six weeks ended in the period (referrals, not children)",
    section="A8",
)
def camhs_assessed_within_6_weeks(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    due = pl.col("referred_on") + pl.duration(days=CAMHS_DAYS)
    referrals = records(tables, "camhs_referrals").filter(due.is_between(period.start, period.end))
    referrals = in_care_on(referrals, require_table(tables, "episodes"), day="referred_on")
    timely = referrals.with_columns(in_time=within("referred_on", "assessed_on", days=CAMHS_DAYS))
    return per_event(timely, period=period, success="in_time")


@register(
    id="substance_misuse_treated",
    title="Children in care with a substance misuse problem receiving treatment",
    definition="""
        Of the children looked after at any time in the period who were identified with a
        substance misuse problem during it, the percentage who received an intervention or
        treatment for it (recorded on any of their substance misuse records of the period).
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Children looked after in the period identified with substance misuse during it",
    section="A8",
)
def substance_misuse_treated(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    identified = (
        records(tables, "substance_misuse")
        .filter(pl.col("identified_on").is_between(period.start, period.end))
        .join(looked_after_during(require_table(tables, "episodes"), period=period), on="CHILD")
        .group_by("CHILD")
        .agg(
            first_identified=pl.col("identified_on").min(),
            treated=pl.col("intervention_received").fill_null(False).any(),
        )
    )
    return per_child(identified, period=period, success=pl.col("treated"))


@register(
    id="health_passport_on_leaving",
    title="Young people leaving care with a health passport",
    definition="""
        Of the young people who left care aged 16 or over in the period (on the last
        occasion they left), the percentage who had been given a health passport by the day
        they left.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Young people who left care in the period aged 16 or over",
    section="A8",
)
def health_passport_on_leaving(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    leavers = left_care_at_16_plus(tables, period=period)
    given = (
        records(tables, "health_passports")
        .join(leavers.select("CHILD", "DEC"), on="CHILD")
        .filter(pl.col("given_on") <= pl.col("DEC"))
        .group_by("CHILD")
        .agg(passport_given=pl.col("given_on").max())
    )
    cohort = leavers.join(given, on="CHILD", how="left")
    return per_child(cohort, period=period, success=pl.col("passport_given").is_not_null())
