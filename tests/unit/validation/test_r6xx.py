"""Rules 600–699 (src/incare/validation/rules/r6xx.py): where we differ from the sector
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


def test_621_mother_with_invalid_own_dob_is_not_said_to_be_younger_than_her_child() -> None:
    header = {
        "CHILD": ["1", "2"],
        "DOB": ["xx/01/2008", "01/01/2008"],
        "MC_DOB": ["01/01/2024", "01/01/2007"],
    }
    assert _flagged("621", Header=header) == {"Header": [1]}


def test_624_same_first_child_dob_written_differently_is_no_contradiction() -> None:
    header = {"CHILD": ["1", "2", "3"], "MC_DOB": ["1/6/2020", "02/06/2020", None]}
    last = {"CHILD": ["1", "2", "3"], "MC_DOB": ["01/06/2020", "01/06/2020", "01/06/2020"]}
    assert _flagged("624", Header=header, Header_last=last) == {"Header": [1, 2]}


def test_624_a_mother_now_a_care_leaver_may_leave_her_first_childs_dob_blank() -> None:
    # Rule 628: motherhood details are not required for care leavers not looked after this
    # year, so their blank MC_DOB does not contradict last year's (child 3 has no episode).
    header = {"CHILD": ["1", "3"], "MC_DOB": [None, None]}
    last = {"CHILD": ["1", "3"], "MC_DOB": ["01/06/2020", "01/06/2020"]}
    episodes = {"CHILD": ["1"], "DECOM": ["01/05/2025"]}
    flagged = _flagged("624", Header=header, Header_last=last, Episodes=episodes)
    assert flagged == {"Header": [0]}


def test_632_unknown_day_or_month_take_the_latest_date_they_could_be() -> None:
    # ZZ/03/2025 could be 31 March, after a 15 March start; ZZ/ZZ/2024 ends by 31/12/2024.
    perm = {"CHILD": ["1", "2", "3"], "DATE_PERM": ["ZZ/03/2025", "ZZ/ZZ/2024", "32/01/2020"]}
    eps = {"CHILD": ["1", "2", "3"], "DECOM": ["15/03/2025", "15/03/2025", "15/03/2025"]}
    assert _flagged("632", PrevPerm=perm, Episodes=eps) == {"Episodes": [0, 2], "PrevPerm": [0, 2]}


def test_620_mother_born_29_february_is_not_under_11_after_her_birthday() -> None:
    header = {"CHILD": ["1", "2"], "DOB": ["29/02/2012", "01/04/2015"], "MOTHER": ["1", "1"]}
    assert _flagged("620", year=2026, Header=header) == {"Header": [1]}


def test_631_blank_previous_permanence_is_not_an_invalid_code() -> None:
    perm = {"CHILD": ["1", "2", "3"], "PREV_PERM": [None, "Z1", "P9"]}
    assert _flagged("631", PrevPerm=perm) == {"PrevPerm": [2]}


def test_625_first_child_born_after_the_year_end_to_a_mother_still_in_care() -> None:
    header = {"CHILD": ["1"], "MOTHER": ["1"], "MC_DOB": ["01/06/2026"]}
    eps = {"CHILD": ["1", "1"], "DECOM": ["01/01/2024", "01/01/2025"], "DEC": ["01/01/2025", None]}
    assert _flagged("625", Header=header, Episodes=eps) == {"Header": [0], "Episodes": [1]}
