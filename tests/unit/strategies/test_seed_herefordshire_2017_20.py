"""Herefordshire's 2017-20 strategy (seed ``002_…``) is transcribed whole into its definition.

Issue 5: every action-plan row, every "What we will improve" statement and every success
measure are in ``strategies/herefordshire-2017-20.yaml``, text exactly as written
(docs/strategy-definitions.md: "text is kept exactly as the strategy document wrote it"), and
the file passes ``incare strategy check``.

How the published text is counted (its PDF lost the table grid, so the method is spelt out; the
expected counts were made by hand from the document, independently of this parser):

- **The action plan** is the tab-separated lines after "# Corporate Parenting Action Plan
  2017-20", less the repeated header line ("Priority<TAB>What will we do?..."). Each line has
  five cells: Priority, What will we do?, How will we do it?, Who will do it?, How will we
  measure success?
- A cell's **items** are its ``<p>`` paragraphs, or its parts run together with two or more
  spaces. An item that begins with a lower-case letter is the rest of the item before it in
  the same column, cut by a page break ("Ensure children are only admitted" / "to care when
  there is no safe alternative"), and is joined to it with one space.
- **Action-plan rows**: each item of the "What will we do?" column is one row (one action). A
  line with a blank Priority belongs to the priority above.
- **Success measures**: each item of the last column is one measure. A row's measures are
  those on its line and on the lines after it whose "What will we do?" is blank; a row with none
  (six rows) has its "What will we do?" text as its measure, as the format needs one.
- **Differences**: the bullets under each priority's "What we will improve" heading.

The definition keeps a row's several "how" and "who" items one per line, so its ``how`` and
``lead`` lines, read in file order, are the two columns' items in the document's order.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command, get_commands

from incare.indicators.result import INDICATORS

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "strategies" / "sources" / "002_4d5017d29381c6a6.txt"
DEFINITION = ROOT / "strategies" / "herefordshire-2017-20.yaml"
LOCAL_MEASURES = ROOT / "src" / "incare" / "strategies" / "data" / "local_measures.yaml"

# Counted by hand from the published document.
ACTIONS_PER_PRIORITY = {1: 6, 2: 1, 3: 5, 4: 1, 5: 3, 6: 1, 7: 5, 8: 7}
MEASURE_ITEMS = 33  # items of "How will we measure success?" (one printed twice, in row 1.3)
ROWS_WITHOUT_MEASURE = 6  # 1.6, 6.1, 7.4, 8.4, 8.5, 8.7
DIFFERENCES_PER_PRIORITY = {1: 3, 2: 4, 3: 8, 4: 7, 5: 8, 6: 3, 7: 11, 8: 9}

PLAN_HEADING = "# Corporate Parenting Action Plan 2017-20"
COLUMNS = ("priority", "what", "how", "who", "measure")
PRIORITY_HEADING = re.compile(r"^## Priority (\d) – (.+)$")


def normalise(text: str) -> str:
    """One space between words: the PDF's line wrapping is not part of the text."""
    return " ".join(text.split())


def cell_items(cell: str) -> list[str]:
    text = html.unescape(cell)
    return [normalise(part) for part in re.split(r"</?p>|\s{2,}", text) if part.strip()]


@dataclass
class PlanLine:
    priority: int
    cells: dict[str, list[str]] = field(default_factory=dict)


def plan_lines() -> list[PlanLine]:
    """The action plan's lines, cells split into items, page-break fragments rejoined."""
    text = SOURCE.read_text(encoding="utf-8")
    plan = text.split(PLAN_HEADING, 1)[1]
    lines: list[PlanLine] = []
    last: dict[str, list[str]] = {}  # per column, the list holding its latest item
    priority = 0
    for raw in plan.splitlines():
        if "\t" not in raw or raw.startswith("Priority\t"):
            continue
        cells = dict(zip(COLUMNS, raw.split("\t"), strict=True))
        priority = int(cells["priority"]) if cells["priority"].strip() else priority
        line = PlanLine(priority)
        for column in COLUMNS[1:]:
            line.cells[column] = []
            for item in cell_items(cells[column]):
                if item[0].islower():
                    holder = last[column]
                    holder[-1] = f"{holder[-1]} {item}"
                else:
                    line.cells[column].append(item)
                    last[column] = line.cells[column]
        lines.append(line)
    return lines


def source_rows() -> list[tuple[int, str]]:
    return [(line.priority, what) for line in plan_lines() for what in line.cells["what"]]


def source_column(column: str) -> list[str]:
    return [item for line in plan_lines() for item in line.cells[column]]


def source_measures() -> list[str]:
    """Measure items in order; a row with none contributes its "What will we do?" text."""
    groups: list[list[PlanLine]] = []
    for line in plan_lines():
        if line.cells["what"] or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    measures: list[str] = []
    for group in groups:
        items = [item for line in group for item in line.cells["measure"]]
        measures += items or [what for line in group for what in line.cells["what"]]
    return measures


def source_differences() -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    priority, collecting = 0, False
    for line in SOURCE.read_text(encoding="utf-8").split(PLAN_HEADING, 1)[0].splitlines():
        if match := PRIORITY_HEADING.match(line):
            priority, collecting = int(match.group(1)), False
            found[priority] = []
        elif line.startswith("#"):
            collecting = "What we will improve" in line
        elif collecting and line.startswith("- "):
            found[priority].append(normalise(line[2:]))
    return found


def definition() -> dict[str, Any]:
    loaded = yaml.safe_load(DEFINITION.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def defined_actions() -> list[tuple[int, dict[str, Any]]]:
    return [
        (outcome["number"], action)
        for outcome in definition()["outcomes"]
        for action in outcome["actions"]
    ]


def defined_lines(key: str) -> list[str]:
    """A field of every action, in file order, one entry per line of a multi-line value."""
    return [normalise(line) for _, action in defined_actions() for line in action[key].splitlines()]


def test_the_action_plan_has_the_rows_and_measures_counted_by_hand() -> None:
    counted: dict[int, int] = {}
    for priority, _ in source_rows():
        counted[priority] = counted.get(priority, 0) + 1
    assert counted == ACTIONS_PER_PRIORITY
    assert len(source_column("measure")) == MEASURE_ITEMS
    assert len(source_measures()) == MEASURE_ITEMS + ROWS_WITHOUT_MEASURE


def test_every_action_plan_row_is_an_action_of_its_priority_in_order() -> None:
    defined = [(number, normalise(action["activity"])) for number, action in defined_actions()]
    assert defined == source_rows()


def test_every_how_and_who_item_is_kept_in_order() -> None:
    assert defined_lines("how") == source_column("how")
    assert defined_lines("lead") == source_column("who")


def test_every_success_measure_is_kept_as_written_in_order() -> None:
    defined = [
        normalise(measure["text"])
        for _, action in defined_actions()
        for measure in action["measures"]
    ]
    assert defined == source_measures()


def test_every_what_we_will_improve_statement_is_a_difference_of_its_priority() -> None:
    source = source_differences()
    assert {number: len(items) for number, items in source.items()} == DIFFERENCES_PER_PRIORITY
    defined = {
        outcome["number"]: [normalise(item["text"]) for item in outcome["differences"]]
        for outcome in definition()["outcomes"]
    }
    assert defined == source


def test_outcomes_are_the_eight_priorities_as_headed() -> None:
    text = SOURCE.read_text(encoding="utf-8")
    source = [
        (int(match.group(1)), match.group(2))
        for line in text.splitlines()
        if (match := PRIORITY_HEADING.match(line))
    ]
    assert len(source) == 8
    assert [(o["number"], o["title"]) for o in definition()["outcomes"]] == source


def test_timescale_is_the_plan_period_as_its_title_gives_it() -> None:
    """The plan has no timescale column; its heading "... Action Plan 2017-20" gives one."""
    assert PLAN_HEADING.endswith("2017-20")
    assert {action["timescale"] for _, action in defined_actions()} == {"2017-20"}


def test_links_name_an_engine_indicator_or_a_catalogued_local_measure() -> None:
    catalogue = {entry["id"] for entry in yaml.safe_load(LOCAL_MEASURES.read_text("utf-8"))}
    measures = [m for _, action in defined_actions() for m in action["measures"]]
    differences = [d for outcome in definition()["outcomes"] for d in outcome["differences"]]
    refs = {m["ref"] for m in measures}
    for item in measures + differences:
        assert not ("indicator" in item and "local" in item), item["ref"]
        if item.get("indicator"):
            assert item["indicator"] in INDICATORS, item["ref"]
        if item.get("local"):
            assert item["local"] in catalogue, item["ref"]
        if "measure" in item:
            assert item["measure"] in refs, item["ref"]


def test_incare_strategy_check_passes() -> None:
    if "strategy" not in get_commands():
        pytest.skip("the `incare strategy` command is not there yet")
    out = StringIO()
    call_command("strategy", "check", str(DEFINITION), stdout=out, stderr=StringIO())
    assert out.getvalue().startswith(f"OK {DEFINITION}")
