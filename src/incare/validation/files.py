"""Reading returns from folders for validation (the CLI's and the importer's entry point)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

from incare.geography import load_postcodes
from incare.ssda903.errors import Problem, ReturnError
from incare.ssda903.reader import read_text_tables
from incare.validation.data import LAST, ROW, ReturnData, build_return_data
from incare.validation.engine import validate
from incare.validation.report import ValidationReport


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
    else, however wrong, is the rules' to report. ``la_code`` (DfE number or ONS code) is
    given to the rules as the postcode reference writes it (:func:`reference_la_code`).
    """
    frames = _texts(this_year, year=collection_year, suffix="")
    if last_year is not None:
        frames |= _texts(last_year, year=collection_year - 1, suffix=LAST)
    return build_return_data(
        frames,
        collection_year=collection_year,
        la_code=reference_la_code(la_code, postcodes),
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


def store_years(folder: Path) -> list[int]:
    """The collection years a store folder holds (its four-digit sub-folders)."""
    if not folder.is_dir():
        return []
    return sorted(
        int(p.name)
        for p in folder.iterdir()
        if p.is_dir() and len(p.name) == 4 and p.name.isdigit()
    )


def locate_return(
    folder: Path, *, year: int | None = None, last: Path | None = None
) -> tuple[Path, Path | None, int]:
    """(this year's folder, last year's folder or None, collection year) for ``folder``.

    ``folder`` is a store (one sub-folder per year, as ``incare import`` takes): the
    ``year`` folder (default the latest) is validated with the one before it, if the store
    has it. Or ``folder`` is one return's CSVs: then ``last`` names last year's, and the
    year is ``year`` or the folder's own name (``…/2025``).
    """
    if not folder.is_dir():
        raise ReturnError([Problem.whole(str(folder), "is not a folder", expected=_EXPECT_FOLDER)])
    years = store_years(folder)
    if years:
        chosen = years[-1] if year is None else year
        if chosen not in years:
            listed = ", ".join(str(y) for y in years)
            raise ReturnError(
                [Problem.whole(str(folder), f"has no {chosen} folder", expected=f"one of {listed}")]
            )
        previous = folder / str(chosen - 1) if chosen - 1 in years else None
        return folder / str(chosen), last if last is not None else previous, chosen
    if year is None:
        if not (len(folder.name) == 4 and folder.name.isdigit()):
            raise ReturnError(
                [
                    Problem.whole(
                        str(folder),
                        "does not say which collection year it is",
                        expected="--year (e.g. 2025 for the 2024/25 return) or a folder named "
                        "after the year",
                    )
                ]
            )
        year = int(folder.name)
    if last is not None and not last.is_dir():
        raise ReturnError([Problem.whole(str(last), "is not a folder", expected=_EXPECT_FOLDER)])
    return folder, last, year


_EXPECT_FOLDER = "a store folder (one sub-folder per year) or a folder of 903 CSV files"


def reference_la_code(la_code: str | None, postcodes: pl.DataFrame | None) -> str | None:
    """The authority's code as the postcode reference writes it, so PL_LA compares with it.

    The sector tool compares PL_LA (an ONS upper-tier code, E06000007) with the authority's
    ONS code; a store names its authority by DfE number (877) or ONS code. A code the
    reference itself uses (a synthetic store's) is kept; a DfE number becomes its ONS code.
    """
    if la_code is None:
        return None
    given = la_code.strip()
    if postcodes is None or postcodes.is_empty():
        return given
    used = postcodes.get_column("la_code")
    if used.is_in([given]).any():
        return given
    from incare.indicators.populations import population_table

    match = (
        population_table()
        .filter(pl.col("old_la_code") == given)
        .get_column("new_la_code")
        .unique()
        .to_list()
    )
    return str(match[0]).upper() if match else given


def read_providers(path: Path) -> pl.DataFrame:
    """Ofsted's provider list as the rules read it: the sector tool's ``provider_info``
    layout (``URN``, ``PLACE_CODES``, ``PROVIDER_CODES``, ``REG_END`` dd/mm/yyyy,
    ``POSTCODE``, ``LA_CODE_INFERRED``), every cell text; docs/validation.md."""
    wanted = ("URN", "PROVIDER_CODES", "LA_CODE_INFERRED")
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise ReturnError(
            [Problem.whole(str(path), f"cannot be read ({exc})", expected="a CSV file")]
        ) from None
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise ReturnError(
            [
                Problem.whole(
                    str(path),
                    f"has no {', '.join(missing)} column",
                    expected="the columns URN, PLACE_CODES, PROVIDER_CODES, REG_END, POSTCODE, "
                    "LA_CODE_INFERRED",
                    row=1,
                )
            ]
        )
    return frame.with_columns(pl.all().str.strip_chars())


def validate_folder(
    folder: Path,
    *,
    year: int | None = None,
    last: Path | None = None,
    la_code: str | None = None,
    postcodes: Path | None = None,
    providers: Path | None = None,
    only: Iterable[str] | None = None,
) -> ValidationReport:
    """Validate the ``year`` return of ``folder`` (see :func:`locate_return`).

    ``postcodes`` (a reference :func:`incare.geography.load_postcodes` reads) and
    ``providers`` (:func:`read_providers`) are optional: the rules that need them are
    reported as skipped without them. Raises :class:`ReturnError` or
    :class:`incare.geography.PostcodeReferenceError` when an input cannot be read.
    """
    this_year, last_year, collection_year = locate_return(folder, year=year, last=last)
    reference = load_postcodes(postcodes) if postcodes is not None else None
    provider_list = read_providers(providers) if providers is not None else None
    data = load_return_data(
        this_year,
        collection_year=collection_year,
        last_year=last_year,
        la_code=la_code,
        postcodes=reference,
        providers=provider_list,
    )
    return validate(data, only=only)
