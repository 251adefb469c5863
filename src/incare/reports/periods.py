"""The reporting periods of the packs: a quarter of a financial year, and a year.

Councils report by financial year (1 April to 31 March) and write it as the seeds do,
"2017/18". Quarters are numbered within it as council performance reports number them:
Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March. A quarter is
named by the financial year's first calendar year, so ``2024Q3`` is Q3 of 2024/25,
1 October to 31 December 2024, and ``2024Q4`` ends on 31 March 2025. ``2024/25Q3`` and
``2024/25 Q3`` are accepted too, and mean the same.

A year (the annual report) is named as the 903 and DfE name collection years, by the
31 March it ends: ``2024`` is 2023/24, 1 April 2023 to 31 March 2024 (``2023/24`` is
accepted too). So the four quarters of year 2025 are 2024Q1 to 2024Q4.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

QUARTER_START_MONTHS = {1: 4, 2: 7, 3: 10, 4: 1}
_QUARTER = re.compile(r"^\s*(\d{4})(?:/(\d{2}))?\s*-?\s*[Qq]([1-4])\s*$")
_YEAR = re.compile(r"^\s*(\d{4})(?:/(\d{2}))?\s*$")


class PeriodError(ValueError):
    """A quarter or year written in a form we do not read; the message shows the forms."""


def _financial(first: int) -> str:
    return f"{first}/{(first + 1) % 100:02d}"


def long_date(day: date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


@dataclass(frozen=True, order=True)
class Quarter:
    """Quarter ``number`` (1-4) of the financial year starting 1 April ``year``."""

    year: int
    number: int

    @property
    def start(self) -> date:
        month = QUARTER_START_MONTHS[self.number]
        return date(self.year + (1 if self.number == 4 else 0), month, 1)

    @property
    def end(self) -> date:
        start = self.start
        month = start.month + 2
        return date(start.year, month, calendar.monthrange(start.year, month)[1])

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        """``Quarter 3 2024/25 (1 October to 31 December 2024)``."""
        start = f"{self.start.day} {calendar.month_name[self.start.month]}"
        return f"Quarter {self.number} {_financial(self.year)} ({start} to {long_date(self.end)})"

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)


@dataclass(frozen=True, order=True)
class Year:
    """The financial (and 903 collection) year ending 31 March ``ending``."""

    ending: int

    @property
    def start(self) -> date:
        return date(self.ending - 1, 4, 1)

    @property
    def end(self) -> date:
        return date(self.ending, 3, 31)

    @property
    def label(self) -> str:
        """``2023/24 (1 April 2023 to 31 March 2024)``."""
        return f"{_financial(self.ending - 1)} (1 April {self.ending - 1} to {long_date(self.end)})"


def parse_quarter(text: str) -> Quarter:
    """``2024Q3`` (or ``2024/25Q3``) as a :class:`Quarter`, or :class:`PeriodError`."""
    found = _QUARTER.match(text)
    if found is None:
        raise PeriodError(
            f"a quarter is written like 2024Q3 (Q3 of 2024/25: October to December 2024) "
            f"or 2024/25Q3, not {text!r}"
        )
    year, second, number = int(found[1]), found[2], int(found[3])
    _check_pair(year, second, text)
    return Quarter(year, number)


def parse_year(text: str) -> Year:
    """``2024`` (the year ending 31 March 2024) or ``2023/24`` as a :class:`Year`."""
    found = _YEAR.match(text)
    if found is None:
        raise PeriodError(
            f"a year is written like 2024 (the year ending 31 March 2024) or 2023/24, not {text!r}"
        )
    year, second = int(found[1]), found[2]
    if second is None:
        return Year(year)
    _check_pair(year, second, text)
    return Year(year + 1)


def _check_pair(first: int, second: str | None, text: str) -> None:
    if second is not None and int(second) != (first + 1) % 100:
        raise PeriodError(
            f"{text!r}: a financial year runs into the next calendar year, "
            f"so it is {_financial(first)}"
        )
