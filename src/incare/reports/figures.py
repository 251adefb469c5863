"""A measure's figure at several dates, with the cohort behind each (for disclosure control).

The scorecard (``incare.strategies.scorecard``) gives each measure's value, RAG and trend
values, but its trend points carry no numerator or denominator, and a councillor's chart
must not plot a percentage of three children. This module computes the same figures the
same way (the indicator engine over the authority's snapshot, ``incare.core.snapshot``, for
the 12 months ending on each date; a local measure's recorded values) and keeps the cohort
with each point. Tests pin that its values equal the scorecard's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import polars as pl

from incare.core.snapshot import Snapshot, snapshot
from incare.indicators import INDICATORS
from incare.strategies.models import LocalMeasureValue, Measure, Strategy
from incare.strategies.rag import Observation


@dataclass
class FigureSource:
    """Figures of one strategy's measures, the engine's computed once per (indicator, date)."""

    strategy: Strategy
    cache: dict[tuple[str, date], Observation] = field(default_factory=dict)

    @cached_property
    def shared(self) -> Snapshot:
        """The authority's data and the figures over it, as the scorecard reads them."""
        return snapshot(self.strategy.local_authority)

    @property
    def tables(self) -> Mapping[str, pl.DataFrame]:
        """The 903 tables and the records beyond it."""
        return self.shared.tables

    def at(self, measure: Measure, ends: Sequence[date]) -> list[Observation]:
        """The measure's figure at each of ``ends`` (a value of None where there is none).

        An indicator: the engine for the 12 months ending on each date. A local measure:
        the latest value recorded on or before each date, if recorded within the 3 months
        before it (a quarterly figure), none otherwise; or, when none is recorded at all,
        its local indicator over the authority's records (as the scorecard does).
        """
        if measure.indicator:
            return self._indicator(measure.indicator, ends)
        if measure.local:
            return self._local(measure.local, ends)
        return [Observation(end, None) for end in ends]

    def _indicator(self, indicator_id: str, ends: Sequence[date]) -> list[Observation]:
        indicator = INDICATORS[indicator_id]
        for end in ends:
            if (indicator_id, end) in self.cache:
                continue
            result = self.shared.run(indicator, end=end).result
            self.cache[(indicator_id, end)] = (
                Observation(end, None)
                if result is None
                else Observation(end, result.value, result.denominator, result.numerator)
            )
        return [self.cache[(indicator_id, end)] for end in ends]

    def _local(self, local_id: str, ends: Sequence[date]) -> list[Observation]:
        recorded = list(
            LocalMeasureValue.objects.filter(
                local_authority=self.strategy.local_authority,
                local_measure=local_id,
                as_at__lte=max(ends),
            ).order_by("as_at")
        )
        if not recorded and local_id in INDICATORS:
            return self._indicator(local_id, ends)  # computed from records, as the scorecard does
        found = []
        for end in ends:
            held = [v for v in recorded if v.as_at <= end]
            latest = held[-1] if held else None
            if latest is None or (end - latest.as_at).days > 92:
                found.append(Observation(end, None))
            else:
                found.append(Observation(end, latest.value, latest.denominator, latest.numerator))
        return found
