"""Disclosure check over every councillor-facing output (issue 8; indicators.md §D).

On a small synthetic authority, where many counts are 1 to 5, the Forum pack and the annual
report are built and written as HTML, PDF and Excel. Every figure a measure shows (its value
and each trend point, which is also each chart point) is compared with what §D lets a
councillor see of the engine's own figure, computed here from the imported data; every
output is then searched for what must not be there: a hidden figure, the cohort beside it,
an unrounded percentage, a change worked out from a hidden figure.

Why nothing hidden can be worked out by subtraction: the packs publish no table of children
with totals (the summary table counts measures, not children); each figure stands alone,
and a percentage's numerator is never shown, only its cohort, and not even that beside a
hidden figure. Change phrases ("down 2 points on last quarter") are worked out from shown
figures only, so none exists next to a hidden one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook
from test_reports import Built, Tables, World, expected_text, make_world, pdf_text

from incare.indicators import INDICATORS, Period
from incare.indicators.report import build_context
from incare.reports.stamp import data_quality
from incare.returns.models import ImportRun
from incare.strategies.rag import format_value

pytestmark = pytest.mark.django_db

SEEN_ALONE = "seen_alone_at_visits"
"""Recorded by hand in the test world (a numerator of 3), so not computed from records."""
UNITS = ("count", "percent", "rate")


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_world(tmp_path_factory.mktemp("small"), children=50, seed=7)
        transaction.set_rollback(True)


def engine_figure(world: World, indicator: str, end: date) -> tuple[Any, Any, Any]:
    """The engine's own figure for the 12 months to ``end`` (value, numerator, denominator)."""
    years = {end.year - 1, end.year, end.year + 1}
    context = build_context(la_code=world.la_code, years=years).context
    try:
        result = INDICATORS[indicator].run(world.tables, period=Period.ending(end), context=context)
    except LookupError:
        return None, None, None
    return result.value, result.numerator, result.denominator


def outputs(built: Built) -> dict[str, str]:
    book = load_workbook(io.BytesIO(built.xlsx))
    cells = " | ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    return {"html": built.html, "pdf": pdf_text(built.pdf), "xlsx": cells}


@pytest.mark.parametrize("kind", ["forum", "annual"])
def test_every_trend_and_chart_point_is_the_engines_figure_as_section_d_shows_it(
    world: World, kind: str
) -> None:
    built: Built = getattr(world, kind)
    hidden = shown = 0
    for view, row in zip(
        sorted(built.pack.measures, key=lambda m: m.ref),
        sorted(built.scorecard.rows, key=lambda r: r.measure_ref),
        strict=True,
    ):
        # 903 indicators, and local measures computed from the records by their indicator
        computed = row.indicator or (row.local if row.local in INDICATORS else None)
        if computed is None or row.local == SEEN_ALONE or row.unit not in UNITS:
            continue
        for point in view.trend:
            expected = expected_text(row.unit, *engine_figure(world, computed, point.as_at))
            assert point.text == expected, (view.ref, point.as_at)
            hidden += expected == "c"
            shown += expected not in ("c", "x")
        if view.chart:
            assert view.chart.count("<circle") == sum(p.number is not None for p in view.trend)
    assert hidden >= 5, "the small authority must have figures to hide, or this proves nothing"
    assert shown >= 10


@pytest.mark.parametrize("kind", ["forum", "annual"])
def test_hidden_figures_are_c_in_the_html_tables_and_the_workbook(world: World, kind: str) -> None:
    built: Built = getattr(world, kind)
    parser = Tables()
    parser.feed(built.html)
    html_rows = {tuple(r) for t in parser.tables for r in t}
    book = load_workbook(io.BytesIO(built.xlsx))
    trend_cells = {
        (str(ref), when.date() if hasattr(when, "date") else when): figure
        for ref, _text, when, figure in book["Trends"].iter_rows(min_row=2, values_only=True)
    }
    measures = {str(r[1]): r for r in book["Measures"].iter_rows(min_row=2, values_only=True)}
    for view in built.pack.measures:
        for point in view.trend:
            if point.text == "c":
                assert trend_cells[(view.ref, point.as_at)] == "c"
        if view.trend and view.has_figures:
            assert tuple(p.text for p in view.trend) in html_rows
        if view.value == "c":
            figure, children = measures[view.ref][5], measures[view.ref][6]
            assert (figure, children) == ("c", None), view.ref


@pytest.mark.parametrize("kind", ["forum", "annual"])
def test_no_cohort_change_or_unrounded_figure_is_shown_beside_a_hidden_one(
    world: World, kind: str
) -> None:
    built: Built = getattr(world, kind)
    texts = outputs(built)
    rows = {r.measure_ref: r for r in built.scorecard.rows}
    for view in built.pack.measures:
        row = rows[view.ref]
        if view.value == "c":
            assert view.cohort is None, view.ref
            assert not re.search(r"\b(up|down|unchanged)\b", view.reason), view.reason
        if view.cohort is not None and row.unit == "percent":
            left_out = (row.denominator or 0) - (row.numerator or 0)
            assert not 1 <= left_out <= 5, (view.ref, "the cohort gives away who is left out")
        if row.value is not None and row.unit in ("percent", "rate"):
            unrounded = format_value(row.value, row.unit)
            if "." in unrounded:
                for name, text in texts.items():
                    assert unrounded not in text, (name, view.ref, unrounded)
        if row.reason != view.reason and re.search(r"\d\.\d", row.reason):
            for name, text in texts.items():
                assert row.reason not in text, (name, view.ref)


@pytest.mark.parametrize("kind", ["forum", "annual"])
def test_every_figure_field_of_the_pack_is_whole_or_a_symbol(world: World, kind: str) -> None:
    """Percentages and rates are whole numbers in every figure the pack carries (and so in
    every output, which show only these)."""
    built: Built = getattr(world, kind)
    fields: list[str] = []
    for view in built.pack.measures:
        fields += [view.value, view.cohort or "", view.reason, view.target or ""]
        fields += [p.text for p in view.trend]
        if view.benchmark:
            fields += [view.benchmark.england, view.benchmark.region, view.benchmark.neighbours]
    progress_reasons = {r.reason for r in built.scorecard.rows if not (r.indicator or r.local)}
    for text in fields:
        if text in progress_reasons:
            continue  # officers' commentary, as written
        assert not re.search(r"\d\.\d+ ?(%|per 10,000|points)", text), text


def test_a_local_measure_of_3_children_out_of_40_is_c_everywhere(world: World) -> None:
    built = world.forum
    (view,) = [m for m in built.pack.measures if m.data.startswith("Children in care seen alone")]
    assert view.value == "c"
    assert view.cohort is None
    assert [p.text for p in view.trend][-2:] == ["75%", "c"]
    assert "7.5%" not in built.html
    assert "down" not in view.reason
    book = load_workbook(io.BytesIO(built.xlsx))
    (row,) = [
        r for r in book["Measures"].iter_rows(min_row=2, values_only=True) if r[1] == view.ref
    ]
    assert row[5] == "c"


def test_children_with_validation_errors_are_c_when_1_to_5() -> None:
    run = ImportRun(
        local_authority_code="877", source="x", started_at=timezone.now(),
        finished_at=timezone.now(), status=ImportRun.Status.SUCCEEDED, years=[2024, 2025],
        validation_year=2025, validation_rules_run=300, validation_errors=4,
        validation_children=3,
    )  # fmt: skip
    note = data_quality(run)
    assert (note.children_affected, note.rows_failing) == ("c", "c")
    assert "c rows failed, for c children" in " ".join(note.lines)


def test_an_import_without_validation_says_so_rather_than_failing() -> None:
    run = ImportRun(
        local_authority_code="877", source="x", started_at=timezone.now(),
        finished_at=timezone.now(), status=ImportRun.Status.SUCCEEDED, years=[2025],
        validation={"note": "the rules could not run"},
    )  # fmt: skip
    note = data_quality(run)
    assert note.children_affected is None
    assert "not run on this import: the rules could not run" in " ".join(note.lines)


def test_the_charts_alt_text_quotes_only_shown_figures(world: World) -> None:
    for view in world.forum.pack.measures:
        if view.chart is None:
            continue
        alt = re.search(r"<title[^>]*>(.*?)</title>", view.chart)
        assert alt is not None
        first, last = view.trend[0], view.trend[-1]
        assert f"{first.text} at {first.label}" in alt.group(1)
        assert f"{last.text} at {last.label}" in alt.group(1)


def test_the_pack_files_exist_only_as_written(world: World, tmp_path: Path) -> None:
    """Nothing else is written beside the output (the temporary file is renamed)."""
    from incare.reports.render import content, write_whole

    target = tmp_path / "pack.html"
    write_whole(target, content(world.forum.pack, "html"))
    assert [p.name for p in tmp_path.iterdir()] == ["pack.html"]
