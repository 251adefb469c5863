"""§A12 reasons for leaving care; §A9 staying put with foster carers."""

from __future__ import annotations

from pathlib import Path

import pytest

from incare.indicators import INDICATORS, Period
from incare.indicators.leaving import (
    ceased_adopted_pct,
    ceased_returned_home_pct,
    ceased_sgo_pct,
    staying_put_18,
    staying_put_19_20,
)
from incare.indicators.result import IndicatorFunction

from .builders import d, episodes, header, history, oc3, stack, tables

DOCS = Path(__file__).resolve().parents[3] / "docs" / "indicators.md"
YEAR_2024 = Period.collection_year(2024)


def _left(child: str, rec: str, dec: str = "01/10/2023") -> tuple[str, ...]:
    return (child, "01/01/2020", "S", "C2", "U4", dec, rec)


def test_child_ceasing_twice_counts_once_on_the_last_occasion() -> None:
    eps = episodes(
        ("C1", "01/01/2020", "S", "V2", "U6", "01/06/2023", "E11"),
        ("C1", "01/09/2023", "S", "C1", "U6", "01/02/2024", "E4A"),
    )
    frames = tables(episodes=eps)
    adopted = ceased_adopted_pct(frames, period=YEAR_2024)
    home = ceased_returned_home_pct(frames, period=YEAR_2024)
    assert (adopted.numerator, adopted.denominator) == (0, 1)
    assert home.children.to_dicts() == [
        {"CHILD": "C1", "in_numerator": True, "DEC": d("01/02/2024"), "REC": "E4A"}
    ]


@pytest.mark.parametrize(
    ("indicator", "reasons"),
    [
        (ceased_adopted_pct, ("E11", "E12")),
        (ceased_sgo_pct, ("E45", "E46", "E47", "E48", "E43", "E44")),
        (ceased_returned_home_pct, ("E4A", "E4B")),
    ],
)
def test_each_reason_for_leaving_counts_its_codes(
    indicator: IndicatorFunction, reasons: tuple[str, ...]
) -> None:
    others = ("E13", "E41", "E3", "E17", "E2")
    rows = [_left(f"in_{rec}", rec) for rec in reasons]
    rows += [_left(f"out_{rec}", rec) for rec in others]
    result = indicator(tables(episodes=episodes(*rows)), period=YEAR_2024)
    assert (result.numerator, result.denominator) == (len(reasons), len(reasons) + len(others))


def test_living_with_a_parent_without_parental_responsibility_is_not_returning_home() -> None:
    result = ceased_returned_home_pct(
        tables(episodes=episodes(_left("C1", "E13"))), period=YEAR_2024
    )
    assert (result.numerator, result.denominator) == (0, 1)


def test_end_of_a_short_break_is_not_leaving_care() -> None:
    eps = stack(
        episodes(("C1", "01/05/2023", "S", "V3", "U6", "03/05/2023", "E4A")),
        episodes(_left("C2", "E11")),
    )
    result = ceased_returned_home_pct(tables(episodes=eps), period=YEAR_2024)
    assert result.children.get_column("CHILD").to_list() == ["C2"]


def test_changing_placement_is_not_leaving_care() -> None:
    eps = history("C1", ("01/01/2020", "S", "C2", "U4"), ("01/06/2023", "P", "C2", "U6"))
    assert ceased_adopted_pct(tables(episodes=eps), period=YEAR_2024).denominator == 0


# --- staying put ------------------------------------------------------------------------

DOB = "10/10/2005"  # 18 on 10 October 2023


def test_foster_child_staying_with_carers_on_18th_birthday_is_staying_put() -> None:
    result = staying_put_18(
        tables(
            episodes=history("C1", ("01/01/2015", "S", "C2", "U4"), ceased=("10/10/2023", "E17")),
            header=header(("C1", DOB)),
        ),
        period=YEAR_2024,
    )
    assert result.children.to_dicts() == [
        {"CHILD": "C1", "in_numerator": True, "DEC": d("10/10/2023"), "REC": "E17", "PLACE": "U4"}
    ]


@pytest.mark.parametrize(
    ("rec", "place", "dec", "cohort", "stayed"),
    [
        ("E5", "U4", "10/10/2023", 1, 0),  # left foster care at 18 to live independently
        ("E17", "K2", "10/10/2023", 0, 0),  # a children's home is not foster care
        ("E5", "U4", "09/10/2023", 0, 0),  # left the day before the 18th birthday
    ],
)
def test_staying_put_at_18_cohort_is_leaving_foster_care_on_the_18th_birthday(
    rec: str, place: str, dec: str, cohort: int, stayed: int
) -> None:
    eps = history("C1", ("01/01/2015", "S", "C2", place), ceased=(dec, rec))
    result = staying_put_18(tables(episodes=eps, header=header(("C1", DOB))), period=YEAR_2024)
    assert (result.numerator, result.denominator) == (stayed, cohort)


TURNS_19 = "10/10/2004"  # 18 on 10 October 2022, 19 on 10 October 2023


def _staying_put(
    accom: str, *, in_touch: str = "YES", place: str = "U4", dec: str = "10/10/2022"
) -> tuple[int, int | None]:
    eps = history("C1", ("01/01/2015", "S", "C2", place), ceased=(dec, "E17"))
    frames = tables(
        episodes=eps,
        header=header(("C1", TURNS_19)),
        oc3=oc3(("C1", TURNS_19, 2024, in_touch, "F2", accom)),
    )
    result = staying_put_19_20(frames, period=YEAR_2024)
    return result.numerator, result.denominator


def test_care_leaver_aged_19_living_with_former_foster_carers_is_staying_put() -> None:
    assert _staying_put("Z1") == (1, 1)


def test_care_leaver_aged_19_living_elsewhere_is_not_staying_put() -> None:
    assert _staying_put("U1") == (0, 1)


def test_staying_put_at_19_cohort_is_those_who_left_foster_care_on_their_18th_birthday() -> None:
    assert _staying_put("Z1", place="K2") == (0, 0)
    assert _staying_put("Z1", dec="01/09/2022") == (0, 0)


def test_care_leaver_who_died_is_not_in_the_staying_put_cohort() -> None:
    assert _staying_put("0", in_touch="DIED") == (0, 0)


def test_care_leaver_not_in_touch_stays_in_the_staying_put_cohort() -> None:
    assert _staying_put("0", in_touch="NO") == (0, 1)


@pytest.mark.parametrize(
    "indicator_id",
    [
        "ceased_adopted_pct",
        "ceased_sgo_pct",
        "ceased_returned_home_pct",
        "staying_put_18",
        "staying_put_19_20",
    ],
)
def test_indicator_is_registered_documented_and_runs_on_an_empty_store(indicator_id: str) -> None:
    indicator = INDICATORS[indicator_id]
    assert f"`{indicator_id}`" in DOCS.read_text(encoding="utf-8")
    assert "\n" not in indicator.definition
    result = indicator.run(tables(), period=YEAR_2024)
    assert (result.unit, result.numerator) == (indicator.unit, 0)
    assert result.children.columns[:2] == ["CHILD", "in_numerator"]
