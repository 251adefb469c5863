"""What the home page shows: the authority, its number in care, who started and stopped being
looked after in its latest collection year, and its latest import with its validation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from incare.children.models import Episode, LocalAuthority
from incare.children.queries import SHORT_BREAKS, count_children_in_care, latest_collection_year
from incare.indicators.periods import Period
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
class YearFlows:
    """Children who started and stopped being looked after in a collection year (§A2)."""

    period: Period
    started: int
    ceased: int


@dataclass(frozen=True)
class HomeSummary:
    authority: LocalAuthority
    today: InCare
    latest_31_march: InCare | None
    latest_year: YearFlows | None
    latest_import: ImportRun | None


def home_summary(authority: LocalAuthority, *, today: date) -> HomeSummary:
    year = latest_collection_year(authority)
    march = flows = None
    if year is not None:
        period = Period.collection_year(year)
        march = InCare(period.end, count_children_in_care(authority, on=period.end))
        flows = YearFlows(
            period,
            started=count_started(authority, period=period),
            ceased=count_ceased(authority, period=period),
        )
    return HomeSummary(
        authority=authority,
        today=InCare(today, count_children_in_care(authority, on=today)),
        latest_31_march=march,
        latest_year=flows,
        latest_import=latest_import(authority),
    )


def count_started(authority: LocalAuthority, *, period: Period) -> int:
    """Children whose period of care began (RNE S) in the period, short breaks aside; each
    child once. The DfE's "started to be looked after" (indicators.md §A2; the engine's
    ``starts``), counted in the database."""
    return (
        Episode.objects.filter(
            child__local_authority=authority, rne="S", decom__range=(period.start, period.end)
        )
        .exclude(ls__in=SHORT_BREAKS)
        .values("child")
        .distinct()
        .count()
    )


def count_ceased(authority: LocalAuthority, *, period: Period) -> int:
    """Children whose period of care ended in the period: an episode ceasing then for any
    reason but X1 (a change within care), short breaks aside; each child once (§A2,
    the engine's ``ceased``)."""
    return (
        Episode.objects.filter(
            child__local_authority=authority, dec__range=(period.start, period.end)
        )
        .exclude(rec="X1")
        .exclude(ls__in=SHORT_BREAKS)
        .values("child")
        .distinct()
        .count()
    )
