"""``incare worklist-digest [--as-at D] [--due-within N] [--la CODE] [--user U]``: e-mail each
member of staff their worklist (the console in development). Run daily from cron, e.g.
``30 6 * * 1-5 /srv/incare/.venv/bin/incare worklist-digest``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from incare.worklists.digest import send_digests
from incare.worklists.management.commands._common import as_at, authority, days, user


class Command(BaseCommand):
    help = "E-mail each member of staff what is overdue or due soon on their worklist."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-at", help="the date (default: today)")
        parser.add_argument("--due-within", default="7", help="days ahead (default 7)")
        parser.add_argument("--la", default="", help="DfE local authority number")
        parser.add_argument("--user", default="", help="username to record as sending it")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests(
            authority(options["la"]),
            as_at=as_at(options["as_at"]),
            due_within=days(options["due_within"]),
            acting_user=user(options["user"]),
        )
        self.stderr.write(f"Sent {len(sent)} worklist digest(s).")
