"""Trend charts as inline SVG: a line of the figures as shown, with a title for alt text.

Only figures a councillor may see are plotted (``Shown.number``); a hidden one (``c``) is a
gap in the line, and the data table under every chart gives each point as shown. The SVG's
``<title>`` is the chart's text alternative: browsers read it, and WeasyPrint writes it as
the figure's ``Alt`` in a tagged PDF.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 500, 150
LEFT, RIGHT, TOP, BOTTOM = 52, 30, 10, 24
LINE = "#1d70b8"  # GOV.UK blue
TARGET = "#505a5f"  # GOV.UK dark grey


@dataclass(frozen=True)
class Point:
    label: str
    """The x-axis label, e.g. ``Dec 2024``."""
    text: str
    """The figure as shown (``68%``, ``c``)."""
    number: float | None


def _ticks(highest: float) -> list[float]:
    """Gridlines from 0 in steps of 1, 2, 2.5 or 5 times a power of ten, at most 5 of them
    above 0, the last at or above ``highest``."""
    if highest <= 0:
        return [0.0, 1.0]
    rough = highest / 4
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough)
    return [step * i for i in range(math.ceil(highest / step - 1e-9) + 1)]


def _tick_label(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _segments(coords: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive plotted points (a hidden point breaks the line)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for c in coords:
        if c is None:
            runs.append([])
        else:
            runs[-1].append(c)
    return [r for r in runs if r]


def alt_text(title: str, points: Sequence[Point], *, target: str | None) -> str:
    first, last = points[0], points[-1]
    hidden = sum(p.number is None for p in points)
    parts = [
        f"Line chart of {title}: {first.text} at {first.label} and {last.text} at {last.label}"
    ]
    if target:
        parts.append(f"target {target}")
    if hidden:
        parts.append(f"{hidden} point{'s' if hidden != 1 else ''} not shown (c or x)")
    return "; ".join(parts) + ". Every point is in the table below."


def line_chart(
    title: str,
    points: Sequence[Point],
    *,
    unit_suffix: str = "",
    target: float | None = None,
    target_text: str | None = None,
    chart_id: str = "chart",
) -> str:
    """The SVG (a string of markup) for ``points``, oldest first."""
    plotted = [p.number for p in points if p.number is not None]
    ticks = _ticks(max([*plotted, target or 0.0], default=0.0))
    top = ticks[-1]
    width, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = width / max(len(points) - 1, 1)

    def y(value: float) -> float:
        return TOP + height - (value / top) * height

    coords = [
        None if p.number is None else (LEFT + i * step, y(p.number)) for i, p in enumerate(points)
    ]
    alt = alt_text(title, points, target=target_text)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{chart_id}-title" '
        f'class="app-chart">',
        f'<title id="{chart_id}-title">{escape(alt)}</title>',
    ]
    for value in ticks:
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#b1b4b6" stroke-width="0.5"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="10" '
            f'fill="#0b0c0c">{_tick_label(value)}{escape(unit_suffix)}</text>'
        )
    for i, p in enumerate(points):
        out.append(
            f'<text x="{LEFT + i * step:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'font-size="10" fill="#0b0c0c">{escape(p.label)}</text>'
        )
    if target is not None:
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
            f'stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="6 4"/>'
            f'<text x="{WIDTH - RIGHT}" y="{y(target) - 4:.1f}" text-anchor="end" font-size="10" '
            f'fill="{TARGET}">target</text>'
        )
    for run in _segments(coords):
        path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in run)
        out.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2.5"/>')
        out += [f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="3.5" fill="{LINE}"/>' for x, yy in run]
    out.append("</svg>")
    return "".join(out)
