"""Inline SVG charts, each with a title and description for screen readers.

Series differ by colour (Okabe-Ito, safe for colour-blind readers) *and* by line dash and
marker shape, so a chart printed in grey still reads. Charts are drawn from the same rows as
the data table shown beside them; a null value is a gap, never a zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 400, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 14, 76
FONT = 13


@dataclass(frozen=True)
class Style:
    colour: str
    dash: str
    marker: str
    """circle, square, triangle or diamond."""


STYLES = (
    Style("#0072B2", "", "circle"),
    Style("#D55E00", "6 3", "square"),
    Style("#000000", "2 3", "triangle"),
    Style("#009E73", "10 3 2 3", "diamond"),
)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def _nice_max(top: float) -> float:
    """The axis top: four equal ticks of a round step (1 to 10 times a power of ten)."""
    if top <= 4:
        return 4.0  # whole-number ticks for small figures
    power = 10 ** math.floor(math.log10(top / 4))
    for multiple in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if 4 * multiple * power >= top:
            return round(4 * multiple * power, 6)
    return 40.0 * power


def _tick(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def _svg(title: str, description: str, body: list[str], ident: str, *, height: int = HEIGHT) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" class="jsna-svg">'
        f'<title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def _axis(top: float, plot_h: float) -> list[str]:
    parts = []
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#b1b4b6" stroke-width="0.5"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="{FONT}" text-anchor="end">'
            f"{_tick(value)}</text>"
        )
    return parts


def _marker(style: Style, x: float, y: float) -> str:
    c = style.colour
    if style.marker == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{c}"/>'
    if style.marker == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{c}"/>'
    if style.marker == "triangle":
        points = f"{x:.1f},{y - 4.5:.1f} {x - 4:.1f},{y + 3:.1f} {x + 4:.1f},{y + 3:.1f}"
        return f'<polygon points="{points}" fill="{c}"/>'
    points = f"{x:.1f},{y - 4.5:.1f} {x - 4:.1f},{y:.1f} {x:.1f},{y + 4.5:.1f} {x + 4:.1f},{y:.1f}"
    return f'<polygon points="{points}" fill="{c}"/>'


def _legend(names: Sequence[str], *, bars: bool = False, top: int | None = None) -> list[str]:
    parts = []
    for i, name in enumerate(names):
        style = STYLES[i % len(STYLES)]
        x = 8 + (i % 2) * 190
        y = (HEIGHT - 36 if top is None else top) + (i // 2) * 20
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        key = (
            f'<rect x="{x + 6}" y="{y - 6}" width="12" height="12" fill="{style.colour}"/>'
            if bars
            else f'<line x1="{x}" x2="{x + 24}" y1="{y}" y2="{y}" stroke="{style.colour}" '
            f'stroke-width="2.5"{dash}/>{_marker(style, x + 12, y)}'
        )
        parts.append(
            f'{key}<text x="{x + 30}" y="{y + 4}" font-size="{FONT}">{escape(name)}</text>'
        )
    return parts


def line_chart(
    *, ident: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series]
) -> str:
    """Lines over ``labels`` (years), one per series, with a legend underneath."""
    known = [v for s in series for v in s.values if v is not None]
    top = _nice_max(max(known, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    gap = plot_w / max(len(labels), 1)
    xs = [LEFT + gap * (i + 0.5) for i in range(len(labels))]
    body = _axis(top, plot_h)
    body += [
        f'<text x="{x:.1f}" y="{TOP + plot_h + 16:.1f}" font-size="{FONT}" text-anchor="middle">'
        f"{escape(label)}</text>"
        for x, label in zip(xs, labels, strict=True)
    ]
    for i, one in enumerate(series):
        style = STYLES[i % len(STYLES)]
        points = [
            (x, TOP + plot_h - plot_h * v / top)
            for x, v in zip(xs, one.values, strict=True)
            if v is not None
        ]
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{style.colour}" '
                f'stroke-width="2.5"{dash}/>'
            )
        body += [_marker(style, x, y) for x, y in points]
    body += _legend([s.name for s in series])
    return _svg(title, description, body, ident)


def bar_chart(
    *, ident: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series]
) -> str:
    """Grouped horizontal bars (percentages, 0-100): a group per label, a bar per series.

    Horizontal, so each label sits in full (wrapped) to the left of its bars."""
    left, bar, gap = 150, 11, 12
    group = bar * len(series) + gap
    height = TOP + group * len(labels) + 20 + 20 * ((len(series) + 1) // 2) + 12
    plot_w = WIDTH - left - 24  # room for the last tick's label, "100%"
    body = []
    for i in range(5):
        x = left + plot_w * i / 4
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{TOP + group * len(labels)}" '
            f'stroke="#b1b4b6" stroke-width="0.5"/>'
            f'<text x="{x:.1f}" y="{TOP + group * len(labels) + 14}" font-size="{FONT - 1}" '
            f'text-anchor="middle">{25 * i}%</text>'
        )
    for g, label in enumerate(labels):
        y0 = TOP + group * g
        lines = _wrap(label.replace(" (%)", ""), 22)
        for n, line in enumerate(lines[:3]):
            y = y0 + group / 2 - 6 * (len(lines[:3]) - 1) + 12 * n + 4
            body.append(
                f'<text x="{left - 6}" y="{y:.1f}" font-size="{FONT - 2}" text-anchor="end">'
                f"{escape(line)}</text>"
            )
        for i, one in enumerate(series):
            value = one.values[g]
            if value is None:
                continue
            length = plot_w * min(value, 100) / 100
            body.append(
                f'<rect x="{left}" y="{y0 + bar * i:.1f}" width="{length:.1f}" '
                f'height="{bar - 1}" fill="{STYLES[i % len(STYLES)].colour}"/>'
            )
    legend_top = TOP + group * len(labels) + 40
    body += _legend([s.name for s in series], bars=True, top=legend_top)
    return _svg(title, description, body, ident, height=height)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines
