"""The Forum pack and the annual report (issue 8 §1-2) on a small synthetic authority.

Each pack is built once for the module, written as PDF, Excel and HTML, and read back: the
PDF's text and structure with pypdf, the workbook's cells with openpyxl, the page's tables
with html.parser. Figures are compared with the scorecard's (``build_scorecard``) through
the rules of indicators.md §D restated here, independently of ``incare.reports.shown``.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from openpyxl import load_workbook
from pypdf import PdfReader

from incare.children.services import do_save_local_authority
from incare.reports import render
from incare.reports.build import build_annual_report, build_forum_pack
from incare.reports.content import Pack
from incare.reports.periods import Quarter, Year
from incare.returns.models import ImportRun
from incare.returns.services import do_import_store
from incare.strategies.definition import read_definition
from incare.strategies.models import Strategy
from incare.strategies.scorecard import Scorecard, build_scorecard
from incare.strategies.services import (
    do_add_progress_update,
    do_answer_question,
    do_ask_question,
    do_load_strategy,
    do_record_local_value,
)
from incare.synth import generate_store

# The module's world is built once in the test database (rolled back at the end); the mark
# makes pytest-django create that database and lets each test read it.
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
STRATEGY_FILE = ROOT / "strategies" / "warrington-2021-22.yaml"
QUARTER = Quarter(2024, 3)
YEAR = Year(2024)
COMMENTARY = "Recruitment campaign launched with two neighbouring councils."
ANSWER = "The panel reviewed every move; most were planned steps towards permanence."
OPEN_QUESTION = "What is the plan for care leavers' council tax exemption?"


@dataclass
class Built:
    pack: Pack
    scorecard: Scorecard
    previous: Scorecard
    html: str
    pdf: bytes
    xlsx: bytes
    run: ImportRun


@dataclass
class World:
    forum: Built
    annual: Built
    strategy_sha256: str
    tables: dict[str, Any]
    la_code: str


def _build(strategy: Strategy, pack: Pack, as_at: date, before: date, run: ImportRun) -> Built:
    return Built(
        pack=pack,
        scorecard=build_scorecard(strategy, as_at=as_at),
        previous=build_scorecard(strategy, as_at=before),
        html=render.html(pack),
        pdf=render.content(pack, "pdf"),
        xlsx=render.content(pack, "xlsx"),
        run=run,
    )


def make_world(folder: Path, *, children: int = 60, seed: int = 11) -> World:
    """A small authority (many counts of 1-5), the Warrington 2021-22 strategy, progress,
    questions and a local measure recorded with a numerator of 3."""
    from incare.children.frames import authority_tables
    from incare.records.frames import authority_records

    generate_store(folder, children=children, years=range(2021, 2026), seed=seed, like="Warrington")
    authority = do_save_local_authority(code="877", name="Warrington", acting_user=None)
    run = do_import_store(folder, local_authority=authority, acting_user=None)
    strategy = do_load_strategy(read_definition(STRATEGY_FILE), acting_user=None)
    action = strategy.actions.order_by("position").first()
    assert action is not None
    do_add_progress_update(
        strategy=strategy, action_ref=action.ref, on=date(2024, 12, 1), rag="amber",
        commentary=COMMENTARY, acting_user=None,
    )  # fmt: skip
    asked = do_ask_question(
        strategy=strategy, meeting_date=date(2024, 11, 14), question="Why did moves rise?",
        asked_by="Cllr Patel", owner="Head of Service", action_ref=action.ref, acting_user=None,
    )  # fmt: skip
    do_answer_question(question=asked, answer=ANSWER, answered_on=date(2024, 12, 2),
                       acting_user=None)  # fmt: skip
    do_ask_question(
        strategy=strategy, meeting_date=date(2024, 11, 14), question=OPEN_QUESTION,
        asked_by="Cllr Jones", owner="Leaving Care Manager", acting_user=None,
    )  # fmt: skip
    for day, numerator in ((date(2024, 9, 30), 30), (date(2024, 12, 31), 3)):
        do_record_local_value(
            local_authority=authority, local_measure="seen_alone_at_visits", as_at=day,
            value=numerator / 40 * 100, numerator=numerator, denominator=40, acting_user=None,
        )  # fmt: skip
    forum = build_forum_pack(strategy, quarter=QUARTER)
    annual = build_annual_report(strategy, year=YEAR)
    return World(
        forum=_build(strategy, forum, QUARTER.end, QUARTER.previous().end, run),
        annual=_build(strategy, annual, YEAR.end, date(2023, 3, 31), run),
        strategy_sha256=hashlib.sha256(STRATEGY_FILE.read_bytes()).hexdigest(),
        tables={**authority_tables(authority), **authority_records(authority)},
        la_code=authority.code,
    )


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """Built once (a PDF takes seconds); rolled back afterwards like a test's own data."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_world(tmp_path_factory.mktemp("store"))
        transaction.set_rollback(True)


# -- §D restated, to check the packs' figures against the scorecard's --------------------


def expected_text(unit: str | None, value: float | None, num: int | None, den: int | None) -> str:
    """What indicators.md §D lets a councillor see of a figure (docs/disclosure-control.md)."""
    if value is None:
        return "x"
    half_up = math.floor(value + 0.5)
    if unit in (None, "count"):
        return "c" if 1 <= round(value) <= 5 else str(round(value))
    if unit == "percent":
        small = (num is not None and 1 <= num <= 5) or (den is not None and den < 10)
        return "c" if small else ("k" if half_up == 0 and value else f"{half_up}%")
    if unit == "rate":
        return "c" if num is not None and 1 <= num <= 5 else f"{half_up} per 10,000"
    raise AssertionError(f"unit {unit} not restated here")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def norm(text: str) -> str:
    return " ".join(text.split())


# -- the figures ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["forum", "annual"])
def test_each_figure_is_the_scorecards_value_as_section_d_lets_councillors_see_it(
    world: World, kind: str
) -> None:
    built: Built = getattr(world, kind)
    views = {m.ref: m for m in built.pack.measures}
    checked = 0
    for row in built.scorecard.rows:
        view = views[row.measure_ref]
        assert view.rag == row.rag, row.measure_ref
        if not (row.indicator or row.local) or row.unit not in ("count", "percent", "rate"):
            continue
        assert view.value == expected_text(row.unit, row.value, row.numerator, row.denominator)
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("kind", ["forum", "annual"])
def test_the_rag_last_period_is_the_scorecards_then(world: World, kind: str) -> None:
    built: Built = getattr(world, kind)
    before = {row.measure_ref: row.rag for row in built.previous.rows}
    for view in built.pack.measures:
        assert view.previous_rag == before[view.ref]
    moved = {m.ref for m in built.pack.improved} | {m.ref for m in built.pack.worsened}
    rank = {"red": 0, "amber": 1, "green": 2}
    expected = {
        row.measure_ref
        for row in built.scorecard.rows
        if row.rag in rank and before[row.measure_ref] in rank
        and rank[row.rag] != rank[before[row.measure_ref]]
    }  # fmt: skip
    assert moved == expected


def test_trend_points_agree_with_the_scorecards_trend_where_shown(world: World) -> None:
    """The pack's quarterly points include the scorecard's own trend dates; where the pack
    shows a figure it is the scorecard's value rounded as §D rounds it."""
    views = {m.ref: m for m in world.forum.pack.measures}
    compared = 0
    for row in world.forum.scorecard.rows:
        if not row.indicator or row.unit not in ("count", "percent", "rate"):
            continue
        points = {p.as_at.isoformat(): p for p in views[row.measure_ref].trend}
        for point in row.trend:
            shown = points.get(point["as_at"])
            if shown is None or shown.number is None:
                continue
            assert shown.number == math.floor(point["value"] + 0.5), row.measure_ref
            compared += 1
    assert compared >= 20


def test_the_summary_counts_each_outcomes_measures_by_rag(world: World) -> None:
    by_outcome: dict[str, Counter[str]] = {}
    for row in world.forum.scorecard.rows:
        by_outcome.setdefault(row.outcome, Counter())[row.rag] += 1
    for outcome in world.forum.pack.outcomes:
        counted = by_outcome.get(outcome.heading, Counter())
        assert outcome.rag_counts == {r: counted[r] for r in ("red", "amber", "green", "grey")}


def test_the_annual_report_charts_each_31_march_of_the_strategy_period(world: World) -> None:
    dates = {p.as_at for m in world.annual.pack.measures for p in m.trend}
    assert dates == {date(y, 3, 31) for y in range(2021, 2025)}


def test_the_annual_reports_achievements_are_green_and_gaps_red_or_amber(world: World) -> None:
    for outcome in world.annual.pack.outcomes:
        assert {m.rag for m in outcome.achievements} <= {"green"}
        assert {m.rag for m in outcome.gaps} <= {"red", "amber"}
        assert len(outcome.achievements) + len(outcome.gaps) + len(outcome.unmeasured) == len(
            outcome.measures
        )
    html = world.annual.html
    assert html.count("<h3>Achievements</h3>") == len(world.annual.pack.outcomes)
    assert html.count("<h3>Gaps</h3>") == len(world.annual.pack.outcomes)


# -- the PDF -------------------------------------------------------------------------------


def struct_elements(node: Any) -> Iterator[Any]:
    node = node.get_object()
    yield node
    kids = node.get("/K")
    if kids is None:
        return
    kids = kids.get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and "/S" in kid:
            yield from struct_elements(kid)


@pytest.mark.parametrize("kind", ["forum", "annual"])
def test_the_pdf_is_a4_tagged_pdf_ua_with_headings_tables_and_alt_text(
    world: World, kind: str
) -> None:
    """Accessible PDF (issue 8 §1): tagged headings, tables as tables, charts with alt."""
    built: Built = getattr(world, kind)
    reader = PdfReader(io.BytesIO(built.pdf))
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
            595,
            842,
        )
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    elements = list(struct_elements(root["/StructTreeRoot"]))
    kinds = Counter(str(e.get("/S")) for e in elements)
    assert kinds["/H1"] == 1
    assert kinds["/H2"] >= len(built.pack.outcomes) + 1
    assert kinds["/Table"] >= len(built.pack.outcomes)
    assert kinds["/TH"] > 0
    figures = [e for e in elements if str(e.get("/S")) == "/Figure"]
    charts = [m for m in built.pack.measures if m.chart]
    assert len(figures) == len(charts) > 0
    assert all(str(f["/Alt"]).startswith("Line chart of ") for f in figures)


@pytest.mark.parametrize("kind", ["forum", "annual"])
def test_the_pdf_text_holds_the_summary_measures_progress_questions_and_stamp(
    world: World, kind: str
) -> None:
    built: Built = getattr(world, kind)
    text = pdf_text(built.pdf)
    assert norm(built.pack.title)[:40] in text
    for outcome in built.pack.outcomes:
        assert norm(f"Outcome {outcome.heading}")[:45] in text
    for measure in built.pack.measures:  # a heading, or a row of the table of the rest
        heading = norm(f"{measure.ref} {measure.text}")[:35]
        row = norm(measure.text)[:30]
        assert heading in text if measure.has_figures else row in text, measure.ref
    assert world.strategy_sha256[:12] in text
    assert f"checked against {built.run.validation_rules_run} DfE validation rules" in text
    if kind == "forum":  # the update and the meeting are in the quarter, after the year
        assert COMMENTARY in text
        assert norm(ANSWER) in text
        assert norm(OPEN_QUESTION) in text
        assert "Not answered yet." in text


def test_every_trend_table_reads_back_from_the_pdf_as_the_pack_shows_it(world: World) -> None:
    text = pdf_text(world.forum.pdf)
    for measure in world.forum.pack.measures:
        if measure.trend and measure.has_figures:
            row = " ".join(p.text for p in measure.trend)
            assert row in text, measure.ref


# -- the workbook --------------------------------------------------------------------------


def cell(text: str | None) -> Any:
    """A shown figure as the workbook stores it: a number where one is shown."""
    if text is None or text == "":
        return None
    bare = re.sub(r"(%| per 10,000| days)$", "", text)
    try:
        number = float(bare)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


@pytest.mark.parametrize("kind", ["forum", "annual"])
def test_the_workbook_has_the_same_figures_as_the_pack(world: World, kind: str) -> None:
    built: Built = getattr(world, kind)
    book = load_workbook(io.BytesIO(built.xlsx))
    assert book.sheetnames == [
        "About", "Summary", "Measures", "Trends", "Progress", "Questions", "Data quality",
    ]  # fmt: skip
    sheet = book["Measures"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    views = {m.ref: m for m in built.pack.measures}
    assert sorted(r["Ref"] for r in rows) == sorted(row.measure_ref for row in built.scorecard.rows)
    for r in rows:
        view = views[r["Ref"]]
        assert r["Figure"] == cell(view.value)
        assert r["RAG"] == view.rag
        assert r["Measure (as written)"] == view.text
    trends = list(book["Trends"].iter_rows(min_row=2, values_only=True))
    assert len(trends) == sum(len(m.trend) for m in built.pack.measures)
    for ref, _text, _when, figure in trends:
        assert figure in {cell(p.text) for p in views[str(ref)].trend}
    summary = list(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary[-1][1:] == (*built.pack.rag_totals.values(), len(built.pack.measures))
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True) if r and r[0]}
    assert world.strategy_sha256[:12] in about["Definitions version"]
    progress = [r[-1] for r in book["Progress"].iter_rows(min_row=2, values_only=True)]
    assert (COMMENTARY in progress) == (kind == "forum")


# -- the HTML page -------------------------------------------------------------------------


class Tables(HTMLParser):
    """Every table's cells, as text, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(norm("".join(self.cell)))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def test_the_html_page_has_a_chart_and_its_data_table_per_measure(world: World) -> None:
    html = world.forum.html
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    charts = [m for m in world.forum.pack.measures if m.chart]
    assert html.count('role="img"') == len(charts)
    parser = Tables()
    parser.feed(html)
    rows = [tuple(r) for t in parser.tables for r in t]
    for measure in world.forum.pack.measures:
        if measure.trend and measure.has_figures:
            assert tuple(p.text for p in measure.trend) in rows, measure.ref
