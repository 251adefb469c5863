"""How much of a strategy its data measures: the share of its success measures with a value.

``incare.records.coverage`` answers issue 6's check: for each seed strategy, how many of
its success measures have a computed value over an authority's 903 data and records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import polars as pl

from incare.indicators import INDICATORS, Period
from incare.indicators.building_blocks import MissingTableError
from incare.indicators.context import IndicatorContext, MissingContextError
from incare.strategies.definition import Measure, StrategyDefinition


@dataclass(frozen=True)
class Coverage:
    strategy: str
    measures: int
    linked: int
    """Measures with an indicator or a local measure id."""
    computed: int
    """Measures whose indicator has a value (a local id with no indicator has none)."""
    not_computed: tuple[str, ...]
    """``ref: id`` of the linked measures without a value."""

    @property
    def share(self) -> float:
        return 100 * self.computed / self.measures if self.measures else 0.0


def success_measures(definition: StrategyDefinition) -> list[Measure]:
    """Every success measure: those of the actions, then the differences' own measures."""
    found = [m for o in definition.outcomes for a in o.actions for m in a.measures]
    found += [d.own_measure for o in definition.outcomes for d in o.differences if d.own_measure]
    return found


def coverage(
    definition: StrategyDefinition,
    tables: Mapping[str, pl.DataFrame],
    *,
    as_at: date,
    context: IndicatorContext | None = None,
) -> Coverage:
    """Count the measures of ``definition`` with a value for the 12 months ending ``as_at``."""
    measures = success_measures(definition)
    period = Period.ending(as_at)
    missing: list[str] = []
    computed = 0
    for measure in measures:
        wanted = measure.indicator or measure.local
        if wanted is None:
            continue
        value = _value(wanted, tables, period=period, context=context)
        if value is None:
            missing.append(f"{measure.ref}: {wanted}")
        else:
            computed += 1
    linked = sum(1 for m in measures if m.measurable)
    return Coverage(definition.id, len(measures), linked, computed, tuple(missing))


def _value(
    indicator_id: str,
    tables: Mapping[str, pl.DataFrame],
    *,
    period: Period,
    context: IndicatorContext | None,
) -> float | None:
    indicator = INDICATORS.get(indicator_id)
    if indicator is None:
        return None
    try:
        if context is None:
            if indicator.uses_context:
                return None
            return indicator.run(tables, period=period).value
        return indicator.run(tables, period=period, context=context).value
    except (MissingContextError, MissingTableError):
        return None
