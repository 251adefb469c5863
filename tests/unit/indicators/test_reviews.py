"""§A14 reviews on time (§B timescales) and review participation."""

from __future__ import annotations

from datetime import date

import polars as pl

from incare.indicators import Period
from incare.indicators.reviews import (
    cla_reviews_all_on_time,
    review_participation,
    reviews_on_time,
)

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


# cla_reviews_all_on_time: §A14's alternative, "% of CLA at 31 March whose reviews were all
# on time (the old DfE measure CLA_Review)". The unit is the child.

# In care from Saturday 1 January 2022, reviewed on time ever since: first within 20 working
# days, second within 3 months, then 6-monthly; the next is due by 28 April 2023.
REVIEWED_SINCE_2022 = ("28/01/2022", "28/04/2022", "28/10/2022")


def _reviewed(child: str, *days: str) -> list[tuple[str, str, str | None]]:
    return [(child, day, "PN1") for day in (*REVIEWED_SINCE_2022, *days)]


def _all_on_time(eps: pl.DataFrame, *reviews: tuple[str, str, str | None]) -> dict[str, bool]:
    result = cla_reviews_all_on_time(
        tables(episodes=eps, reviews=_reviews(*reviews)), period=YEAR_2024
    )
    return dict(result.children.select("CHILD", "in_numerator").iter_rows())


def test_clareview_child_whose_reviews_were_all_on_time_counts() -> None:
    # 1 April 2023 and 1 October 2023 on time; the next is due by 1 April 2024, after 31 March.
    eps = _started("01/01/2022")
    assert _all_on_time(eps, *_reviewed("C1", "01/04/2023", "01/10/2023")) == {"C1": True}


def test_clareview_one_late_review_in_the_year_means_the_child_does_not_count() -> None:
    # 1 April 2023 -> due by 1 October; held 2 October (late), then on time.
    eps = _started("01/01/2022")
    got = _all_on_time(eps, *_reviewed("C1", "01/04/2023", "02/10/2023", "01/03/2024"))
    assert got == {"C1": False}


def test_clareview_a_missed_review_overdue_at_31_march_counts_against_the_child() -> None:
    # Last review 1 April 2023: the next was due by 1 October 2023 and never held. No late
    # review is recorded, so reviews_on_time sees nothing wrong; this measure does.
    eps = _started("01/01/2022")
    reviews = _reviews(*_reviewed("C1", "01/04/2023"))
    result = cla_reviews_all_on_time(tables(episodes=eps, reviews=reviews), period=YEAR_2024)
    row = result.children.row(0, named=True)
    assert (row["in_numerator"], row["late_reviews"], row["next_review_due"]) == (
        False,
        0,
        d("01/10/2023"),
    )
    assert row["overdue_at_end"] is True
    assert reviews_on_time(tables(episodes=eps, reviews=reviews), period=YEAR_2024).value == 100.0


def test_clareview_no_review_in_the_year_is_late_when_one_fell_due() -> None:
    # Came into care 5 June 2023, no review at all: the first was due by 3 July 2023.
    assert _all_on_time(_started("05/06/2023")) == {"C1": False}


def test_clareview_a_review_due_on_31_march_and_not_yet_held_is_not_yet_late() -> None:
    # In care from Monday 4 December 2023, first review Sunday 31 December (within 20 working
    # days): the second is due by 31 March 2024, the period end. On the due date is on time,
    # so it is counted next year, when it is held (or overdue).
    eps = _started("04/12/2023")
    assert _all_on_time(eps, ("C1", "31/12/2023", "PN1")) == {"C1": True}


def test_clareview_child_whose_first_review_is_not_yet_due_is_left_out() -> None:
    # In care from Monday 4 March 2024: the first review is due by 3 April 2024 (Good Friday
    # and Easter Monday are not working days), after 31 March, so no review could be late.
    eps = stack(_started("01/01/2022"), history("C2", ("04/03/2024", "S", "C1", "U6")))
    reviews = _reviews(*_reviewed("C1", "01/04/2023", "01/10/2023"))
    result = cla_reviews_all_on_time(tables(episodes=eps, reviews=reviews), period=YEAR_2024)
    assert result.children.get_column("CHILD").to_list() == ["C1"]
    assert (result.numerator, result.denominator) == (1, 1)


def test_clareview_children_who_left_care_or_are_on_short_breaks_only_are_not_in_the_cohort() -> (
    None
):
    eps = stack(
        history("C1", ("01/01/2022", "S", "C2", "U4"), ceased=("01/03/2024", "E4A")),
        # §0: V3/V4 short breaks are left out of every figure (and have no reviews, rule 399).
        history("C2", ("01/01/2022", "S", "V3", "U6")),
        history("C3", ("01/01/2022", "S", "C2", "U4")),
    )
    reviews = _reviews(*_reviewed("C3", "01/04/2023", "01/10/2023"))
    result = cla_reviews_all_on_time(tables(episodes=eps, reviews=reviews), period=YEAR_2024)
    assert result.children.get_column("CHILD").to_list() == ["C3"]
    assert result.value == 100.0


def test_clareview_a_new_period_of_care_restarts_the_clock_for_the_overdue_check() -> None:
    # Left care in May 2023, back on Monday 5 June 2023: the first review of the new period
    # was due by 3 July 2023; one held then, the next due by 3 October 2023 was missed.
    eps = episodes(
        ("C1", "01/01/2022", "S", "C2", "U4", "01/05/2023", "E4A"),
        ("C1", "05/06/2023", "S", "C2", "U4"),
    )
    reviews = _reviews(*_reviewed("C1", "01/03/2023", "03/07/2023"))
    result = cla_reviews_all_on_time(tables(episodes=eps, reviews=reviews), period=YEAR_2024)
    row = result.children.row(0, named=True)
    assert (row["last_review"], row["next_review_due"], row["in_numerator"]) == (
        d("03/07/2023"),
        d("03/10/2023"),
        False,
    )


def test_clareview_late_review_in_an_earlier_period_of_care_in_the_year_counts() -> None:
    # First period: the review due by 28 April 2023 was held late on 2 May 2023 (in the
    # year), before the child went home; back in care, every review on time.
    eps = episodes(
        ("C1", "01/01/2022", "S", "C2", "U4", "10/05/2023", "E4A"),
        ("C1", "05/06/2023", "S", "C2", "U4"),
    )
    reviews = _reviews(*_reviewed("C1", "02/05/2023", "03/07/2023", "03/10/2023", "01/03/2024"))
    result = cla_reviews_all_on_time(tables(episodes=eps, reviews=reviews), period=YEAR_2024)
    row = result.children.row(0, named=True)
    assert (row["late_reviews"], row["overdue_at_end"], row["in_numerator"]) == (1, False, False)


def test_clareview_counts_children_not_reviews() -> None:
    eps = stack(_started("01/01/2022"), history("C2", ("01/01/2022", "S", "C2", "U4")))
    reviews = _reviews(
        *_reviewed("C1", "01/04/2023", "01/10/2023"),
        *_reviewed("C2", "01/04/2023", "02/10/2023", "01/03/2024"),
    )
    result = cla_reviews_all_on_time(tables(episodes=eps, reviews=reviews), period=YEAR_2024)
    assert (result.numerator, result.denominator, result.value) == (1, 2, 50.0)


def test_clareview_works_for_a_rolling_year_ending_any_day() -> None:
    # Year ending 30 September 2024: the review due by 1 April 2024 was held on 2 April.
    eps = _started("01/01/2022")
    reviews = _reviews(*_reviewed("C1", "01/04/2023", "01/10/2023", "02/04/2024"))
    on_time = _reviews(*_reviewed("C1", "01/04/2023", "01/10/2023", "01/04/2024"))
    rolling = Period.ending(date(2024, 9, 30))
    late = cla_reviews_all_on_time(tables(episodes=eps, reviews=reviews), period=rolling)
    kept = cla_reviews_all_on_time(tables(episodes=eps, reviews=on_time), period=rolling)
    assert (late.numerator, late.denominator) == (0, 1)
    assert (kept.numerator, kept.denominator) == (1, 1)
