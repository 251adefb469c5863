"""Published benchmarks: England, region and statistical-neighbour figures for a measure.

Pure (no Django). Ask :func:`compare` for "measure M in year Y for authority L" and get a
:class:`Comparison` with the authority's own published figure, England's, its region's and
the mean of its statistical neighbours'. Measures are DfE LAIT codes (``LACStable_2016on``);
each indicator of the engine names its code in ``Indicator.lait_measure``. Years are
collection years, named by the year they end (2024 = year ending 31 March 2024). When a year
is not published yet the latest earlier year is used, and ``year_used`` says which.
See docs/benchmarks.md.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import asdict, dataclass
from typing import Any

import polars as pl

from incare.benchmarks import data

__all__ = [
    "Authority",
    "BenchmarkError",
    "Comparison",
    "UnknownAuthorityError",
    "UnknownMeasureError",
    "compare",
    "england_northwest",
    "find_authority",
    "measure_info",
    "series",
]


class BenchmarkError(LookupError):
    def __str__(self) -> str:
        return str(self.args[0])


class UnknownAuthorityError(BenchmarkError):
    """An authority that LAIT does not list (the message names close matches)."""


class UnknownMeasureError(BenchmarkError):
    """A measure code that LAIT does not have (the message names close matches)."""


@dataclass(frozen=True)
class Authority:
    number: str
    """DfE local authority number, e.g. "877"."""
    name: str
    region: str
    """The region whose figures it is compared with ("London" for London boroughs)."""


@dataclass(frozen=True)
class Comparison:
    """One measure for one authority and year, beside England, region and neighbours."""

    measure: str
    title: str
    polarity: str
    """LAIT's: ``High`` or ``Low`` (is good), or ``-``."""
    year: int
    year_used: int | None
    """The year the figures are from: ``year`` or the latest earlier one; None if none."""
    authority: Authority | None
    """None when no authority was asked about (England only)."""
    value: float | None
    england: float | None
    region: float | None
    statistical_neighbours: float | None
    """Mean of the neighbours' published figures (those with a figure that year)."""
    neighbours_counted: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _normalise(text: str) -> str:
    return " ".join(text.casefold().replace("&", "and").split())


@functools.lru_cache(maxsize=512)
def find_authority(la: str) -> Authority:
    """An authority by DfE number ("877"), ONS code ("E06000007") or name ("Warrington").

    Kept per process (the published files do not change while it runs); an unknown one
    raises each time."""
    key = la.strip()
    areas = data.lait().filter(pl.col("region") != "").select("la_number", "area", "region")
    areas = areas.unique("la_number", keep="first")
    if key.upper().startswith(("E0", "E1", "W0")):
        key = _ons_to_number(key) or key
    match = areas.filter(
        (pl.col("la_number") == key)
        | (pl.col("area").str.to_lowercase().str.replace_all("&", "and") == _normalise(key))
    )
    if match.is_empty():
        names = areas.get_column("area").to_list()
        close = difflib.get_close_matches(key, names, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownAuthorityError(
            f"no authority {la!r} in the published figures: give a DfE number (877), "
            f"ONS code (E06000007) or name{hint}"
        )
    row = match.row(0, named=True)
    return Authority(str(row["la_number"]), row["area"], data.region_area(row["region"]))


def _ons_to_number(code: str) -> str | None:
    """ONS code to DfE number, through the indicator engine's packaged population table."""
    from incare.indicators.populations import population_table

    rows = population_table().filter(pl.col("new_la_code") == code.upper())
    return None if rows.is_empty() else str(rows.get_column("old_la_code")[0])


def measure_info(measure: str) -> dict[str, str]:
    """LAIT's title, polarity (High/Low/-), topic and year type of a measure."""
    table = data.measures()
    row = table.filter(pl.col("measure") == measure)
    if row.is_empty():
        known = table.get_column("measure").to_list()
        close = difflib.get_close_matches(measure, known, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownMeasureError(f"LAIT has no measure {measure!r}{hint}")
    found = row.row(0, named=True)
    return {k: (v or "") for k, v in found.items()}


def series(measure: str, *, area: str) -> dict[int, float | None]:
    """The published figures of ``measure`` for an area (an authority, region or England)."""
    measure_info(measure)
    rows = data.lait().filter((pl.col("measure") == measure) & (pl.col("area") == area))
    return dict(zip(rows["year"].to_list(), rows["value"].to_list(), strict=True))


@functools.lru_cache(maxsize=4096)
def compare(measure: str, *, year: int, la: str | None) -> Comparison:
    """``measure`` for authority ``la`` in ``year`` (or the latest earlier published year).

    ``la=None`` gives England's figure alone (e.g. for a fictitious synthetic authority).
    Kept per process, as :func:`find_authority`: every scorecard and indicator page asks.
    """
    info = measure_info(measure)
    authority = find_authority(la) if la is not None else None
    rows = data.lait().filter(pl.col("measure") == measure)
    published = rows.filter(pl.col("year") <= year).get_column("year")
    used = int(published.max()) if published.len() else None  # type: ignore[arg-type]
    if used is None:
        return Comparison(
            measure,
            info["title"],
            info["polarity"],
            year,
            None,
            authority,
            None,
            None,
            None,
            None,
            0,
        )
    that_year = rows.filter(pl.col("year") == used)

    def value_of(column: str, key: str) -> float | None:
        found = that_year.filter(pl.col(column) == key).get_column("value").drop_nulls()
        return float(found[0]) if found.len() else None

    neighbours = _neighbours(authority.number) if authority else []
    values = that_year.filter(pl.col("la_number").is_in(neighbours)).get_column("value")
    values = values.drop_nulls()
    return Comparison(
        measure=measure,
        title=info["title"],
        polarity=info["polarity"],
        year=year,
        year_used=used,
        authority=authority,
        value=value_of("la_number", authority.number) if authority else None,
        england=value_of("area", "England"),
        region=value_of("area", authority.region) if authority else None,
        statistical_neighbours=float(values.mean()) if values.len() else None,  # type: ignore[arg-type]
        neighbours_counted=values.len(),
    )


def _neighbours(number: str) -> list[str]:
    table = data.statistical_neighbours().filter(pl.col("la_number") == number)
    if table.is_empty():
        return []
    row = table.row(0, named=True)
    return [row[f"sn{i}"] for i in range(1, 11) if row.get(f"sn{i}")]


def england_northwest(indicator: str, *, year: int, area: str = "England") -> float | None:
    """A figure from the tidy England/North West extract (names like ``cl17_18_pct_EET``)."""
    rows = data.england_northwest().filter(
        (pl.col("indicator") == indicator) & (pl.col("area") == area) & (pl.col("year") == year)
    )
    values = rows.get_column("value").drop_nulls()
    return float(values[0]) if values.len() else None
