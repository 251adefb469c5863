"""The worklist as the command prints it: JSON, CSV or a plain-text table."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import polars as pl

COLUMNS = ("child", "due", "due_date", "days_overdue", "team", "worker", "rule", "source")
"""What each item says: the child, what is due, by when, days overdue (negative while not
yet due), who holds the child, and the rule it comes from (id and source)."""


def _rows(items: pl.DataFrame) -> list[dict[str, Any]]:
    shown = items.rename({"CHILD": "child"}).select(COLUMNS)
    rows = shown.to_dicts()
    for row in rows:
        row["due_date"] = row["due_date"].isoformat()
    return rows


def as_json(items: pl.DataFrame, *, as_at: date, due_within: int, authority: str) -> str:
    return json.dumps(
        {
            "local_authority": authority,
            "as_at": as_at.isoformat(),
            "due_within": due_within,
            "items": _rows(items),
        },
        indent=2,
    )


def as_csv(items: pl.DataFrame) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_rows(items))
    return out.getvalue()


def as_table(items: pl.DataFrame) -> str:
    """Aligned columns; the rule's source is left to JSON and CSV (too long for a terminal)."""
    columns = COLUMNS[:-1]
    rows = [[str(row[c]) for c in columns] for row in _rows(items)]
    widths = [max([len(c), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    for row in rows:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    if not rows:
        lines.append("(nothing overdue or due in this time)")
    return "\n".join(lines)


def breaches_rows(breaches: pl.DataFrame) -> list[dict[str, Any]]:
    """Breaches per month and rule (teams and workers added up), months as YYYY-MM."""
    if breaches.is_empty():
        return []
    per_rule = (
        breaches.group_by("month", "rule")
        .agg(pl.col("breaches").sum())
        .sort("month", "rule")
        .with_columns(pl.col("month").dt.strftime("%Y-%m"))
    )
    return per_rule.to_dicts()


def breaches_as_json(breaches: pl.DataFrame, *, as_at: date, authority: str) -> str:
    rows = breaches_rows(breaches)
    return json.dumps(
        {"local_authority": authority, "as_at": as_at.isoformat(), "breaches": rows}, indent=2
    )


def breaches_as_csv(breaches: pl.DataFrame) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=("month", "rule", "breaches"), lineterminator="\n")
    writer.writeheader()
    writer.writerows(breaches_rows(breaches))
    return out.getvalue()


def breaches_as_table(breaches: pl.DataFrame) -> str:
    rows = breaches_rows(breaches)
    if not rows:
        return "(no breaches in the 12 months)"
    width = max(len(r["rule"]) for r in rows)
    lines = [f"{'month':<8} {'rule':<{width}} breaches"]
    lines += [f"{r['month']:<8} {r['rule']:<{width}} {r['breaches']:>8}" for r in rows]
    return "\n".join(lines)
