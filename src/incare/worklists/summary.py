"""Counts for the worklist pages, the digest and the command: by team or worker, by month."""

from __future__ import annotations

from typing import Any

import polars as pl

from incare.worklists.duedates import RULES


def by_group(items: pl.DataFrame, column: str) -> list[dict[str, Any]]:
    """Per ``column`` value (team or worker): items overdue, due soon, children."""
    if items.is_empty():
        return []
    return (
        items.group_by(column)
        .agg(
            overdue=(pl.col("days_overdue") > 0).sum().cast(pl.Int64),
            due_soon=(pl.col("days_overdue") <= 0).sum().cast(pl.Int64),
            children=pl.col("CHILD").n_unique().cast(pl.Int64),
        )
        .sort(["overdue", column], descending=[True, False])
        .rename({column: "name"})
        .to_dicts()
    )


def monthly_totals(breaches: pl.DataFrame) -> list[dict[str, Any]]:
    """Breaches per month, in total and for the rule with most that month."""
    if breaches.is_empty():
        return []
    per_rule = breaches.group_by("month", "rule").agg(pl.col("breaches").sum())
    top = per_rule.sort(["breaches", "rule"], descending=[True, False]).unique(
        "month", keep="first"
    )
    totals = per_rule.group_by("month").agg(total=pl.col("breaches").sum())
    rows = totals.join(top.rename({"breaches": "top_count"}), on="month").sort("month").to_dicts()
    for row in rows:
        row["top"] = RULES[row["rule"]].due
    return rows
