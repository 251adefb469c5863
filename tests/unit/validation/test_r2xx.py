"""Rules 202–243 (rules/r2xx_*.py): where we differ from the sector validator, its known
faults we must not share (231 and 233 crash on every CSV upload), and odd data that must
not break a rule."""

from __future__ import annotations

import polars as pl
import pytest

from incare.validation import validate
from incare.validation.data import ReturnData, build_return_data
from incare.validation.engine import rules_for

Columns = dict[str, list[str | None]]


def _data(
    year: int,
    tables: dict[str, Columns],
    *,
    providers: pl.DataFrame | None = None,
    la_code: str | None = None,
) -> ReturnData:
    frames = {
        name: pl.DataFrame(cols, schema=dict.fromkeys(cols, pl.String))
        for name, cols in tables.items()
    }
    return build_return_data(frames, collection_year=year, providers=providers, la_code=la_code)


def _flagged(code: str, data: ReturnData) -> dict[str, list[int]]:
    report = validate(data, only=[code])
    assert [r.code for r in report.rules_run] == [code], report.rules_skipped
    rows: dict[str, list[int]] = {}
    for row in report.errors.iter_rows(named=True):
        rows.setdefault(row["table"], []).append(row["row"])
    return {t: sorted(r) for t, r in rows.items()}


def _located(data: ReturnData) -> ReturnData:
    """As if a postcode reference had been given (the frames already hold PL_LA)."""
    return type(data)(**{**data.__dict__, "postcodes": pl.DataFrame()})


def test_231_runs_on_csv_and_flags_uasc_children_under_11() -> None:
    # DfE 231: UASC children are expected to be 11 or over at 31 March. The sector tool
    # reads UASC_STATUS, absent from CSV uploads, and crashes.
    header = {"CHILD": ["1", "2", "3"], "DOB": ["01/04/2015", "31/03/2015", "01/04/2020"]}
    uasc = {"CHILD": ["1", "2"], "DUC": [None, None]}
    assert _flagged("231", _data(2026, {"Header": header, "UASC": uasc})) == {"Header": [0]}


def test_231_skipped_without_the_uasc_table() -> None:
    report = validate(_data(2026, {"Header": {"CHILD": ["1"]}}), only=["231"])
    assert [s.code for s in report.rules_skipped] == ["231"]


def test_233_reads_the_csv_episode_end_date() -> None:
    # DfE 233: an open episode (no DEC) needs no reason for placement change. The sector
    # tool reads DATE_EPISODE_CEASED (the XML name) and crashes on CSV.
    episodes = {
        "CHILD": ["1", "2", "3"],
        "DEC": [None, "01/01/2026", None],
        "REASON_PLACE_CHANGE": ["CARPL", "CARPL", None],
    }
    assert _flagged("233", _data(2026, {"Episodes": episodes})) == {"Episodes": [0]}


def test_202_sex_recoded_from_1_2_to_m_f_is_not_a_change() -> None:
    # SEX was 1/2 before 2024/25 and M/F since: 1 = M, 2 = F.
    header = {"CHILD": ["1", "2", "3"], "SEX": ["M", "F", "M"]}
    last = {"CHILD": ["1", "2", "3"], "SEX": ["1", "2", "2"]}
    data = _data(2025, {"Header": header, "Header_last": last})
    assert _flagged("202", data) == {"Header": [2]}


def test_218_short_breaks_need_no_urn() -> None:
    # DfE 214: placement location information (URN included) is not required for short
    # breaks (LS V3/V4), so 218 cannot require their URN.
    episodes = {
        "CHILD": ["1", "2"],
        "LS": ["V3", "C2"],
        "PLACE": ["U6", "U6"],
        "DEC": [None, None],
        "URN": [None, None],
        "PL_LA": ["E06000001", "E06000001"],
    }
    data = _located(_data(2026, {"Episodes": episodes}))
    assert _flagged("218", data) == {"Episodes": [1]}


def test_218_2024_25_unknown_placement_authority_not_flagged() -> None:
    # As in the sector tool: no PL_LA (postcode not found) is left to rule 169.
    episodes = {
        "CHILD": ["1", "2"],
        "LS": ["C2", "C2"],
        "PLACE": ["U6", "U6"],
        "DEC": [None, None],
        "URN": [None, None],
        "PL_LA": [None, "E06000001"],
    }
    data = _located(_data(2025, {"Episodes": episodes}))
    assert _flagged("218", data) == {"Episodes": [1]}


def test_241_placement_authority_compared_with_the_providers_premises() -> None:
    # DfE 241: "LA of placement is not an LA the provider has premises" — against the
    # Ofsted list, not the placing council (the sector tool's reading).
    episodes = {
        "CHILD": ["1", "2", "3", "4"],
        "PLACE": ["K3", "K3", "K3", "K3"],
        "URN": ["100", "100", "200", "999"],
        "PL_LA": ["E06000002", "E06000009", "E06000003", "E06000009"],
    }
    providers = pl.DataFrame(
        {
            "URN": ["100", "100", "200"],
            "LA_CODE_INFERRED": ["E06000001", "E06000002", "E06000003,E06000004"],
        }
    )
    data = _located(_data(2026, {"Episodes": episodes}, providers=providers, la_code="E06000001"))
    # URN 999 is not in the list: rule 219 reports that, not this one.
    assert _flagged("241", data) == {"Episodes": [1]}


def test_205d_uasc_this_year_but_not_last() -> None:
    # Header UASC comes from each year's UASC table.
    header = {"CHILD": ["1", "2"]}
    uasc = {"CHILD": ["1", "2"], "DUC": [None, None]}
    data = _data(
        2026,
        {
            "Header": header,
            "Header_last": header,
            "UASC": uasc,
            "UASC_last": {"CHILD": ["2"], "DUC": [None]},
        },
    )
    assert _flagged("205D", data) == {"Header": [0]}


def test_225_placement_change_needs_a_reason() -> None:
    # DfE 225: an episode ending X1 followed by a new placement (RNE P) needs a reason.
    episodes = {
        "CHILD": ["1", "1", "2", "2"],
        "DECOM": ["01/06/2025", "01/05/2025", "01/05/2025", "01/06/2025"],
        "RNE": ["P", "S", "S", "P"],
        "PLACE": ["U4", "U4", "U4", "U4"],
        "REC": [None, "X1", "X1", None],
        "REASON_PLACE_CHANGE": [None, None, "CARPL", None],
    }
    assert _flagged("225", _data(2026, {"Episodes": episodes})) == {"Episodes": [1]}


ODD: dict[str, Columns] = {
    "Header": {
        "CHILD": ["1", "1", None, "4"],
        "SEX": ["X", None, "F", "1"],
        "DOB": ["31/02/2010", None, "01/01/2010", "2010-01-01"],
        "ETHNIC": [None, "wbri", "WBRI", "?"],
        "UPN": ["bad", None, "UN1", "UN4"],
        "MOTHER": ["7", None, "1", None],
    },
    "Episodes": {
        "CHILD": ["1", "1", None, "4", "4"],
        "DECOM": ["31/02/2020", None, "01/01/2020", "01/01/2020", "01/01/2020"],
        "RNE": [None, "S", "?", "P", "P"],
        "LS": [None, "V3", "C2", "C2", "C2"],
        "PLACE": [None, "T1", "A3", "K3", "K3"],
        "PLACE_PROVIDER": ["PR9", None, "PR1", "PR2", "PR2"],
        "DEC": ["bad", None, "01/01/2019", None, None],
        "REC": ["E11", None, "X1", None, None],
        "REASON_PLACE_CHANGE": ["CUSTOD", None, "x", None, None],
        "PL_POST": [None, "AB1 2CD", None, "x", "x"],
        "URN": [None, "XXXXXXX", "1", "2", "2"],
        "PL_LA": [None, "WAL", None, "E1", "E1"],
    },
    "OC2": {"CHILD": ["1", None], "CONVICTED": ["1", None]},
    "OC3": {"CHILD": ["1", None], "IN_TOUCH": ["DIED", None]},
    "UASC": {"CHILD": ["1", "1"], "DOB": ["bad", None], "DUC": ["31/02/2020", None]},
}


def _module_codes(year: int) -> list[str]:
    """The codes of the rules in r2xx and its themed parts (``r2xx_child`` …)."""
    codes = [
        r.code for r in rules_for(year) if r.check.__module__.split(".")[-1].startswith("r2xx")
    ]
    assert codes, "no rules found in r2xx"
    return codes


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_r2xx_rules_survive_blank_invalid_and_duplicate_data(year: int) -> None:
    tables = {**ODD, **{f"{name}_last": cols for name, cols in ODD.items()}}
    providers = pl.DataFrame(
        {
            "URN": ["1", "1", "2"],
            "PLACE_CODES": ["A3", None, "K3,Z"],
            "REG_END": ["x", None, "01/01/2020"],
        }
    )
    data = _located(_data(year, tables, providers=providers, la_code="E1"))
    codes = _module_codes(year)
    report = validate(data, only=codes)
    assert [s for s in report.rules_skipped if "failed" in s.reason] == []
    assert {r.code for r in report.rules_run} == set(codes)


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_r2xx_rules_skip_rather_than_misread_absent_tables(year: int) -> None:
    report = validate(build_return_data({}, collection_year=year), only=_module_codes(year))
    assert report.rules_run == ()
    assert all("not supplied" in s.reason for s in report.rules_skipped)
