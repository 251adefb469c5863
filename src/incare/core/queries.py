"""What the home page shows: the authority, its number in care, its latest import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from incare.children.models import LocalAuthority
from incare.children.queries import count_children_in_care, latest_collection_year
from incare.returns.models import ImportRun
from incare.returns.queries import latest_import


def home_authority() -> LocalAuthority | None:
    """The authority this installation serves: the configured one, else the last imported."""
    if settings.LOCAL_AUTHORITY_CODE:
        configured = LocalAuthority.objects.filter(code=settings.LOCAL_AUTHORITY_CODE).first()
        if configured is not None:
            return configured
    run = (
        ImportRun.objects.filter(status=ImportRun.Status.SUCCEEDED, local_authority__isnull=False)
        .select_related("local_authority")
        .order_by("-finished_at", "-id")
        .first()
    )
    return run.local_authority if run else None


@dataclass(frozen=True)
class InCare:
    on: date
    children: int


@dataclass(frozen=True)
class HomeSummary:
    authority: LocalAuthority
    today: InCare
    latest_31_march: InCare | None
    latest_import: ImportRun | None


def home_summary(authority: LocalAuthority, *, today: date) -> HomeSummary:
    year = latest_collection_year(authority)
    march = None
    if year is not None:
        on = date(year, 3, 31)
        march = InCare(on, count_children_in_care(authority, on=on))
    return HomeSummary(
        authority=authority,
        today=InCare(today, count_children_in_care(authority, on=today)),
        latest_31_march=march,
        latest_import=latest_import(authority),
    )
