"""Every write of the worklists app: teams, staff, caseloads; and the digest's audit row.

Each ``do_<verb>_<noun>`` runs in one transaction with its audit row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from incare.accounts.models import User
from incare.audit import events
from incare.children.models import Child, LocalAuthority
from incare.worklists.models import CaseloadAssignment, StaffMember, Team


class CaseloadError(ValueError):
    """A caseload file or value that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class CaseloadRow:
    """One line of a caseload file: ``line`` (the header is line 1), child, team, worker."""

    line: int
    child_id: str
    team: str
    worker: str


def do_save_team(name: str, *, acting_user: User | None) -> Team:
    """The team called ``name``, made if new."""
    name = name.strip()
    if not name:
        raise CaseloadError("a team needs a name")
    with transaction.atomic():
        team, created = Team.objects.get_or_create(name=name)
        if created:
            events.record(
                events.TEAM_SAVED,
                acting_user=acting_user,
                subject=f"team:{team.pk}",
                new_value={"name": name},
            )
    return team


def do_set_staff_member(
    user: User, *, team: str, worker: str, acting_user: User | None
) -> StaffMember:
    """Put ``user`` in ``team`` (blank: none) as worker ``worker`` (blank: holds no cases)."""
    with transaction.atomic():
        found = do_save_team(team, acting_user=acting_user) if team.strip() else None
        staff, _ = StaffMember.objects.get_or_create(user=user)
        old = {"team": staff.team.name if staff.team else "", "worker": staff.worker}
        staff.team, staff.worker = found, worker.strip()
        staff.save()
        events.record(
            events.STAFF_MEMBER_SET,
            acting_user=acting_user,
            subject=f"user:{user.pk}",
            old_value=old,
            new_value={"team": team.strip(), "worker": staff.worker},
        )
    return staff


def do_assign_caseloads(
    rows: Iterable[CaseloadRow],
    *,
    local_authority: LocalAuthority,
    acting_user: User | None,
    source: str = "",
) -> dict[str, int]:
    """Assign each row's child to its team and worker: all rows or none.

    Every problem (an unknown child, a blank team, a child given twice) is listed at once
    in the :class:`CaseloadError`. Children not in ``rows`` keep their assignment.
    """
    given = list(rows)
    children = {
        c.child_id: c
        for c in Child.objects.filter(
            local_authority=local_authority, child_id__in={r.child_id for r in given}
        )
    }
    problems, seen = [], set[str]()
    for row in given:
        where = f"{source or 'caseloads'}, line {row.line}"
        if row.child_id not in children:
            problems.append(
                f"{where}, child_id: {row.child_id!r} is not a child in {local_authority}'s "
                "903 data; expected the 903 child id (CHILD) of one of its children"
            )
        if not row.team.strip():
            problems.append(f"{where}, team: blank; expected the name of the team")
        if row.child_id in seen:
            problems.append(f"{where}, child_id: {row.child_id!r} is given twice")
        seen.add(row.child_id)
    if problems:
        raise CaseloadError("\n".join(problems))
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    with transaction.atomic():
        teams = {
            name: Team.objects.get_or_create(name=name)[0]
            for name in {r.team.strip() for r in given}
        }
        held = {
            a.child_id: a
            for a in CaseloadAssignment.objects.filter(child__in=list(children.values()))
        }
        for row in given:
            team, worker = teams[row.team.strip()], row.worker.strip()
            child = children[row.child_id]
            current = held.get(child.pk)
            if current is None:
                CaseloadAssignment.objects.create(child=child, team=team, worker=worker)
                counts["added"] += 1
            elif current.team_id != team.pk or current.worker != worker:
                current.team, current.worker = team, worker
                current.save()
                counts["changed"] += 1
            else:
                counts["unchanged"] += 1
        events.record(
            events.CASELOADS_ASSIGNED,
            acting_user=acting_user,
            subject=f"local_authority:{local_authority.code}",
            new_value={"source": source, **counts},
        )
    return counts


def do_record_digest_sent(
    *, recipient: User, children: list[str], items: int, acting_user: User | None
) -> None:
    """The audit row of one digest e-mail: it names children, so it is a read of them."""
    with transaction.atomic():
        events.record(
            events.WORKLIST_DIGEST_SENT,
            acting_user=acting_user,
            subject=f"user:{recipient.pk}",
            new_value={"to": recipient.email, "items": items, "children": children},
        )
