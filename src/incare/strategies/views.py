"""Strategy pages: the list of strategies, the scorecard, and the action plan with its forms.

Who may do what (issue 7 §2; every view declares it):

- Reading (the list, the scorecard, the action plan): any signed-in user. These pages show
  aggregate figures only; councillors and administrators see them through disclosure
  control (``audience_for``), exactly as the Forum packs do.
- Adding a progress update: performance analysts, heads of service and team managers, who
  lead and report on the plan's actions (``PROGRESS_WRITERS``).
- Recording a councillor's question and its answer: administrators (who clerk the Forum)
  and performance analysts (``QUESTION_RECORDERS``). Councillors ask questions at the
  meeting; they do not write the record of it.

Every write goes through a strategies service, which writes its audit row in the same
transaction; building the scorecard is audited too (``strategy.scorecard_built``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from incare.accounts.models import User
from incare.accounts.queries import audience_for, role_info
from incare.accounts.roles import ROLES, Role
from incare.children.queries import latest_collection_year
from incare.core.access import ACCESS, signed_in
from incare.indicators.disclosure import FOOTNOTE, Audience
from incare.indicators.periods import add_months
from incare.indicators_web.charts import in_page
from incare.indicators_web.figures import any_symbol, published, shown
from incare.reports.charts import Point, line_chart
from incare.reports.figures import FigureSource
from incare.reports.queries import actions_by_outcome, latest_progress
from incare.reports.reasons import Compared, councillor_reason, target_words, targets_of
from incare.reports.shown import Shown, show_kept
from incare.strategies.forms import AnswerForm, GovukForm, ProgressForm, QuestionForm
from incare.strategies.models import CouncillorQuestion, Measure, ProgressUpdate, Strategy
from incare.strategies.queries import UnknownStrategyError, get_strategy
from incare.strategies.rag import Observation, long_date
from incare.strategies.scorecard import TREND_MONTHS, Row, build_scorecard, last_collection_year
from incare.strategies.services import (
    StrategyInputError,
    do_add_progress_update,
    do_answer_question,
    do_ask_question,
)

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

PROGRESS_WRITERS = frozenset({Role.ANALYST, Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER})
QUESTION_RECORDERS = frozenset({Role.ADMINISTRATOR, Role.ANALYST})
RAG_TAG = {"red": "govuk-tag--red", "amber": "govuk-tag--orange", "green": "govuk-tag--green"}
"""GOV.UK tag colours; grey is the tag's ``govuk-tag--grey``."""
RAG_ORDER = ("red", "amber", "green", "grey")
"""Furthest from target first: the order of counts and of the overview's headlines."""


def _role(user: Any) -> Role | None:
    return Role(user.role) if role_info(user) is not None else None


def roles_only(roles: Iterable[Role], what: str) -> Callable[[View], View]:
    """Signed-in users of ``roles`` (``what`` they may do, for the access declaration);
    others get 403 Forbidden."""
    allowed = frozenset(roles)
    names = ", ".join(ROLES[r].label.lower() for r in sorted(allowed))

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if _role(request.user) not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded = cast(View, login_required(checked))
        setattr(guarded, ACCESS, f"{names} ({what})")
        return guarded

    return decorate


def _strategy(slug: str) -> Strategy:
    try:
        return get_strategy(slug)
    except UnknownStrategyError as error:
        raise Http404(str(error)) from error


def _tag(rag: str) -> str:
    return RAG_TAG.get(rag, "govuk-tag--grey")


# -- the list --------------------------------------------------------------------------------


@signed_in
def strategy_list(request: HttpRequest) -> HttpResponse:
    strategies = Strategy.objects.select_related("local_authority").order_by(
        "local_authority__name", "-period_start", "slug"
    )
    return render(request, "strategies/strategy_list.html", {"strategies": strategies})


# -- the scorecard ---------------------------------------------------------------------------


def _default_as_at(strategy: Strategy) -> date:
    """The latest 31 March the data holds (or before today), but not after the strategy ends."""
    year = latest_collection_year(strategy.local_authority)
    latest = date(year, 3, 31) if year else date(last_collection_year(timezone.localdate()), 3, 31)
    return min(latest, strategy.period_end)


@signed_in
def scorecard(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = _strategy(slug)
    as_at, error = _default_as_at(strategy), ""
    text = request.GET.get("as_at", "").strip()
    if text:
        try:
            as_at = date.fromisoformat(text)
        except ValueError:
            error = "Enter the date as year-month-day, for example 2024-03-31"
    audience = audience_for(request.user)
    user = request.user if isinstance(request.user, User) else None
    built = build_scorecard(strategy, as_at=as_at, acting_user=user)
    page = _Scorecard(strategy, as_at, audience)
    outcomes: list[dict[str, Any]] = []
    for row in built.rows:
        if not outcomes or outcomes[-1]["title"] != row.outcome:
            outcomes.append({"title": row.outcome, "measures": []})
        outcomes[-1]["measures"].append(page.measure(row))
    measures = [m for o in outcomes for m in o["measures"]]
    counts = {rag: sum(m["rag"] == rag for m in measures) for rag in RAG_ORDER}
    context = {
        "strategy": strategy,
        "as_at": as_at,
        "as_at_text": text or as_at.isoformat(),
        "error": error,
        "period": built.period,
        "outcomes": outcomes,
        "counts": [(rag, n, _tag(rag)) for rag, n in counts.items()],
        "open_questions": built.open_questions,
        "notes": built.notes,
        "footnote": FOOTNOTE,
        "show_footnote": audience != "analyst" or any(m["symbols"] for m in measures),
        "analyst_view": audience == "analyst",
    }
    return render(request, "strategies/scorecard.html", context)


class _Scorecard:
    """Each scorecard row as ``audience`` may see it."""

    def __init__(self, strategy: Strategy, as_at: date, audience: Audience) -> None:
        self.strategy, self.as_at, self.audience = strategy, as_at, audience
        self.ends = [add_months(as_at, m) for m in TREND_MONTHS]
        self.measures = {m.ref: m for m in strategy.measures.all()}
        # Councillors' trend points need each figure's cohort (to hide small ones), which the
        # scorecard's trend does not carry: the packs' FigureSource computes them.
        self.source = FigureSource(strategy) if audience != "analyst" else None

    def _history(self, row: Row, measure: Measure) -> list[Observation]:
        if not (row.indicator or row.local):
            return []
        if self.source is not None:
            return self.source.at(measure, self.ends)
        return [Observation(date.fromisoformat(p["as_at"]), p["value"]) for p in row.trend]

    def measure(self, row: Row) -> dict[str, Any]:
        measure = self.measures[row.measure_ref]
        unit = row.unit or "count"
        measured = bool(row.indicator or row.local)
        current = Observation(self.as_at, row.value, row.denominator, row.numerator)
        history = self._history(row, measure)
        if self.audience != "analyst":  # every figure of the measure in one pass of the rules
            show_kept([current, *history], unit=unit, audience=self.audience)
        now = shown(current, unit=unit, audience=self.audience)
        points: list[dict[str, Any]] = [
            {
                "label": long_date(o.as_at),
                "short": f"{o.as_at:%b %Y}",
                "figure": shown(o, unit=unit, audience=self.audience),
            }
            for o in history
        ]
        if points and history[-1].as_at == self.as_at:
            points[-1]["figure"] = now
        reason, target = row.reason, row.target
        if self.audience != "analyst" and measured:
            compared = self._compared(measure, unit, history, row)
            targets = targets_of(measure.targets)
            basis = (measure.rag_rule or {}).get("basis") or "level"
            reason = councillor_reason(
                row, as_at=self.as_at, now=now, targets=targets, basis=basis, compared=compared
            )
            target = target_words(targets, on=self.as_at, unit=unit, compared=compared)
        benchmarks = self._benchmarks(row, unit)
        chart = None
        if any(p["figure"].number is not None for p in points):
            chart = in_page(
                line_chart(
                    row.text,
                    [Point(p["short"], p["figure"].text, p["figure"].number) for p in points],
                    unit_suffix="%" if unit == "percent" else "",
                    chart_id=f"trend-{_slug(row.measure_ref)}",
                )
            )
        texts = [now.text, *(p["figure"].text for p in points), *(b["text"] for b in benchmarks)]
        return {
            "ref": row.measure_ref,
            "slug": _slug(row.measure_ref),
            "text": row.text,
            "indicator": row.indicator,
            "local": row.local,
            "measured": measured,
            "target": target,
            "value": now,
            "rag": row.rag,
            "tag": _tag(row.rag),
            "reason": reason,
            "direction": row.trend_direction,
            "points": points,
            "chart": chart,
            "benchmarks": benchmarks,
            "benchmark_year": row.benchmarks.year if row.benchmarks else None,
            "progress": row.progress,
            "action_ref": row.action_ref,
            "note": row.note,
            "symbols": measured and any_symbol(*texts),
        }

    def _compared(
        self, measure: Measure, unit: str, history: list[Observation], row: Row
    ) -> Compared:
        def at(day: date) -> Shown:
            found = [o for o in history if o.as_at == day]
            return shown(found[0] if found else None, unit=unit, audience=self.audience)

        previous_at = add_months(self.as_at, -3)
        baseline: Shown | None = None
        if measure.baseline_value is not None:
            baseline = shown(
                Observation(self.as_at, measure.baseline_value), unit=unit, audience=self.audience
            )
        elif measure.baseline_as_at is not None and self.source is not None:
            found = self.source.at(measure, [measure.baseline_as_at])[0]
            baseline = shown(found, unit=unit, audience=self.audience)
        england = None
        if row.benchmarks is not None:
            england = published(
                row.benchmarks.england, unit=unit, audience=self.audience, rounded_to_tens=True
            )
        return Compared(
            previous=at(previous_at),
            previous_at=previous_at,
            year_before=at(add_months(self.as_at, -12)),
            baseline=baseline,
            baseline_at=measure.baseline_as_at,
            england=england,
        )

    def _benchmarks(self, row: Row, unit: str) -> list[dict[str, Any]]:
        bench = row.benchmarks
        if bench is None:
            return []
        found = [
            ("England", bench.england, True),
            (bench.region_name or "Region", bench.region, True),
            ("Statistical neighbours (mean)", bench.statistical_neighbours, False),
        ]
        return [
            {
                "area": area,
                "text": published(
                    value, unit=unit, audience=self.audience, rounded_to_tens=tens
                ).text,
            }
            for area, value, tens in found
            if value is not None
        ]


def _slug(ref: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in ref).strip("-").lower() or "measure"


# -- the action plan -------------------------------------------------------------------------


@signed_in
def action_plan(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = _strategy(slug)
    role = _role(request.user)
    latest = latest_progress(strategy, on=date.max)
    updates: dict[str, list[ProgressUpdate]] = {}
    for held in ProgressUpdate.objects.filter(strategy=strategy).order_by("-on", "-id"):
        updates.setdefault(held.action_ref, []).append(held)
    grouped = actions_by_outcome(strategy)
    outcomes = []
    for outcome in strategy.outcomes.order_by("position"):
        actions = []
        for action in grouped.get(outcome.pk, []):
            update = latest.get(action.ref)
            actions.append(
                {
                    "action": action,
                    "slug": _slug(action.ref),
                    "measures": list(action.measures.order_by("position")),
                    "latest": update,
                    "tag": _tag(update.rag) if update else _tag("grey"),
                    "earlier": updates.get(action.ref, [])[1:],
                }
            )
        outcomes.append({"outcome": outcome, "actions": actions})
    questions = list(
        CouncillorQuestion.objects.filter(strategy=strategy).order_by("-meeting_date", "-id")
    )
    context = {
        "strategy": strategy,
        "outcomes": outcomes,
        "questions": questions,
        "may_add_progress": role in PROGRESS_WRITERS,
        "may_record_questions": role in QUESTION_RECORDERS,
        "progress_writers": _labels(PROGRESS_WRITERS),
        "question_recorders": _labels(QUESTION_RECORDERS),
    }
    return render(request, "strategies/action_plan.html", context)


def _labels(roles: Iterable[Role]) -> str:
    names = [ROLES[r].label.lower() for r in sorted(roles)]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _form_page(
    request: HttpRequest,
    form: GovukForm,
    *,
    strategy: Strategy,
    title: str,
    caption: str,
    action: str,
    problem: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "strategy": strategy,
        "form": form,
        "fields": form.page_fields(),
        "title": title,
        "caption": caption,
        "action": action,
        "problem": problem,
        "back": reverse("action-plan", kwargs={"slug": strategy.slug}),
        **(extra or {}),
    }
    return render(request, "strategies/form.html", context)


@roles_only(PROGRESS_WRITERS, "add progress updates")
def add_progress(request: HttpRequest, slug: str, ref: str) -> HttpResponse:
    strategy = _strategy(slug)
    action = strategy.actions.filter(ref=ref).first()
    if action is None:
        raise Http404(f"strategy {slug} has no action {ref!r}")
    form = ProgressForm(request.POST or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            do_add_progress_update(
                strategy=strategy,
                action_ref=action.ref,
                on=form.cleaned_data["on"],
                rag=form.cleaned_data["rag"],
                commentary=form.cleaned_data["commentary"],
                acting_user=cast(User, request.user),
            )
        except StrategyInputError as error:
            problem = str(error)
        else:
            messages.success(request, f"Progress update on action {action.ref} saved.")
            return redirect(f"{reverse('action-plan', kwargs={'slug': slug})}#action-{_slug(ref)}")
    return _form_page(
        request,
        form,
        strategy=strategy,
        title="Add a progress update",
        caption=f"Action {action.ref}",
        action=reverse("add-progress", kwargs={"slug": slug, "ref": ref}),
        problem=problem,
        extra={"about": action.activity},
    )


def _actions(strategy: Strategy) -> list[tuple[str, str]]:
    return [
        (a.ref, f"{a.ref}: {a.activity[:80]}{'…' if len(a.activity) > 80 else ''}")
        for a in strategy.actions.order_by("outcome__position", "position")
    ]


@roles_only(QUESTION_RECORDERS, "record councillors' questions")
def ask_question(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = _strategy(slug)
    form = QuestionForm(request.POST or None, actions=_actions(strategy))
    problem = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_ask_question(
                strategy=strategy,
                meeting_date=data["meeting_date"],
                question=data["question"],
                asked_by=data["asked_by"],
                owner=data["owner"],
                due_date=data["due_date"],
                action_ref=data["action_ref"] or "",
                acting_user=cast(User, request.user),
            )
        except StrategyInputError as error:
            problem = str(error)
        else:
            messages.success(request, "Councillor's question recorded.")
            return redirect(f"{reverse('action-plan', kwargs={'slug': slug})}#questions")
    return _form_page(
        request,
        form,
        strategy=strategy,
        title="Record a councillor's question",
        caption=strategy.title,
        action=reverse("ask-question", kwargs={"slug": slug}),
        problem=problem,
    )


@roles_only(QUESTION_RECORDERS, "record the answers to councillors' questions")
def answer_question(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    strategy = _strategy(slug)
    question = CouncillorQuestion.objects.filter(strategy=strategy, pk=pk).first()
    if question is None:
        raise Http404("no such question")
    initial = {"answer": question.answer} if question.answer else None
    form = AnswerForm(request.POST or None, initial=initial, asked_on=question.meeting_date)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            do_answer_question(
                question=question,
                answer=form.cleaned_data["answer"],
                answered_on=form.cleaned_data["answered_on"],
                acting_user=cast(User, request.user),
            )
        except StrategyInputError as error:
            problem = str(error)
        else:
            messages.success(request, "Answer recorded.")
            return redirect(f"{reverse('action-plan', kwargs={'slug': slug})}#question-{pk}")
    return _form_page(
        request,
        form,
        strategy=strategy,
        title="Record the answer",
        caption=f"Question asked {long_date(question.meeting_date)} by {question.asked_by}",
        action=reverse("answer-question", kwargs={"slug": slug, "pk": pk}),
        problem=problem,
        extra={"about": question.question},
    )


# -- headline measures, for the overview ------------------------------------------------------

HEADLINES_SHOWN = 8


def headline_measures(
    strategy: Strategy, *, user: User | None, audience: Audience
) -> dict[str, Any]:
    """The strategy's measured success measures against their targets, as at the scorecard's
    default date and as ``audience`` may see them (the same figures, RAG and disclosure
    control as the scorecard): RAG counts of every measure, and the measures with data and
    a target, those furthest from target first (at most ``HEADLINES_SHOWN``)."""
    as_at = _default_as_at(strategy)
    built = build_scorecard(strategy, as_at=as_at, acting_user=user)
    counts = {rag: sum(r.rag == rag for r in built.rows) for rag in RAG_ORDER}
    against = [
        row
        for row in built.rows
        if (row.indicator or row.local) and row.target and row.value is not None
    ]
    against.sort(key=lambda r: RAG_ORDER.index(r.rag) if r.rag in RAG_ORDER else len(RAG_ORDER))
    page = _Scorecard(strategy, as_at, audience)
    shown_rows = [page.measure(row) for row in against[:HEADLINES_SHOWN]]
    return {
        "strategy": strategy,
        "as_at": as_at,
        "counts": [(rag, n, _tag(rag)) for rag, n in counts.items()],
        "measures": shown_rows,
        "with_target": len(against),
        "symbols": any(r["symbols"] for r in shown_rows),
    }
