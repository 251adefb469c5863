"""One authority's imported 903 records, read back into the indicator engine's frames.

The inverse of the import (``incare.children.sync``): every table as the stacked store
frame ``incare.ssda903.store.read_store`` gives (spec columns and types, blank text as null,
``collection_year`` Int16), so an indicator computed over the database equals the same
indicator computed over the store that was imported. For aggregate figures only (a strategy
scorecard, a needs assessment): callers show numbers, never the rows, and audit the read.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db import models

from incare.children.models import Child, LocalAuthority
from incare.children.sync import _held
from incare.children.tables import CHILD_COLUMN, TableMap, field_name, table_maps
from incare.ssda903.spec import COLLECTION_YEAR

_CHILD_FIELD = "child__child_id"


def _field_schema(table: TableMap, *, child: str) -> pl.Schema:
    """The fields to fetch, typed as the database returns them (see ``TableMap.to_fields``)."""
    types: dict[str, pl.DataType] = {child: pl.String()}
    for column in table.value_columns:
        kind = table.spec.column(column).type
        if kind in {"id", "text", "code"}:
            types[field_name(column)] = pl.String()
        elif kind in {"flag", "integer"}:
            types[field_name(column)] = pl.Int64()
        else:
            types[field_name(column)] = pl.Date()
    types[COLLECTION_YEAR] = pl.Int64()
    return pl.Schema(types)


def _as_spec_frame(table: TableMap, held: pl.DataFrame, *, child: str) -> pl.DataFrame:
    exprs = [pl.col(child).alias(CHILD_COLUMN)]
    for column in table.value_columns:
        spec_column = table.spec.column(column)
        expr = pl.col(field_name(column))
        if spec_column.dtype == pl.String:
            expr = pl.when(expr == "").then(None).otherwise(expr)  # blank is "" in Django
        exprs.append(expr.cast(spec_column.dtype).alias(column))
    exprs.append(pl.col(COLLECTION_YEAR).cast(pl.Int16))
    key = [c for c in table.spec.key if c in table.spec.column_names]
    return held.select(exprs).sort([*key, COLLECTION_YEAR] if table.spec.per_year else key)


def authority_tables(local_authority: LocalAuthority) -> dict[str, pl.DataFrame]:
    """Every 903 table of the authority, as the store frames (table name -> frame)."""
    tables: dict[str, pl.DataFrame] = {}
    for name, table in table_maps().items():
        queryset: models.QuerySet[Any]
        if name == "header":
            queryset = Child.objects.filter(local_authority=local_authority)
            child = "child_id"
        else:
            queryset = table.model._default_manager.filter(child__local_authority=local_authority)
            child = _CHILD_FIELD
        held = _held(queryset, _field_schema(table, child=child)).drop("id")
        tables[name] = _as_spec_frame(table, held, child=child)
    return tables
