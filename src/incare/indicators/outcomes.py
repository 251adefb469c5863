"""OC2 outcomes of children looked after for 12 months, beyond health assessments (§A8)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.health import OC2_COHORT, oc2_children, oc2_rate
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Polarity, Unit, register

AGED_5_16 = range(5, 17)
"""DfE publishes SDQ figures for children aged 5 to 16 at 31 March."""

AGED_0_4 = range(0, 5)
"""Development assessments (health surveillance checks) are counted for the under-5s."""

AGED_10_17 = range(10, 18)
"""The age of criminal responsibility is 10; a child in care is under 18."""

_NOT_DONE = """A child who declined, or who has no OC2 record for the year, counts as not
    {done}."""


@register(
    id="oc2_dental",
    title="Children in care for 12 months whose teeth were checked by a dentist",
    definition=f"""
        Of the children in care for the whole 12 months to the end of the period, the
        percentage who had their teeth checked by a dentist during those 12 months. Every
        child counts, babies included. {_NOT_DONE.format(done="checked")}
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=OC2_COHORT,
    section="A8",
    lait_measure="LACDental%",
)
def oc2_dental(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    return oc2_rate(tables, period=period, field="TEETH_CHECK")


@register(
    id="oc2_immunisations",
    title="Children in care for 12 months whose immunisations are up to date",
    definition=f"""
        Of the children in care for the whole 12 months to the end of the period, the
        percentage who had every immunisation a child of their age should have had,
        including those due before they came into care.
        {_NOT_DONE.format(done="up to date")}
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=OC2_COHORT,
    section="A8",
    lait_measure="LACVaccinations%",
)
def oc2_immunisations(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    return oc2_rate(tables, period=period, field="IMMUNISATIONS")


@register(
    id="oc2_substance_misuse",
    title="Children in care for 12 months identified as having a substance misuse problem",
    definition="""
        Of the children in care for the whole 12 months to the end of the period, the
        percentage identified during those 12 months as having a problem with drugs or
        alcohol. A child with no OC2 record for the year counts as not identified.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort=OC2_COHORT,
    section="A8",
    lait_measure="LACSubstance",
)
def oc2_substance_misuse(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    return oc2_rate(tables, period=period, field="SUBSTANCE_MISUSE")


@register(
    id="oc2_convicted",
    title="Children in care for 12 months aged 10 to 17 convicted or cautioned",
    definition="""
        Of the children aged 10 to 17 at the end of the period who had been in care for the
        whole 12 months to then, the percentage convicted, or given a youth caution or youth
        conditional caution, during those 12 months. A child with no OC2 record for the year
        counts as not convicted. Lower is better.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort=f"{OC2_COHORT}; aged 10 to 17 on the last day",
    section="A8",
    lait_measure="LAC_Convictions",
)
def oc2_convicted(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    return oc2_rate(tables, period=period, field="CONVICTED", ages=AGED_10_17)


@register(
    id="oc2_sdq_completed",
    title="Children in care for 12 months aged 5 to 16 with a strengths and difficulties score",
    definition="""
        Of the children aged 5 to 16 at the end of the period who had been in care for the
        whole 12 months to then, the percentage with a strengths and difficulties
        questionnaire (SDQ) score for those 12 months. A child with no score, whatever the
        reason given, or with no OC2 record, counts as not completed.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=f"{OC2_COHORT}; aged 5 to 16 on the last day",
    section="A8",
)
def oc2_sdq_completed(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    cohort = oc2_children(tables, period=period, ages=AGED_5_16)
    return IndicatorResult.percentage(
        cohort.select(
            "CHILD",
            "age",
            "SDQ_SCORE",
            "SDQ_REASON",
            in_numerator=pl.col("SDQ_SCORE").is_not_null(),
        ),
        period=period,
    )


@register(
    id="oc2_sdq_average",
    title="Average strengths and difficulties score of children in care for 12 months",
    definition="""
        The average strengths and difficulties questionnaire (SDQ) score, from 0 to 40, of
        the children aged 5 to 16 at the end of the period who had been in care for the
        whole 12 months to then and who have a score. Children without a score are left
        out. 0 to 13 is normal, 14 to 16 borderline, and 17 or more a cause for concern.
        Lower is better. The numerator and denominator are both the number of children
        with a score; the value is their mean score, unrounded.
    """,
    unit=Unit.MEAN,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort=f"{OC2_COHORT}; aged 5 to 16 on the last day, with an SDQ score",
    section="A8",
    lait_measure="Emotional_LAC",
)
def oc2_sdq_average(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    scored = (
        oc2_children(tables, period=period, ages=AGED_5_16)
        .filter(pl.col("SDQ_SCORE").is_not_null())
        .select(
            pl.col("CHILD").cast(pl.String), pl.lit(True).alias("in_numerator"), "age", "SDQ_SCORE"
        )
        .sort("CHILD")
    )
    n = scored.height
    mean = scored.get_column("SDQ_SCORE").mean() if n else None
    value = float(mean) if isinstance(mean, int | float) else None
    return IndicatorResult(period, Unit.MEAN, n, n, value, scored)


@register(
    id="oc2_development_assessments",
    title="Children in care for 12 months aged under 5 with development assessments up to date",
    definition=f"""
        Of the children aged under 5 at the end of the period who had been in care for the
        whole 12 months to then, the percentage whose development assessments (health
        surveillance and health promotion checks) are up to date. Babies under 1 who have
        been in care all year count. {_NOT_DONE.format(done="up to date")}
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=f"{OC2_COHORT}; aged 0 to 4 on the last day",
    section="A8",
)
def oc2_development_assessments(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    return oc2_rate(tables, period=period, field="HEALTH_CHECK", ages=AGED_0_4)


def _substance_intervention(
    tables: Mapping[str, pl.DataFrame], *, period: Period, field: str
) -> IndicatorResult:
    """Of the OC2 cohort identified with substance misuse, the percentage with ``field`` 1."""
    cohort = oc2_children(tables, period=period).filter(pl.col("SUBSTANCE_MISUSE") == 1)
    return IndicatorResult.percentage(
        cohort.select("CHILD", "SUBSTANCE_MISUSE", field, in_numerator=pl.col(field).eq(1)),
        period=period,
    )


_MISUSE_COHORT = f"{OC2_COHORT}; identified as having a substance misuse problem"


@register(
    id="oc2_substance_intervention_received",
    title="Children in care for 12 months with substance misuse who received an intervention",
    definition="""
        Of the children in care for the whole 12 months to the end of the period who were
        identified as having a problem with drugs or alcohol, the percentage who received an
        intervention for it. A blank counts as not received.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_MISUSE_COHORT,
    section="A8",
)
def oc2_substance_intervention_received(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    return _substance_intervention(tables, period=period, field="INTERVENTION_RECEIVED")


@register(
    id="oc2_substance_intervention_refused",
    title="Children in care for 12 months with substance misuse who refused an intervention",
    definition="""
        Of the children in care for the whole 12 months to the end of the period who were
        identified as having a problem with drugs or alcohol, the percentage who were
        offered an intervention and refused it (the OC2 field INTERVENTION_OFFERED is 1 only
        when the offer was refused). A blank counts as not refused.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.NEITHER,
    cohort=_MISUSE_COHORT,
    section="A8",
)
def oc2_substance_intervention_refused(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    return _substance_intervention(tables, period=period, field="INTERVENTION_OFFERED")
