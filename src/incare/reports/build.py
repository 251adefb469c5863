"""Building a pack: the scorecard at the period's end and one period before, each measure's
figures over time, the action plan's progress and councillors' questions, all passed through
disclosure control for councillors (:mod:`incare.reports.shown`) before anything is kept.

The Forum pack (:func:`build_forum_pack`) is for a quarter, compared with the quarter before,
its charts quarterly over two years. The annual report (:func:`build_annual_report`) is for a
year ending 31 March, compared with the year before, its charts each 31 March over the
strategy's period.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from incare.accounts.models import User
from incare.indicators import INDICATORS
from incare.indicators.disclosure import FOOTNOTE
from incare.indicators.periods import add_months
from incare.reports import charts
from incare.reports.content import (
    Benchmark,
    MeasureView,
    OutcomeView,
    Pack,
    ProgressView,
    QuestionView,
    TrendPoint,
)
from incare.reports.figures import FigureSource
from incare.reports.periods import Quarter, Year
from incare.reports.queries import (
    actions_by_outcome,
    latest_progress,
    questions_in,
    questions_last_time,
)
from incare.reports.reasons import Compared, councillor_reason, target_words, targets_of
from incare.reports.shown import Shown, show, show_published, show_series
from incare.reports.stamp import build_stamp, data_quality, latest_run
from incare.strategies.catalogue import local_measures
from incare.strategies.definition import Target
from incare.strategies.models import (
    Action,
    CouncillorQuestion,
    Measure,
    Outcome,
    ProgressUpdate,
    Strategy,
)
from incare.strategies.rag import Observation, long_date
from incare.strategies.scorecard import Row, Scorecard, build_scorecard

CHART_TARGETS = {"at_least", "at_most", "equal"}
"""Targets drawn as a line on the chart (the others are relative to another figure)."""


def build_forum_pack(
    strategy: Strategy, *, quarter: Quarter, acting_user: User | None = None
) -> Pack:
    """The Corporate Parenting Forum pack for ``strategy`` and ``quarter``."""
    as_at, previous_at = quarter.end, quarter.previous().end
    ends = [add_months(as_at, months) for months in range(-24, 1, 3)]
    builder = _Builder(strategy, as_at=as_at, previous_at=previous_at, ends=ends, user=acting_user)
    asked = questions_last_time(strategy, on=as_at)
    return builder.pack(
        kind="forum",
        title=f"Corporate Parenting Forum: {quarter.label}",
        period_label=quarter.label,
        compared_with=f"last quarter ({long_date(previous_at)})",
        asked=asked,
    )


def build_annual_report(strategy: Strategy, *, year: Year, acting_user: User | None = None) -> Pack:
    """The annual report to Council for ``strategy`` and the year ending 31 March."""
    as_at = year.end
    first = min(max(strategy.period_start.year, year.ending - 9), year.ending - 1)
    ends = [date(y, 3, 31) for y in range(first, year.ending + 1)]
    builder = _Builder(
        strategy, as_at=as_at, previous_at=date(year.ending - 1, 3, 31), ends=ends, user=acting_user
    )
    return builder.pack(
        kind="annual",
        title=f"Annual report to Council: {year.label}",
        period_label=year.label,
        compared_with=f"the year before ({long_date(date(year.ending - 1, 3, 31))})",
        asked=questions_in(strategy, start=year.start, end=year.end),
    )


@dataclass
class _Builder:
    strategy: Strategy
    as_at: date
    previous_at: date
    ends: Sequence[date]
    user: User | None

    @cached_property
    def source(self) -> FigureSource:
        return FigureSource(self.strategy)

    @cached_property
    def catalogue(self) -> Mapping[str, Any]:
        return local_measures()

    @cached_property
    def measures(self) -> dict[str, Measure]:
        return {
            m.ref: m
            for m in self.strategy.measures.select_related("action__outcome").prefetch_related(
                "differences__outcome"
            )
        }

    def pack(
        self,
        *,
        kind: str,
        title: str,
        period_label: str,
        compared_with: str,
        asked: list[CouncillorQuestion],
    ) -> Pack:
        scorecard = build_scorecard(self.strategy, as_at=self.as_at, acting_user=self.user)
        before = build_scorecard(self.strategy, as_at=self.previous_at, acting_user=self.user)
        previous = {row.measure_ref: row.rag for row in before.rows}
        views = {
            row.measure_ref: self.measure(row, previous.get(row.measure_ref))
            for row in scorecard.rows
        }
        outcomes, unattached = self.outcomes(views, asked)
        run = latest_run(self.strategy)
        return Pack(
            kind=kind,
            title=title,
            period_label=period_label,
            compared_with=compared_with,
            as_at=self.as_at,
            strategy=self.strategy.slug,
            strategy_title=self.strategy.title,
            local_authority=self.strategy.local_authority.name,
            outcomes=outcomes,
            data_quality=data_quality(run),
            stamp=build_stamp(self.strategy, run),
            footnote=FOOTNOTE,
            general_questions=unattached,
            notes=self.notes(scorecard),
        )

    def notes(self, scorecard: Scorecard) -> list[str]:
        notes = []
        if not self.strategy.period_start <= self.as_at <= self.strategy.period_end:
            notes.append(
                f"The strategy's period is {long_date(self.strategy.period_start)} to "
                f"{long_date(self.strategy.period_end)}; this pack reports outside it, on the "
                "same measures and targets."
            )
        titles = {i: INDICATORS[i].title for i in INDICATORS}
        for note in scorecard.notes:
            indicator, _, why = note.partition(": ")
            notes.append(f"Not calculated: {titles.get(indicator, indicator)} ({why}).")
        return notes

    # -- measures --------------------------------------------------------------------------

    def measure(self, row: Row, previous_rag: str | None) -> MeasureView:
        measure = self.measures[row.measure_ref]
        unit = row.unit or "count"
        history = self.source.at(measure, self.ends[:-1]) if (row.indicator or row.local) else []
        current = Observation(self.as_at, row.value, row.denominator, row.numerator)
        *shown_history, now = show_series([*history, current], unit=unit)
        trend = (
            [
                TrendPoint(o.as_at, _label(o.as_at, self.ends), s.text, s.number)
                for o, s in zip([*history, current], [*shown_history, now], strict=True)
            ]
            if history
            else []
        )
        targets = targets_of(measure.targets)
        compared = self.compared(measure, unit=unit, history=history, row=row)
        reason = councillor_reason(
            row,
            as_at=self.as_at,
            now=now,
            targets=targets,
            basis=(measure.rag_rule or {}).get("basis") or "level",
            compared=compared,
        )
        benchmark = _benchmark(row)
        return MeasureView(
            ref=row.measure_ref,
            text=row.text,
            data=_data_title(row, self.catalogue),
            target=target_words(targets, on=self.as_at, unit=unit, compared=compared),
            value=now.text if (row.indicator or row.local) else "",
            cohort=now.cohort,
            rag=row.rag,
            reason=reason,
            previous_rag=previous_rag,
            trend=trend,
            chart=self.chart(row, trend, targets) if trend else None,
            benchmark=benchmark,
            note=row.note,
        )

    def compared(
        self, measure: Measure, *, unit: str, history: list[Observation], row: Row
    ) -> Compared:
        def at(day: date) -> Shown:
            if not (row.indicator or row.local):
                return show(None, unit=unit)
            found = [o for o in history if o.as_at == day]
            observed = found[0] if found else self.source.at(measure, [day])[0]
            return show(observed, unit=unit)

        baseline: Shown | None = None
        if measure.baseline_value is not None:
            baseline = show(Observation(self.as_at, measure.baseline_value), unit=unit)
        elif measure.baseline_as_at is not None and (row.indicator or row.local):
            baseline = show(self.source.at(measure, [measure.baseline_as_at])[0], unit=unit)
        england = None
        if row.benchmarks is not None:
            england = show_published(row.benchmarks.england, unit=unit, rounded_to_tens=True)
        return Compared(
            previous=at(self.previous_at),
            previous_at=self.previous_at,
            year_before=at(add_months(self.as_at, -12)),
            baseline=baseline,
            baseline_at=measure.baseline_as_at,
            england=england,
        )

    def chart(self, row: Row, trend: list[TrendPoint], targets: list[Target]) -> str | None:
        if all(p.number is None for p in trend):
            return None
        in_force = [t for t in targets if t.comparator in CHART_TARGETS and t.value is not None]
        target = in_force[-1].value if len(in_force) == 1 else None
        return charts.line_chart(
            row.text,
            [charts.Point(p.label, p.text, p.number) for p in trend],
            unit_suffix="%" if row.unit == "percent" else "",
            target=target,
            target_text=row.target if target is not None else None,
            chart_id=f"chart-{_slug(row.measure_ref)}",
        )

    # -- outcomes, progress and questions -----------------------------------------------------

    def outcomes(
        self, views: dict[str, MeasureView], asked: list[CouncillorQuestion]
    ) -> tuple[list[OutcomeView], list[QuestionView]]:
        progress = latest_progress(self.strategy, on=self.as_at)
        actions = actions_by_outcome(self.strategy)
        by_outcome: dict[int, list[MeasureView]] = {}
        for ref, view in views.items():
            outcome = _outcome_of(self.measures[ref])
            by_outcome.setdefault(outcome.pk if outcome else 0, []).append(view)
        outcome_of_action = {a.ref: a.outcome_id for acts in actions.values() for a in acts}
        questions: dict[int, list[QuestionView]] = {}
        for q in asked:
            key = outcome_of_action.get(q.action_ref, 0) if q.action_ref else 0
            questions.setdefault(key, []).append(_question(q))
        result = []
        for outcome in Outcome.objects.filter(strategy=self.strategy).order_by("position"):
            result.append(
                OutcomeView(
                    number=outcome.number,
                    title=outcome.title,
                    measures=by_outcome.get(outcome.pk, []),
                    progress=[
                        _progress(a, progress.get(a.ref)) for a in actions.get(outcome.pk, [])
                    ],
                    questions=questions.get(outcome.pk, []),
                )
            )
        return result, questions.get(0, [])


def _outcome_of(measure: Measure) -> Outcome | None:
    if measure.action is not None:
        return measure.action.outcome
    difference = next(iter(measure.differences.all()), None)
    return difference.outcome if difference else None


def _label(day: date, ends: Sequence[date]) -> str:
    """``Dec 2024`` for quarterly points, ``2024`` for each 31 March of an annual series."""
    annual = (
        all((e.month, e.day) == (3, 31) for e in ends)
        and len(ends) > 1
        and (ends[1].year - ends[0].year == 1)
    )
    return f"Mar {day.year}" if annual else f"{day:%b %Y}"


def _slug(ref: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in ref)


def _data_title(row: Row, catalogue: Mapping[str, Any]) -> str:
    if row.indicator:
        return INDICATORS[row.indicator].title
    if row.local:
        return str(getattr(catalogue.get(row.local), "title", row.local))
    return "progress updates on the action"


def _benchmark(row: Row) -> Benchmark | None:
    found = row.benchmarks
    if found is None:
        return None
    unit = row.unit
    return Benchmark(
        year=found.year,
        lait_measure=found.lait_measure,
        england=show_published(found.england, unit=unit, rounded_to_tens=True).text,
        region=show_published(found.region, unit=unit, rounded_to_tens=True).text,
        region_name=found.region_name or "region",
        neighbours=show_published(
            found.statistical_neighbours, unit=unit, rounded_to_tens=False
        ).text,
    )


def _progress(action: Action, update: ProgressUpdate | None) -> ProgressView:
    if update is None:
        return ProgressView(
            action.ref, action.activity, action.lead, action.timescale, None, None, ""
        )
    return ProgressView(
        action.ref,
        action.activity,
        action.lead,
        action.timescale,
        update.on,
        update.rag,
        update.commentary,
    )


def _question(q: CouncillorQuestion) -> QuestionView:
    return QuestionView(
        meeting_date=q.meeting_date,
        question=q.question,
        asked_by=q.asked_by,
        owner=q.owner,
        due_date=q.due_date,
        answer=q.answer,
        answered_on=q.answered_on,
        action_ref=q.action_ref,
    )
