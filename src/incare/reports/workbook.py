"""A pack as an Excel workbook: the same figures as the PDF and HTML, one sheet per table.

Figures are written as the pack shows them: a number where one is shown (so the council's
analysts can chart it), the symbol (``c``, ``x``, ``z``, ``k``) as text where not. Nothing
unrounded or suppressed reaches a cell, because the pack holds only shown figures.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from incare.indicators.disclosure import FOOTNOTE
from incare.reports.content import RAGS, Pack
from incare.strategies.rag import long_date

BOLD = Font(bold=True)


def cell_value(text: str | None) -> Any:
    """A shown figure as a cell: ``68%`` is the number 68 (the column says what it is),
    a symbol such as ``c`` stays text."""
    if text is None:
        return None
    bare = text.removesuffix("%").removesuffix(" per 10,000").removesuffix(" days")
    try:
        number = float(bare)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def _sheet(
    book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    sheet: Worksheet = book.create_sheet(title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        widest = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[letter].width = min(max(10, widest + 2), 60)
        for c in column[1:]:
            c.alignment = Alignment(wrap_text=True, vertical="top")


def workbook_bytes(pack: Pack) -> bytes:
    book = Workbook()
    about = book.active
    if about is None:  # a new workbook always has one sheet; for the type checker
        about = book.create_sheet()
    about.title = "About"
    about.append([pack.title])
    about["A1"].font = Font(bold=True, size=14)
    about.append([f"{pack.strategy_title}, {pack.local_authority}"])
    about.append([f"Figures as at {long_date(pack.as_at)}, compared with {pack.compared_with}."])
    about.append([])
    for label, value in pack.stamp.lines():
        about.append([label, value])
    about.append([])
    about.append([FOOTNOTE])
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 90

    _sheet(
        book,
        "Summary",
        ["Outcome", *[r.capitalize() for r in RAGS], "Measures"],
        [
            *([o.heading, *o.counts] for o in pack.outcomes),
            ["All outcomes", *pack.rag_totals.values(), sum(pack.rag_totals.values())],
        ],
    )
    _sheet(
        book,
        "Measures",
        [
            "Outcome",
            "Ref",
            "Measure (as written)",
            "Measured by",
            "Target",
            "Figure",
            "Children",
            "RAG",
            "Why",
            "Previous RAG",
            "Change",
            "Benchmark year",
            "England",
            "Region",
            "Region figure",
            "Statistical neighbours (mean)",
            "Note",
        ],
        (
            [
                o.heading,
                m.ref,
                m.text,
                m.data,
                m.target,
                cell_value(m.value or None),
                cell_value(m.cohort),
                m.rag,
                m.reason,
                m.previous_rag,
                m.change,
                m.benchmark.year if m.benchmark else None,
                cell_value(m.benchmark.england) if m.benchmark else None,
                m.benchmark.region_name if m.benchmark else None,
                cell_value(m.benchmark.region) if m.benchmark else None,
                cell_value(m.benchmark.neighbours) if m.benchmark else None,
                m.note,
            ]
            for o in pack.outcomes
            for m in o.measures
        ),
    )
    _sheet(
        book,
        "Trends",
        ["Ref", "Measure (as written)", "Date", "Figure"],
        ([m.ref, m.text, p.as_at, cell_value(p.text)] for m in pack.measures for p in m.trend),
    )
    _sheet(
        book,
        "Progress",
        ["Outcome", "Action", "Activity", "Lead", "Timescale", "Update date", "RAG", "Progress"],
        (
            [o.heading, p.action_ref, p.activity, p.lead, p.timescale, p.on, p.rag, p.commentary]
            for o in pack.outcomes
            for p in o.progress
        ),
    )
    _sheet(
        book,
        "Questions",
        ["Meeting", "Asked by", "Action", "Question", "To", "Due", "Answer", "Answered"],
        (
            [
                q.meeting_date,
                q.asked_by,
                q.action_ref,
                q.question,
                q.owner,
                q.due_date,
                q.answer,
                q.answered_on,
            ]
            for q in pack.questions
        ),
    )
    _sheet(
        book,
        "Data quality",
        ["Data quality"],
        ([line] for line in pack.data_quality.lines),
    )
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell, Cell) and cell.is_date:
                    cell.number_format = "d mmmm yyyy"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
