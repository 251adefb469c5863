"""The audit log search, for system administrators (issue 7 §3): who did or read what, when
and from where. The search is itself audited, since the log names children."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from incare.accounts.lockout import client_address
from incare.accounts.models import User
from incare.audit import events
from incare.audit.models import AuditEvent
from incare.core.access import requires

PER_PAGE = 50
FILTERS = ("user", "event", "child", "date_from", "date_to")


def event_types() -> list[str]:
    """Every stable event code (``incare.audit.events``), sorted."""
    return sorted(
        value
        for name, value in vars(events).items()
        if name.isupper() and isinstance(value, str) and "." in value
    )


class Search:
    """The filters from the query string, with what was wrong with them."""

    def __init__(self, request: HttpRequest) -> None:
        self.values = {name: request.GET.get(name, "").strip() for name in FILTERS}
        self.errors: dict[str, str] = {}
        self.date_from = self._date("date_from")
        self.date_to = self._date("date_to")
        if self.date_from and self.date_to and self.date_to < self.date_from:
            self.errors["date_to"] = "The end date must be the same as or after the start date"
        if self.values["event"] and self.values["event"] not in event_types():
            self.errors["event"] = "Choose an event type from the list"

    def _date(self, name: str) -> date | None:
        text = self.values[name]
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.errors[name] = "Enter the date as year-month-day, for example 2026-03-31"
            return None

    def apply(self, found: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        v = self.values
        if v["user"]:
            found = found.filter(acting_user__username__iexact=v["user"])
        if v["event"]:
            found = found.filter(event_type=v["event"])
        if v["child"]:
            # A child's own pages name them as the subject ("877:A1"); lists of children
            # name them in the row's children (worklists, validation rows).
            child = v["child"]
            found = found.filter(
                Q(subject=child)
                | Q(subject__endswith=f":{child}")
                | Q(new_value__icontains=f'"{child}"')
            )
        zone = timezone.get_current_timezone()
        if self.date_from:
            found = found.filter(occurred_at__gte=datetime.combine(self.date_from, time(), zone))
        if self.date_to:
            end = datetime.combine(self.date_to + timedelta(days=1), time(), zone)
            found = found.filter(occurred_at__lt=end)
        return found

    def query(self, **extra: Any) -> str:
        return urlencode({k: v for k, v in {**self.values, **extra}.items() if v})


@requires("may_read_audit")
def audit_log(request: HttpRequest) -> HttpResponse:
    search = Search(request)
    context: dict[str, Any] = {"search": search, "event_types": event_types()}
    if search.errors:
        return render(request, "audit/log.html", context, status=400)
    with transaction.atomic():
        found = search.apply(AuditEvent.objects.select_related("acting_user"))
        page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        events.record(
            events.AUDIT_LOG_SEARCHED,
            acting_user=request.user if isinstance(request.user, User) else None,
            subject="audit",
            new_value={
                "filters": {k: v for k, v in search.values.items() if v},
                "page": page.number,
                "ip_address": client_address(request),
            },
        )
    shown = [{"event": event, "details": _details(event)} for event in rows]
    context.update({"page": page, "rows": shown, "pages": _pages(page, search)})
    return render(request, "audit/log.html", context)


def _details(event: AuditEvent) -> str:
    """Old and new values as JSON (the address has its own column)."""
    new = event.new_value
    if isinstance(new, dict):
        new = {k: v for k, v in new.items() if k != "ip_address"} or None
    said = [] if event.old_value is None else [f"was {json.dumps(event.old_value)}"]
    if new is not None:
        said.append(json.dumps(new))
    return "; ".join(said)


def _pages(page: Any, search: Search) -> dict[str, Any]:
    """GOV.UK pagination: previous, next and nearby page numbers with their links."""
    paginator = page.paginator
    near = [
        n
        for n in paginator.page_range
        if abs(n - page.number) <= 2 or n in (1, paginator.num_pages)
    ]
    items: list[dict[str, Any]] = []
    for n in near:
        if items and n - items[-1]["number"] > 1:
            items.append({"ellipsis": True, "number": n - 1})
        items.append({"number": n, "href": "?" + search.query(page=n), "current": n == page.number})
    return {
        "items": items,
        "previous": "?" + search.query(page=page.number - 1) if page.has_previous() else "",
        "next": "?" + search.query(page=page.number + 1) if page.has_next() else "",
    }
