"""The indicator pages: the list of indicators, and one indicator for a 12-month period.

Both are for any signed-in user (they show aggregate figures; councillors and administrators
see them through disclosure control, ``figures``). The children behind the figure are shown
only to roles that may see children, through ``queries.children_behind_for_user`` (scoped to
the user's team or caseload, and audited as a list of children).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from incare.accounts.queries import audience_for, has_permission
from incare.benchmarks import BenchmarkError, compare, find_authority
from incare.children.models import LocalAuthority
from incare.children.queries import latest_collection_year
from incare.core.access import signed_in
from incare.core.queries import home_authority
from incare.core.snapshot import snapshot
from incare.indicators import INDICATORS, Indicator, IndicatorResult, Period
from incare.indicators.disclosure import FOOTNOTE, Audience, suppress
from incare.indicators.periods import PeriodError, add_months
from incare.indicators.report import UnknownIndicatorError, find_indicator
from incare.indicators_web import breakdowns, charts
from incare.indicators_web.charts import in_page
from incare.indicators_web.figures import any_symbol, published, shown
from incare.indicators_web.queries import children_behind_for_user
from incare.reports.charts import Point, line_chart
from incare.ssda903.spec import COLLECTION_YEAR
from incare.strategies.rag import Observation, long_date
from incare.strategies.scorecard import last_collection_year
from incare.worklists.queries import NoCaseloadError

TREND_YEARS = 6
"""The trend chart's points: this period and the same 12 months in each of 5 years before
(those the data holds)."""
CHILD_PAGES = ("child", "child-records")
"""URL names of a child's page, best first: the child's timeline, else their records."""
SECTION_TITLES = {
    "A1": "Number of children looked after at 31 March; rate per 10,000",
    "A2": "Started and ceased during the year",
    "A3": "Children looked after by characteristic",
    "A4": "Placed more than 20 miles from home",
    "A5": "Placed outside the local authority's boundary",
    "A6": "Short-term placement stability (3 or more placements in the year)",
    "A7": "Long-term placement stability",
    "A8": "Outcomes of children looked after for 12 months or more (OC2)",
    "A9": "Care leaver outcomes (OC3), ages 17 to 18 and 19 to 21",
    "A10": "Missing and away from placement",
    "A11": "Adoption timeliness",
    "A12": "Reasons for ceasing: adoption, special guardianship, return home",
    "A13": "Social worker changes",
    "A14": "Looked-after reviews held on time; participation",
    "A15": "Statutory visits",
    "A16": "Personal education plans",
    "A17": "Pathway plans",
}
"""The headings of the indicator reference's sections (shared/reference/indicators.md §A)."""


@signed_in
def indicator_list(request: HttpRequest) -> HttpResponse:
    rows = sorted(INDICATORS.values(), key=lambda i: (i.section, i.id))
    return render(request, "indicators_web/indicator_list.html", {"indicators": rows})


def _period_end(request: HttpRequest, authority: LocalAuthority | None) -> tuple[date, str]:
    """The period end asked for (``?period_end=YYYY-MM-DD``), or the data's latest 31 March;
    and what was wrong with the one asked for ("" if nothing)."""
    year = latest_collection_year(authority) if authority else None
    default = date(year, 3, 31) if year else date(last_collection_year(date.today()), 3, 31)
    text = request.GET.get("period_end", "").strip()
    if not text:
        return default, ""
    try:
        return date.fromisoformat(text), ""
    except ValueError:
        return default, "Enter the period end as year-month-day, for example 2024-03-31"


@signed_in
def indicator_detail(request: HttpRequest, indicator_id: str) -> HttpResponse:
    try:
        indicator = find_indicator(indicator_id)
    except UnknownIndicatorError as unknown:
        raise Http404(str(unknown)) from unknown
    authority = home_authority()
    period_end, error = _period_end(request, authority)
    audience = audience_for(request.user)
    context: dict[str, Any] = {
        "indicator": indicator,
        "section": SECTION_TITLES.get(indicator.section.split()[0], ""),
        "period_end": period_end,
        "period_end_text": request.GET.get("period_end", period_end.isoformat()),
        "error": error,
        "analyst_view": audience == "analyst",
        "footnote": FOOTNOTE,
    }
    if authority is None:
        return render(request, "indicators_web/indicator.html", context)
    try:
        period = Period.ending(period_end)
    except PeriodError as exc:  # pragma: no cover - a 12-month period always ends after it starts
        raise Http404(str(exc)) from exc
    page = _Page(indicator, authority, period, audience)
    context.update(authority=authority, period=period, **page.figures())
    if has_permission(request.user, "may_see_children") and page.result is not None:
        context.update(_children(request, page))
    return render(request, "indicators_web/indicator.html", context)


def _children(request: HttpRequest, page: _Page) -> dict[str, Any]:
    assert page.result is not None
    try:
        found = children_behind_for_user(
            request.user,
            local_authority=page.authority,
            tables=page.tables,
            children=page.result.children,
            indicator_id=page.indicator.id,
            period=page.period,
        )
    except NoCaseloadError as exc:
        return {"children_problem": f"The children are not shown: {exc}."}
    except PermissionDenied:  # pragma: no cover - the view checked the permission
        return {}
    frame = found.children
    fields = [c for c in frame.columns if c not in ("CHILD", "in_numerator")]
    rows = [
        {
            "child": row["CHILD"],
            "url": _child_url(str(row["CHILD"])),
            "counted": row["in_numerator"],
            "fields": ["" if row[f] is None else row[f] for f in fields],
        }
        for row in frame.iter_rows(named=True)
    ]
    return {
        "children": rows,
        "child_fields": fields,
        "children_scope": found.scope.label,
        "children_cohort": found.cohort,
        "show_children": True,
    }


def _child_url(child_id: str) -> str | None:
    for name in CHILD_PAGES:
        try:
            return reverse(name, kwargs={"child_id": child_id})
        except NoReverseMatch:
            continue
    return None


@dataclass
class _Page:
    """The figures of one indicator for one authority and period, as ``audience`` sees them."""

    indicator: Indicator
    authority: LocalAuthority
    period: Period
    audience: Audience

    def __post_init__(self) -> None:
        self.shared = snapshot(self.authority)
        self.tables: Mapping[str, pl.DataFrame] = self.shared.tables
        first = _first_year_held(self.tables)
        self.ends = [
            end
            for end in (
                add_months(self.period.end, -12 * k) for k in range(TREND_YEARS - 1, -1, -1)
            )
            if first is None
            or end == self.period.end
            or Period.ending(end).start >= date(first - 1, 4, 1)
        ]
        self.note = ""
        self.result = self._run(self.period.end)

    def _run(self, end: date) -> IndicatorResult | None:
        outcome = self.shared.run(self.indicator, end=end)
        if outcome.result is None and end == self.period.end:
            self.note = outcome.note
        return outcome.result

    @property
    def unit(self) -> str:
        return self.indicator.unit.value

    def figures(self) -> dict[str, Any]:
        value = _observation(self.result, self.period.end)
        now = shown(value, unit=self.unit, audience=self.audience)
        numerator = denominator = None
        if self.result is not None and self.audience == "analyst":
            numerator, denominator = self.result.numerator, self.result.denominator
        trend = self.trend()
        bench = self.benchmarks(now)
        tables = self.breakdowns()
        texts = [now.text, *(p["text"] for p in trend["points"])]
        texts += [b.text for b in bench["bars"]] if bench else []
        texts += [cell for t in tables for row in t["rows"] for cell in row["cells"]]
        return {
            "value": now,
            "numerator": numerator,
            "denominator": denominator,
            "note": self.note,
            "trend": trend,
            "benchmarks": bench,
            "breakdowns": tables,
            "symbols_shown": any_symbol(*texts),
        }

    def trend(self) -> dict[str, Any]:
        results = [self.result if e == self.period.end else self._run(e) for e in self.ends]
        points: list[dict[str, Any]] = []
        for end, result in zip(self.ends, results, strict=True):
            figure = shown(_observation(result, end), unit=self.unit, audience=self.audience)
            points.append(
                {"end": end, "label": long_date(end), "text": figure.text, "figure": figure}
            )
        chart = None
        if any(p["figure"].number is not None for p in points):
            chart = in_page(
                line_chart(
                    self.indicator.title,
                    [Point(f"{p['end']:%b %Y}", p["text"], p["figure"].number) for p in points],
                    unit_suffix="%" if self.unit == "percent" else "",
                    chart_id="trend-chart",
                )
            )
        return {"points": points, "chart": chart}

    def benchmarks(self, now: Any) -> dict[str, Any] | None:
        lait = self.indicator.lait_measure
        if lait is None:
            return None
        try:
            number = find_authority(self.authority.code).number
        except BenchmarkError:
            number = None
        try:
            found = compare(lait, year=last_collection_year(self.period.end), la=number)
        except BenchmarkError:
            return None
        if found.year_used is None:
            return None
        region = found.authority.region if found.authority else None

        def bar(label: str, value: float | None, *, tens: bool) -> charts.Bar:
            figure = published(value, unit=self.unit, audience=self.audience, rounded_to_tens=tens)
            return charts.Bar(label, figure.text, figure.number)

        bars = [charts.Bar(f"{self.authority.name} (our data)", now.text, now.number, ours=True)]
        if found.authority is not None:
            bars.append(bar(f"{found.authority.name} (published)", found.value, tens=False))
        bars.append(bar("England", found.england, tens=True))
        if region:
            bars.append(bar(region, found.region, tens=True))
        if found.neighbours_counted:
            bars.append(
                bar("Statistical neighbours (mean)", found.statistical_neighbours, tens=False)
            )
        return {
            "year": found.year_used,
            "measure": lait,
            "bars": bars,
            "chart": charts.bar_chart(
                f"{self.indicator.title}, compared", bars, chart_id="benchmark-chart"
            ),
        }

    def breakdowns(self) -> list[dict[str, Any]]:
        if self.result is None or self.result.children.is_empty():
            return []
        traits = breakdowns.characteristics(self.tables, period=self.period)
        return [
            self._breakdown(by, title, breakdowns.breakdown(self.result.children, traits, by=by))
            for by, title in breakdowns.TITLES.items()
        ]

    def _breakdown(self, by: str, title: str, frame: pl.DataFrame) -> dict[str, Any]:
        percent = self.unit == "percent"
        safe = suppress(
            frame,
            audience=self.audience,
            count_columns=["children", "counted"] if percent else ["children"],
            percent_columns={"percent": ("counted", "children")} if percent else None,
            total_row=pl.col("group") == breakdowns.TOTAL,
        )
        headings = ["Children in the cohort"]
        if percent:
            headings += ["Counted", "Percentage"]
        rows, bars = [], []
        for raw, row in zip(frame.iter_rows(named=True), safe.iter_rows(named=True), strict=True):
            cells = [_count(row["children"])]
            plotted = raw["children"] if self.audience == "analyst" or cells[0].isdigit() else None
            if percent:
                text = _percent(row["percent"])
                cells += [_count(row["counted"]), text]
                plotted = float(text.rstrip("%")) if text[:1].isdigit() else None
            rows.append(
                {"group": row["group"], "cells": cells, "total": row["group"] == breakdowns.TOTAL}
            )
            if row["group"] != breakdowns.TOTAL:
                bars.append(charts.Bar(row["group"], cells[-1], plotted))
        chart = None
        if any(b.number for b in bars):
            what = "percentage counted" if percent else "children"
            chart = charts.bar_chart(f"{what} by {title.lower()}", bars, chart_id=f"chart-{by}")
        return {"by": by, "title": title, "headings": headings, "rows": rows, "chart": chart}


def _percent(share: Any) -> str:
    """A breakdown's percentage: unrounded to one place for analysts, else as disclosed."""
    if share is None:
        return "z"  # an empty group: not applicable
    if isinstance(share, float):
        return f"{share:.1f}".removesuffix(".0") + "%"
    return f"{share}%" if str(share).isdigit() else str(share)


def _first_year_held(tables: Mapping[str, pl.DataFrame]) -> int | None:
    """The earliest collection year of the authority's episodes: a trend point for 12 months
    before it would count children whose history the data does not hold."""
    episodes = tables.get("episodes")
    if episodes is None or episodes.is_empty() or COLLECTION_YEAR not in episodes.columns:
        return None
    return int(episodes.get_column(COLLECTION_YEAR).min())  # type: ignore[arg-type]


def _count(value: Any) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _observation(result: IndicatorResult | None, end: date) -> Observation:
    if result is None:
        return Observation(end, None)
    return Observation(end, result.value, result.denominator, result.numerator)
