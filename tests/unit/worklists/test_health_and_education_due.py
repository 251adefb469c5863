"""Health assessments (CPPCR 2010 reg 7; statutory guidance 2015: initial within 20 working
days; reviews 6-monthly under 5, yearly from 5), dental checks (12 months, NICE CG19) and
PEPs (statutory guidance 2018: within 20 working days of coming into care, then each
school term)."""

from __future__ import annotations

from typing import Any

from .builders import d, header, history, next_due, open_items, records, world


def _checks(kind: str, *days: str, status: str | None = "completed") -> Any:
    return records(
        "health_checks",
        *({"CHILD": "C1", "check_type": kind, "check_date": day, "status": status} for day in days),
    )


def test_initial_health_assessment_within_20_working_days_over_christmas() -> None:
    frames = world(
        header=header(("C1", "01/06/2015")),
        episodes=history("C1", ("20/12/2024", "S", "C2", "U6")),
    )
    assert next_due(frames, as_at="21/12/2024", rule="initial_health") == (
        "initial_health_assessment",
        d("22/01/2025"),
    )


def test_review_health_assessment_six_months_while_under_5() -> None:
    """Born 1 June 2019; assessed 1 March 2024 aged 4: next by 1 September 2024."""
    frames = world(
        header=header(("C1", "01/06/2019")),
        episodes=history("C1", ("01/01/2024", "S", "C2", "U6")),
        health_checks=_checks("health_assessment", "15/01/2024", "01/03/2024"),
    )
    assert next_due(frames, as_at="02/03/2024", rule="review_health") == (
        "review_health_assessment",
        d("01/09/2024"),
    )


def test_review_health_assessment_yearly_once_the_child_is_5() -> None:
    """The same child assessed again on 1 September 2024, now 5: next by 1 September 2025."""
    frames = world(
        header=header(("C1", "01/06/2019")),
        episodes=history("C1", ("01/01/2024", "S", "C2", "U6")),
        health_checks=_checks("health_assessment", "15/01/2024", "01/03/2024", "01/09/2024"),
    )
    assert next_due(frames, as_at="02/09/2024", rule="review_health")[1] == d("01/09/2025")


def test_a_planned_or_refused_assessment_does_not_count() -> None:
    frames = world(
        header=header(("C1", "01/06/2015")),
        episodes=history("C1", ("01/01/2024", "S", "C2", "U6")),
        health_checks=_checks("health_assessment", "15/01/2024", status="planned"),
    )
    assert next_due(frames, as_at="02/02/2024", rule="initial_health")[0] == (
        "initial_health_assessment"
    )


def test_dental_check_within_12_months_of_the_last() -> None:
    frames = world(
        header=header(("C1", "01/06/2015")),
        episodes=history("C1", ("01/01/2023", "S", "C2", "U6")),
        health_checks=_checks("dental_check", "10/02/2023"),
    )
    assert next_due(frames, as_at="01/03/2024", rule="dental") == ("dental_check", d("10/02/2024"))


def _school_child(*peps: tuple[str, str]) -> dict[str, Any]:
    """Born 1 March 2012 (Year 7 in 2023/24), in care from 4 September 2023."""
    return world(
        header=header(("C1", "01/03/2012")),
        episodes=history("C1", ("04/09/2023", "S", "C2", "U6")),
        peps=records("peps", *({"CHILD": "C1", "pep_date": p, "term": t} for p, t in peps)),
    )


def test_first_pep_within_20_working_days_of_coming_into_care() -> None:
    """Monday 4 September 2023 + 20 working days (no bank holidays): Monday 2 October."""
    assert next_due(_school_child(), as_at="05/09/2023", rule="pep") == (
        "pep_initial",
        d("02/10/2023"),
    )


def test_pep_reviewed_every_term_due_by_the_end_of_the_spring_term() -> None:
    frames = _school_child(("20/09/2023", "autumn"), ("05/12/2023", "autumn"))
    assert next_due(frames, as_at="15/03/2024", rule="pep") == ("pep_termly", d("31/03/2024"))


def test_a_pep_this_term_clears_it_until_next_term() -> None:
    frames = _school_child(("20/09/2023", "autumn"), ("10/01/2024", "spring"))
    assert open_items(frames, as_at="15/03/2024", rule="pep").is_empty()


def test_children_under_school_age_have_no_pep_due() -> None:
    frames = world(
        header=header(("C1", "01/03/2021")),
        episodes=history("C1", ("04/09/2023", "S", "C2", "U6")),
    )
    assert open_items(frames, as_at="15/03/2024", rule="pep").is_empty()
