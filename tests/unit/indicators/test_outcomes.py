"""§A8 OC2 outcomes: dental checks, immunisations, substance misuse, SDQ, convictions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from incare.indicators import INDICATORS, IndicatorResult, Period, Unit
from incare.indicators.outcomes import (
    oc2_convicted,
    oc2_dental,
    oc2_development_assessments,
    oc2_immunisations,
    oc2_sdq_average,
    oc2_sdq_completed,
    oc2_substance_intervention_received,
    oc2_substance_intervention_refused,
    oc2_substance_misuse,
)
from incare.indicators.result import IndicatorFunction

from .builders import episodes, header, history, oc2, stack, tables

DOCS = Path(__file__).resolve().parents[3] / "docs" / "indicators.md"
YEAR_2024 = Period.collection_year(2024)
AGED_10 = "01/01/2014"  # 10 on 31 March 2024


def _in_care_all_year(*children: str) -> pl.DataFrame:
    return stack(*(history(child, ("01/01/2020", "S", "C2", "U4")) for child in children))


def _run(
    indicator: IndicatorFunction,
    rows: list[tuple[str, dict[str, Any]]],
    *,
    dobs: dict[str, str] | None = None,
    eps: pl.DataFrame | None = None,
) -> IndicatorResult:
    children = [child for child, _ in rows]
    dobs = dobs or dict.fromkeys(children, AGED_10)
    frames = tables(
        episodes=eps if eps is not None else _in_care_all_year(*children),
        header=header(*dobs.items()),
        oc2=oc2(*((child, 2024, None, fields) for child, fields in rows)),
    )
    return indicator(frames, period=YEAR_2024)


def test_declined_dental_check_counts_as_not_checked() -> None:
    result = _run(oc2_dental, [("A", {"TEETH_CHECK": 0}), ("B", {"TEETH_CHECK": 1})])
    assert (result.numerator, result.denominator, result.value) == (1, 2, 50.0)
    assert result.children.to_dicts() == [
        {"CHILD": "A", "in_numerator": False, "TEETH_CHECK": 0},
        {"CHILD": "B", "in_numerator": True, "TEETH_CHECK": 1},
    ]


def test_baby_in_care_all_year_is_in_the_dental_cohort() -> None:
    result = _run(oc2_dental, [("A", {"TEETH_CHECK": 1})], dobs={"A": "01/02/2023"})
    assert (result.numerator, result.denominator) == (1, 1)


def test_child_without_an_oc2_row_counts_as_not_immunised() -> None:
    frames = tables(
        episodes=_in_care_all_year("A", "B"),
        oc2=oc2(("B", 2024, None, {"IMMUNISATIONS": 1})),
    )
    result = oc2_immunisations(frames, period=YEAR_2024)
    assert result.children.to_dicts() == [
        {"CHILD": "A", "in_numerator": False, "IMMUNISATIONS": None},
        {"CHILD": "B", "in_numerator": True, "IMMUNISATIONS": 1},
    ]


def test_substance_misuse_is_a_percentage_of_the_whole_oc2_cohort() -> None:
    rows = [("A", {"SUBSTANCE_MISUSE": 1}), ("B", {"SUBSTANCE_MISUSE": 0}), ("C", {})]
    result = _run(oc2_substance_misuse, rows)
    assert (result.numerator, result.denominator) == (1, 3)


def test_child_who_came_into_care_during_the_year_is_not_in_the_oc2_outcomes() -> None:
    eps = history("A", ("01/06/2023", "S", "C2", "U4"))
    result = _run(oc2_dental, [("A", {"TEETH_CHECK": 1})], eps=eps)
    assert result.denominator == 0


@pytest.mark.parametrize(
    ("dob", "in_cohort"),
    [
        ("01/04/2014", False),  # 9 on 31 March 2024: turns 10 the next day
        ("31/03/2014", True),  # 10 on 31 March 2024
        ("01/04/2006", True),  # 17
        ("31/03/2006", False),  # 18 on 31 March 2024
    ],
)
def test_convictions_cohort_is_aged_10_to_17_at_31_march(dob: str, in_cohort: bool) -> None:
    result = _run(oc2_convicted, [("A", {"CONVICTED": 1})], dobs={"A": dob})
    assert result.denominator == int(in_cohort)


def test_convicted_children_show_their_age() -> None:
    result = _run(oc2_convicted, [("A", {"CONVICTED": 1}), ("B", {"CONVICTED": 0})])
    assert result.children.to_dicts() == [
        {"CHILD": "A", "in_numerator": True, "age": 10, "CONVICTED": 1},
        {"CHILD": "B", "in_numerator": False, "age": 10, "CONVICTED": 0},
    ]


@pytest.mark.parametrize(
    ("dob", "in_cohort"),
    [
        ("01/04/2019", False),  # 4 on 31 March 2024
        ("31/03/2019", True),  # 5
        ("01/04/2007", True),  # 16
        ("31/03/2007", False),  # 17
    ],
)
def test_sdq_cohort_is_aged_5_to_16_at_31_march(dob: str, in_cohort: bool) -> None:
    result = _run(oc2_sdq_completed, [("A", {"SDQ_SCORE": 12})], dobs={"A": dob})
    assert result.denominator == int(in_cohort)


def test_sdq_with_a_reason_for_no_score_is_not_completed() -> None:
    rows: list[tuple[str, dict[str, Any]]] = [
        ("A", {"SDQ_SCORE": None, "SDQ_REASON": "SDQ2"}),
        ("B", {"SDQ_SCORE": 0}),
    ]
    result = _run(oc2_sdq_completed, rows)
    assert result.children.to_dicts() == [
        {"CHILD": "A", "in_numerator": False, "age": 10, "SDQ_SCORE": None, "SDQ_REASON": "SDQ2"},
        {"CHILD": "B", "in_numerator": True, "age": 10, "SDQ_SCORE": 0, "SDQ_REASON": None},
    ]


def test_sdq_average_leaves_out_children_without_a_score() -> None:
    rows: list[tuple[str, dict[str, Any]]] = [
        ("A", {"SDQ_SCORE": 10}),
        ("B", {"SDQ_SCORE": 15}),
        ("C", {"SDQ_REASON": "SDQ1"}),
    ]
    result = _run(oc2_sdq_average, rows)
    assert (result.unit, result.numerator, result.denominator) == (Unit.MEAN, 2, 2)
    assert result.value == pytest.approx(12.5)
    assert result.children.get_column("CHILD").to_list() == ["A", "B"]


def test_sdq_average_of_a_score_of_zero_is_zero_not_blank() -> None:
    result = _run(oc2_sdq_average, [("A", {"SDQ_SCORE": 0})])
    assert result.value == 0.0


def test_sdq_average_with_nobody_scored_is_blank() -> None:
    result = _run(oc2_sdq_average, [("A", {"SDQ_REASON": "SDQ1"})])
    assert (result.numerator, result.denominator, result.value) == (0, 0, None)


def test_sdq_average_uses_the_oc2_row_of_the_year_measured() -> None:
    frames = tables(
        episodes=_in_care_all_year("A"),
        header=header(("A", AGED_10)),
        oc2=oc2(("A", 2023, None, {"SDQ_SCORE": 30}), ("A", 2024, None, {"SDQ_SCORE": 8})),
    )
    assert oc2_sdq_average(frames, period=YEAR_2024).value == 8.0


def test_short_break_during_the_year_takes_a_child_out_of_oc2_outcomes() -> None:
    eps = episodes(
        ("A", "01/01/2020", "S", "V2", "U4", "01/06/2023", "X1"),
        ("A", "01/06/2023", "L", "V4", "U4", "05/06/2023", "X1"),
        ("A", "05/06/2023", "L", "V2", "U4"),
    )
    result = _run(oc2_dental, [("A", {"TEETH_CHECK": 1})], eps=eps)
    assert result.denominator == 0


@pytest.mark.parametrize(
    "indicator_id",
    [
        "oc2_dental",
        "oc2_immunisations",
        "oc2_substance_misuse",
        "oc2_sdq_completed",
        "oc2_sdq_average",
        "oc2_convicted",
    ],
)
def test_indicator_is_registered_documented_and_runs_on_an_empty_store(indicator_id: str) -> None:
    indicator = INDICATORS[indicator_id]
    assert f"`{indicator_id}`" in DOCS.read_text(encoding="utf-8")
    assert "\n" not in indicator.definition
    result = indicator.run(tables(), period=YEAR_2024)
    assert (result.unit, result.numerator) == (indicator.unit, 0)
    assert result.children.columns[:2] == ["CHILD", "in_numerator"]


@pytest.mark.parametrize(
    ("dob", "in_cohort"),
    [
        ("01/02/2023", True),  # aged 1 on 31 March 2024
        ("01/04/2019", True),  # 4 on 31 March 2024: turns 5 the next day
        ("31/03/2019", False),  # 5 on 31 March 2024
    ],
)
def test_development_assessments_cohort_is_the_under_5s_at_31_march(
    dob: str, in_cohort: bool
) -> None:
    # §A8: "Development assessments up to date (under 5s) | Aged 0-4 at 31 March |
    # HEALTH_CHECK=1".
    result = _run(oc2_development_assessments, [("A", {"HEALTH_CHECK": 1})], dobs={"A": dob})
    assert result.denominator == int(in_cohort)


def test_development_assessment_not_up_to_date_or_missing_counts_as_not_done() -> None:
    dobs = {"A": "01/06/2021", "B": "01/06/2021", "C": "01/06/2021"}
    rows = [("A", {"HEALTH_CHECK": 1}), ("B", {"HEALTH_CHECK": 0}), ("C", {})]
    result = _run(oc2_development_assessments, rows, dobs=dobs)
    assert (result.numerator, result.denominator) == (1, 3)


def test_substance_interventions_are_of_those_identified_with_substance_misuse() -> None:
    # §A8: "Intervention received / offered but refused | Those identified with substance
    # misuse". Code 1 on INTERVENTION_OFFERED means offered but refused.
    rows: list[tuple[str, dict[str, Any]]] = [
        ("A", {"SUBSTANCE_MISUSE": 1, "INTERVENTION_RECEIVED": 1, "INTERVENTION_OFFERED": 0}),
        ("B", {"SUBSTANCE_MISUSE": 1, "INTERVENTION_RECEIVED": 0, "INTERVENTION_OFFERED": 1}),
        ("C", {"SUBSTANCE_MISUSE": 0, "INTERVENTION_RECEIVED": 1}),
        ("D", {}),
    ]
    received = _run(oc2_substance_intervention_received, rows)
    refused = _run(oc2_substance_intervention_refused, rows)
    assert (received.numerator, received.denominator) == (1, 2)
    assert (refused.numerator, refused.denominator) == (1, 2)
    assert refused.children.get_column("CHILD").to_list() == ["A", "B"]
