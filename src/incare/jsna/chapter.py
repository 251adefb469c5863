"""Build the chapter: every published figure it shows, its sentences, and local figures.

:func:`build_chapter` reads the packaged LAIT file (through :mod:`incare.jsna.published`)
for one authority and year and assembles, per section of :data:`SECTIONS`, a comparison row
per measure (the authority, its region, England and the mean of its statistical neighbours)
and the series over the last five published years of the charted measures. Nothing here
renders; see ``render.py``, ``pdf.py`` and ``workbook.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from incare.benchmarks import Authority, BenchmarkError, find_authority
from incare.jsna import local as local_figures
from incare.jsna import narrative, published
from incare.jsna.sections import (
    HEADLINE_COUNT,
    HEADLINE_RATE,
    MEASURES,
    SECTIONS,
    Kind,
    Measure,
    Section,
)

ENGLAND = "England"
NEIGHBOURS = "Statistical neighbours"
"""The area name of the neighbours' mean in figures (the simple mean of their figures)."""
TREND_YEARS = 5


class JsnaError(ValueError):
    """The chapter cannot be built as asked (the message says why and what would work)."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Figure:
    """One figure the chapter shows."""

    measure: str
    area: str
    year: int
    value: float | None
    marker: str | None = None
    """Why ``value`` is null: the published mark (``-``, ``c``, ...) or ``x`` (no row)."""
    source: str = "published"
    """``published`` (DfE LAIT) or ``local`` (the authority's own data, disclosure applied)."""
    indicator: str | None = None
    """The incare indicator id of a local figure."""

    def as_dict(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "measure": self.measure,
            "area": self.area,
            "year": self.year,
            "value": _plain(self.value),
        }
        if self.value is None:
            row["marker"] = self.marker
        if self.source != "published":
            row["source"] = self.source
            row["indicator"] = self.indicator
        return row


def _plain(value: float | None) -> float | int | None:
    """Whole numbers as ints in JSON (401, not 401.0)."""
    if value is not None and float(value).is_integer():
        return int(value)
    return value


@dataclass(frozen=True)
class Row:
    """A measure in the chapter's year: the authority beside its comparators."""

    measure: Measure
    authority: Figure
    region: Figure
    england: Figure
    neighbours: Figure | None
    """None for counts (a mean of other authorities' counts says nothing)."""
    neighbours_counted: int


@dataclass(frozen=True)
class SectionView:
    section: Section
    rows: tuple[Row, ...]
    trends: dict[str, tuple[Row, ...]]
    """Charted measure -> one row per year, oldest first."""
    sentences: tuple[str, ...]

    @property
    def figures(self) -> list[Figure]:
        found: list[Figure] = []
        for row in [*self.rows, *(r for rows in self.trends.values() for r in rows)]:
            found += [row.authority, row.region, row.england]
            found += [row.neighbours] if row.neighbours is not None else []
        return found


def _once(figures: list[Figure]) -> list[dict[str, Any]]:
    seen: set[tuple[str, str, int, str]] = set()
    rows = []
    for figure in figures:
        key = (figure.measure, figure.area, figure.year, figure.source)
        if key not in seen:
            seen.add(key)
            rows.append(figure.as_dict())
    return rows


@dataclass(frozen=True)
class Chapter:
    authority: Authority
    year: int
    sections: tuple[SectionView, ...]
    neighbours: tuple[str, ...]
    """The statistical neighbours' names, closest first."""
    local: local_figures.LocalFigures | None = None
    summary: tuple[str, ...] = field(default=())
    """The opening sentences (numbers, rate and its comparison)."""

    @property
    def la(self) -> str:
        return self.authority.name

    def figures(self) -> list[dict[str, Any]]:
        """Every published figure the chapter shows, once each, in the order it shows them."""
        return _once([f for s in self.sections for f in s.figures])

    def local_figures(self) -> list[dict[str, Any]]:
        """The authority's own current figures from its child-level data, if it is held.
        Kept apart from :meth:`figures` so that every (measure, area, year) there is the
        published figure, whatever data is loaded."""
        return _once(list(self.local.figures)) if self.local is not None else []

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {"la": self.la, "year": self.year, "figures": self.figures()}
        if self.local is not None:
            document["local_figures"] = self.local_figures()
        return document

    def row(self, measure: str) -> Row:
        """The comparison row of ``measure`` in the chapter's year."""
        for section in self.sections:
            for row in section.rows:
                if row.measure.code == measure:
                    return row
        raise KeyError(measure)


def build_chapter(*, la: str, year: int, local: Mapping[str, object] | None = None) -> Chapter:
    """The chapter for authority ``la`` (name in any case, ONS code or DfE number) at 31
    March ``year``, from the published figures; ``local`` adds current figures from the
    authority's own data (indicator id -> result, and ``age_band`` -> a breakdown)."""
    authority = _authority(la)
    _check_year(authority, year)
    numbers = published.neighbours_of(authority.number)
    names = published.names_of(numbers)
    found = published.values(
        measures=list(MEASURES),
        areas=[authority.name, authority.region, ENGLAND],
        numbers=numbers,
    )
    build = _Builder(authority, numbers, found)
    sections = tuple(build.section(s, year) for s in SECTIONS)
    extra = local_figures.build(local, authority=authority, year=year) if local else None
    summary = _summary(sections, authority, year)
    # The opening says the headline rate; its section does not say it again.
    sections = tuple(
        replace(s, sentences=tuple(t for t in s.sentences if t not in summary)) for s in sections
    )
    return Chapter(
        authority=authority,
        year=year,
        sections=sections,
        neighbours=tuple(names.get(n, n) for n in numbers),
        local=extra,
        summary=summary,
    )


def _authority(la: str) -> Authority:
    if not la or not la.strip():
        raise JsnaError("no authority given: give a name (Warrington), ONS code or DfE number")
    if la.strip().casefold() in published.regions():
        raise JsnaError(
            f"{la.strip()!r} is a region or England, not a local authority: the chapter "
            f"is for one authority and compares it with its region and England"
        )
    try:
        found = find_authority(la)
    except BenchmarkError as error:
        raise JsnaError(str(error)) from None
    return replace(found, region=published.region_area(found.region))


def _check_year(authority: Authority, year: int) -> None:
    years = published.years_of(HEADLINE_COUNT, area=authority.name)
    if not years:
        raise JsnaError(
            f"{authority.name} has no published number of children in care in any year "
            f"(LAIT shows only suppression marks), so there is no chapter to build"
        )
    if year not in years:
        every = published.years_of(HEADLINE_COUNT, area=ENGLAND)
        raise JsnaError(
            f"no published figures for {authority.name} at 31 March {year}: the published "
            f"data has {authority.name} for {_span(years)} (England for {_span(every)})"
        )


def _span(years: list[int]) -> str:
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]} to {years[-1]}"
    return ", ".join(str(y) for y in years)


class _Builder:
    """Turns the looked-up published values into figures and rows."""

    def __init__(
        self,
        authority: Authority,
        neighbours: list[str],
        found: dict[tuple[str, str, int], tuple[float | None, str | None]],
    ) -> None:
        self.authority = authority
        self.neighbours = neighbours
        self.found = found

    def figure(self, measure: str, area: str, year: int) -> Figure:
        value, marker = self.found.get((measure, area, year), (None, published.NO_ROW))
        return Figure(measure, area, year, value, marker)

    def neighbours_mean(self, measure: Measure, year: int) -> tuple[Figure | None, int]:
        if measure.kind is Kind.COUNT:
            return None, 0
        shown = [self.found.get((measure.code, n, year), (None, None))[0] for n in self.neighbours]
        numbers = [v for v in shown if v is not None]
        if not numbers:
            return Figure(measure.code, NEIGHBOURS, year, None, published.NO_ROW), 0
        # The mean of published (already rounded) figures, shown as the measure is shown.
        mean = narrative.shown(sum(numbers) / len(numbers), measure.kind)
        return Figure(measure.code, NEIGHBOURS, year, mean), len(numbers)

    def row(self, measure: Measure, year: int) -> Row:
        neighbours, counted = self.neighbours_mean(measure, year)
        return Row(
            measure,
            self.figure(measure.code, self.authority.name, year),
            self.figure(measure.code, self.authority.region, year),
            self.figure(measure.code, ENGLAND, year),
            neighbours,
            counted,
        )

    def trend(self, measure: Measure, year: int) -> tuple[Row, ...]:
        years = [y for y in range(year - TREND_YEARS + 1, year + 1) if self.published(measure, y)]
        return tuple(self.row(measure, y) for y in years)

    def published(self, measure: Measure, year: int) -> bool:
        return any(
            self.found.get((measure.code, area, year), (None, None))[0] is not None
            for area in (self.authority.name, ENGLAND)
        )

    def section(self, section: Section, year: int) -> SectionView:
        rows = tuple(self.row(m, year) for m in section.measures if self.published(m, year))
        trends = {code: self.trend(MEASURES[code], year) for code in section.trend}
        sentences = [_sentence(row, self.authority, year) for row in rows if row.measure.subject]
        for code, points in trends.items():
            if MEASURES[code].kind is Kind.COUNT:
                sentences.insert(0, _change(points, MEASURES[code]))
        return SectionView(section, rows, trends, tuple(s for s in sentences if s))


def _sentence(row: Row, authority: Authority, year: int) -> str:
    return narrative.comparison_sentence(
        subject=row.measure.subject.format(la=authority.name),
        kind=row.measure.kind,
        value=row.authority.value,
        england=row.england.value,
        region=authority.region,
        region_value=row.region.value,
        neighbours=row.neighbours.value if row.neighbours else None,
        year=year,
    )


def _change(points: tuple[Row, ...], measure: Measure) -> str:
    known = [(r.authority.year, r.authority.value) for r in points if r.authority.value is not None]
    if len(known) < 2:
        return ""
    noun = f"The number of {measure.label[0].lower()}{measure.label[1:]}"
    if measure.code == HEADLINE_COUNT:
        noun = "The number of children in care"
    return narrative.change_sentence(noun=noun, start=known[0], end=known[-1])


def _summary(sections: tuple[SectionView, ...], authority: Authority, year: int) -> tuple[str, ...]:
    numbers = sections[0]
    count = next(r for r in numbers.rows if r.measure.code == HEADLINE_COUNT)
    rate = next((r for r in numbers.rows if r.measure.code == HEADLINE_RATE), None)
    said = [
        f"{count.authority.value:,.0f} children were in care in {authority.name} "
        f"on 31 March {year}."
    ]
    if rate is not None:
        said.append(_sentence(rate, authority, year))
    return tuple(said)
