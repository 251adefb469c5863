"""Writes to strategies: each a ``do_<verb>_<noun>`` in one transaction with its audit row.

The command line (``incare strategy load``) and, later, the web's forms call these.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
from django.db import transaction

from incare.accounts.models import User
from incare.audit import events
from incare.children.models import LocalAuthority
from incare.children.services import do_save_local_authority
from incare.strategies import definition as d
from incare.strategies.catalogue import local_measures
from incare.strategies.models import (
    Action,
    CouncillorQuestion,
    Difference,
    LocalMeasureValue,
    Measure,
    Outcome,
    PledgeItem,
    ProgressUpdate,
    Rag,
    Strategy,
)


class LoadError(ValueError):
    """A definition that is well formed but cannot be stored (e.g. another authority's id)."""


class StrategyInputError(ValueError):
    """Bad input to a strategy service (an unknown action ref, a blank question, ...)."""


def dfe_number(ons_code: str) -> str | None:
    """The DfE local authority number of an ONS code (E06000007 -> 877), if published."""
    from incare.indicators.populations import population_table

    rows = population_table().filter(pl.col("new_la_code") == ons_code.upper())
    return None if rows.is_empty() else str(rows.get_column("old_la_code")[0])


def authority_for(definition: d.StrategyDefinition, *, acting_user: User | None) -> LocalAuthority:
    """The authority a definition belongs to: held by DfE number or by its ONS code, or added."""
    number = dfe_number(definition.la_code)
    codes = [c for c in (number, definition.la_code) if c]
    held = LocalAuthority.objects.filter(code__in=codes).first()
    if held is not None:
        return held
    return do_save_local_authority(
        code=number or definition.la_code, name=definition.la_name, acting_user=acting_user
    )


def do_load_strategy(definition: d.StrategyDefinition, *, acting_user: User | None) -> Strategy:
    """Store a checked definition, replacing an earlier load of the same id.

    All or nothing. Progress updates and councillors' questions survive: they are kept by
    the action's ref and re-attached to the new action with that ref (or left unattached,
    and counted in the audit row, if the ref has gone from the file).
    """
    with transaction.atomic():
        authority = authority_for(definition, acting_user=acting_user)
        strategy = Strategy.objects.select_for_update().filter(slug=definition.id).first()
        old: dict[str, Any] | None = None
        if strategy is not None:
            if strategy.local_authority_id != authority.pk:
                raise LoadError(
                    f"strategy {definition.id} is already held for {strategy.local_authority}, "
                    f"not {authority}; give the new strategy its own id"
                )
            old = _summary_of(strategy)
            strategy.measures.all().delete()
            strategy.outcomes.all().delete()
            strategy.pledge.all().delete()
        else:
            strategy = Strategy(slug=definition.id, local_authority=authority)
        strategy.title = definition.title
        strategy.period_start = definition.period_start
        strategy.period_end = definition.period_end
        strategy.source = definition.source
        strategy.definition_file = definition.file
        strategy.monitoring = [vars(m) for m in definition.monitoring]
        strategy.save()
        _store_definition(strategy, definition)
        unattached = _reattach(strategy)
        new = {**_summary_of(strategy), "unattached_updates_and_questions": unattached}
        events.record(
            events.STRATEGY_LOADED,
            acting_user=acting_user,
            subject=f"strategies.strategy:{strategy.pk}",
            old_value=old,
            new_value=new,
        )
        return strategy


def _summary_of(strategy: Strategy) -> dict[str, Any]:
    return {
        "id": strategy.slug,
        "title": strategy.title,
        "file": strategy.definition_file,
        "outcomes": strategy.outcomes.count(),
        "actions": strategy.actions.count(),
        "measures": strategy.measures.count(),
    }


def _store_definition(strategy: Strategy, definition: d.StrategyDefinition) -> None:
    measures: dict[str, Measure] = {}
    position = 0
    for p, pledge in enumerate(definition.pledge):
        PledgeItem.objects.create(strategy=strategy, position=p, ref=pledge.ref, text=pledge.text)
    for o, item in enumerate(definition.outcomes):
        outcome = Outcome.objects.create(
            strategy=strategy,
            position=o,
            number=item.number,
            title=item.title,
            why_it_matters=item.why_it_matters,
            note=item.note or "",
        )
        for a, act in enumerate(item.actions):
            action = Action.objects.create(
                strategy=strategy,
                outcome=outcome,
                position=a,
                ref=act.ref,
                activity=act.activity,
                how=act.how or "",
                lead=act.lead,
                timescale=act.timescale or "",
                source_ref=act.source_ref or "",
                note=act.note or "",
            )
            for measure in act.measures:
                measures[measure.ref] = _create_measure(strategy, action, measure, position)
                position += 1
    for o, item in enumerate(definition.outcomes):
        outcome = strategy.outcomes.get(position=o)
        for i, diff in enumerate(item.differences):
            linked = measures.get(diff.measure) if diff.measure else None
            if diff.own_measure is not None:
                linked = _create_measure(strategy, None, diff.own_measure, position)
                position += 1
            Difference.objects.create(
                outcome=outcome,
                position=i,
                ref=diff.ref,
                text=diff.text,
                measure=linked,
                note=diff.note or "",
            )


def _create_measure(
    strategy: Strategy, action: Action | None, measure: d.Measure, position: int
) -> Measure:
    return Measure.objects.create(
        strategy=strategy,
        action=action,
        position=position,
        ref=measure.ref,
        text=measure.text,
        indicator=measure.indicator or "",
        local=measure.local or "",
        targets=[t.as_dict() for t in measure.targets],
        baseline_value=measure.baseline.value if measure.baseline else None,
        baseline_as_at=measure.baseline.as_at if measure.baseline else None,
        deadline=measure.deadline,
        rag_rule=measure.rag.as_dict(),
        note=measure.note or "",
    )


def _reattach(strategy: Strategy) -> int:
    """Point kept updates and questions at the new actions with their ref; count the rest."""
    actions = {a.ref: a for a in strategy.actions.all()}
    unattached = 0
    for model in (ProgressUpdate, CouncillorQuestion):
        for row in model.objects.filter(strategy=strategy):
            action = actions.get(row.action_ref) if row.action_ref else None
            row.action = action
            row.save(update_fields=["action"])
            unattached += bool(row.action_ref and action is None)
    return unattached


def _action(strategy: Strategy, action_ref: str) -> Action:
    try:
        return strategy.actions.get(ref=action_ref)
    except Action.DoesNotExist:
        raise StrategyInputError(f"strategy {strategy.slug} has no action {action_ref!r}") from None


def _required(**values: str) -> None:
    for name, value in values.items():
        if not value.strip():
            raise StrategyInputError(f"{name.replace('_', ' ')} is required")


def do_add_progress_update(
    *,
    strategy: Strategy,
    action_ref: str,
    on: date,
    rag: str,
    commentary: str,
    acting_user: User | None,
) -> ProgressUpdate:
    """A dated RAG and commentary on an action; the acting user is its author."""
    if rag not in Rag.values:
        raise StrategyInputError(f"RAG {rag!r} is not one of {', '.join(Rag.values)}")
    _required(commentary=commentary)
    with transaction.atomic():
        action = _action(strategy, action_ref)
        update = ProgressUpdate.objects.create(
            strategy=strategy,
            action=action,
            action_ref=action.ref,
            on=on,
            rag=rag,
            commentary=commentary.strip(),
            author=acting_user,
        )
        events.record(
            events.STRATEGY_PROGRESS_ADDED,
            acting_user=acting_user,
            subject=f"strategies.progressupdate:{update.pk}",
            new_value={"action": action.ref, "on": on.isoformat(), "rag": rag},
        )
        return update


def do_ask_question(
    *,
    strategy: Strategy,
    meeting_date: date,
    question: str,
    asked_by: str,
    owner: str,
    due_date: date | None = None,
    action_ref: str = "",
    acting_user: User | None,
) -> CouncillorQuestion:
    """Log a councillor's question at a meeting, with who owes the answer and by when."""
    _required(question=question, asked_by=asked_by, owner=owner)
    with transaction.atomic():
        action = _action(strategy, action_ref) if action_ref else None
        asked = CouncillorQuestion.objects.create(
            strategy=strategy,
            action=action,
            action_ref=action_ref,
            meeting_date=meeting_date,
            question=question.strip(),
            asked_by=asked_by.strip(),
            owner=owner.strip(),
            due_date=due_date,
            recorded_by=acting_user,
        )
        events.record(
            events.COUNCILLOR_QUESTION_ASKED,
            acting_user=acting_user,
            subject=f"strategies.councillorquestion:{asked.pk}",
            new_value={
                "meeting_date": meeting_date.isoformat(),
                "owner": owner,
                "action": action_ref,
            },
        )
        return asked


def do_answer_question(
    *, question: CouncillorQuestion, answer: str, answered_on: date, acting_user: User | None
) -> CouncillorQuestion:
    """Record (or correct) the answer to a logged question."""
    _required(answer=answer)
    with transaction.atomic():
        held = CouncillorQuestion.objects.select_for_update().get(pk=question.pk)
        old = (
            {"answer": held.answer, "answered_on": str(held.answered_on or "")}
            if held.answer
            else None
        )
        held.answer = answer.strip()
        held.answered_on = answered_on
        held.save(update_fields=["answer", "answered_on"])
        events.record(
            events.COUNCILLOR_QUESTION_ANSWERED,
            acting_user=acting_user,
            subject=f"strategies.councillorquestion:{held.pk}",
            old_value=old,
            new_value={"answer": held.answer, "answered_on": answered_on.isoformat()},
        )
        return held


def do_record_local_value(
    *,
    local_authority: LocalAuthority,
    local_measure: str,
    as_at: date,
    value: float,
    numerator: int | None = None,
    denominator: int | None = None,
    acting_user: User | None,
) -> LocalMeasureValue:
    """Record a local measure's figure for an authority at a date (replacing one already there).

    A percentage given with numerator and denominator must agree with them.
    """
    catalogue = local_measures()
    if local_measure not in catalogue:
        raise StrategyInputError(f"there is no local measure {local_measure!r} in the catalogue")
    if min(numerator or 0, denominator or 0) < 0:
        raise StrategyInputError("numerator and denominator cannot be negative")
    unit = catalogue[local_measure].unit
    if unit == "percent" and numerator is not None and denominator:  # noqa: SIM102
        if abs(100 * numerator / denominator - value) > 0.05:
            raise StrategyInputError(
                f"{value}% does not agree with {numerator} of {denominator} "
                f"({100 * numerator / denominator:.1f}%)"
            )
    with transaction.atomic():
        held = (
            LocalMeasureValue.objects.select_for_update()
            .filter(local_authority=local_authority, local_measure=local_measure, as_at=as_at)
            .first()
        )
        old = (
            None
            if held is None
            else {"value": held.value, "numerator": held.numerator, "denominator": held.denominator}
        )
        row, _ = LocalMeasureValue.objects.update_or_create(
            local_authority=local_authority,
            local_measure=local_measure,
            as_at=as_at,
            defaults={
                "value": value,
                "numerator": numerator,
                "denominator": denominator,
                "recorded_by": acting_user,
            },
        )
        events.record(
            events.LOCAL_MEASURE_VALUE_RECORDED,
            acting_user=acting_user,
            subject=f"strategies.localmeasurevalue:{row.pk}",
            old_value=old,
            new_value={
                "local_measure": local_measure,
                "as_at": as_at.isoformat(),
                "value": value,
                "numerator": numerator,
                "denominator": denominator,
            },
        )
        return row
