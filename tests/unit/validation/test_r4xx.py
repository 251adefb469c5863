"""Rules 400–499 (src/incare/validation/rules/r4xx.py): where we differ from the sector
validator, and odd data that must not break a rule."""

from __future__ import annotations

import polars as pl
import pytest

from incare.validation import validate
from incare.validation.data import build_return_data
from incare.validation.engine import rules_for
from incare.validation.report import ValidationReport

Table = dict[str, list[str | None]]

_POSTCODES = pl.DataFrame(
    {
        "postcode": ["AB1 2CD", "EF3 4GH"],
        "la_code": ["E09000001", "E09000001"],
        "easting": [0.0, 16093.0],
        "northing": [0.0, 0.0],
        "country": ["E92000001", "E92000001"],
    }
)
"""Two postcodes in one authority exactly 10 miles apart (16,093 m / 1,609.3)."""


def _report(
    code: str, year: int = 2026, *, postcodes: bool = False, **tables: Table
) -> ValidationReport:
    frames = {
        name: pl.DataFrame(cols, schema=dict.fromkeys(cols, pl.String))
        for name, cols in tables.items()
    }
    data = build_return_data(
        frames,
        collection_year=year,
        postcodes=_POSTCODES if postcodes else None,
        la_code="E09000001" if postcodes else None,
    )
    return validate(data, only=[code])


def _flagged(
    code: str, year: int = 2026, *, postcodes: bool = False, **tables: Table
) -> dict[str, list[int]]:
    report = _report(code, year, postcodes=postcodes, **tables)
    assert [r.code for r in report.rules_run] == [code], report.rules_skipped
    rows: dict[str, list[int]] = {}
    for row in report.errors.iter_rows(named=True):
        rows.setdefault(row["table"], []).append(row["row"])
    return {t: sorted(r) for t, r in rows.items()}


ODD: dict[str, Table] = {
    # Blank cells, dates that are not dates, lower-case codes, duplicate Header rows and
    # episodes, a row without a CHILD, distances that are not numbers.
    "Header": {
        "CHILD": ["1", "1", "2", None],
        "DOB": ["29/02/2008", "29/02/2008", "not a date", None],
        "UPN": [None, "A123", "A123", "UN1"],
    },
    "Episodes": {
        "CHILD": ["1", "1", "1", "2", None, "2"],
        "DECOM": ["29/02/2024", "29/02/2024", "01/13/2025", None, "01/05/2025", "2025-05-01"],
        "DEC": [None, "31/02/2025", "", "01/06/2025", None, None],
        "RNE": ["S", "l", None, "P", "S", "U"],
        "LS": ["V3", "V4", "E1", None, "L3", "V4"],
        "PLACE": ["A5", "T3", None, "P3", None, "A6"],
        "REC": ["E45", None, "e2", "E17", "E15", "X1"],
        "HOME_POST": ["AB1 2CD", None, "", "ab12cd", None, "ZZ9 9ZZ"],
        "PL_POST": ["EF3 4GH", None, "", None, None, "AB1 2CD"],
    },
    "Episodes_last": {
        "CHILD": ["1", "2", None],
        "DECOM": ["01/01/2024", "bad", None],
        "DEC": [None, None, None],
        "RNE": ["S", "P", None],
    },
    "Reviews": {
        "CHILD": ["1", None],
        "DOB": ["29/02/2008", None],
        "REVIEW": ["x", None],
        "REVIEW_CODE": ["PN0", "PN1"],
    },
    "UASC": {"CHILD": ["2"], "DUC": [None]},
}


@pytest.mark.parametrize(
    "code", sorted({r.code for r in rules_for(2026) if r.check.__module__.endswith("r4xx")})
)
def test_r4xx_rules_run_on_odd_data_without_failing(code: str) -> None:
    report = _report(code, postcodes=True, **ODD)
    assert [r.code for r in report.rules_run] == [code], report.rules_skipped


def test_433_same_start_date_written_differently_is_a_continuation() -> None:
    eps = {
        "CHILD": ["1", "1"],
        "DECOM": ["01/04/2025", "1/5/2025"],
        "DEC": ["01/05/2025", None],
        "RNE": ["S", "P"],
    }
    assert _flagged("433", Episodes=eps) == {}
    eps["DECOM"] = ["01/04/2025", "02/05/2025"]
    assert _flagged("433", Episodes=eps) == {"Episodes": [1]}


def test_453_distance_differing_by_exactly_two_tenths_of_a_mile_is_flagged() -> None:
    # 10.2 - 10.0 is 0.19999… in binary floating point; the DfE's threshold is 0.2 miles.
    eps = {"CHILD": ["1"], "DECOM": ["01/04/2025"], "RNE": ["P"], "PL_DISTANCE": ["10.2"]}
    last = {
        "CHILD": ["1"],
        "DECOM": ["01/01/2025"],
        "DEC": [None],
        "RNE": ["P"],
        "PL_DISTANCE": ["10.0"],
    }
    frames = {"Episodes": pl.DataFrame(eps), "Episodes_last": pl.DataFrame(last)}
    data = build_return_data(frames, collection_year=2026)
    # Distances as given (as the sector tool's tests give them), not derived from postcodes.
    data = type(data)(**{**data.__dict__, "postcodes": pl.DataFrame()})
    assert validate(data, only=["453"]).errors["row"].to_list() == [0]


def test_453_distance_is_derived_from_the_postcodes() -> None:
    eps = {
        "CHILD": ["1"],
        "DECOM": ["01/04/2025"],
        "RNE": ["P"],
        "HOME_POST": ["AB1 2CD"],
        "PL_POST": ["EF3 4GH"],
    }
    last = {
        "CHILD": ["1"],
        "DECOM": ["01/01/2025"],
        "DEC": [None],
        "RNE": ["P"],
        "HOME_POST": ["AB1 2CD"],
        "PL_POST": ["AB1 2CD"],
    }
    assert _flagged("453", postcodes=True, Episodes=eps, Episodes_last=last) == {"Episodes": [0]}


def test_452_is_skipped_without_last_years_return() -> None:
    report = _report("452", postcodes=True, Episodes={"CHILD": ["1"]})
    assert not report.rules_run
    assert [s.code for s in report.rules_skipped] == ["452"]


def test_444_duplicate_upn_applies_from_2026_and_ignores_no_upn_codes() -> None:
    header = {
        "CHILD": ["1", "2", "3", "4", "5", "6"],
        "UPN": ["A123", "A123", "UN1", "UN1", None, None],
    }
    assert _flagged("444", 2026, Header=header) == {"Header": [0, 1]}
    assert not any(r.code == "444" for r in rules_for(2025))


def test_426_respite_under_both_v3_and_v4_flags_both() -> None:
    eps = {"CHILD": ["1", "1", "1", "2"], "LS": ["V3", "V4", "C2", "V3"]}
    assert _flagged("426", Episodes=eps) == {"Episodes": [0, 1]}
