"""§A3 children in care at the period end by characteristic."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from incare.indicators import Period
from incare.indicators.breakdowns import (
    BREAKDOWNS,
    GROUPS,
    NOT_RECORDED,
    UnknownBreakdownError,
    breakdown,
)

from .builders import episodes, header, history, stack, tables

YEAR_2024 = Period.collection_year(2024)


def _counts(frame: pl.DataFrame) -> dict[str, int]:
    return {g: c for g, c in frame.select("group", "count").iter_rows() if c}


def _in_care(*children: tuple[str, dict[str, str]]) -> pl.DataFrame:
    return stack(*[history(c, ("01/01/2020", "S", "C2", "U4", extra)) for c, extra in children])


def test_age_band_boundary_on_16th_birthday() -> None:
    eps = _in_care(("C1", {}), ("C2", {}), ("C3", {}))
    # C1 is 16 on 31 March 2024, C2 the day after; C3 turned 1 on 31 March 2024.
    dobs = header(("C1", "31/03/2008"), ("C2", "01/04/2008"), ("C3", "31/03/2023"))
    got = breakdown(tables(episodes=eps, header=dobs), period=YEAR_2024, by="age_band")
    assert _counts(got) == {"16 and over": 1, "10 to 15": 1, "1 to 4": 1}
    assert got.get_column("group").to_list() == [
        "Under 1",
        "1 to 4",
        "5 to 9",
        "10 to 15",
        "16 and over",
    ]


def test_percent_is_of_all_children_in_care_at_the_period_end() -> None:
    eps = _in_care(("C1", {}), ("C2", {}), ("C3", {}))
    dobs = header(("C1", "01/01/2010", "1"), ("C2", "01/01/2010", "M"), ("C3", "01/01/2010", "F"))
    got = breakdown(tables(episodes=eps, header=dobs), period=YEAR_2024, by="sex")
    assert got.to_dicts() == [
        {"group": "Male", "count": 2, "percent": pytest.approx(200 / 3)},
        {"group": "Female", "count": 1, "percent": pytest.approx(100 / 3)},
        {"group": "Unknown", "count": 0, "percent": 0.0},
    ]


def test_both_sex_code_sets_are_understood() -> None:
    assert GROUPS["sex"] == {"1": "Male", "M": "Male", "2": "Female", "F": "Female", "U": "Unknown"}


def test_chinese_is_in_other_ethnic_group() -> None:
    eps = _in_care(("C1", {}))
    ethnic = header(("C1", "01/01/2010")).with_columns(ETHNIC=pl.lit("CHNE"))
    got = breakdown(tables(episodes=eps, header=ethnic), period=YEAR_2024, by="ethnicity_group")
    assert _counts(got) == {"Other ethnic group": 1}


def test_legal_status_and_placement_are_those_open_at_the_period_end() -> None:
    eps = history(
        "C1",
        ("01/01/2020", "S", "V2", "U4"),
        ("01/02/2024", "B", "E1", "A4"),
        ("31/03/2024", "P", "C2", "K2"),
    )
    t = tables(episodes=eps, header=header(("C1", "01/01/2010")))
    assert _counts(breakdown(t, period=YEAR_2024, by="legal_status")) == {"Care order": 1}
    assert _counts(breakdown(t, period=YEAR_2024, by="placement_type")) == {
        "Secure units and children's homes": 1
    }
    earlier = Period.ending(date(2024, 2, 29))
    assert _counts(breakdown(t, period=earlier, by="placement_type")) == {"Placed for adoption": 1}


def test_category_of_need_is_taken_at_the_start_of_the_period_of_care() -> None:
    eps = history(
        "C1", ("01/01/2020", "S", "V2", "U4", {"CIN": "N4"}), ("01/06/2022", "L", "C2", "U4")
    )
    got = breakdown(
        tables(episodes=eps, header=header(("C1", "01/01/2010"))),
        period=YEAR_2024,
        by="category_of_need",
    )
    assert _counts(got) == {"Family in acute stress": 1}


def test_provider_and_unknown_codes_are_not_recorded() -> None:
    eps = _in_care(("C1", {"PLACE_PROVIDER": "PR4"}), ("C2", {"PLACE_PROVIDER": "PR9"}))
    t = tables(episodes=eps, header=header(("C1", "01/01/2010"), ("C2", "01/01/2010")))
    got = breakdown(t, period=YEAR_2024, by="provider")
    assert _counts(got) == {"Private provision": 1, NOT_RECORDED: 1}


def test_uasc_breakdown_uses_the_uasc_status_at_the_period_end() -> None:
    eps = _in_care(("C1", {}), ("C2", {}))
    uasc = pl.DataFrame(
        [{"CHILD": "C1", "DUC": None}, {"CHILD": "C2", "DUC": date(2024, 3, 31)}],
        schema={"CHILD": pl.String, "DUC": pl.Date},
    )
    t = tables(episodes=eps, header=header(("C1", "01/01/2010"), ("C2", "01/01/2010")), uasc=uasc)
    got = breakdown(t, period=YEAR_2024, by="uasc")
    assert _counts(got) == {"Unaccompanied asylum-seeking children": 1, "Other children": 1}


def test_short_breaks_and_children_who_left_are_not_in_any_group() -> None:
    eps = episodes(
        ("C1", "01/01/2020", "S", "V3", "U4"),
        ("C2", "01/01/2020", "S", "C2", "U4", "31/03/2024", "E4A"),
    )
    got = breakdown(tables(episodes=eps), period=YEAR_2024, by="sex")
    assert got.get_column("count").sum() == 0
    assert got.get_column("percent").is_null().all()


@pytest.mark.parametrize("by", BREAKDOWNS)
def test_every_breakdown_runs_on_an_empty_store(by: str) -> None:
    got = breakdown(tables(), period=YEAR_2024, by=by)
    assert got.columns == ["group", "count", "percent"]


def test_unknown_breakdown_names_the_choices() -> None:
    with pytest.raises(UnknownBreakdownError, match="age_band"):
        breakdown(tables(), period=YEAR_2024, by="religion")


def test_other_placement_sub_codes_from_2026_are_other_placements() -> None:
    eps = _in_care(("C1", {"PLACE": "Z11"}), ("C2", {"PLACE": "Z1"}))
    t = tables(episodes=eps, header=header(("C1", "01/01/2010"), ("C2", "01/01/2010")))
    assert _counts(breakdown(t, period=YEAR_2024, by="placement_type")) == {"Other placements": 2}
