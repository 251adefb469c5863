"""Rules 700–799, deprivation of liberty (rules/r7xx.py): where we differ from the sector
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


_EPISODES = {
    "CHILD": ["1", "1"],
    "DECOM": ["01/04/2026", "01/07/2026"],
    "DEC": ["01/07/2026", None],
    "PLACE": ["K2", "K1"],
}


def test_706_open_dolo_last_year_without_counterpart_is_flagged_in_last_years_table() -> None:
    last = {
        "CHILD": ["1", "2", "3"],
        "DOLO_START": ["01/02/2026", "01/03/2026", "01/03/2026"],
        "DOLO_END": [None, None, "20/03/2026"],
    }
    now = {"CHILD": ["1"], "DOLO_START": ["1/2/2026"], "DOLO_END": [None]}
    assert _flagged("706", year=2027, DoLo=now, DoLo_last=last) == {"DoLo_last": [1]}


def test_709_710_read_the_episode_placement_type_from_place() -> None:
    # A DoLO from May to August 2026 overlaps both episodes: K2 (secure home, expected) and
    # K1 (secure children's home, which 710 names as not allowed).
    dolo = {"CHILD": ["1"], "DOLO_START": ["01/05/2026"], "DOLO_END": ["01/08/2026"]}
    assert _flagged("709", year=2027, DoLo=dolo, Episodes=_EPISODES) == {
        "DoLo": [0],
        "Episodes": [1],
    }
    assert _flagged("710", year=2027, DoLo=dolo, Episodes=_EPISODES) == {
        "DoLo": [0],
        "Episodes": [1],
    }


def test_dolo_rules_apply_from_the_2026_27_collection_only() -> None:
    dolo = {"CHILD": ["1"], "DOLO_START": ["xx"], "DOLO_END": [None]}
    frames = {"DoLo": pl.DataFrame(dolo, schema=dict.fromkeys(dolo, pl.String))}
    report = validate(build_return_data(frames, collection_year=2026), only=["700"])
    assert not report.rules_run
    assert _flagged("700", year=2027, DoLo=dolo) == {"DoLo": [0]}


def test_705_707_blank_and_invalid_dolo_dates_do_not_break_the_rules() -> None:
    dolo = {
        "CHILD": ["1", "1", None, "1"],
        "DOLO_START": [None, "31/02/2026", "01/05/2026", "01/05/2026"],
        "DOLO_END": ["xx", None, None, None],
    }
    assert "DoLo" in _flagged("705", year=2027, DoLo=dolo)
    assert _flagged("707", year=2027, DoLo=dolo, Episodes=_EPISODES) == {}
