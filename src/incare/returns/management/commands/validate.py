"""``incare validate DIR``: the DfE 903 validation rules over a return (docs/validation.md).

Thin: works out the folders, the authority and the references from the store, then calls
``incare.validation.files.validate_folder``, which the importer uses too.

Exit status: 0 when the rules ran (whatever they found: errors are the council's to fix,
not a failure of the command), 2 when an input cannot be read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incare.geography import PostcodeReferenceError
from incare.returns.services import read_store_metadata
from incare.ssda903.errors import ReturnError
from incare.validation.engine import rules_for
from incare.validation.files import locate_return, store_years, validate_folder
from incare.validation.report import ValidationReport

UNREADABLE = 2
"""Exit status when an input cannot be read (as argparse uses for bad arguments)."""


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
        f"collection year {year - 1}/{str(year)[2:]}: {len(report.rules_run)} rules run, "
        f"{len(report.rules_skipped)} skipped, {report.errors.height} rows flagged, "
        f"{len(report.children_with_errors())} children with errors",
    ]
    reasons: dict[str, list[str]] = {}
    for skipped in report.rules_skipped:
        reasons.setdefault(skipped.reason, []).append(skipped.code)
    lines += [f"skipped ({reason}): {', '.join(codes)}" for reason, codes in reasons.items()]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Check a 903 return against the DfE validation rules (and last year's return)."
    # Files in, a report out: no database, URLs or templates, so Django's system checks
    # (a noticeable part of a run that takes about a second) have nothing to check.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
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

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        if options["format"] == "excel" and options["out"] is None:
            raise CommandError("--format excel writes a workbook: give --out FILE.xlsx")
        try:
            store = folder if store_years(folder) else None
            metadata = read_store_metadata(store) if store is not None else {}
            _, _, year = locate_return(folder, year=options["year"], last=options["last"])
        except ReturnError as exc:
            raise CommandError(str(exc), returncode=UNREADABLE) from None
        postcodes = options["postcodes"]
        if postcodes is None and store is not None and metadata.get("postcodes"):
            postcodes = store / str(metadata["postcodes"])  # e.g. a synthetic store's
        la_code = options["la_code"] or (
            str(metadata["la_code"]) if metadata.get("la_code") else None
        )
        only = self._only(options["only"], year)
        try:
            report = validate_folder(
                folder,
                year=year,
                last=options["last"],
                la_code=la_code,
                postcodes=postcodes,
                providers=options["providers"],
                only=only,
            )
        except (ReturnError, PostcodeReferenceError) as exc:
            raise CommandError(str(exc), returncode=UNREADABLE) from None
        self._write(report, output_format=options["format"], out=options["out"])

    def _only(self, codes: list[str] | None, year: int) -> list[str] | None:
        if not codes:
            return None
        known = {r.code for r in rules_for(year)}
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise CommandError(
                f"no rule {', '.join(unknown)} in the {year - 1}/{str(year)[2:]} collection",
                returncode=UNREADABLE,
            )
        return codes

    def _write(self, report: ValidationReport, *, output_format: str, out: Path | None) -> None:
        if output_format == "excel":
            assert out is not None
            # Imported here: openpyxl takes longer to import than the rules take to run.
            from incare.validation.excel import write_workbook

            try:
                write_workbook(report, out)
            except OSError as exc:
                raise CommandError(f"cannot write {out}: {exc}", returncode=UNREADABLE) from None
            self.stderr.write(f"Wrote {out}")
            return
        text = (
            json.dumps(report.as_json(), ensure_ascii=False)
            if output_format == "json"
            else as_table(report)
        )
        if out is None:
            self.stdout.write(text)
            return
        try:
            out.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc}", returncode=UNREADABLE) from None
        self.stderr.write(f"Wrote {out}")
