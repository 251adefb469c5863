"""§0 building blocks: ages, periods of care, carer spells, placements."""

from __future__ import annotations

from datetime import date

import polars as pl

from incare.indicators.building_blocks import (
    age_on,
    birthday,
    carer_spells,
    looked_after_on,
    periods_of_care,
    placements,
    placements_in_period,
)
from incare.indicators.periods import Period

from .builders import d, episodes, history

YEAR_2024 = Period.collection_year(2024)


def _age(dob: str, on: str) -> int:
    frame = pl.DataFrame({"DOB": [d(dob)]})
    return int(frame.select(age_on(pl.col("DOB"), d(on))).item())


def _birthday(dob: str, age: int) -> date:
    frame = pl.DataFrame({"DOB": [d(dob)]})
    return frame.select(birthday(pl.col("DOB"), age)).item()


def test_age_is_whole_years_and_goes_up_on_the_birthday() -> None:
    assert _age("15/06/2010", "14/06/2024") == 13
    assert _age("15/06/2010", "15/06/2024") == 14


def test_child_born_on_29_february_turns_a_year_older_on_1_march() -> None:
    assert _age("29/02/2008", "28/02/2025") == 16
    assert _age("29/02/2008", "01/03/2025") == 17
    assert _birthday("29/02/2008", 17) == date(2025, 3, 1)
    assert _birthday("29/02/2008", 16) == date(2024, 2, 29)


def test_episodes_joined_by_x1_are_one_period_of_care() -> None:
    eps = history(
        "C1",
        ("01/04/2020", "S", "C1", "U6"),
        ("01/06/2021", "L", "C2", "U6"),
        ceased=("01/01/2024", "E4A"),
    )
    periods = periods_of_care(eps)
    assert periods.get_column("period_of_care").to_list() == [1, 1]
    assert periods.get_column("period_of_care_start").to_list() == [d("01/04/2020")] * 2
    assert periods.get_column("period_of_care_end").to_list() == [d("01/01/2024")] * 2


def test_a_new_period_of_care_starts_after_a_non_x1_end() -> None:
    eps = episodes(
        ("C1", "01/04/2020", "S", "V2", "U6", "01/06/2020", "E4A"),
        ("C1", "01/09/2021", "S", "C2", "U6"),
    )
    periods = periods_of_care(eps)
    assert periods.get_column("period_of_care").to_list() == [1, 2]
    assert periods.get_column("period_of_care_start").to_list() == [
        d("01/04/2020"),
        d("01/09/2021"),
    ]
    assert periods.get_column("period_of_care_end").to_list() == [d("01/06/2020"), None]


def test_a_gap_between_episodes_ends_the_period_of_care() -> None:
    eps = episodes(
        ("C1", "01/04/2020", "S", "V2", "U6", "01/06/2020", "X1"),
        ("C1", "01/09/2020", "P", "V2", "U6"),
    )
    assert periods_of_care(eps).get_column("period_of_care").to_list() == [1, 2]


def test_child_who_started_on_the_day_is_looked_after_on_it() -> None:
    eps = history("C1", ("31/03/2024", "S", "V2", "U6"))
    assert looked_after_on(eps, on=date(2024, 3, 31)).height == 1


def test_carer_spell_walks_back_through_legal_status_and_same_carer_changes() -> None:
    eps = history(
        "C1",
        ("01/04/2019", "S", "V2", "U6"),
        ("01/06/2020", "P", "C1", "U4"),
        ("01/07/2020", "L", "C2", "U4"),
        ("01/08/2021", "T", "C2", "U4"),
        ("01/09/2022", "U", "E1", "A5"),
    )
    spells = carer_spells(eps)
    assert spells.get_column("start").to_list() == [d("01/04/2019"), d("01/06/2020")]
    assert spells.get_column("end").to_list() == [d("01/06/2020"), None]


def test_children_with_no_placement_in_the_period_are_absent() -> None:
    eps = history("C1", ("01/04/2019", "S", "V2", "U6"), ceased=("01/01/2020", "E4A"))
    assert placements_in_period(eps, period=YEAR_2024).height == 0


def test_a_carer_spell_never_spans_two_periods_of_care() -> None:
    eps = episodes(
        ("C1", "01/04/2020", "S", "V2", "U6", "01/06/2020", "X1"),
        ("C1", "01/09/2020", "T", "V2", "U6"),
    )
    assert carer_spells(eps).get_column("spell").to_list() == [1, 2]


def test_going_back_to_the_same_carers_in_a_new_period_of_care_is_a_new_placement() -> None:
    eps = episodes(
        ("C1", "01/04/2020", "S", "V2", "U6", "01/06/2020", "E4A"),
        ("C1", "01/09/2020", "S", "V2", "T4", "01/09/2020", "X1"),
        ("C1", "01/09/2020", "P", "V2", "U6"),
    )
    assert placements(eps).get_column("placement").to_list() == [1, None, 2]
