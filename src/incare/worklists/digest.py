"""The daily e-mail digest: each member of staff's worklist, through Django's mail framework.

In development the console backend prints the messages (settings ``EMAIL_BACKEND``); a cron
job runs ``incare worklist-digest`` each morning. Each message names children, so each is
audited (``worklist.digest_sent``), as any other read of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection

from incare.accounts.models import User
from incare.children.models import LocalAuthority
from incare.worklists.models import StaffMember
from incare.worklists.queries import NoCaseloadError, Worklist, read_worklist, scope_for
from incare.worklists.services import do_record_digest_sent
from incare.worklists.summary import by_group

SUBJECT = "Your worklist for {day}: {overdue} overdue, {due} due in {days} days"


@dataclass(frozen=True)
class Sent:
    to: str
    items: int
    overdue: int


def body(result: Worklist) -> str:
    """Plain text: the counts, then one line per item, most overdue first."""
    lines = [
        f"Worklist for {result.scope.label}, {result.as_at:%d %B %Y}: {result.overdue} overdue, "
        f"{result.items.height - result.overdue} due within {result.due_within} days.",
        "",
    ]
    if not result.scope.worker:
        for row in by_group(result.items, "worker"):
            lines.append(f"{row['name']}: {row['overdue']} overdue, {row['due_soon']} due soon")
        lines.append("")
    for item in result.items.iter_rows(named=True):
        when = (
            f"{item['days_overdue']} days overdue"
            if item["days_overdue"] > 0
            else f"due {item['due_date']:%d %b %Y}"
        )
        lines.append(f"- {item['CHILD']}: {item['due']}, {when} ({item['worker']})")
    lines += ["", "Open incare's worklist page for the rule behind each date."]
    return "\n".join(lines)


def send_digests(
    local_authority: LocalAuthority, *, as_at: date, due_within: int, acting_user: User | None
) -> list[Sent]:
    """One message to each member of staff with an e-mail address and something due."""
    sent: list[Sent] = []
    staff = StaffMember.objects.select_related("user", "team").exclude(user__email="")
    with get_connection() as connection:
        for member in staff.filter(user__is_active=True).order_by("user__username"):
            try:
                scope = scope_for(member.user)
            except (NoCaseloadError, PermissionDenied):
                continue  # no cases yet, or a role that sees no named children
            result = read_worklist(
                local_authority,
                scope=scope,
                as_at=as_at,
                due_within=due_within,
                acting_user=acting_user,
                event=None,  # audited once sent, by do_record_digest_sent
            )
            if result.items.is_empty():
                continue
            subject = SUBJECT.format(
                day=f"{as_at:%d %B %Y}",
                overdue=result.overdue,
                due=result.items.height - result.overdue,
                days=due_within,
            )
            EmailMessage(
                subject,
                body(result),
                settings.DEFAULT_FROM_EMAIL,
                [member.user.email],
                connection=connection,
            ).send()
            do_record_digest_sent(
                recipient=member.user,
                children=result.children,
                items=result.items.height,
                acting_user=acting_user,
            )
            sent.append(Sent(member.user.email, result.items.height, result.overdue))
    return sent
