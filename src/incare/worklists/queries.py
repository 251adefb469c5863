"""Access-checked, audited reads of worklists: who may see which children's due dates.

Least privilege, by role (``incare.accounts.roles``):

- analysts and heads of service: every child of the service;
- team managers: their team's children (``StaffMember.team``);
- social workers and personal advisers: their own caseload (``StaffMember.worker``);
- the children in care nurse: every child, health assessments and dental checks only;
- the virtual school: every child, PEPs only;
- councillors and administrators: none (they see aggregate figures elsewhere).

Every read that shows named children writes a ``children.list_viewed`` audit row naming
them; a CSV export writes ``worklist.exported``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from incare.accounts.models import User
from incare.accounts.queries import has_permission
from incare.accounts.roles import Role
from incare.audit import events
from incare.children.models import LocalAuthority
from incare.core.snapshot import snapshot
from incare.worklists.duedates import breaches_by_month, obligations, worklist
from incare.worklists.frames import worklist_tables
from incare.worklists.models import StaffMember

WHOLE_SERVICE = {Role.ANALYST, Role.HEAD_OF_SERVICE, Role.HEALTH, Role.VIRTUAL_SCHOOL}
HEALTH_RULES = ("initial_health_assessment", "review_health_assessment", "dental_check")
EDUCATION_RULES = ("pep_initial", "pep_termly")
RULES_FOR_ROLE: dict[Role, tuple[str, ...]] = {
    Role.HEALTH: HEALTH_RULES,
    Role.VIRTUAL_SCHOOL: EDUCATION_RULES,
}


@dataclass(frozen=True)
class Scope:
    """Whose due dates a page shows: one team, one worker, or (both blank) everyone."""

    team: str = ""
    worker: str = ""
    rules: tuple[str, ...] = field(default=())
    """Only these rules (blank: all)."""

    @property
    def label(self) -> str:
        if self.worker:
            return f"worker {self.worker}"
        if self.team:
            return self.team
        return "all children"


class NoCaseloadError(LookupError):
    """A practitioner or manager who is not yet in a team or has no worker reference."""


def _signed_in(user: User | AnonymousUser) -> User:
    """The user, if their role may see named children; PermissionDenied otherwise."""
    if not isinstance(user, User) or not has_permission(user, "may_see_children"):
        raise PermissionDenied
    return user


def scope_for(user: User | AnonymousUser, *, team: str = "", worker: str = "") -> Scope:
    """The scope ``user`` asked for (a team, a worker, or their own default), if their
    role allows it; PermissionDenied otherwise."""
    person = _signed_in(user)
    role = Role(person.role)
    rules = RULES_FOR_ROLE.get(role, ())
    if role in WHOLE_SERVICE:
        return Scope(team=team, worker=worker, rules=rules)
    staff = StaffMember.objects.filter(user=person).select_related("team").first()
    own_team = staff.team.name if staff and staff.team else ""
    own_worker = staff.worker if staff else ""
    if role == Role.TEAM_MANAGER:
        if not own_team:
            raise NoCaseloadError("you are not in a team yet: ask an administrator")
        if team and team != own_team:
            raise PermissionDenied
        return Scope(team=own_team, worker=worker, rules=rules)
    if not own_worker:
        raise NoCaseloadError("you hold no cases yet: ask your team manager")
    if (worker and worker != own_worker) or (team and team != own_team):
        raise PermissionDenied
    return Scope(worker=own_worker, rules=rules)


def _in_scope(frame: pl.DataFrame, scope: Scope) -> pl.DataFrame:
    if scope.team:
        frame = frame.filter(pl.col("team") == scope.team)
    if scope.worker:
        frame = frame.filter(pl.col("worker") == scope.worker)
    if scope.rules:
        frame = frame.filter(pl.col("rule").is_in(scope.rules))
    return frame


@dataclass(frozen=True)
class Worklist:
    """A worklist as a page shows it."""

    scope: Scope
    as_at: date
    due_within: int
    items: pl.DataFrame
    breaches: pl.DataFrame
    """Breaches per month in the 12 months to ``as_at`` (``breaches_by_month``)."""

    @property
    def overdue(self) -> int:
        return int((self.items["days_overdue"] > 0).sum())

    @property
    def children(self) -> list[str]:
        return sorted(set(self.items["CHILD"].to_list()))


def worklist_for_user(
    user: User | AnonymousUser,
    *,
    local_authority: LocalAuthority,
    as_at: date,
    due_within: int,
    team: str = "",
    worker: str = "",
    event: str = events.CHILDREN_LIST_VIEWED,
) -> Worklist:
    """The worklist ``user`` may see; the read is audited (``event``) naming the children."""
    scope = scope_for(user, team=team, worker=worker)
    return read_worklist(
        local_authority,
        scope=scope,
        as_at=as_at,
        due_within=due_within,
        acting_user=user if isinstance(user, User) else None,
        event=event,
    )


def read_worklist(
    local_authority: LocalAuthority,
    *,
    scope: Scope,
    as_at: date,
    due_within: int,
    acting_user: User | None,
    event: str | None = events.CHILDREN_LIST_VIEWED,
) -> Worklist:
    """The worklist of ``scope``, audited (``event``) naming its children. For callers that
    have checked access already (``worklist_for_user``) or act for the service (commands);
    ``event=None`` only for a caller that audits the read itself (the digest, once sent)."""
    tables = worklist_tables(local_authority)
    first = date(as_at.year - 1, as_at.month, 1)
    found = snapshot(local_authority).memo(
        ("obligations", as_at, first), lambda: obligations(tables, as_at=as_at, since=first)
    )
    items = _in_scope(worklist(tables, as_at=as_at, due_within=due_within, due=found), scope)
    trend = _in_scope(breaches_by_month(tables, as_at=as_at, due=found), scope)
    result = Worklist(scope, as_at, due_within, items, trend)
    if event is None:
        return result
    events.record(
        event,
        acting_user=acting_user,
        subject=f"local_authority:{local_authority.code}",
        new_value={
            "list": "worklist",
            "scope": scope.label,
            "as_at": as_at.isoformat(),
            "due_within": due_within,
            "children": result.children,
        },
    )
    return result
