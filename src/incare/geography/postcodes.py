"""Read a postcode reference: postcode -> upper-tier authority, OS grid reference, country.

Two layouts are accepted, told apart by their header:

- the ONS Postcode Directory (ONSPD) CSV as a council downloads it: ``pcds`` (or ``pcd``),
  ``oslaua``, ``oscty``, ``oseast1m``, ``osnrth1m``, ``ctry``; any other columns are ignored;
- a simple file ``postcode,la_code,easting,northing`` (optionally ``country``), which is what
  the synthetic generator writes.

The result has one row per postcode with the key normalised (upper case, no spaces), so a
903 postcode written "wa1 1aa" or "WA11AA" finds it. Every bad row is reported at once, by
file, line and column, as the 903 reader does.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from incare.ssda903.errors import MAX_LISTED, Problem

ENGLAND = "E92000001"
"""ONS code for England: a placement anywhere else counts as outside the authority."""

REFERENCE_SCHEMA = pl.Schema(
    {
        "postcode": pl.String(),
        "la_code": pl.String(),
        "easting": pl.Int64(),
        "northing": pl.Int64(),
        "country": pl.String(),
    }
)
"""What :func:`load_postcodes` returns. ``la_code`` is the upper-tier authority (the county
for a two-tier area); easting and northing are OS grid metres, blank where ONS has none."""

_ONSPD = ("oslaua", "oseast1m", "osnrth1m")
_SIMPLE = ("postcode", "la_code", "easting", "northing")
_COUNTRY_BY_PREFIX = {"E": ENGLAND, "W": "W92000004", "S": "S92000003", "N": "N92000002"}
_COUNTY_PREFIX = "E10"
"""ONS codes of county councils: in two-tier areas the county is the responsible authority."""
_GRID_MAX = 1_300_000
"""No OS grid reference in the UK exceeds 1,300 km north (Shetland) or 700 km east."""


class PostcodeReferenceError(Exception):
    """A postcode reference could not be read; ``problems`` holds everything found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        lines = [f"the postcode reference could not be read: {count} problem(s) found"]
        lines += [f"- {p}" for p in problems[:MAX_LISTED]]
        if count > MAX_LISTED:
            lines.append(f"… and {count - MAX_LISTED} more")
        super().__init__("\n".join(lines))


def normalise_postcode(postcode: pl.Expr) -> pl.Expr:
    """A postcode as the reference keys it: upper case, no spaces (blank if empty)."""
    key = postcode.str.to_uppercase().str.replace_all(r"\s+", "")
    return pl.when(key.str.len_chars() > 0).then(key)


def load_postcodes(path: Path) -> pl.DataFrame:
    """The postcode reference in ``path`` (ONSPD or simple layout), as :data:`REFERENCE_SCHEMA`.

    Raises :class:`PostcodeReferenceError` naming the file, line and column of every bad row.
    """
    name = str(path)
    try:
        header = pl.read_csv(path, n_rows=0, infer_schema=False).columns
    except (OSError, pl.exceptions.ComputeError, pl.exceptions.NoDataError) as error:
        raise PostcodeReferenceError(
            [Problem.whole(name, f"cannot be read ({error})", expected="a CSV file")]
        ) from None
    columns = {c.strip().lower(): c for c in header}
    raw = pl.scan_csv(path, infer_schema=False, encoding="utf8-lossy").with_row_index(
        "_line", offset=2
    )
    if all(c in columns for c in _ONSPD) and ("pcds" in columns or "pcd" in columns):
        frame = _onspd(raw, columns)
    elif all(c in columns for c in _SIMPLE):
        frame = _simple(raw, columns)
    else:
        raise PostcodeReferenceError(
            [
                Problem.whole(
                    name,
                    f"has columns {', '.join(header)}",
                    expected="the ONSPD columns pcds, oslaua, oseast1m, osnrth1m (and oscty, "
                    "ctry) or postcode, la_code, easting, northing",
                    row=1,
                )
            ]
        )
    return _checked(frame.collect(), name)


def _onspd(raw: pl.LazyFrame, columns: dict[str, str]) -> pl.LazyFrame:
    district = pl.col(columns["oslaua"]).str.strip_chars()
    if "oscty" in columns:
        county = pl.col(columns["oscty"]).str.strip_chars()
        district = pl.when(county.str.starts_with(_COUNTY_PREFIX)).then(county).otherwise(district)
    country = pl.col(columns["ctry"]).str.strip_chars() if "ctry" in columns else None
    return raw.select(
        "_line",
        postcode=pl.col(columns["pcds"] if "pcds" in columns else columns["pcd"]),
        la_code=district,
        easting=pl.col(columns["oseast1m"]),
        northing=pl.col(columns["osnrth1m"]),
        country=country if country is not None else pl.lit(None, pl.String),
    )


def _simple(raw: pl.LazyFrame, columns: dict[str, str]) -> pl.LazyFrame:
    country = pl.col(columns["country"]).str.strip_chars() if "country" in columns else None
    return raw.select(
        "_line",
        postcode=pl.col(columns["postcode"]),
        la_code=pl.col(columns["la_code"]).str.strip_chars(),
        easting=pl.col(columns["easting"]),
        northing=pl.col(columns["northing"]),
        country=country if country is not None else pl.lit(None, pl.String),
    )


def _grid(column: str) -> pl.Expr:
    """Metres on the OS grid; blank stays blank (ONSPD has no grid reference for some)."""
    text = pl.col(column).str.strip_chars()
    return pl.when(text.str.len_chars() > 0).then(text.cast(pl.Int64, strict=False))


def _checked(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    by_prefix = (
        pl.col("la_code")
        .str.slice(0, 1)
        .replace_strict(_COUNTRY_BY_PREFIX, default=None, return_dtype=pl.String)
    )
    typed = frame.with_columns(
        key=normalise_postcode(pl.col("postcode")),
        e=_grid("easting"),
        n=_grid("northing"),
        la_code=pl.when(pl.col("la_code").str.len_chars() > 0).then("la_code"),
        country=pl.when(pl.col("country").str.len_chars() > 0).then("country").otherwise(by_prefix),
    )
    problems = _problems(typed, name)
    if problems:
        raise PostcodeReferenceError(problems)
    return typed.select(
        postcode="key", la_code="la_code", easting="e", northing="n", country="country"
    ).match_to_schema(REFERENCE_SCHEMA)


def _problems(typed: pl.DataFrame, name: str) -> list[Problem]:
    out: list[Problem] = []
    blank_key = typed.filter(pl.col("key").is_null())
    out += [
        Problem(name, line, "postcode", value or "", issue="is blank", expected="a postcode")
        for line, value in blank_key.select("_line", "postcode").iter_rows()
    ]
    for column, parsed in (("easting", "e"), ("northing", "n")):
        text = pl.col(column).str.strip_chars()
        bad = typed.filter(
            (text.str.len_chars() > 0)
            & (pl.col(parsed).is_null() | ~pl.col(parsed).is_between(0, _GRID_MAX))
        )
        out += [
            Problem(
                name,
                line,
                column,
                value,
                issue="is not a grid reference",
                expected="whole metres on the OS grid, 0 to 1300000",
            )
            for line, value in bad.select("_line", column).iter_rows()
        ]
    twice = typed.filter(pl.col("key").is_not_null() & pl.col("key").is_duplicated())
    out += [
        Problem(
            name, line, "postcode", value, issue="appears more than once", expected="one row each"
        )
        for line, value in twice.select("_line", "postcode").iter_rows()
    ]
    return sorted(out, key=lambda p: (p.row or 0, p.column or ""))
