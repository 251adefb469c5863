"""Looked-after reviews: CPPCR 2010 reg 33(1) (first within 20 working days, England and
Wales bank holidays left out) and reg 33(2) (second within 3 months, then every 6 months).
The expected dates are counted by hand on the calendar in each test's docstring."""

from __future__ import annotations

import polars as pl

from incare.indicators.reviews import reviews_with_due_dates
from incare.worklists.duedates import obligations

from .builders import d, history, next_due, open_items, reviews, stack, world


def test_reg33_1_first_review_skips_christmas_boxing_day_and_new_year() -> None:
    """In care Friday 20 December 2024. Working days: 23, 24, 27, 30, 31 December (25 and 26
    are bank holidays), 2, 3, 6-10, 13-17, 20, 21, 22 January (1 January is one): the 20th
    is Wednesday 22 January 2025."""
    frames = world(episodes=history("C1", ("20/12/2024", "S", "C2", "U6")))
    assert next_due(frames, as_at="02/01/2025", rule="review") == ("review_first", d("22/01/2025"))


def test_reg33_1_first_review_skips_good_friday_and_easter_monday() -> None:
    """In care Thursday 28 March 2024; 29 March and 1 April are bank holidays: working days
    2-5, 8-12, 15-19, 22-26 April and 29 April, the 20th."""
    frames = world(episodes=history("C1", ("28/03/2024", "S", "C2", "U6")))
    assert next_due(frames, as_at="31/03/2024", rule="review")[1] == d("29/04/2024")


def test_reg33_1_care_starting_on_a_saturday_counts_from_the_monday() -> None:
    """Saturday 6 January 2024: Monday 8 January is working day 1, Friday 2 February the 20th."""
    frames = world(episodes=history("C1", ("06/01/2024", "S", "C2", "U6")))
    assert next_due(frames, as_at="10/01/2024", rule="review")[1] == d("02/02/2024")


def test_reg33_2_second_review_three_months_after_the_first() -> None:
    frames = world(
        episodes=history("C1", ("01/08/2023", "S", "C2", "U6")),
        reviews=reviews("C1", "31/08/2023"),
    )
    assert next_due(frames, as_at="01/09/2023", rule="review") == (
        "review_second",
        d("30/11/2023"),
    )


def test_reg33_2_later_reviews_six_calendar_months_kept_within_the_month() -> None:
    """31 August 2023 + 6 months is 29 February 2024 (a leap year)."""
    frames = world(
        episodes=history("C1", ("01/05/2023", "S", "C2", "U6")),
        reviews=reviews("C1", "25/05/2023", "31/08/2023"),
    )
    assert next_due(frames, as_at="01/09/2023", rule="review") == (
        "review_later",
        d("29/02/2024"),
    )


def test_a_review_held_recomputes_the_next_due_date() -> None:
    """Before the first review is held it is what is due; once held, the second is."""
    eps = history("C1", ("01/03/2024", "S", "C2", "U6"))
    before = world(episodes=eps)
    after = world(episodes=eps, reviews=reviews("C1", "20/03/2024"))
    assert next_due(before, as_at="25/03/2024", rule="review")[0] == "review_first"
    assert next_due(after, as_at="25/03/2024", rule="review") == ("review_second", d("20/06/2024"))


def test_reg33_the_clock_restarts_when_a_child_comes_back_into_care() -> None:
    """Left care 1 June 2023, back on Monday 2 October 2023: a first review again, 20
    working days on (no bank holidays in October): 30 October."""
    eps = stack(
        history("C1", ("01/01/2023", "S", "C2", "U6"), ceased=("01/06/2023", "E13")),
        history("C1", ("02/10/2023", "S", "C2", "U6")),
    )
    frames = world(episodes=eps, reviews=reviews("C1", "20/01/2023", "10/04/2023"))
    assert next_due(frames, as_at="03/10/2023", rule="review") == ("review_first", d("30/10/2023"))


def test_reg48_short_breaks_have_no_reviews_due() -> None:
    frames = world(episodes=history("C1", ("01/03/2024", "S", "V3", "U6")))
    assert open_items(frames, as_at="31/03/2024", rule="review").is_empty()


def test_each_held_reviews_due_date_agrees_with_the_reviews_on_time_indicator() -> None:
    """The worklist and the §A14 indicator (written separately) count reg 33 alike: for
    every review held, the date it was due by is the same, across a return to care, a
    review on the day of leaving care and a Christmas start."""
    eps = stack(
        history("C1", ("20/12/2022", "S", "C2", "U6"), ceased=("01/06/2023", "E13")),
        history("C1", ("02/10/2023", "S", "C2", "U6")),
        history("C2", ("28/03/2024", "S", "C1", "U4"), ("01/06/2024", "P", "C2", "U6")),
    )
    held = pl.concat(
        [
            reviews("C1", "20/01/2023", "15/04/2023", "01/06/2023", "27/10/2023"),
            reviews("C2", "25/04/2024", "24/07/2024"),
        ]
    )
    frames = world(episodes=eps, reviews=held)
    expected = {
        (row["CHILD"], row["REVIEW"]): row["due"]
        for row in reviews_with_due_dates(frames).iter_rows(named=True)
    }
    found = obligations(frames, as_at=d("31/12/2024")).filter(
        pl.col("rule").str.starts_with("review") & pl.col("met_on").is_not_null()
    )
    worklist = {(r["CHILD"], r["met_on"]): r["due_date"] for r in found.iter_rows(named=True)}
    assert worklist == expected
