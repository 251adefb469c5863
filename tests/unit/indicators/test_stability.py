"""§A6 three or more placements in the year; §A7 long-term stability."""

from __future__ import annotations

import polars as pl
import pytest

from incare.indicators import IndicatorResult, Period, Unit
from incare.indicators.stability import long_term_stability, placement_moves_3plus

from .builders import d, episodes, header, history, stack, tables

YEAR_2024 = Period.collection_year(2024)


def _moves(eps: pl.DataFrame) -> IndicatorResult:
    return placement_moves_3plus(tables(episodes=eps), period=YEAR_2024)


def _has_3plus(eps: pl.DataFrame) -> bool:
    result = _moves(eps)
    assert result.denominator == 1
    return result.numerator == 1


# --- §A6 ------------------------------------------------------------------------------


def test_placement_open_on_1_april_counts_as_one_of_three() -> None:
    eps = history(
        "C1",
        ("01/01/2022", "S", "C2", "U6"),
        ("01/06/2023", "P", "C2", "U4"),
        ("01/12/2023", "P", "C2", "K2"),
    )
    assert _has_3plus(eps)


def test_two_placements_in_the_year_is_not_three_or_more() -> None:
    eps = history("C1", ("01/01/2022", "S", "C2", "U6"), ("01/06/2023", "P", "C2", "U4"))
    assert not _has_3plus(eps)


def test_placements_begun_in_the_year_count_from_the_start_of_care() -> None:
    eps = history(
        "C1",
        ("01/05/2023", "S", "V2", "U6"),
        ("01/06/2023", "B", "C1", "U4"),
        ("01/12/2023", "P", "C1", "K2"),
    )
    assert _has_3plus(eps)


def test_same_carer_change_T_is_not_a_placement_move() -> None:
    eps = history(
        "C1",
        ("01/01/2022", "S", "C2", "U6"),
        ("01/06/2023", "T", "C2", "U4"),
        ("01/12/2023", "P", "C2", "U4"),
    )
    assert not _has_3plus(eps)


def test_legal_status_change_L_is_not_a_placement_move() -> None:
    eps = history(
        "C1",
        ("01/01/2022", "S", "V2", "U6"),
        ("01/06/2023", "L", "C1", "U6"),
        ("01/12/2023", "P", "C2", "U4"),
    )
    assert not _has_3plus(eps)


def test_adoption_by_existing_foster_carer_is_not_a_move() -> None:
    eps = history(
        "C1",
        ("01/01/2022", "S", "C2", "U6"),
        ("01/06/2023", "P", "C2", "U5"),
        ("01/12/2023", "U", "E1", "A5"),
    )
    assert not _has_3plus(eps)


def test_episode_starting_and_ending_same_day_is_not_a_placement() -> None:
    eps = history(
        "C1",
        ("01/01/2022", "S", "C2", "U6"),
        ("01/06/2023", "P", "C2", "U4"),
        ("01/06/2023", "P", "C2", "K2"),
    )
    assert not _has_3plus(eps)


def test_return_to_the_previous_placement_after_a_same_day_placement_is_not_a_move() -> None:
    home = {"PL_POST": "WA1 1AA"}
    eps = history(
        "C1",
        ("01/01/2022", "S", "C2", "U6", home),
        ("01/06/2023", "P", "C2", "K2", {"PL_POST": "WA2 2BB"}),
        ("01/06/2023", "P", "C2", "U6", home),
        ("01/12/2023", "P", "C2", "U4", {"PL_POST": "WA3 3CC"}),
    )
    assert not _has_3plus(eps)


def test_temporary_placement_counts_as_a_placement() -> None:
    eps = history(
        "C1",
        ("01/01/2022", "S", "C2", "U6", {"PL_POST": "WA1 1AA"}),
        ("01/06/2023", "P", "C2", "T4", {"PL_POST": "WA2 2BB"}),
        ("05/06/2023", "P", "C2", "U4", {"PL_POST": "WA3 3CC"}),
    )
    assert _has_3plus(eps)


def test_return_from_a_temporary_placement_to_the_same_placement_is_a_move() -> None:
    home = {"PL_POST": "WA1 1AA"}
    eps = history(
        "C1",
        ("01/01/2022", "S", "C2", "U6", home),
        ("01/06/2023", "P", "C2", "T1", {"PL_POST": "WA2 2BB"}),
        ("05/06/2023", "P", "C2", "U6", home),
    )
    result = _moves(eps)
    assert result.children.to_dicts() == [{"CHILD": "C1", "in_numerator": True, "placements": 3}]


def test_temporary_placement_lasting_less_than_a_day_is_not_a_placement() -> None:
    eps = history(
        "C1",
        ("01/01/2022", "S", "C2", "U6"),
        ("01/06/2023", "P", "C2", "T1"),
        ("01/06/2023", "P", "C2", "U4"),
    )
    assert not _has_3plus(eps)


def test_placements_in_an_earlier_period_of_care_in_the_year_count() -> None:
    eps = episodes(
        ("C1", "01/01/2022", "S", "V2", "U6", "01/05/2023", "E4A"),
        ("C1", "01/09/2023", "S", "C1", "U4", "01/12/2023", "X1"),
        ("C1", "01/12/2023", "P", "C1", "K2"),
    )
    assert _has_3plus(eps)


def test_placement_left_on_the_first_day_of_the_year_is_not_counted() -> None:
    eps = history(
        "C1",
        ("01/01/2022", "S", "C2", "U6"),
        ("01/04/2023", "P", "C2", "U4"),
        ("01/12/2023", "P", "C2", "K2"),
    )
    assert not _has_3plus(eps)


def test_short_breaks_are_not_placements() -> None:
    eps = episodes(
        ("C1", "01/05/2023", "S", "V3", "U6", "03/05/2023", "E13"),
        ("C1", "01/07/2023", "S", "V3", "U6", "03/07/2023", "E13"),
        ("C1", "01/09/2023", "S", "C1", "U4"),
    )
    assert not _has_3plus(eps)


def test_cohort_is_children_in_care_at_the_period_end() -> None:
    eps = stack(
        history("left", ("01/01/2022", "S", "C2", "U6"), ceased=("01/03/2024", "E4A")),
        history("in_care", ("01/01/2022", "S", "C2", "U6")),
    )
    assert _moves(eps).children.get_column("CHILD").to_list() == ["in_care"]


def test_percentage_is_unrounded() -> None:
    three = (("01/01/2022", "S", "C2", "U6"), ("01/06/2023", "P", "C2", "U4"))
    eps = stack(
        history("A", *three, ("01/12/2023", "P", "C2", "K2")),
        history("B", *three),
        history("C", *three),
    )
    result = _moves(eps)
    assert (result.numerator, result.denominator, result.unit) == (1, 3, Unit.PERCENT)
    assert result.value == pytest.approx(100 / 3)


# --- §A7 ------------------------------------------------------------------------------

UNDER_16 = "01/01/2012"


def _stable(eps: pl.DataFrame, dob: str = UNDER_16) -> IndicatorResult:
    return long_term_stability(tables(episodes=eps, header=header(("C1", dob))), period=YEAR_2024)


def _in_numerator(eps: pl.DataFrame) -> bool:
    result = _stable(eps)
    assert result.denominator == 1
    return result.numerator == 1


def test_child_with_the_same_carers_for_2_years_is_stable() -> None:
    eps = history("C1", ("01/01/2020", "S", "C2", "U6"), ("01/01/2022", "P", "C2", "U4"))
    assert _in_numerator(eps)


def test_placement_begun_exactly_2_years_before_the_period_end_counts() -> None:
    eps = history("C1", ("01/01/2020", "S", "C2", "U6"), ("31/03/2022", "P", "C2", "U4"))
    assert _in_numerator(eps)


def test_placement_begun_less_than_2_years_before_the_period_end_does_not() -> None:
    eps = history("C1", ("01/01/2020", "S", "C2", "U6"), ("01/04/2022", "P", "C2", "U4"))
    assert not _in_numerator(eps)


def test_care_begun_on_30_september_2_and_a_half_years_earlier_is_in_the_cohort() -> None:
    assert _stable(history("C1", ("30/09/2021", "S", "C2", "U4"))).denominator == 1


def test_care_begun_on_1_october_2_and_a_half_years_earlier_is_not_in_the_cohort() -> None:
    assert _stable(history("C1", ("01/10/2021", "S", "C2", "U4"))).denominator == 0


def test_child_aged_16_at_the_period_end_is_not_in_the_cohort() -> None:
    eps = history("C1", ("01/01/2015", "S", "C2", "U4"))
    assert _stable(eps, dob="31/03/2008").denominator == 0
    assert _stable(eps, dob="01/04/2008").denominator == 1


def test_same_carer_and_legal_status_changes_do_not_restart_the_two_years() -> None:
    eps = history(
        "C1",
        ("01/01/2020", "S", "V2", "U6"),
        ("01/01/2021", "L", "C2", "U6"),
        ("01/01/2023", "T", "C2", "U4"),
        ("01/06/2023", "U", "E1", "A5"),
    )
    assert _in_numerator(eps)


def test_placed_for_adoption_counts_the_placement_before_it() -> None:
    eps = history("C1", ("01/01/2020", "S", "C2", "U6"), ("01/06/2023", "P", "E1", "A6"))
    assert _in_numerator(eps)


def test_a_recent_move_other_than_to_adoption_is_not_stable() -> None:
    eps = history("C1", ("01/01/2020", "S", "C2", "U6"), ("01/06/2023", "P", "C2", "U4"))
    assert not _in_numerator(eps)


def test_a_hospital_stay_restarts_the_two_years_as_it_does_for_three_placements() -> None:
    home = {"PL_POST": "WA1 1AA"}
    eps = history(
        "C1",
        ("01/01/2020", "S", "C2", "U6", home),
        ("01/06/2023", "P", "C2", "T1", {"PL_POST": "WA2 2BB"}),
        ("10/06/2023", "P", "C2", "U6", home),
    )
    assert not _in_numerator(eps)


def test_a_same_day_placement_with_return_does_not_restart_the_two_years() -> None:
    home = {"PL_POST": "WA1 1AA"}
    eps = history(
        "C1",
        ("01/01/2020", "S", "C2", "U6", home),
        ("01/06/2023", "P", "C2", "K2", {"PL_POST": "WA2 2BB"}),
        ("01/06/2023", "P", "C2", "U6", home),
    )
    assert _in_numerator(eps)


def test_long_term_stability_children_show_the_dates_that_decided_it() -> None:
    eps = history("C1", ("01/01/2020", "S", "C2", "U6"), ("01/06/2023", "P", "E1", "A6"))
    assert _stable(eps).children.to_dicts() == [
        {
            "CHILD": "C1",
            "in_numerator": True,
            "period_of_care_start": d("01/01/2020"),
            "age": 12,
            "PLACE": "A6",
            "placement_start": d("01/06/2023"),
            "previous_placement_start": d("01/01/2020"),
        }
    ]
