"""Writes of records beyond the 903: the SSD import, template imports and one record at a time.

Every write goes through one of these, in one transaction with its audit row. Files are
read and checked completely before the transaction starts, so a file with any problem
writes nothing (all or nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.db import transaction

from incare.accounts.models import User
from incare.audit import events
from incare.children.models import Child, LocalAuthority
from incare.children.services import note_data_changed
from incare.children.sync import TableCounts
from incare.records.importing import Extract, read_extract, read_template
from incare.records.kinds import template_model
from incare.records.models import ChildRecord
from incare.records.sync import sync_records


def do_import_ssd(
    folder: Path, *, local_authority: LocalAuthority, acting_user: User | None
) -> tuple[dict[str, TableCounts], Extract]:
    """Make the authority's SSD-fed records equal to the extract at ``folder``.

    Each SSD table present replaces the authority's records of its kind (rows compared by
    natural key; the same extract twice changes nothing); a table absent leaves its kind
    alone. Raises `RecordsError` naming every problem; then nothing is written.
    """
    extract = read_extract(folder, local_authority=local_authority)
    with transaction.atomic():
        counts = {
            model.table: sync_records(
                model, rows, local_authority=local_authority, remove_missing=True
            )
            for model, rows in extract.rows.items()
        }
        note_data_changed(local_authority)
        events.record(
            events.SSD_IMPORTED,
            acting_user=acting_user,
            subject=f"children.localauthority:{local_authority.pk}",
            new_value={
                "source": str(folder.resolve()),
                "files": extract.files,
                "skipped": extract.skipped,
                "counts": {t: c.as_dict() for t, c in counts.items()},
            },
        )
    return counts, extract


def do_import_records(
    path: Path,
    *,
    model: type[ChildRecord],
    local_authority: LocalAuthority,
    acting_user: User | None,
) -> TableCounts:
    """Add (or correct) the records of one CSV template; records not in the file stay.

    A row whose natural key the authority already holds replaces that record's values.
    Raises `RecordsError` naming every problem; then nothing is written.
    """
    rows = read_template(path, model, local_authority=local_authority)
    with transaction.atomic():
        counts = sync_records(model, rows, local_authority=local_authority, remove_missing=False)
        note_data_changed(local_authority)
        events.record(
            events.RECORDS_IMPORTED,
            acting_user=acting_user,
            subject=f"children.localauthority:{local_authority.pk}",
            new_value={
                "kind": model.table,
                "source": str(path.resolve()),
                "counts": counts.as_dict(),
            },
        )
    return counts


def do_add_record(
    *,
    model: type[ChildRecord],
    child: Child,
    values: Mapping[str, Any],
    acting_user: User | None,
) -> ChildRecord:
    """Record one record about ``child`` (checked by its form), with its audit row."""
    with transaction.atomic():
        record = model._default_manager.create(child=child, **values)
        note_data_changed(child.local_authority)
        events.record(
            events.RECORD_ADDED,
            acting_user=acting_user,
            subject=f"{child.local_authority.code}:{child.child_id}",
            new_value={
                "kind": model.table,
                "id": record.pk,
                **{k: _json(v) for k, v in values.items()},
            },
        )
    return record


def _json(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def do_import_records_folder(
    folder: Path, *, local_authority: LocalAuthority, acting_user: User | None
) -> dict[str, TableCounts]:
    """Import a folder laid out as `incare synth` writes records (``ssd/`` an SSD extract,
    ``local/<kind>.csv`` templates), all of it or none of it (used by `incare demo`)."""
    counts: dict[str, TableCounts] = {}
    with transaction.atomic():
        if (folder / "ssd").is_dir():
            counts.update(
                do_import_ssd(
                    folder / "ssd", local_authority=local_authority, acting_user=acting_user
                )[0]
            )
        for path in sorted((folder / "local").glob("*.csv")):
            model = template_model(path.stem)
            counts[model.table] = do_import_records(
                path, model=model, local_authority=local_authority, acting_user=acting_user
            )
    return counts
