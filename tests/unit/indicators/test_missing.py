"""§A10 children missing or away from placement, and missing incidents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from incare.indicators import INDICATORS, Period, Unit
from incare.indicators.missing import (
    away_pct,
    missing_incidents,
    missing_incidents_per_child,
    missing_pct,
)

from .builders import d, episodes, history, stack, tables

DOCS = Path(__file__).resolve().parents[3] / "docs" / "indicators.md"
YEAR_2024 = Period.collection_year(2024)
IN_CARE = history("C1", ("01/01/2020", "S", "C2", "U4"))


def _missing(*rows: tuple[Any, ...]) -> pl.DataFrame:
    """Rows of (CHILD, MISSING, MIS_START, MIS_END[, collection year])."""
    records = [
        {
            "CHILD": child,
            "MISSING": kind,
            "MIS_START": d(start),
            "MIS_END": d(end) if end else None,
            "collection_year": year[0] if year else 2024,
        }
        for child, kind, start, end, *year in rows
    ]
    return pl.DataFrame(records, schema=tables()["missing"].schema)


def _incidents(eps: pl.DataFrame, missing: pl.DataFrame) -> int:
    return missing_incidents(tables(episodes=eps, missing=missing), period=YEAR_2024).numerator


def test_missing_incident_open_on_1_april_is_counted() -> None:
    rows = _missing(("C1", "M", "25/03/2023", None, 2023))
    assert _incidents(IN_CARE, rows) == 1
    assert missing_pct(tables(episodes=IN_CARE, missing=rows), period=YEAR_2024).numerator == 1


def test_missing_incident_ending_on_1_april_is_counted() -> None:
    assert _incidents(IN_CARE, _missing(("C1", "M", "30/03/2023", "01/04/2023", 2023))) == 1


def test_missing_incident_ended_before_1_april_is_not_counted() -> None:
    assert _incidents(IN_CARE, _missing(("C1", "M", "20/03/2023", "31/03/2023", 2023))) == 0


def test_missing_incident_starting_after_the_period_is_not_counted() -> None:
    assert _incidents(IN_CARE, _missing(("C1", "M", "01/04/2024", None, 2025))) == 0


def test_incident_carried_over_in_two_returns_counts_once() -> None:
    rows = _missing(
        ("C1", "M", "25/03/2023", None, 2023),
        ("C1", "M", "25/03/2023", "03/04/2023", 2024),
    )
    assert _incidents(IN_CARE, rows) == 1


def test_missing_incidents_counts_every_incident_and_shows_each_childs_count() -> None:
    eps = stack(IN_CARE, history("C2", ("01/01/2020", "S", "C2", "U4")))
    rows = _missing(
        ("C1", "M", "01/05/2023", "02/05/2023"),
        ("C1", "M", "01/06/2023", "02/06/2023"),
        ("C2", "M", "01/07/2023", "02/07/2023"),
        ("C2", "A", "01/08/2023", "02/08/2023"),
    )
    result = missing_incidents(tables(episodes=eps, missing=rows), period=YEAR_2024)
    assert (result.unit, result.numerator, result.value) == (Unit.COUNT, 3, 3.0)
    assert result.children.to_dicts() == [
        {"CHILD": "C1", "in_numerator": True, "incidents": 2},
        {"CHILD": "C2", "in_numerator": True, "incidents": 1},
    ]


def test_short_break_only_child_is_not_in_missing_cohort() -> None:
    eps = stack(
        IN_CARE,
        episodes(("C2", "01/05/2023", "S", "V3", "U6", "03/05/2023", "E13")),
    )
    rows = _missing(("C2", "M", "02/05/2023", "02/05/2023"))
    result = missing_pct(tables(episodes=eps, missing=rows), period=YEAR_2024)
    assert result.children.get_column("CHILD").to_list() == ["C1"]
    assert result.numerator == 0
    assert _incidents(eps, rows) == 0


def test_missing_cohort_is_every_child_looked_after_during_the_period() -> None:
    eps = stack(
        history("left_on_1_april", ("01/01/2020", "S", "C2", "U4"), ceased=("01/04/2023", "E4A")),
        history("left_before", ("01/01/2020", "S", "C2", "U4"), ceased=("31/03/2023", "E4A")),
        history("started_31_march", ("31/03/2024", "S", "V2", "U4")),
        history("started_after", ("01/04/2024", "S", "V2", "U4")),
    )
    result = missing_pct(tables(episodes=eps, missing=_missing()), period=YEAR_2024)
    assert result.children.get_column("CHILD").to_list() == [
        "left_on_1_april",
        "started_31_march",
    ]


def test_missing_and_away_are_counted_separately() -> None:
    eps = stack(IN_CARE, history("C2", ("01/01/2020", "S", "C2", "U4")))
    rows = _missing(("C1", "M", "01/05/2023", "02/05/2023"), ("C2", "A", "01/06/2023", None))
    frames = tables(episodes=eps, missing=rows)
    missing = missing_pct(frames, period=YEAR_2024)
    away = away_pct(frames, period=YEAR_2024)
    assert missing.children.to_dicts() == [
        {"CHILD": "C1", "in_numerator": True, "incidents": 1},
        {"CHILD": "C2", "in_numerator": False, "incidents": 0},
    ]
    assert (away.numerator, away.denominator, away.value) == (1, 2, pytest.approx(50.0))


@pytest.mark.parametrize("indicator_id", ["missing_pct", "away_pct", "missing_incidents"])
def test_indicator_is_registered_documented_and_runs_on_an_empty_store(indicator_id: str) -> None:
    indicator = INDICATORS[indicator_id]
    assert f"`{indicator_id}`" in DOCS.read_text(encoding="utf-8")
    assert "\n" not in indicator.definition
    result = indicator.run(tables(), period=YEAR_2024)
    assert (result.unit, result.numerator) == (indicator.unit, 0)
    assert result.children.columns[:2] == ["CHILD", "in_numerator"]


def test_average_incidents_per_child_who_went_missing_a10_iv() -> None:
    # §A10 (iv): 3 missing incidents of 2 children -> 1.5; the away incident and the child
    # who never went missing are not in it.
    eps = stack(
        IN_CARE,
        history("C2", ("01/01/2020", "S", "C2", "U4")),
        history("C3", ("01/01/2020", "S", "C2", "U4")),
    )
    rows = _missing(
        ("C1", "M", "01/05/2023", "02/05/2023"),
        ("C1", "M", "01/06/2023", "02/06/2023"),
        ("C2", "M", "01/07/2023", "02/07/2023"),
        ("C2", "A", "01/08/2023", "02/08/2023"),
        ("C3", "A", "01/08/2023", "02/08/2023"),
    )
    result = missing_incidents_per_child(tables(episodes=eps, missing=rows), period=YEAR_2024)
    assert (result.unit, result.numerator, result.denominator, result.value) == (
        Unit.MEAN,
        3,
        2,
        1.5,
    )


def test_average_incidents_per_child_counts_an_incident_open_on_1_april() -> None:
    # An incident that began in March and was still going on 1 April is counted (DfE counts
    # carried-over incidents), so the child's one incident makes the average 1.
    rows = _missing(("C1", "M", "30/03/2023", "02/04/2023"))
    result = missing_incidents_per_child(tables(episodes=IN_CARE, missing=rows), period=YEAR_2024)
    assert (result.numerator, result.denominator, result.value) == (1, 1, 1.0)
