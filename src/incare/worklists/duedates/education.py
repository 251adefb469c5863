"""Personal education plans (indicators reference §A16 and §B).

Statutory guidance (*Promoting the education of looked-after children and previously
looked-after children*, DfE, February 2018): a PEP is started when a child of school age
becomes looked after, in time for the first review (20 working days), and reviewed every
school term. Our choices, shared with the ``pep_up_to_date`` indicator:

- school age is compulsory school age, Years 1 to 11: 5 to 15 on the 31 August before the
  academic year (Education Act 1996 s8);
- terms run autumn 1 September to 31 December, spring 1 January to 31 March, summer 1 April
  to 31 August (the holidays belong to the term they follow); a term's PEP is due by the
  term's last day;
- a term's PEP is due for a child in care on the first day of the term; the term a child
  comes into care in is covered by the first PEP (20 working days);
- a missed PEP of a past term stays a breach but is no longer on the worklist: the current
  term's PEP is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from incare.indicators.building_blocks import age_on
from incare.indicators.local.common import FIRST_SCHOOL_YEAR_AGE, LAST_SCHOOL_YEAR_AGE
from incare.indicators.local.tables import records
from incare.indicators.periods import add_months as months_after
from incare.indicators.reviews import FIRST_REVIEW_WORKING_DAYS
from incare.worklists.duedates.calendar import (
    add_working_days,
    holidays_for,
    term_start,
    terms_between,
)
from incare.worklists.duedates.chain import OBLIGATION_SCHEMA, described
from incare.worklists.duedates.cohorts import births, care_periods

HISTORY_MONTHS = 36
"""How far back term obligations are listed when no ``since`` is given."""


def _school_age(day: pl.Expr) -> pl.Expr:
    """Of compulsory school age in the academic year ``day`` falls in."""
    year = pl.when(day.dt.month() >= 9).then(day.dt.year()).otherwise(day.dt.year() - 1)
    began = pl.date(year, 8, 31)
    return age_on(pl.col("DOB"), began).is_between(FIRST_SCHOOL_YEAR_AGE, LAST_SCHOOL_YEAR_AGE)


def _peps(tables: Mapping[str, pl.DataFrame], *, as_at: date) -> pl.DataFrame:
    return (
        records(tables, "peps")
        .filter(pl.col("pep_date") <= as_at)
        .select(pl.col("CHILD").cast(pl.String), pl.col("pep_date"))
        .drop_nulls()
    )


def _first_pep_between(
    frame: pl.DataFrame, peps: pl.DataFrame, *, start: str, end: pl.Expr
) -> pl.DataFrame:
    """``frame`` with ``met_on``: the first PEP from ``start`` to ``end`` (inclusive)."""
    keyed = frame.with_row_index("_row")
    found = (
        keyed.select("_row", "CHILD", start, _end=end)
        .join(peps, on="CHILD", how="inner")
        .filter(pl.col("pep_date") >= pl.col(start), pl.col("pep_date") <= pl.col("_end"))
        .group_by("_row")
        .agg(met_on=pl.col("pep_date").min())
    )
    return keyed.join(found, on="_row", how="left").drop("_row")


def pep_obligations(
    tables: Mapping[str, pl.DataFrame], *, as_at: date, since: date | None = None
) -> pl.DataFrame:
    """The first PEP of each period of care of a school-age child, and each term's PEP."""
    periods = (
        care_periods(tables)
        .filter(pl.col("anchor_start") <= as_at)
        .with_columns(
            anchor_end=pl.when(pl.col("anchor_end") > as_at).then(None).otherwise("anchor_end")
        )
        .filter(pl.col("anchor_end").is_null() | (pl.col("anchor_end") >= (since or date.min)))
        .join(births(tables), on="CHILD", how="inner")
    )
    peps = _peps(tables, as_at=as_at)
    days = holidays_for(periods["anchor_start"], as_at=as_at)
    still_open = pl.col("anchor_end").is_null()
    before_end = pl.coalesce(pl.col("anchor_end") - pl.duration(days=1), pl.lit(as_at))

    first = _first_pep_between(
        periods.filter(_school_age(pl.col("anchor_start"))),
        peps,
        start="anchor_start",
        end=before_end,
    ).with_columns(
        rule=pl.lit("pep_initial"),
        due_date=add_working_days(
            pl.col("anchor_start"), FIRST_REVIEW_WORKING_DAYS, bank_holidays=days
        ),
        basis=described("became looked after", pl.col("anchor_start")),
    )
    first = first.filter(
        pl.col("met_on").is_not_null() | still_open | (pl.col("due_date") < pl.col("anchor_end"))
    ).with_columns(outstanding=pl.col("met_on").is_null() & still_open)

    current = term_start(as_at)
    first_term = since or months_after(as_at, -HISTORY_MONTHS)
    terms = pl.DataFrame(
        terms_between(first_term, as_at),
        schema={"term_start": pl.Date(), "term_end": pl.Date()},
        orient="row",
    )
    in_care_at_start = (pl.col("anchor_start") <= pl.col("term_start")) & (
        still_open | (pl.col("anchor_end") > pl.col("term_start"))
    )
    termly = _first_pep_between(
        periods.join(terms, how="cross").filter(
            in_care_at_start, _school_age(pl.col("term_start"))
        ),
        peps,
        start="term_start",
        end=pl.min_horizontal(pl.col("term_end"), before_end),
    ).with_columns(
        rule=pl.lit("pep_termly"),
        due_date=pl.col("term_end"),
        basis=described("term began", pl.col("term_start")),
    )
    is_current = pl.col("term_start") == current
    termly = termly.filter(
        pl.col("met_on").is_not_null()
        | (still_open & (pl.col("term_end") < as_at))
        | (still_open & is_current)
    ).with_columns(outstanding=pl.col("met_on").is_null() & still_open & is_current)
    return pl.concat([f.select(OBLIGATION_SCHEMA.names()) for f in (first, termly)]).cast(
        OBLIGATION_SCHEMA
    )
