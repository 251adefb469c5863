"""A scorecard written out: JSON for programs, CSV for spreadsheets, a table for a terminal."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from typing import Any

from incare.strategies.rag import format_value
from incare.strategies.scorecard import Row, Scorecard

CSV_FIELDS = (
    "outcome",
    "action_ref",
    "action",
    "measure_ref",
    "text",
    "indicator",
    "local",
    "unit",
    "target",
    "value",
    "numerator",
    "denominator",
    "rag",
    "reason",
    "trend",
    "trend_direction",
    "benchmark_year",
    "england",
    "region",
    "statistical_neighbours",
    "progress_on",
    "progress_rag",
)


def as_json(scorecard: Scorecard) -> str:
    return json.dumps(scorecard.as_dict(), default=str)


def _csv_row(row: Row) -> dict[str, Any]:
    flat = row.as_dict()
    bench = row.benchmarks
    flat["trend"] = "; ".join(
        f"{p['as_at']}={'' if p['value'] is None else round(p['value'], 2)}" for p in row.trend
    )
    flat["benchmark_year"] = bench.year if bench else None
    flat["england"] = bench.england if bench else None
    flat["region"] = bench.region if bench else None
    flat["statistical_neighbours"] = bench.statistical_neighbours if bench else None
    flat["progress_on"] = row.progress["on"] if row.progress else None
    flat["progress_rag"] = row.progress["rag"] if row.progress else None
    return {name: flat[name] for name in CSV_FIELDS}


def as_csv(scorecard: Scorecard) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["strategy", "as_at", *CSV_FIELDS], lineterminator="\n")
    writer.writeheader()
    for row in scorecard.rows:
        writer.writerow({"strategy": scorecard.strategy, "as_at": scorecard.as_at, **_csv_row(row)})
    return out.getvalue()


def _value(row: Row) -> str:
    if row.value is None:
        return "-"
    return format_value(row.value, row.unit or "count")


def as_table(scorecard: Scorecard) -> str:
    """One line per measure (ref, RAG, value, England, data), the reason wrapped beneath."""
    lines = [
        f"{scorecard.title}: {scorecard.local_authority}",
        f"Scorecard as at {scorecard.as_at} (12 months from {scorecard.period.start})",
    ]
    outcome = None
    for row in scorecard.rows:
        if row.outcome != outcome:
            outcome = row.outcome
            lines += [
                "",
                outcome,
                f"  {'measure':<10} {'RAG':<6} {'value':>12} {'England':>12}  data",
            ]
        england = row.benchmarks.england if row.benchmarks else None
        cells = [
            row.measure_ref,
            row.rag.upper(),
            _value(row),
            "-" if england is None else format_value(england, row.unit or "count"),
            row.indicator or row.local or "(progress only)",
        ]
        lines.append(f"  {cells[0]:<10} {cells[1]:<6} {cells[2]:>12} {cells[3]:>12}  {cells[4]}")
        lines += textwrap.wrap(row.text, 96, initial_indent="      ", subsequent_indent="      ")
        lines += textwrap.wrap(row.reason, 96, initial_indent="      ", subsequent_indent="      ")
    if scorecard.open_questions:
        lines += ["", "Open questions from councillors:"]
        for q in scorecard.open_questions:
            due = f", due {q['due_date']}" if q["due_date"] else ""
            lines.append(
                f"  {q['meeting_date']} {q['asked_by']} -> {q['owner']}{due}: {q['question']}"
            )
    if scorecard.notes:
        lines += ["", "Not calculated:", *(f"  {n}" for n in scorecard.notes)]
    return "\n".join(lines)
