"""`incare import-ssd DIR [--la CODE] [--user USERNAME]`: thin; calls `do_import_ssd`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incare.records.management.commands._common import (
    add_common_arguments,
    authority,
    counts_table,
    user,
)
from incare.records.reading import RecordsError
from incare.records.services import do_import_ssd


class Command(BaseCommand):
    help = "Import a Standard Safeguarding Dataset extract (a folder of ssd_*.csv): all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="the folder of SSD tables as CSV files")
        add_common_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        la = authority(options["la"])
        try:
            counts, extract = do_import_ssd(
                folder, local_authority=la, acting_user=user(options["user"])
            )
        except RecordsError as exc:
            raise CommandError(f"{exc}\nNothing was imported.") from exc
        self.stdout.write(f"Imported the SSD extract {folder} into {la}.")
        self.stdout.write(counts_table({t: c.as_dict() for t, c in counts.items()}))
        for table, rows in sorted(extract.skipped.items()):
            self.stdout.write(
                f"{table}: {rows} rows about people not in the 903 data were skipped."
            )
