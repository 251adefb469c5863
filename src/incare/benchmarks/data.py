"""The packaged published figures, read once with Polars (see docs/benchmarks.md).

``data/`` holds public aggregate statistics copied from ``shared/reference/benchmarks/``:

- ``lait_children_looked_after.csv.gz``: DfE LAIT's long series (gzip: 10 MB becomes 0.8 MB),
- ``lait_measures.csv``: LAIT's own title, polarity and year type of each measure,
- ``statistical_neighbours_2025.csv``: each authority's ten statistical neighbours (May 2025),
- ``england_northwest_2018_2024.csv``: a tidy England and North West extract covering some
  figures LAIT lacks (care leavers at 17-18, SDQ, ...).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import polars as pl

REGIONS_IN_LONDON = {"inner london", "outer london", "london (inner)", "london (outer)"}


def _read(name: str, **options: object) -> pl.DataFrame:
    source = resources.files("incare.benchmarks").joinpath(f"data/{name}")
    with resources.as_file(source) as path:
        return pl.read_csv(path, infer_schema_length=0, **options)  # type: ignore[arg-type]


def year_end(label: pl.Expr) -> pl.Expr:
    """LAIT's year label as the year it ends: ``2024`` is 2024, ``2016-17`` is 2017."""
    first = label.str.extract(r"^(\d{4})", 1).cast(pl.Int32)
    return pl.when(label.str.contains(r"^\d{4}-\d{2}")).then(first + 1).otherwise(first)


@cache
def lait() -> pl.DataFrame:
    """measure, year (int, the year it ends), year_label, area, la_number, region, value.

    ``value`` is a float, null where LAIT published nothing or a suppression mark.
    Financial outturn rows (``2016-17 (OT)``) are dropped: they duplicate the budget years
    and nothing here compares spending.
    """
    raw = _read("lait_children_looked_after.csv.gz")
    return raw.filter(~pl.col("year").str.contains(r"\(OT\)")).select(
        "measure",
        year_end(pl.col("year")).alias("year"),
        pl.col("year").alias("year_label"),
        "area",
        pl.col("la_number").cast(pl.Float64, strict=False).cast(pl.Int32).cast(pl.String),
        pl.col("region").fill_null(""),
        pl.col("value").str.strip_chars().cast(pl.Float64, strict=False),
    )


@cache
def measures() -> pl.DataFrame:
    """measure, topic, title, polarity (``High``, ``Low`` or ``-``), year_type."""
    return _read("lait_measures.csv")


@cache
def statistical_neighbours() -> pl.DataFrame:
    """la_number, la_name, region, sn1 ... sn10 (neighbours' LA numbers, closest first)."""
    return _read("statistical_neighbours_2025.csv")


@cache
def england_northwest() -> pl.DataFrame:
    """The tidy extract in long form: indicator, area, year, value."""
    wide = _read("england_northwest_2018_2024.csv")
    years = [c for c in wide.columns if c.isdigit()]
    return wide.unpivot(index=["indicator", "area"], on=years, variable_name="year").select(
        "indicator",
        "area",
        pl.col("year").cast(pl.Int32),
        pl.col("value").cast(pl.Float64, strict=False),
    )


def region_area(region: str) -> str:
    """The LAIT area holding a region's figures (London authorities compare with London)."""
    if region.casefold() in REGIONS_IN_LONDON:
        return "London"
    # Authorities' rows spell it "Yorkshire and The Humber", the region's own rows "Yorkshire
    # and the Humber": match the region's rows whatever the capitals.
    areas = {a.casefold(): a for a in lait().get_column("area").unique().to_list()}
    return areas.get(region.casefold(), region)
