"""Worklist pages: the signed-in user's own, per team and per worker, and the CSV export.

Every view needs ``may_see_children``; ``queries.scope_for`` then narrows what each role
sees (a team manager their team, a practitioner their own caseload).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from incare.audit import events
from incare.children.models import LocalAuthority
from incare.core.access import requires
from incare.core.queries import home_authority
from incare.worklists.duedates import ITEM_SCHEMA, RULES
from incare.worklists.queries import NoCaseloadError, Worklist, worklist_for_user
from incare.worklists.summary import by_group, monthly_totals

DEFAULT_DUE_WITHIN = 14
MAX_DUE_WITHIN = 365
MAX_SHOWN = 200
"""Items listed on a page, most overdue first; the CSV export has them all."""
MAX_WORKERS = 50
"""Workers listed, most overdue first; each has their own page."""


class _Choice:
    """The page's choices from the query string, with what was wrong with them."""

    def __init__(self, request: HttpRequest) -> None:
        self.errors: dict[str, str] = {}
        self.as_at = timezone.localdate()
        self.due_within = DEFAULT_DUE_WITHIN
        text = request.GET.get("as_at", "").strip()
        if text:
            try:
                self.as_at = date.fromisoformat(text)
            except ValueError:
                self.errors["as_at"] = "Enter the date as year-month-day, for example 2024-03-31"
        text = request.GET.get("due_within", "").strip()
        if text:
            if text.isdigit() and int(text) <= MAX_DUE_WITHIN:
                self.due_within = int(text)
            else:
                self.errors["due_within"] = f"Enter a number of days from 0 to {MAX_DUE_WITHIN}"


def _authority() -> LocalAuthority | None:
    return home_authority()


def _page(request: HttpRequest, *, team: str = "", worker: str = "") -> HttpResponse:
    choice = _Choice(request)
    context: dict[str, Any] = {"choice": choice, "team": team, "worker": worker}
    authority = _authority()
    if authority is None:
        context["problem"] = "No 903 data has been imported yet, so nothing is due."
        return render(request, "worklists/worklist.html", context)
    try:
        result = worklist_for_user(
            request.user,
            local_authority=authority,
            as_at=choice.as_at,
            due_within=choice.due_within,
            team=team,
            worker=worker,
        )
    except NoCaseloadError as exc:
        context["problem"] = f"There is no worklist for you yet: {exc}."
        return render(request, "worklists/worklist.html", context)
    context.update(_shown(result))
    context["authority"] = authority
    return render(request, "worklists/worklist.html", context)


def _shown(result: Worklist) -> dict[str, Any]:
    items = result.items.head(MAX_SHOWN).to_dicts()
    workers = by_group(result.items, "worker") if not result.scope.worker else []
    return {
        "result": result,
        "items": items,
        "total": result.items.height,
        "not_shown": result.items.height - len(items),
        "teams": by_group(result.items, "team") if not result.scope.team else [],
        "workers": workers[:MAX_WORKERS],
        "workers_not_shown": max(0, len(workers) - MAX_WORKERS),
        "months": monthly_totals(result.breaches),
        "rules": RULES,
        "export_name": f"worklist-{result.as_at.isoformat()}.csv",
    }


@requires("may_see_children")
def my_worklist(request: HttpRequest) -> HttpResponse:
    return _page(request)


@requires("may_see_children")
def team_worklist(request: HttpRequest, team: str) -> HttpResponse:
    return _page(request, team=team)


@requires("may_see_children")
def worker_worklist(request: HttpRequest, worker: str) -> HttpResponse:
    return _page(request, worker=worker)


@requires("may_see_children")
def export_worklist(request: HttpRequest, filename: str) -> HttpResponse:
    """The worklist as CSV, one item a line, as ``incare worklist --format csv`` writes it."""
    choice = _Choice(request)
    authority = _authority()
    if authority is None or choice.errors:
        raise Http404("nothing to export")
    try:
        result = worklist_for_user(
            request.user,
            local_authority=authority,
            as_at=choice.as_at,
            due_within=choice.due_within,
            team=request.GET.get("team", ""),
            worker=request.GET.get("worker", ""),
            event=events.WORKLIST_EXPORTED,
        )
    except NoCaseloadError as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(as_csv(result.items), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def as_csv(items: Any) -> str:
    """Items as CSV with the columns of ``ITEM_SCHEMA`` (dates as YYYY-MM-DD)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["child", *ITEM_SCHEMA.names()[1:]])
    for row in items.iter_rows():
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()
