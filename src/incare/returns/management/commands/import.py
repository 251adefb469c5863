"""`incare import DIR [--la CODE] [--la-name NAME] [--user USERNAME]`.

Thin: works out which authority the store belongs to, then calls `do_import_store`, which
the web and the demo use too. (A module named ``import`` is fine: Django loads commands by
name with importlib, never with an ``import`` statement.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from incare.accounts.models import User
from incare.children.services import do_save_local_authority
from incare.children.tables import table_maps
from incare.returns.models import ImportRun
from incare.returns.services import do_import_store, read_store_metadata
from incare.ssda903.errors import ReturnError

NOTES_SHOWN = 5


def resolve_authority(metadata: dict[str, Any], *, code: str, name: str) -> tuple[str, str]:
    """(code, name): the store's own ``la_code`` first, then --la, then the setting."""
    stored = str(metadata.get("la_code") or "").strip()
    if stored and code and stored != code:
        raise CommandError(
            f"the store says it belongs to local authority {stored}, but --la says {code}"
        )
    chosen = stored or code or settings.LOCAL_AUTHORITY_CODE
    if not chosen:
        raise CommandError(
            "which local authority is this store for? The store has no incare-store.json "
            "with an la_code, so give --la CODE (the DfE number, e.g. 877) or set INCARE_LA_CODE"
        )
    return chosen, name or str(metadata.get("la_name") or "")


def report(run: ImportRun) -> str:
    """The per-table counts as a plain-text table."""
    labels = {name: t.spec.label for name, t in table_maps().items()}
    columns = ("read", "added", "changed", "removed")
    lines = [f"{'table':<16}" + "".join(f"{c:>10}" for c in columns)]
    for name, counts in run.counts.items():
        lines.append(f"{labels.get(name, name):<16}" + "".join(f"{counts[c]:>10}" for c in columns))
    lines.append(f"{'total':<16}" + "".join(f"{run.total(c):>10}" for c in columns))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Load a multi-year 903 store into the database: all or nothing, idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="the store: one sub-folder per year")
        parser.add_argument("--la", default="", help="DfE local authority number, e.g. 877")
        parser.add_argument("--la-name", default="", help="the authority's name")
        parser.add_argument("--user", default="", help="username to record as importing")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        try:
            metadata = read_store_metadata(folder)
        except ReturnError as exc:
            raise CommandError(str(exc)) from exc
        code, name = resolve_authority(metadata, code=options["la"], name=options["la_name"])
        user = self._user(options["user"])
        authority = do_save_local_authority(code=code, name=name, acting_user=user)
        self.stderr.write(f"Importing {folder} into {authority} …")
        try:
            run = do_import_store(
                folder, local_authority=authority, acting_user=user, progress=self.stderr.write
            )
        except ReturnError as exc:
            raise CommandError(f"{exc}\nNothing was imported.") from exc
        except DatabaseError as exc:
            raise CommandError(
                f"the database refused the import, so nothing was imported: {exc}"
            ) from exc
        years = f"{run.years[0]} to {run.years[-1]}" if run.years else "none"
        self.stdout.write(f"Imported {folder} into {authority}: collection years {years}.")
        self.stdout.write(report(run))
        self._validation(run)
        self._notes(run)
        if not run.changed_anything:
            self.stdout.write("No changes: the database already matched the store.")

    def _validation(self, run: ImportRun) -> None:
        """One line on what the DfE validation rules found (details: `incare validate`)."""
        if run.validation_year is None:
            return
        year = f"{run.validation_year - 1}/{str(run.validation_year)[2:]}"
        if run.validation_errors is None:
            self.stdout.write(f"Validation of {year}: {run.validation.get('note', '')}")
            return
        self.stdout.write(
            f"Validation of {year}: {run.validation_rules_run} rules run, "
            f"{run.validation_errors} rows flagged, {run.validation_children} children with "
            f"errors (`incare validate` lists them)."
        )

    def _notes(self, run: ImportRun) -> None:
        """How overlapping years were reconciled: the first few, the rest on the run."""
        if not run.resolutions:
            return
        self.stdout.write(f"{len(run.resolutions)} rows were reconciled between years, e.g.:")
        for note in run.resolutions[:NOTES_SHOWN]:
            self.stdout.write(f"  {note}", self.style.NOTICE)
        if len(run.resolutions) > NOTES_SHOWN:
            self.stdout.write(f"  … all {len(run.resolutions)} are kept on import run {run.pk}.")

    def _user(self, username: str) -> User | None:
        if not username:
            return None
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"there is no user called {username}") from exc
