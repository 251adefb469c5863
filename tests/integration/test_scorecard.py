"""The scorecard on a synthetic authority: the engine's values, RAG by its rule, every measure.

Issue 5: "On a synthetic authority the scorecard's values equal the indicator engine's, and
every RAG follows its rule, including the 'too few children' case." The engine is run here on
the store's own frames (``read_store``); the scorecard reads the imported database.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from django.core.management import CommandError, call_command
from polars.testing import assert_frame_equal

from incare.accounts.models import User
from incare.audit import events
from incare.audit.models import AuditEvent
from incare.children.frames import authority_tables
from incare.children.models import LocalAuthority
from incare.children.services import do_save_local_authority
from incare.indicators import INDICATORS, Period
from incare.indicators.local import LOCAL_IDS
from incare.indicators.local.tables import RECORD_SCHEMAS
from incare.indicators.report import build_context, run_indicators
from incare.returns.services import do_import_store
from incare.ssda903.store import read_store
from incare.strategies.definition import check_text, read_definition
from incare.strategies.models import Strategy
from incare.strategies.scorecard import build_scorecard
from incare.strategies.services import (
    do_add_progress_update,
    do_load_strategy,
    do_record_local_value,
)
from incare.synth import generate_store

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
WARRINGTON = ROOT / "strategies" / "warrington-2018-21.yaml"
AS_AT = date(2024, 3, 31)

HEAD = """\
id: every-indicator
la_code: E06000007
la_name: Warrington
title: Every indicator
period: {start: 2021-04-01, end: 2024-03-31}
source: test
outcomes:
  - number: 1
    title: Everything
    actions:
      - ref: "1.1"
        activity: "Measure everything."
        lead: "Analysts"
        timescale: "Ongoing"
        measures:
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("store")
    generate_store(out, children=80, years=range(2021, 2025), seed=3, like="Warrington")
    return out


@pytest.fixture
def authority(store: Path, example_user: Callable[[str], User]) -> LocalAuthority:
    analyst = example_user("analyst")
    warrington = do_save_local_authority(code="877", name="Warrington", acting_user=analyst)
    do_import_store(store, local_authority=warrington, acting_user=analyst)
    return warrington


def load(text: str, user: User | None = None) -> Strategy:
    return do_load_strategy(check_text(text, file="test.yaml"), acting_user=user)


def every_indicator() -> str:
    """A strategy with one measure per 903 indicator (local ones need records: tested below)."""
    lines = [
        f'          - {{ref: "m{n}", text: "{i}", indicator: {i}}}'
        for n, i in enumerate(INDICATORS)
        if i not in LOCAL_IDS
    ]
    return HEAD + "\n".join(lines) + "\n"


def test_the_database_reads_back_as_the_store_it_was_imported_from(
    store: Path, authority: LocalAuthority
) -> None:
    expected = read_store(store).tables
    held = authority_tables(authority)
    assert held.keys() == expected.keys()
    for name, frame in expected.items():
        assert_frame_equal(held[name], frame, check_row_order=False)


@pytest.mark.parametrize("as_at", [AS_AT, date(2023, 9, 30)])
def test_scorecard_values_equal_the_engines(
    store: Path, authority: LocalAuthority, as_at: date
) -> None:
    strategy = load(every_indicator())
    scorecard = build_scorecard(strategy, as_at=as_at)
    tables = read_store(store).tables
    years = {as_at.year - 2, as_at.year - 1, as_at.year, as_at.year + 1}
    context = build_context(la_code="877", years=years)
    engine = {
        f.id: (f.value, f.numerator, f.denominator)
        for f in run_indicators(tables, period=Period.ending(as_at), context=context)
        if f.id not in LOCAL_IDS
    }
    rows = {row.text: row for row in scorecard.rows}
    assert rows.keys() == engine.keys()
    computed = 0
    for indicator_id, (value, numerator, denominator) in engine.items():
        row = rows[indicator_id]
        assert row.value == pytest.approx(value), indicator_id
        if value is not None:
            computed += 1
            assert (row.numerator, row.denominator) == (numerator, denominator), indicator_id
    assert computed >= 0.8 * len(engine), "most indicators have a value on this authority"


def test_rag_follows_the_rule_including_too_few_children(authority: LocalAuthority) -> None:
    text = HEAD + (
        '          - {ref: "a", text: "a", indicator: cla_31_march,'
        " target: {comparator: at_least, value: 0}}\n"
        '          - {ref: "b", text: "b", indicator: placement_moves_3plus,'
        " target: {comparator: at_most, value: 100}, rag: {minimum_cohort: 100000}}\n"
        '          - {ref: "c", text: "c", indicator: oc2_dental,'
        " target: {comparator: at_least, value: 100}, rag: {tolerance: 0}}\n"
        '          - {ref: "d", text: "d", indicator: cla_31_march}\n'
    )
    rows = {r.measure_ref: r for r in build_scorecard(load(text), as_at=AS_AT).rows}
    assert rows["a"].rag == "green"
    assert rows["a"].reason.startswith(f"Green: {int(rows['a'].value or 0)} against a target")
    assert rows["b"].rag == "grey"
    assert rows["b"].reason == "Grey: too few children to rate (fewer than 100000 in the cohort)"
    assert rows["c"].rag == ("green" if rows["c"].value == 100 else "red")
    assert rows["d"].rag == "grey"
    assert "no target set" in rows["d"].reason


def test_local_values_and_progress_updates_reach_the_scorecard(
    authority: LocalAuthority, example_user: Callable[[str], User]
) -> None:
    analyst = example_user("analyst")
    text = HEAD + (
        '          - {ref: "l", text: "seen alone", local: seen_alone_at_visits,'
        " target: {comparator: at_least, value: 100}}\n"
        '          - {ref: "p", text: "a business case"}\n'
    )
    strategy = load(text, analyst)
    for day, value in ((date(2023, 12, 31), 98.0), (date(2024, 3, 31), 90.0)):
        do_record_local_value(
            local_authority=authority, local_measure="seen_alone_at_visits", as_at=day,
            value=value, numerator=int(value / 2), denominator=50, acting_user=analyst,
        )  # fmt: skip
    do_add_progress_update(
        strategy=strategy, action_ref="1.1", on=date(2024, 3, 1), rag="amber",
        commentary="Drafted.", acting_user=analyst,
    )  # fmt: skip
    rows = {r.measure_ref: r for r in build_scorecard(strategy, as_at=AS_AT).rows}
    assert rows["l"].value == 90
    assert rows["l"].reason == (
        "Red: 90% against a target of at least 100%, down 8 points on last quarter"
    )
    assert rows["p"].rag == "amber"
    assert rows["p"].reason == "Amber: progress update of 1 March 2024: Drafted."


def test_warrington_2018_21_shows_every_measure(authority: LocalAuthority) -> None:
    definition = read_definition(WARRINGTON)
    strategy = do_load_strategy(definition, acting_user=None)
    scorecard = build_scorecard(strategy, as_at=AS_AT)
    assert [r.measure_ref for r in scorecard.rows] == [m.ref for m in definition.measures]
    assert all(r.reason for r in scorecard.rows)
    by_ref = {r.measure_ref: r for r in scorecard.rows}
    assert by_ref["1.3.a"].benchmarks is not None
    assert by_ref["1.3.a"].benchmarks.england is not None
    assert by_ref["4.D2"].outcome == "4. Get the best from school and college"


def test_building_a_scorecard_is_audited(authority: LocalAuthority) -> None:
    strategy = load(every_indicator())
    build_scorecard(strategy, as_at=AS_AT)
    event = AuditEvent.objects.get(event_type=events.SCORECARD_BUILT)
    assert event.new_value["as_at"] == "2024-03-31"


def scorecard_command(*args: str) -> str:
    out = io.StringIO()
    call_command("scorecard", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_json_csv_and_a_table(authority: LocalAuthority) -> None:
    call_command("strategy", "load", str(WARRINGTON), stdout=io.StringIO())
    args = ("--strategy", "warrington-2018-21", "--as-at", "2024-03-31")
    document = json.loads(scorecard_command(*args, "--format", "json"))
    first = document["measures"][0]
    for key in ("outcome", "action", "text", "indicator", "target", "value", "rag", "reason",
                "trend", "benchmarks"):  # fmt: skip
        assert key in first
    assert document["as_at"] == "2024-03-31"
    rows = list(csv.DictReader(io.StringIO(scorecard_command(*args, "--format", "csv"))))
    assert len(rows) == len(document["measures"])
    table = scorecard_command(*args)
    assert "Scorecard as at 2024-03-31" in table
    assert "Perpetrators of CSE will be held to account" in table


def test_the_command_reports_bad_arguments_readably(authority: LocalAuthority) -> None:
    with pytest.raises(CommandError, match="no strategy 'nope'"):
        scorecard_command("--strategy", "nope", "--as-at", "2024-03-31")
    with pytest.raises(CommandError, match="--as-at must be a date"):
        scorecard_command("--strategy", "nope", "--as-at", "31/03/2024")


def test_local_measures_come_from_records_when_they_are_given(
    store: Path, authority: LocalAuthority
) -> None:
    """A local measure with a local indicator (incare.indicators.local) and no hand-recorded
    value is computed by that indicator over the records passed in, like any indicator."""
    tables = read_store(store).tables
    children = tables["episodes"].get_column("CHILD").unique().sort().to_list()[:20]
    visits = pl.DataFrame(
        {
            "CHILD": children,
            "visit_date": [date(2024, 1, 10)] * len(children),
            "seen": [True] * len(children),
            "seen_alone": [n % 4 != 0 for n in range(len(children))],
        },
        schema=RECORD_SCHEMAS["statutory_visits"],
    )
    text = HEAD + (
        '          - {ref: "v", text: "seen alone", local: seen_alone_at_visits,'
        " target: {comparator: at_least, value: 100}}\n"
    )
    strategy = load(text)
    (row,) = build_scorecard(strategy, as_at=AS_AT, records={"statutory_visits": visits}).rows
    expected = INDICATORS["seen_alone_at_visits"].run(
        {**tables, "statutory_visits": visits}, period=Period.ending(AS_AT)
    )
    assert expected.value is not None
    assert row.value == pytest.approx(expected.value)
    assert (row.numerator, row.denominator) == (expected.numerator, expected.denominator)
    (without,) = build_scorecard(strategy, as_at=AS_AT).rows
    assert without.value is None, "no records and nothing recorded by hand"


@pytest.mark.parametrize(
    "name",
    [
        "warrington-2018-21",
        "warrington-2021-22",
        "herefordshire-2017-20",
        "halton-2008-11",
    ],
)
def test_every_seed_strategys_every_measure_appears_in_its_scorecard(
    authority: LocalAuthority, name: str
) -> None:
    # Issue 5: each seed strategy's every success measure "appears in the scorecard" — with
    # a reason for its RAG even where there is no value (an authority with no data, or a
    # measure no data can support).
    definition = read_definition(ROOT / "strategies" / f"{name}.yaml")
    strategy = do_load_strategy(definition, acting_user=None)
    scorecard = build_scorecard(strategy, as_at=definition.period_end)
    assert [r.measure_ref for r in scorecard.rows] == [m.ref for m in definition.measures]
    assert all(r.reason for r in scorecard.rows)
