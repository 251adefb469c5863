"""Statutory social worker visits (CPPCR 2010 reg 28; indicators reference §A15 and §B).

The clock restarts with every placement (a change of carer; a legal status change or a move
with the same carers does not start one, as in the DfE stability measures). Which interval
applies is decided by the child's 903 episode on the day of the visit it is counted from:

- reg 28(2), every placement: a visit within 1 week of its start; then at most 6 weeks apart
  while the placement is in its first year; after that at most 3 months apart if the
  placement is intended to last until 18, otherwise 6 weeks. We read "intended to last until
  18" from the 903 placement type: long-term fostering, ``PLACE`` U1 (relative or friend) or
  U4 (other foster carer). A long-term decision with the same carers is a new episode with
  the same carers, so the placement, and its first year, carry on.
- reg 28(3), placed with a parent (``PLACE`` P1) other than under an interim or full care
  order (reg 19): weekly until the first review of the period of care, then at most 6 weeks.
- reg 28(4), an interim care order (``LS`` C1) while living with a parent, or a connected
  person's temporary approval (reg 24): weekly until the first review, then at most 4 weeks.
  The 903 cannot show a temporary approval; we take it to be the first 16 weeks (reg 25) of a
  placement with a relative or friend that is not long-term or fostering for adoption
  (``PLACE`` U3).
- reg 28(5), a care order (``LS`` C2) while living with a parent: within 1 week of the care
  order, then at most 6 weeks. A care order made while the child is at home starts the clock
  again, as a placement does.

"Weekly until the first review": a visit is next due a week later unless the first review is
held within that week, when the longer interval runs from the visit. Weeks and months are
calendar time. A visit recorded as the child not seen does not count; one where seeing is
not recorded does. Short breaks (reg 48: visits at intervals agreed with the IRO) are left
out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import polars as pl

from incare.indicators.building_blocks import periods_of_care, require_table
from incare.indicators.local.tables import records
from incare.worklists.duedates.calendar import add_months
from incare.worklists.duedates.chain import chained, described
from incare.worklists.duedates.cohorts import care_periods, episode_on, placement_spans

WEEK = timedelta(weeks=1)
FIRST_YEAR_INTERVAL = timedelta(weeks=6)
LONG_TERM_MONTHS = 3
AFTER_REVIEW_AT_HOME = timedelta(weeks=6)
"""reg 28(3)(b) and 28(5)(b)."""
AFTER_REVIEW_INTERIM_OR_CONNECTED = timedelta(weeks=4)
"""reg 28(4)(b)."""
TEMPORARY_APPROVAL = timedelta(weeks=16)
"""CPPCR reg 25: a temporary approval of a connected person lasts up to 16 weeks."""
LONG_TERM_PLACEMENTS = ("U1", "U4")
CONNECTED_NOT_LONG_TERM = "U3"
WITH_PARENT = "P1"
INTERIM_CARE_ORDER, CARE_ORDER = "C1", "C2"


def _care_orders_at_home(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """Days a care order began while the child lived with a parent (reg 28(5)(a))."""
    episodes = periods_of_care(require_table(tables, "episodes"))
    became_c2 = pl.col("LS").eq(CARE_ORDER) & pl.col("LS").shift().over("CHILD").ne_missing(
        CARE_ORDER
    )
    return episodes.filter(became_c2 & pl.col("PLACE").eq(WITH_PARENT)).select(
        pl.col("CHILD").cast(pl.String), pl.col("DECOM").alias("anchor_start")
    )


def _anchors(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """Placements, split where a care order is made at home."""
    spans = placement_spans(tables).with_columns(placement_start=pl.col("anchor_start"))
    orders = (
        _care_orders_at_home(tables)
        .join(spans.select("CHILD", "anchor_start"), on=["CHILD", "anchor_start"], how="anti")
        .sort("CHILD", "anchor_start")
        .join_asof(
            spans.select(
                "CHILD",
                pl.col("anchor_start").alias("placement_start"),
                "anchor_end",
                "period_start",
            ).sort("CHILD", "placement_start"),
            left_on="anchor_start",
            right_on="placement_start",
            by="CHILD",
            strategy="backward",
            check_sortedness=False,
        )
        .filter(
            pl.col("placement_start").is_not_null()
            & (pl.col("anchor_end").is_null() | (pl.col("anchor_start") < pl.col("anchor_end")))
        )
    )
    starts = pl.concat([spans, orders], how="diagonal_relaxed").sort("CHILD", "anchor_start")
    next_start = pl.col("anchor_start").shift(-1).over("CHILD", "placement_start")
    return starts.with_columns(anchor_end=pl.coalesce(next_start, pl.col("anchor_end")))


def _first_reviews(tables: Mapping[str, pl.DataFrame], *, as_at: date) -> pl.DataFrame:
    """``CHILD``, ``period_start`` and the day of the period's first review held by ``as_at``."""
    reviews = (
        require_table(tables, "reviews")
        .select(pl.col("CHILD").cast(pl.String), "REVIEW")
        .filter(pl.col("REVIEW") <= as_at)
        .drop_nulls()
        .sort("CHILD", "REVIEW")
    )
    periods = care_periods(tables).rename({"anchor_start": "period_start"})
    matched = reviews.join_asof(
        periods.sort("CHILD", "period_start"),
        left_on="REVIEW",
        right_on="period_start",
        by="CHILD",
        strategy="backward",
        check_sortedness=False,
    ).filter(pl.col("anchor_end").is_null() | (pl.col("REVIEW") <= pl.col("anchor_end")))
    return matched.group_by("CHILD", "period_start").agg(first_review=pl.col("REVIEW").min())


def visit_obligations(
    tables: Mapping[str, pl.DataFrame], *, as_at: date, since: date | None = None
) -> pl.DataFrame:
    """Every statutory visit due, with when it was made (see ``chain.chained``)."""
    visits = (
        records(tables, "statutory_visits")
        .filter(pl.col("seen").ne_missing(False))
        .select(pl.col("CHILD").cast(pl.String), pl.col("visit_date").alias("event_date"))
        .drop_nulls()
    )
    first_reviews = _first_reviews(tables, as_at=as_at)

    def due(steps: pl.DataFrame) -> pl.DataFrame:
        steps = episode_on(tables, steps, day="event_date").join(
            first_reviews, on=["CHILD", "period_start"], how="left"
        )
        day, place, ls = pl.col("event_date"), pl.col("PLACE"), pl.col("LS")
        at_home = place.eq(WITH_PARENT).fill_null(False)
        care_order = at_home & ls.eq(CARE_ORDER).fill_null(False)
        interim_or_connected = (at_home & ls.eq(INTERIM_CARE_ORDER).fill_null(False)) | (
            place.eq(CONNECTED_NOT_LONG_TERM).fill_null(False)
            & (day < pl.col("placement_start") + TEMPORARY_APPROVAL)
        )
        placed_with_parent = at_home & ~care_order & ~interim_or_connected
        weekly = (interim_or_connected | placed_with_parent) & (
            pl.col("first_review").is_null() | (pl.col("first_review") > day + WEEK)
        )
        first_year = day < add_months(pl.col("placement_start"), 12)
        long_term = place.is_in(LONG_TERM_PLACEMENTS).fill_null(False)
        first = pl.col("number") == 0
        rule = (
            pl.when(care_order)
            .then(pl.lit("visit_care_order_at_home"))
            .when(interim_or_connected)
            .then(pl.lit("visit_interim_order_or_connected_person"))
            .when(placed_with_parent)
            .then(pl.lit("visit_placed_with_parent"))
            .when(first)
            .then(pl.lit("visit_new_placement"))
            .when(first_year)
            .then(pl.lit("visit_first_year"))
            .when(long_term)
            .then(pl.lit("visit_long_term"))
            .otherwise(pl.lit("visit_after_first_year"))
        )
        due_date = (
            pl.when(first | weekly)
            .then(day + WEEK)
            .when(interim_or_connected)
            .then(day + AFTER_REVIEW_INTERIM_OR_CONNECTED)
            .when(care_order | placed_with_parent)
            .then(day + AFTER_REVIEW_AT_HOME)
            .when(first_year | ~long_term)
            .then(day + FIRST_YEAR_INTERVAL)
            .otherwise(add_months(day, LONG_TERM_MONTHS))
        )
        basis = (
            pl.when(first & (pl.col("anchor_start") == pl.col("placement_start")))
            .then(described("placement began", day))
            .when(first)
            .then(described("care order made at home", day))
            .otherwise(described("previous visit", day))
        )
        return steps.with_columns(rule=rule, due_date=due_date, basis=basis)

    return chained(_anchors(tables), visits, as_at=as_at, since=since, due=due)
