"""Rules 562–599 (src/incare/validation/rules/r5xx_b.py): where we differ from the sector
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


def test_583_most_recent_decision_is_the_latest_date_not_the_largest_text() -> None:
    # 31/01/2020 sorts after 01/05/2021 as text; the decision of May 2021 is the recent one,
    # so the open earlier decision of January 2020 is the one not revoked.
    placed = {
        "CHILD": ["1", "1"],
        "DATE_PLACED": ["31/01/2020", "01/05/2021"],
        "DATE_PLACED_CEASED": [None, None],
        "REASON_PLACED_CEASED": [None, None],
    }
    assert _flagged("583", PlacedAdoption=placed) == {"PlacedAdoption": [0]}


def test_584_decision_ceased_last_year_needs_a_later_decision_this_year() -> None:
    last = {
        "CHILD": ["1", "2"],
        "DATE_PLACED": ["01/06/2024", "01/06/2024"],
        "DATE_PLACED_CEASED": ["01/01/2025", None],
        "REASON_PLACED_CEASED": ["RD1", None],
    }
    now = {
        "CHILD": ["2", "1", "1"],
        "DATE_PLACED": ["01/06/2024", "1/6/2024", "01/07/2025"],
        "DATE_PLACED_CEASED": [None, None, None],
        "REASON_PLACED_CEASED": [None, None, None],
    }
    assert _flagged("584", PlacedAdoption=now, PlacedAdoption_last=last) == {"PlacedAdoption": [1]}


def test_562_needs_last_years_episodes_and_is_skipped_without_them() -> None:
    eps = {"CHILD": ["1"], "DECOM": ["01/01/2025"]}
    frames = {"Episodes": pl.DataFrame(eps)}
    report = validate(build_return_data(frames, collection_year=2026), only=["562"])
    assert not report.rules_run
    assert [s.code for s in report.rules_skipped] == ["562"]


def test_562_first_episode_before_the_year_must_continue_last_years_latest() -> None:
    eps = {"CHILD": ["1", "1", "2"], "DECOM": ["01/01/2025", "01/06/2025", "01/02/2025"]}
    last = {"CHILD": ["1", "2"], "DECOM": ["01/01/2025", "01/01/2025"]}
    assert _flagged("562", Episodes=eps, Episodes_last=last) == {"Episodes": [2]}


def test_574_missing_periods_with_blank_and_invalid_dates_do_not_break_the_rule() -> None:
    missing = {
        "CHILD": ["1", "1", "1", None, "2", "2"],
        "MISSING": ["M", "A", "M", "M", "M", "M"],
        "MIS_START": ["01/05/2025", "xx", None, "01/05/2025", "01/05/2025", "01/05/2025"],
        "MIS_END": [None, "31/02/2025", None, None, "02/05/2025", "02/05/2025"],
    }
    flagged = _flagged("574", Missing=missing)
    # Child 2's two identical periods overlap: the later row is flagged.
    assert 5 in flagged["Missing"]
    assert 3 not in flagged["Missing"]


def test_577_578_missing_child_with_no_episodes_is_not_flagged() -> None:
    missing = {"CHILD": ["9"], "MISSING": ["M"], "MIS_START": ["01/05/2025"], "MIS_END": [None]}
    eps = {"CHILD": ["1"], "DECOM": ["01/04/2025"], "DEC": ["01/05/2025"]}
    assert _flagged("577", Missing=missing, Episodes=eps) == {}
    assert _flagged("578", Missing=missing, Episodes=eps) == {}


def test_580_leaving_care_on_18th_birthday_of_29_february_child_while_missing() -> None:
    # Born 29/02/2008: 18th birthday counted on 28/02/2026, as pandas' DateOffset does.
    missing = {
        "CHILD": ["1"],
        "DOB": ["29/02/2008"],
        "MIS_START": ["01/02/2026"],
        "MIS_END": ["28/02/2026"],
    }
    eps = {"CHILD": ["1"], "DECOM": ["01/01/2025"], "DEC": ["28/02/2026"], "REC": ["E13"]}
    assert _flagged("580", Missing=missing, Episodes=eps) == {"Episodes": [0]}


def test_562_an_episode_with_no_child_id_is_nobodys_first_episode() -> None:
    # Rule 562 compares each child's first episode with last year's latest; a row with a
    # blank CHILD belongs to no child (the sector tool groups by CHILD, which drops blanks),
    # so it is not flagged, however many such rows there are.
    eps = {"CHILD": [None, None, "1"], "DECOM": ["01/01/2020", "01/02/2020", "01/03/2020"]}
    last = {"CHILD": ["1"], "DECOM": ["01/03/2020"]}
    assert _flagged("562", Episodes=eps, Episodes_last=last) == {}
