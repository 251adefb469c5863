"""Figures as councillors see them in the packs (indicators.md §D through
incare.indicators.disclosure; docs/disclosure-control.md rules 1-6)."""

from __future__ import annotations

from datetime import date

import pytest

from incare.reports.shown import show, show_published
from incare.strategies.rag import Observation

DAY = date(2024, 12, 31)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
def test_a_count_of_1_to_5_is_c(count: int) -> None:
    shown = show(Observation(DAY, float(count)), unit="count")
    assert (shown.text, shown.number) == ("c", None)


def test_a_true_zero_and_a_count_of_6_are_shown() -> None:
    assert show(Observation(DAY, 0.0), unit="count").text == "0"
    assert show(Observation(DAY, 6.0), unit="count").text == "6"


def test_a_percentage_of_a_numerator_of_1_to_5_is_c_and_its_cohort_is_not_shown() -> None:
    shown = show(Observation(DAY, 3 / 40 * 100, denominator=40, numerator=3), unit="percent")
    assert (shown.text, shown.number, shown.cohort) == ("c", None, None)


def test_a_percentage_of_a_cohort_under_10_is_c_even_when_the_numerator_is_large() -> None:
    """7 of 9: the numerator is not small, but the cohort is (rule 2)."""
    shown = show(Observation(DAY, 7 / 9 * 100, denominator=9, numerator=7), unit="percent")
    assert shown.text == "c"
    assert shown.cohort is None


def test_percentages_are_whole_numbers_rounded_half_up_from_the_unrounded_value() -> None:
    shown = show(Observation(DAY, 12.5, denominator=80, numerator=10), unit="percent")
    assert (shown.text, shown.number, shown.cohort) == ("13%", 13.0, "80")


def test_a_rate_is_whole_and_c_when_its_count_is_small() -> None:
    assert show(Observation(DAY, 90.4, 44_000, 401), unit="rate").text == "90 per 10,000"
    assert show(Observation(DAY, 0.9, 44_000, 4), unit="rate").text == "c"


def test_a_missing_value_is_x() -> None:
    assert show(Observation(DAY, None), unit="percent").text == "x"
    assert show(None, unit="count").text == "x"


def test_england_and_region_counts_are_rounded_to_tens_and_percentages_whole() -> None:
    assert show_published(83_634.0, unit="count", rounded_to_tens=True).text == "83630"
    assert show_published(64.4, unit="percent", rounded_to_tens=True).text == "64%"
    assert show_published(713.1, unit="count", rounded_to_tens=False).text == "713"


def test_packs_have_no_analyst_view() -> None:
    with pytest.raises(ValueError, match="councillors"):
        show(Observation(DAY, 3.0), unit="count", audience="analyst")


@pytest.mark.parametrize("unit", ["count", "percent", "rate", "days", "mean"])
def test_a_series_is_shown_exactly_as_suppress_figure_shows_each_figure(unit: str) -> None:
    """The packs show a trend in one pass of the rules; each point must come out as
    incare.indicators.disclosure.suppress_figure gives that figure alone."""
    from incare.indicators.disclosure import suppress_figure
    from incare.reports.shown import SUFFIX, show_series

    figures = [
        (value, numerator, denominator)
        for value in (0.0, 0.3, 4.0, 12.5, 62.5, 90.4, 401.0)
        for numerator in (None, 0, 3, 6, 40)
        for denominator in (None, 0, 8, 10, 80)
    ]
    observations = [Observation(DAY, v, d, n) for v, n, d in figures]
    shown = show_series(observations, unit=unit)
    for (value, numerator, denominator), got in zip(figures, shown, strict=True):
        if unit == "count" and numerator is None:
            numerator = round(value)
        alone = suppress_figure(
            unit=unit, value=value, numerator=numerator, denominator=denominator,
            audience="councillor",
        )  # fmt: skip
        text = str(alone["value"])
        expected = text if text in {"c", "k", "x", "z"} else f"{text}{SUFFIX.get(unit, '')}"
        assert got.text == expected, (value, numerator, denominator)


def test_the_cohort_is_not_shown_when_it_would_give_away_1_to_5_children_not_counted() -> None:
    """92% of 13 would tell a councillor that 1 care leaver is not in suitable accommodation
    (a count of 1-5 worked out by subtraction, §D rule 2); the percentage alone does not."""
    shown = show(Observation(DAY, 12 / 13 * 100, denominator=13, numerator=12), unit="percent")
    assert (shown.text, shown.cohort) == ("92%", None)
    wide = show(Observation(DAY, 30 / 40 * 100, denominator=40, numerator=30), unit="percent")
    assert (wide.text, wide.cohort) == ("75%", "40")
    every = show(Observation(DAY, 100.0, denominator=40, numerator=40), unit="percent")
    assert every.cohort == "40", "none left out: nothing to give away"
