"""Importing a multi-year 903 store: the one way 903 data gets into the database."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
from django.db import DatabaseError, transaction
from django.utils import timezone

from incare.accounts.models import User
from incare.audit import events
from incare.children.checks import check_tables
from incare.children.models import LocalAuthority
from incare.children.services import note_data_changed
from incare.children.sync import Progress, TableCounts, sync_authority
from incare.geography import PostcodeReferenceError
from incare.returns.models import ImportRun
from incare.returns.results import child_rows
from incare.ssda903.errors import Problem, ReturnError
from incare.ssda903.store import STORE_METADATA, read_store, read_store_metadata
from incare.validation.files import validate_folder
from incare.validation.report import ValidationReport

logger = logging.getLogger(__name__)


def _check_authority(metadata: Mapping[str, Any], local_authority: LocalAuthority) -> None:
    code = str(metadata.get("la_code") or "")
    if code and code != local_authority.code:
        raise ReturnError(
            [
                Problem(
                    STORE_METADATA,
                    None,
                    "la_code",
                    code,
                    f"{local_authority.code} ({local_authority.name}), the authority imported into",
                    "is another authority's store",
                )
            ]
        )


def _read_tables(folder: Path) -> tuple[dict[str, pl.DataFrame], list[int], list[str]]:
    """The store's frames (every spec table, empty if never collected), years and notes."""
    store = read_store(folder)
    problems = check_tables(store.tables)
    if problems:
        raise ReturnError(problems)
    return store.tables, list(store.years), list(store.resolutions)


def do_import_store(
    folder: Path,
    *,
    local_authority: LocalAuthority,
    acting_user: User | None,
    progress: Progress | None = None,
) -> ImportRun:
    """Make the authority's children and records equal to the store at ``folder``.

    All or nothing: the store is read and checked before the first write, and every write,
    the `ImportRun` and the audit row share one transaction. Raises `ReturnError` when the
    store cannot be read or is inconsistent; a failed attempt is recorded (status failed)
    and the exception re-raised.
    """
    started = timezone.now()
    metadata: dict[str, Any] = {}
    try:
        metadata = read_store_metadata(folder)
        _check_authority(metadata, local_authority)
        tables, years, resolutions = _read_tables(folder)
        validation = _validate_latest(folder, years=years, metadata=metadata, progress=progress)
        with transaction.atomic():
            counts = sync_authority(local_authority, tables, progress=progress)
            note_data_changed(local_authority)
            run = _save_run(
                folder,
                local_authority=local_authority,
                acting_user=acting_user,
                started=started,
                status=ImportRun.Status.SUCCEEDED,
                metadata=metadata,
                years=years,
                resolutions=resolutions,
                counts=counts,
                validation=validation,
            )
            events.record(
                events.RETURN_IMPORTED,
                acting_user=acting_user,
                subject=f"returns.importrun:{run.pk}",
                new_value={
                    "local_authority": local_authority.code,
                    "source": run.source,
                    "years": years,
                    "rows": {w: run.total(w) for w in ("read", "added", "changed", "removed")},
                    "validation": {
                        "year": run.validation_year,
                        "rules_run": run.validation_rules_run,
                        "errors": run.validation_errors,
                        "children": run.validation_children,
                    },
                },
            )
        return run
    except Exception as exc:
        _record_failure(folder, local_authority, acting_user, started, metadata, exc)
        raise


def _save_run(
    folder: Path,
    *,
    local_authority: LocalAuthority,
    acting_user: User | None,
    started: datetime,
    status: str,
    metadata: Mapping[str, Any],
    years: list[int] | None = None,
    resolutions: list[str] | None = None,
    counts: Mapping[str, TableCounts] | None = None,
    validation: ValidationSummary | None = None,
    error: str = "",
) -> ImportRun:
    return ImportRun.objects.create(
        local_authority=local_authority,
        local_authority_code=local_authority.code,
        acting_user=acting_user,
        source=str(folder.resolve()),
        started_at=started,
        finished_at=timezone.now(),
        status=status,
        years=years or [],
        store_metadata=dict(metadata),
        counts={name: c.as_dict() for name, c in (counts or {}).items()},
        resolutions=resolutions or [],
        error=error,
        **(validation.fields() if validation is not None else {}),
    )


@dataclass(frozen=True)
class ValidationSummary:
    """What the validation rules found in the imported store's latest year, for the run."""

    year: int | None
    report: ValidationReport | None
    note: str = ""

    def fields(self) -> dict[str, Any]:
        """The ImportRun fields this summary fills."""
        if self.report is None:
            return {"validation_year": self.year, "validation": {"note": self.note}}
        report = self.report
        rows = report.summary().select("code", "rows").iter_rows()
        return {
            "validation_year": report.collection_year,
            "validation_rules_run": len(report.rules_run),
            "validation_errors": report.errors.height,
            "validation_children": len(report.children_with_errors()),
            "validation": {
                "rules": dict(rows),
                "skipped": {s.code: s.reason for s in report.rules_skipped},
                "note": self.note,
            },
            "validation_rows": [
                {k: v for k, v in row.items() if k != "message"} for row in child_rows(report)
            ],
        }


def _validate_latest(
    folder: Path, *, years: list[int], metadata: Mapping[str, Any], progress: Progress | None
) -> ValidationSummary:
    """The DfE validation rules over the store's latest year, with the year before.

    Never fails the import: a failing rule is a finding for the council, and a reference
    that cannot be read (the store's postcodes) only means the rules needing it are skipped.
    """
    if not years:
        return ValidationSummary(None, None, "no collection year to validate")
    year = years[-1]
    if progress is not None:
        progress(f"validating the {year - 1}/{str(year)[2:]} return …")
    la_code = str(metadata["la_code"]) if metadata.get("la_code") else None
    postcodes = folder / str(metadata["postcodes"]) if metadata.get("postcodes") else None
    note = ""
    try:
        try:
            report = validate_folder(folder, year=year, la_code=la_code, postcodes=postcodes)
        except PostcodeReferenceError as exc:
            note = f"postcode rules skipped: {str(exc).splitlines()[0]}"
            report = validate_folder(folder, year=year, la_code=la_code)
    except ReturnError as exc:
        return ValidationSummary(year, None, f"not validated: {str(exc).splitlines()[0]}")
    except Exception:  # a bug in a rule must not block an import that is otherwise sound
        logger.exception("validation of %s failed", folder)
        return ValidationSummary(year, None, "not validated: the rules failed (see the log)")
    return ValidationSummary(year, report, note)


def _record_failure(
    folder: Path,
    local_authority: LocalAuthority,
    acting_user: User | None,
    started: datetime,
    metadata: Mapping[str, Any],
    exc: Exception,
) -> None:
    """Put the failed attempt on record; never hide the original error if this fails too."""
    try:
        with transaction.atomic():
            _save_run(
                folder,
                local_authority=local_authority,
                acting_user=acting_user,
                started=started,
                status=ImportRun.Status.FAILED,
                metadata=metadata,
                error=str(exc) or type(exc).__name__,
            )
    except DatabaseError:
        logger.exception("could not record the failed import of %s", folder)
