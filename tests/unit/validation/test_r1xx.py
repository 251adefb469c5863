"""Rules 101–199 (rules/r1xx_*.py): where we differ from the sector validator, its known
faults we must not share, and odd data that must not break a rule."""

from __future__ import annotations

import polars as pl
import pytest

from incare.validation import validate
from incare.validation.data import build_return_data, table_columns
from incare.validation.engine import rules_for
from incare.validation.report import ValidationReport

Columns = dict[str, list[str | None]]


def _report(code: str, year: int, tables: dict[str, Columns]) -> ValidationReport:
    frames = {
        name: pl.DataFrame(cols, schema=dict.fromkeys(cols, pl.String))
        for name, cols in tables.items()
    }
    return validate(build_return_data(frames, collection_year=year), only=[code])


def _flagged(code: str, year: int = 2026, **tables: Columns) -> dict[str, list[int]]:
    report = _report(code, year, tables)
    assert [r.code for r in report.rules_run] == [code], report.rules_skipped
    rows: dict[str, list[int]] = {}
    for row in report.errors.iter_rows(named=True):
        rows.setdefault(row["table"], []).append(row["row"])
    return {t: sorted(r) for t, r in rows.items()}


def _episodes(children: list[str], **columns: list[str | None]) -> Columns:
    n = len(children)
    base: Columns = {
        "CHILD": children,
        "DECOM": ["01/01/2020"] * n,
        "RNE": ["S"] * n,
        "LS": ["C2"] * n,
        "PLACE": ["U4"] * n,
        "DEC": [None] * n,
        "REC": [None] * n,
    }
    return {**base, **columns}


def test_165_mother_status_checked_for_sex_coded_m_and_f() -> None:
    # DfE 165: a female looked after in the year must have MOTHER; a male must not. Since
    # 2024/25 sex is coded M/F; the sector tool only understands 1/2 and never fires.
    header = {"CHILD": ["1", "2", "3"], "SEX": ["F", "M", "F"], "MOTHER": [None, "1", "0"]}
    oc3: Columns = {"CHILD": [], "IN_TOUCH": [], "ACTIV": [], "ACCOM": []}
    flagged = _flagged("165", Header=header, Episodes=_episodes(["1", "2", "3"]), OC3=oc3)
    assert flagged == {"Header": [0, 1]}


def test_165_old_1_2_sex_codes_still_read() -> None:
    header = {"CHILD": ["1", "2"], "SEX": ["2", "1"], "MOTHER": [None, None]}
    oc3: Columns = {"CHILD": [], "IN_TOUCH": [], "ACTIV": [], "ACCOM": []}
    assert _flagged("165", Header=header, Episodes=_episodes(["1", "2"]), OC3=oc3) == {
        "Header": [0]
    }


def test_146_k3_is_a_valid_placement_in_2024_25() -> None:
    # The 903 spec lists K3 (registered supported accommodation) from the 2025 collection;
    # the sector tool's 2024/25 list has "k3" in lower case and flags it.
    episodes = _episodes(["1", "2"], PLACE=["K3", "Q9"])
    assert _flagged("146", year=2025, Episodes=episodes) == {"Episodes": [1]}


def test_146_z1_withdrawn_from_2025_26() -> None:
    episodes = _episodes(["1", "2"], PLACE=["Z1", "Z11"])
    assert _flagged("146", year=2026, Episodes=episodes) == {"Episodes": [0]}


def test_105_derived_uasc_flag_never_fires() -> None:
    # incare derives Header UASC from the UASC table, so it is always 0 or 1.
    header = {"CHILD": ["1", "2"], "SEX": ["M", "F"]}
    uasc = {"CHILD": ["1"], "DUC": ["01/01/2026"]}
    assert _flagged("105", Header=header, UASC=uasc) == {}


def test_164_distance_not_checked_for_uasc_children() -> None:
    # DfE 164 leaves out children who are or were UASC; without any UASC status it cannot
    # tell them apart and flags nothing.
    episodes = _episodes(["1", "2"])
    episodes["PL_DISTANCE"] = ["1000.0", "1200.0"]
    header = {"CHILD": ["1", "2"]}
    uasc = {"CHILD": ["2"], "DUC": [None], "SEX": ["M"]}
    data = build_return_data(
        {
            "Episodes": pl.DataFrame(episodes, schema=dict.fromkeys(episodes, pl.String)),
            "Header": pl.DataFrame(header),
            "UASC": pl.DataFrame(uasc, schema=dict.fromkeys(uasc, pl.String)),
        },
        collection_year=2026,
    )
    data = type(data)(**{**data.__dict__, "postcodes": pl.DataFrame()})
    report = validate(data, only=["164"])
    assert report.errors.get_column("row").to_list() == [0]


def test_199_episode_after_adoption_last_year_is_flagged() -> None:
    # DfE 199: a child adopted from care (REC E11/E12) should not have later episodes.
    last = _episodes(["1"], DECOM=["01/05/2024"], DEC=["01/12/2024"], REC=["E11"])
    now = _episodes(["1", "2"], DECOM=["01/06/2025", "01/06/2025"])
    assert _flagged("199", Episodes=now, Episodes_last=last) == {"Episodes": [0]}


def test_157_186_191_continuously_looked_after_needs_a_full_year() -> None:
    # A child in care since before 1 April and still in care is continuously looked after;
    # one who started in the year (RNE S after 1 April) is not.
    episodes = _episodes(["1", "2"], DECOM=["01/01/2020", "01/06/2025"])
    oc2 = {
        "CHILD": ["1", "2"],
        "DOB": ["01/01/2015", "01/01/2015"],
        "SDQ_SCORE": [None, None],
        "SDQ_REASON": [None, None],
    }
    assert _flagged("186", Episodes=episodes, OC2=oc2) == {"OC2": [0]}
    no_oc2: Columns = {"CHILD": [], "DOB": []}
    assert _flagged("191", Episodes=episodes, OC2=no_oc2) == {"Episodes": [0]}


ODD: dict[str, Columns] = {
    "Header": {
        "CHILD": ["1", "1", None, "4"],
        "SEX": ["X", None, "F", "1"],
        "DOB": ["31/02/2010", None, "01/01/2010", "2010-01-01"],
        "UPN": ["bad", None, "UN1", "A123456789012"],
        "MOTHER": ["7", None, "1", ""],
        "MC_DOB": ["xx", None, "01/01/2026", None],
    },
    "Episodes": {
        "CHILD": ["1", "1", None, "4", "4"],
        "DECOM": ["31/02/2020", None, "01/01/2020", "01/01/2020", "01/01/2020"],
        "RNE": [None, "S", "?", "P", "P"],
        "LS": [None, "V3", "C2", "C2", "C2"],
        "PLACE": [None, "T1", "A3", "Z11", "Z11"],
        "PLACE_PROVIDER": ["PR9", None, "PR1", "PR1", "PR1"],
        "DEC": ["bad", None, "01/01/2019", None, None],
        "REC": ["E11", None, "X1", None, None],
        "URN": [None, "XXXXXXX", "1", None, None],
    },
    "OC2": {
        "CHILD": ["1", "1", None],
        "DOB": ["31/02/2015", None, "01/01/2010"],
        "SDQ_SCORE": ["abc", "41", "3.5"],
        "SDQ_REASON": ["SDQ1", None, "x"],
    },
    "OC3": {"CHILD": ["1", None], "DOB": ["bad", None], "ACCOM": ["T1", None]},
    "AD1": {"CHILD": ["1", "1"], "DATE_INT": ["bad", None], "DATE_MATCH": [None, "01/01/2020"]},
    "PlacedAdoption": {"CHILD": ["1", None], "DATE_PLACED": ["bad", "01/01/2020"]},
    "UASC": {"CHILD": ["1", "1"], "DOB": ["bad", None], "DUC": ["31/02/2020", None]},
    "Reviews": {"CHILD": ["1", None], "REVIEW": [None, "bad"], "REVIEW_CODE": ["PN9", None]},
}


def _module_codes(module: str, year: int) -> list[str]:
    """The codes of the rules in ``module`` and its themed parts (``r1xx_episodes`` …)."""
    codes = [
        r.code for r in rules_for(year) if r.check.__module__.split(".")[-1].startswith(module)
    ]
    assert codes, f"no rules found in {module}"
    return codes


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_r1xx_rules_survive_blank_invalid_and_duplicate_data(year: int) -> None:
    tables = {**ODD, **{f"{name}_last": cols for name, cols in ODD.items()}}
    frames = {
        name: pl.DataFrame(
            {
                c: cols.get(c, [None] * len(next(iter(cols.values()))))
                for c in table_columns()[name.removesuffix("_last")]
                if c in cols
            },
            schema=dict.fromkeys(cols, pl.String),
        )
        for name, cols in tables.items()
    }
    data = build_return_data(frames, collection_year=year)
    data = type(data)(**{**data.__dict__, "postcodes": pl.DataFrame()})
    codes = _module_codes("r1xx", year)
    report = validate(data, only=codes)
    assert [s for s in report.rules_skipped if "failed" in s.reason] == []
    assert {r.code for r in report.rules_run} == set(codes)


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_r1xx_rules_skip_rather_than_misread_absent_tables(year: int) -> None:
    data = build_return_data({}, collection_year=year)
    report = validate(data, only=_module_codes("r1xx", year))
    assert report.rules_run == ()
    assert all("not supplied" in s.reason for s in report.rules_skipped)


def test_184_decision_compared_with_the_placed_for_adoption_date_of_birth() -> None:
    # As the sector tool does: the table's own DOB; a decision date that cannot be checked
    # against a valid date of birth is flagged too.
    placed = {
        "CHILD": ["1", "2", "3"],
        "DOB": ["01/01/2020", "01/01/2020", None],
        "DATE_PLACED": ["01/01/2019", "01/01/2021", "01/01/2021"],
    }
    header = {"CHILD": ["1", "2", "3"], "DOB": ["01/01/2018", "01/01/2018", "01/01/2018"]}
    assert _flagged("184", Header=header, PlacedAdoption=placed) == {"PlacedAdoption": [0, 2]}


def test_142_unreadable_end_date_counts_as_not_ended() -> None:
    episodes = _episodes(
        ["1", "1", "2", "2"],
        DECOM=["01/01/2025", "01/02/2025", "01/01/2025", "01/02/2025"],
        DEC=["31/02/2025", None, "01/02/2025", None],
        REC=["X1", None, "X1", None],
    )
    assert _flagged("142", Episodes=episodes) == {"Episodes": [0]}
