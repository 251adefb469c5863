"""Rules 301–348 (rules/r3xx_a.py): where we differ from the sector validator, and odd data
that must not break a rule."""

from __future__ import annotations

import polars as pl
import pytest

from incare.validation import validate
from incare.validation.data import ReturnData, build_return_data
from incare.validation.engine import rules_for

Columns = dict[str, list[str | None]]


def _data(year: int, tables: dict[str, Columns]) -> ReturnData:
    frames = {
        name: pl.DataFrame(cols, schema=dict.fromkeys(cols, pl.String))
        for name, cols in tables.items()
    }
    return build_return_data(frames, collection_year=year)


def _flagged(code: str, year: int = 2026, **tables: Columns) -> dict[str, list[int]]:
    report = validate(_data(year, tables), only=[code])
    assert [r.code for r in report.rules_run] == [code], report.rules_skipped
    rows: dict[str, list[int]] = {}
    for row in report.errors.iter_rows(named=True):
        rows.setdefault(row["table"], []).append(row["row"])
    return {t: sorted(r) for t, r in rows.items()}


def test_347_foyer_codes_t1_t2_for_care_leavers_under_18() -> None:
    # DfE 347: care leavers under 18 cannot be accommodated in a Foyer, coded T1 or T2 in
    # the 903 ACCOM list (the sector tool looks for a bare "T", which is not a code).
    # 2026 collection starts 1 April 2025: born 1 April 2007 is 18 that day.
    oc3 = {
        "CHILD": ["1", "2", "3", "4"],
        "DOB": ["02/04/2007", "01/04/2007", "02/04/2007", "02/04/2007"],
        "ACCOM": ["T1", "T2", "T2", "K1"],
    }
    assert _flagged("347", OC3=oc3) == {"OC3": [0, 2]}


def test_336_placed_for_adoption_straight_from_a_non_foster_placement() -> None:
    # The child's first episode is not checked: its previous placement is not in the return.
    episodes = {
        "CHILD": ["1", "1", "2", "2", "3"],
        "DECOM": ["01/01/2025", "01/02/2025", "01/01/2025", "01/02/2025", "01/01/2025"],
        "PLACE": ["K2", "A3", "U3", "A4", "A3"],
    }
    assert _flagged("336", Episodes=episodes) == {"Episodes": [1]}


def test_348_care_leaver_reported_dead_last_year() -> None:
    oc3 = {"CHILD": ["1", "2", "3"], "IN_TOUCH": ["DIED", "YES", None]}
    last = {"CHILD": ["1", "2", "3"], "IN_TOUCH": ["DIED", "DIED", "DIED"]}
    assert _flagged("348", OC3=oc3, OC3_last=last) == {"OC3": [1, 2]}


def test_303_derived_uasc_flag_agrees_with_the_uasc_table() -> None:
    # incare derives Header UASC from the UASC table, so a DUC never contradicts it.
    header = {"CHILD": ["1", "2"]}
    uasc = {"CHILD": ["1"], "DUC": ["01/01/2026"]}
    assert _flagged("303", Header=header, UASC=uasc) == {}


ODD: dict[str, Columns] = {
    "Header": {"CHILD": ["1", "1", None], "DOB": ["31/02/2010", None, "01/01/2030"]},
    "Episodes": {
        "CHILD": ["1", "1", None, "4"],
        "DECOM": ["31/02/2020", None, "01/01/2020", "bad"],
        "RNE": ["S", "S", None, "S"],
        "PLACE": ["A3", "A4", None, "A5"],
        "REC": ["E11", None, "E12", "E1"],
    },
    "AD1": {
        "CHILD": ["1", "1", None],
        "DATE_INT": ["bad", None, "01/01/2020"],
        "DATE_MATCH": ["01/01/2020", "31/02/2020", None],
        "FOSTER_CARE": ["0", "1", None],
    },
    "OC3": {
        "CHILD": ["1", None],
        "DOB": ["bad", None],
        "IN_TOUCH": ["DIED", None],
        "ACCOM": ["T1", None],
    },
    "UASC": {"CHILD": ["1", "1"], "DOB": ["bad", None], "DUC": ["31/02/2020", "01/01/2020"]},
}


def _module_codes(year: int) -> list[str]:
    return [r.code for r in rules_for(year) if r.check.__module__.endswith(".r3xx_a")]


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_r3xx_a_rules_survive_blank_invalid_and_duplicate_data(year: int) -> None:
    tables = {**ODD, **{f"{name}_last": cols for name, cols in ODD.items()}}
    codes = _module_codes(year)
    report = validate(_data(year, tables), only=codes)
    assert [s for s in report.rules_skipped if "failed" in s.reason] == []
    assert {r.code for r in report.rules_run} == set(codes)


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_r3xx_a_rules_skip_rather_than_misread_absent_tables(year: int) -> None:
    report = validate(build_return_data({}, collection_year=year), only=_module_codes(year))
    assert report.rules_run == ()
    assert all("not supplied" in s.reason for s in report.rules_skipped)
