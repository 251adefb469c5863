"""`incare import-records KIND FILE [--la CODE] [--user USERNAME]`: thin; calls
`do_import_records`. KIND is a template of docs/records.md (e.g. health_registrations)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incare.records.kinds import UnknownKindError, template_model
from incare.records.management.commands._common import (
    add_common_arguments,
    authority,
    counts_table,
    user,
)
from incare.records.reading import RecordsError
from incare.records.services import do_import_records


class Command(BaseCommand):
    help = "Import one CSV template of records (docs/records.md): all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="the template, e.g. health_registrations")
        parser.add_argument("file", type=Path, help="the CSV file")
        add_common_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            model = template_model(options["kind"])
        except UnknownKindError as exc:
            raise CommandError(str(exc)) from exc
        la = authority(options["la"])
        try:
            counts = do_import_records(
                options["file"], model=model, local_authority=la, acting_user=user(options["user"])
            )
        except RecordsError as exc:
            raise CommandError(f"{exc}\nNothing was imported.") from exc
        self.stdout.write(f"Imported {options['file']} ({model.table}) into {la}.")
        self.stdout.write(counts_table({model.table: counts.as_dict()}))
