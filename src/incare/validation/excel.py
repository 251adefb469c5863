"""A validation report as an Excel workbook, laid out like the sector validator's report.

Councils already know the sector tool's download: a summary of the rules that failed and a
list of the failing rows child by child, with the fields to look at. This workbook has:

- ``Summary``: one row per rule that flagged anything: rule code, message, rows flagged,
  children affected (code order);
- ``Children``: one row per flagged row: child, table (``_last`` for last year's return),
  row (0-based among the file's data rows, as in the JSON and the sector tool's RowID), rule
  code, message and the fields to highlight, sorted by child;
- ``Rules skipped``: each rule not run and why (a table or reference not supplied);
- ``About``: the collection year and the counts.

openpyxl's write-only mode streams rows, so a large authority's report stays small in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font

from incare.validation.engine import code_order
from incare.validation.report import ValidationReport

SUMMARY, CHILDREN, SKIPPED, ABOUT = "Summary", "Children", "Rules skipped", "About"
SUMMARY_HEADER = ("Rule code", "Message", "Rows flagged", "Children")
CHILDREN_HEADER = ("Child", "Table", "Row", "Rule code", "Message", "Fields to highlight")
SKIPPED_HEADER = ("Rule code", "Why it was not run")
_WIDTHS = {
    SUMMARY: (12, 90, 14, 12),
    CHILDREN: (14, 18, 8, 12, 90, 40),
    SKIPPED: (12, 90),
    ABOUT: (30, 20),
}


def write_workbook(report: ValidationReport, path: Path) -> None:
    """Write ``report`` to ``path`` (.xlsx), replacing any file there."""
    book = Workbook(write_only=True)
    _sheet(book, SUMMARY, SUMMARY_HEADER, _summary_rows(report))
    _sheet(book, CHILDREN, CHILDREN_HEADER, _child_rows(report))
    _sheet(
        book,
        SKIPPED,
        SKIPPED_HEADER,
        [
            (s.code, s.reason)
            for s in sorted(report.rules_skipped, key=lambda s: code_order(s.code))
        ],
    )
    _sheet(book, ABOUT, ("", ""), _about_rows(report))
    book.save(path)


def _sheet(
    book: Workbook, title: str, header: tuple[str, ...], rows: list[tuple[object, ...]]
) -> None:
    # Write-only sheets have column_dimensions and freeze_panes, though the stubs omit them.
    sheet: Any = book.create_sheet(title)
    for letter, width in zip("ABCDEFG", _WIDTHS[title], strict=False):
        sheet.column_dimensions[letter].width = width
    if any(header):
        sheet.freeze_panes = "A2"
        sheet.append([_bold(sheet, text) for text in header])
    for row in rows:
        sheet.append(list(row))


def _bold(sheet: Any, text: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def _summary_rows(report: ValidationReport) -> list[tuple[object, ...]]:
    summary = report.summary()
    ordered = sorted(summary.iter_rows(), key=lambda row: code_order(str(row[0])))
    return [(code, message, rows, children) for code, message, rows, children in ordered]


def _child_rows(report: ValidationReport) -> list[tuple[object, ...]]:
    detailed = report.detailed_errors()
    if detailed.is_empty():
        return []
    order = {
        r.code: i for i, r in enumerate(sorted(report.rules_run, key=lambda r: code_order(r.code)))
    }
    frame = (
        detailed.with_columns(
            pl.col("code")
            .replace_strict(order, default=len(order), return_dtype=pl.Int32)
            .alias("__o"),
            pl.col("fields").list.join(", ").alias("fields"),
        )
        .sort(pl.col("child").fill_null(""), "table", "row", "__o")
        .select("child", "table", "row", "code", "message", "fields")
    )
    return list(frame.iter_rows())


def _about_rows(report: ValidationReport) -> list[tuple[object, ...]]:
    return [
        ("Collection year", f"{report.collection_year - 1}/{str(report.collection_year)[2:]}"),
        ("Rules run", len(report.rules_run)),
        ("Rules skipped", len(report.rules_skipped)),
        ("Rows flagged", report.errors.height),
        ("Children with errors", len(report.children_with_errors())),
        ("Row", "0-based among the file's data rows (the header is not counted)"),
    ]
