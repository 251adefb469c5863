"""§0 OC2 cohort (looked after continuously for 12 months) and §A8 health assessments."""

from __future__ import annotations

from datetime import date

import polars as pl

from incare.indicators import Period
from incare.indicators.health import oc2_cohort, oc2_health_assessment

from .builders import episodes, history, oc2, stack, tables

YEAR_2024 = Period.collection_year(2024)


def _cohort(eps: pl.DataFrame, period: Period = YEAR_2024) -> list[str]:
    result = oc2_cohort(tables(episodes=eps), period=period)
    return result.children.get_column("CHILD").to_list()


def test_oc2_cohort_includes_child_in_care_all_year() -> None:
    assert _cohort(history("C1", ("01/01/2020", "S", "C2", "U4"))) == ["C1"]


def test_oc2_cohort_includes_child_whose_placement_changed_during_the_year() -> None:
    eps = history("C1", ("01/01/2020", "S", "C2", "U4"), ("01/04/2023", "P", "C2", "K2"))
    assert _cohort(eps) == ["C1"]


def test_oc2_cohort_excludes_child_who_started_during_the_year() -> None:
    assert _cohort(history("C1", ("02/04/2023", "S", "C2", "U4"))) == []


def test_oc2_cohort_includes_child_who_started_on_1_april_and_stayed_all_year() -> None:
    # DfE validation rules: continuity is broken by a period of care that begins *after*
    # the collection start; a child in care from 1 April to 31 March has had 12 months.
    assert _cohort(history("C1", ("01/04/2023", "S", "C2", "U4"))) == ["C1"]


def test_oc2_cohort_excludes_child_who_left_care_and_came_back_during_the_year() -> None:
    eps = episodes(
        ("C1", "01/01/2020", "S", "C2", "U4", "01/06/2023", "E4B"),
        ("C1", "01/08/2023", "S", "C2", "U4"),
    )
    assert _cohort(eps) == []


def test_oc2_cohort_excludes_child_who_left_care_on_31_march() -> None:
    eps = history("C1", ("01/01/2020", "S", "C2", "U4"), ceased=("31/03/2024", "E4A"))
    assert _cohort(eps) == []


def test_oc2_cohort_excludes_child_with_a_short_break_during_the_year() -> None:
    eps = history(
        "C1",
        ("01/01/2020", "S", "V2", "U4"),
        ("01/06/2023", "L", "V3", "U4"),
        ("10/06/2023", "L", "V2", "U4"),
    )
    assert _cohort(eps) == []


def test_oc2_cohort_is_the_12_months_to_any_period_end() -> None:
    eps = history("C1", ("01/10/2022", "S", "C2", "U4"))
    assert _cohort(eps, Period.ending(date(2023, 9, 29))) == []
    assert _cohort(eps, Period.ending(date(2023, 9, 30))) == ["C1"]


def _health(eps: pl.DataFrame, oc2_rows: pl.DataFrame) -> list[dict[str, object]]:
    result = oc2_health_assessment(tables(episodes=eps, oc2=oc2_rows), period=YEAR_2024)
    return result.children.to_dicts()


IN_CARE_ALL_YEAR = stack(
    history("C1", ("01/01/2020", "S", "C2", "U4")),
    history("C2", ("01/01/2020", "S", "C2", "U4")),
)


def test_health_assessment_counts_children_with_an_up_to_date_assessment() -> None:
    result = oc2_health_assessment(
        tables(episodes=IN_CARE_ALL_YEAR, oc2=oc2(("C1", 2024, 1), ("C2", 2024, 0))),
        period=YEAR_2024,
    )
    assert (result.numerator, result.denominator, result.value) == (1, 2, 50.0)


def test_health_assessment_uses_the_oc2_row_of_the_year_measured() -> None:
    rows = oc2(("C1", 2023, 1), ("C1", 2024, 0), ("C2", 2024, 1), ("C2", 2025, 0))
    assert _health(IN_CARE_ALL_YEAR, rows) == [
        {"CHILD": "C1", "in_numerator": False, "HEALTH_ASSESSMENT": 0},
        {"CHILD": "C2", "in_numerator": True, "HEALTH_ASSESSMENT": 1},
    ]


def test_child_in_the_cohort_without_an_oc2_row_counts_as_not_assessed() -> None:
    assert _health(IN_CARE_ALL_YEAR, oc2(("C2", 2024, 1))) == [
        {"CHILD": "C1", "in_numerator": False, "HEALTH_ASSESSMENT": None},
        {"CHILD": "C2", "in_numerator": True, "HEALTH_ASSESSMENT": 1},
    ]


def test_oc2_row_of_a_child_outside_the_cohort_is_ignored() -> None:
    eps = history("C1", ("01/06/2023", "S", "C2", "U4"))
    result = oc2_health_assessment(tables(episodes=eps, oc2=oc2(("C1", 2024, 1))), period=YEAR_2024)
    assert (result.numerator, result.denominator, result.value) == (0, 0, None)
