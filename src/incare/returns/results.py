"""A run's validation results as the data page shows them.

The run keeps the rows flagged per rule (``ImportRun.validation``) and every flagged row
(``ImportRun.validation_rows``). For a run from before rows were kept, and for the Excel
workbook (which needs the whole report), they are worked out again from the run's store
folder when it is still there (an upload is kept under ``DATA_DIR/uploads``; an
``incare import`` reads a folder the council keeps). If the files changed since, the page
says so rather than show figures that disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from incare.returns.models import ImportRun
from incare.validation.engine import code_order, rules_for
from incare.validation.report import ValidationReport


@dataclass(frozen=True)
class RuleResult:
    code: str
    message: str
    rows: int


def rule_results(run: ImportRun) -> list[RuleResult]:
    """Each rule that flagged rows at the import, in code order, with its message."""
    flagged: dict[str, int] = (run.validation or {}).get("rules", {})
    if run.validation_year is None or not flagged:
        return []
    messages = {r.code: r.message for r in rules_for(run.validation_year)}
    return [
        RuleResult(code, messages.get(code, ""), int(rows))
        for code, rows in sorted(flagged.items(), key=lambda item: code_order(item[0]))
    ]


def skipped_rules(run: ImportRun) -> list[tuple[str, str]]:
    skipped: dict[str, str] = (run.validation or {}).get("skipped", {})
    return sorted(skipped.items(), key=lambda item: code_order(item[0]))


@dataclass(frozen=True)
class Recomputed:
    """The run's validation worked out again from its files, or why it could not be."""

    report: ValidationReport | None
    problem: str = ""
    changed: bool = False
    """The files no longer give the counts recorded at the import."""


def recompute(run: ImportRun) -> Recomputed:
    """The full report (rows and children) of the run's validated year, from its folder."""
    from incare.returns.services import _validate_latest

    folder = Path(run.source)
    if run.validation_year is None:
        return Recomputed(None, "this import was not validated")
    if not folder.is_dir():
        return Recomputed(None, f"the files imported ({folder}) are no longer there")
    summary = _validate_latest(
        folder, years=list(run.years), metadata=run.store_metadata, progress=None
    )
    if summary.report is None:
        return Recomputed(None, summary.note or "the rules could not be run again")
    report = summary.report
    now = dict(report.summary().select("code", "rows").iter_rows())
    changed = report.collection_year != run.validation_year or now != _recorded(run)
    return Recomputed(report, changed=changed)


@dataclass(frozen=True)
class FlaggedRows:
    """The rows behind a run's counts (``child_rows``' shape), or why they cannot be shown."""

    rows: list[dict[str, Any]]
    problem: str = ""
    changed: bool = False
    """Worked out again from files that no longer give the counts recorded at the import."""


def flagged_rows(run: ImportRun) -> FlaggedRows:
    """The rows kept at the import, with their rules' messages; else worked out again."""
    if run.validation_rows is not None and run.validation_year is not None:
        messages = {r.code: r.message for r in rules_for(run.validation_year)}
        return FlaggedRows(
            [{**row, "message": messages.get(row["code"], "")} for row in run.validation_rows]
        )
    again = recompute(run)
    if again.report is None:
        return FlaggedRows([], again.problem or "the rules could not be run again")
    return FlaggedRows(child_rows(again.report), changed=again.changed)


def _recorded(run: ImportRun) -> dict[str, Any]:
    return {code: int(rows) for code, rows in (run.validation or {}).get("rules", {}).items()}


def child_rows(report: ValidationReport) -> list[dict[str, Any]]:
    """One row per flagged row: child, table, row, code, message, fields; by child."""
    detailed = report.detailed_errors().sort("child", "code", "table", "row", nulls_last=True)
    return [
        {**row, "fields": ", ".join(row["fields"] or [])}
        for row in detailed.select("child", "table", "row", "code", "message", "fields").to_dicts()
    ]
