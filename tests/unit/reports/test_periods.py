"""Quarters and years of the packs (docs/reports.md § Periods).

Councils number quarters within the financial year, Q1 April-June (the seeds write years
as "2017/18"); a quarter is named by the financial year's first calendar year. A year is
named as DfE names 903 collection years, by the 31 March it ends."""

from __future__ import annotations

from datetime import date

import pytest

from incare.reports.periods import PeriodError, Quarter, Year, parse_quarter, parse_year


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024Q1", date(2024, 4, 1), date(2024, 6, 30)),
        ("2024Q2", date(2024, 7, 1), date(2024, 9, 30)),
        ("2024Q3", date(2024, 10, 1), date(2024, 12, 31)),
        ("2024Q4", date(2025, 1, 1), date(2025, 3, 31)),
        ("2024/25Q3", date(2024, 10, 1), date(2024, 12, 31)),
        ("2024/25 q3", date(2024, 10, 1), date(2024, 12, 31)),
    ],
)
def test_financial_year_quarters_start_in_april(text: str, start: date, end: date) -> None:
    quarter = parse_quarter(text)
    assert (quarter.start, quarter.end) == (start, end)


def test_the_label_names_the_financial_year_and_the_dates() -> None:
    assert parse_quarter("2024Q3").label == ("Quarter 3 2024/25 (1 October to 31 December 2024)")


def test_the_quarter_before_q1_is_q4_of_the_year_before() -> None:
    assert Quarter(2024, 1).previous() == Quarter(2023, 4)
    assert Quarter(2023, 4).end == date(2024, 3, 31)
    assert Quarter(2024, 3).previous().end == date(2024, 9, 30)


@pytest.mark.parametrize("text", ["2024Q5", "Q3 2024", "2024", "2024/26Q1", ""])
def test_a_quarter_in_another_form_is_refused_with_the_forms_we_read(text: str) -> None:
    with pytest.raises(PeriodError, match=r"2024Q3|2024/25"):
        parse_quarter(text)


def test_a_year_is_the_collection_year_ending_31_march() -> None:
    assert parse_year("2024") == Year(2024)
    assert parse_year("2023/24") == Year(2024)
    assert (Year(2024).start, Year(2024).end) == (date(2023, 4, 1), date(2024, 3, 31))
    assert Year(2024).label == "2023/24 (1 April 2023 to 31 March 2024)"


@pytest.mark.parametrize("text", ["20x8", "2023/25", "24"])
def test_a_year_in_another_form_is_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_year(text)
