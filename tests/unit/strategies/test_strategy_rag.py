"""The RAG rule of docs/strategy-definitions.md § RAG rules, one comparator at a time.

Green: the target is met. Amber: missed by no more than the tolerance (default 5 points for
percentages, 10% of the target otherwise). Red: missed by more. Grey: no value, no target, or
fewer children than the minimum cohort (default 6: indicators.md §D suppresses 1-5).
"""

from __future__ import annotations

from datetime import date

import pytest

from incare.strategies.definition import Baseline, RagRule, Target
from incare.strategies.rag import Observation, evaluate, target_in_force

END = date(2024, 3, 31)
LAST_QUARTER = date(2023, 12, 31)
A_YEAR_EARLIER = date(2023, 3, 31)
DEFAULT = RagRule()


def rate(
    value: float | None,
    target: Target | list[Target] | None,
    *,
    unit: str = "percent",
    polarity: str | None = "higher_is_better",
    rule: RagRule = DEFAULT,
    denominator: int | None = 50,
    history: tuple[Observation, ...] = (),
    baseline: Baseline | None = None,
    england: float | None = None,
) -> tuple[str, str]:
    targets = [] if target is None else target if isinstance(target, list) else [target]
    result = evaluate(
        Observation(END, value, denominator),
        targets=targets,
        rule=rule,
        unit=unit,
        polarity=polarity,
        history=history,
        baseline=baseline,
        england=england,
    )
    return result.rag, result.reason


def test_the_issues_own_example_sentence() -> None:
    """Issue 5: "Red: 68% against a target of at least 70%, down 4 points on last quarter"
    (a 2-point miss is Red only with a tolerance under 2 points)."""
    reason = rate(
        68,
        Target("at_least", 70),
        rule=RagRule(tolerance=1),
        history=(Observation(LAST_QUARTER, 72, 50),),
    )
    expected = "Red: 68% against a target of at least 70%, down 4 points on last quarter"
    assert reason == ("red", expected)


@pytest.mark.parametrize(
    ("value", "colour"),
    [(95, "green"), (97, "green"), (90, "amber"), (89.9, "red")],
)
def test_at_least_with_the_default_five_point_tolerance(value: float, colour: str) -> None:
    assert rate(value, Target("at_least", 95))[0] == colour


@pytest.mark.parametrize(("value", "colour"), [(4, "green"), (9, "amber"), (9.5, "red")])
def test_at_most_is_met_at_or_below_the_target(value: float, colour: str) -> None:
    assert rate(value, Target("at_most", 4), polarity="lower_is_better")[0] == colour


@pytest.mark.parametrize(("value", "colour"), [(100, "green"), (96, "amber"), (94, "red")])
def test_equal_is_met_only_exactly(value: float, colour: str) -> None:
    assert rate(value, Target("equal", 100))[0] == colour


def test_counts_have_a_tolerance_of_ten_percent_of_the_target() -> None:
    target = Target("at_least", 30)
    assert rate(27, target, unit="count", denominator=None)[0] == "amber"
    assert rate(26.9, target, unit="count", denominator=None)[0] == "red"


def test_an_explicit_tolerance_replaces_the_default() -> None:
    assert rate(93, Target("at_least", 95), rule=RagRule(tolerance=1))[0] == "red"


def test_reduce_by_is_judged_against_the_baseline_less_the_reduction() -> None:
    """ "10% reduction in ... episodes": from 50 the target is at most 45."""
    baseline = Baseline(50, date(2018, 3, 31))
    target = Target("reduce_by", 10)
    assert rate(45, target, unit="count", denominator=None, baseline=baseline)[0] == "green"
    colour, reason = rate(49, target, unit="count", denominator=None, baseline=baseline)
    assert colour == "amber"  # 4 over 45, within 10% of 45
    assert "a 10% reduction on 50 at 31 March 2018 (so at most 45)" in reason
    assert rate(50, target, unit="count", denominator=None, baseline=baseline)[0] == "red"


def test_increase_by_is_judged_against_the_baseline_plus_the_increase() -> None:
    baseline = Baseline(20, None)
    assert rate(22, Target("increase_by", 10), unit="count", baseline=baseline)[0] == "green"
    assert rate(19.8, Target("increase_by", 10), unit="count", baseline=baseline)[0] == "amber"


def test_without_a_baseline_value_a_change_target_is_grey() -> None:
    colour, reason = rate(40, Target("reduce_by", 10), baseline=Baseline(None, END))
    assert (colour, reason) == ("grey", "Grey: 40%, no baseline to measure the change from")


def test_increase_year_on_year_compares_with_twelve_months_earlier() -> None:
    history = (Observation(A_YEAR_EARLIER, 10, 50), Observation(LAST_QUARTER, 14, 50))
    target = Target("increase_year_on_year")
    assert rate(12, target, history=history)[0] == "green"
    colour, reason = rate(8, target, history=history)
    assert colour == "amber"
    assert "(10% a year earlier)" in reason
    assert rate(4, target, history=history)[0] == "red"
    assert rate(12, target, history=history[1:])[0] == "grey", "no figure a year earlier"


def test_decrease_year_on_year() -> None:
    history = (Observation(A_YEAR_EARLIER, 10, 50),)
    assert rate(8, Target("decrease_year_on_year"), history=history)[0] == "green"
    assert rate(10, Target("decrease_year_on_year"), history=history)[0] == "amber"


def test_better_than_england_follows_polarity() -> None:
    target = Target("better_than_england")
    assert rate(12, target, polarity="lower_is_better", england=14)[0] == "green"
    assert rate(16, target, polarity="lower_is_better", england=14)[0] == "amber"
    assert rate(16, target, polarity="higher_is_better", england=14)[0] == "green"
    assert rate(16, target, england=None)[0] == "grey"
    assert rate(16, target, polarity=None, england=14)[0] == "grey"


def test_too_few_children_is_grey_whatever_the_value() -> None:
    colour, reason = rate(0, Target("at_least", 95), denominator=5)
    assert colour == "grey"
    assert reason == "Grey: too few children to rate (fewer than 6 in the cohort)"
    assert rate(100, Target("at_least", 95), denominator=6)[0] == "green"


def test_the_minimum_cohort_can_be_set_per_measure() -> None:
    rule = RagRule(minimum_cohort=20)
    assert rate(100, Target("at_least", 95), denominator=19, rule=rule)[0] == "grey"


def test_no_value_or_no_target_is_grey_with_the_reason() -> None:
    assert rate(None, Target("at_least", 95)) == ("grey", "Grey: no value yet")
    assert rate(50, None) == ("grey", "Grey: 50%, no target set")


def test_staged_targets_use_the_latest_already_due() -> None:
    staged = [
        Target("at_least", 60, by=date(2009, 3, 31)),
        Target("at_least", 70, by=date(2010, 3, 31)),
    ]
    assert target_in_force(staged, on=date(2009, 6, 30)) == staged[0]
    assert target_in_force(staged, on=date(2011, 3, 31)) == staged[1]
    assert target_in_force(staged, on=date(2008, 3, 31)) == staged[0], "before any is due"
    colour, reason = rate(66, staged)
    assert colour == "amber"
    assert "at least 70% by 31 March 2010" in reason


def test_trend_basis_compares_with_the_previous_figure_by_polarity() -> None:
    rule = RagRule(basis="trend")
    before = (Observation(LAST_QUARTER, 10, 50),)
    assert rate(12, None, rule=rule, history=before)[0] == "green"
    assert rate(10, None, rule=rule, history=before)[0] == "amber"
    colour, reason = rate(4, None, rule=rule, history=before)
    assert colour == "red"
    assert reason == "Red: 4%, down 6 points on last quarter (worse)"
    assert rate(8, None, rule=rule, polarity="lower_is_better", history=before)[0] == "green"
    assert rate(8, None, rule=rule, history=())[0] == "grey"


def test_the_rules_polarity_overrides_the_indicators() -> None:
    rule = RagRule(basis="trend", polarity="higher_is_better")
    before = (Observation(LAST_QUARTER, 2, 50),)
    assert rate(4, None, rule=rule, polarity="lower_is_better", history=before)[0] == "green"
