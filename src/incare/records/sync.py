"""Make one authority's records of one kind equal to (or updated from) the rows read.

Called inside the transaction of `incare.records.services`; nothing here commits. Rows are
compared by natural key in Polars, as the 903 import does (`incare.children.sync`): new keys
are inserted, changed rows updated in place, and, for a full extract, keys that have gone
are deleted. Rows that are the same are not touched, so importing twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from incare.children.bulk import delete_rows, insert_rows, update_rows
from incare.children.models import LocalAuthority
from incare.children.sync import TableCounts, _held, diff_rows
from incare.indicators.local.tables import RECORD_SCHEMAS
from incare.records.models import ChildRecord
from incare.records.rows import Values


def field_schema(model: type[ChildRecord]) -> pl.Schema:
    """The frame of a model's rows as written: ``child_id`` (the `Child` key) and fields."""
    fields = {k: v for k, v in RECORD_SCHEMAS[model.table].items() if k != "CHILD"}
    return pl.Schema({"child_id": pl.Int64(), **fields})


def sync_records(
    model: type[ChildRecord],
    rows: Sequence[Values],
    *,
    local_authority: LocalAuthority,
    remove_missing: bool,
) -> TableCounts:
    """Write the differences between ``rows`` and the authority's ``model`` rows.

    ``remove_missing``: the rows are the whole of this kind for the authority (an SSD
    extract), so rows held but not read are deleted. Otherwise (a template) they stay.
    """
    schema = field_schema(model)
    wanted = (
        pl.DataFrame(list(rows), schema=schema, orient="row")
        if rows
        else pl.DataFrame(schema=schema)
    )
    queryset = model._default_manager.filter(child__local_authority=local_authority)
    held = _held(queryset, schema)
    diff = diff_rows(held, wanted, key=["child_id", *model.key])
    removed = diff.removed_ids if remove_missing else []
    delete_rows(model, removed)
    if diff.changed.height:
        update_rows(model, diff.changed)
    if diff.added.height:
        insert_rows(model, diff.added)
    return TableCounts(
        read=wanted.height,
        added=diff.added.height,
        changed=diff.changed.height,
        removed=len(removed),
    )
