"""The period an indicator is measured over.

DfE defines every 903 indicator for a collection year (1 April to 31 March). We measure over
any 12 months instead, so the same function answers "2024" and "the year to 30 September":
wherever a definition says "at 31 March" we use the period end, and "on 1 April" the
period start.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


class PeriodError(ValueError):
    """A period that ends before it starts."""


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, kept within the month (31 Aug - 6 = 28/29 Feb)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


@dataclass(frozen=True)
class Period:
    """The days from ``start`` to ``end``, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise PeriodError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    @classmethod
    def collection_year(cls, year: int) -> Period:
        """A 903 collection year, named by the year it ends: 2024 is 1 April 2023-31 March 2024."""
        return cls(date(year - 1, 4, 1), date(year, 3, 31))

    @classmethod
    def ending(cls, end: date) -> Period:
        """The 12 months ending on ``end`` (ending 31 March 2024 is collection year 2024)."""
        return cls(add_months(end, -12) + timedelta(days=1), end)

    @property
    def collection_year_of_end(self) -> int:
        """The collection year the period end falls in (whose OC2/OC3 rows describe it)."""
        return self.end.year + 1 if self.end.month >= 4 else self.end.year

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{_long(self.start)} to {_long(self.end)}"


def _long(day: date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"
