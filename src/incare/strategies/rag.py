"""Explainable RAG: a measure's value against its target, with the reason in one sentence.

Pure (no Django). The rule is docs/strategy-definitions.md § RAG rules: Green when the target
is met, Amber when missed by no more than the tolerance, Red when missed by more, Grey when
there is no value, no target, or too few children to rate. ``basis: trend`` compares with the
previous observation instead of the target. Every :class:`RagResult` carries ``reason``, e.g.
"Red: 68% against a target of at least 70%, down 4 points on last quarter".
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from incare.strategies.definition import Baseline, RagRule, Target

DEFAULT_MINIMUM_COHORT = 6
"""Below 6 children no RAG: the disclosure threshold of indicators.md §D is 1-5."""
DEFAULT_PERCENT_TOLERANCE = 5.0
"""Percentage points."""
DEFAULT_RELATIVE_TOLERANCE = 0.10
"""Of the target, for units other than percent."""
EPSILON = 1e-9


@dataclass(frozen=True)
class Observation:
    """A measure's value at a date, with the cohort behind it (``denominator``) if any."""

    as_at: date
    value: float | None
    denominator: int | None = None
    numerator: int | None = None


@dataclass(frozen=True)
class RagResult:
    rag: str
    """``green``, ``amber``, ``red`` or ``grey``."""
    reason: str
    target: Target | None = None
    """The target in force at the date (staged targets: see :func:`target_in_force`)."""


def format_value(value: float, unit: str) -> str:
    """A value as a councillor reads it: ``68%``, ``68.5%``, ``12``, ``90.1 per 10,000``."""
    if unit == "yes_no":
        return "yes" if value else "no"
    if unit == "count":
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    shown = f"{value:,.1f}".removesuffix(".0")
    return {
        "percent": f"{shown}%",
        "rate": f"{shown} per 10,000",
        "days": f"{shown} days",
    }.get(unit, shown)


def _difference(delta: float, unit: str) -> str:
    size = abs(delta)
    if unit == "percent":
        shown = f"{size:.1f}".removesuffix(".0")
        return f"{shown} point{'' if shown == '1' else 's'}"
    if unit == "days":
        return f"{size:.0f} days"
    return f"{size:,.1f}".removesuffix(".0")


def long_date(day: date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def change_phrase(current: Observation, previous: Observation | None, *, unit: str) -> str:
    """``down 4 points on last quarter``; "" when there is nothing to compare with."""
    if previous is None or previous.value is None or current.value is None:
        return ""
    months = _months_between(previous.as_at, current.as_at)
    when = {3: "last quarter", 12: "last year", 1: "last month", 6: "six months earlier"}.get(
        months, long_date(previous.as_at)
    )
    delta = current.value - previous.value
    if abs(delta) < EPSILON:
        return f"unchanged on {when}"
    return f"{'up' if delta > 0 else 'down'} {_difference(delta, unit)} on {when}"


def target_in_force(targets: Sequence[Target], *, on: date) -> Target | None:
    """The target a value at ``on`` is judged by.

    One target: that one. Staged targets (each with ``by``): the latest already due by
    ``on`` (what should have been achieved); before the first is due, the first.
    """
    if not targets:
        return None
    staged = sorted(targets, key=lambda t: t.by or date.min)
    due = [t for t in staged if t.by is not None and t.by <= on]
    return due[-1] if due else staged[0]


def describe_target(target: Target, *, unit: str, baseline: Baseline | None = None) -> str:
    """The target in words: ``at least 70%``, ``a 10% reduction on 401 (31 March 2018)``."""
    by = f" by {long_date(target.by)}" if target.by else ""
    value = target.value if target.value is not None else 0.0
    if target.comparator == "at_least":
        return f"at least {format_value(value, unit)}{by}"
    if target.comparator == "at_most":
        return f"at most {format_value(value, unit)}{by}"
    if target.comparator == "equal":
        return f"{format_value(value, unit)}{by}"
    if target.comparator in ("reduce_by", "increase_by"):
        word = "reduction" if target.comparator == "reduce_by" else "increase"
        base = ""
        if baseline is not None and baseline.value is not None:
            since = f" at {long_date(baseline.as_at)}" if baseline.as_at else ""
            base = f" on {format_value(baseline.value, unit)}{since}"
        return f"a {value:g}% {word}{base}{by}"
    if target.comparator == "increase_year_on_year":
        return f"an increase on the year before{by}"
    if target.comparator == "decrease_year_on_year":
        return f"a decrease on the year before{by}"
    return f"better than England{by}"


@dataclass(frozen=True)
class _Judgement:
    met: bool
    shortfall: float
    """How far on the wrong side, in the measure's unit (0 when met)."""
    scale: float
    """What a relative tolerance is a share of (the target's threshold)."""
    against: str
    """What the value was compared with, for the reason."""


def evaluate(
    current: Observation,
    *,
    targets: Sequence[Target],
    rule: RagRule,
    unit: str,
    polarity: str | None,
    history: Sequence[Observation] = (),
    baseline: Baseline | None = None,
    england: float | None = None,
) -> RagResult:
    """The RAG of ``current`` and why.

    ``history`` holds earlier observations (oldest first), for the change phrase, trend
    basis and year-on-year targets; ``polarity`` is ``higher_is_better``,
    ``lower_is_better`` or None (the rule's own polarity wins); ``england`` is the published
    England figure for ``better_than_england``.
    """
    polarity = rule.polarity or polarity
    earlier = [o for o in history if o.as_at < current.as_at and o.value is not None]
    previous = earlier[-1] if earlier else None
    change = change_phrase(current, previous, unit=unit)
    tail = f", {change}" if change else ""
    target = target_in_force(targets, on=current.as_at)

    if current.value is None:
        return RagResult("grey", "Grey: no value yet", target)
    shown = format_value(current.value, unit)
    minimum = DEFAULT_MINIMUM_COHORT if rule.minimum_cohort is None else rule.minimum_cohort
    if current.denominator is not None and current.denominator < minimum:
        return RagResult(
            "grey", f"Grey: too few children to rate (fewer than {minimum} in the cohort)", target
        )
    if rule.basis == "trend":
        return _trend(current, previous, unit=unit, polarity=polarity, rule=rule, target=target)
    if target is None:
        return RagResult("grey", f"Grey: {shown}, no target set{tail}", None)

    judged = _judge(
        current,
        target,
        unit=unit,
        polarity=polarity,
        earlier=earlier,
        baseline=baseline,
        england=england,
    )
    if isinstance(judged, str):
        return RagResult("grey", f"Grey: {shown}, {judged}", target)
    wanted = describe_target(target, unit=unit, baseline=baseline)
    sentence = f"{shown} against a target of {wanted}{judged.against}{tail}"
    if judged.met:
        return RagResult("green", f"Green: {sentence}", target)
    tolerance = _tolerance(rule, unit=unit, scale=judged.scale)
    if judged.shortfall <= tolerance + EPSILON:
        return RagResult("amber", f"Amber: {sentence}", target)
    return RagResult("red", f"Red: {sentence}", target)


def _tolerance(rule: RagRule, *, unit: str, scale: float) -> float:
    if rule.tolerance is not None:
        return rule.tolerance
    if unit == "percent":
        return DEFAULT_PERCENT_TOLERANCE
    return DEFAULT_RELATIVE_TOLERANCE * abs(scale)


def _year_before(earlier: Sequence[Observation], on: date) -> Observation | None:
    """The observation 12 months before ``on`` (within a fortnight), if there is one."""
    for observation in reversed(earlier):
        months = _months_between(observation.as_at, on)
        if months == 12 and abs(observation.as_at.day - on.day) <= 14:
            return observation
    return None


def _judge(
    current: Observation,
    target: Target,
    *,
    unit: str,
    polarity: str | None,
    earlier: Sequence[Observation],
    baseline: Baseline | None,
    england: float | None,
) -> _Judgement | str:
    """Met or by how much missed; a string says why it cannot be judged."""
    value = current.value if current.value is not None else 0.0
    wanted = target.value if target.value is not None else 0.0
    comparator = target.comparator
    if comparator == "at_least":
        return _Judgement(value >= wanted - EPSILON, max(0.0, wanted - value), wanted, "")
    if comparator == "at_most":
        return _Judgement(value <= wanted + EPSILON, max(0.0, value - wanted), wanted, "")
    if comparator == "equal":
        gap = abs(value - wanted)
        return _Judgement(gap < EPSILON, gap, wanted, "")
    if comparator in ("reduce_by", "increase_by"):
        if baseline is None or baseline.value is None:
            return "no baseline to measure the change from"
        factor = 1 - wanted / 100 if comparator == "reduce_by" else 1 + wanted / 100
        threshold = baseline.value * factor
        bound = "at most" if comparator == "reduce_by" else "at least"
        against = f" (so {bound} {format_value(threshold, unit)})"
        if comparator == "reduce_by":
            return _Judgement(
                value <= threshold + EPSILON, max(0.0, value - threshold), threshold, against
            )
        return _Judgement(
            value >= threshold - EPSILON, max(0.0, threshold - value), threshold, against
        )
    if comparator in ("increase_year_on_year", "decrease_year_on_year"):
        before = _year_before(earlier, current.as_at)
        if before is None or before.value is None:
            return "no figure for a year earlier to compare with"
        against = f" ({format_value(before.value, unit)} a year earlier)"
        if comparator == "increase_year_on_year":
            return _Judgement(
                value > before.value + EPSILON,
                max(0.0, before.value - value),
                before.value,
                against,
            )
        return _Judgement(
            value < before.value - EPSILON, max(0.0, value - before.value), before.value, against
        )
    # better_than_england
    if england is None:
        return "no published England figure to compare with"
    if polarity not in ("higher_is_better", "lower_is_better"):
        return "the measure has no polarity, so 'better than England' cannot be judged"
    against = f" (England {format_value(england, unit)})"
    if polarity == "higher_is_better":
        return _Judgement(value > england + EPSILON, max(0.0, england - value), england, against)
    return _Judgement(value < england - EPSILON, max(0.0, value - england), england, against)


def _trend(
    current: Observation,
    previous: Observation | None,
    *,
    unit: str,
    polarity: str | None,
    rule: RagRule,
    target: Target | None,
) -> RagResult:
    """Trend basis: Green if better than the previous observation, Amber if no worse than
    the tolerance (unchanged counts as Amber), Red if worse by more."""
    value = current.value if current.value is not None else 0.0
    shown = format_value(value, unit)
    if previous is None or previous.value is None:
        return RagResult("grey", f"Grey: {shown}, no earlier figure to compare with", target)
    if polarity not in ("higher_is_better", "lower_is_better"):
        return RagResult(
            "grey", f"Grey: {shown}, no polarity to say whether the change is better", target
        )
    sign = 1 if polarity == "higher_is_better" else -1
    better_by = sign * (value - previous.value)
    sentence = f"{shown}, {change_phrase(current, previous, unit=unit)}"
    if better_by > EPSILON:
        return RagResult("green", f"Green: {sentence} (better)", target)
    tolerance = _tolerance(rule, unit=unit, scale=previous.value)
    if -better_by <= tolerance + EPSILON:
        return RagResult("amber", f"Amber: {sentence} (not better)", target)
    return RagResult("red", f"Red: {sentence} (worse)", target)
