"""Tiny record frames for local indicator tests: ``records("peps", {"CHILD": "C1",
"pep_date": "10/01/2024", "term": "spring"})``; dates as dd/mm/yyyy, other columns as given."""

from __future__ import annotations

from typing import Any

import polars as pl

from incare.indicators.local.tables import RECORD_SCHEMAS

from ..builders import d


def records(kind: str, *rows: dict[str, Any]) -> pl.DataFrame:
    schema = RECORD_SCHEMAS[kind]
    out = []
    for row in rows:
        values = {}
        for name, dtype in schema.items():
            value = row.get(name)
            values[name] = d(value) if dtype == pl.Date and isinstance(value, str) else value
        out.append(values)
    return pl.DataFrame(out, schema=schema)
