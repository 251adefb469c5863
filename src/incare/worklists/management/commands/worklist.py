"""``incare worklist [--as-at D] [--due-within N] [--format json|csv|table] [--team T]
[--worker W] [--la CODE] [--user U] [--breaches]``: thin; calls
``incare.worklists.queries.read_worklist``, which the pages use too. The read names children,
so it is audited. ``--breaches`` prints breaches per month and rule instead of the items."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from incare.worklists import output
from incare.worklists.management.commands._common import as_at, authority, days, user
from incare.worklists.queries import Scope, read_worklist


class Command(BaseCommand):
    help = "What is overdue or falls due within N days, per child, from the statutory timescales."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-at", help="the date, e.g. 2024-03-31 (default: today)")
        parser.add_argument("--due-within", default="14", help="days ahead (default 14)")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument("--team", default="", help="only this team")
        parser.add_argument("--worker", default="", help="only this worker (e.g. a 903 SW_ID)")
        parser.add_argument("--la", default="", help="DfE local authority number")
        parser.add_argument("--user", default="", help="username to record as reading it")
        parser.add_argument(
            "--breaches",
            action="store_true",
            help="instead: breaches per month and rule in the 12 months to the date",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        la = authority(options["la"])
        when, within = as_at(options["as_at"]), days(options["due_within"])
        result = read_worklist(
            la,
            scope=Scope(team=options["team"], worker=options["worker"]),
            as_at=when,
            due_within=within,
            acting_user=user(options["user"]),
        )
        if options["breaches"]:
            self._breaches(result.breaches, options["format"], when=when, authority=la.code)
        elif options["format"] == "json":
            text = output.as_json(result.items, as_at=when, due_within=within, authority=la.code)
            self.stdout.write(text)
        elif options["format"] == "csv":
            self.stdout.write(output.as_csv(result.items), ending="")
        else:
            self.stdout.write(output.as_table(result.items))

    def _breaches(self, breaches: Any, form: str, *, when: Any, authority: str) -> None:
        if form == "json":
            self.stdout.write(output.breaches_as_json(breaches, as_at=when, authority=authority))
        elif form == "csv":
            self.stdout.write(output.breaches_as_csv(breaches), ending="")
        else:
            self.stdout.write(output.breaches_as_table(breaches))
