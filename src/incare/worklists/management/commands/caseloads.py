"""``incare caseloads assign FILE [--la CODE] [--user U]`` (a CSV of child_id, team, worker:
all rows or none) and ``incare caseloads staff USERNAME [--team T] [--worker W]`` (a user's
team and worker reference). Thin; calls ``incare.worklists.services``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incare.worklists.management.commands._common import authority, user
from incare.worklists.services import (
    CaseloadError,
    CaseloadRow,
    do_assign_caseloads,
    do_set_staff_member,
)

COLUMNS = ("child_id", "team", "worker")


def read_rows(path: Path) -> list[CaseloadRow]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise CommandError(
                    f"{path}, line 1: missing column(s) {', '.join(missing)}; expected "
                    f"{', '.join(COLUMNS)}\nNothing was assigned."
                )
            rows = []
            for line, raw in enumerate(reader, start=2):
                row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
                rows.append(CaseloadRow(line, row["child_id"], row["team"], row["worker"]))
            return rows
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"{path}: cannot be read as UTF-8 CSV ({exc})") from None


class Command(BaseCommand):
    help = "Assign children to teams and workers, or set a user's team and worker reference."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        assign = sub.add_parser("assign", help="assign children from a CSV file")
        assign.add_argument("file", type=Path)
        assign.add_argument("--la", default="")
        assign.add_argument("--user", default="", help="username to record as assigning")
        staff = sub.add_parser("staff", help="set a user's team and worker reference")
        staff.add_argument("username")
        staff.add_argument("--team", default="")
        staff.add_argument("--worker", default="", help="e.g. their 903 SW_ID")
        staff.add_argument("--user", default="", help="username to record as setting it")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "assign":
                la = authority(options["la"])
                path = options["file"]
                counts = do_assign_caseloads(
                    read_rows(path),
                    local_authority=la,
                    acting_user=user(options["user"]),
                    source=str(path),
                )
                self.stdout.write(
                    f"Assigned {path} in {la}: {counts['added']} added, "
                    f"{counts['changed']} changed, {counts['unchanged']} unchanged."
                )
            else:
                person = user(options["username"])
                if person is None:
                    raise CommandError("give the username")
                do_set_staff_member(
                    person,
                    team=options["team"],
                    worker=options["worker"],
                    acting_user=user(options["user"]),
                )
                self.stdout.write(
                    f"{person.username}: team {options['team'] or '(none)'}, "
                    f"worker {options['worker'] or '(none)'}."
                )
        except CaseloadError as exc:
            raise CommandError(f"{exc}\nNothing was assigned.") from None
