"""Reads for the packs: an action plan's progress and councillors' questions (strategy
data, no child's record), and the latest import of the authority's data."""

from __future__ import annotations

from datetime import date

from incare.strategies.models import Action, CouncillorQuestion, ProgressUpdate, Strategy


def latest_progress(strategy: Strategy, *, on: date) -> dict[str, ProgressUpdate]:
    """Each action's latest progress update on or before ``on``, by action ref."""
    latest: dict[str, ProgressUpdate] = {}
    for update in ProgressUpdate.objects.filter(strategy=strategy, on__lte=on).order_by("on", "id"):
        latest[update.action_ref] = update
    return latest


def actions_by_outcome(strategy: Strategy) -> dict[int, list[Action]]:
    grouped: dict[int, list[Action]] = {}
    for action in Action.objects.filter(strategy=strategy).order_by(
        "outcome__position", "position"
    ):
        grouped.setdefault(action.outcome_id, []).append(action)
    return grouped


def questions_last_time(strategy: Strategy, *, on: date) -> list[CouncillorQuestion]:
    """The questions of the latest meeting held on or before ``on``, and any earlier ones
    not answered by ``on`` (follow-ups), with their answers as held now."""
    asked = CouncillorQuestion.objects.filter(strategy=strategy, meeting_date__lte=on)
    last = asked.order_by("-meeting_date").values_list("meeting_date", flat=True).first()
    if last is None:
        return []
    return [
        q
        for q in asked.select_related("action").order_by("meeting_date", "id")
        if q.meeting_date == last or not q.answer or (q.answered_on or date.max) > on
    ]


def questions_in(strategy: Strategy, *, start: date, end: date) -> list[CouncillorQuestion]:
    """Every question asked at a meeting from ``start`` to ``end``, with its answer."""
    return list(
        CouncillorQuestion.objects.filter(
            strategy=strategy, meeting_date__gte=start, meeting_date__lte=end
        )
        .select_related("action")
        .order_by("meeting_date", "id")
    )
