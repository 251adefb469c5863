"""Health assessments and dental checks (indicators reference §B).

- Initial health assessment: within 20 working days of becoming looked after, so that it
  informs the first review (CPPCR 2010 reg 7: before the first placement or, if not
  practicable, before the first review; the 20 working days are the statutory guidance's,
  *Promoting the health and well-being of looked-after children*, 2015).
- Review health assessments: at least every 6 months before the child's 5th birthday and
  every 12 months from then (reg 7 and Schedule 1). The child's age on the day of the last
  assessment decides: one held at 4 years 10 months is next due 6 months later, one held at
  5 years 2 months a year later.
- Dental checks: at least every 12 months. Neither the regulations nor the guidance set an
  interval; 12 months is NICE's longest recall interval for under-18s (CG19) and the span of
  the DfE's OC2 dental measure.

Each clock starts again with each period of care. An assessment or check counts when its
status is completed or not recorded (planned, refused and cancelled ones do not).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from incare.indicators.building_blocks import age_on
from incare.indicators.local.tables import records
from incare.indicators.reviews import FIRST_REVIEW_WORKING_DAYS
from incare.worklists.duedates.calendar import add_months, add_working_days, holidays_for
from incare.worklists.duedates.chain import chained, described
from incare.worklists.duedates.cohorts import births, care_periods

INITIAL_ASSESSMENT_WORKING_DAYS = FIRST_REVIEW_WORKING_DAYS
UNDER_5_MONTHS, FROM_5_MONTHS = 6, 12
DENTAL_MONTHS = 12
DONE = ("completed",)


def _checks(tables: Mapping[str, pl.DataFrame], kind: str) -> pl.DataFrame:
    return (
        records(tables, "health_checks")
        .filter(
            pl.col("check_type") == kind,
            pl.col("status").is_null() | pl.col("status").is_in(DONE),
        )
        .select(pl.col("CHILD").cast(pl.String), pl.col("check_date").alias("event_date"))
        .drop_nulls()
    )


def health_assessment_obligations(
    tables: Mapping[str, pl.DataFrame], *, as_at: date, since: date | None = None
) -> pl.DataFrame:
    """The initial and then the review health assessments of every period of care."""
    anchors = care_periods(tables)
    days = holidays_for(anchors["anchor_start"], as_at=as_at)
    dob = births(tables)

    def due(steps: pl.DataFrame) -> pl.DataFrame:
        steps = steps.join(dob, on="CHILD", how="left")
        first = pl.col("number") == 0
        under_5 = age_on(pl.col("DOB"), pl.col("event_date")) < 5
        return steps.with_columns(
            rule=pl.when(first)
            .then(pl.lit("initial_health_assessment"))
            .otherwise(pl.lit("review_health_assessment")),
            due_date=pl.when(first)
            .then(
                add_working_days(
                    pl.col("event_date"), INITIAL_ASSESSMENT_WORKING_DAYS, bank_holidays=days
                )
            )
            .when(under_5.fill_null(False))
            .then(add_months(pl.col("event_date"), UNDER_5_MONTHS))
            .otherwise(add_months(pl.col("event_date"), FROM_5_MONTHS)),
            basis=pl.when(first)
            .then(described("became looked after", pl.col("event_date")))
            .when(under_5.fill_null(False))
            .then(described("previous assessment (under 5)", pl.col("event_date")))
            .otherwise(described("previous assessment", pl.col("event_date"))),
        )

    return chained(
        anchors,
        _checks(tables, "health_assessment"),
        as_at=as_at,
        since=since,
        end_inclusive=True,
        due=due,
    )


def dental_obligations(
    tables: Mapping[str, pl.DataFrame], *, as_at: date, since: date | None = None
) -> pl.DataFrame:
    """A dental check within 12 months of coming into care, then of the previous one."""

    def due(steps: pl.DataFrame) -> pl.DataFrame:
        first = pl.col("number") == 0
        return steps.with_columns(
            rule=pl.lit("dental_check"),
            due_date=add_months(pl.col("event_date"), DENTAL_MONTHS),
            basis=pl.when(first)
            .then(described("became looked after", pl.col("event_date")))
            .otherwise(described("previous dental check", pl.col("event_date"))),
        )

    return chained(
        care_periods(tables),
        _checks(tables, "dental_check"),
        as_at=as_at,
        since=since,
        end_inclusive=True,
        due=due,
    )
