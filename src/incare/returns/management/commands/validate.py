"""``incare validate DIR``: the DfE 903 validation rules over a return (docs/validation.md).

Thin: the arguments and behaviour live in :mod:`incare.validation.command`, which
``incare validate`` runs without starting Django; this wraps it for ``call_command``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incare.validation.command import UNREADABLE, ValidateFailure, add_arguments, execute


class Command(BaseCommand):
    help = "Check a 903 return against the DfE validation rules (and last year's return)."
    # Files in, a report out: no database, URLs or templates to check.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            execute(options, out=self.stdout.write, err=self.stderr.write)
        except ValidateFailure as failure:
            raise CommandError(str(failure), returncode=UNREADABLE) from None
