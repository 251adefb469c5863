"""Reading one collection year's 903 return: a folder of CSV files, one per table.

Each file is recognised by its header row, not its name, because councils' case systems
name their exports in many ways. What we tolerate, since real exports do it: a byte-order
mark, CRLF line ends, whitespace around values and header names, header names and codes in
any case (codes are normalised to the specification's case), blank lines and all-blank
rows (Excel leaves them), a trailing empty column, and Windows-1252 text. Dates are
dd/mm/yyyy; a single-digit day or month is accepted, anything else is refused.

Header and Episodes must be present. Every other table is optional: many councils send
only some of them, so a missing one reads as an empty frame.

Everything is vectorised: each CSV is read by Polars as text, then stripped, normalised,
parsed and checked column by column. Problem objects are built only for failing cells,
at most ``MAX_PROBLEMS_PER_COLUMN`` per file and column, plus one summary line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import polars as pl

from incare.ssda903.errors import Problem, ReturnError
from incare.ssda903.spec import DATE_FORMAT, Column, Spec, Table, load_spec

MANDATORY_TABLES = ("header", "episodes")
MAX_PROBLEMS_PER_COLUMN = 1000

_LINE = "__line"
_DATE_SHAPE = r"^\d{1,2}/\d{1,2}/\d{4}$"
_EXPECT_DATE = "a date written dd/mm/yyyy"
_BAD_CODE = "is not a valid code"
_EXPECT_UTF8 = "a UTF-8 CSV file: save it as UTF-8 CSV"
# File signatures of things people rename to .csv by mistake.
_MAGIC = {
    b"PK\x03\x04": "an Excel workbook (or another zip file)",
    b"\xd0\xcf\x11\xe0": "an old-style Excel workbook",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF document",
    b"GIF8": "a GIF image",
}


@dataclass
class ReadResult:
    """What reading one return found. ``fatal`` problems stop even a lenient read."""

    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    fatal: list[Problem] = field(default_factory=list)
    values: list[Problem] = field(default_factory=list)


def read_return(folder: Path, *, year: int, strict: bool = True) -> dict[str, pl.DataFrame]:
    """Read ``folder`` as the ``year`` collection; frames follow ``Table.schema()``.

    Strict (the default) raises one :class:`ReturnError` listing every problem. Lenient
    (``strict=False``) raises only when files cannot be read or recognised; bad codes and
    out-of-range numbers are kept as written, unreadable dates and numbers become null.
    """
    result = collect_return(Path(folder), year=year)
    if result.fatal or (strict and result.values):
        raise ReturnError(result.fatal + result.values)
    return result.tables


def read_return_with_problems(
    folder: Path, *, year: int
) -> tuple[dict[str, pl.DataFrame], list[Problem]]:
    """Lenient read that also returns the problems found in values (for the validator)."""
    result = collect_return(Path(folder), year=year)
    if result.fatal:
        raise ReturnError(result.fatal)
    return result.tables, result.values


def read_text_tables(folder: Path, *, year: int) -> tuple[dict[str, pl.DataFrame], list[Problem]]:
    """Each recognised file as text, keyed by table label (``Header``…), for the validator.

    Cells are as written (not parsed or normalised), with ``line``: the file line of the row.
    Rows that are entirely blank are dropped. Problems are those that stop any reading:
    unreadable or unrecognised files, or a folder without Header and Episodes.
    """
    result = ReadResult()
    found: dict[str, pl.DataFrame] = {}
    spec = load_spec()
    for path in _csv_files(folder, result.fatal):
        label = f"{folder.name}/{path.name}"
        raw = _read_csv(path, label, result.fatal)
        matched = (
            None
            if raw is None
            else _identify(raw, label=label, spec=spec, year=year, problems=result.fatal)
        )
        if matched is None:
            continue
        table, data = matched
        if table.label in found:
            issue = f"holds the {table.label} table again"
            result.fatal.append(Problem.whole(label, issue, expected="one file per table", row=1))
            continue
        values = [c for c in data.columns if c != _LINE]
        blank = pl.all_horizontal(pl.col(values).str.strip_chars().fill_null("") == "")
        found[table.label] = data.filter(~blank).rename({_LINE: "line"})
    for name in MANDATORY_TABLES:
        table = spec.tables[name]
        if table.label not in found and not result.fatal:
            expected = f"a CSV file whose header row is {','.join(table.column_names)}"
            issue = f"has no {table.label} table (it is required)"
            result.fatal.append(Problem.whole(folder.name, issue, expected=expected))
    return found, result.fatal


def _csv_files(folder: Path, problems: list[Problem]) -> list[Path]:
    if not folder.is_dir():
        expected = "a folder of CSV files, one per 903 table"
        problems.append(Problem.whole(str(folder), "is not a folder", expected=expected))
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() == ".csv" and not p.name.startswith((".", "~$"))
    )


def collect_return(folder: Path, *, year: int) -> ReadResult:
    """Read a return without raising; the store uses this to report all years at once."""
    spec = load_spec()
    wanted = spec.tables_for(year)
    result = ReadResult()
    if not folder.is_dir():
        expected = "a folder of CSV files, one per 903 table"
        result.fatal.append(Problem.whole(str(folder), "is not a folder", expected=expected))
        return result
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() == ".csv" and not p.name.startswith((".", "~$"))
    )
    found: dict[str, str] = {}
    for path in files:
        label = f"{folder.name}/{path.name}"
        raw = _read_csv(path, label, result.fatal)
        if raw is None:
            continue
        matched = _identify(raw, label=label, spec=spec, year=year, problems=result.fatal)
        if matched is None:
            continue
        table, data = matched
        if table.name in found:
            expected = f"one file per table ({found[table.name]} already holds {table.label})"
            issue = f"holds the {table.label} table again"
            result.fatal.append(Problem.whole(label, issue, expected=expected, row=1))
            continue
        found[table.name] = label
        frame, problems = _convert(data, table=table, year=year, label=label)
        result.tables[table.name] = frame
        result.values.extend(problems)
    if not files:
        expected = "one CSV file per 903 table"
        result.fatal.append(Problem.whole(folder.name, "has no .csv files", expected=expected))
    for table in (wanted[n] for n in MANDATORY_TABLES if files and n not in found):
        expected = f"a CSV file whose header row is {','.join(table.column_names)}"
        issue = f"has no {table.label} table (it is required)"
        result.fatal.append(Problem.whole(folder.name, issue, expected=expected))
    result.tables = {
        name: result.tables.get(name, pl.DataFrame(schema=table.schema()))
        for name, table in wanted.items()
    }
    return result


def _read_csv(path: Path, label: str, problems: list[Problem]) -> pl.DataFrame | None:
    """All cells as text, the header as row 0; ``None`` (and a problem) if unreadable."""

    def fail(issue: str, expected: str = _EXPECT_UTF8, row: int | None = None) -> None:
        problems.append(Problem.whole(label, issue, expected=expected, row=row))

    try:
        data = path.read_bytes()
    except OSError as exc:
        fail(f"could not be opened ({exc.strerror})", "a readable file")
        return None
    if not data:
        fail("file is empty (0 bytes)", "a CSV file with a header row")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        fail("file is UTF-16 (or binary)")
        return None
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            fail(f"is a binary file ({kind}), not CSV text")
            return None
    if b"\x00" in data[:8192]:
        fail("file is UTF-16 (or binary)")
        return None
    try:
        return _parse_csv(data)
    except pl.exceptions.PolarsError as exc:
        message = str(exc)
    if "utf-8" in message:
        # Excel's plain "CSV" on Windows writes Windows-1252: accept it rather than refuse.
        try:
            return _parse_csv(data.decode("cp1252").encode("utf-8"))
        except (UnicodeDecodeError, pl.exceptions.PolarsError):
            fail("is not UTF-8 text")
            return None
    if "more fields" in message:
        issue = "has more values than the header row has columns"
        fail(issue, "one value per column", _ragged_line(data))
        return None
    fail(f"could not be read as CSV ({message.splitlines()[0]})", "a comma-separated file")
    return None


def _parse_csv(data: bytes) -> pl.DataFrame:
    # has_header=False keeps header names exactly as written (Polars would rename
    # duplicates) and makes row i line i + 1 of the file, blank lines included.
    return pl.read_csv(data, has_header=False, infer_schema=False, raise_if_empty=False)


def _ragged_line(data: bytes) -> int | None:
    """The first line with more values than the header (only run when Polars refused)."""
    rows = csv.reader(io.StringIO(data.decode("utf-8", errors="replace")))
    width = len(next(rows, []))
    for row in rows:
        if len(row) > width:
            return rows.line_num
    return None


def _identify(
    raw: pl.DataFrame, *, label: str, spec: Spec, year: int, problems: list[Problem]
) -> tuple[Table, pl.DataFrame] | None:
    """Which table a file holds, from its header row; columns renamed to spec names."""
    if raw.height == 0:
        problems.append(Problem.whole(label, "has no header row", expected="a header row"))
        return None
    header = [(v or "").strip().lstrip("\ufeff").strip().upper() for v in raw.row(0)]
    body = raw.slice(1)
    keep = [
        (old, new)
        for old, new in zip(raw.columns, header, strict=True)
        # A trailing comma gives a blank-named empty column: harmless, so drop it.
        if new or body.get_column(old).str.strip_chars().str.len_bytes().max() not in (None, 0)
    ]
    names = [new or "(blank)" for _, new in keep]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        issue = f"header names {', '.join(repeated)} more than once"
        problems.append(Problem.whole(label, issue, expected="each column named once", row=1))
        return None
    table = _closest_table(set(names), spec)
    if set(names) != set(table.column_names):
        problems.append(_header_problem(label, names, table))
        return None
    if not table.applies_to(year):
        issue = f"holds the {table.label} table, which is collected from {table.first_year}"
        expected = f"only tables of the {year} collection"
        problems.append(Problem.whole(label, issue, expected=expected, row=1))
        return None
    data = raw.with_row_index(_LINE, offset=1).slice(1)
    return table, data.select(_LINE, *(pl.col(old).alias(new) for old, new in keep))


def _closest_table(names: set[str], spec: Spec) -> Table:
    # First the share of the file's columns the table has (a few typos or one extra column
    # still point at the right table), then the overlap both ways to break ties.
    def overlap(table: Table) -> tuple[float, float]:
        cols = set(table.column_names)
        return len(cols & names) / max(len(names), 1), len(cols & names) / len(cols | names)

    return max(spec.tables.values(), key=overlap)


def _header_problem(label: str, names: list[str], table: Table) -> Problem:
    cols = set(table.column_names)
    unexpected = [n for n in names if n not in cols]
    missing = [c for c in table.column_names if c not in names]
    if len(cols & set(names)) <= 1:
        expected = "the header row of a 903 table, e.g. " + ",".join(table.column_names)
    else:
        parts = [f"closest is {table.label}"]
        if unexpected:
            parts.append("unexpected columns " + ", ".join(unexpected))
        if missing:
            parts.append("missing columns " + ", ".join(missing))
        expected = f"the columns of a 903 table ({'; '.join(parts)})"
    return Problem(label, 1, None, ",".join(names), expected, "header matches no 903 table")


@dataclass(frozen=True)
class _Check:
    column: str
    bad: pl.Expr  # over raw columns side by side with parsed ones (suffix _PARSED)
    issue: str
    expected: str

    @property
    def is_code(self) -> bool:
        return self.issue == _BAD_CODE


_PARSED = "__parsed"
_TEXT = ("id", "text")


def _parsed_name(col: Column) -> str:
    return col.name if col.type in _TEXT else col.name + _PARSED


def _convert(
    data: pl.DataFrame, *, table: Table, year: int, label: str
) -> tuple[pl.DataFrame, list[Problem]]:
    """Parse text columns into spec types, and list the cells that do not fit.

    The frame is the same whether or not the caller is strict: unreadable dates and
    numbers become null, bad codes and out-of-range numbers stay as written.
    """
    plan = _plan(table.name, year)
    both = _parse_all(data, plan)
    *counts, blank_rows = both.select(plan.tally).row(0)
    if blank_rows:  # all-blank rows (Excel leaves them) are dropped; filtering copies
        both = both.filter(~plan.blank)
        *counts, _ = both.select(plan.tally).row(0)
    problems: list[Problem] = []
    for check, count in zip(plan.checks, counts, strict=True):
        if count:
            failing = both.filter(check.bad).select(_LINE, check.column)
            problems.extend(_cell_problems(failing, check, table=table, year=year, label=label))
        if count > MAX_PROBLEMS_PER_COLUMN:
            more = f"{count - MAX_PROBLEMS_PER_COLUMN} more lines fail the same way "
            issue = more + f"(only the first {MAX_PROBLEMS_PER_COLUMN} are listed)"
            problems.append(Problem(label, None, check.column, None, check.expected, issue))
    bad_codes = {c.column for c, n in zip(plan.checks, counts, strict=True) if n and c.is_code}
    # A bad code is kept as written (the validator wants to see it); other misses are null.
    parsed = {c.name: pl.col(_parsed_name(c)) for c in table.columns}
    parsed.update({n: pl.coalesce(parsed[n], n) for n in bad_codes})
    frame = both.select(parsed[c.name].cast(c.dtype).alias(c.name) for c in table.columns)
    order = {n: i for i, n in enumerate(table.column_names)}
    # By line then column, as a person fixing the file reads it; summaries last.
    problems.sort(key=lambda p: (p.row is None, p.row or 0, order.get(p.column or "", 0)))
    return frame, problems


@dataclass(frozen=True)
class _Plan:
    """The expressions that read one table of one collection year, built once (cached):
    with a hundred files in a store, building them per file cost as much as small files'
    parsing."""

    first: tuple[pl.Expr, ...]  # text columns stripped; every column parsed as written
    retry: dict[str, tuple[pl.Expr, pl.Expr]]  # column: (stripped, parsed normalised)
    checks: tuple[_Check, ...]
    tally: tuple[pl.Expr, ...]  # how many cells fail each check, then how many blank rows
    blank: pl.Expr  # the row is blank in every column


@cache
def _plan(table_name: str, year: int) -> _Plan:
    table = load_spec().tables[table_name]
    first: list[pl.Expr] = []
    retry = {}
    for col in table.columns:
        if col.type in _TEXT:
            first.append(_cleaned(col.name))  # text is its own parsed value
        else:
            first.append(_parse(col, table=table, year=year, normalise=False))
            retry[col.name] = (
                _cleaned(col.name),
                _parse(col, table=table, year=year, normalise=True),
            )
    checks = tuple(check for col in table.columns for check in _checks(col, table, year))
    blank = ~pl.any_horizontal(pl.col(table.column_names).is_not_null())
    tally = (*(c.bad.sum().alias(f"{i}") for i, c in enumerate(checks)), blank.sum())
    return _Plan(tuple(first), retry, checks, tally, blank)


def _parse_all(data: pl.DataFrame, plan: _Plan) -> pl.DataFrame:
    """Raw text (stripped, blank as null) side by side with parsed values (``_PARSED``).

    Most columns of most files are clean, so values are first parsed as written; only a
    column where that misses is stripped, upper-cased (codes) and parsed again. Stripping
    every column up front would cost more than all the parsing.
    """
    both = data.with_columns(plan.first)
    retry = [
        name
        for name in plan.retry
        if both.get_column(name + _PARSED).null_count() > both.get_column(name).null_count()
    ]
    if retry:
        both = both.with_columns(plan.retry[n][0] for n in retry)
        both = both.with_columns(plan.retry[n][1] for n in retry)
    return both


def _cleaned(name: str) -> pl.Expr:
    # replace() rather than when/then: that would strip twice.
    return pl.col(name).str.strip_chars().replace("", None).alias(name)


def _parse(col: Column, *, table: Table, year: int, normalise: bool) -> pl.Expr:
    """A column's values in its spec type; null where the text does not fit."""
    return _parse_value(col, table=table, year=year, normalise=normalise).alias(col.name + _PARSED)


def _parse_value(col: Column, *, table: Table, year: int, normalise: bool) -> pl.Expr:
    raw = pl.col(col.name)
    if col.type == "date":
        # Chrono alone would take "31/03/24" as the year 24 and allow spaces and signs.
        return pl.when(raw.str.contains(_DATE_SHAPE)).then(
            raw.str.to_date(DATE_FORMAT, strict=False)
        )
    if col.type == "code":
        codes = load_spec().codes(table.name, col.name, year)
        if not normalise:
            return pl.when(raw.is_in(list(codes))).then(raw)  # cheaper than replace_strict
        mapping = {code.upper(): code for code in codes}
        return raw.str.to_uppercase().replace_strict(mapping, default=None, return_dtype=pl.String)
    if col.type == "flag":
        return raw.replace_strict({"0": 0, "1": 1}, default=None, return_dtype=pl.Int8)
    if col.type == "integer":
        return raw.str.to_integer(strict=False)
    return raw


def _checks(col: Column, table: Table, year: int) -> list[_Check]:
    """What each cell of a column must pass, given its raw and parsed values."""
    raw, value = pl.col(col.name), pl.col(_parsed_name(col))
    unreadable = raw.is_not_null() & value.is_null()
    checks: list[_Check] = []
    expected = "text"
    if col.type == "date":
        expected = _EXPECT_DATE
        checks.append(_Check(col.name, unreadable, "is not a date", expected))
    elif col.type == "code":
        expected = _describe_codes(list(load_spec().codes(table.name, col.name, year)))
        checks.append(_Check(col.name, unreadable, _BAD_CODE, expected))
    elif col.type == "flag":
        expected = "0 (no) or 1 (yes)"
        checks.append(_Check(col.name, unreadable, "is not 0 or 1", expected))
    elif col.type == "integer":
        expected = _describe_range(col)
        checks.append(_Check(col.name, unreadable, "is not a whole number", expected))
        outside = value.is_not_null() & _outside(value, col)
        checks.append(_Check(col.name, outside, "is out of range", expected))
    if col.required:
        checks.append(_Check(col.name, raw.is_null(), "required field is blank", expected))
    return checks


def _outside(value: pl.Expr, col: Column) -> pl.Expr:
    low = value < col.minimum if col.minimum is not None else pl.lit(False)
    high = value > col.maximum if col.maximum is not None else pl.lit(False)
    return low | high


def _describe_range(col: Column) -> str:
    if col.minimum is not None and col.maximum is not None:
        return f"a whole number from {col.minimum} to {col.maximum}"
    if col.minimum is not None:
        return f"a whole number of at least {col.minimum}"
    if col.maximum is not None:
        return f"a whole number of at most {col.maximum}"
    return "a whole number"


def _describe_codes(codes: list[str], *, shown: int = 15) -> str:
    if len(codes) <= shown:
        return "one of " + ", ".join(codes)
    return f"one of {', '.join(codes[:shown])} … ({len(codes)} codes)"


def _cell_problems(
    failing: pl.DataFrame, check: _Check, *, table: Table, year: int, label: str
) -> list[Problem]:
    rows = failing.head(MAX_PROBLEMS_PER_COLUMN).iter_rows()
    other_years: set[str] = set()
    if check.is_code:
        other_years = {c.upper() for c in load_spec().all_codes(table.name, check.column)}
    problems = []
    for line, value in rows:
        issue = check.issue
        if value is not None and value.upper() in other_years:
            issue = f"is a code not used in the {year} collection"
        problems.append(Problem(label, line, check.column, value, check.expected, issue))
    return problems
