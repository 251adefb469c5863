"""Local indicators of leaving care: pathway plans, personal advisers, independence plans,
FGCs before leaving, Staying Put, higher education, temporary accommodation."""

from __future__ import annotations

from ..builders import header, history, oc3, stack
from .common import run
from .records import records


def test_pathway_plan_reviewed_within_six_months_of_the_end_counts_relevant_only() -> None:
    # Care Leavers (England) Regulations 2010: pathway plans reviewed at least every 6 months.
    leavers = records(
        "care_leavers",
        {"CHILD": "C1", "eligibility": "relevant", "pathway_plan_review_date": "01/10/2023"},
        {"CHILD": "C2", "eligibility": "former_relevant", "pathway_plan_review_date": "30/09/2023"},
        {"CHILD": "C3", "eligibility": "eligible", "pathway_plan_review_date": "01/03/2024"},
        {"CHILD": "C4", "eligibility": "relevant", "in_touch": "DIED"},
    )
    result = run("pathway_plan_up_to_date", care_leavers=leavers)
    assert (result.numerator, result.denominator) == (1, 2)  # 30 September is six months back


def test_personal_adviser_is_for_eligible_relevant_and_former_relevant() -> None:
    leavers = records(
        "care_leavers",
        {"CHILD": "C1", "eligibility": "eligible", "personal_adviser": "PA 1"},
        {"CHILD": "C2", "eligibility": "former_relevant"},
        {"CHILD": "C3", "eligibility": "qualifying"},
    )
    result = run("personal_adviser_allocated", care_leavers=leavers)
    assert (result.numerator, result.denominator) == (1, 2)


def test_independence_plan_cohort_is_16_and_17_year_olds_in_foster_care_at_the_end() -> None:
    episodes = stack(
        history("C1", ("01/01/2022", "S", "C2", "U4")),
        history("C2", ("01/01/2022", "S", "C2", "K2")),  # children's home
        history("C3", ("01/01/2022", "S", "C2", "U4")),
        history("C4", ("01/01/2022", "S", "C2", "U4")),
    )
    head = header(
        ("C1", "01/01/2007"), ("C2", "01/01/2007"), ("C3", "01/01/2007"), ("C4", "01/01/2010")
    )
    plans = records(
        "independence_plans",
        {"CHILD": "C1", "started_on": "01/02/2023"},
        {"CHILD": "C2", "started_on": "01/02/2023"},
        {"CHILD": "C3", "started_on": "01/04/2024"},  # after the end
    )
    result = run(
        "independence_plan_post_16_foster", episodes=episodes, header=head, independence_plans=plans
    )
    assert (result.numerator, result.denominator) == (1, 2)


def test_fgc_must_fall_in_the_period_of_care_the_young_person_left() -> None:
    episodes = stack(
        history("C1", ("01/01/2022", "S", "C2", "U4"), ceased=("01/06/2023", "E8")),
        history("C2", ("01/01/2022", "S", "C2", "U4"), ceased=("01/06/2023", "E8")),
    )
    head = header(("C1", "01/01/2007"), ("C2", "01/01/2007"))
    fgcs = records(
        "family_group_conferences",
        {"CHILD": "C1", "held_on": "01/03/2023"},
        {"CHILD": "C2", "held_on": "01/12/2021"},  # before this period of care
    )
    result = run(
        "fgc_before_leaving_care", episodes=episodes, header=head, family_group_conferences=fgcs
    )
    assert (result.numerator, result.denominator) == (1, 2)


def test_staying_put_counts_18_to_20_year_olds_with_an_arrangement_open_at_the_end() -> None:
    head = header(("C1", "01/01/2005"), ("C2", "01/01/2002"), ("C3", "01/01/2005"))
    arrangements = records(
        "staying_put",
        {"CHILD": "C1", "started_on": "01/01/2023"},
        {"CHILD": "C2", "started_on": "01/01/2020"},  # 22: too old
        {"CHILD": "C3", "started_on": "01/01/2023", "ended_on": "01/01/2024"},
    )
    result = run("staying_put_arrangements", header=head, staying_put=arrangements)
    assert result.value == 1


def test_university_is_higher_education_f1_or_p1_of_the_19_to_21_oc3_cohort() -> None:
    episodes = stack(
        history("C1", ("01/01/2018", "S", "C2", "U4"), ceased=("01/01/2021", "E8")),
        history("C2", ("01/01/2018", "S", "C2", "U4"), ceased=("01/01/2021", "E8")),
    )
    rows = oc3(
        ("C1", "01/06/2004", 2024, "YES", "F1", "D1"),
        ("C2", "01/06/2004", 2024, "YES", "F2", "D1"),
    )
    result = run("care_leavers_university", episodes=episodes, oc3=rows)
    assert (result.numerator, result.denominator) == (1, 2)


def test_temporary_accommodation_is_emergency_or_bed_and_breakfast_of_those_in_touch() -> None:
    leavers = records(
        "care_leavers",
        {"CHILD": "C1", "eligibility": "former_relevant", "in_touch": "YES", "accommodation": "W2"},
        {"CHILD": "C2", "eligibility": "former_relevant", "in_touch": "YES", "accommodation": "U1"},
        {"CHILD": "C3", "eligibility": "former_relevant", "in_touch": "NO"},
    )
    result = run("care_leavers_temporary_accommodation", care_leavers=leavers)
    assert (result.numerator, result.denominator) == (1, 2)
