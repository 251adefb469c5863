"""Pathway plans (Care Leavers (England) Regulations 2010 reg 7: at least every 6 months),
keeping in touch with care leavers (every 2 months), the 903 OC3 birthday window (3 months
before to 1 month after the birthday) and return home interviews (statutory guidance 2014:
within 72 hours of return)."""

from __future__ import annotations

from typing import Any

import polars as pl

from incare.worklists.duedates import obligations

from .builders import d, episodes, header, history, next_due, open_items, records, tables, world


def _leaver(**values: Any) -> dict[str, Any]:
    row = {"CHILD": "C1", "eligibility": "former_relevant", "in_touch": "YES", **values}
    return world(
        header=header(("C1", "10/05/2006")),
        episodes=history("C1", ("01/01/2020", "S", "C2", "U6"), ceased=("10/05/2024", "E17")),
        care_leavers=records("care_leavers", row),
    )


def test_pathway_plan_reviewed_at_least_every_six_months() -> None:
    frames = _leaver(pathway_plan_review_date="10/01/2024", latest_contact="01/03/2024")
    assert next_due(frames, as_at="31/03/2024", rule="pathway") == (
        "pathway_plan_review",
        d("10/07/2024"),
    )


def test_a_first_pathway_plan_is_due_three_months_after_the_16th_birthday() -> None:
    frames = _leaver(eligibility="eligible")
    assert next_due(frames, as_at="31/03/2024", rule="pathway")[1] == d("10/08/2022")


def test_care_leaver_contact_at_least_every_two_months() -> None:
    frames = _leaver(latest_contact="15/01/2024")
    assert next_due(frames, as_at="31/03/2024", rule="care_leaver_contact")[1] == d("15/03/2024")


def test_birthday_window_open_and_no_contact_in_it_yet() -> None:
    """18th birthday 10 May 2024: window 10 February to 10 June; last contact 1 January."""
    frames = _leaver(eligibility="relevant", latest_contact="01/01/2024")
    assert next_due(frames, as_at="31/03/2024", rule="care_leaver_birthday") == (
        "care_leaver_birthday_information",
        d("10/06/2024"),
    )


def test_birthday_window_met_by_a_contact_inside_it() -> None:
    frames = _leaver(eligibility="relevant", latest_contact="01/03/2024")
    assert open_items(frames, as_at="31/03/2024", rule="care_leaver_birthday").is_empty()


def test_young_people_who_died_have_nothing_due() -> None:
    frames = _leaver(in_touch="DIED")
    assert (
        open_items(frames, as_at="31/03/2024", rule="")
        .filter(pl.col("rule").is_in(["pathway_plan_review", "care_leaver_contact"]))
        .is_empty()
    )


def _missing(end: str, offered: bool | None) -> dict[str, Any]:
    """In care from 1 March 2023; missing from Wednesday 3 January 2024 to Friday 5 January."""
    missing = tables()["missing"].schema
    row = {"CHILD": "C1", "MISSING": "M", "MIS_START": d("03/01/2024"), "MIS_END": d(end)}
    return world(
        episodes=episodes(("C1", "01/03/2023", "S", "C2", "U6")),
        missing=pl.DataFrame([row], schema=missing),
        missing_episodes=records(
            "missing_episodes",
            {
                "CHILD": "C1",
                "start_date": "03/01/2024",
                "end_date": end,
                "kind": "M",
                "rhi_offered": offered,
            },
        ),
    )


def test_return_interview_72_hours_after_a_friday_night_return_is_due_monday() -> None:
    """72 hours are calendar time: back on Friday 5 January, due by Monday 8 January."""
    frames = _missing("05/01/2024", None)
    assert next_due(frames, as_at="06/01/2024", rule="return") == (
        "return_home_interview",
        d("08/01/2024"),
    )


def test_an_offered_return_interview_is_met_and_one_not_offered_is_a_breach() -> None:
    offered = obligations(_missing("05/01/2024", True), as_at=d("31/01/2024"))
    refused = obligations(_missing("05/01/2024", False), as_at=d("31/01/2024"))
    assert offered.filter(pl.col("rule") == "return_home_interview")["met_on"].to_list() == [
        d("05/01/2024")
    ]
    row = refused.filter(pl.col("rule") == "return_home_interview").row(0, named=True)
    assert row["met_on"] is None
    assert row["outstanding"] is False
