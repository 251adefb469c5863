"""One authority's records beyond the 903, as the frames the local indicators read.

The companion of `incare.children.frames.authority_tables` (the 903 frames): together they
are everything the indicator engine needs for a scorecard, ``{**authority_tables(la),
**authority_records(la)}``. For aggregate figures only: callers show numbers, never rows.
"""

from __future__ import annotations

import polars as pl

from incare.children.models import LocalAuthority
from incare.children.sync import _held
from incare.indicators.local.tables import RECORD_SCHEMAS
from incare.records.models import RECORD_MODELS, ChildRecord


def _frame(model: type[ChildRecord], local_authority: LocalAuthority) -> pl.DataFrame:
    schema = RECORD_SCHEMAS[model.table]
    fields = {k: v for k, v in schema.items() if k != "CHILD"}
    queryset = model._default_manager.filter(child__local_authority=local_authority)
    held = _held(queryset, pl.Schema({"child__child_id": pl.String(), **fields}))
    blank_as_null = [
        pl.when(pl.col(name) == "").then(None).otherwise(pl.col(name)).alias(name)
        for name, dtype in fields.items()
        if dtype == pl.String
    ]
    return (
        held.rename({"child__child_id": "CHILD"})
        .with_columns(blank_as_null)
        .select(list(schema.names()))
        .sort(list(schema.names())[:2])
    )


def authority_records(local_authority: LocalAuthority) -> dict[str, pl.DataFrame]:
    """Every record kind of the authority (kind -> frame of ``RECORD_SCHEMAS[kind]``)."""
    return {model.table: _frame(model, local_authority) for model in RECORD_MODELS}
