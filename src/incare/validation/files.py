"""Reading returns from folders for validation (the CLI's and the importer's entry point)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from incare.ssda903.errors import ReturnError
from incare.ssda903.reader import read_text_tables
from incare.validation.data import LAST, ROW, ReturnData, build_return_data


def load_return_data(
    this_year: Path,
    *,
    collection_year: int,
    last_year: Path | None = None,
    la_code: str | None = None,
    postcodes: pl.DataFrame | None = None,
    providers: pl.DataFrame | None = None,
) -> ReturnData:
    """The ``collection_year`` return in ``this_year`` (and last year's, if given).

    Raises :class:`ReturnError` only when files cannot be read or recognised; everything
    else, however wrong, is the rules' to report.
    """
    frames = _texts(this_year, year=collection_year, suffix="")
    if last_year is not None:
        frames |= _texts(last_year, year=collection_year - 1, suffix=LAST)
    return build_return_data(
        frames,
        collection_year=collection_year,
        la_code=la_code,
        postcodes=postcodes,
        providers=providers,
    )


def _texts(folder: Path, *, year: int, suffix: str) -> dict[str, pl.DataFrame]:
    tables, problems = read_text_tables(folder, year=year)
    if problems:
        raise ReturnError(problems)
    # ROW is the position among the file's data rows, as the sector tool (pandas) counts it.
    return {
        label + suffix: frame.drop("line").with_row_index(ROW) for label, frame in tables.items()
    }
