"""Statutory visits: CPPCR 2010 reg 28(2) (within a week of any placement, 6-weekly in its
first year, then 3-monthly if intended to last until 18) and the stricter cases of reg
28(3)-(5) for children living with a parent or with a temporarily approved connected
person. Dates counted by hand in each test."""

from __future__ import annotations

from typing import Any

from .builders import d, history, next_due, records, reviews, world


def _visits(*days: str, seen: bool | None = True) -> Any:
    return records(
        "statutory_visits", *({"CHILD": "C1", "visit_date": day, "seen": seen} for day in days)
    )


def test_reg28_2a_a_visit_within_one_week_of_a_new_placement() -> None:
    frames = world(episodes=history("C1", ("01/03/2024", "S", "C2", "U6")))
    assert next_due(frames, as_at="02/03/2024", rule="visit") == (
        "visit_new_placement",
        d("08/03/2024"),
    )


def test_reg28_2b_six_weeks_apart_in_the_placements_first_year() -> None:
    """Visited 1 April 2024: next by 13 May (42 days)."""
    frames = world(
        episodes=history("C1", ("01/03/2024", "S", "C2", "U6")),
        statutory_visits=_visits("05/03/2024", "01/04/2024"),
    )
    assert next_due(frames, as_at="02/04/2024", rule="visit") == (
        "visit_first_year",
        d("13/05/2024"),
    )


def test_reg28_2a_a_change_of_placement_restarts_the_clock() -> None:
    """Visited 1 June in the old placement (next due 13 July there); moved to new carers
    on 10 June: a visit is due within a week of the move, by 17 June."""
    frames = world(
        episodes=history("C1", ("01/03/2024", "S", "C2", "U6"), ("10/06/2024", "P", "C2", "U6")),
        statutory_visits=_visits("05/03/2024", "01/06/2024"),
    )
    assert next_due(frames, as_at="11/06/2024", rule="visit") == (
        "visit_new_placement",
        d("17/06/2024"),
    )


def _long_term(decided: bool) -> dict[str, Any]:
    """Placed 1 January 2022 (U6); on 1 July 2022 the placement is made long-term fostering
    with the same carers (RNE T, PLACE U4), or not."""
    steps = [("01/01/2022", "S", "C2", "U6")]
    if decided:
        steps.append(("01/07/2022", "T", "C2", "U4"))
    return world(
        episodes=history("C1", *steps),
        statutory_visits=_visits("05/01/2022", "10/12/2022", "15/03/2023"),
    )


def test_reg28_2ci_three_months_after_the_first_year_of_a_long_term_placement() -> None:
    assert next_due(_long_term(True), as_at="16/03/2023", rule="visit") == (
        "visit_long_term",
        d("15/06/2023"),
    )


def test_reg28_2cii_six_weeks_after_the_first_year_when_not_intended_to_last() -> None:
    assert next_due(_long_term(False), as_at="16/03/2023", rule="visit") == (
        "visit_after_first_year",
        d("26/04/2023"),
    )


def test_reg28_2b_still_six_weeks_in_the_first_year_after_a_long_term_decision() -> None:
    """The decision (same carers) does not start a new placement: its first year runs from
    1 January 2022, so a visit on 10 December 2022 is next due 6 weeks later."""
    assert next_due(_long_term(True), as_at="11/12/2022", rule="visit") == (
        "visit_first_year",
        d("21/01/2023"),
    )


def test_reg28_5_care_order_at_home_six_weeks_after_the_first_visit() -> None:
    """Living with a parent (P1) under a care order (C2)."""
    frames = world(
        episodes=history("C1", ("01/03/2024", "S", "C2", "P1")),
        statutory_visits=_visits("04/03/2024"),
    )
    assert next_due(frames, as_at="05/03/2024", rule="visit") == (
        "visit_care_order_at_home",
        d("15/04/2024"),
    )


def test_reg28_5_a_care_order_made_at_home_restarts_the_clock() -> None:
    """At home under an interim order (C1) from 1 March 2024, visited weekly; the full care
    order on 2 May (same placement, RNE L): a visit within a week of it, by 9 May."""
    frames = world(
        episodes=history("C1", ("01/03/2024", "S", "C1", "P1"), ("02/05/2024", "L", "C2", "P1")),
        statutory_visits=_visits("05/03/2024", "12/03/2024", "30/04/2024"),
        reviews=reviews("C1", "20/03/2024"),
    )
    assert next_due(frames, as_at="03/05/2024", rule="visit") == (
        "visit_care_order_at_home",
        d("09/05/2024"),
    )


def test_reg28_4_interim_order_at_home_weekly_until_the_first_review() -> None:
    frames = world(
        episodes=history("C1", ("01/03/2024", "S", "C1", "P1")),
        statutory_visits=_visits("05/03/2024", "12/03/2024"),
    )
    assert next_due(frames, as_at="13/03/2024", rule="visit") == (
        "visit_interim_order_or_connected_person",
        d("19/03/2024"),
    )


def test_reg28_4_interim_order_at_home_four_weeks_after_the_first_review() -> None:
    frames = world(
        episodes=history("C1", ("01/03/2024", "S", "C1", "P1")),
        statutory_visits=_visits("05/03/2024", "12/03/2024", "19/03/2024", "26/03/2024"),
        reviews=reviews("C1", "22/03/2024"),
    )
    assert next_due(frames, as_at="27/03/2024", rule="visit")[1] == d("23/04/2024")


def test_reg28_3_placed_with_parent_weekly_until_the_first_review_then_six_weeks() -> None:
    """Placed with a parent (P1) while accommodated (V2), as reg 19 allows."""
    eps = history("C1", ("01/03/2024", "S", "V2", "P1"))
    weekly = world(episodes=eps, statutory_visits=_visits("05/03/2024"))
    after_review = world(
        episodes=eps,
        statutory_visits=_visits("05/03/2024", "25/03/2024"),
        reviews=reviews("C1", "20/03/2024"),
    )
    assert next_due(weekly, as_at="06/03/2024", rule="visit") == (
        "visit_placed_with_parent",
        d("12/03/2024"),
    )
    assert next_due(after_review, as_at="26/03/2024", rule="visit")[1] == d("06/05/2024")


def test_reg28_4_connected_person_placement_weekly_while_temporarily_approved() -> None:
    """Placed with a relative (U3, not long-term): taken as a reg 24 temporary approval for
    16 weeks: weekly until the first review."""
    frames = world(
        episodes=history("C1", ("01/03/2024", "S", "C2", "U3")),
        statutory_visits=_visits("05/03/2024"),
    )
    assert next_due(frames, as_at="06/03/2024", rule="visit") == (
        "visit_interim_order_or_connected_person",
        d("12/03/2024"),
    )


def test_a_visit_at_which_the_child_was_not_seen_does_not_count() -> None:
    frames = world(
        episodes=history("C1", ("01/03/2024", "S", "C2", "U6")),
        statutory_visits=_visits("05/03/2024", seen=False),
    )
    assert next_due(frames, as_at="06/03/2024", rule="visit") == (
        "visit_new_placement",
        d("08/03/2024"),
    )
