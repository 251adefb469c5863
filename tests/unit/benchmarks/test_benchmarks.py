"""Published benchmarks: the known figures of shared/reference/benchmarks/README.md.

The README lists checks a needs assessment must reproduce: Warrington at 31 March 2018 had
401 children looked after, 90 per 10,000 (England 64, North West 91), and 90% of care leavers
aged 19-21 in suitable accommodation (England 84%).
"""

from __future__ import annotations

import csv
import gzip
from importlib import resources
from statistics import mean

import pytest

from incare.benchmarks import (
    UnknownAuthorityError,
    UnknownMeasureError,
    compare,
    england_northwest,
    find_authority,
    series,
)


def test_warrington_2018_children_looked_after_and_rate() -> None:
    assert series("LACnum", area="Warrington")[2018] == 401
    rate = compare("LAC", year=2018, la="877")
    assert (rate.value, rate.england, rate.region) == (90, 64, 91)
    assert rate.authority is not None
    assert rate.authority.region == "North West"


def test_warrington_2018_care_leavers_in_suitable_accommodation() -> None:
    found = compare("CareLeaverAcc", year=2018, la="Warrington")
    assert (found.value, found.england) == (90, 84)


def test_an_authority_by_dfe_number_ons_code_or_name() -> None:
    assert find_authority("877") == find_authority("E06000007") == find_authority("warrington")


def test_london_boroughs_compare_with_london() -> None:
    assert find_authority("Camden").region == "London"


def raw_rows() -> list[dict[str, str]]:
    """The packaged LAIT file read with the csv module (not the package's Polars reader)."""
    source = resources.files("incare.benchmarks").joinpath("data/lait_children_looked_after.csv.gz")
    with source.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_statistical_neighbour_figure_is_the_mean_of_the_ten_neighbours() -> None:
    """Computed here from the raw files: the neighbours listed for 877, their 2024 figures."""
    source = resources.files("incare.benchmarks").joinpath("data/statistical_neighbours_2025.csv")
    with source.open("r", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["la_number"] == "877")
    neighbours = {row[f"sn{i}"] for i in range(1, 11)}
    values = [
        float(r["value"])
        for r in raw_rows()
        if r["measure"] == "LACStable_2016on"
        and r["year"] == "2024"
        and r["la_number"].removesuffix(".0") in neighbours
        and r["value"].strip()
    ]
    found = compare("LACStable_2016on", year=2024, la="877")
    assert found.neighbours_counted == len(values)
    assert found.statistical_neighbours == pytest.approx(mean(values))


def test_a_year_not_yet_published_falls_back_to_the_latest() -> None:
    found = compare("LACnum", year=2040, la="877")
    assert found.year == 2040
    assert found.year_used == max(series("LACnum", area="Warrington"))


def test_england_alone_when_no_authority_is_given() -> None:
    found = compare("LACnum", year=2018, la=None)
    assert found.authority is None
    assert found.value is None
    assert found.england == series("LACnum", area="England")[2018]


def test_unknown_authority_and_measure_are_named_errors() -> None:
    with pytest.raises(UnknownAuthorityError, match="did you mean Warrington"):
        find_authority("Warington")
    with pytest.raises(UnknownMeasureError, match="LAIT has no measure"):
        compare("NoSuchMeasure", year=2018, la="877")


def test_the_tidy_extract_gives_england_and_north_west() -> None:
    assert england_northwest("cla_31mar_number", year=2018, area="North West") is not None
    assert england_northwest("no_such_indicator", year=2018) is None


def test_yorkshire_authorities_compare_with_their_region_whatever_its_capitals() -> None:
    # LAIT spells the region "Yorkshire and The Humber" on authorities' rows and "Yorkshire
    # and the Humber" on the region's own rows: Leeds must still get its region's figure.
    published = next(
        float(r["value"])
        for r in raw_rows()
        if r["area"] == "Yorkshire and the Humber" and r["measure"] == "LAC" and r["year"] == "2018"
    )
    leeds = compare("LAC", year=2018, la="Leeds")
    assert leeds.region == published
