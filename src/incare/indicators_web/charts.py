"""Horizontal bar charts as inline SVG, for benchmarks and breakdowns.

Trend lines are the packs' (``incare.reports.charts.line_chart``); bars are what the packs do
not draw. As there, only shown figures are drawn (a hidden ``c`` has no bar and says so), the
``aria-label`` is the chart's text alternative, and a table beside every chart gives each figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from incare.reports.charts import LINE

WIDTH = 500
LABEL_WIDTH = 190
BAR_HEIGHT, GAP, TOP = 18, 8, 6
OURS = LINE  # GOV.UK blue: the authority's own figure
OTHERS = "#505a5f"  # GOV.UK dark grey: the figures it is compared with


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    """The figure as shown (``68%``, ``c``)."""
    number: float | None
    """What to draw; None when the figure is hidden or missing."""
    ours: bool = False


def alt_text(title: str, bars: Sequence[Bar]) -> str:
    listed = "; ".join(f"{b.label} {b.text}" for b in bars)
    return f"Bar chart of {title}: {listed}. Every figure is in the table beside it."


def bar_chart(title: str, bars: Sequence[Bar], *, chart_id: str) -> str:
    """The SVG (a string of markup) of ``bars``, one a row, scaled to the largest."""
    height = TOP * 2 + len(bars) * (BAR_HEIGHT + GAP)
    drawn = [b.number for b in bars if b.number is not None]
    top = max([*drawn, 0.0]) or 1.0
    room = WIDTH - LABEL_WIDTH - 60
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" id="{chart_id}" '
        f'aria-label="{escape(alt_text(title, bars))}" class="app-chart">',
    ]
    for i, bar in enumerate(bars):
        y = TOP + i * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT / 2 + 4
        label = bar.label if len(bar.label) <= 30 else bar.label[:29] + "…"
        out.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{middle:.1f}" text-anchor="end" font-size="11" '
            f'fill="#0b0c0c">{escape(label)}</text>'
        )
        length = 0.0 if bar.number is None else max(bar.number, 0.0) / top * room
        if length > 0:
            colour = OURS if bar.ours else OTHERS
            out.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{colour}"/>'
            )
        out.append(
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{middle:.1f}" font-size="11" '
            f'fill="#0b0c0c">{escape(bar.text)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


_TITLE = re.compile(r'aria-labelledby="([^"]+)"(.*?)<title id="\1">(.*?)</title>', re.S)


def in_page(svg: str) -> str:
    """A chart of ``incare.reports.charts`` for a web page: its ``<title>`` (the text
    alternative a PDF needs) becomes the ``aria-label`` of the ``role="img"``, the same
    accessible name, so the page keeps one ``<title>`` (tests/house_rules.py)."""
    return _TITLE.sub(lambda m: f'aria-label="{m.group(3)}"{m.group(2)}', svg, count=1)
