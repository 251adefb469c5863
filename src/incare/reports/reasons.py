"""The RAG reason in words a councillor may see.

The scorecard's reason quotes unrounded figures ("10.2%", "down 1.3 points", "3 a year
earlier"), some of them small counts. A pack keeps the scorecard's colour, which is judged on
the unrounded figures, and says why again from the figures as shown (through
:mod:`incare.reports.shown`), in the scorecard's own words (``incare.strategies.rag``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from incare.reports.shown import Shown
from incare.strategies.definition import Target
from incare.strategies.rag import (
    Observation,
    change_phrase,
    describe_target,
    long_date,
    target_in_force,
)
from incare.strategies.scorecard import Row

GREY_WHYS = (
    "no baseline to measure the change from",
    "no figure for a year earlier to compare with",
    "no published England figure to compare with",
    "the measure has no polarity, so 'better than England' cannot be judged",
    "no earlier figure to compare with",
    "no polarity to say whether the change is better",
)
"""The scorecard's reasons for not rating a figure; none of them holds a number."""
TREND_VERDICT = {"green": "better", "amber": "not better", "red": "worse"}


@dataclass(frozen=True)
class Compared:
    """The shown figures a reason may quote besides the value itself."""

    previous: Shown
    previous_at: date
    year_before: Shown
    baseline: Shown | None
    baseline_at: date | None
    england: Shown | None


def targets_of(stored: list[dict[str, Any]]) -> list[Target]:
    return [
        Target(
            comparator=t["comparator"],
            value=t.get("value"),
            by=date.fromisoformat(t["by"]) if t.get("by") else None,
            unit=t.get("unit"),
        )
        for t in stored
    ]


def target_words(targets: list[Target], *, on: date, unit: str, compared: Compared) -> str | None:
    """The target in force at ``on`` in words, quoting only shown figures."""
    target = target_in_force(targets, on=on)
    if target is None:
        return None
    words = describe_target(target, unit=unit)
    if target.comparator in ("reduce_by", "increase_by") and compared.baseline is not None:
        since = f" at {long_date(compared.baseline_at)}" if compared.baseline_at else ""
        words += f" (from {compared.baseline.text}{since})"
    elif target.comparator in ("increase_year_on_year", "decrease_year_on_year"):
        words += f" ({compared.year_before.text} a year earlier)"
    elif target.comparator == "better_than_england" and compared.england is not None:
        words += f" (England {compared.england.text})"
    return words


def councillor_reason(
    row: Row,
    *,
    as_at: date,
    now: Shown,
    targets: list[Target],
    basis: str,
    compared: Compared,
) -> str:
    """Why ``row`` has its colour, from shown figures only."""
    if not (row.indicator or row.local):
        return row.reason  # progress commentary, written by officers for the Forum
    if row.value is None or row.reason.startswith("Grey: too few children"):
        return row.reason  # no figure in either sentence
    unit = row.unit or "count"
    change = change_phrase(
        Observation(as_at, now.number),
        Observation(compared.previous_at, compared.previous.number),
        unit=unit,
    )
    tail = f", {change}" if change else ""
    colour = row.rag.capitalize()
    if row.rag == "grey":
        why = next((w for w in GREY_WHYS if w in row.reason), "no target set")
        return f"Grey: {now.text}, {why}{tail}"
    if basis == "trend":
        return f"{colour}: {now.text}{tail} ({TREND_VERDICT[row.rag]})"
    words = target_words(targets, on=as_at, unit=unit, compared=compared)
    return f"{colour}: {now.text} against a target of {words}{tail}"
