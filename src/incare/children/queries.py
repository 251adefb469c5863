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
    """One child, for a user whose role may see named children and whose caseload holds the
    child today (least privilege, as :func:`get_child_in_caseload`); the read is audited.

    Raises PermissionDenied for other roles or a child outside the caseload, and
    `Child.DoesNotExist` for an unknown child.
    """
    if not has_permission(user, "may_see_children"):
        raise PermissionDenied("your role does not show individual children")
    child = Child.objects.select_related("local_authority").get(
        local_authority=local_authority, child_id=child_id
    )
    if not child_in_caseload(user, child, on=date.today()):
        raise PermissionDenied("this child is not in your caseload")
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


def get_child_in_caseload(
    user: User | AnonymousUser,
    *,
    local_authority: LocalAuthority,
    child_id: str,
    on: date,
    ip_address: str | None,
    page: str,
) -> Child:
    """One child, for a user whose role may see them *and* whose caseload holds them; the
    read is audited (``child.viewed``: who, which child, which page, from which address).

    Least privilege as the worklists apply it (``incare.worklists.queries.scope_for``):
    analysts, heads of service, the children in care nurse and the virtual school see every
    child of the service; a team manager their team's; a social worker or personal adviser
    their own. Raises PermissionDenied (a role without children, or a child outside the
    caseload) and ``Child.DoesNotExist``. Call inside the transaction of the page's read.
    """
    if not has_permission(user, "may_see_children"):
        raise PermissionDenied("your role does not show individual children")
    child = Child.objects.select_related("local_authority").get(
        local_authority=local_authority, child_id=child_id
    )
    if not child_in_caseload(user, child, on=on):
        raise PermissionDenied("this child is not in your caseload")
    events.record(
        events.CHILD_RECORD_VIEWED,
        acting_user=user if isinstance(user, User) else None,
        subject=f"{local_authority.code}:{child_id}",
        new_value={"page": page, "ip_address": ip_address},
    )
    return child


def child_in_caseload(user: User | AnonymousUser, child: Child, *, on: date) -> bool:
    """Whether ``child`` is in the caseload ``user``'s role gives them on ``on``.

    Who holds a child is read as the worklists read it: the council's caseload assignment,
    else the 903 social worker open that day; for a care leaver also the personal adviser
    and leaving care team of their care leaver record.
    """
    # Imported here: worklists builds on children, not the other way round.
    from incare.worklists.queries import NoCaseloadError, scope_for

    try:
        scope = scope_for(user)
    except NoCaseloadError:
        return False
    if not scope.team and not scope.worker:
        return True
    teams, workers = _holders(child, on=on)
    if scope.worker:
        return scope.worker in workers
    return scope.team in teams


def _holders(child: Child, *, on: date) -> tuple[set[str], set[str]]:
    """(teams, workers) holding ``child`` on ``on``."""
    from incare.records.models import CareLeaver
    from incare.worklists.models import CaseloadAssignment

    teams: set[str] = set()
    workers: set[str] = set()
    assignment = CaseloadAssignment.objects.filter(child=child).select_related("team").first()
    if assignment is not None:
        teams.add(assignment.team.name)
        if assignment.worker:
            workers.add(assignment.worker)
    if not workers:
        open_sw = (
            child.social_worker_episodes.filter(sw_decom__lte=on)
            .filter(Q(sw_dec__isnull=True) | Q(sw_dec__gt=on))
            .order_by("-sw_decom")
            .first()
        )
        if open_sw is not None:
            workers.add(open_sw.sw_id)
    leaver = CareLeaver.objects.filter(child=child).first()
    if leaver is not None:
        teams.update(t for t in [leaver.allocated_team] if t)
        workers.update(w for w in [leaver.personal_adviser] if w)
    return teams, workers
