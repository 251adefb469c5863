"""§A9 care leavers aged 17-18 and 19-21: in touch, EET, suitable accommodation."""

from __future__ import annotations

from datetime import date

import pytest

from incare.indicators import IndicatorResult, Period
from incare.indicators.care_leavers import (
    care_leavers_17_18_eet,
    care_leavers_17_18_in_touch,
    care_leavers_17_18_suitable_accommodation,
    care_leavers_19_21_eet,
    care_leavers_19_21_in_touch,
    care_leavers_19_21_suitable_accommodation,
)
from incare.indicators.result import IndicatorFunction

from .builders import Row, history, oc3, tables

YEAR_2024 = Period.collection_year(2024)
TURNS_19_IN_2024 = "10/10/2004"  # 19 on 10 October 2023
TURNS_17_IN_2024 = "10/10/2006"


def _result(
    indicator: IndicatorFunction, *rows: Row, period: Period = YEAR_2024
) -> IndicatorResult:
    return indicator(tables(oc3=oc3(*rows)), period=period)


def _children(result: IndicatorResult) -> dict[str, bool]:
    return dict(result.children.select("CHILD", "in_numerator").iter_rows())


def test_care_leaver_who_died_is_excluded() -> None:
    result = _result(
        care_leavers_19_21_eet,
        ("A", TURNS_19_IN_2024, 2024, "DIED", "0", "0"),
        ("B", TURNS_19_IN_2024, 2024, "YES", "F1", "D1"),
    )
    assert _children(result) == {"B": True}


def test_care_leaver_who_returned_home_for_6_months_is_excluded() -> None:
    result = _result(care_leavers_19_21_eet, ("A", TURNS_19_IN_2024, 2024, "RHOM", "0", "0"))
    assert result.denominator == 0


@pytest.mark.parametrize("in_touch", ["NO", "REFU", "NREQ"])
def test_care_leaver_not_in_touch_stays_in_the_denominator(in_touch: str) -> None:
    result = _result(care_leavers_19_21_eet, ("A", TURNS_19_IN_2024, 2024, in_touch, "0", "0"))
    assert (result.numerator, result.denominator) == (0, 1)


@pytest.mark.parametrize(
    ("activ", "eet"),
    [
        *[(code, True) for code in ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5")],
        ("F3", True),
        ("P3", True),
        ("G4", False),
        ("G5", False),
        ("G6", False),
        ("0", False),
    ],
)
def test_education_employment_or_training_activity_codes(activ: str, eet: bool) -> None:
    result = _result(care_leavers_19_21_eet, ("A", TURNS_19_IN_2024, 2024, "YES", activ, "D1"))
    assert _children(result) == {"A": eet}


@pytest.mark.parametrize(
    ("accom", "suitable"), [("B1", True), ("Z1", True), ("B2", False), ("S2", False), ("0", False)]
)
def test_suitable_accommodation_is_a_second_character_of_1(accom: str, suitable: bool) -> None:
    result = _result(
        care_leavers_19_21_suitable_accommodation, ("A", TURNS_19_IN_2024, 2024, "YES", "F1", accom)
    )
    assert _children(result) == {"A": suitable}


def test_accommodation_not_known_is_in_the_denominator() -> None:
    result = _result(
        care_leavers_19_21_suitable_accommodation,
        ("A", TURNS_19_IN_2024, 2024, "NO", "0", "0"),
        ("B", TURNS_19_IN_2024, 2024, "YES", "F1", "D1"),
    )
    assert (result.numerator, result.denominator, result.value) == (1, 2, 50.0)


def test_in_touch_means_in_touch_yes() -> None:
    result = _result(
        care_leavers_19_21_in_touch,
        ("A", TURNS_19_IN_2024, 2024, "YES", "F1", "D1"),
        ("B", TURNS_19_IN_2024, 2024, "NREQ", "0", "0"),
    )
    assert _children(result) == {"A": True, "B": False}


def test_age_groups_are_by_the_birthday_in_the_period() -> None:
    rows = (
        ("turns_17", TURNS_17_IN_2024, 2024, "YES", "F2", "D1"),
        ("turns_18", "10/10/2005", 2024, "YES", "F2", "D1"),
        ("turns_19", TURNS_19_IN_2024, 2024, "YES", "F2", "D1"),
        ("turns_21", "10/10/2002", 2024, "YES", "F2", "D1"),
        ("turns_22", "10/10/2001", 2024, "YES", "F2", "D1"),
    )
    assert set(_children(_result(care_leavers_17_18_eet, *rows))) == {"turns_17", "turns_18"}
    assert set(_children(_result(care_leavers_19_21_eet, *rows))) == {"turns_19", "turns_21"}


def test_birthdays_on_the_first_and_last_days_of_the_period_are_in_it() -> None:
    rows = (
        ("first_day", "01/04/2004", 2024, "YES", "F2", "D1"),
        ("last_day", "31/03/2005", 2024, "YES", "F2", "D1"),
        ("day_after", "01/04/2005", 2024, "YES", "F2", "D1"),
    )
    assert set(_children(_result(care_leavers_19_21_eet, *rows))) == {"first_day", "last_day"}


def test_only_the_oc3_rows_of_the_collection_year_measured_are_used() -> None:
    rows = (
        ("A", TURNS_19_IN_2024, 2023, "YES", "F1", "D1"),
        ("A", TURNS_19_IN_2024, 2024, "YES", "G5", "D1"),
        ("A", TURNS_19_IN_2024, 2025, "YES", "F1", "D1"),
    )
    assert _children(_result(care_leavers_19_21_eet, *rows)) == {"A": False}


def test_a_rolling_period_takes_each_row_from_the_collection_year_of_the_birthday() -> None:
    rows = (
        ("oct_2023", TURNS_19_IN_2024, 2024, "YES", "F1", "D1"),
        ("jun_2024", "15/06/2005", 2025, "YES", "F1", "D1"),
        ("feb_2023", "15/02/2004", 2023, "YES", "F1", "D1"),
    )
    period = Period.ending(date(2024, 9, 30))
    result = _result(care_leavers_19_21_eet, *rows, period=period)
    assert set(_children(result)) == {"oct_2023", "jun_2024"}


def test_child_whose_only_episodes_were_short_breaks_is_excluded() -> None:
    frames = tables(
        episodes=history("A", ("01/06/2020", "S", "V3", "U6"), ceased=("03/06/2020", "E13")),
        oc3=oc3(("A", TURNS_17_IN_2024, 2024, "YES", "F1", "D1")),
    )
    assert care_leavers_17_18_in_touch(frames, period=YEAR_2024).denominator == 0


def test_17_18_accommodation_uses_the_same_rule() -> None:
    result = _result(
        care_leavers_17_18_suitable_accommodation,
        ("A", TURNS_17_IN_2024, 2024, "YES", "F1", "E1"),
        ("B", TURNS_17_IN_2024, 2024, "YES", "F1", "E2"),
    )
    assert _children(result) == {"A": True, "B": False}


def test_care_leaver_children_show_the_fields_that_decided_them() -> None:
    result = _result(care_leavers_19_21_eet, ("A", TURNS_19_IN_2024, 2024, "YES", "G5", "D1"))
    assert result.children.to_dicts() == [
        {
            "CHILD": "A",
            "in_numerator": False,
            "age": 19,
            "IN_TOUCH": "YES",
            "ACTIV": "G5",
            "ACCOM": "D1",
        }
    ]


def test_care_leaver_whose_care_moved_to_another_council_stays_in_the_cohort() -> None:
    # §A9: LAIT's NEET and staying-put notes drop young people whose care transferred to
    # another LA (REC E3); issue 3 leaves out only DIED and RHOM, so we do not (see
    # docs/indicators.md §A9): their OC3 row, returned by this council, counts.
    eps = history("A", ("10/10/2020", "S", "C2", "U4"), ceased=("10/10/2021", "E3"))
    rows = oc3(("A", TURNS_19_IN_2024, 2024, "YES", "F1", "D1"))
    result = care_leavers_19_21_eet(tables(oc3=rows, episodes=eps), period=YEAR_2024)
    assert _children(result) == {"A": True}
