"""Periods: collection years and any 12 months ending on a date."""

from __future__ import annotations

from datetime import date

import pytest

from incare.indicators.periods import Period, PeriodError, add_months


def test_collection_year_2024_runs_from_1_april_2023_to_31_march_2024() -> None:
    assert Period.collection_year(2024) == Period(date(2023, 4, 1), date(2024, 3, 31))


def test_12_months_ending_31_march_is_the_collection_year() -> None:
    assert Period.ending(date(2024, 3, 31)) == Period.collection_year(2024)


def test_12_months_ending_30_september_start_on_1_october() -> None:
    assert Period.ending(date(2024, 9, 30)) == Period(date(2023, 10, 1), date(2024, 9, 30))


def test_12_months_ending_29_february_start_on_1_march() -> None:
    assert Period.ending(date(2024, 2, 29)).start == date(2023, 3, 1)


def test_12_months_ending_28_february_after_a_leap_day_start_on_29_february() -> None:
    assert Period.ending(date(2025, 2, 28)).start == date(2024, 2, 29)


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(PeriodError):
        Period(date(2024, 4, 1), date(2024, 3, 31))


@pytest.mark.parametrize(
    ("end", "year"),
    [(date(2024, 3, 31), 2024), (date(2024, 4, 1), 2025), (date(2024, 12, 31), 2025)],
)
def test_collection_year_of_the_period_end(end: date, year: int) -> None:
    assert Period.ending(end).collection_year_of_end == year


def test_both_ends_are_in_the_period() -> None:
    period = Period.collection_year(2024)
    assert date(2023, 4, 1) in period
    assert date(2024, 3, 31) in period
    assert date(2024, 4, 1) not in period


def test_a_period_reads_as_dates() -> None:
    assert str(Period.collection_year(2024)) == "1 April 2023 to 31 March 2024"


def test_30_months_before_31_march_is_30_september() -> None:
    assert add_months(date(2024, 3, 31), -30) == date(2021, 9, 30)


def test_2_years_before_29_february_is_28_february() -> None:
    assert add_months(date(2024, 2, 29), -24) == date(2022, 2, 28)
