"""Turning indicator results into JSON, CSV and a table, with notes for missing context."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date

import polars as pl
import pytest

from incare.indicators import INDICATORS, Indicator, IndicatorResult, Period, Polarity, Unit, report
from incare.indicators.context import IndicatorContext
from incare.indicators.report import Figure

YEAR = Period.collection_year(2024)


def only(monkeypatch: pytest.MonkeyPatch, *indicators: Indicator) -> None:
    """Make the registry hold just ``indicators`` for one test."""
    monkeypatch.setattr(report, "INDICATORS", {i.id: i for i in indicators})


def indicator(
    id: str, compute: object, *, unit: Unit = Unit.COUNT, context: bool = False
) -> Indicator:
    return Indicator(
        id=id,
        title=id.replace("_", " "),
        definition="",
        unit=unit,
        polarity=Polarity.NEITHER,
        cohort="",
        section="A0",
        lait_measure=None,
        compute=compute,  # type: ignore[arg-type]
        uses_context=context,
    )


def three_children(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    return IndicatorResult.count(pl.DataFrame({"CHILD": ["A", "B", "C"]}), period=period)


def rate(
    tables: Mapping[str, pl.DataFrame], *, period: Period, context: IndicatorContext
) -> IndicatorResult:
    population = context.population_for(period.collection_year_of_end)
    children = pl.DataFrame({"CHILD": ["A"] * 0}, schema={"CHILD": pl.String})
    return IndicatorResult(period, Unit.RATE, 30, population, 30 / population * 10_000, children)


def needs_oc3(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    from incare.indicators.building_blocks import require_table

    require_table(tables, "oc3")
    raise AssertionError("unreachable")


def test_counts_are_whole_numbers_in_json(monkeypatch: pytest.MonkeyPatch) -> None:
    only(monkeypatch, indicator("three", three_children))
    context = report.build_context(la_code=None, population=None)

    figures = report.run_indicators({}, period=YEAR, context=context)

    document = json.loads(report.as_json(figures, period=YEAR))
    assert document == {
        "period": {"start": "2023-04-01", "end": "2024-03-31"},
        "indicators": [
            {
                "id": "three",
                "title": "three",
                "value": 3,
                "numerator": 3,
                "denominator": None,
                "unit": "count",
            }
        ],
    }


def test_a_rate_without_a_population_is_null_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    only(monkeypatch, indicator("rate", rate, unit=Unit.RATE, context=True))
    context = report.build_context(la_code=None, population=None)

    [figure] = report.run_indicators({}, period=YEAR, context=context)

    assert figure.value is None
    assert figure.note is not None
    assert "population" in figure.note


def test_a_population_given_is_used_for_rates(monkeypatch: pytest.MonkeyPatch) -> None:
    only(monkeypatch, indicator("rate", rate, unit=Unit.RATE, context=True))
    context = report.build_context(la_code="877", population=40_000, years=[2024])

    [figure] = report.run_indicators({}, period=YEAR, context=context)

    assert figure.value == pytest.approx(7.5)
    assert figure.note is None


def test_a_missing_table_is_a_note_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    only(monkeypatch, indicator("leavers", needs_oc3))

    [figure] = report.run_indicators({}, period=YEAR, context=report.build_context(la_code=None))

    assert figure.value is None
    assert figure.note is not None
    assert "oc3" in figure.note


def test_an_unknown_id_lists_close_ids() -> None:
    with pytest.raises(report.UnknownIndicatorError, match="placement_moves_3plus"):
        report.find_indicator("placement_moves")


def test_every_registered_indicator_can_be_found() -> None:
    for indicator_id in INDICATORS:
        assert report.find_indicator(indicator_id).id == indicator_id


def test_councillors_see_small_figures_as_c() -> None:
    figures = [
        Figure("a", "A", "count", 4, 4, None),
        Figure("b", "B", "percent", 62.5, 25, 40),
    ]

    shown = report.disclose(figures, audience="councillor")

    assert [(f.value, f.numerator, f.denominator) for f in shown] == [
        ("c", "c", None),
        ("63", "25", "40"),
    ]


def test_csv_has_one_row_per_indicator_with_the_period() -> None:
    figures = [Figure("a", "A, with a comma", "count", 4, 4, None, note=None)]

    text = report.as_csv(figures, period=Period.ending(date(2024, 9, 30)))

    assert text.splitlines() == [
        "period_start,period_end,id,title,value,numerator,denominator,unit,note",
        '2023-10-01,2024-09-30,a,"A, with a comma",4,4,,count,',
    ]


def test_the_table_shows_notes_and_the_footnote_for_councillors() -> None:
    figures = [Figure("rate", "Rate", "rate", None, None, None, note="no population")]

    text = report.as_table(figures, period=YEAR, audience="councillor")

    assert "rate: no population" in text
    assert "c = suppressed" in text


def test_children_frames_as_json_csv_and_table() -> None:
    frame = pl.DataFrame({"CHILD": ["A"], "in_numerator": [True], "DECOM": [date(2023, 5, 1)]})

    assert json.loads(report.frame_as_text(frame, output_format="json")) == [
        {"CHILD": "A", "in_numerator": True, "DECOM": "2023-05-01"}
    ]
    assert report.frame_as_text(frame, output_format="csv").startswith("CHILD,in_numerator,DECOM")
    assert "(1 rows)" in report.frame_as_text(frame, output_format="table")
