"""What a pack holds, already through disclosure control: every figure here is text as a
councillor may see it (``68%``, ``c``), so no renderer (HTML, PDF, Excel) can show more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

RAGS = ("red", "amber", "green", "grey")
RANK = {"red": 0, "amber": 1, "green": 2}
"""Better is higher; grey (not rated) has no rank, so a move to or from grey is no change."""


@dataclass(frozen=True)
class TrendPoint:
    as_at: date
    label: str
    text: str
    number: float | None


@dataclass(frozen=True)
class Benchmark:
    year: int | None
    lait_measure: str
    england: str
    region: str
    region_name: str
    neighbours: str


@dataclass(frozen=True)
class MeasureView:
    ref: str
    text: str
    """The success measure exactly as the strategy wrote it."""
    data: str
    """What measures it: the indicator's or local measure's title, or "progress updates"."""
    target: str | None
    value: str
    cohort: str | None
    rag: str
    reason: str
    previous_rag: str | None
    trend: list[TrendPoint]
    chart: str | None
    """Inline SVG, or None when there is nothing to plot."""
    benchmark: Benchmark | None
    note: str | None = None

    @property
    def has_figures(self) -> bool:
        """A figure now or at some point of the trend (else the pack lists it briefly)."""
        return bool(self.value and self.value != "x") or any(p.text != "x" for p in self.trend)

    @property
    def change(self) -> str | None:
        """``improved`` or ``worsened`` when the RAG moved between red, amber and green."""
        if self.previous_rag not in RANK or self.rag not in RANK:
            return None
        delta = RANK[self.rag] - RANK[self.previous_rag]
        return None if delta == 0 else ("improved" if delta > 0 else "worsened")


@dataclass(frozen=True)
class ProgressView:
    action_ref: str
    activity: str
    lead: str
    timescale: str
    on: date | None
    rag: str | None
    commentary: str


@dataclass(frozen=True)
class QuestionView:
    meeting_date: date
    question: str
    asked_by: str
    owner: str
    due_date: date | None
    answer: str
    answered_on: date | None
    action_ref: str


@dataclass(frozen=True)
class OutcomeView:
    number: str
    title: str
    measures: list[MeasureView]
    progress: list[ProgressView]
    questions: list[QuestionView]

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def rag_counts(self) -> dict[str, int]:
        return {rag: sum(m.rag == rag for m in self.measures) for rag in RAGS}

    @property
    def counts(self) -> list[int]:
        """Red, amber, green and grey counts, then the number of measures."""
        counts = [self.rag_counts[rag] for rag in RAGS]
        return [*counts, sum(counts)]

    @property
    def with_figures(self) -> list[MeasureView]:
        return [m for m in self.measures if m.has_figures]

    @property
    def without_figures(self) -> list[MeasureView]:
        return [m for m in self.measures if not m.has_figures]

    @property
    def achievements(self) -> list[MeasureView]:
        return [m for m in self.measures if m.rag == "green"]

    @property
    def gaps(self) -> list[MeasureView]:
        return [m for m in self.measures if m.rag in ("red", "amber")]

    @property
    def unmeasured(self) -> list[MeasureView]:
        return [m for m in self.measures if m.rag == "grey"]


@dataclass(frozen=True)
class DataQuality:
    imported_at: str | None
    years: str
    validation_year: str | None
    rules_run: str | None
    rows_failing: str | None
    children_affected: str | None
    """Through disclosure control: a count of 1 to 5 children is ``c``."""
    lines: list[str]
    """The note in sentences, as the pack prints it."""


@dataclass(frozen=True)
class Stamp:
    built_at: str
    data_imported_at: str
    definition_file: str
    definitions_version: str
    incare_version: str
    code_version: str

    def lines(self) -> list[tuple[str, str]]:
        return [
            ("Built", self.built_at),
            ("Data imported", self.data_imported_at),
            ("Strategy definition", self.definition_file),
            ("Definitions version", self.definitions_version),
            ("incare version", self.incare_version),
            ("Code version", self.code_version),
        ]


@dataclass(frozen=True)
class Pack:
    kind: str
    """``forum`` or ``annual``."""
    title: str
    period_label: str
    """``Quarter 3 2024/25 (1 October to 31 December 2024)``."""
    compared_with: str
    """``last quarter (30 September 2024)``."""
    as_at: date
    strategy: str
    strategy_title: str
    local_authority: str
    outcomes: list[OutcomeView]
    data_quality: DataQuality
    stamp: Stamp
    footnote: str
    general_questions: list[QuestionView] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def measures(self) -> list[MeasureView]:
        return [m for o in self.outcomes for m in o.measures]

    @property
    def improved(self) -> list[MeasureView]:
        return [m for m in self.measures if m.change == "improved"]

    @property
    def worsened(self) -> list[MeasureView]:
        return [m for m in self.measures if m.change == "worsened"]

    @property
    def rag_totals(self) -> dict[str, int]:
        return {rag: sum(o.rag_counts[rag] for o in self.outcomes) for rag in RAGS}

    @property
    def questions(self) -> list[QuestionView]:
        return [q for o in self.outcomes for q in o.questions] + self.general_questions
