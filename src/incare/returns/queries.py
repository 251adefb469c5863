"""Reads of import runs (no child-level data, so no per-read audit)."""

from __future__ import annotations

from django.db.models import QuerySet

from incare.children.models import LocalAuthority
from incare.returns.models import ImportRun


def latest_import(local_authority: LocalAuthority) -> ImportRun | None:
    """The authority's most recent successful import, if any."""
    return (
        ImportRun.objects.filter(local_authority=local_authority, status=ImportRun.Status.SUCCEEDED)
        .order_by("-finished_at", "-id")
        .first()
    )


def recent_imports(*, limit: int = 50) -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("local_authority", "acting_user")[:limit]
