"""Internal checks, EPI and NoE (rules/r_int.py): where we differ from the sector
validator, and odd data that must not break a rule."""

from __future__ import annotations

import polars as pl

from incare.validation import validate
from incare.validation.data import build_return_data


def _flagged(code: str, year: int = 2026, **tables: dict[str, list[str | None]]) -> dict:
    frames = {
        name: pl.DataFrame(cols, schema=dict.fromkeys(cols, pl.String))
        for name, cols in tables.items()
    }
    report = validate(build_return_data(frames, collection_year=year), only=[code])
    assert [r.code for r in report.rules_run] == [code], report.rules_skipped
    rows: dict[str, list[int]] = {}
    for row in report.errors.iter_rows(named=True):
        rows.setdefault(row["table"], []).append(row["row"])
    return {t: sorted(r) for t, r in rows.items()}


def test_int11_same_dob_written_differently_is_not_a_difference() -> None:
    header = {"CHILD": ["1", "2"], "DOB": ["01/02/2010", "01/02/2010"]}
    ad1 = {"CHILD": ["1", "2", "3"], "DOB": ["1/2/2010", "02/02/2010", "01/01/2000"]}
    assert _flagged("INT11", Header=header, AD1=ad1) == {"AD1": [1]}


def test_int32_blank_child_ids_are_not_counted_as_repeats() -> None:
    header = {"CHILD": ["1", None, None, "2", "2"]}
    assert _flagged("INT32", Header=header) == {"Header": [3, 4]}


def test_epi_children_with_neither_episodes_nor_oc3() -> None:
    header = {"CHILD": ["1", "2", "3"]}
    eps = {"CHILD": ["1"]}
    assert _flagged("EPI", Header=header, Episodes=eps) == {"Header": [1, 2]}


def test_noe_started_before_the_year_but_absent_last_year() -> None:
    eps = {"CHILD": ["1", "2", "3"], "DECOM": ["01/01/2025", "01/01/2025", "xx"]}
    last = {"CHILD": ["1"], "DECOM": ["01/01/2025"]}
    assert _flagged("NoE", Episodes=eps, Episodes_last=last) == {"Episodes": [1]}
