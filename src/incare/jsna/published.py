"""The published LAIT figures with their suppression marks kept (docs/jsna.md, "Markers").

``incare.benchmarks.data.lait()`` turns every mark into a null, which is right for
comparisons; the chapter also says *why* a figure is missing, so it reads the same packaged
file keeping the published text beside the number.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import polars as pl

from incare.benchmarks import data

NO_ROW = "x"
"""GSS "not available": the file has no row for this area, measure and year."""


@cache
def lait() -> pl.DataFrame:
    """measure, year, area, la_number, region, value (float or null), marker (text or null).

    ``marker`` is the published text of a value that is not a number (LAIT uses ``-`` for
    suppressed or not available; DfE's files also use ``c``, ``x``, ``z``, ``k``)."""
    source = resources.files("incare.benchmarks").joinpath("data/lait_children_looked_after.csv.gz")
    with resources.as_file(source) as path:
        raw = pl.read_csv(path, infer_schema_length=0)
    text = pl.col("value").fill_null("").str.strip_chars()
    number = text.cast(pl.Float64, strict=False)
    return raw.filter(~pl.col("year").str.contains(r"\(OT\)")).select(
        "measure",
        data.year_end(pl.col("year")).alias("year"),
        "area",
        pl.col("la_number").cast(pl.Float64, strict=False).cast(pl.Int32).cast(pl.String),
        pl.col("region").fill_null(""),
        number.alias("value"),
        pl.when(number.is_null())
        .then(pl.when(text == "").then(pl.lit("-")).otherwise(text))
        .alias("marker"),
    )


@cache
def regions() -> dict[str, str]:
    """LAIT's areas that are regions or England, not authorities: casefolded -> as spelt."""
    rows = lait().filter(pl.col("region") == "").get_column("area").unique()
    return {name.casefold(): name for name in rows.to_list()}


def region_area(region: str) -> str:
    """The area holding a region's figures, as LAIT spells it there: an authority's region
    column says "Yorkshire and The Humber" but the region's own rows "Yorkshire and the
    Humber", so they are matched without regard to case."""
    return regions().get(region.casefold(), region)


def neighbours_of(number: str) -> list[str]:
    """The authority's ten statistical neighbours' DfE numbers, closest first (2025 list)."""
    table = data.statistical_neighbours().filter(pl.col("la_number") == number)
    if table.is_empty():
        return []
    row = table.row(0, named=True)
    return [row[f"sn{i}"] for i in range(1, 11) if row.get(f"sn{i}")]


def names_of(numbers: list[str]) -> dict[str, str]:
    """DfE number -> the authority's LAIT name."""
    rows = lait().filter(pl.col("la_number").is_in(numbers)).unique("la_number")
    return dict(zip(rows["la_number"].to_list(), rows["area"].to_list(), strict=True))


def values(
    *, measures: list[str], areas: list[str], numbers: list[str]
) -> dict[tuple[str, str, int], tuple[float | None, str | None]]:
    """(measure, area or DfE number, year) -> (value, marker), for the areas asked about.

    Rows of ``numbers`` are keyed by DfE number (names of neighbours change over time), the
    others by area name (regions and England have no number of their own)."""
    rows = lait().filter(
        pl.col("measure").is_in(measures)
        & (pl.col("area").is_in(areas) | pl.col("la_number").is_in(numbers))
    )
    found: dict[tuple[str, str, int], tuple[float | None, str | None]] = {}
    for measure, area, number, year, value, marker in rows.select(
        "measure", "area", "la_number", "year", "value", "marker"
    ).iter_rows():
        key_area = number if number in numbers else area
        found[(measure, key_area, int(year))] = (value, marker)
    return found


def years_of(measure: str, *, area: str) -> list[int]:
    """The years in which ``area`` has a number (not a mark) for ``measure``."""
    rows = lait().filter(
        (pl.col("measure") == measure) & (pl.col("area") == area) & pl.col("value").is_not_null()
    )
    return sorted(int(y) for y in rows["year"].to_list())
