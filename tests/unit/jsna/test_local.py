"""Current figures from the authority's own data, safe for the public (indicators.md §D).

The JSNA is published, so local figures pass the ``public`` disclosure rules: counts of 1-5
hidden as c, a percentage of a numerator of 1-5 or a cohort under 10 hidden, and in the age
mix a second cell hidden so the first cannot be worked out from the total. The figures come
from the real indicator engine run over small synthetic tables.
"""

from __future__ import annotations

import polars as pl
from indicators.builders import episodes, header, tables

from incare.indicators import INDICATORS, Period
from incare.indicators.breakdowns import breakdown
from incare.jsna import build_chapter, render_html

YEAR = Period.collection_year(2024)

# Ages on 31 March 2024 by date of birth: 2 babies, then 8, 7, 12 and 6 children per band.
BANDS = {
    "01/01/2024": 2,  # under 1
    "01/01/2021": 8,  # 1 to 4
    "01/01/2017": 7,  # 5 to 9
    "01/01/2011": 12,  # 10 to 15
    "01/01/2007": 6,  # 16 and over
}


def store() -> dict[str, pl.DataFrame]:
    children = [(f"C{dob[-4:]}{i:02}", dob) for dob, n in BANDS.items() for i in range(n)]
    eps = episodes(*[(child, "01/02/2024", "S", "C2", "U1") for child, _ in children])
    return tables(episodes=eps, header=header(*children))


def local() -> dict[str, object]:
    t = store()
    return {
        "cla_31_march": INDICATORS["cla_31_march"].run(t, period=YEAR),
        "age_band": breakdown(t, period=YEAR, by="age_band"),
    }


def local_figures(la: str = "Warrington") -> list[dict[str, object]]:
    chapter = build_chapter(la=la, year=2024, local=local())
    assert all(f.get("source", "published") == "published" for f in chapter.figures())
    return chapter.local_figures()


def test_the_current_number_in_care_is_added_with_its_lait_measure() -> None:
    [count] = [f for f in local_figures() if f["indicator"] == "cla_31_march"]
    assert count == {
        "measure": "LACnum",
        "area": "Warrington",
        "year": 2024,
        "value": sum(BANDS.values()),
        "source": "local",
        "indicator": "cla_31_march",
    }


def test_the_age_mix_hides_small_counts_and_the_cell_that_would_reveal_them() -> None:
    ages = {f["measure"]: f for f in local_figures() if f["indicator"] == "age_band"}
    assert ages["age_band:Under 1"]["value"] is None
    assert ages["age_band:Under 1"]["marker"] == "c"
    # Secondary suppression: the next smallest band (16 and over, 6) is hidden too.
    assert ages["age_band:16 and over"]["value"] is None
    assert ages["age_band:All children in care"]["value"] == sum(BANDS.values())
    shown = [f["value"] for m, f in ages.items() if not m.endswith(":%")]
    assert not [v for v in shown if v is not None and 1 <= v <= 5]
    hidden = [m for m, f in ages.items() if f["value"] is None and not m.endswith(":%")]
    assert len(hidden) >= 2


def test_percentages_of_hidden_counts_are_hidden() -> None:
    ages = {f["measure"]: f for f in local_figures() if f["indicator"] == "age_band"}
    assert ages["age_band:Under 1:%"]["value"] is None
    assert ages["age_band:10 to 15:%"]["value"] == 34  # 12 of 35, whole number half up


def test_a_small_percentage_numerator_is_hidden() -> None:
    figures = build_chapter(
        la="Warrington",
        year=2024,
        local={"placement_moves_3plus": {"value": 40.0, "numerator": 4, "denominator": 10}},
    ).local_figures()
    [moves] = [f for f in figures if f.get("indicator") == "placement_moves_3plus"]
    assert (moves["measure"], moves["value"], moves["marker"]) == ("LACStable_2016on", None, "c")


def test_the_html_shows_current_figures_beside_the_last_published() -> None:
    html = render_html(build_chapter(la="Warrington", year=2024, local=local()))
    assert "Current figures" in html
    assert "Children in care by age" in html
    assert ">c<" in html
