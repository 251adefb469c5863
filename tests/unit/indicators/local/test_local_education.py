"""Local indicators of education: PEPs this term, attendance, persistent absence,
exclusions, key stage results and GCSEs of young people leaving care."""

from __future__ import annotations

import pytest

from ..builders import header, history, stack
from .common import run
from .records import records

IN_CARE = stack(
    history("C1", ("01/01/2022", "S", "C2", "U4")),
    history("C2", ("01/01/2022", "S", "C2", "U4")),
    history("C3", ("01/01/2022", "S", "C2", "U4")),
)
# On 31 August 2023: C1 is 9 (Year 5), C2 is 4 (Reception: not of compulsory school age),
# C3 is 15 (Year 11).
HEADER = header(("C1", "01/01/2014"), ("C2", "01/01/2019"), ("C3", "01/01/2008"))


def test_pep_must_be_reviewed_in_the_term_the_period_ends_and_only_school_age_counts() -> None:
    # Statutory guidance (DfE 2018): the PEP is reviewed every term. 31 March is spring term.
    peps = records(
        "peps",
        {"CHILD": "C1", "pep_date": "15/01/2024", "term": "spring"},
        {"CHILD": "C2", "pep_date": "15/01/2024", "term": "spring"},  # not school age
        {"CHILD": "C3", "pep_date": "15/11/2023", "term": "autumn"},  # last term
    )
    result = run("pep_up_to_date", episodes=IN_CARE, header=HEADER, peps=peps)
    assert (result.numerator, result.denominator) == (1, 2)


ATTENDANCE = records(
    "school_attendance",
    {
        "CHILD": "C1",
        "academic_year": 2024,
        "term": "autumn",
        "sessions_possible": 100,
        "sessions_attended": 90,
    },
    {
        "CHILD": "C3",
        "academic_year": 2024,
        "term": "autumn",
        "sessions_possible": 200,
        "sessions_attended": 200,
    },
    {
        "CHILD": "C3",
        "academic_year": 2023,
        "term": "summer",
        "sessions_possible": 100,
        "sessions_attended": 0,
    },
)


def test_attendance_is_sessions_attended_over_possible_this_academic_year() -> None:
    result = run("school_attendance", episodes=IN_CARE, header=HEADER, school_attendance=ATTENDANCE)
    assert (result.numerator, result.denominator) == (290, 300)  # last year's summer left out
    assert result.value == pytest.approx(100 * 290 / 300)


def test_persistent_absence_starts_at_exactly_ten_percent_of_sessions_missed() -> None:
    result = run(
        "persistent_absence", episodes=IN_CARE, header=HEADER, school_attendance=ATTENDANCE
    )
    assert result.children.filter(in_numerator=True)["CHILD"].to_list() == ["C1"]  # 10 of 100
    assert result.denominator == 2


def test_exclusions_count_school_age_children_excluded_in_the_period() -> None:
    exclusions = records(
        "exclusions",
        {"CHILD": "C1", "start_date": "01/10/2023", "kind": "suspension"},
        {"CHILD": "C3", "start_date": "01/10/2022", "kind": "suspension"},  # the year before
    )
    result = run("school_exclusions", episodes=IN_CARE, header=HEADER, exclusions=exclusions)
    assert (result.numerator, result.denominator) == (1, 2)


def test_key_stage_results_count_children_in_care_12_months_at_31_march_of_that_year() -> None:
    # For the year to 31 March 2024 the last completed academic year is 2022/23 (2023);
    # DfE's cohort: looked after continuously for the 12 months to 31 March 2023.
    episodes = stack(IN_CARE, history("C4", ("01/01/2023", "S", "C2", "U4")))
    results = records(
        "key_stage_results",
        {"CHILD": "C1", "key_stage": "KS2", "academic_year": 2023, "expected_standard": True},
        {"CHILD": "C2", "key_stage": "KS2", "academic_year": 2023, "expected_standard": False},
        {"CHILD": "C3", "key_stage": "KS2", "academic_year": 2022, "expected_standard": True},
        {"CHILD": "C4", "key_stage": "KS2", "academic_year": 2023, "expected_standard": True},
    )
    result = run("ks2_expected_rwm", episodes=episodes, key_stage_results=results)
    assert (result.numerator, result.denominator) == (1, 2)  # C1 and C2; C4 in care 3 months


def test_gcses_of_leavers_aged_16_plus_and_no_result_counts_as_none() -> None:
    episodes = stack(
        history("C1", ("01/01/2022", "S", "C2", "U4"), ceased=("01/06/2023", "E8")),
        history("C2", ("01/01/2022", "S", "C2", "U4"), ceased=("01/06/2023", "E8")),
    )
    head = header(("C1", "01/01/2007"), ("C2", "01/01/2007"))
    results = records(
        "key_stage_results",
        {
            "CHILD": "C1",
            "key_stage": "KS4",
            "academic_year": 2023,
            "gcses_grade_4_or_above": 5,
            "gcses_any_grade": 8,
        },
    )
    five = run("gcse_five_a_star_to_c", episodes=episodes, header=head, key_stage_results=results)
    one = run("gcse_one_a_star_to_g", episodes=episodes, header=head, key_stage_results=results)
    assert (five.numerator, five.denominator) == (1, 2)
    assert (one.numerator, one.denominator) == (1, 2)
