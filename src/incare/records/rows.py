"""From the rows of a file to the values of records: the child matched, every cell parsed.

A file's columns map onto a record model's fields (`FileMap`); the child is matched to the
authority's 903 children by id; natural keys given twice and impossible date orders are
problems too. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from incare.records.models import ChildRecord, SchoolAttendance
from incare.records.reading import CellError, Row, parse_cell
from incare.ssda903.errors import Problem

Values = dict[str, Any]

DATE_ORDER = (
    ("start_date", "end_date"),
    ("registered_on", "ended_on"),
    ("referred_on", "assessed_on"),
    ("started_on", "ended_on"),
    ("started_on", "reviewed_on"),
    ("joined_on", "left_on"),
)
"""(earlier, later) field pairs: the later date, when given, cannot come first."""


def _attendance(values: Values) -> tuple[str, str] | None:
    attended, possible = values.get("sessions_attended"), values.get("sessions_possible")
    if attended is not None and possible is not None and attended > possible:
        return "sessions_attended", f"at most the sessions possible ({possible})"
    return None


ROW_CHECKS: dict[type[ChildRecord], Callable[[Values], tuple[str, str] | None]] = {
    SchoolAttendance: _attendance,
}
"""Checks across a row's fields: (field, what was expected) when the row is wrong."""


@dataclass(frozen=True)
class FileMap:
    """How one file's columns fill one record model."""

    model: type[ChildRecord]
    child_column: str
    columns: Mapping[str, str]
    """File column -> model field."""
    synonyms: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Model field -> extra readings of a value (normalised text -> value)."""
    transforms: Mapping[str, Callable[[str], str]] = field(default_factory=dict)
    """Model field -> a function applied to the raw text first."""

    def column_of(self, field_name: str) -> str:
        return next(c for c, f in self.columns.items() if f == field_name)


def build_rows(
    rows: Iterable[Row],
    file_map: FileMap,
    *,
    file: str,
    children: Mapping[str, int],
    authority: str,
    problems: list[Problem],
) -> list[Values]:
    """One dict per row (``child_id`` the `Child` primary key, then the fields)."""
    out: list[Values] = []
    first_line: dict[tuple[Any, ...], int] = {}
    for row in rows:
        values = _row_values(row, file_map, file=file, problems=problems)
        child = _child(row, file_map, file=file, children=children, authority=authority)
        if isinstance(child, Problem):
            problems.append(child)
            continue
        if values is None:
            continue
        key = (child, *(values[k] for k in file_map.model.key))
        if key in first_line:
            problems.append(_repeat(row, file_map, file=file, first=first_line[key]))
            continue
        first_line[key] = row.line
        out.append({"child_id": child, **values})
    return out


def _child(
    row: Row, file_map: FileMap, *, file: str, children: Mapping[str, int], authority: str
) -> int | Problem:
    raw = row.cells.get(file_map.child_column, "").strip()
    if raw in children:
        return children[raw]
    issue = "is blank" if not raw else f"is not a child in {authority}'s 903 data"
    expected = f"the 903 child id (CHILD) of one of {authority}'s children (import the 903 first)"
    return Problem(file, row.line, file_map.child_column, raw or None, expected, issue)


def _row_values(
    row: Row, file_map: FileMap, *, file: str, problems: list[Problem]
) -> Values | None:
    values: Values = {}
    bad = False
    model = file_map.model
    for column, name in file_map.columns.items():
        raw = row.cells.get(column, "")
        if name in file_map.transforms and raw.strip():
            raw = file_map.transforms[name](raw.strip())
        try:
            values[name] = parse_cell(
                _field(model, name), raw, synonyms=file_map.synonyms.get(name)
            )
        except CellError as exc:
            problems.append(Problem(file, row.line, column, raw, str(exc)))
            bad = True
    if bad:
        return None
    for earlier, later in DATE_ORDER:
        if values.get(earlier) and values.get(later) and values[later] < values[earlier]:
            expected = f"a date on or after {file_map.column_of(earlier)} ({values[earlier]})"
            problems.append(
                Problem(file, row.line, file_map.column_of(later), str(values[later]), expected)
            )
            bad = True
    check = ROW_CHECKS.get(model)
    found = check(values) if check else None
    if found is not None:
        name, expected = found
        column = file_map.column_of(name)
        problems.append(Problem(file, row.line, column, str(values[name]), expected))
        bad = True
    return None if bad else values


def _field(model: type[ChildRecord], name: str) -> models.Field[Any, Any]:
    found = model._meta.get_field(name)
    if not isinstance(found, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a field")  # a mapping bug, not data
    return found


def _repeat(row: Row, file_map: FileMap, *, file: str, first: int) -> Problem:
    key = [file_map.child_column, *(file_map.column_of(k) for k in file_map.model.key)]
    return Problem.whole(
        file,
        f"repeats line {first} ({', '.join(key)} are the same)",
        expected=f"one row per {', '.join(key)}",
        row=row.line,
    )
