"""The service navigation every page shows: only the sections the signed-in user may open.

A context processor, so each page's template need not pass it. Later pages add their
section to `SECTIONS` with the permission their view declares.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from incare.accounts.queries import Permission, has_permission

SERVICE_NAME = "Corporate parenting"


@dataclass(frozen=True)
class Section:
    text: str
    url_name: str
    permission: Permission | None = None
    """None: any signed-in user."""


SECTIONS = [
    Section("Home", "home"),
    Section("Scorecards", "strategy-list"),
    Section("Indicators", "indicator-list"),
    Section("Worklists", "worklist", permission="may_see_children"),
    Section("Data", "data", permission="may_import"),
    Section("Audit log", "audit-log", permission="may_read_audit"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    items = []
    if request.user.is_authenticated:
        for section in SECTIONS:
            if section.permission and not has_permission(request.user, section.permission):
                continue
            href = reverse(section.url_name)
            current = request.path == href or (href != "/" and request.path.startswith(href))
            items.append({"text": section.text, "href": href, "current": current})
    return {"navigation": items, "service_name": SERVICE_NAME}
