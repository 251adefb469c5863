"""Writing 903 frames back to CSV files, one per table, as a case system would export them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl

from incare.ssda903.spec import COLLECTION_YEAR, DATE_FORMAT, load_spec


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as text: dates dd/mm/yyyy, blanks empty."""
    return frame.select(
        pl.col(name).dt.strftime(DATE_FORMAT) if dtype == pl.Date else pl.col(name).cast(pl.String)
        for name, dtype in frame.schema.items()
    )


def write_return(tables: Mapping[str, pl.DataFrame], folder: Path, *, year: int) -> dict[str, Path]:
    """Write one collection year's return as ``folder/<table>.csv``.

    Columns are written in specification order; a ``collection_year`` column, if present, is
    dropped (the folder says the year). Tables the year does not collect are refused.
    """
    spec = load_spec()
    expected = spec.tables_for(year)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, frame in tables.items():
        if name not in expected:
            raise ValueError(f"the {year} collection has no {name} table")
        table = expected[name]
        path = folder / f"{name}.csv"
        _as_text(frame.select(table.column_names)).write_csv(
            path, date_format=DATE_FORMAT, null_value="", line_terminator="\r\n"
        )
        written[name] = path
    return written


def write_store(tables: Mapping[str, pl.DataFrame], folder: Path) -> dict[int, dict[str, Path]]:
    """Write stacked frames (with a ``collection_year`` column) as a multi-year store.

    Each row goes to the sub-folder of its collection year. Every table the year collects is
    written, empty if it has no rows, so each year's folder is a complete return.
    """
    spec = load_spec()
    years = sorted(
        {y for f in tables.values() for y in f.get_column(COLLECTION_YEAR).unique().to_list()}
    )
    out: dict[int, dict[str, Path]] = {}
    for year in years:
        per_year = {
            name: frame.filter(pl.col(COLLECTION_YEAR) == year)
            for name, frame in tables.items()
            if name in spec.tables_for(year)
        }
        out[year] = write_return(per_year, folder / str(year), year=year)
    return out
