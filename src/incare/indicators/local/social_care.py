"""Local indicators of social care practice: visits, return interviews, permanence plans,
independent visitors and advocates, Mockingbird (indicators.md §A10, §A14, §A15)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.building_blocks import periods_of_care, require_table
from incare.indicators.local.common import (
    count_of,
    in_care_at_end,
    in_care_on,
    per_child,
    per_event,
)
from incare.indicators.local.tables import records
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Polarity, Unit, register

RHI_HOURS = 72
"""Statutory guidance (DfE 2014, *Children who run away or go missing*): offer an independent
return interview within 72 hours of the child's return."""


@register(
    id="seen_alone_at_visits",
    title="Children in care seen alone at their statutory visit",
    definition="""
        Of the statutory social worker visits made in the period to children who were in
        care on the day of the visit, the percentage at which the child was seen alone.
        A visit where seeing alone is not recorded counts as not seen alone.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Statutory visits in the period to children in care that day (visits, not children)",
    section="A15",
)
def seen_alone_at_visits(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    visits = records(tables, "statutory_visits").filter(
        pl.col("visit_date").is_between(period.start, period.end)
    )
    visits = in_care_on(visits, require_table(tables, "episodes"), day="visit_date")
    return per_event(visits, period=period, success="seen_alone")


@register(
    id="return_interview_after_missing",
    title="Missing episodes followed by the offer of a return home interview",
    definition=f"""
        Of the missing episodes (whereabouts not known) of children in care that ended in
        the period, as the 903 return lists them, the percentage after which the child was
        offered a return home interview, from the council's missing episode records. An
        episode with no record of an offer counts as not offered. The SSD does not record
        when the offer was made, so the {RHI_HOURS}-hour expectation is not tested.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Missing episodes of children in care that ended in the period (episodes, not children)",
    section="A10",
)
def return_interview_after_missing(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    missing = require_table(tables, "missing")
    ended = (
        missing.filter(
            pl.col("MISSING").eq("M").fill_null(False),
            pl.col("MIS_END").is_between(period.start, period.end),
        )
        .select("CHILD", "MIS_START", "MIS_END")
        .unique(["CHILD", "MIS_START"], keep="last", maintain_order=True)
    )
    ended = in_care_on(ended, require_table(tables, "episodes"), day="MIS_START")
    offers = records(tables, "missing_episodes").select(
        "CHILD", pl.col("start_date").alias("MIS_START"), "rhi_offered"
    )
    return per_event(
        ended.join(offers, on=["CHILD", "MIS_START"], how="left"),
        period=period,
        success="rhi_offered",
    )


@register(
    id="independent_visitor_or_advocate_offered",
    title="Children in care offered an independent visitor or advocate",
    definition="""
        Of the children in care at the end of the period, the percentage who had been
        offered an independent visitor or an independent advocate by then (at any time
        before, whether or not they accepted).
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Children looked after at the period end (short breaks aside)",
    section="A15",
)
def independent_visitor_or_advocate_offered(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    offered = (
        records(tables, "advocacy_offers")
        .filter(pl.col("offered_on") <= period.end)
        .group_by("CHILD")
        .agg(first_offered=pl.col("offered_on").min())
    )
    cohort = in_care_at_end(tables, period=period).join(offered, on="CHILD", how="left")
    return per_child(
        cohort.select("CHILD", "first_offered"),
        period=period,
        success=pl.col("first_offered").is_not_null(),
    )


def second_reviews(tables: Mapping[str, pl.DataFrame], *, period: Period) -> pl.DataFrame:
    """Each child's second review of their latest period of care, when it fell in the period
    (``CHILD``, ``period_of_care_start``, ``second_review``)."""
    starts = (
        periods_of_care(require_table(tables, "episodes"))
        .filter(pl.col("DECOM") <= period.end)
        .group_by("CHILD")
        .agg(period_of_care_start=pl.col("period_of_care_start").max())
    )
    reviews = require_table(tables, "reviews").select("CHILD", "REVIEW").unique()
    return (
        reviews.join(starts, on="CHILD", how="inner")
        .filter(pl.col("REVIEW") >= pl.col("period_of_care_start"))
        .sort("CHILD", "REVIEW")
        .group_by("CHILD", maintain_order=True)
        .agg(
            pl.col("period_of_care_start").first(),
            second_review=pl.col("REVIEW").get(1, null_on_oob=True),
        )
        .filter(pl.col("second_review").is_between(period.start, period.end))
    )


@register(
    id="permanence_plan_at_second_review",
    title="Children in care with a plan for permanence at their second review",
    definition="""
        Of the children whose second looked-after review of their current period of care
        (due about four months after they came into care) was held in the period, the
        percentage whose care plan in force on the day of that review recorded a plan for
        permanence.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Children whose second review of their latest period of care fell in the period",
    section="A14",
)
def permanence_plan_at_second_review(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    second = second_reviews(tables, period=period)
    plans = records(tables, "care_plans").filter(pl.col("permanence_plan").is_not_null())
    in_force = (
        second.join(plans, on="CHILD", how="inner")
        .filter(
            pl.col("start_date") <= pl.col("second_review"),
            pl.col("end_date").is_null() | (pl.col("end_date") >= pl.col("second_review")),
        )
        .sort("start_date")
        .group_by("CHILD")
        .agg(permanence_plan=pl.col("permanence_plan").last())
    )
    cohort = second.join(in_force, on="CHILD", how="left")
    return per_child(
        cohort.select("CHILD", "second_review", "permanence_plan"),
        period=period,
        success=pl.col("permanence_plan").is_not_null(),
    )


def _mockingbird_at_end(tables: Mapping[str, pl.DataFrame], *, period: Period) -> pl.DataFrame:
    return records(tables, "mockingbird").filter(
        pl.col("joined_on") <= period.end,
        pl.col("left_on").is_null() | (pl.col("left_on") > period.end),
    )


_MOCKINGBIRD_COHORT = """Mockingbird memberships of children's fostering households open at the
    period end"""


@register(
    id="mockingbird_constellations",
    title="Foster families in Mockingbird constellations",
    definition="""
        The number of fostering households caring for a child of the council that belonged
        to a Mockingbird constellation at the end of the period, from the memberships the
        council records for its children. Households with no child of the council placed
        are not recorded, so are not counted.
    """,
    unit=Unit.COUNT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_MOCKINGBIRD_COHORT,
    section="A15",
)
def mockingbird_constellations(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    members = _mockingbird_at_end(tables, period=period)
    return count_of(
        members, period=period, column="household", children=members.select("CHILD", "household")
    )


@register(
    id="mockingbird_constellations_active",
    title="Active Mockingbird constellations",
    definition="""
        The number of Mockingbird constellations (a hub carer's home supporting a group of
        fostering households) with at least one household caring for a child of the council
        at the end of the period.
    """,
    unit=Unit.COUNT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort=_MOCKINGBIRD_COHORT,
    section="A15",
)
def mockingbird_constellations_active(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    members = _mockingbird_at_end(tables, period=period)
    return count_of(
        members,
        period=period,
        column="constellation",
        children=members.select("CHILD", "constellation"),
    )
