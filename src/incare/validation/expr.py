"""Expressions rules share: dates, ages, code lists. Everything is over text columns."""

from __future__ import annotations

from datetime import date

import polars as pl

from incare.ssda903.spec import load_spec
from incare.validation.data import ReturnData

_DATE_SHAPE = r"^\d{1,2}/\d{1,2}/\d{4}$"


def to_date(column: str | pl.Expr) -> pl.Expr:
    """A dd/mm/yyyy text column as a date; null when blank or not a real date (as the sector
    tool's ``pd.to_datetime(..., format="%d/%m/%Y", errors="coerce")``)."""
    value = pl.col(column) if isinstance(column, str) else column
    parsed = value.str.to_date("%d/%m/%Y", strict=False)
    return pl.when(value.str.contains(_DATE_SHAPE)).then(parsed)


def is_date(column: str) -> pl.Expr:
    """True when the column holds a valid dd/mm/yyyy date."""
    return to_date(column).is_not_null()


def add_years(day: pl.Expr, n: int | pl.Expr) -> pl.Expr:
    """``day`` plus ``n`` years; 29 February becomes 28 February in a common year (as
    pandas' DateOffset, which the sector tool uses, and as birthdays are counted in law)."""
    if isinstance(n, int):
        return day.dt.offset_by(f"{n}y")
    return day.dt.offset_by(pl.format("{}y", n))


def age_on(dob: pl.Expr, on: pl.Expr | date) -> pl.Expr:
    """Whole years of age on ``on`` (birthday counted on the day)."""
    when = pl.lit(on) if isinstance(on, date) else on
    years = when.dt.year() - dob.dt.year()
    before_birthday = (when.dt.month() < dob.dt.month()) | (
        (when.dt.month() == dob.dt.month()) & (when.dt.day() < dob.dt.day())
    )
    return years - before_birthday.cast(pl.Int32)


def codes(table: str, column: str, d: ReturnData | int) -> list[str]:
    """The valid codes of ``table.column`` (spec names, e.g. "episodes", "PLACE") in the
    collection year, from the 903 specification (src/incare/ssda903/spec.yaml)."""
    year = d if isinstance(d, int) else d.collection_year
    return sorted(load_spec().codes(table, column, year))


def start(d: ReturnData) -> pl.Expr:
    """The collection start (1 April) as a date literal."""
    return pl.lit(d.collection_start)


def end(d: ReturnData) -> pl.Expr:
    """The collection end (31 March) as a date literal."""
    return pl.lit(d.collection_end)
