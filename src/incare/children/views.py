"""The child page: a child's care as a timeline, and what is due for them now.

Roles that may see named children, within their caseload (``queries.get_child_in_caseload``):
analysts, heads of service, the nurse and the virtual school every child; team managers their
team's; practitioners their own. Councillors and administrators never (403). Each view is
audited in the same transaction as its read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from incare.accounts.lockout import client_address
from incare.accounts.models import User
from incare.children.models import Child, LocalAuthority
from incare.children.queries import get_child_in_caseload
from incare.children.timeline import (
    CATEGORIES,
    categories_for,
    child_due_dates,
    child_now,
    child_timeline,
    coded,
)
from incare.core.access import requires
from incare.core.queries import home_authority


def _authority() -> LocalAuthority:
    authority = home_authority()
    if authority is None:
        raise Http404("no 903 data has been imported yet")
    return authority


def _as_at(request: HttpRequest) -> tuple[date, str]:
    """The day the page is as at (today unless ``?as_at=``), and what was wrong with it."""
    text = request.GET.get("as_at", "").strip()
    if not text:
        return timezone.localdate(), ""
    try:
        return date.fromisoformat(text), ""
    except ValueError:
        return timezone.localdate(), "Enter the date as year-month-day, for example 2024-03-31"


def _role_rules(user: Any) -> tuple[str, ...]:
    """The due-date rules the user's role works on (the nurse health, the virtual school PEPs)."""
    from incare.worklists.queries import scope_for

    return scope_for(user).rules if isinstance(user, User) else ()


@requires("may_see_children")
def child_page(request: HttpRequest, child_id: str) -> HttpResponse:
    as_at, as_at_error = _as_at(request)
    allowed = categories_for(request.user)
    show = request.GET.get("show", "")
    if show not in allowed:
        show = ""
    with transaction.atomic():
        try:
            child = get_child_in_caseload(
                request.user,
                local_authority=_authority(),
                child_id=child_id,
                on=as_at,
                ip_address=client_address(request),
                page="child",
            )
        except Child.DoesNotExist as exc:
            raise Http404("no such child") from exc
        timeline = [e for e in child_timeline(child) if e.category in allowed]
        due = child_due_dates(child, as_at=as_at, rules=_role_rules(request.user))
        now = child_now(child, on=as_at)
    shown = [e for e in timeline if not show or e.category == show]
    context = {
        "child": child,
        "as_at": as_at,
        "as_at_error": as_at_error,
        "now": now,
        "legal_status": coded("episodes", "LS", now.episode.ls) if now.episode else "",
        "placement": coded("episodes", "PLACE", now.episode.place) if now.episode else "",
        "due": due,
        "overdue": sum(1 for d in due if d["days_overdue"] > 0),
        "years": _by_year(shown),
        "entries": len(shown),
        "categories": [
            {"key": key, "label": label, "count": sum(1 for e in timeline if e.category == key)}
            for key, label in CATEGORIES.items()
            if key in allowed
        ],
        "narrowed": len(allowed) < len(CATEGORIES),
        "show": show,
        "show_label": CATEGORIES.get(show, ""),
    }
    return render(request, "children/child.html", context)


def _by_year(entries: list[Any]) -> list[dict[str, Any]]:
    years: list[dict[str, Any]] = []
    for entry in entries:
        if not years or years[-1]["year"] != entry.on.year:
            years.append({"year": entry.on.year, "entries": []})
        years[-1]["entries"].append(entry)
    return years
