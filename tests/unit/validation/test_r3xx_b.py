"""Rules 351–399 (src/incare/validation/rules/r3xx_b_*.py): where we differ from the sector
validator, and odd data that must not break a rule."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from incare.validation import validate
from incare.validation.data import build_return_data
from incare.validation.engine import rules_for

Table = dict[str, list[str | None]]


def _flagged(code: str, year: int = 2026, **tables: Table) -> dict[str, list[int]]:
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


def _codes(module: str) -> list[str]:
    """The 2026 codes of the rules in ``module`` and its themed parts (``r3xx_b_ages`` …)."""
    found = {
        r.code for r in rules_for(2026) if r.check.__module__.split(".")[-1].startswith(module)
    }
    assert found, f"no rules found in {module}"
    return sorted(found)


ODD: dict[str, Any] = {
    # Blank cells, dates that are not dates (29 February of a common year, text), codes in
    # lower case, a child with two Header rows, duplicate episodes, a row without a CHILD.
    "Header": {
        "CHILD": ["1", "1", "2", None],
        "SEX": ["F", "F", None, "x"],
        "DOB": ["29/02/2008", "29/02/2008", "not a date", None],
        "MOTHER": [None, "1", None, None],
        "UPN": [None, "A123", "A123", None],
    },
    "Episodes": {
        "CHILD": ["1", "1", "1", "2", None, "2"],
        "DECOM": ["29/02/2024", "29/02/2024", "01/13/2025", None, "01/05/2025", "2025-05-01"],
        "DEC": [None, "31/02/2025", "", "01/06/2025", None, None],
        "RNE": ["S", "s", None, "P", "S", "T"],
        "LS": ["V3", "L1", "J2", None, "L3", "V4"],
        "PLACE": ["T1", "T3", "K3", "P3", None, "T4"],
        "REC": ["X1", None, "E11", "E7", "E5", "x1"],
        "HOME_POST": ["AB1 2CD", None, "", "ab12cd", None, "AB1 2CD"],
        "PL_POST": ["AB1 2CD", None, "", None, None, "AB1 2CD"],
    },
    "Reviews": {"CHILD": ["1", None], "REVIEW": ["x", None], "REVIEW_CODE": ["PN1", None]},
    "OC3": {"CHILD": ["1"], "DOB": ["29/02/2009"], "IN_TOUCH": ["YES"]},
    "UASC": {"CHILD": ["2"], "DUC": [None]},
}


@pytest.mark.parametrize("code", _codes("r3xx_b"))
def test_r3xx_rules_run_on_odd_data_without_failing(code: str) -> None:
    # The sector tool's known faults are crashes on odd data (231, 233, 1007); a rule must
    # report rows, never fail, whatever the cells hold.
    frames = {
        name: pl.DataFrame(cols, schema=dict.fromkeys(cols, pl.String))
        for name, cols in ODD.items()
    }
    report = validate(build_return_data(frames, collection_year=2026), only=[code])
    failed = [s for s in report.rules_skipped if "failed" in s.reason]
    assert not failed


def test_355_episode_with_neither_date_has_no_length() -> None:
    eps = {"CHILD": ["1", "2"], "DECOM": [None, "01/05/2025"], "DEC": [None, "01/05/2025"]}
    assert _flagged("355", Episodes=eps) == {"Episodes": [1]}


def test_361_police_protection_interrupted_by_another_status_is_two_spells() -> None:
    # L1 for 2 days, a C2 episode, then L1 again for 2 days: neither spell exceeds 72 hours.
    eps = {
        "CHILD": ["1", "1", "1"],
        "DECOM": ["01/05/2025", "03/05/2025", "20/05/2025"],
        "DEC": ["03/05/2025", "20/05/2025", "22/05/2025"],
        "LS": ["L1", "C2", "L1"],
    }
    assert _flagged("361", Episodes=eps) == {}


def test_361_consecutive_police_protection_episodes_add_up() -> None:
    eps = {
        "CHILD": ["1", "1"],
        "DECOM": ["01/05/2025", "03/05/2025"],
        "DEC": ["03/05/2025", "05/05/2025"],
        "LS": ["L1", "L1"],
    }
    assert _flagged("361", Episodes=eps) == {"Episodes": [0, 1]}


def test_363_assessment_order_periods_follow_dates_not_file_order() -> None:
    # Child 1's two adjacent 5-day CAO episodes are listed apart: together they last 10 days.
    eps = {
        "CHILD": ["1", "2", "1"],
        "DECOM": ["06/05/2025", "01/05/2025", "01/05/2025"],
        "DEC": ["11/05/2025", "03/05/2025", "06/05/2025"],
        "LS": ["L3", "L3", "L3"],
    }
    assert _flagged("363", Episodes=eps) == {"Episodes": [0, 2]}


@pytest.mark.parametrize(
    ("code", "place", "age"),
    [("371", "K3", 16), ("372", "R5", 10), ("373", "S1", 4), ("374", "P3", 14)],
)
def test_371_to_374_open_placement_of_a_child_too_young_is_flagged(
    code: str, place: str, age: int
) -> None:
    # The DfE rule compares the child's age on DECOM; an open placement has a DECOM too.
    header = {"CHILD": ["1"], "DOB": ["01/06/2015"]}
    eps = {"CHILD": ["1"], "DECOM": [f"01/05/{2015 + age}"], "DEC": [None], "PLACE": [place]}
    assert _flagged(code, Header=header, Episodes=eps) == {"Episodes": [0]}


def test_375_long_hospital_stay_is_flagged_without_a_date_of_birth() -> None:
    eps = {"CHILD": ["1"], "DECOM": ["01/04/2025"], "DEC": ["01/06/2025"], "PLACE": ["T1"]}
    assert _flagged("375", Episodes=eps) == {"Episodes": [0]}


@pytest.mark.parametrize(("code", "rec"), [("387", "E5"), ("389", "E7")])
def test_387_389_unknown_date_of_birth_is_not_under_age(code: str, rec: str) -> None:
    header = {"CHILD": ["1", "2"], "DOB": [None, "01/06/2015"]}
    eps = {"CHILD": ["1", "2"], "DEC": ["01/05/2025", "01/05/2025"], "REC": [rec, rec]}
    assert _flagged(code, Header=header, Episodes=eps) == {"Episodes": [1]}


def test_383_from_2026_return_must_be_to_the_same_placement_postcode() -> None:
    eps = {
        "CHILD": ["1", "1", "1"],
        "DECOM": ["01/04/2025", "01/05/2025", "08/05/2025"],
        "RNE": ["S", "P", "P"],
        "PLACE": ["U1", "T3", "U1"],
        "PL_POST": ["AB1 2CD", "EF3 4GH", "IJ5 6KL"],
    }
    assert _flagged("383", 2026, Episodes=eps) == {"Episodes": [2]}
    assert _flagged("383", 2025, Episodes=eps) == {}


def test_392b_children_formerly_uasc_need_no_postcodes() -> None:
    eps = {"CHILD": ["1", "2"], "LS": ["C2", "C2"], "HOME_POST": [None, None]}
    uasc_last = {"CHILD": ["1"], "DUC": ["01/01/2026"]}
    assert _flagged("392b", Episodes=eps, UASC_last=uasc_last) == {"Episodes": [1]}


def test_392c_postcodes_are_checked_against_the_reference() -> None:
    eps = {"CHILD": ["1", "2"], "HOME_POST": ["ab1 2cd", "ZZ9 9ZZ"], "PL_POST": ["AB12CD", None]}
    frames = {"Episodes": pl.DataFrame(eps)}
    postcodes = pl.DataFrame(
        {
            "postcode": ["AB1 2CD"],
            "la_code": ["E09000001"],
            "easting": [1.0],
            "northing": [1.0],
            "country": ["E92000001"],
        }
    )
    data = build_return_data(frames, collection_year=2026, postcodes=postcodes, la_code="E09000001")
    report = validate(data, only=["392c"])
    assert report.errors["row"].to_list() == [1]


def test_399_review_of_a_short_breaks_child_flags_that_review() -> None:
    eps = {"CHILD": ["1", "2"], "LS": ["V3", "C2"]}
    header = {"CHILD": ["1", "2"], "MOTHER": [None, None]}
    reviews = {"CHILD": ["1", "1", "2"], "REVIEW": ["01/05/2025", None, "01/05/2025"]}
    assert _flagged("399", Episodes=eps, Header=header, Reviews=reviews) == {
        "Episodes": [0],
        "Header": [0],
        "Reviews": [0],
    }


def test_359_open_episode_of_an_adult_not_in_s20_5_community_home_is_flagged() -> None:
    # An open episode (blank DEC) of a young person over 18 at 31 March, not V2/K2; the
    # sector tool's full run can miss it (its rule 365 fills blank DECs in shared data).
    header = {"CHILD": ["1", "2"], "DOB": ["01/01/2000", "01/01/2000"]}
    eps = {
        "CHILD": ["1", "2"],
        "DEC": [None, None],
        "LS": ["C2", "V2"],
        "PLACE": ["U4", "K2"],
    }
    assert _flagged("359", Header=header, Episodes=eps) == {"Episodes": [0]}
