"""Reading definition files (docs/strategy-definitions.md): every error names its line.

The issue: "Malformed definition files give a clear error with the line". Each test writes a
small valid definition, breaks one thing, and checks the message points at the broken line.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from incare.strategies.catalogue import local_measures
from incare.strategies.definition import DefinitionError, check_text, read_definition

GOOD = """\
id: test-strategy
la_code: E06000007
la_name: Warrington
title: Test strategy
period: {start: 2018-04-01, end: 2021-03-31}
source: 000_641626de913f7d4f.txt
monitoring:
  - {body: Corporate Parenting Forum, cadence: quarterly, text: "Quarterly."}
pledge:
  - {ref: P1, text: "We will listen."}
outcomes:
  - number: 1
    title: Live in settled families
    why_it_matters: |
      Because.
    differences:
      - ref: "1.D1"
        text: "All children seen alone."
        measure: "1.1.a"
      - ref: "1.D2"
        text: "Fewer moves."
        indicator: placement_moves_3plus
        target: {comparator: at_most, value: 10}
    actions:
      - ref: "1.1"
        activity: "Legal permanence."
        lead: "Permanence Team."
        timescale: 2008
        measures:
          - ref: "1.1.a"
            text: "100% seen alone."
            local: seen_alone_at_visits
            target: {comparator: at_least, value: 100}
            rag: {tolerance: 5, minimum_cohort: 10}
          - ref: "1.1.b"
            text: "Staged."
            indicator: care_leavers_19_21_eet
            target:
              - {comparator: at_least, value: 60, by: 2020-03-31}
              - {comparator: at_least, value: 50, by: 2019-03-31}
          - ref: "1.1.c"
            text: "10% fewer going missing."
            indicator: missing_incidents
            target: {comparator: reduce_by, value: 10}
            baseline: {value: 47, as_at: 2018-03-31}
          - ref: "1.1.d"
            text: "Develop a business case."
"""


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first occurrence of ``fragment`` (independent of the parser)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in the text")


def problems(text: str) -> list[tuple[int | None, str]]:
    with pytest.raises(DefinitionError) as caught:
        check_text(text, file="test.yaml")
    return [(p.line, str(p)) for p in caught.value.problems]


def test_a_good_file_gives_typed_dataclasses_with_text_as_written() -> None:
    definition = check_text(GOOD, file="test.yaml")
    assert definition.id == "test-strategy"
    assert definition.period_start == date(2018, 4, 1)
    (outcome,) = definition.outcomes
    assert outcome.number == "1"
    assert outcome.why_it_matters == "Because.\n"
    (action,) = outcome.actions
    # "2008" is a timescale as written (Halton), not the integer 2008.
    assert action.timescale == "2008"
    assert [m.ref for m in action.measures] == ["1.1.a", "1.1.b", "1.1.c", "1.1.d"]
    assert action.measures[0].rag.minimum_cohort == 10
    assert not action.measures[3].measurable
    assert definition.pledge[0].text == "We will listen."


def test_staged_targets_are_sorted_by_their_by_dates() -> None:
    staged = check_text(GOOD, file="t.yaml").outcomes[0].actions[0].measures[1]
    assert [t.by for t in staged.targets] == [date(2019, 3, 31), date(2020, 3, 31)]


def test_a_difference_may_carry_its_own_measure() -> None:
    difference = check_text(GOOD, file="t.yaml").outcomes[0].differences[1]
    assert difference.own_measure is not None
    assert difference.own_measure.indicator == "placement_moves_3plus"
    assert difference.own_measure.text == "Fewer moves."


def test_malformed_yaml_names_the_line() -> None:
    broken = GOOD.replace("title: Test strategy", "title: [Test strategy")
    ((line, message),) = problems(broken)
    assert "not valid YAML" in message
    assert line is not None
    assert "test.yaml, line" in message


def test_a_misspelt_key_is_named_with_its_line_and_a_suggestion() -> None:
    broken = GOOD.replace('lead: "Permanence Team."', 'leed: "Permanence Team."')
    found = problems(broken)
    unknown = [(line, m) for line, m in found if "unknown key 'leed'" in m]
    assert unknown == [(line_of(broken, "leed:"), unknown[0][1])]
    assert "did you mean 'lead'?" in unknown[0][1]
    assert any("lacks 'lead'" in m for _, m in found), "the required key is missing too"


def test_a_bad_date_names_its_line_and_what_was_expected() -> None:
    broken = GOOD.replace("by: 2019-03-31", "by: 2019-13-31")
    ((line, message),) = problems(broken)
    assert line == line_of(broken, "2019-13-31")
    assert "'2019-13-31' is not a date" in message
    assert "expected a date like 2018-04-01" in message


def test_a_period_ending_before_it_starts_is_an_error() -> None:
    broken = GOOD.replace("end: 2021-03-31", "end: 2017-03-31")
    ((line, message),) = problems(broken)
    assert line == line_of(broken, "period:")
    assert "ends (2017-03-31) before it starts" in message


def test_an_unknown_indicator_is_named_with_close_ids() -> None:
    broken = GOOD.replace("indicator: placement_moves_3plus", "indicator: placement_moves_3")
    ((line, message),) = problems(broken)
    assert line == line_of(broken, "placement_moves_3")
    assert "'placement_moves_3', which the engine does not have" in message
    assert "placement_moves_3plus" in message.split("did you mean")[1]


def test_an_unknown_local_measure_is_an_error() -> None:
    broken = GOOD.replace("local: seen_alone_at_visits", "local: seen_alone")
    ((line, message),) = problems(broken)
    assert line == line_of(broken, "local: seen_alone")
    assert "not in the catalogue" in message


def test_an_unknown_comparator_suggests_the_close_one() -> None:
    broken = GOOD.replace("comparator: at_most", "comparator: at_mots")
    ((line, message),) = problems(broken)
    assert line == line_of(broken, "at_mots")
    assert "did you mean 'at_most'?" in message


def test_reduce_by_needs_a_baseline() -> None:
    broken = GOOD.replace("            baseline: {value: 47, as_at: 2018-03-31}\n", "")
    ((line, message),) = problems(broken)
    assert line == line_of(broken, "comparator: reduce_by")
    assert "no baseline" in message


def test_staged_targets_each_need_a_by_date() -> None:
    staged = "{comparator: at_least, value: 60, by: 2020-03-31}"
    broken = GOOD.replace(staged, "{comparator: at_least, value: 60}")
    ((line, message),) = problems(broken)
    assert line == line_of(broken, "{comparator: at_least, value: 60}")
    assert "no 'by' date" in message


def test_a_target_without_its_value_is_an_error() -> None:
    broken = GOOD.replace("{comparator: at_most, value: 10}", "{comparator: at_most}")
    ((line, message),) = problems(broken)
    assert line == line_of(broken, "{comparator: at_most}")
    assert "has no value" in message


def test_measure_refs_are_unique_in_the_file() -> None:
    broken = GOOD.replace('ref: "1.1.b"', 'ref: "1.1.a"')
    ((line, message),) = problems(broken)
    assert line == line_of(broken, 'text: "Staged."') - 1
    first = line_of(GOOD, 'ref: "1.1.a"')
    assert f"used again (first on line {first})" in message


def test_a_difference_must_link_to_a_measure_in_the_file() -> None:
    broken = GOOD.replace('measure: "1.1.a"', 'measure: "9.9.z"')
    ((line, message),) = problems(broken)
    assert line == line_of(broken, 'ref: "1.D1"')
    assert "links to measure '9.9.z', which no action has" in message


def test_an_indicator_and_a_local_measure_together_is_an_error() -> None:
    broken = GOOD.replace(
        "            local: seen_alone_at_visits\n",
        "            local: seen_alone_at_visits\n            indicator: reviews_on_time\n",
    )
    ((_, message),) = problems(broken)
    assert "names both indicator 'reviews_on_time' and local measure" in message


def test_an_action_needs_at_least_one_measure() -> None:
    broken = GOOD.replace(
        '        measures:\n          - ref: "1.1.a"',
        '        measures: []\n        xmeasures:\n          - ref: "1.1.a"',
    )
    found = problems(broken)
    assert any("has no success measures" in m for _, m in found)


def test_a_key_given_twice_is_an_error() -> None:
    broken = GOOD.replace("title: Test strategy\n", "title: Test strategy\ntitle: Again\n")
    ((line, message),) = problems(broken)
    assert line == line_of(broken, "title: Again")
    assert "has 'title' twice" in message


def test_every_problem_is_reported_at_once() -> None:
    broken = GOOD.replace("by: 2019-03-31", "by: 2019-13-31").replace(
        "local: seen_alone_at_visits", "local: nope"
    )
    assert len(problems(broken)) == 2


def test_an_empty_file_and_an_unreadable_file_are_errors(tmp_path: Path) -> None:
    assert "empty" in problems("")[0][1]
    with pytest.raises(DefinitionError, match="cannot be read"):
        read_definition(tmp_path / "missing.yaml")


def test_the_local_measures_catalogue_loads_with_unique_ids() -> None:
    catalogue = local_measures()
    assert "seen_alone_at_visits" in catalogue
    assert all(m.unit and m.definition for m in catalogue.values())


def test_an_action_without_a_timescale_keeps_none_rather_than_an_invented_one() -> None:
    # Herefordshire's action plan has no timescale column and some Warrington 2021-22 actions
    # give none: the definition records that none was given instead of making one up.
    text = GOOD.replace("        timescale: 2008\n", "").replace(", cadence: quarterly", "")
    definition = check_text(text, file="test.yaml")
    action = definition.outcomes[0].actions[0]
    assert action.timescale is None
    assert definition.monitoring[0].cadence is None
