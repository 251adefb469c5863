"""§A13 children in care with three or more social workers in the year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from incare.indicators import INDICATORS, IndicatorResult, Period
from incare.indicators.social_workers import sw_changes_3plus

from .builders import d, history, stack, tables

DOCS = Path(__file__).resolve().parents[3] / "docs" / "indicators.md"
YEAR_2024 = Period.collection_year(2024)
IN_CARE = history("C1", ("01/01/2020", "S", "C2", "U4"))


def _sw(*rows: tuple[Any, ...]) -> pl.DataFrame:
    """Rows of (CHILD, SW_ID, SW_DECOM, SW_DEC)."""
    records = [
        {
            "CHILD": child,
            "SW_ID": sw_id,
            "SW_DECOM": d(start),
            "SW_DEC": d(end) if end else None,
            "collection_year": 2024,
        }
        for child, sw_id, start, end in rows
    ]
    return pl.DataFrame(records, schema=tables()["sw_episodes"].schema)


def _result(*rows: tuple[Any, ...], eps: pl.DataFrame = IN_CARE) -> IndicatorResult:
    return sw_changes_3plus(tables(episodes=eps, sw_episodes=_sw(*rows)), period=YEAR_2024)


def _workers(*rows: tuple[Any, ...]) -> int:
    return int(_result(*rows).children.get_column("social_workers")[0])


def test_three_different_social_workers_in_the_year_count() -> None:
    result = _result(
        ("C1", "SW1", "01/01/2023", "01/06/2023"),
        ("C1", "SW2", "01/06/2023", "01/09/2023"),
        ("C1", "SW3", "01/09/2023", None),
    )
    assert result.children.to_dicts() == [
        {"CHILD": "C1", "in_numerator": True, "social_workers": 3}
    ]


def test_returning_social_worker_counts_once() -> None:
    assert (
        _workers(
            ("C1", "SW1", "01/01/2023", "01/06/2023"),
            ("C1", "SW2", "01/06/2023", "01/09/2023"),
            ("C1", "SW1", "01/09/2023", None),
        )
        == 2
    )


def test_sw_episode_shorter_than_24_hours_is_ignored() -> None:
    assert (
        _workers(
            ("C1", "SW1", "01/01/2023", "01/06/2023"),
            ("C1", "SW2", "01/06/2023", "01/06/2023"),
            ("C1", "SW3", "01/06/2023", None),
        )
        == 2
    )


def test_social_worker_who_left_before_the_year_is_not_counted() -> None:
    assert (
        _workers(("C1", "SW1", "01/01/2023", "31/03/2023"), ("C1", "SW2", "31/03/2023", None)) == 1
    )


def test_social_worker_who_left_on_1_april_is_counted() -> None:
    assert (
        _workers(("C1", "SW1", "01/01/2023", "01/04/2023"), ("C1", "SW2", "01/04/2023", None)) == 2
    )


def test_social_worker_starting_after_the_year_is_not_counted() -> None:
    assert (
        _workers(("C1", "SW1", "01/01/2023", "01/04/2024"), ("C1", "SW2", "01/04/2024", None)) == 1
    )


def test_social_worker_while_not_looked_after_counts() -> None:
    eps = history("C1", ("01/10/2023", "S", "C2", "U4"))
    result = _result(
        ("C1", "SW1", "01/05/2023", "01/07/2023"),
        ("C1", "SW2", "01/07/2023", "01/12/2023"),
        ("C1", "SW3", "01/12/2023", None),
        eps=eps,
    )
    assert (result.numerator, result.denominator) == (1, 1)


def test_sw_cohort_is_children_in_care_at_the_period_end() -> None:
    eps = stack(
        IN_CARE,
        history("left", ("01/01/2020", "S", "C2", "U4"), ceased=("01/03/2024", "E4A")),
    )
    result = _result(("left", "SW1", "01/01/2023", None), eps=eps)
    assert result.children.to_dicts() == [
        {"CHILD": "C1", "in_numerator": False, "social_workers": 0}
    ]


@pytest.mark.parametrize("indicator_id", ["sw_changes_3plus"])
def test_indicator_is_registered_documented_and_runs_on_an_empty_store(indicator_id: str) -> None:
    indicator = INDICATORS[indicator_id]
    assert f"`{indicator_id}`" in DOCS.read_text(encoding="utf-8")
    assert "\n" not in indicator.definition
    result = indicator.run(tables(), period=YEAR_2024)
    assert (result.unit, result.numerator) == (indicator.unit, 0)
    assert result.children.columns[:2] == ["CHILD", "in_numerator"]
