"""The scorecard: every success measure of a strategy with its value, RAG and why, as at a date.

Values of 903 indicators come from the indicator engine run over the authority's imported
records (``incare.children.frames``), for the 12 months ending on the date; local measures
from their recorded values; RAG from ``incare.strategies.rag``; benchmarks from
``incare.benchmarks``. A measure with no data takes its action's latest progress update.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import polars as pl

from incare.accounts.models import User
from incare.audit import events
from incare.benchmarks import BenchmarkError, compare
from incare.children.frames import authority_tables
from incare.core.snapshot import Snapshot, snapshot
from incare.indicators import INDICATORS, Indicator, Period, Polarity
from incare.indicators.building_blocks import MissingTableError
from incare.indicators.context import MissingContextError
from incare.indicators.periods import add_months
from incare.indicators.report import Context, build_context
from incare.strategies import rag
from incare.strategies.catalogue import local_measures
from incare.strategies.definition import Baseline, RagRule, Target
from incare.strategies.models import (
    CouncillorQuestion,
    LocalMeasureValue,
    Measure,
    ProgressUpdate,
    Strategy,
)

TREND_MONTHS = (-24, -12, -9, -6, -3, 0)
"""Trend points: two years back, a year back, then each quarter up to the date."""

POLARITY = {
    Polarity.HIGHER_IS_BETTER: "higher_is_better",
    Polarity.LOWER_IS_BETTER: "lower_is_better",
}


@dataclass(frozen=True)
class Benchmarks:
    year: int | None
    """The collection year the published figures are for (the latest one to the date)."""
    lait_measure: str
    authority: float | None
    """The authority's own published figure, for checking ours against it."""
    england: float | None
    region: float | None
    region_name: str | None
    statistical_neighbours: float | None


@dataclass(frozen=True)
class Row:
    outcome: str
    action_ref: str | None
    action: str | None
    measure_ref: str
    text: str
    indicator: str | None
    local: str | None
    unit: str | None
    target: str | None
    value: float | None
    numerator: int | None
    denominator: int | None
    rag: str
    reason: str
    trend: list[dict[str, Any]] = field(default_factory=list)
    trend_direction: str | None = None
    benchmarks: Benchmarks | None = None
    differences: list[str] = field(default_factory=list)
    progress: dict[str, Any] | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Scorecard:
    strategy: str
    title: str
    local_authority: str
    as_at: date
    period: Period
    rows: list[Row]
    open_questions: list[dict[str, Any]]
    notes: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "strategy": self.strategy,
            "title": self.title,
            "local_authority": self.local_authority,
            "as_at": self.as_at.isoformat(),
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "measures": [row.as_dict() for row in self.rows],
            "open_questions": self.open_questions,
            "notes": self.notes,
        }


def last_collection_year(on: date) -> int:
    """The latest collection year ending on or before ``on`` (31 March)."""
    return on.year if (on.month, on.day) >= (3, 31) else on.year - 1


@dataclass
class _Engine:
    """Indicator values over one authority's frames, computed once per (indicator, date):
    by the authority's in-memory snapshot (shared by every request until the data changes),
    or, for frames given by the caller, here."""

    tables: Mapping[str, pl.DataFrame]
    context: Context
    has_records: bool = False
    shared: Snapshot | None = None
    notes: dict[str, str] = field(default_factory=dict)
    cache: dict[tuple[str, date], rag.Observation] = field(default_factory=dict)

    def observe(self, indicator: Indicator, end: date) -> rag.Observation:
        key = (indicator.id, end)
        if key not in self.cache:
            self.cache[key] = self._compute(indicator, end)
        return self.cache[key]

    def _compute(self, indicator: Indicator, end: date) -> rag.Observation:
        if self.shared is not None:
            outcome = self.shared.run(indicator, end=end)
            result, note = outcome.result, outcome.note
        else:
            try:
                result = indicator.run(
                    self.tables, period=Period.ending(end), context=self.context.context
                )
                note = ""
            except (MissingContextError, MissingTableError) as error:
                result, note = None, str(error.args[0] if error.args else error)
        if result is None:
            self.notes[indicator.id] = note
            return rag.Observation(end, None)
        return rag.Observation(end, result.value, result.denominator, result.numerator)


def build_scorecard(
    strategy: Strategy,
    *,
    as_at: date,
    acting_user: User | None = None,
    records: Mapping[str, pl.DataFrame] | None = None,
) -> Scorecard:
    """Every measure of ``strategy`` as at ``as_at`` (the read is audited: it uses every
    child's records, though it shows only aggregates).

    ``records``: frames of the records beyond the 903 (``incare.indicators.local``'s record
    kinds); by default the authority's own, from the database. A local measure with no
    hand-recorded value is computed by its local indicator from them.
    """
    authority = strategy.local_authority
    if records is None:
        shared = snapshot(authority)
        engine = _Engine(shared.tables, shared.context, has_records=True, shared=shared)
    else:
        years = {last_collection_year(add_months(as_at, m)) + 1 for m in TREND_MONTHS}
        engine = _Engine(
            {**authority_tables(authority), **records},
            build_context(la_code=authority.code, years=years),
            has_records=True,
        )
    builder = _Builder(strategy=strategy, as_at=as_at, engine=engine)
    rows = [builder.row(measure) for measure in _measures(strategy)]
    events.record(
        events.SCORECARD_BUILT,
        acting_user=acting_user,
        subject=f"strategies.strategy:{strategy.pk}",
        new_value={"as_at": as_at.isoformat(), "measures": len(rows)},
    )
    notes = [f"{i}: {note}" for i, note in sorted(engine.notes.items())]
    return Scorecard(
        strategy=strategy.slug,
        title=strategy.title,
        local_authority=str(authority),
        as_at=as_at,
        period=Period.ending(as_at),
        rows=rows,
        open_questions=_open_questions(strategy, as_at=as_at),
        notes=notes,
    )


def _measures(strategy: Strategy) -> list[Measure]:
    return list(
        strategy.measures.select_related("action", "action__outcome")
        .prefetch_related("differences__outcome")
        .order_by("position")
    )


def _open_questions(strategy: Strategy, *, as_at: date) -> list[dict[str, Any]]:
    """Questions asked by the date and not answered by it: follow-ups for the next pack."""
    asked = CouncillorQuestion.objects.filter(strategy=strategy, meeting_date__lte=as_at)
    return [
        {
            "meeting_date": q.meeting_date.isoformat(),
            "question": q.question,
            "asked_by": q.asked_by,
            "owner": q.owner,
            "due_date": q.due_date.isoformat() if q.due_date else None,
            "action_ref": q.action_ref or None,
        }
        for q in asked
        if not q.answer or (q.answered_on is not None and q.answered_on > as_at)
    ]


@dataclass
class _Builder:
    strategy: Strategy
    as_at: date
    engine: _Engine

    @cached_property
    def catalogue(self) -> Mapping[str, Any]:
        return local_measures()

    @cached_property
    def benchmark_authority(self) -> str | None:
        """The authority's DfE number, if the published figures know it (not a synthetic 999)."""
        from incare.benchmarks import find_authority

        try:
            return find_authority(self.strategy.local_authority.code).number
        except BenchmarkError:
            return None

    def row(self, measure: Measure) -> Row:
        unit, polarity = self._unit_and_polarity(measure)
        targets = [_target(t) for t in measure.targets]
        if targets and targets[0].unit:
            unit = targets[0].unit
        history = self._history(measure)
        current = history[-1] if history else rag.Observation(self.as_at, None)
        benchmarks = self._benchmarks(measure)
        progress = self._progress(measure)
        baseline = self._baseline(measure)
        if measure.indicator or measure.local:
            result = rag.evaluate(
                current,
                targets=targets,
                rule=_rule(measure.rag_rule),
                unit=unit or "count",
                polarity=polarity,
                history=history[:-1],
                baseline=baseline,
                england=benchmarks.england if benchmarks else None,
            )
            colour, reason = result.rag, result.reason
        else:
            colour, reason = _from_progress(progress)
        target = rag.target_in_force(targets, on=self.as_at)
        action = measure.action
        outcome = action.outcome if action else _difference_outcome(measure)
        return Row(
            outcome=f"{outcome.number}. {outcome.title}" if outcome else "",
            action_ref=action.ref if action else None,
            action=action.activity if action else None,
            measure_ref=measure.ref,
            text=measure.text,
            indicator=measure.indicator or None,
            local=measure.local or None,
            unit=unit,
            target=rag.describe_target(target, unit=unit or "count", baseline=baseline)
            if target
            else None,
            value=current.value,
            numerator=current.numerator,
            denominator=current.denominator,
            rag=colour,
            reason=reason,
            trend=[{"as_at": o.as_at.isoformat(), "value": o.value} for o in history],
            trend_direction=_direction(history, polarity),
            benchmarks=benchmarks,
            differences=[d.ref for d in measure.differences.all()],
            progress=progress,
            note=measure.note or None,
        )

    def _unit_and_polarity(self, measure: Measure) -> tuple[str | None, str | None]:
        if measure.indicator:
            indicator = INDICATORS[measure.indicator]
            return indicator.unit.value, POLARITY.get(indicator.polarity)
        if measure.local:
            local = self.catalogue[measure.local]
            return local.unit, None if local.polarity == "none" else local.polarity
        return None, None

    def _history(self, measure: Measure) -> list[rag.Observation]:
        if measure.indicator:
            indicator = INDICATORS[measure.indicator]
            ends = [add_months(self.as_at, m) for m in TREND_MONTHS]
            return [self.engine.observe(indicator, end) for end in ends]
        if measure.local:
            values = LocalMeasureValue.objects.filter(
                local_authority=self.strategy.local_authority,
                local_measure=measure.local,
                as_at__lte=self.as_at,
            ).order_by("as_at")
            recorded = [
                rag.Observation(v.as_at, v.value, v.denominator, v.numerator) for v in values
            ]
            if recorded or not self.engine.has_records or measure.local not in INDICATORS:
                return recorded
            ends = [add_months(self.as_at, m) for m in TREND_MONTHS]
            return [self.engine.observe(INDICATORS[measure.local], end) for end in ends]
        return []

    def _baseline(self, measure: Measure) -> Baseline | None:
        """The baseline as written, or the measure's own figure at ``baseline.as_at``."""
        if measure.baseline_value is not None:
            return Baseline(measure.baseline_value, measure.baseline_as_at)
        if measure.baseline_as_at is None:
            return None
        day = measure.baseline_as_at
        if measure.indicator:
            found = self.engine.observe(INDICATORS[measure.indicator], day).value
        else:
            held = LocalMeasureValue.objects.filter(
                local_authority=self.strategy.local_authority,
                local_measure=measure.local,
                as_at=day,
            ).first()
            found = held.value if held else None
        return Baseline(found, day)

    def _benchmarks(self, measure: Measure) -> Benchmarks | None:
        if not measure.indicator:
            return None
        lait = INDICATORS[measure.indicator].lait_measure
        if lait is None:
            return None
        try:
            found = compare(
                lait, year=last_collection_year(self.as_at), la=self.benchmark_authority
            )
        except BenchmarkError:
            return None
        return Benchmarks(
            year=found.year_used,
            lait_measure=lait,
            authority=found.value,
            england=found.england,
            region=found.region,
            region_name=found.authority.region if found.authority else None,
            statistical_neighbours=found.statistical_neighbours,
        )

    @cached_property
    def latest_progress(self) -> dict[str, ProgressUpdate]:
        """Each action's latest progress update by the date (one query for the scorecard)."""
        latest: dict[str, ProgressUpdate] = {}
        updates = ProgressUpdate.objects.filter(strategy=self.strategy, on__lte=self.as_at)
        for update in updates.order_by("on", "id"):
            latest[update.action_ref] = update  # later ones replace earlier ones
        return latest

    def _progress(self, measure: Measure) -> dict[str, Any] | None:
        if measure.action is None:
            return None
        latest = self.latest_progress.get(measure.action.ref)
        if latest is None:
            return None
        return {"on": latest.on.isoformat(), "rag": latest.rag, "commentary": latest.commentary}


def _target(stored: Mapping[str, Any]) -> Target:
    by = stored.get("by")
    return Target(
        comparator=stored["comparator"],
        value=stored.get("value"),
        by=date.fromisoformat(by) if by else None,
        unit=stored.get("unit"),
    )


def _rule(stored: Mapping[str, Any]) -> RagRule:
    return RagRule(
        tolerance=stored.get("tolerance"),
        basis=stored.get("basis") or "level",
        minimum_cohort=stored.get("minimum_cohort"),
        polarity=stored.get("polarity"),
    )


def _difference_outcome(measure: Measure) -> Any:
    difference = next(iter(measure.differences.all()), None)
    return difference.outcome if difference else None


def _from_progress(progress: dict[str, Any] | None) -> tuple[str, str]:
    """A measure no data measures: RAG only from its action's latest progress update."""
    if progress is None:
        return "grey", "Grey: not measured by data, and no progress update yet"
    day = rag.long_date(date.fromisoformat(progress["on"]))
    colour = progress["rag"]
    return colour, f"{colour.capitalize()}: progress update of {day}: {progress['commentary']}"


def _direction(history: list[rag.Observation], polarity: str | None) -> str | None:
    """``improving``, ``worsening`` or ``steady`` from the first to the last trend point."""
    known = [o.value for o in history if o.value is not None]
    if len(known) < 2:
        return None
    delta = known[-1] - known[0]
    if abs(delta) < rag.EPSILON:
        return "steady"
    if polarity not in ("higher_is_better", "lower_is_better"):
        return "up" if delta > 0 else "down"
    better = delta > 0 if polarity == "higher_is_better" else delta < 0
    return "improving" if better else "worsening"
