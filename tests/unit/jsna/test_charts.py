"""Charts: round axis ticks, and a description that names every value it draws (the same
figures as the table beside it, WCAG 1.1.1)."""

from __future__ import annotations

import re

import pytest

from incare.jsna import build_chapter, render_html
from incare.jsna.charts import Series, _nice_max, line_chart

from . import published_csv


@pytest.mark.parametrize(("top", "axis"), [(3, 4), (12, 12), (91, 100), (401, 600), (75360, 80000)])
def test_the_axis_top_is_four_round_steps_covering_the_largest_value(
    top: float, axis: float
) -> None:
    assert _nice_max(top) == axis


def test_a_gap_is_drawn_for_a_missing_value_not_a_zero() -> None:
    svg = line_chart(
        ident="t",
        title="t",
        description="d",
        labels=["2016", "2017", "2018"],
        series=[Series("A", [10, None, 12])],
    )
    assert svg.count("<circle") == 2 + 1  # two points and the legend's marker


def test_the_rate_chart_describes_every_published_value() -> None:
    html = render_html(build_chapter(la="Warrington", year=2018))
    descriptions = re.findall(r"<desc [^>]*>([^<]*)</desc>", html)
    rate = next(d for d in descriptions if "North West" in d and "2016" in d)
    for area in ("Warrington", "North West", "England"):
        values = [published_csv.value("LAC", area, y) for y in (2016, 2017, 2018)]
        said = ", ".join(f"{y} {v:.0f}" for y, v in zip((2016, 2017, 2018), values, strict=True))
        assert f"{area}: {said}" in rate
