"""The chapter's figures are the published ones (issue 8 §3 and its checks).

Expected values come from the seed JSNA (strategies/sources/004_36ae127e2ef2c1be.txt:
"401 children in care ... 90 children per 10,000 ... compared to 64 per 10,000 in England",
"We are close to the North West average (91)", "90% were living in suitable accommodation,
in comparison to 84% nationally") and, for other authorities and years, from the published
LAIT file read independently with the csv module (published_csv.py).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from incare.jsna import build_chapter
from incare.jsna.chapter import NEIGHBOURS

from . import published_csv


def figure(figures: list[dict[str, object]], measure: str, area: str, year: int) -> object:
    found = [
        f["value"]
        for f in figures
        if (f["measure"], f["area"], f["year"]) == (measure, area, year)
        and f.get("source", "published") == "published"
    ]
    assert len(found) == 1, f"{measure} {area} {year}: {found}"
    return found[0]


def test_warrington_2018_reproduces_the_seed_chapter() -> None:
    document = build_chapter(la="Warrington", year=2018).as_json()
    assert (document["la"], document["year"]) == ("Warrington", 2018)
    figures = document["figures"]
    assert figure(figures, "LACnum", "Warrington", 2018) == 401
    assert figure(figures, "LAC", "Warrington", 2018) == 90
    assert figure(figures, "LAC", "England", 2018) == 64
    assert figure(figures, "LAC", "North West", 2018) == 91
    # Care leavers aged 19-21 in suitable accommodation (reference README and seed).
    assert figure(figures, "CareLeaverAcc", "Warrington", 2018) == 90
    assert figure(figures, "CareLeaverAcc", "England", 2018) == 84
    # UASC and the adoption share as the seed gives them (22; 20.2% shown as 20%).
    assert figure(figures, "Unacc_Asylmn_Seek_Childn", "Warrington", 2018) == 22
    assert figure(figures, "%_of LAC Adopted", "Warrington", 2018) == 20


def test_warrington_2018_opens_with_the_seed_comparison() -> None:
    chapter = build_chapter(la="Warrington", year=2018)
    assert chapter.summary[0] == "401 children were in care in Warrington on 31 March 2018."
    assert chapter.summary[1].startswith(
        "Warrington's rate, 90 per 10,000, is well above England's 64 and close to the "
        "North West's 91."
    )


def test_every_figure_has_the_four_keys_of_the_issue_and_appears_once() -> None:
    figures = build_chapter(la="Warrington", year=2018).figures()
    keys = [(f["measure"], f["area"], f["year"]) for f in figures]
    assert len(keys) == len(set(keys))
    for f in figures:
        assert {"measure", "area", "year", "value"} <= set(f)
        assert isinstance(f["year"], int)
        assert f["value"] is None or isinstance(f["value"], int | float)


CASES = [
    ("Warrington", 2018, "North West"),
    ("Manchester", 2020, "North West"),
    ("Camden", 2023, "London"),
    ("Cornwall", 2025, "South West"),
    # The authority's region column says "The Humber", the region's own rows "the Humber".
    ("Leeds", 2016, "Yorkshire and the Humber"),
    ("Isle of Wight", 2021, "South East"),
    ("Birmingham", 2019, "West Midlands"),
]


@pytest.mark.parametrize(("la", "year", "region"), CASES)
def test_figures_equal_the_published_file(la: str, year: int, region: str) -> None:
    """Every published figure the chapter shows is the file's value (or null with its mark)."""
    figures = build_chapter(la=la, year=year).figures()
    areas = {f["area"] for f in figures}
    assert {la, region, "England"} <= areas
    checked = 0
    for f in figures:
        if f["area"] == NEIGHBOURS or f.get("source", "published") != "published":
            continue
        text = published_csv.published().get((f["measure"], f["area"], f["year"]))
        expected = published_csv.value(f["measure"], f["area"], f["year"])
        assert f["value"] == expected, f
        if expected is None:
            assert f["marker"] == (text or "x"), f
        checked += 1
    assert checked > 50
    for measure in ("LACnum", "LAC"):
        for area in (la, region, "England"):
            expected = published_csv.value(measure, area, year)
            assert expected is not None
            assert figure(figures, measure, area, year) == expected


def half_up(value: float, places: int = 0) -> float:
    step = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP))


@pytest.mark.parametrize(
    ("la", "number", "year"), [("Warrington", "877", 2018), ("Camden", "202", 2023)]
)
def test_the_neighbours_figure_is_the_mean_of_their_published_figures(
    la: str, number: str, year: int
) -> None:
    """docs/jsna.md: the simple mean of the neighbours with a figure, rounded as shown."""
    names = published_csv.numbers()
    values = [
        v
        for n in published_csv.neighbours(number)
        if (v := published_csv.value("LAC", names[n], year)) is not None
    ]
    figures = build_chapter(la=la, year=year).figures()
    assert figure(figures, "LAC", NEIGHBOURS, year) == half_up(sum(values) / len(values))


def test_counts_have_no_neighbours_mean() -> None:
    figures = build_chapter(la="Warrington", year=2018).figures()
    assert not [f for f in figures if f["measure"] == "LACnum" and f["area"] == NEIGHBOURS]


def test_the_authority_by_name_in_any_case_ons_code_or_dfe_number() -> None:
    by_name = build_chapter(la="WARRINGTON", year=2018).as_json()
    assert build_chapter(la="E06000007", year=2018).as_json() == by_name
    assert build_chapter(la="877", year=2018).as_json() == by_name


def test_trend_covers_up_to_five_published_years() -> None:
    figures = build_chapter(la="Warrington", year=2022).figures()
    years = sorted({f["year"] for f in figures if f["measure"] == "LACnum"})
    assert years == [2018, 2019, 2020, 2021, 2022]
    assert figure(figures, "LACnum", "Warrington", 2019) == published_csv.value(
        "LACnum", "Warrington", 2019
    )


def test_placement_types_are_shown_only_from_2020_when_lait_has_them() -> None:
    before = build_chapter(la="Warrington", year=2018).figures()
    after = build_chapter(la="Warrington", year=2020).figures()
    assert not [f for f in before if f["measure"] == "LAC_Foster_Placements"]
    assert figure(after, "LAC_Foster_Placements", "Warrington", 2020) == published_csv.value(
        "LAC_Foster_Placements", "Warrington", 2020
    )
