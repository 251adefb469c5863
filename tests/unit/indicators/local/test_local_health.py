"""Local indicators of children's health: GP and dentist registration, CAMHS within six
weeks, substance misuse treatment, health passports."""

from __future__ import annotations

from ..builders import header, history, stack
from .common import run
from .records import records

IN_CARE = stack(
    history("C1", ("01/01/2023", "S", "C2", "U4")),
    history("C2", ("01/01/2023", "S", "C2", "U4")),
)
HEADER = header(("C1", "01/01/2010"), ("C2", "01/01/2010"))


def test_dentist_registration_must_be_open_at_the_period_end() -> None:
    registrations = records(
        "health_registrations",
        {
            "CHILD": "C1",
            "service": "dentist",
            "registration": "permanent",
            "registered_on": "01/02/2023",
        },
        {
            "CHILD": "C2",
            "service": "dentist",
            "registration": "permanent",
            "registered_on": "01/02/2023",
            "ended_on": "01/03/2024",
        },
    )
    result = run(
        "dentist_registered", episodes=IN_CARE, header=HEADER, health_registrations=registrations
    )
    assert (result.numerator, result.denominator) == (1, 2)


def test_a_temporary_gp_registration_is_not_a_permanent_one() -> None:
    registrations = records(
        "health_registrations",
        {
            "CHILD": "C1",
            "service": "gp",
            "registration": "permanent",
            "registered_on": "01/02/2023",
        },
        {
            "CHILD": "C2",
            "service": "gp",
            "registration": "temporary",
            "registered_on": "01/02/2023",
        },
        {
            "CHILD": "C2",
            "service": "dentist",
            "registration": "permanent",
            "registered_on": "01/02/2023",
        },
    )
    result = run(
        "gp_registered_permanently",
        episodes=IN_CARE,
        header=HEADER,
        health_registrations=registrations,
    )
    assert (result.numerator, result.denominator) == (1, 2)


def test_camhs_six_weeks_is_42_days_and_referrals_count_when_their_six_weeks_end() -> None:
    referrals = records(
        "camhs_referrals",
        {"CHILD": "C1", "referred_on": "01/06/2023", "assessed_on": "13/07/2023"},  # 42 days
        {"CHILD": "C1", "referred_on": "01/09/2023", "assessed_on": "14/10/2023"},  # 43 days
        {"CHILD": "C2", "referred_on": "01/10/2023"},  # never assessed: not in time
        {"CHILD": "C2", "referred_on": "01/03/2024"},  # six weeks end after the period
    )
    result = run("camhs_assessed_within_6_weeks", episodes=IN_CARE, camhs_referrals=referrals)
    assert (result.numerator, result.denominator) == (1, 3)


def test_substance_misuse_treated_is_per_child_identified_in_the_period() -> None:
    misuse = records(
        "substance_misuse",
        {"CHILD": "C1", "identified_on": "01/05/2023", "intervention_received": False},
        {"CHILD": "C1", "identified_on": "01/08/2023", "intervention_received": True},
        {"CHILD": "C2", "identified_on": "01/05/2022", "intervention_received": False},  # before
    )
    result = run("substance_misuse_treated", episodes=IN_CARE, substance_misuse=misuse)
    assert (result.numerator, result.denominator) == (1, 1)


def test_health_passport_must_be_given_by_the_day_a_young_person_aged_16_plus_leaves() -> None:
    episodes = stack(
        history("C1", ("01/01/2022", "S", "C2", "U4"), ceased=("01/06/2023", "E8")),
        history("C2", ("01/01/2022", "S", "C2", "U4"), ceased=("01/06/2023", "E8")),
        history("C3", ("01/01/2022", "S", "C2", "U4"), ceased=("01/06/2023", "E8")),
    )
    head = header(("C1", "01/01/2007"), ("C2", "01/01/2007"), ("C3", "01/01/2009"))  # C3 is 14
    passports = records(
        "health_passports",
        {"CHILD": "C1", "given_on": "01/06/2023"},
        {"CHILD": "C2", "given_on": "02/06/2023"},  # the day after leaving
        {"CHILD": "C3", "given_on": "01/05/2023"},
    )
    result = run(
        "health_passport_on_leaving", episodes=episodes, header=head, health_passports=passports
    )
    assert (result.numerator, result.denominator) == (1, 2)
