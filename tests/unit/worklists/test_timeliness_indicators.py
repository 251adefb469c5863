"""Timeliness indicators (issue 9 §3) from the worklists' due dates: obligations that fell due
in the period and were met by the day due; care leavers' pathway plans not overdue."""

from __future__ import annotations

import polars as pl

from incare.indicators import INDICATORS, Period

from .builders import header, history, records, reviews, world

YEAR_2024 = Period.collection_year(2024)


def test_reviews_due_in_the_year_count_the_one_never_held_as_late() -> None:
    """In care Thursday 1 June 2023: first review due 29 June (20 working days), held 20
    June; second due 20 September, held 25 September (late); third due 25 March 2024, not
    held by 31 March (late): 1 of 3 on time."""
    frames = world(
        episodes=history("C1", ("01/06/2023", "S", "C2", "U6")),
        reviews=reviews("C1", "20/06/2023", "25/09/2023"),
    )
    result = INDICATORS["reviews_due_held_on_time"].run(frames, period=YEAR_2024)
    assert (result.numerator, result.denominator) == (1, 3)
    assert result.children.select("CHILD", "events", "succeeded").rows() == [("C1", 3, 1)]


def test_visits_due_in_the_year_made_on_time() -> None:
    """Placed 1 March 2024: first visit due 8 March, made 5 March; the next due 16 April
    (6 weeks), after the end of the year: 1 of 1 on time."""
    frames = world(
        episodes=history("C1", ("01/03/2024", "S", "C2", "U6")),
        statutory_visits=records(
            "statutory_visits", {"CHILD": "C1", "visit_date": "05/03/2024", "seen": True}
        ),
    )
    result = INDICATORS["visits_due_made_on_time"].run(frames, period=YEAR_2024)
    assert (result.numerator, result.denominator) == (1, 1)


def test_an_initial_health_assessment_done_after_20_working_days_is_late() -> None:
    frames = world(
        header=header(("C1", "01/01/2015")),
        episodes=history("C1", ("01/06/2023", "S", "C2", "U6")),
        health_checks=records(
            "health_checks",
            {
                "CHILD": "C1",
                "check_type": "health_assessment",
                "check_date": "10/07/2023",
                "status": "completed",
            },
        ),
    )
    result = INDICATORS["health_assessments_due_in_time"].run(frames, period=YEAR_2024)
    assert (result.numerator, result.denominator) == (0, 1)


def test_pathway_plans_reviewed_within_six_months_of_the_period_end() -> None:
    leavers = records(
        "care_leavers",
        {"CHILD": "C1", "eligibility": "former_relevant", "pathway_plan_review_date": "01/01/2024"},
        {"CHILD": "C2", "eligibility": "relevant", "pathway_plan_review_date": "01/08/2023"},
    )
    frames = world(header=header(("C1", "01/01/2005"), ("C2", "01/01/2007")), care_leavers=leavers)
    result = INDICATORS["pathway_plans_reviewed_in_time"].run(frames, period=YEAR_2024)
    assert (result.numerator, result.denominator) == (1, 2)
    assert result.children.filter(pl.col("in_numerator"))["CHILD"].to_list() == ["C1"]
