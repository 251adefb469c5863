"""Dates as ordinal day numbers (``date.toordinal()``): plain ints keep the simulation fast."""

from __future__ import annotations

import datetime as dt

Day = int


def day(year: int, month: int, dom: int) -> Day:
    return dt.date(year, month, dom).toordinal()


def to_date(d: Day) -> dt.date:
    return dt.date.fromordinal(d)


def year_start(year: int) -> Day:
    """1 April that opens collection ``year`` (2024 -> 1 April 2023)."""
    return day(year - 1, 4, 1)


def year_end(year: int) -> Day:
    """31 March that closes collection ``year``."""
    return day(year, 3, 31)


def collection_year(d: Day) -> int:
    date = to_date(d)
    return date.year + 1 if date.month >= 4 else date.year


def add_years(d: Day, years: int) -> Day:
    """The same calendar date ``years`` later; 29 February becomes 1 March, as in law."""
    date = to_date(d)
    try:
        return date.replace(year=date.year + years).toordinal()
    except ValueError:
        return dt.date(date.year + years, 3, 1).toordinal()


def birthday(dob: Day, age: int) -> Day:
    return add_years(dob, age)


def age_on(dob: Day, d: Day) -> int:
    """Whole years of age on day ``d``."""
    born, on = to_date(dob), to_date(d)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def add_months(d: Day, months: int) -> Day:
    date = to_date(d)
    total = date.year * 12 + date.month - 1 + months
    year, month = divmod(total, 12)
    for dom in (date.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, dom).toordinal()
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def add_working_days(d: Day, n: int) -> Day:
    """``n`` working days after ``d`` (weekends skipped; bank holidays ignored, so early)."""
    while n > 0:
        d += 1
        if to_date(d).weekday() < 5:
            n -= 1
    return d
