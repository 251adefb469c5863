"""Tiny, readable 903 frames for indicator tests.

Dates are written as in a 903 file (dd/mm/yyyy). Every frame has the specification's
columns and types plus ``collection_year``, like a stacked store::

    episodes(
        ("C1", "01/04/2020", "S", "C2", "U4", "01/06/2021", "X1"),
        ("C1", "01/06/2021", "P", "C2", "U6"),
    )
    history("C1", ("01/04/2020", "S", "C2", "U4"), ("01/06/2021", "P", "C2", "U6"))

A trailing dict in a row sets any other column, e.g. ``{"PL_POST": "WA1 1AA"}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import polars as pl

from incare.ssda903.spec import COLLECTION_YEAR, load_spec

Row = tuple[Any, ...]


def d(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


def _collection_year(day: date) -> int:
    return day.year + 1 if day.month >= 4 else day.year


def _frame(table: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    schema = {**load_spec().tables[table].schema(), COLLECTION_YEAR: pl.Int16()}
    filled = [{name: row.get(name) for name in schema} for row in rows]
    return pl.DataFrame(filled, schema=schema)


def _split(row: Row) -> tuple[Row, dict[str, Any]]:
    if row and isinstance(row[-1], Mapping):
        return row[:-1], dict(row[-1])
    return row, {}


def episodes(*rows: Row) -> pl.DataFrame:
    """Rows of (CHILD, DECOM, RNE, LS, PLACE[, DEC[, REC]][, {other columns}])."""
    out = []
    for row in rows:
        values, extra = _split(row)
        child, decom, rne, ls, place, *rest = values
        dec, rec = (*rest, None, None)[:2]
        out.append(
            {
                "CHILD": child,
                "DECOM": d(decom),
                "RNE": rne,
                "LS": ls,
                "CIN": "N1",
                "PLACE": place,
                "DEC": d(dec) if dec else None,
                "REC": rec,
                COLLECTION_YEAR: _collection_year(d(decom)),
                **extra,
            }
        )
    return _frame("episodes", out).sort("CHILD", "DECOM")


def history(child: str, *steps: Row, ceased: tuple[str, str] | None = None) -> pl.DataFrame:
    """One period of care: steps of (DECOM, RNE, LS, PLACE[, {other columns}]).

    Each step ends (REC X1) the day the next begins; the last stays open unless
    ``ceased=(DEC, REC)``.
    """
    rows: list[Row] = []
    for i, step in enumerate(steps):
        values, extra = _split(step)
        if i + 1 < len(steps):
            end: tuple[str | None, str | None] = (steps[i + 1][0], "X1")
        else:
            end = ceased or (None, None)
        rows.append((child, *values, *end, extra))
    return episodes(*rows)


def header(*rows: Row) -> pl.DataFrame:
    """Rows of (CHILD, DOB[, SEX])."""
    out = []
    for row in rows:
        child, dob, *sex = row
        out.append(
            {
                "CHILD": child,
                "SEX": sex[0] if sex else "1",
                "DOB": d(dob),
                "ETHNIC": "WBRI",
                COLLECTION_YEAR: 2024,
            }
        )
    return _frame("header", out)


def oc2(*rows: Row) -> pl.DataFrame:
    """Rows of (CHILD, collection year, HEALTH_ASSESSMENT[, {other columns}])."""
    out = []
    for row in rows:
        (child, year, health_assessment), extra = _split(row)
        out.append(
            {
                "CHILD": child,
                "DOB": date(2010, 1, 1),
                "HEALTH_ASSESSMENT": health_assessment,
                COLLECTION_YEAR: year,
                **extra,
            }
        )
    return _frame("oc2", out)


def oc3(*rows: Row) -> pl.DataFrame:
    """Rows of (CHILD, DOB, collection year, IN_TOUCH, ACTIV, ACCOM)."""
    out = [
        {
            "CHILD": child,
            "DOB": d(dob),
            COLLECTION_YEAR: year,
            "IN_TOUCH": in_touch,
            "ACTIV": activ,
            "ACCOM": accom,
        }
        for child, dob, year, in_touch, activ, accom in rows
    ]
    return _frame("oc3", out)


def tables(**frames: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """A full set of store frames: the ones given, every other table empty."""
    out = {name: _frame(name, []) for name in load_spec().tables}
    out.update(frames)
    return out


def stack(*frames: pl.DataFrame) -> pl.DataFrame:
    """Several children's episodes (e.g. from :func:`history`) as one frame."""
    return pl.concat(frames).sort("CHILD", "DECOM")
