"""Local indicators of social care practice (visits, return interviews, permanence plans,
advocacy, Mockingbird): each test names the rule it pins down."""

from __future__ import annotations

import polars as pl

from incare.indicators import INDICATORS, IndicatorResult, Period

from ..builders import _frame, d, header, history, stack, tables
from .records import records

YEAR = Period.collection_year(2024)  # 1 April 2023 to 31 March 2024


def run(indicator_id: str, **frames: pl.DataFrame) -> IndicatorResult:
    return INDICATORS[indicator_id].run(tables(**frames), period=YEAR)


def test_seen_alone_counts_visits_not_children_and_a_blank_is_not_seen_alone() -> None:
    episodes = history("C1", ("01/01/2023", "S", "C2", "U4"))
    visits = records(
        "statutory_visits",
        {"CHILD": "C1", "visit_date": "01/05/2023", "seen": True, "seen_alone": True},
        {"CHILD": "C1", "visit_date": "01/06/2023", "seen": True, "seen_alone": True},
        {"CHILD": "C1", "visit_date": "01/07/2023", "seen": True, "seen_alone": None},
    )
    result = run("seen_alone_at_visits", episodes=episodes, statutory_visits=visits)
    assert (result.numerator, result.denominator) == (2, 3)
    assert result.children.height == 1  # one child behind three visits
    assert result.children["in_numerator"].to_list() == [False]  # not seen alone every time


def test_seen_alone_leaves_out_visits_outside_the_period_or_when_not_in_care() -> None:
    episodes = history("C1", ("01/06/2023", "S", "C2", "U4"), ceased=("01/01/2024", "E4A"))
    visits = records(
        "statutory_visits",
        {"CHILD": "C1", "visit_date": "01/05/2023", "seen_alone": False},  # before care
        {"CHILD": "C1", "visit_date": "01/07/2023", "seen_alone": True},
        {"CHILD": "C1", "visit_date": "02/01/2024", "seen_alone": False},  # after leaving
        {"CHILD": "C1", "visit_date": "01/04/2024", "seen_alone": False},  # after the period
    )
    result = run("seen_alone_at_visits", episodes=episodes, statutory_visits=visits)
    assert (result.numerator, result.denominator) == (1, 1)


def test_return_interviews_are_per_missing_episode_of_the_903_and_away_is_left_out() -> None:
    # DfE 2014 statutory guidance: a return interview after every missing episode; the
    # 903's episodes are the denominator, and one with no record of an offer is not offered.
    episodes = history("C1", ("01/01/2023", "S", "C2", "U4"))
    missing = _frame(
        "missing",
        [
            {
                "CHILD": "C1",
                "MISSING": "M",
                "MIS_START": d("01/05/2023"),
                "MIS_END": d("02/05/2023"),
            },
            {
                "CHILD": "C1",
                "MISSING": "M",
                "MIS_START": d("01/06/2023"),
                "MIS_END": d("03/06/2023"),
            },
            {
                "CHILD": "C1",
                "MISSING": "A",
                "MIS_START": d("01/07/2023"),
                "MIS_END": d("01/07/2023"),
            },
        ],
    )
    offers = records(
        "missing_episodes",
        {"CHILD": "C1", "start_date": "01/05/2023", "rhi_offered": True},
        {"CHILD": "C1", "start_date": "01/07/2023", "rhi_offered": True},  # away: not counted
    )
    result = run(
        "return_interview_after_missing",
        episodes=episodes,
        missing=missing,
        missing_episodes=offers,
    )
    assert (result.numerator, result.denominator) == (1, 2)


def test_advocacy_offer_counts_children_in_care_at_the_end_offered_by_then() -> None:
    episodes = stack(
        history("C1", ("01/01/2023", "S", "C2", "U4")),
        history("C2", ("01/01/2023", "S", "C2", "U4")),
        history("C3", ("01/01/2023", "S", "C2", "U4"), ceased=("01/02/2024", "E4A")),
    )
    offers = records(
        "advocacy_offers",
        {"CHILD": "C1", "service": "advocate", "offered_on": "01/02/2023"},
        {"CHILD": "C2", "service": "visitor", "offered_on": "01/04/2024"},  # after the end
        {"CHILD": "C3", "service": "advocate", "offered_on": "01/02/2023"},  # left care
    )
    head = header(("C1", "01/01/2010"), ("C2", "01/01/2010"), ("C3", "01/01/2010"))
    result = run(
        "independent_visitor_or_advocate_offered",
        episodes=episodes,
        header=head,
        advocacy_offers=offers,
    )
    assert (result.numerator, result.denominator) == (1, 2)


def test_permanence_plan_is_read_at_the_second_review_of_the_current_period_of_care() -> None:
    # CPPCR 2010 reg 33: first review within 20 working days, second within three months.
    episodes = stack(
        history("C1", ("01/04/2023", "S", "C2", "U4")),
        history("C2", ("01/04/2023", "S", "C2", "U4")),
    )
    reviews = _frame(
        "reviews",
        [
            {"CHILD": c, "REVIEW": d(day), "REVIEW_CODE": "PN1"}
            for c in ("C1", "C2")
            for day in ("25/04/2023", "20/07/2023")
        ],
    )
    plans = records(
        "care_plans",
        {"CHILD": "C1", "start_date": "01/04/2023", "permanence_plan": "Adoption"},
        {"CHILD": "C2", "start_date": "01/09/2023", "permanence_plan": "Adoption"},  # too late
    )
    result = run(
        "permanence_plan_at_second_review", episodes=episodes, reviews=reviews, care_plans=plans
    )
    assert (result.numerator, result.denominator) == (1, 2)
    assert result.children.filter(in_numerator=True)["CHILD"].to_list() == ["C1"]


def test_mockingbird_counts_households_and_constellations_open_at_the_end() -> None:
    members = records(
        "mockingbird",
        {"CHILD": "C1", "constellation": "A", "household": "H1", "joined_on": "01/01/2023"},
        {"CHILD": "C2", "constellation": "A", "household": "H1", "joined_on": "01/02/2023"},
        {"CHILD": "C3", "constellation": "B", "household": "H2", "joined_on": "01/02/2023"},
        {
            "CHILD": "C4",
            "constellation": "C",
            "household": "H3",
            "joined_on": "01/02/2023",
            "left_on": "01/03/2024",  # left before the end
        },
    )
    assert run("mockingbird_constellations", mockingbird=members).value == 2  # H1, H2
    active = run("mockingbird_constellations_active", mockingbird=members)
    assert active.value == 2  # A, B
    assert active.children.height == 3  # the children behind them: C1, C2, C3
