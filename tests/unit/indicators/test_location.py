"""§0 placement location, §A4 placed more than 20 miles from home, §A5 outside the authority.

Postcodes are synthetic (real outward codes, invented inward parts); coordinates are
invented but plausible OS grid metres.
"""

from __future__ import annotations

import math

import polars as pl
import pytest

from incare.geography import REFERENCE_SCHEMA
from incare.indicators import INDICATORS, Period, Unit
from incare.indicators.context import IndicatorContext, MissingContextError
from incare.indicators.location import (
    placed_20_miles,
    placed_20_miles_outside_la,
    placed_outside_la,
    with_placement_location,
)

from .builders import episodes, tables

WARRINGTON = "E06000007"
REFERENCE = pl.DataFrame(
    [
        ("WA19ZX", WARRINGTON, 360800, 388500, "E92000001"),  # home, central Warrington
        ("WA29ZY", WARRINGTON, 363800, 392500, "E92000001"),  # 3 km E, 4 km N: 5 km
        ("WA79ZZ", "E06000006", 352000, 381000, "E92000001"),  # Halton, near
        ("PR19XZ", "E10000017", 354000, 429500, "E92000001"),  # Lancashire, far
        ("LL119ZZ", "W06000006", 332000, 350000, "W92000004"),  # Wrexham, Wales
        ("WA39ZZ", WARRINGTON, None, None, "E92000001"),  # no grid reference
    ],
    schema=REFERENCE_SCHEMA,
    orient="row",
)
CONTEXT = IndicatorContext(la_code=WARRINGTON, postcodes=REFERENCE)
YEAR = Period.collection_year(2024)


def _placed(
    child: str, pl_post: str | None, *, home: str | None = "WA1 9ZX", ls: str = "C2"
) -> tuple[object, ...]:
    return (child, "01/01/2023", "S", ls, "U4", {"HOME_POST": home, "PL_POST": pl_post})


def _located(*rows: tuple[object, ...], la_code: str | None = WARRINGTON) -> pl.DataFrame:
    return with_placement_location(episodes(*rows), REFERENCE, la_code=la_code)


def test_distance_uses_os_grid_metres_converted_to_miles() -> None:
    located = _located(_placed("C1", "WA2 9ZY"), _placed("C2", "PR1 9XZ"))
    far = math.hypot(360800 - 354000, 388500 - 429500) / 1000 / 1.6093
    assert located.get_column("PL_DISTANCE").to_list() == [3.1, round(far, 1)]
    assert round(far, 1) == 25.8


def test_postcodes_match_whatever_their_case_and_spacing() -> None:
    located = _located(_placed("C1", " wa29zy", home="wa1  9zx"))
    assert located.get_column("PL_DISTANCE").to_list() == [3.1]


def test_placement_la_and_location_come_from_the_placement_postcode() -> None:
    located = _located(_placed("C1", "WA2 9ZY"), _placed("C2", "WA7 9ZZ"))
    assert located.get_column("PL_LA").to_list() == [WARRINGTON, "E06000006"]
    assert located.get_column("PL_LOCATION").to_list() == ["IN", "OUT"]


def test_responsible_la_may_be_given_as_its_dfe_number() -> None:
    located = _located(_placed("C1", "WA2 9ZY"), _placed("C2", "WA7 9ZZ"), la_code="877")
    assert located.get_column("PL_LOCATION").to_list() == ["IN", "OUT"]


def test_two_tier_placement_is_in_the_county_council() -> None:
    located = _located(_placed("C1", "PR1 9XZ", home="PR1 9XZ"), la_code="E10000017")
    assert located.get_column("PL_LOCATION").to_list() == ["IN"]


def test_placement_in_wales_counts_as_outside() -> None:
    located = _located(_placed("C1", "LL11 9ZZ"), la_code="W06000006")
    assert located.get_column("PL_LOCATION").to_list() == ["OUT"]
    assert located.get_column("PL_DISTANCE").to_list() == [29.9]


def test_missing_placement_postcode_leaves_distance_blank_and_out_of_denominator() -> None:
    rows = (_placed("C1", None), _placed("C2", "PR1 9XZ"), _placed("C3", "WA2 9ZY"))
    located = _located(*rows)
    assert located.get_column("PL_DISTANCE").to_list() == [None, 25.8, 3.1]
    assert located.get_column("PL_LOCATION").to_list() == [None, "OUT", "IN"]
    result = placed_20_miles(tables(episodes=episodes(*rows)), period=YEAR, context=CONTEXT)
    assert (result.numerator, result.denominator, result.value) == (1, 2, 50.0)


def test_missing_home_postcode_leaves_distance_blank_but_location_known() -> None:
    located = _located(_placed("C1", "PR1 9XZ", home=None))
    assert located.select("PL_DISTANCE", "PL_LOCATION").row(0) == (None, "OUT")


def test_postcode_not_in_the_reference_or_without_grid_is_unknown() -> None:
    located = _located(_placed("C1", "WA4 9QQ"), _placed("C2", "WA3 9ZZ"))
    assert located.get_column("PL_DISTANCE").to_list() == [None, None]
    assert located.get_column("PL_LOCATION").to_list() == [None, "IN"]


def test_short_break_episode_has_no_distance() -> None:
    located = _located(_placed("C1", "PR1 9XZ", ls="V3"), _placed("C2", "PR1 9XZ", ls="V4"))
    assert located.get_column("PL_DISTANCE").to_list() == [None, None]


def test_twenty_miles_is_not_more_than_twenty_miles() -> None:
    # 20.0 miles exactly after rounding: 32,186 m north of home.
    reference = pl.concat(
        [
            REFERENCE,
            pl.DataFrame(
                [("WN89ZZ", "E08000010", 360800, 388500 + 32186, "E92000001")],
                schema=REFERENCE_SCHEMA,
                orient="row",
            ),
        ]
    )
    context = IndicatorContext(la_code=WARRINGTON, postcodes=reference)
    store = tables(episodes=episodes(_placed("C1", "WN8 9ZZ")))
    result = placed_20_miles(store, period=YEAR, context=context)
    assert result.children.get_column("PL_DISTANCE").to_list() == [20.0]
    assert (result.numerator, result.denominator) == (0, 1)


def test_far_and_outside_needs_both() -> None:
    rows = (
        _placed("C1", "PR1 9XZ"),  # far, outside
        _placed("C2", "WA7 9ZZ"),  # near, outside
        _placed("C3", "WA2 9ZY", home="LL11 9ZZ"),  # far (from a Welsh home), inside
        _placed("C4", "WA2 9ZY"),  # near, inside
    )
    result = placed_20_miles_outside_la(
        tables(episodes=episodes(*rows)), period=YEAR, context=CONTEXT
    )
    assert (result.unit, result.numerator, result.denominator, result.value) == (
        Unit.PERCENT,
        1,
        4,
        25.0,
    )
    children = result.children
    assert children.columns[:2] == ["CHILD", "in_numerator"]
    assert {"HOME_POST", "PL_POST", "PL_DISTANCE", "PL_LOCATION"} <= set(children.columns)
    assert children.filter("in_numerator").get_column("CHILD").to_list() == ["C1"]


def test_outside_la_counts_children_at_period_end_with_a_known_location() -> None:
    rows = (
        _placed("C1", "WA7 9ZZ"),
        _placed("C2", "LL11 9ZZ"),
        _placed("C3", "WA2 9ZY"),
        _placed("C4", "WA4 9QQ"),  # not in the reference: left out
        ("C5", "01/01/2023", "S", "C2", "U4", "01/02/2024", "E4A", {"PL_POST": "WA7 9ZZ"}),
    )
    result = placed_outside_la(tables(episodes=episodes(*rows)), period=YEAR, context=CONTEXT)
    assert (result.numerator, result.denominator) == (2, 3)
    assert result.value == pytest.approx(200 / 3)


def test_uses_the_placement_open_at_the_period_end() -> None:
    rows = (
        (
            "C1",
            "01/01/2023",
            "S",
            "C2",
            "U4",
            "01/03/2024",
            "X1",
            {"HOME_POST": "WA1 9ZX", "PL_POST": "PR1 9XZ"},
        ),
        ("C1", "01/03/2024", "P", "C2", "U4", {"HOME_POST": "WA1 9ZX", "PL_POST": "WA2 9ZY"}),
    )
    result = placed_20_miles(tables(episodes=episodes(*rows)), period=YEAR, context=CONTEXT)
    assert (result.numerator, result.denominator) == (0, 1)


def test_without_a_postcode_reference_says_so() -> None:
    store = tables(episodes=episodes(_placed("C1", "WA2 9ZY")))
    for indicator in ("placed_20_miles", "placed_20_miles_outside_la", "placed_outside_la"):
        with pytest.raises(MissingContextError, match="postcode reference"):
            INDICATORS[indicator].run(store, period=YEAR, context=IndicatorContext(la_code="877"))


def test_inside_or_outside_needs_the_authority() -> None:
    store = tables(episodes=episodes(_placed("C1", "WA2 9ZY")))
    context = IndicatorContext(postcodes=REFERENCE)
    with pytest.raises(MissingContextError, match="authority"):
        placed_outside_la(store, period=YEAR, context=context)
    assert placed_20_miles(store, period=YEAR, context=context).denominator == 1


def test_registered_with_lait_measure() -> None:
    assert INDICATORS["placed_20_miles_outside_la"].lait_measure == "LACDistance"
    assert INDICATORS["placed_20_miles"].section == "A4"
    assert INDICATORS["placed_outside_la"].section == "A5"
