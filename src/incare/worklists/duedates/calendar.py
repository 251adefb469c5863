"""Working days, calendar months and school terms, as the due-date rules count them.

The same choices as the review indicators (``incare.indicators.reviews``), so a review the
worklist calls on time is one the indicator calls on time:

- working days leave out weekends and England and Wales bank holidays (the ``holidays``
  package, ``GB``/``ENG``); the day an event happens is day 0, and an event on a weekend
  or bank holiday counts from the next working day;
- "3 months" and "6 months" are calendar months kept within the month (31 August + 6
  months is 28 or 29 February);
- weeks and hours are calendar time: weekends and bank holidays count (72 hours after a
  Friday is the Monday).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from incare.indicators.local.common import term_start
from incare.indicators.reviews import add_working_days, bank_holidays

__all__ = [
    "add_months",
    "add_working_days",
    "bank_holidays",
    "holidays_for",
    "term_end",
    "term_start",
    "terms_between",
]


def holidays_for(*columns: pl.Series, as_at: date) -> list[date]:
    """Bank holidays from the earliest date in ``columns`` to a year after ``as_at``."""
    earliest = [c.min() for c in columns if c.len() and c.null_count() < c.len()]
    first = min([as_at, *[e for e in earliest if isinstance(e, date)]])
    return bank_holidays(first, date(as_at.year + 1, 12, 31))


def add_months(day: pl.Expr, months: int) -> pl.Expr:
    """``day`` moved by whole calendar months, kept within the month."""
    return day.dt.offset_by(f"{months}mo")


def term_end(day: date) -> date:
    """The last day of the school term ``day`` falls in: 31 December (autumn), 31 March
    (spring) or 31 August (summer); holidays belong to the term they follow, as in
    ``incare.indicators.local.common.term_start``."""
    start = term_start(day)
    if start.month == 9:
        return date(start.year, 12, 31)
    if start.month == 1:
        return date(start.year, 3, 31)
    return date(start.year, 8, 31)


def terms_between(first: date, last: date) -> list[tuple[date, date]]:
    """(start, end) of every school term from the one ``first`` falls in to ``last``'s."""
    terms = []
    start = term_start(first)
    while start <= last:
        end = term_end(start)
        terms.append((start, end))
        start = date.fromordinal(end.toordinal() + 1)
    return terms
