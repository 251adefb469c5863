"""Trend charts: inline SVG with a text alternative; hidden figures are gaps, not points."""

from __future__ import annotations

import re

from incare.reports.charts import Point, line_chart


def points() -> list[Point]:
    return [
        Point("Jun 2024", "12", 12.0),
        Point("Sep 2024", "c", None),
        Point("Dec 2024", "9", 9.0),
    ]


def test_the_chart_has_a_title_for_alt_text_naming_first_and_last_figures() -> None:
    svg = line_chart("Children <adopted>", points(), chart_id="c1")
    title = re.search(r'<title id="c1-title">(.*?)</title>', svg)
    assert title is not None
    assert "Children &lt;adopted&gt;" in title.group(1)
    assert "12 at Jun 2024" in title.group(1)
    assert "9 at Dec 2024" in title.group(1)
    assert "1 point not shown" in title.group(1)
    assert 'role="img"' in svg
    assert 'aria-labelledby="c1-title"' in svg


def test_a_hidden_point_is_a_gap_in_the_line_and_has_no_marker() -> None:
    svg = line_chart("x", points())
    assert svg.count("<circle") == 2, "only the two shown figures are drawn"
    assert svg.count("<polyline") == 2, "the line breaks at the hidden point"


def test_a_target_is_a_dashed_line() -> None:
    assert "stroke-dasharray" in line_chart("x", points(), target=10.0, target_text="at most 10")
    assert "stroke-dasharray" not in line_chart("x", points())
