"""Rules 501–561 (src/incare/validation/rules/r5xx_a_*.py): where we differ from the sector
validator, year-specific recodings, and odd data that must not break a rule."""

from __future__ import annotations

import polars as pl
import pytest

from incare.validation import validate
from incare.validation.data import build_return_data
from incare.validation.engine import rules_for
from incare.validation.report import ValidationReport

Table = dict[str, list[str | None]]


def _report(
    code: str, year: int = 2026, *, distances: bool = False, **tables: Table
) -> ValidationReport:
    frames = {
        name: pl.DataFrame(cols, schema=dict.fromkeys(cols, pl.String))
        for name, cols in tables.items()
    }
    data = build_return_data(frames, collection_year=year)
    if distances:
        # Placement fields as given (as the sector tool's tests give them), not derived.
        data = type(data)(**{**data.__dict__, "postcodes": pl.DataFrame()})
    return validate(data, only=[code])


def _flagged(
    code: str, year: int = 2026, *, distances: bool = False, **tables: Table
) -> dict[str, list[int]]:
    report = _report(code, year, distances=distances, **tables)
    assert [r.code for r in report.rules_run] == [code], report.rules_skipped
    rows: dict[str, list[int]] = {}
    for row in report.errors.iter_rows(named=True):
        rows.setdefault(row["table"], []).append(row["row"])
    return {t: sorted(r) for t, r in rows.items()}


ODD: dict[str, Table] = {
    # Blank cells, dates that are not dates (29 February of a common year, text), duplicate
    # rows, a row without a CHILD, distances that are not numbers.
    "Episodes": {
        "CHILD": ["1", "1", "1", "2", None, "2"],
        "DECOM": ["29/02/2024", "29/02/2024", "01/13/2025", None, "01/05/2025", "2025-05-01"],
        "DEC": [None, "31/02/2025", "", "01/06/2025", None, None],
        "RNE": ["S", "P", None, "P", "S", "U"],
        "LS": ["E1", "E1", None, "V3", "L3", "C2"],
        "PLACE": ["A5", "A5", None, "P1", None, "Z11"],
        "PLACE_PROVIDER": [None, "PR0", None, "PR4", None, None],
        "REC": ["E11", "E11", None, "E13", "E15", "X1"],
        "PL_DISTANCE": ["x", None, "10.5", None, None, "1e3"],
        "PL_LA": ["E09000001", None, "SCO", None, None, "E09000001"],
        "PL_LOCATION": ["IN", None, "OUT", None, None, "IN"],
    },
    "Episodes_last": {
        "CHILD": ["1", "2", None, "2"],
        "DECOM": ["01/01/2024", "bad", None, "29/02/2024"],
        "DEC": [None, "bad", None, None],
        "PLACE": ["Z1", "H5", None, None],
        "PL_DISTANCE": ["10.5", None, None, "abc"],
        "PL_LA": [None, "E09000001", None, "E09000002"],
        "PL_LOCATION": [None, "IN", None, "OUT"],
    },
    "AD1": {
        "CHILD": ["1", "1", None],
        "DATE_INT": ["31/02/2025", "01/01/2025", None],
        "SEX_ADOPTR": [None, "M1", "MF"],
        "LS_ADOPTR": ["L0", None, "L2"],
        "NB_ADOPTR": ["2", None, None],
    },
    "PlacedAdoption": {
        "CHILD": ["1", "1", None],
        "DATE_PLACED": ["x", "01/01/2024", None],
        "DATE_PLACED_CEASED": ["01/01/2023", None, "y"],
        "REASON_PLACED_CEASED": [None, "RD1", None],
    },
    "PlacedAdoption_last": {
        "CHILD": ["1", None],
        "DATE_PLACED": [None, "01/01/2024"],
        "DATE_PLACED_CEASED": [None, None],
    },
    "OC2": {
        "CHILD": ["1", "2", None],
        "DOB": ["29/02/2016", "bad", None],
        "CONVICTED": ["1", None, "0"],
        "HEALTH_CHECK": ["1", None, None],
    },
}


def _codes(module: str) -> list[str]:
    """The 2026 codes of the rules in ``module`` and its themed parts (``r5xx_a_oc2`` …)."""
    found = {
        r.code for r in rules_for(2026) if r.check.__module__.split(".")[-1].startswith(module)
    }
    assert found, f"no rules found in {module}"
    return sorted(found)


@pytest.mark.parametrize("code", _codes("r5xx_a"))
def test_r5xx_a_rules_run_on_odd_data_without_failing(code: str) -> None:
    report = _report(code, distances=True, **ODD)
    assert [r.code for r in report.rules_run] == [code], report.rules_skipped


def _carried(place_last: str, place: str) -> dict[str, Table]:
    return {
        "Episodes": {"CHILD": ["1"], "DECOM": ["01/04/2025"], "PLACE": [place]},
        "Episodes_last": {
            "CHILD": ["1"],
            "DECOM": ["01/01/2025"],
            "DEC": [None],
            "PLACE": [place_last],
        },
    }


def test_503d_h5_carried_over_as_k3_is_the_same_placement_in_2025_only() -> None:
    # 2024/25 replaced H5 (semi-independent living) by K3 (supported accommodation).
    assert _flagged("503D", 2025, **_carried("H5", "K3")) == {}
    assert _flagged("503D", 2025, **_carried("H5", "K1")) == {"Episodes": [0]}
    assert _flagged("503D", 2026, **_carried("H5", "K3")) == {"Episodes": [0]}


def test_503d_z1_carried_over_as_z11_to_z14_is_the_same_placement_in_2026_only() -> None:
    # 2025/26 split Z1 into Z11–Z14; by 2026/27 last year's return uses the new codes.
    assert _flagged("503D", 2026, **_carried("Z1", "Z12")) == {}
    assert _flagged("503D", 2027, **_carried("Z1", "Z12")) == {"Episodes": [0]}


def test_503_fields_compare_only_with_an_open_episode_last_year() -> None:
    tables = _carried("U1", "U2")
    tables["Episodes_last"]["DEC"] = ["01/03/2025"]
    assert _flagged("503D", 2026, **tables) == {}


def test_503g_distance_differing_by_exactly_two_tenths_of_a_mile_is_flagged() -> None:
    # 10.2 - 10.0 is 0.19999… in binary floating point; the DfE's threshold is 0.2 miles.
    eps = {"CHILD": ["1"], "DECOM": ["01/04/2025"], "PL_DISTANCE": ["10.2"]}
    last = {"CHILD": ["1"], "DECOM": ["01/01/2025"], "DEC": [None], "PL_DISTANCE": ["10.0"]}
    assert _flagged("503G", distances=True, Episodes=eps, Episodes_last=last) == {"Episodes": [0]}
    eps["PL_DISTANCE"] = ["10.1"]
    assert _flagged("503G", distances=True, Episodes=eps, Episodes_last=last) == {}


def test_560_same_decision_date_written_differently_is_the_same_decision() -> None:
    now = {"CHILD": ["1", "2"], "DATE_PLACED": ["1/6/2024", "02/06/2024"]}
    last = {
        "CHILD": ["1", "2"],
        "DATE_PLACED": ["01/06/2024", "01/06/2024"],
        "DATE_PLACED_CEASED": [None, None],
    }
    assert _flagged("560", PlacedAdoption=now, PlacedAdoption_last=last) == {"PlacedAdoption": [1]}


def test_561_same_decision_date_written_differently_with_last_year_ceased() -> None:
    now = {"CHILD": ["1"], "DATE_PLACED": ["1/6/2024"]}
    last = {
        "CHILD": ["1"],
        "DATE_PLACED": ["01/06/2024"],
        "DATE_PLACED_CEASED": ["01/09/2024"],
        "REASON_PLACED_CEASED": ["RD1"],
    }
    assert _flagged("561", PlacedAdoption=now, PlacedAdoption_last=last) == {"PlacedAdoption": [0]}


def test_526_other_placements_need_no_provider_by_the_years_codes() -> None:
    eps = {"CHILD": ["1", "2", "3"], "PLACE": ["Z1", "Z11", "U1"], "PLACE_PROVIDER": [None] * 3}
    assert _flagged("526", 2025, Episodes=eps) == {"Episodes": [1, 2]}
    assert _flagged("526", 2026, Episodes=eps) == {"Episodes": [0, 2]}


def test_545_health_check_for_under_fives_looked_after_all_year() -> None:
    # Looked after continuously for 12 months at 31 March 2026 (DfE 903 guidance).
    eps = {
        "CHILD": ["1", "2"],
        "DECOM": ["01/01/2025", "01/06/2025"],
        "RNE": ["S", "S"],
        "LS": ["C2", "C2"],
        "DEC": [None, None],
    }
    oc2 = {"CHILD": ["1", "2"], "DOB": ["01/01/2023", "01/01/2023"], "HEALTH_CHECK": [None, None]}
    assert _flagged("545", Episodes=eps, OC2=oc2) == {"OC2": [0]}


def test_558_adopted_child_whose_only_decisions_all_ceased() -> None:
    eps = {"CHILD": ["1", "2"], "REC": ["E11", "E11"]}
    placed = {
        "CHILD": ["1", "1", "2", "2"],
        "DATE_PLACED_CEASED": ["01/05/2025", "01/06/2025", "01/05/2025", None],
    }
    assert _flagged("558", Episodes=eps, PlacedAdoption=placed) == {"Episodes": [0]}


def test_553_open_placement_order_with_a_ceased_decision_flags_the_decision() -> None:
    # An open E1 episode (blank DEC): the decision to place for adoption still stands.
    eps = {"CHILD": ["1", "2", "3"], "LS": ["E1", "E1", "E1"], "DEC": [None, "01/05/2025", None]}
    placed = {
        "CHILD": ["1", "2"],
        "DATE_PLACED_CEASED": ["01/04/2025", "01/04/2025"],
        "REASON_PLACED_CEASED": ["RD1", "RD1"],
    }
    assert _flagged("553", Episodes=eps, PlacedAdoption=placed) == {
        "Episodes": [2],
        "PlacedAdoption": [0],
    }
