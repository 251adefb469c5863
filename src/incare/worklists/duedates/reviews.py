"""Looked-after reviews (CPPCR 2010 reg 33; indicators reference §A14 and §B).

The first review is due within 20 working days of the child becoming looked after
(reg 33(1)), the second not more than 3 months after the first and each later one not more
than 6 months after the one before (reg 33(2)). Working days leave out weekends and England
and Wales bank holidays; months are calendar months (see ``calendar``). The clock restarts
with each period of care, so a child who comes back into care is due a first review again.
Short breaks (legal status V3/V4, modified by reg 48) are not care here and have no due
reviews. The same counting as the ``reviews_on_time`` indicator.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from incare.indicators.building_blocks import require_table
from incare.indicators.reviews import (
    FIRST_REVIEW_WORKING_DAYS,
    LATER_REVIEW_MONTHS,
    SECOND_REVIEW_MONTHS,
)
from incare.worklists.duedates.calendar import add_months, add_working_days, holidays_for
from incare.worklists.duedates.chain import chained, described
from incare.worklists.duedates.cohorts import care_periods


def review_obligations(
    tables: Mapping[str, pl.DataFrame], *, as_at: date, since: date | None = None
) -> pl.DataFrame:
    """Every looked-after review due, with when it was held (see ``chain.chained``)."""
    anchors = care_periods(tables)
    reviews = (
        require_table(tables, "reviews")
        .select(pl.col("CHILD").cast(pl.String), pl.col("REVIEW").alias("event_date"))
        .drop_nulls()
    )
    days = holidays_for(anchors["anchor_start"], as_at=as_at)

    def due(steps: pl.DataFrame) -> pl.DataFrame:
        first = add_working_days(
            pl.col("event_date"), FIRST_REVIEW_WORKING_DAYS, bank_holidays=days
        )
        number = pl.col("number")
        return steps.with_columns(
            rule=pl.when(number == 0)
            .then(pl.lit("review_first"))
            .when(number == 1)
            .then(pl.lit("review_second"))
            .otherwise(pl.lit("review_later")),
            due_date=pl.when(number == 0)
            .then(first)
            .when(number == 1)
            .then(add_months(pl.col("event_date"), SECOND_REVIEW_MONTHS))
            .otherwise(add_months(pl.col("event_date"), LATER_REVIEW_MONTHS)),
            basis=pl.when(number == 0)
            .then(described("became looked after", pl.col("event_date")))
            .otherwise(described("previous review", pl.col("event_date"))),
        )

    return chained(anchors, reviews, as_at=as_at, since=since, end_inclusive=True, due=due)
