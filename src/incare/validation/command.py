"""``incare validate``: arguments and behaviour, without Django.

Validation reads files and writes a report: it needs no database, so ``incare validate``
runs this straight from :mod:`incare.cli` without starting Django (which takes longer than
the rules themselves on a large return). The management command of the same name wraps it,
so ``call_command("validate", ...)`` and the web behave the same.

Exit status: 0 when the rules ran (whatever they found: errors are the council's to fix,
not a failure of the command), 2 when an input cannot be read or incare holds no rules for
the collection year.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from incare.geography import PostcodeReferenceError
from incare.ssda903.errors import ReturnError
from incare.ssda903.store import read_store_metadata
from incare.validation.engine import rules_for
from incare.validation.files import locate_return, store_years, validate_folder
from incare.validation.report import ValidationReport
from incare.validation.rule import FIRST_YEAR, LAST_YEAR

UNREADABLE = 2
"""Exit status when an input cannot be read or the request cannot be met (as argparse uses
for bad arguments)."""

Write = Callable[[str], Any]


class ValidateFailure(Exception):
    """An input that cannot be read or a request that cannot be met; the message says why."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", type=Path, help="a store (one sub-folder per year) or one return's CSVs"
    )
    parser.add_argument("--year", type=int, help="collection year (default: the latest)")
    parser.add_argument("--last", type=Path, help="last year's return (default: the store's)")
    parser.add_argument("--format", choices=["table", "json", "excel"], default="table")
    parser.add_argument("--out", type=Path, help="write here (needed with --format excel)")
    parser.add_argument("--postcodes", type=Path, help="postcode reference file")
    parser.add_argument("--providers", type=Path, help="Ofsted provider list (CSV)")
    parser.add_argument("--la-code", help="the authority's DfE number or ONS code")
    parser.add_argument("--only", nargs="+", metavar="CODE", help="only these rules")


def execute(options: Mapping[str, Any], *, out: Write, err: Write) -> None:
    """Validate as ``options`` say and write the report; :class:`ValidateFailure` if not."""
    folder: Path = options["folder"]
    if options["format"] == "excel" and options["out"] is None:
        raise ValidateFailure("--format excel writes a workbook: give --out FILE.xlsx")
    try:
        store = folder if store_years(folder) else None
        metadata = read_store_metadata(store) if store is not None else {}
        _, _, year = locate_return(folder, year=options["year"], last=options["last"])
    except ReturnError as exc:
        raise ValidateFailure(str(exc)) from None
    _check_year(year)  # as given, or the store's latest, or the folder's name
    postcodes = options["postcodes"]
    if postcodes is None and store is not None and metadata.get("postcodes"):
        postcodes = store / str(metadata["postcodes"])  # e.g. a synthetic store's
    la_code = options["la_code"] or (str(metadata["la_code"]) if metadata.get("la_code") else None)
    try:
        report = validate_folder(
            folder,
            year=year,
            last=options["last"],
            la_code=la_code,
            postcodes=postcodes,
            providers=options["providers"],
            only=_only(options["only"], year),
        )
    except (ReturnError, PostcodeReferenceError) as exc:
        raise ValidateFailure(str(exc)) from None
    _write(report, output_format=options["format"], path=options["out"], out=out, err=err)


def main(argv: Sequence[str]) -> int:
    """``incare validate ARGS`` as a program: the exit status."""
    parser = argparse.ArgumentParser(
        prog="incare validate",
        description="Check a 903 return against the DfE validation rules (and last year's).",
    )
    add_arguments(parser)
    options = vars(parser.parse_args(list(argv)))
    try:
        execute(options, out=_line(sys.stdout), err=_line(sys.stderr))
    except ValidateFailure as failure:
        sys.stderr.write(f"CommandError: {failure}\n")
        return UNREADABLE
    return 0


def _check_year(year: int) -> None:
    """A collection year incare holds the DfE rules for, or :class:`ValidateFailure`: run
    with no rules, a return would pass unchecked and look clean."""
    if FIRST_YEAR <= year <= LAST_YEAR:
        return
    raise ValidateFailure(
        f"incare has no validation rules for collection year {year} (the "
        f"{_collection(year)} return): it holds the DfE rules for collection years "
        f"{FIRST_YEAR} to {LAST_YEAR} (the {_collection(FIRST_YEAR)} to "
        f"{_collection(LAST_YEAR)} returns)"
    )


def _collection(year: int) -> str:
    """2025 -> "2024/25", as the DfE names a collection."""
    return f"{year - 1}/{str(year)[2:]}"


def _line(stream: Any) -> Write:
    return lambda text: stream.write(text + "\n")


def _only(codes: list[str] | None, year: int) -> list[str] | None:
    if not codes:
        return None
    known = {r.code for r in rules_for(year)}
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidateFailure(f"no rule {', '.join(unknown)} in the {_collection(year)} collection")
    return codes


def as_table(report: ValidationReport) -> str:
    """Per rule that flagged anything: code, rows flagged, message; then the totals."""
    summary = report.summary()
    lines = [f"{'rule':<8}{'rows':>7}{'children':>10}  message"]
    lines += [
        f"{code:<8}{rows:>7}{children:>10}  {message}"
        for code, message, rows, children in summary.iter_rows()
    ]
    if summary.is_empty():
        lines.append("(no rule flagged anything)")
    year = report.collection_year
    lines += [
        "",
        f"collection year {_collection(year)}: {len(report.rules_run)} rules run, "
        f"{len(report.rules_skipped)} skipped, {report.errors.height} rows flagged, "
        f"{len(report.children_with_errors())} children with errors",
    ]
    reasons: dict[str, list[str]] = {}
    for skipped in report.rules_skipped:
        reasons.setdefault(skipped.reason, []).append(skipped.code)
    lines += [f"skipped ({reason}): {', '.join(codes)}" for reason, codes in reasons.items()]
    return "\n".join(lines)


def _write(
    report: ValidationReport, *, output_format: str, path: Path | None, out: Write, err: Write
) -> None:
    if output_format == "excel":
        if path is None:
            raise ValidateFailure("--format excel writes a workbook: give --out FILE.xlsx")
        # Imported here: openpyxl takes longer to import than the rules take to run.
        from incare.validation.excel import write_workbook

        try:
            write_workbook(report, path)
        except OSError as exc:
            raise ValidateFailure(f"cannot write {path}: {exc}") from None
        err(f"Wrote {path}")
        return
    text = (
        json.dumps(report.as_json(), ensure_ascii=False)
        if output_format == "json"
        else as_table(report)
    )
    if path is None:
        out(text)
        return
    try:
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise ValidateFailure(f"cannot write {path}: {exc}") from None
    err(f"Wrote {path}")
