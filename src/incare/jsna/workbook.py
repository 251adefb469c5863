"""The chapter as an Excel workbook: a sheet per section with its figures, then notes.

Each sheet lists the section's figures one per row (measure, title, area, year, value,
marker), exactly the figures of ``Chapter.figures()`` and ``Chapter.local_figures()``,
so a reader can chart or check them.
Numbers are numbers; a missing figure's cell is empty with its marker beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from incare.jsna.chapter import Chapter, Figure
from incare.jsna.render import SOURCE
from incare.jsna.sections import MEASURES

HEADER = ("measure", "title", "area", "year", "value", "marker")


def _title(figure: Figure) -> str:
    measure = MEASURES.get(figure.measure)
    if measure is not None:
        return measure.label
    return figure.indicator or figure.measure


def _sheet(book: Workbook, name: str, figures: list[Figure]) -> None:
    sheet = book.create_sheet(name[:31])
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    seen: set[tuple[str, str, int]] = set()
    for figure in figures:
        key = (figure.measure, figure.area, figure.year)
        if key in seen:
            continue
        seen.add(key)
        row: list[Any] = [figure.measure, _title(figure), figure.area, figure.year]
        row += [figure.value, figure.marker if figure.value is None else None]
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEF", (26, 48, 24, 8, 10, 8), strict=True):
        sheet.column_dimensions[column].width = width


def write_xlsx(chapter: Chapter, path: str | Path) -> Path:
    """Write the workbook to ``path`` (all or nothing: a temporary file is renamed)."""
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    for view in chapter.sections:
        if view.figures:
            _sheet(book, view.section.title.split(" (")[0], view.figures)
    if chapter.local is not None:
        _sheet(book, "Current figures", chapter.local.figures)
    notes = book.create_sheet("Notes")
    notes.append([f"Children in care: {chapter.la}, 31 March {chapter.year}"])
    notes.append([SOURCE])
    for sentence in chapter.summary:
        notes.append([sentence])
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    try:
        book.save(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target
