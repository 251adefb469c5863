"""A measure's figure at several dates, with the cohort behind each (for disclosure control).

The scorecard (``incare.strategies.scorecard``) gives each measure's value, RAG and trend
values, but its trend points carry no numerator or denominator, and a councillor's chart
must not plot a percentage of three children. This module computes the same figures the
same way (the indicator engine over ``authority_tables`` for the 12 months ending on each
date; a local measure's recorded values) and keeps the cohort with each point. Tests pin
that its values equal the scorecard's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import polars as pl

from incare.children.frames import authority_tables
from incare.indicators import INDICATORS, Period
from incare.indicators.building_blocks import MissingTableError
from incare.indicators.context import MissingContextError
from incare.indicators.report import Context, build_context
from incare.records.frames import authority_records
from incare.strategies.models import LocalMeasureValue, Measure, Strategy
from incare.strategies.rag import Observation
from incare.strategies.scorecard import last_collection_year


@dataclass
class FigureSource:
    """Figures of one strategy's measures, the engine's computed once per (indicator, date)."""

    strategy: Strategy
    cache: dict[tuple[str, date], Observation] = field(default_factory=dict)

    @cached_property
    def tables(self) -> Mapping[str, pl.DataFrame]:
        """The 903 tables and the records beyond it, as the scorecard reads them."""
        authority = self.strategy.local_authority
        return {**authority_tables(authority), **authority_records(authority)}

    def _context(self, ends: Sequence[date]) -> Context:
        years = {last_collection_year(end) + 1 for end in ends} | {
            last_collection_year(end) for end in ends
        }
        return build_context(la_code=self.strategy.local_authority.code, years=years)

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
        missing = [end for end in ends if (indicator_id, end) not in self.cache]
        if missing:
            context = self._context(missing).context
            indicator = INDICATORS[indicator_id]
            for end in missing:
                try:
                    result = indicator.run(self.tables, period=Period.ending(end), context=context)
                except (MissingContextError, MissingTableError):
                    found = Observation(end, None)
                else:
                    found = Observation(end, result.value, result.denominator, result.numerator)
                self.cache[(indicator_id, end)] = found
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
