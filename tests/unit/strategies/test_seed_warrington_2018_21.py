"""Warrington's 2018-21 strategy (seed ``000_…``) is transcribed whole into its definition file.

Issue 5: "Each seed strategy's every action-plan row and success measure is found in its
definition file (counted against the seed text)". The source's Action Plan (Section 4) is a
table whose grid survived as tabs: each row is one line with five tab-separated cells
(strategic outcome, activity, lead agency/department, timescale, success measure); repeated
header lines start "Strategic outcome". A success-measure cell holding two sentences that each
start with a figure ("85% ... on time. 85% ...") holds two measures. "What difference will
we make?" statements are the "- " bullets under that heading, up to the next priority.

The expected counts were made by hand from the document, independently of this parser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from incare.strategies.definition import StrategyDefinition, read_definition

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "strategies" / "sources" / "000_641626de913f7d4f.txt"
DEFINITION = ROOT / "strategies" / "warrington-2018-21.yaml"

ROWS_PER_OUTCOME = {1: 5, 2: 4, 3: 6, 4: 4, 5: 3, 6: 4}
MEASURE_COUNT = 28  # 26 rows, two of which hold two measures (dental/health, substance misuse)
DIFFERENCES_PER_OUTCOME = {1: 5, 2: 4, 3: 8, 4: 5, 5: 3, 6: 4}
OUTCOME_NAMES = {
    "Live in settled families": 1,
    "Stay safe": 2,
    "Be healthy": 3,
    "Get the best from school and college": 4,
    "Be prepared for independence": 5,
    "Have successful adult lives": 6,
}


def normalise(text: str) -> str:
    return " ".join(text.split())


def action_plan_rows() -> list[tuple[int, list[str]]]:
    """(outcome number, [activity, lead, timescale, success measure]) per table row."""
    text = SOURCE.read_text(encoding="utf-8")
    plan = text.split("\nAction Plan\n", 1)[1]
    rows: list[tuple[int, list[str]]] = []
    outcome = 0
    for line in plan.splitlines():
        if "\t" not in line or line.startswith("Strategic outcome\t"):
            continue
        cells = line.split("\t")
        assert len(cells) == 5, line
        if cells[0].strip():
            outcome = OUTCOME_NAMES[re.sub(r"^\d\. ", "", cells[0].strip())]
        rows.append((outcome, [c.strip() for c in cells[1:]]))
    return rows


def measures_in(cell: str) -> list[str]:
    """A success-measure cell split into its measures: a new one starts with a figure."""
    return re.split(r"(?<=\.) (?=\d+%)", cell)


def difference_bullets() -> dict[int, list[str]]:
    text = SOURCE.read_text(encoding="utf-8").split("Section 4: Delivering the strategy")[0]
    sections = text.split("What difference will we make?")[1:]
    found = {}
    for number, section in enumerate(sections, start=1):
        block = re.split(r"\nPriority \w+:", section)[0]
        found[number] = [line[2:].strip() for line in block.splitlines() if line.startswith("- ")]
    return found


@pytest.fixture(scope="module")
def definition() -> StrategyDefinition:
    return read_definition(DEFINITION)


def test_the_source_has_the_hand_counted_rows_measures_and_differences() -> None:
    rows = action_plan_rows()
    per_outcome = {n: sum(1 for o, _ in rows if o == n) for n in ROWS_PER_OUTCOME}
    assert per_outcome == ROWS_PER_OUTCOME
    assert sum(len(measures_in(cells[3])) for _, cells in rows) == MEASURE_COUNT
    assert {n: len(b) for n, b in difference_bullets().items()} == DIFFERENCES_PER_OUTCOME


def test_every_action_plan_row_is_an_action_with_lead_and_timescale_as_written(
    definition: StrategyDefinition,
) -> None:
    rows = action_plan_rows()
    for outcome in definition.outcomes:
        written = [cells for o, cells in rows if o == int(outcome.number)]
        held = [[a.activity, a.lead, a.timescale] for a in outcome.actions]
        assert held == [cells[:3] for cells in written], f"outcome {outcome.number}"


def test_every_success_measure_is_in_its_action(definition: StrategyDefinition) -> None:
    rows = action_plan_rows()
    actions = list(definition.actions)
    assert len(actions) == len(rows)
    for action, (_, cells) in zip(actions, rows, strict=True):
        texts = {m.text for m in action.measures}
        assert texts == set(measures_in(cells[3])), action.ref


def test_every_difference_statement_is_kept_as_written(definition: StrategyDefinition) -> None:
    bullets = difference_bullets()
    for outcome in definition.outcomes:
        held = [d.text for d in outcome.differences]
        assert held == bullets[int(outcome.number)], f"outcome {outcome.number}"


def test_every_difference_is_tracked_by_a_measure(definition: StrategyDefinition) -> None:
    for outcome in definition.outcomes:
        for difference in outcome.differences:
            assert difference.measure or difference.own_measure, difference.ref


def test_why_it_matters_is_the_documents_passage(definition: StrategyDefinition) -> None:
    text = SOURCE.read_text(encoding="utf-8")
    passages = [
        p.split("How well are we doing?")[0] for p in text.split("Why is it important?")[1:]
    ]
    assert [normalise(o.why_it_matters) for o in definition.outcomes] == [
        normalise(p) for p in passages
    ]


def test_measurable_measures_are_linked(definition: StrategyDefinition) -> None:
    """Only the three the document states as activity (business case, perpetrators held to
    account, more accommodation options) have no data behind them."""
    unlinked = {m.ref for m in definition.measures if not m.measurable}
    assert unlinked == {"2.4.a", "5.2.a", "6.3.a"}
