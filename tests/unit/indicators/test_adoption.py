"""§A11 adoption timeliness: A1, A10 and A2, three-year averages."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from incare.indicators import Period, Unit
from incare.indicators.adoption import adoption_a1, adoption_a2, adoption_a10
from incare.indicators.result import IndicatorFunction

from .builders import d, episodes, history, stack, tables

YEAR_2024 = Period.collection_year(2024)


def _ad1(*rows: tuple[str, str | None, int | None]) -> pl.DataFrame:
    """Rows of (CHILD, DATE_MATCH, FOSTER_CARE)."""
    data = [{"CHILD": c, "DATE_MATCH": d(m) if m else None, "FOSTER_CARE": f} for c, m, f in rows]
    return pl.DataFrame(data, schema=tables()["ad1"].schema)


def _adopted(child: str, *steps: tuple[str, str, str, str], on: str = "01/03/2024") -> pl.DataFrame:
    return history(child, *steps, ceased=(on, "E11"))


def test_a1_counts_days_from_the_start_of_care_to_placed_for_adoption() -> None:
    eps = _adopted(
        "C1",
        ("01/01/2022", "S", "C1", "U4"),
        ("01/06/2022", "L", "E1", "U4"),
        ("01/01/2023", "P", "E1", "A4"),
        ("01/02/2023", "P", "E1", "A6"),  # a later adoption placement is not the date placed
    )
    result = adoption_a1(tables(episodes=eps), period=YEAR_2024)
    assert (result.unit, result.denominator, result.value) == (Unit.DAYS, 1, 365.0)
    row = result.children.row(0, named=True)
    assert (row["placed_for_adoption"], row["days"]) == (d("01/01/2023"), 365)


def test_a1_uses_the_latest_period_of_care() -> None:
    eps = episodes(
        ("C1", "01/01/2020", "S", "V2", "U4", "01/01/2021", "E4A"),
        ("C1", "01/01/2022", "S", "C2", "U4", "11/01/2022", "X1"),
        ("C1", "11/01/2022", "P", "E1", "A4", "01/02/2023", "E12"),
    )
    assert adoption_a1(tables(episodes=eps), period=YEAR_2024).value == 10.0


def test_a1_is_a_three_year_average() -> None:
    def child(c: str, start: str, placed: str, adopted: str) -> pl.DataFrame:
        return _adopted(c, (start, "S", "C2", "U4"), (placed, "P", "E1", "A4"), on=adopted)

    eps = stack(
        child("C1", "01/01/2020", "11/01/2020", "01/04/2021"),  # adopted on the first day
        child("C2", "01/01/2020", "31/01/2020", "31/03/2024"),  # and on the last
        child("C3", "01/01/2020", "11/01/2020", "31/03/2021"),  # too early
        child("C4", "01/01/2023", "11/01/2023", "01/04/2024"),  # too late
    )
    result = adoption_a1(tables(episodes=eps), period=YEAR_2024)
    assert result.children.get_column("CHILD").to_list() == ["C1", "C2"]
    assert result.value == 20.0


def test_adopted_child_never_placed_for_adoption_is_left_out() -> None:
    eps = _adopted("C1", ("01/01/2022", "S", "C2", "U4"))
    result = adoption_a1(tables(episodes=eps), period=YEAR_2024)
    assert (result.denominator, result.value) == (0, None)


def test_a10_uses_the_date_the_child_moved_in_with_the_foster_carer_who_adopted() -> None:
    eps = _adopted(
        "C1",
        ("01/01/2022", "S", "C2", "U4"),
        ("01/03/2022", "P", "C2", "U5"),  # moves in with the carers who will adopt
        ("01/06/2022", "L", "E1", "U5"),
        ("01/01/2023", "T", "E1", "A5"),  # placed for adoption with them: same carer
    )
    a10 = adoption_a10(tables(episodes=eps), period=YEAR_2024)
    row = a10.children.row(0, named=True)
    assert row["foster_carer_adoption"] is True
    assert row["moved_in_with_adopters"] == d("01/03/2022")
    assert a10.value == (date(2022, 3, 1) - date(2022, 1, 1)).days
    assert adoption_a1(tables(episodes=eps), period=YEAR_2024).value == 365.0


def test_a10_trusts_ad1_foster_care_when_the_episode_says_a_new_carer() -> None:
    eps = _adopted(
        "C1",
        ("01/01/2022", "S", "C2", "U4"),
        ("01/03/2022", "P", "C2", "U5"),
        ("01/01/2023", "U", "E1", "A3"),
    )
    assert adoption_a10(tables(episodes=eps), period=YEAR_2024).value == 59.0
    eps_new_carer = eps.with_columns(
        RNE=pl.when(pl.col("PLACE") == "A3").then(pl.lit("P")).otherwise("RNE")
    )
    not_foster = adoption_a10(tables(episodes=eps_new_carer), period=YEAR_2024)
    assert not_foster.value == 365.0
    by_ad1 = adoption_a10(
        tables(episodes=eps_new_carer, ad1=_ad1(("C1", "01/12/2022", 1))), period=YEAR_2024
    )
    # Moved in with the adopter on the placed date itself: the P episode starts the spell.
    assert by_ad1.children.get_column("foster_carer_adoption").to_list() == [True]


def _with_order(match: str | None) -> dict[str, pl.DataFrame]:
    eps = _adopted(
        "C1",
        ("01/01/2022", "S", "C1", "U4"),
        ("01/06/2022", "L", "E1", "U4"),
        ("01/01/2023", "P", "E1", "A4"),
    )
    return tables(episodes=eps, ad1=_ad1(("C1", match, 0)))


def test_a2_counts_days_from_the_placement_order_to_the_match() -> None:
    result = adoption_a2(_with_order("01/07/2022"), period=YEAR_2024)
    assert (result.denominator, result.value) == (1, 30.0)


def test_matched_before_the_placement_order_counts_as_zero_days() -> None:
    result = adoption_a2(_with_order("01/05/2022"), period=YEAR_2024)
    assert (result.denominator, result.value) == (1, 0.0)


def test_a2_leaves_out_children_with_no_placement_order() -> None:
    eps = _adopted("C1", ("01/01/2022", "S", "C2", "U4"), ("01/01/2023", "P", "C2", "A4"))
    result = adoption_a2(tables(episodes=eps, ad1=_ad1(("C1", "01/12/2022", 0))), period=YEAR_2024)
    assert result.denominator == 0


def test_a2_leaves_out_children_with_no_match_date() -> None:
    assert adoption_a2(_with_order(None), period=YEAR_2024).denominator == 0


@pytest.mark.parametrize("indicator", [adoption_a1, adoption_a10, adoption_a2])
def test_rolling_period_uses_the_three_years_ending_on_its_last_day(
    indicator: IndicatorFunction,
) -> None:
    data = _with_order("01/07/2022")
    assert indicator(data, period=Period.ending(date(2027, 2, 28))).denominator == 1
    assert indicator(data, period=Period.ending(date(2027, 3, 1))).denominator == 0
