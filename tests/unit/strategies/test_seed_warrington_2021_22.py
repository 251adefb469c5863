"""Warrington's 2021-22 strategy (seed ``001_…``) is transcribed whole into its definition file.

Issue 5: every action-plan row, every "What difference will we make?" statement, every success
measure and the pledge to children are in ``strategies/warrington-2021-22.yaml``, text exactly
as written (docs/strategy-definitions.md: "text is kept exactly as the strategy document wrote
it"), and the file passes ``incare strategy check``.

How the published text is counted (its PDF lost its layout, so the method is spelt out; the
expected counts were made by hand from the document, independently of this parser):

- Every wrapped line of the extracted text is followed by a blank line, so blank lines are
  dropped and line ends are read as spaces; a bullet's glyph was lost but its leading space
  kept, and a line that begins a page also starts with a space. A line is a **bullet** when it
  starts with a space and the line before it ended a sentence (".", ":" or "?"); otherwise it
  continues the line before.
- **Action-plan rows** (Section 4, after "Action plan"): the plan is prose. Each action is a
  heading followed by a paragraph that starts "Led by" or "To be led by". The heading is the
  line before that paragraph plus any earlier lines back to the last one ending in "." or ":".
  The action's paragraph runs to the next heading (outcome headings dropped).
- **Success measures**: the paragraph is split into sentences and bullets. Sentences starting
  "Led by", "To be led by" or "To be monitored by" give lead and review, sentences ending in
  ":" introduce bullets; every other sentence and every bullet is a success measure. Two cases
  the text forces: the last line ("Led by care leaver services, this will be tailored to ...")
  has its measure after the lead's comma; an action with no measure sentence ("All care leavers
  have an allocated personal advisor") has its heading as its measure.
- **Differences**: the bullets under each priority's "What difference will we make?" heading
  (Section 3), up to the next priority; lines ending in ":" there are sub-headings.
- **Pledge**: the nine numbered promises ("1: Hopes and dreams" ...) under "Our pledge to
  children in care and care leavers"; each is the text under its heading.

The definition file may split one sentence into more measures when it names more than one
thing incare can measure; such extra measures must be parts of that action's sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command, get_commands

from incare.indicators.result import INDICATORS

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "strategies" / "sources" / "001_4cb51ea35040612f.txt"
DEFINITION = ROOT / "strategies" / "warrington-2021-22.yaml"
LOCAL_MEASURES = ROOT / "src" / "incare" / "strategies" / "data" / "local_measures.yaml"

# Counted by hand from the published document.
ACTIONS_PER_OUTCOME = {1: 6, 2: 6, 3: 4, 4: 8, 5: 4, 6: 2}
MEASURE_COUNT = 46  # 45 measure sentences or bullets, plus action 5.1's heading
DIFFERENCES_PER_OUTCOME = {1: 7, 2: 14, 3: 8, 4: 7, 5: 5, 6: 6}
PLEDGE_COUNT = 9

LEAD = ("Led by ", "To be led by ", "To be monitored by ")
SENTENCE_END = (".", ":", "?")
PRIORITY = re.compile(r"^Priority (one|two|three|four|five|six):")
OUTCOME = re.compile(r"^Strategic outcome (one|two|three|four|five|six):")
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def normalise(text: str) -> str:
    """One space between words: the PDF's line wrapping is not part of the text."""
    return " ".join(text.split())


def source_lines() -> list[str]:
    """The source's non-blank lines, right-stripped (a leading space marks a bullet)."""
    text = SOURCE.read_text(encoding="utf-8")
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def source_text() -> str:
    """The whole source as one normalised string; a word hyphenated across lines is rejoined."""
    return normalise(re.sub(r"-[ \t]*\n\s*", "-", SOURCE.read_text(encoding="utf-8")))


def is_bullet(line: str, previous: str) -> bool:
    return line.startswith(" ") and previous.strip().endswith(SENTENCE_END)


@dataclass(frozen=True)
class SourceAction:
    outcome: int
    heading: str
    measures: tuple[str, ...]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.:])\s+(?=[A-Z0-9])", normalise(text)) if s]


def action_measures(heading: str, paragraph: list[str]) -> tuple[str, ...]:
    prose: list[str] = []
    bullets: list[list[str]] = []
    previous = ""
    for line in paragraph:
        if is_bullet(line, previous):
            bullets.append([line])
        elif bullets:
            bullets[-1].append(line)
        else:
            prose.append(line)
        previous = line
    measures: list[str] = []
    for sentence in sentences(" ".join(prose)):
        if sentence.startswith(LEAD):
            # "Led by care leaver services, this will be tailored to ..." (the text's last line).
            _, comma, rest = sentence.partition(", this ")
            if comma:
                measures.append("this " + rest)
        elif not sentence.endswith(":"):
            measures.append(sentence)
    measures += [normalise(" ".join(bullet)) for bullet in bullets]
    return tuple(measures) or (heading,)


def source_actions() -> list[SourceAction]:
    lines = source_lines()
    plan = lines[[line.strip() for line in lines].index("Action plan") + 1 :]
    outcome_at: dict[int, int] = {}
    outcome = 0
    for i, line in enumerate(plan):
        if match := OUTCOME.match(line.strip()):
            outcome = NUMBERS[match.group(1)]
        outcome_at[i] = outcome
    anchors = [i for i, line in enumerate(plan) if line.strip().startswith(LEAD[:2])]
    starts = []
    for anchor in anchors:
        start = anchor - 1
        while not plan[start - 1].strip().endswith((".", ":")):
            start -= 1
        starts.append(start)
    actions = []
    for k, (start, anchor) in enumerate(zip(starts, anchors, strict=True)):
        end = starts[k + 1] if k + 1 < len(starts) else len(plan)
        paragraph = [
            line
            for line in plan[anchor:end]
            if not OUTCOME.match(line.strip())
            and not line.strip().startswith("We will achieve this aim")
        ]
        heading = normalise(" ".join(plan[start:anchor]))
        actions.append(
            SourceAction(outcome_at[start], heading, action_measures(heading, paragraph))
        )
    return actions


def source_differences() -> dict[int, list[str]]:
    found: dict[int, list[list[str]]] = {}
    priority = 0
    collecting = False
    current: list[str] | None = None
    previous = ""
    for line in source_lines():
        text = line.strip()
        if match := PRIORITY.match(text):
            priority, collecting, current = NUMBERS[match.group(1)], False, None
            found[priority] = []
        elif text.startswith(("Section 4", "Children in care and care leavers strategy 2021")):
            collecting, current = False, None  # the next section or a page footer
        elif text == "What difference will we make?":
            collecting, current = True, None
        elif collecting:
            if is_bullet(line, previous):
                current = [line]
                found[priority].append(current)
            elif text.endswith(":"):
                current = None  # a sub-heading ("Our aims during the Covid19 pandemic were:")
            elif current is not None:
                current.append(line)
        previous = line
    return {
        number: [normalise(" ".join(item)) for item in items] for number, items in found.items()
    }


def source_pledge() -> list[str]:
    lines = [line.strip() for line in source_lines()]
    start = lines.index("Our pledge to children in care and care leavers")
    end = lines.index("National drivers")
    promises: list[list[str]] = []
    for line in lines[start + 1 : end]:
        if re.match(r"^\d: ", line):
            promises.append([])
        elif promises:
            promises[-1].append(line)
    return [normalise(" ".join(promise)) for promise in promises]


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


def test_the_action_plan_has_the_rows_counted_by_hand() -> None:
    counted: dict[int, int] = {}
    for action in source_actions():
        counted[action.outcome] = counted.get(action.outcome, 0) + 1
    assert counted == ACTIONS_PER_OUTCOME
    assert sum(len(action.measures) for action in source_actions()) == MEASURE_COUNT


def test_every_action_plan_row_is_an_action_of_its_outcome_in_order() -> None:
    source = [(action.outcome, action.heading) for action in source_actions()]
    defined = [(number, normalise(action["activity"])) for number, action in defined_actions()]
    assert defined == source


def test_every_success_measure_is_a_measure_of_its_action_as_written() -> None:
    whole = 0
    for source, (_, action) in zip(source_actions(), defined_actions(), strict=True):
        texts = [normalise(measure["text"]) for measure in action["measures"]]
        for measure in source.measures:
            assert measure in texts, f"{action['ref']}: {measure!r} missing"
        whole += sum(text in source.measures for text in texts)
        # A measure that is not a whole sentence is part of one of this action's sentences.
        for text in texts:
            assert any(text in measure for measure in source.measures), (
                f"{action['ref']}: {text!r} is not in its action's text"
            )
    assert whole == MEASURE_COUNT


def test_every_difference_is_under_its_outcome_as_written() -> None:
    source = source_differences()
    assert {number: len(items) for number, items in source.items()} == DIFFERENCES_PER_OUTCOME
    defined = {
        outcome["number"]: [normalise(item["text"]) for item in outcome["differences"]]
        for outcome in definition()["outcomes"]
    }
    assert defined == source


def test_the_pledge_to_children_is_kept_whole_in_order() -> None:
    source = source_pledge()
    assert len(source) == PLEDGE_COUNT
    assert [normalise(item["text"]) for item in definition()["pledge"]] == source


def test_no_text_in_the_definition_is_missing_from_the_document() -> None:
    """Leads, timescales, monitoring and "why it matters" are copied too, not paraphrased."""
    document = source_text()
    texts: list[str] = [item["text"] for item in definition()["monitoring"]]
    for outcome in definition()["outcomes"]:
        texts += outcome["why_it_matters"].splitlines()
        for action in outcome["actions"]:
            texts += [action["lead"], action.get("timescale") or ""]
    for text in texts:
        assert normalise(text) in document, f"{text!r} is not in the document"


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
    out, err = StringIO(), StringIO()
    call_command("strategy", "check", str(DEFINITION), stdout=out, stderr=err)
