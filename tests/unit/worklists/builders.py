"""Hand-built cases for the due-date rules: the 903 frames of tests/unit/indicators and the
records beyond the 903, with a few shortcuts."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
from indicators.builders import d, episodes, header, history, stack, tables

from incare.indicators.local.tables import RECORD_SCHEMAS
from incare.worklists.duedates import obligations

__all__ = [
    "d",
    "episodes",
    "header",
    "history",
    "next_due",
    "open_items",
    "records",
    "reviews",
    "stack",
    "tables",
    "world",
]


def records(kind: str, *rows: dict[str, Any]) -> pl.DataFrame:
    """Record rows; dates as dd/mm/yyyy."""
    schema = RECORD_SCHEMAS[kind]
    out = []
    for row in rows:
        values = {}
        for name, dtype in schema.items():
            value = row.get(name)
            values[name] = d(value) if dtype == pl.Date and isinstance(value, str) else value
        out.append(values)
    return pl.DataFrame(out, schema=schema)


def reviews(child: str, *days: str) -> pl.DataFrame:
    """Reviews of ``child`` held on ``days``."""
    rows = [{"CHILD": child, "REVIEW": d(day), "REVIEW_CODE": "PN1"} for day in days]
    return pl.DataFrame(rows, schema=tables()["reviews"].schema)


def world(**frames: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The 903 tables given (others empty) and any records given."""
    return tables(**frames)


def open_items(frames: dict[str, pl.DataFrame], *, as_at: str, rule: str = "") -> pl.DataFrame:
    """The obligations still to do on ``as_at`` (of rules starting ``rule``)."""
    found = obligations(frames, as_at=d(as_at))
    return found.filter(pl.col("outstanding") & pl.col("rule").str.starts_with(rule))


def next_due(frames: dict[str, pl.DataFrame], *, as_at: str, rule: str) -> tuple[str, date]:
    """The one outstanding obligation of rules starting ``rule``: (rule, due date)."""
    found = open_items(frames, as_at=as_at, rule=rule)
    assert found.height == 1, found
    return found["rule"][0], found["due_date"][0]
