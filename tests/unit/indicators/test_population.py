"""§A1 children in care at the period end; §A2 starts and ceased."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from incare.indicators import INDICATORS, Period, Unit
from incare.indicators.population import ceased, cla_31_march, starts, uasc_31_march

from .builders import d, episodes, history, stack, tables

DOCS = Path(__file__).resolve().parents[3] / "docs" / "indicators.md"
YEAR_2024 = Period.collection_year(2024)


def _cla(eps: pl.DataFrame, period: Period = YEAR_2024) -> list[str]:
    result = cla_31_march(tables(episodes=eps), period=period)
    return result.children.get_column("CHILD").to_list()


def test_child_in_care_on_31_march_is_counted() -> None:
    result = cla_31_march(
        tables(episodes=history("C1", ("01/01/2020", "S", "C2", "U4"))), period=YEAR_2024
    )
    assert (result.numerator, result.value, result.unit) == (1, 1.0, Unit.COUNT)
    assert result.children.to_dicts() == [
        {"CHILD": "C1", "in_numerator": True, "DECOM": d("01/01/2020"), "LS": "C2", "PLACE": "U4"}
    ]


def test_child_who_ceased_on_31_march_is_not_counted_as_looked_after() -> None:
    eps = history("C1", ("01/01/2020", "S", "C2", "U4"), ceased=("31/03/2024", "E4A"))
    assert _cla(eps) == []


def test_child_who_started_on_31_march_is_counted() -> None:
    assert _cla(history("C1", ("31/03/2024", "S", "V2", "U6"))) == ["C1"]


def test_two_episodes_meeting_on_31_march_count_the_child_once() -> None:
    eps = history("C1", ("01/01/2020", "S", "C2", "U4"), ("31/03/2024", "P", "C2", "U6"))
    assert _cla(eps) == ["C1"]


def test_short_breaks_v3_v4_are_excluded_from_cla() -> None:
    eps = stack(
        history("C1", ("01/03/2024", "S", "V3", "U6")),
        history("C2", ("01/03/2024", "S", "V4", "U6")),
        history("C3", ("01/03/2024", "S", "V2", "U6")),
    )
    assert _cla(eps) == ["C3"]


def test_children_in_care_are_counted_at_the_end_of_any_12_month_period() -> None:
    eps = history("C1", ("01/01/2020", "S", "C2", "U4"), ceased=("01/10/2024", "E4A"))
    assert _cla(eps, Period.ending(date(2024, 9, 30))) == ["C1"]
    assert _cla(eps, Period.ending(date(2024, 10, 1))) == []


def test_child_who_came_into_care_twice_in_the_year_is_one_start() -> None:
    eps = episodes(
        ("C1", "01/05/2023", "S", "V2", "U6", "01/06/2023", "E4A"),
        ("C1", "01/09/2023", "S", "C1", "U6"),
    )
    result = starts(tables(episodes=eps), period=YEAR_2024)
    assert result.children.to_dicts() == [
        {"CHILD": "C1", "in_numerator": True, "DECOM": d("01/05/2023")}
    ]


def test_a_start_is_an_rne_s_episode_beginning_in_the_period() -> None:
    eps = stack(
        history("before", ("31/03/2023", "S", "V2", "U6")),
        history("first_day", ("01/04/2023", "S", "V2", "U6")),
        history("last_day", ("31/03/2024", "S", "V2", "U6")),
        history("moved", ("01/01/2020", "S", "V2", "U6"), ("01/06/2023", "P", "V2", "U4")),
    )
    result = starts(tables(episodes=eps), period=YEAR_2024)
    assert sorted(result.children.get_column("CHILD")) == ["first_day", "last_day"]


def test_short_breaks_are_not_starts() -> None:
    eps = history("C1", ("01/06/2023", "S", "V3", "U6"), ceased=("03/06/2023", "E13"))
    assert starts(tables(episodes=eps), period=YEAR_2024).numerator == 0


def test_child_who_left_care_twice_in_the_year_counts_once() -> None:
    eps = episodes(
        ("C1", "01/01/2020", "S", "V2", "U6", "01/06/2023", "E4A"),
        ("C1", "01/09/2023", "S", "C1", "U6", "01/02/2024", "E13"),
    )
    result = ceased(tables(episodes=eps), period=YEAR_2024)
    assert result.children.to_dicts() == [
        {"CHILD": "C1", "in_numerator": True, "DEC": d("01/02/2024"), "REC": "E13"}
    ]


def test_ending_an_episode_with_x1_is_not_leaving_care() -> None:
    eps = history("C1", ("01/01/2020", "S", "C2", "U4"), ("01/06/2023", "P", "C2", "U6"))
    assert ceased(tables(episodes=eps), period=YEAR_2024).numerator == 0


def test_care_taken_over_by_another_council_counts_as_ceased() -> None:
    eps = history("C1", ("01/01/2020", "S", "C2", "U4"), ceased=("31/03/2024", "E3"))
    assert ceased(tables(episodes=eps), period=YEAR_2024).numerator == 1


def test_ceasing_after_the_period_is_not_counted() -> None:
    eps = history("C1", ("01/01/2020", "S", "C2", "U4"), ceased=("01/04/2024", "E4A"))
    assert ceased(tables(episodes=eps), period=YEAR_2024).numerator == 0


# --- §0 UASC at the period end ---------------------------------------------------------

IN_CARE = history("C1", ("01/01/2023", "S", "V2", "U6"))


def _uasc(eps: pl.DataFrame, *rows: tuple[str, str | None]) -> list[str]:
    records = [
        {"CHILD": child, "DUC": d(duc) if duc else None, "collection_year": 2024}
        for child, duc in rows
    ]
    uasc = pl.DataFrame(records, schema=tables()["uasc"].schema)
    result = uasc_31_march(tables(episodes=eps, uasc=uasc), period=YEAR_2024)
    return result.children.get_column("CHILD").to_list()


def test_uasc_child_in_care_at_31_march_is_counted() -> None:
    assert _uasc(IN_CARE, ("C1", None)) == ["C1"]


def test_latest_uasc_record_decides_when_status_ceased() -> None:
    records = [
        {"CHILD": "C1", "DUC": None, "collection_year": 2024},
        {"CHILD": "C1", "DUC": d("01/03/2024"), "collection_year": 2025},
    ]
    uasc = pl.DataFrame(records, schema=tables()["uasc"].schema)
    result = uasc_31_march(tables(episodes=IN_CARE, uasc=uasc), period=YEAR_2024)
    assert result.numerator == 0


def test_uasc_status_ceased_on_31_march_is_not_counted() -> None:
    assert _uasc(IN_CARE, ("C1", "31/03/2024")) == []


def test_uasc_status_ceasing_after_31_march_is_counted() -> None:
    assert _uasc(IN_CARE, ("C1", "01/04/2024")) == ["C1"]


def test_uasc_child_no_longer_in_care_is_not_counted() -> None:
    eps = history("C1", ("01/01/2023", "S", "V2", "U6"), ceased=("01/03/2024", "E3"))
    assert _uasc(eps, ("C1", None)) == []


def test_child_in_care_without_a_uasc_record_is_not_uasc() -> None:
    assert _uasc(IN_CARE) == []


def test_uasc_child_on_short_breaks_only_is_not_counted() -> None:
    assert _uasc(history("C1", ("01/01/2023", "S", "V3", "U6")), ("C1", None)) == []


@pytest.mark.parametrize("indicator_id", ["uasc_31_march"])
def test_indicator_is_registered_documented_and_runs_on_an_empty_store(indicator_id: str) -> None:
    indicator = INDICATORS[indicator_id]
    assert f"`{indicator_id}`" in DOCS.read_text(encoding="utf-8")
    assert "\n" not in indicator.definition
    result = indicator.run(tables(), period=YEAR_2024)
    assert (result.unit, result.numerator) == (indicator.unit, 0)
    assert result.children.columns[:2] == ["CHILD", "in_numerator"]
