"""The wording rules of the generated narrative (docs/jsna.md, "Wording").

Rates, counts and scores compare by relative difference (under 5% close to, under 20% above
or below, else well above or below); percentages by percentage points (under 2, under 10).
Comparisons use the figures as shown (rounded half up, as DfE rounds).
"""

from __future__ import annotations

import pytest

from incare.jsna.narrative import (
    change_sentence,
    compare_word,
    comparison_sentence,
    region_possessive,
    round_half_up,
)
from incare.jsna.sections import Kind


def test_the_issue_example_sentence() -> None:
    """Issue 8 §3: "Warrington's rate, 90 per 10,000, is well above England's 64 and close to
    the North West's 91"."""
    sentence = comparison_sentence(
        subject="Warrington's rate",
        kind=Kind.RATE,
        value=90,
        england=64,
        region="North West",
        region_value=91,
        neighbours=None,
        year=2018,
    )
    assert sentence == (
        "Warrington's rate, 90 per 10,000, is well above England's 64 and close to the "
        "North West's 91."
    )


@pytest.mark.parametrize(
    ("value", "other", "word"),
    [
        (100, 100, "close to"),
        (104, 100, "close to"),
        (105, 100, "above"),
        (119, 100, "above"),
        (120, 100, "well above"),
        (96, 100, "close to"),
        (95, 100, "below"),
        (81, 100, "below"),
        (80, 100, "well below"),
        (90, 64, "well above"),
        (90, 91, "close to"),
    ],
)
def test_rates_compare_by_relative_difference(value: float, other: float, word: str) -> None:
    assert compare_word(value, other, Kind.RATE) == word


@pytest.mark.parametrize(
    ("value", "other", "word"),
    [
        (11, 10, "close to"),
        (12, 10, "above"),
        (19, 10, "above"),
        (20, 10, "well above"),
        (84, 90, "below"),
        (80, 90, "well below"),
        (4, 3, "close to"),
    ],
)
def test_percentages_compare_by_percentage_points(value: float, other: float, word: str) -> None:
    assert compare_word(value, other, Kind.PERCENT) == word


def test_comparisons_use_the_figures_as_shown() -> None:
    """11.5% shows as 12% (half up), 2 points above 10%: the words match the table."""
    assert round_half_up(11.5) == 12
    assert compare_word(11.5, 10, Kind.PERCENT) == "above"
    assert compare_word(11.4, 10, Kind.PERCENT) == "close to"


def test_a_zero_comparator_is_not_a_division_error() -> None:
    assert compare_word(0, 0, Kind.COUNT) == "close to"
    assert compare_word(3, 0, Kind.COUNT) == "well above"


def test_regions_named_by_compass_take_the_article() -> None:
    assert region_possessive("North West") == "the North West's"
    assert region_possessive("East of England") == "the East of England's"
    assert region_possessive("London") == "London's"
    assert region_possessive("Yorkshire and The Humber") == "Yorkshire and The Humber's"


def test_a_missing_figure_is_said_not_published() -> None:
    sentence = comparison_sentence(
        subject="Camden's rate",
        kind=Kind.RATE,
        value=None,
        england=64,
        region="London",
        region_value=50,
        neighbours=None,
        year=2018,
    )
    assert sentence == "Camden's rate is not published for 2018."


def test_the_neighbours_are_compared_in_a_second_sentence() -> None:
    sentence = comparison_sentence(
        subject="Warrington's share",
        kind=Kind.PERCENT,
        value=90,
        england=84,
        region="North West",
        region_value=87,
        neighbours=86,
        year=2018,
    )
    assert sentence.endswith("It is above its statistical neighbours' average of 86%.")


def test_change_over_time_is_said_as_the_seed_says_it() -> None:
    """Seed: "rising from 232 in March 2014 to 401 in March 2018; an increase of 73%"."""
    said = change_sentence(
        noun="The number of children in care", start=(2014, 232), end=(2018, 401)
    )
    assert said == (
        "The number of children in care rose from 232 in March 2014 to 401 in March 2018, "
        "an increase of 73%."
    )
    fell = change_sentence(noun="The number", start=(2019, 385), end=(2022, 329))
    assert "fell from 385" in fell
    assert fell.endswith("a decrease of 15%.")
