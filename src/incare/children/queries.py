"""Reads of children's data. Views read children only through these helpers."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q

from incare.accounts.models import User
from incare.accounts.queries import has_permission
from incare.audit import events
from incare.children.models import Child, Episode, LocalAuthority

SHORT_BREAKS = ("V3", "V4")
"""Legal statuses of agreed series of short breaks: left out of every DfE figure."""


def get_child_for_user(
    user: User | AnonymousUser, *, local_authority: LocalAuthority, child_id: str
) -> Child:
    """One child, for a user whose role may see named children; the read is audited.

    Raises PermissionDenied for other roles and `Child.DoesNotExist` for an unknown child.
    """
    if not has_permission(user, "may_see_children"):
        raise PermissionDenied("your role does not show individual children")
    child = Child.objects.select_related("local_authority").get(
        local_authority=local_authority, child_id=child_id
    )
    events.record(
        events.CHILD_RECORD_VIEWED,
        acting_user=user if isinstance(user, User) else None,
        subject=f"{local_authority.code}:{child_id}",
    )
    return child


def count_children_in_care(local_authority: LocalAuthority, *, on: date) -> int:
    """Children looked after on ``on``: an episode open that day, short breaks excluded.

    The DfE's rule for "looked after at 31 March" (indicators.md §0), applied to any date.
    """
    return (
        Episode.objects.filter(child__local_authority=local_authority, decom__lte=on)
        .filter(Q(dec__isnull=True) | Q(dec__gt=on))
        .exclude(ls__in=SHORT_BREAKS)
        .values("child")
        .distinct()
        .count()
    )


def latest_collection_year(local_authority: LocalAuthority) -> int | None:
    """The newest collection year of the authority's episodes, if it has any."""
    latest = Episode.objects.filter(child__local_authority=local_authority).aggregate(
        year=Max("collection_year")
    )
    return latest["year"]
