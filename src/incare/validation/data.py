"""The tables a validation run sees: one collection year's return and, if any, the last one.

Rules see every table as text, exactly as the sector's validator does (``docs/validation.md``
explains why): codes upper-cased, surrounding spaces stripped, empty cells null, and a ``ROW``
column holding the row's 0-based position among the data rows of its file, which is how
errors are reported. Tables are keyed by the 903 table labels the sector tool uses
(``Header``, ``Episodes``, …), with the suffix ``_last`` for the previous year's return.
A table that was not supplied is an empty frame with the same columns, and
:meth:`ReturnData.has` says whether it was supplied, so a rule can be skipped rather than
misread an absent table as an empty one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

import polars as pl

from incare.ssda903.spec import load_spec

ROW = "ROW"
LAST = "_last"


@cache
def table_columns() -> dict[str, tuple[str, ...]]:
    """Columns of each table by sector label, over all collection years."""
    return {t.label: t.column_names for t in load_spec().tables.values()}


@dataclass(frozen=True)
class ReturnData:
    """The frames rules read, and what the run knows about the return."""

    collection_year: int
    tables: Mapping[str, pl.LazyFrame]
    supplied: frozenset[str]
    la_code: str | None = None
    postcodes: pl.DataFrame | None = None
    providers: pl.DataFrame | None = None
    start: date | None = None
    end: date | None = None

    @property
    def collection_start(self) -> date:
        """1 April before the collection year ends (or as the run was told)."""
        return self.start or date(self.collection_year - 1, 4, 1)

    @property
    def collection_end(self) -> date:
        """31 March ending the collection year (or as the run was told)."""
        return self.end or date(self.collection_year, 3, 31)

    def __getitem__(self, name: str) -> pl.LazyFrame:
        return self.tables[name]

    def has(self, name: str) -> bool:
        """Whether ``name`` (a table, ``postcodes`` or ``providers``) was supplied."""
        if name == "postcodes":
            return self.postcodes is not None
        if name == "providers":
            return self.providers is not None
        return name in self.supplied


def text_frame(frame: pl.DataFrame, *, label: str, normalise: bool = True) -> pl.DataFrame:
    """``frame`` as validation text: every table column present as a string, plus ROW.

    ``normalise`` strips spaces, upper-cases and blanks empty cells, as files are read;
    the parity harness turns it off to replay the sector tool's test frames exactly."""
    columns = table_columns()[label.removesuffix(LAST)]
    present = set(frame.columns)
    cleaned = [
        (_clean(pl.col(name).cast(pl.String)) if normalise else pl.col(name).cast(pl.String))
        if name in present
        else pl.lit(None, pl.String)
        for name in columns
    ]
    extra = [c for c in frame.columns if c not in columns and c != ROW]
    base = frame.with_row_index(ROW) if ROW not in present else frame
    return base.select(
        pl.col(ROW).cast(pl.UInt32),
        *(expr.alias(name) for expr, name in zip(cleaned, columns, strict=True)),
        *extra,
    )


def _clean(value: pl.Expr) -> pl.Expr:
    stripped = value.str.strip_chars()
    return pl.when(stripped.str.len_chars() > 0).then(stripped.str.to_uppercase())


def build_return_data(
    frames: Mapping[str, pl.DataFrame],
    *,
    collection_year: int,
    la_code: str | None = None,
    postcodes: pl.DataFrame | None = None,
    providers: pl.DataFrame | None = None,
    normalise: bool = True,
    start: date | None = None,
    end: date | None = None,
) -> ReturnData:
    """Validation data from text frames keyed by sector label (``Header``, ``Episodes_last``…)."""
    unknown = sorted(set(frames) - set(_all_labels()))
    if unknown:
        raise KeyError(f"unknown 903 table(s): {', '.join(unknown)}")
    tables = {
        label: text_frame(frames[label], label=label, normalise=normalise)
        if label in frames
        else _empty(label.removesuffix(LAST))
        for label in _all_labels()
    }
    tables = _with_uasc_flag(tables, supplied=set(frames))
    if postcodes is not None:
        for label in ("Episodes", "Episodes" + LAST):
            tables[label] = with_placement_location(tables[label], postcodes, la_code=la_code)
    return ReturnData(
        collection_year=collection_year,
        tables={k: v.lazy() for k, v in tables.items()},
        supplied=frozenset(frames),
        la_code=la_code,
        postcodes=postcodes,
        providers=providers,
        start=start,
        end=end,
    )


def _all_labels() -> list[str]:
    labels = list(table_columns())
    return labels + [label + LAST for label in labels]


def _empty(label: str) -> pl.DataFrame:
    schema = {ROW: pl.UInt32(), **{c: pl.String() for c in table_columns()[label]}}
    return pl.DataFrame(schema=schema)


def _with_uasc_flag(
    tables: dict[str, pl.DataFrame], *, supplied: set[str]
) -> dict[str, pl.DataFrame]:
    """Header gains ``UASC`` ("1" if the child is in the UASC table, else "0"), as in the
    sector tool, when the UASC table was supplied; otherwise the column is null. A Header
    that already carries its own UASC column (the sector tool's test frames do) keeps it."""
    for suffix in ("", LAST):
        header, uasc = tables["Header" + suffix], tables["UASC" + suffix]
        if "UASC" in header.columns:
            continue
        if "UASC" + suffix in supplied:
            flagged = uasc.select("CHILD").drop_nulls().unique()
            in_uasc = pl.col("CHILD").is_in(flagged.get_column("CHILD").implode())
            flag = pl.when(in_uasc).then(pl.lit("1")).otherwise(pl.lit("0"))
        else:
            flag = pl.lit(None, pl.String)
        tables["Header" + suffix] = header.with_columns(flag.alias("UASC"))
    return tables


def with_placement_location(
    episodes: pl.DataFrame, postcodes: pl.DataFrame, *, la_code: str | None
) -> pl.DataFrame:
    """Episodes gain PL_LA, PL_LOCATION (IN/OUT) and PL_DISTANCE (miles, 1 d.p.) from the
    postcode reference, by the 903 guidance's formula: straight-line distance between the
    home and placement postcodes' grid references, metres / 1000 / 1.6093. Placements in
    Scotland, Wales or Northern Ireland get SCO, WAL or NIR as their authority (as in the
    sector tool)."""
    ref = postcodes.select(
        pl.col("postcode").str.replace_all(r"\s+", ""), "la_code", "easting", "northing", "country"
    )
    home = ref.select(
        pl.col("postcode").alias("__home"),
        pl.col("easting").alias("__he"),
        pl.col("northing").alias("__hn"),
    )
    placed = ref.rename({"postcode": "__placed", "easting": "__pe", "northing": "__pn"})
    joined = (
        episodes.with_columns(
            pl.col("HOME_POST").str.replace_all(r"\s+", "").alias("__home"),
            pl.col("PL_POST").str.replace_all(r"\s+", "").alias("__placed"),
        )
        .join(home, on="__home", how="left", maintain_order="left")
        .join(placed, on="__placed", how="left", maintain_order="left")
    )
    nation = pl.col("country").str.slice(0, 1)
    abroad = nation.replace_strict({"S": "SCO", "N": "NIR", "W": "WAL"}, default=None)
    pl_la = pl.coalesce(abroad, pl.col("la_code"))
    location = (
        # Without the authority's own code, inside/outside cannot be told.
        pl.when(pl.col("la_code").is_null() | pl.lit(la_code is None))
        .then(None)
        .when(pl_la == la_code)
        .then(pl.lit("IN"))
        .otherwise(pl.lit("OUT"))
    )
    east, north = pl.col("__he") - pl.col("__pe"), pl.col("__hn") - pl.col("__pn")
    miles = (east.pow(2) + north.pow(2)).sqrt() / 1000 / 1.6093
    return joined.with_columns(
        pl_la.alias("PL_LA"),
        location.alias("PL_LOCATION"),
        miles.round(1).alias("PL_DISTANCE"),
    ).select(*episodes.columns, "PL_LA", "PL_LOCATION", "PL_DISTANCE")
