"""Rules 1000–1016 and 3001, care leavers (rules/r1000.py): where we differ from the sector
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


def _oc3(children: list[str], dobs: list[str | None]) -> dict[str, list[str | None]]:
    n = len(children)
    return {
        "CHILD": children,
        "DOB": dobs,
        "IN_TOUCH": ["YES"] * n,
        "ACTIV": ["F2"] * n,
        "ACCOM": ["S2"] * n,
    }


def test_1007_child_born_29_february_still_in_care_on_18th_birthday() -> None:
    # 2026 collection ends 31/03/2026; born 29/02/2008, 18 on 28/02/2026, in care throughout.
    oc3 = _oc3(["1"], ["29/02/2008"])
    eps = {"CHILD": ["1"], "DECOM": ["01/01/2020"], "DEC": ["30/03/2026"]}
    assert _flagged("1007", OC3=oc3, Episodes=eps) == {"OC3": [0]}


def test_1007_episode_still_open_counts_as_looked_after_on_the_birthday() -> None:
    oc3 = _oc3(["1"], ["15/06/2008"])
    eps = {"CHILD": ["1"], "DECOM": ["01/01/2020"], "DEC": [None]}
    assert _flagged("1007", OC3=oc3, Episodes=eps) == {"OC3": [0]}


def test_1007_1016_invalid_dates_do_not_break_the_rules() -> None:
    oc3 = _oc3(["1", "2"], ["xx/06/2008", None])
    eps = {"CHILD": ["1", "2"], "DECOM": ["31/02/2020", "bad"], "DEC": ["bad", None]}
    assert _flagged("1007", OC3=oc3, Episodes=eps) == {}
    assert _flagged("1016", OC3=oc3, Episodes=eps) == {}


def test_1016_ceased_on_the_17th_birthday_is_after_the_birthday() -> None:
    oc3 = _oc3(["1", "2"], ["10/05/2008", "10/05/2008"])
    eps = {
        "CHILD": ["1", "2"],
        "DECOM": ["01/01/2020", "01/01/2020"],
        "DEC": ["10/05/2025", "09/05/2025"],
    }
    # Both are 17 at 31/03/2026; child 1 left care on the 17th birthday, child 2 the day before.
    assert _flagged("1016", OC3=oc3, Episodes=eps) == {"OC3": [0]}


def test_1001_care_leaver_aged_20_is_not_judged_on_two_years_of_episodes() -> None:
    header = {"CHILD": ["1", "2"], "DOB": ["01/01/2005", "01/06/2009"]}
    oc3 = _oc3(["1", "2"], ["01/01/2005", "01/06/2009"])
    eps = {"CHILD": ["9"], "DECOM": ["01/01/2025"], "DEC": [None], "LS": ["C2"], "REC": [None]}
    flagged = _flagged("1001", OC3=oc3, Header=header, Episodes=eps, Episodes_last=eps)
    assert flagged == {"OC3": [1]}


def test_1001_eligible_after_13_weeks_from_14_including_time_after_16() -> None:
    header = {"CHILD": ["1"], "DOB": ["01/06/2008"]}
    oc3 = _oc3(["1"], ["01/06/2008"])
    eps = {
        "CHILD": ["1"],
        "DECOM": ["01/01/2024"],
        "DEC": ["01/07/2024"],
        "LS": ["C2"],
        "REC": ["E13"],
    }
    last = {"CHILD": ["1"], "DECOM": ["01/01/2024"], "DEC": [None], "LS": ["C2"], "REC": [None]}
    assert _flagged("1001", OC3=oc3, Header=header, Episodes=eps, Episodes_last=last) == {}


def test_1002_only_care_leavers_whose_care_at_16_would_be_in_the_two_years() -> None:
    # 2026 collection: last year's started 01/04/2024. Child 1 turned 16 in 2022 (left care
    # before the data held); child 2 turned 16 in 2025 and has no episode in either year.
    oc3 = _oc3(["1", "2", "3"], ["01/01/2006", "01/01/2009", None])
    eps = {"CHILD": ["9"], "DECOM": ["01/01/2025"]}
    assert _flagged("1002", OC3=oc3, Episodes=eps, Episodes_last=eps) == {"OC3": [1, 2]}


def test_1008_is_skipped_without_the_ofsted_provider_list() -> None:
    eps = {"CHILD": ["1"], "URN": ["SC123456"]}
    frames = {"Episodes": pl.DataFrame(eps)}
    report = validate(build_return_data(frames, collection_year=2026), only=["1008"])
    assert [s.code for s in report.rules_skipped] == ["1008"]
    providers = pl.DataFrame({"URN": ["SC999999"]})
    data = build_return_data(frames, collection_year=2026, providers=providers)
    assert len(validate(data, only=["1008"]).errors) == 1


def test_1012_flags_rows_only_of_tables_supplied() -> None:
    eps = {"CHILD": ["1"]}
    missing = {"CHILD": ["1", "2"], "MISSING": ["M", "M"]}
    assert _flagged("1012", Episodes=eps, Missing=missing) == {"Missing": [1]}
