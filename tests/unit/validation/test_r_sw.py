"""Social worker episode rules (rules/r_sw.py): where we differ from the sector
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


def _sw(child: list[str], decom: list[str | None], dec: list[str | None]) -> dict:
    n = len(child)
    return {
        "CHILD": child,
        "SW_ID": ["SW1234"] * n,
        "SW_DECOM": decom,
        "SW_DEC": dec,
        "SW_REASON": ["MANAGE"] * n,
    }


def test_sw11b_episode_ending_near_31_march_followed_by_another_is_not_flagged() -> None:
    # Child 1: Jan-Feb, Feb-28 March, then from 28 March (open): nothing is missing.
    # Child 2: its last episode ended on 28 March with none after it.
    sw = _sw(
        ["1", "1", "1", "2"],
        ["01/01/2026", "01/02/2026", "28/03/2026", "01/01/2026"],
        ["01/02/2026", "28/03/2026", None, "28/03/2026"],
    )
    assert _flagged("SW11bSTG2", SWEpisodes=sw) == {"SWEpisodes": [3]}


def test_sw12_only_children_looked_after_on_31_march_are_checked() -> None:
    # Neither child has a social worker episode; only child 1 is looked after at 31 March.
    eps = {
        "CHILD": ["1", "2"],
        "DECOM": ["01/06/2025", "01/06/2025"],
        "DEC": [None, "01/09/2025"],
        "RNE": ["S", "S"],
        "REC": [None, "E13"],
        "LS": ["C2", "C2"],
    }
    sw = _sw(["9"], ["01/06/2025"], [None])
    assert _flagged("SW12STG2", Episodes=eps, SWEpisodes=sw) == {"Episodes": [0]}


def test_sw07_period_start_is_a_calendar_year_before_the_collection_start() -> None:
    # 2024/25: the reporting period starts 01/04/2023 (the year to it has a 29 February).
    sw = _sw(["1", "2"], ["01/01/2023", "01/01/2023"], ["01/04/2023", "31/03/2023"])
    assert _flagged("SW07STG2", year=2025, SWEpisodes=sw) == {"SWEpisodes": [1]}


def test_sw13_start_date_that_is_not_a_date_does_not_break_the_rule() -> None:
    sw = _sw(["1", "2", "3"], ["bad", "01/05/2025", "01/05/2025"], [None, None, None])
    sw["SW_REASON"] = [None, None, "NOPE"]
    assert _flagged("SW13STG1", SWEpisodes=sw) == {"SWEpisodes": [1, 2]}


def test_sw19_second_episode_starting_the_same_day_is_flagged_not_the_first() -> None:
    sw = _sw(["1", "1", "2"], ["01/05/2025", "01/05/2025", "01/05/2025"], [None, None, None])
    assert _flagged("SW19STG2", SWEpisodes=sw) == {"SWEpisodes": [1]}


def test_sw02_from_2026_an_id_needs_more_than_its_prefix() -> None:
    sw = _sw(["1", "2", "3"], ["01/05/2025"] * 3, [None] * 3)
    sw["SW_ID"] = ["SW", "XX12", None]
    assert _flagged("SW02STG1", year=2025, SWEpisodes=sw) == {"SWEpisodes": [2]}
    assert _flagged("SW02STG1", year=2026, SWEpisodes=sw) == {"SWEpisodes": [0, 2]}
