"""Statistical disclosure control: what each audience may see (indicator reference §D).

Every figure that leaves the analysts' hands passes through :func:`suppress` (a table) or
:func:`suppress_figure` (one indicator result, built on :func:`suppress`), so the rules live
in one place:

- ``analyst``: everything, unchanged and unrounded.
- ``councillor`` and ``public``: every treated cell becomes a string.
  Counts of 1-5 become ``c``; a true 0 is shown. A percentage whose numerator is 1-5 (or is
  itself hidden) or whose denominator is under 10 becomes ``c``. Secondary suppression: where
  a row or column has a total and exactly one of its cells is hidden, the next smallest
  non-zero cell is hidden too (or the total, if there is none), repeated until nothing hidden
  can be worked out by subtraction. Percentages and rates per 10,000 are whole numbers
  (rounded half up from the unrounded value), means to the given decimal places; a value
  that rounds to zero but is not zero is ``k``. ``z``: not applicable (an empty cohort);
  ``x``: not available (a missing value).
- Benchmark rows (§D rule 4): counts on the rows of a national or regional figure are
  rounded to the nearest 10 (half up, from the unrounded count), as DfE publishes them, for
  councillors and the public; a count that is not zero but rounds to 0 is ``k``. Rounding
  is their protection, so they are not hidden as 1-5 counts are, and never chosen for
  secondary suppression. Local authority rows are not rounded (DfE publishes LA counts
  unrounded).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import polars as pl

Audience = Literal["analyst", "councillor", "public"]
AUDIENCES: tuple[Audience, ...] = ("analyst", "councillor", "public")

SUPPRESSED = "c"
"""GSS symbol: hidden to protect confidentiality."""
NOT_APPLICABLE = "z"
NOT_AVAILABLE = "x"
ROUNDS_TO_ZERO = "k"
"""GSS symbol: rounds to zero, but is not zero."""

SMALLEST_SHOWN_COUNT = 6
"""Counts of 1 to 5 are hidden (DfE's LA-level files show nothing smaller than 6)."""
SMALLEST_SHOWN_DENOMINATOR = 10
BENCHMARK_ROUNDING = 10
"""National and regional counts are rounded to the nearest 10 (§D rule 4, DfE practice)."""

FOOTNOTE = (
    "Following DfE conventions: c = suppressed to protect confidentiality (counts of 1 to 5, "
    "and other cells from which they could be worked out); k = rounds to zero but is not "
    "zero; x = not available; z = not applicable. Percentages are whole numbers calculated "
    "from unrounded figures and may not add to 100."
)

Cell = tuple[int, str]


class DisclosureError(ValueError):
    """``suppress`` was asked about columns or a total row the frame does not have."""


def suppress(
    frame: pl.DataFrame,
    *,
    audience: Audience,
    count_columns: Sequence[str] = (),
    percent_columns: Mapping[str, tuple[str, str]] | None = None,
    rate_columns: Mapping[str, str] | None = None,
    mean_columns: Mapping[str, tuple[str, int]] | None = None,
    row_total: str | None = None,
    total_row: pl.Expr | None = None,
    benchmark_rows: pl.Expr | None = None,
) -> pl.DataFrame:
    """``frame`` as ``audience`` may see it.

    - ``count_columns``: counts of children (or events).
    - ``percent_columns``: percentage (0-100, unrounded) -> (numerator, denominator) columns.
    - ``rate_columns``: rate per 10,000 -> the column of the count it was calculated from.
    - ``mean_columns``: mean -> (column of how many it is a mean of, decimal places).
    - ``row_total``: the count column that is the total of the other count columns.
    - ``total_row``: an expression true on the one row that totals the other rows.
    - ``benchmark_rows``: an expression true on the rows of national or regional figures
      (e.g. ``pl.col("geographic_level").is_in(["National", "Regional"])``): their counts
      are rounded to the nearest 10 instead of hidden (§D rule 4).

    Other columns (labels) pass through unchanged. For ``analyst`` the frame is returned as
    it is; for other audiences every treated column becomes a string column.
    """
    if audience == "analyst":
        return frame
    if audience not in AUDIENCES:
        raise DisclosureError(f"unknown audience {audience!r}: use one of {', '.join(AUDIENCES)}")
    percents = dict(percent_columns or {})
    rates = dict(rate_columns or {})
    means = dict(mean_columns or {})
    _check_columns(frame, count_columns, percents, rates, means, row_total)
    counts = {c: frame.get_column(c).to_list() for c in count_columns}
    totals_at = _total_row_index(frame, total_row)
    benchmarks = _benchmark_row_indices(frame, benchmark_rows)
    hidden = _primary(counts, skip=benchmarks)
    _secondary(
        hidden,
        counts,
        row_total=row_total,
        total_row=totals_at,
        height=frame.height,
        skip=benchmarks,
    )

    def is_hidden(column: str) -> pl.Expr:
        flags = [(i, column) in hidden for i in range(frame.height)]
        return pl.lit(pl.Series(column, flags, dtype=pl.Boolean()))

    rounded_row = pl.lit(
        pl.Series("benchmark", [i in benchmarks for i in range(frame.height)], pl.Boolean())
    )
    columns = {
        c: _count_text(c, is_hidden(c) if c in counts else pl.lit(False), rounded=rounded_row)
        for c in counts
    }
    for name, (numerator, denominator) in percents.items():
        hide = _small_numerator(numerator) | pl.col(denominator).lt(SMALLEST_SHOWN_DENOMINATOR)
        for source in (numerator, denominator):
            if source in counts:
                hide = hide | is_hidden(source)
        columns[name] = _rounded_text(name, hide=hide, cohort=pl.col(denominator), decimals=0)
    for name, numerator in rates.items():
        hide = _small_numerator(numerator)
        if numerator in counts:
            hide = hide | is_hidden(numerator)
        columns[name] = _rounded_text(name, hide=hide, cohort=None, decimals=0)
    for name, (size, decimals) in means.items():
        hide = pl.col(size).lt(SMALLEST_SHOWN_DENOMINATOR)
        columns[name] = _rounded_text(name, hide=hide, cohort=pl.col(size), decimals=decimals)
    return frame.with_columns(**columns)


def suppress_figure(
    *,
    unit: str,
    value: float | None,
    numerator: int | None,
    denominator: int | None,
    audience: Audience,
    benchmark: bool = False,
) -> dict[str, object]:
    """One indicator's ``value``, ``numerator`` and ``denominator`` as ``audience`` may see
    them: unchanged for analysts, else strings by the same rules as :func:`suppress`.

    ``unit`` is an indicator unit: count, percent, rate (per 10,000; ``numerator`` is the
    count), days or mean (``denominator`` is how many it is a mean of). ``benchmark``: a
    national or regional figure, whose counts are rounded to the nearest 10 (§D rule 4).
    """
    figure: dict[str, object] = {
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
    }
    if audience == "analyst":
        return figure
    row = pl.DataFrame(
        {
            "value": [value],
            "numerator": [numerator],
            "denominator": [denominator],
        },
        schema={"value": pl.Float64(), "numerator": pl.Int64(), "denominator": pl.Int64()},
    )
    counted = ["numerator", "denominator"]
    level = pl.lit(True) if benchmark else None
    if unit == "count":
        shown = suppress(
            row, audience=audience, count_columns=["value", *counted], benchmark_rows=level
        )
    elif unit == "percent":
        percents = {"value": ("numerator", "denominator")}
        shown = suppress(
            row,
            audience=audience,
            count_columns=counted,
            percent_columns=percents,
            benchmark_rows=level,
        )
    elif unit == "rate":
        rates = {"value": "numerator"}
        shown = suppress(
            row, audience=audience, count_columns=counted, rate_columns=rates, benchmark_rows=level
        )
    else:
        decimals = 0 if unit == "days" else 1
        means = {"value": ("denominator", decimals)}
        shown = suppress(
            row, audience=audience, count_columns=counted, mean_columns=means, benchmark_rows=level
        )
    result = shown.row(0, named=True)
    if denominator is None:
        result["denominator"] = None
    if numerator is None:
        result["numerator"] = None
    return result


def _check_columns(
    frame: pl.DataFrame,
    counts: Sequence[str],
    percents: Mapping[str, tuple[str, str]],
    rates: Mapping[str, str],
    means: Mapping[str, tuple[str, int]],
    row_total: str | None,
) -> None:
    named = [*counts, *percents, *rates, *means]
    named += [c for pair in percents.values() for c in pair]
    named += [*rates.values(), *(size for size, _ in means.values())]
    missing = sorted({c for c in named if c not in frame.columns})
    if missing:
        raise DisclosureError(f"the frame has no column {', '.join(map(repr, missing))}")
    if row_total is not None and row_total not in counts:
        raise DisclosureError(f"row_total {row_total!r} must be one of the count columns")


def _total_row_index(frame: pl.DataFrame, total_row: pl.Expr | None) -> int | None:
    if total_row is None:
        return None
    where = frame.with_row_index("__row").filter(total_row).get_column("__row").to_list()
    if len(where) != 1:
        raise DisclosureError(f"total_row must pick out exactly one row, not {len(where)}")
    return int(where[0])


def _benchmark_row_indices(frame: pl.DataFrame, benchmark_rows: pl.Expr | None) -> set[int]:
    if benchmark_rows is None:
        return set()
    where = frame.with_row_index("__row").filter(benchmark_rows).get_column("__row")
    return {int(i) for i in where.to_list()}


def _primary(counts: Mapping[str, list[int | None]], *, skip: set[int]) -> set[Cell]:
    return {
        (i, column)
        for column, values in counts.items()
        for i, v in enumerate(values)
        if v is not None and 0 < v < SMALLEST_SHOWN_COUNT and i not in skip
    }


def _secondary(
    hidden: set[Cell],
    counts: Mapping[str, list[int | None]],
    *,
    row_total: str | None,
    total_row: int | None,
    height: int,
    skip: set[int],
) -> None:
    """Hide more cells until no line (a row or column with a total) has exactly one hidden.

    Cells on the rows in ``skip`` (rounded benchmark rows) are never chosen."""
    lines: list[tuple[list[Cell], Cell]] = []
    if row_total is not None:
        parts = [c for c in counts if c != row_total]
        lines += [([(i, c) for c in parts], (i, row_total)) for i in range(height)]
    if total_row is not None:
        rows = [i for i in range(height) if i != total_row]
        lines += [([(i, c) for i in rows], (total_row, c)) for c in counts]
    changed = True
    while changed:
        changed = False
        for parts_of_line, total in lines:
            changed |= _protect(hidden, counts, parts_of_line, total, skip=skip)


def _protect(
    hidden: set[Cell],
    counts: Mapping[str, list[int | None]],
    parts: list[Cell],
    total: Cell,
    *,
    skip: set[int],
) -> bool:
    """If exactly one cell of the line is hidden, hide the next smallest non-zero part (or
    the total when every other part is zero); True if a cell was hidden."""
    if sum(cell in hidden for cell in [*parts, total]) != 1:
        return False

    def value(cell: Cell) -> int | None:
        return counts[cell[1]][cell[0]]

    candidates = [c for c in parts if c not in hidden and (value(c) or 0) > 0 and c[0] not in skip]
    if candidates:
        hidden.add(min(candidates, key=lambda c: value(c) or 0))
        return True
    if total not in hidden and (value(total) or 0) > 0 and total[0] not in skip:
        hidden.add(total)
        return True
    return False


def _small_numerator(column: str) -> pl.Expr:
    return pl.col(column).is_between(1, SMALLEST_SHOWN_COUNT - 1).fill_null(False)


def _count_text(column: str, hide: pl.Expr, *, rounded: pl.Expr) -> pl.Expr:
    value = pl.col(column)
    step = BENCHMARK_ROUNDING
    to_ten = ((value.cast(pl.Float64) / step + 0.5).floor() * step).cast(pl.Int64)
    return (
        pl.when(value.is_null())
        .then(pl.lit(NOT_AVAILABLE))
        .when(rounded & to_ten.eq(0) & value.ne(0))
        .then(pl.lit(ROUNDS_TO_ZERO))
        .when(rounded)
        .then(to_ten.cast(pl.String))
        .when(hide)
        .then(pl.lit(SUPPRESSED))
        .otherwise(value.cast(pl.Int64).cast(pl.String))
    )


def _rounded_text(column: str, *, hide: pl.Expr, cohort: pl.Expr | None, decimals: int) -> pl.Expr:
    value = pl.col(column).cast(pl.Float64)
    scale = 10**decimals
    rounded = (value * scale + 0.5).floor() / scale  # half up: 12.5% shows as 13
    text = rounded.cast(pl.Int64).cast(pl.String) if decimals == 0 else _fixed(rounded, decimals)
    empty = cohort.eq(0).fill_null(False) if cohort is not None else pl.lit(False)
    return (
        pl.when(value.is_null() & empty)
        .then(pl.lit(NOT_APPLICABLE))
        .when(value.is_null())
        .then(pl.lit(NOT_AVAILABLE))
        .when(hide.fill_null(False))
        .then(pl.lit(SUPPRESSED))
        .when(rounded.eq(0) & value.ne(0))
        .then(pl.lit(ROUNDS_TO_ZERO))
        .otherwise(text)
    )


def _fixed(rounded: pl.Expr, decimals: int) -> pl.Expr:
    whole = rounded.floor().cast(pl.Int64).cast(pl.String)
    scale = 10**decimals
    fraction = ((rounded - rounded.floor()) * scale).round(0).cast(pl.Int64).cast(pl.String)
    return pl.concat_str(whole, pl.lit("."), fraction.str.zfill(decimals))
