"""The five timeliness indicators (indicators reference §A8, §A14-§A17 and §B).

Four count obligations that fell due in the period (reviews, visits, health assessments,
PEPs): the percentage done by the day they were due, whether done or not since. The unit is
the obligation, not the child, as for ``reviews_on_time``; the children behind the figure are
one row each with how many fell due and how many were on time. The fifth is a snapshot of
care leavers at the period end, since their records hold only the latest pathway plan review.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from incare.indicators.local.common import per_child, per_event
from incare.indicators.periods import Period, add_months
from incare.indicators.result import IndicatorResult, Polarity, Unit, register

REVIEW_RULES = ("review_first", "review_second", "review_later")
VISIT_RULES = (
    "visit_new_placement",
    "visit_first_year",
    "visit_long_term",
    "visit_after_first_year",
    "visit_placed_with_parent",
    "visit_interim_order_or_connected_person",
    "visit_care_order_at_home",
)
HEALTH_RULES = ("initial_health_assessment", "review_health_assessment")
PEP_RULES = ("pep_initial", "pep_termly")
LOOK_BACK_MONTHS = 12
"""Spans (periods of care, placements) that ended this long before the period still count:
a review held before the period can set one due in it."""


_LAST: list[tuple[tuple[tuple[str, pl.DataFrame], ...], date, date, pl.DataFrame]] = []
"""The last obligations worked out, with the frames they came from: the five indicators of
one scorecard or report share them instead of working them out five times."""


def obligations(tables: Mapping[str, pl.DataFrame], *, as_at: date, since: date) -> pl.DataFrame:
    """The worklists' obligations (``incare.worklists.duedates.obligations``)."""
    # Imported here, not at the top: the due-date rules build on incare.indicators, which
    # imports this module while it loads.
    from incare.worklists.duedates.worklist import obligations as due

    frames = tuple(tables.items())
    for held, held_as_at, held_since, found in _LAST:
        same = len(held) == len(frames) and all(
            a == b and x is y for (a, x), (b, y) in zip(held, frames, strict=True)
        )
        if same and (held_as_at, held_since) == (as_at, since):
            return found
    found = due(tables, as_at=as_at, since=since)
    _LAST[:] = [(frames, as_at, since, found)]
    return found


def _due_in_period(
    tables: Mapping[str, pl.DataFrame], *, period: Period, rules: tuple[str, ...]
) -> pl.DataFrame:
    since: date = add_months(period.start, -LOOK_BACK_MONTHS)
    found = obligations(tables, as_at=period.end, since=since)
    return found.filter(
        pl.col("rule").is_in(rules), pl.col("due_date").is_between(period.start, period.end)
    ).with_columns(
        on_time=pl.col("met_on").is_not_null() & (pl.col("met_on") <= pl.col("due_date"))
    )


def _share_on_time(
    tables: Mapping[str, pl.DataFrame], *, period: Period, rules: tuple[str, ...]
) -> IndicatorResult:
    return per_event(
        _due_in_period(tables, period=period, rules=rules), period=period, success="on_time"
    )


_PER_OBLIGATION = """Unit: each one due, not each child; a child is behind the figure once,
    with how many fell due and how many were on time."""


@register(
    id="reviews_due_held_on_time",
    title="Looked-after reviews that fell due in the period held on time",
    definition=f"""
        Of the looked-after reviews that fell due in the period (the first 20 working days
        after coming into care, the second 3 months after the first, then every 6 months:
        CPPCR 2010 reg 33), the percentage held by the day they were due. A review that was
        due and not held counts as late, which is what "Reviews of children in care held on
        time" (reviews held) cannot show. {_PER_OBLIGATION}
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Reviews (not children) due in the period, in a period of care",
    section="A14",
)
def reviews_due_held_on_time(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    return _share_on_time(tables, period=period, rules=REVIEW_RULES)


@register(
    id="visits_due_made_on_time",
    title="Statutory visits that fell due in the period made on time",
    definition=f"""
        Of the social worker visits that fell due in the period under CPPCR 2010 reg 28
        (within a week of each placement, then at most 6 weeks apart in its first year and
        3 months after it for long-term placements; weekly, 4- or 6-weekly for children at
        home with a parent or with a temporarily approved connected person), the percentage
        made by the day they were due, counting visits at which the child was seen or
        seeing was not recorded. {_PER_OBLIGATION}
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Statutory visits (not children) due in the period to children in care",
    section="A15",
)
def visits_due_made_on_time(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    return _share_on_time(tables, period=period, rules=VISIT_RULES)


@register(
    id="health_assessments_due_in_time",
    title="Health assessments that fell due in the period done in time",
    definition=f"""
        Of the initial health assessments (20 working days after coming into care) and
        review health assessments (6-monthly under 5, yearly from 5) that fell due in the
        period, the percentage completed by the day they were due (CPPCR 2010 reg 7 and the
        2015 statutory guidance). Planned, refused and cancelled assessments do not count as
        done. {_PER_OBLIGATION}
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Initial and review health assessments (not children) due in the period",
    section="A8",
)
def health_assessments_due_in_time(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    return _share_on_time(tables, period=period, rules=HEALTH_RULES)


@register(
    id="peps_due_held_on_time",
    title="Personal education plans held each term on time",
    definition=f"""
        Of the personal education plans that fell due in the period for school-age children
        in care (the first within 20 working days of coming into care, then one each school
        term, due by the term's last day: 31 December, 31 March, 31 August), the percentage
        held by the day they were due (statutory guidance, Promoting the education of
        looked-after children, 2018). {_PER_OBLIGATION}
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="PEPs (not children) due in the period for school-age children in care",
    section="A16",
)
def peps_due_held_on_time(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    return _share_on_time(tables, period=period, rules=PEP_RULES)


@register(
    id="pathway_plans_reviewed_in_time",
    title="Care leavers whose pathway plan review is not overdue",
    definition="""
        Of the eligible, relevant and former relevant young people under 21 the council
        records as care leavers, the percentage whose pathway plan review was not overdue at
        the end of the period: reviewed within the 6 months before (Care Leavers (England)
        Regulations 2010 reg 7; CPPCR 2010 regs 42-44), or, with none recorded, not yet 3
        months past their 16th birthday. The records hold each young person's latest
        review, so figures for past dates use today's records.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_IS_BETTER,
    cohort="Eligible, relevant and former relevant young people under 21 (care leaver records)",
    section="A17",
)
def pathway_plans_reviewed_in_time(
    tables: Mapping[str, pl.DataFrame], *, period: Period
) -> IndicatorResult:
    since = add_months(period.start, -LOOK_BACK_MONTHS)
    found = obligations(tables, as_at=period.end, since=since).filter(
        pl.col("rule") == "pathway_plan_review"
    )
    cohort = found.select("CHILD", "due_date").unique("CHILD", keep="first")
    return per_child(cohort, period=period, success=pl.col("due_date") >= period.end)
