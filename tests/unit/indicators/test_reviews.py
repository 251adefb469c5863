"""§A14 reviews on time (§B timescales) and review participation."""

from __future__ import annotations

from datetime import date

import polars as pl

from incare.indicators import Period
from incare.indicators.reviews import review_participation, reviews_on_time

from .builders import d, episodes, history, stack, tables

YEAR_2024 = Period.collection_year(2024)


def _reviews(*rows: tuple[str, str, str | None]) -> pl.DataFrame:
    """Rows of (CHILD, REVIEW, REVIEW_CODE)."""
    schema = tables()["reviews"].schema
    data = [{"CHILD": c, "REVIEW": d(day), "REVIEW_CODE": code} for c, day, code in rows]
    return pl.DataFrame(data, schema=schema)


def _on_time(eps: pl.DataFrame, *reviews: str, period: Period = YEAR_2024) -> dict[date, bool]:
    result = reviews_on_time(
        tables(episodes=eps, reviews=_reviews(*[("C1", r, "PN1") for r in reviews])),
        period=period,
    )
    return dict(result.children.select("REVIEW", "in_numerator").iter_rows())


def _started(day: str) -> pl.DataFrame:
    return history("C1", (day, "S", "C2", "U4"))


def test_first_review_on_the_20th_working_day_is_on_time() -> None:
    # Care starts Monday 5 June 2023; the 20th working day after it is Monday 3 July.
    assert _on_time(_started("05/06/2023"), "03/07/2023") == {d("03/07/2023"): True}


def test_first_review_on_the_21st_working_day_is_late() -> None:
    assert _on_time(_started("05/06/2023"), "04/07/2023") == {d("04/07/2023"): False}


def test_bank_holiday_is_not_a_working_day() -> None:
    # From Monday 3 April 2023, Good Friday, Easter Monday and the early May bank holiday
    # are not working days: the 20th working day is Thursday 4 May, not Monday 1 May.
    assert _on_time(_started("03/04/2023"), "04/05/2023") == {d("04/05/2023"): True}
    assert _on_time(_started("03/04/2023"), "05/05/2023") == {d("05/05/2023"): False}


def test_care_starting_on_a_weekend_counts_from_the_next_working_day() -> None:
    # Saturday 3 June 2023: Monday 5 June is working day 1, so day 20 is Friday 30 June.
    assert _on_time(_started("03/06/2023"), "30/06/2023") == {d("30/06/2023"): True}
    assert _on_time(_started("03/06/2023"), "03/07/2023") == {d("03/07/2023"): False}


def test_second_review_within_3_calendar_months_of_the_first_is_on_time() -> None:
    got = _on_time(_started("05/06/2023"), "03/07/2023", "03/10/2023")
    assert got == {d("03/07/2023"): True, d("03/10/2023"): True}
    late = _on_time(_started("05/06/2023"), "03/07/2023", "04/10/2023")
    assert late[d("04/10/2023")] is False


def test_later_review_six_months_after_31_august_is_due_by_the_end_of_february() -> None:
    eps = _started("01/06/2023")
    reviews = ("28/06/2023", "31/08/2023")
    assert _on_time(eps, *reviews, "29/02/2024")[d("29/02/2024")] is True
    assert _on_time(eps, *reviews, "01/03/2024")[d("01/03/2024")] is False


def test_review_before_the_period_counts_as_the_previous_review() -> None:
    # Reviews in 2022 and March 2023 set the clock; only September 2023 is in the year.
    eps = _started("01/01/2022")
    result = reviews_on_time(
        tables(
            episodes=eps,
            reviews=_reviews(
                ("C1", "20/01/2022", "PN1"),
                ("C1", "15/04/2022", "PN1"),
                ("C1", "01/03/2023", "PN1"),
                ("C1", "01/09/2023", "PN1"),
            ),
        ),
        period=YEAR_2024,
    )
    assert (result.numerator, result.denominator) == (1, 1)
    row = result.children.row(0, named=True)
    assert (row["review_number"], row["previous_review"]) == (4, d("01/03/2023"))


def test_a_new_period_of_care_restarts_the_clock() -> None:
    eps = episodes(
        ("C1", "01/01/2022", "S", "C2", "U4", "01/05/2023", "E4A"),
        ("C1", "05/06/2023", "S", "C2", "U4"),
    )
    # Within 6 months of the last review, but it is the first of a new period of care.
    assert _on_time(eps, "01/03/2023", "10/07/2023") == {d("10/07/2023"): False}


def test_each_review_counts_not_each_child() -> None:
    eps = stack(_started("05/06/2023"), history("C2", ("05/06/2023", "S", "C2", "U4")))
    reviews = _reviews(
        ("C1", "03/07/2023", "PN1"), ("C1", "03/10/2023", "PN1"), ("C2", "10/07/2023", "PN1")
    )
    result = reviews_on_time(tables(episodes=eps, reviews=reviews), period=YEAR_2024)
    assert (result.numerator, result.denominator) == (2, 3)
    assert result.value == 200 / 3


def test_review_participation_counts_pn1_to_pn6() -> None:
    reviews = _reviews(
        ("C1", "01/05/2023", "PN1"),
        ("C1", "01/08/2023", "PN6"),
        ("C2", "01/05/2023", "PN7"),
        ("C3", "01/05/2023", None),
    )
    result = review_participation(tables(reviews=reviews), period=YEAR_2024)
    assert (result.numerator, result.denominator) == (2, 4)


def test_child_under_4_pn0_is_left_out_of_participation() -> None:
    reviews = _reviews(("C1", "01/05/2023", "PN0"), ("C2", "01/05/2023", "PN3"))
    result = review_participation(tables(reviews=reviews), period=YEAR_2024)
    assert (result.numerator, result.denominator, result.value) == (1, 1, 100.0)
    assert result.children.get_column("CHILD").to_list() == ["C2"]


def test_reviews_outside_the_period_are_not_counted() -> None:
    reviews = _reviews(("C1", "31/03/2023", "PN1"), ("C1", "01/04/2024", "PN1"))
    result = review_participation(tables(reviews=reviews), period=YEAR_2024)
    assert (result.denominator, result.value) == (0, None)
