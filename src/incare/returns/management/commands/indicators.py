"""``incare indicators DIR``: every indicator for a year or any 12 months (docs/indicators.md).

Thin: parses arguments and calls ``incare.indicators.report``, which the web uses too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incare.geography import PostcodeReferenceError
from incare.indicators import Period, PeriodError, report
from incare.indicators.disclosure import AUDIENCES
from incare.returns.services import read_store_metadata
from incare.ssda903.errors import ReturnError
from incare.ssda903.store import read_store
from incare.validation.engine import rules_for
from incare.validation.files import validate_folder


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--period-end must be a date like 2024-09-30, not {text!r}") from None


def children_with_errors(
    store: Path, *, period: Period, la_code: str | None, postcodes: Path | None
) -> set[str] | None:
    """The children the DfE 903 rules flag in the return covering the period's end (with the
    year before), or None where no rule set applies to that year or it cannot be read."""
    year = period.collection_year_of_end
    if not rules_for(year):
        return None
    try:
        checked = validate_folder(store, year=year, la_code=la_code, postcodes=postcodes)
    except (ReturnError, PostcodeReferenceError):
        return None
    return checked.children_with_errors()


class Command(BaseCommand):
    help = "Calculate the children-in-care indicators from a 903 store."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("store", type=Path, help="a store folder (one sub-folder per year)")
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--year", type=int, help="collection year (default: the store's last)")
        when.add_argument("--period-end", help="the 12 months ending on this date (2024-09-30)")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument("--id", dest="indicator", help="only this indicator")
        parser.add_argument(
            "--children", action="store_true", help="the children behind the figure (with --id)"
        )
        parser.add_argument("--population", type=int, help="children aged 0-17, for rates")
        parser.add_argument("--postcodes", type=Path, help="postcode reference file")
        parser.add_argument("--audience", choices=AUDIENCES, default="analyst")
        parser.add_argument(
            "--no-validation",
            action="store_true",
            help="skip the 903 validation that counts each figure's children with errors",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        audience = options["audience"]
        if options["children"] and not options["indicator"]:
            raise CommandError("--children needs --id: the children behind which figure?")
        if options["children"] and audience != "analyst":
            raise CommandError(f"the children behind a figure are not for a {audience} audience")
        ids = [options["indicator"]] if options["indicator"] else None
        try:
            if ids:
                report.find_indicator(ids[0])
            store = read_store(options["store"])
            metadata = read_store_metadata(options["store"])
        except (ReturnError, report.UnknownIndicatorError) as error:
            raise CommandError(str(error)) from None
        period = self.period(options, store.years)
        postcodes = options["postcodes"]
        if postcodes is None and metadata.get("postcodes"):
            postcodes = options["store"] / metadata["postcodes"]  # e.g. a synthetic store's
        try:
            context = report.build_context(
                la_code=metadata.get("la_code"),
                population=options["population"],
                postcodes=postcodes,
                years={*store.years, period.collection_year_of_end},
            )
        except PostcodeReferenceError as error:
            raise CommandError(str(error)) from None
        if options["children"]:
            children = report.children_behind(
                store.tables, indicator_id=options["indicator"], period=period, context=context
            )
            self.stdout.write(report.frame_as_text(children, output_format=options["format"]))
            return
        flagged = None
        if not options["no_validation"]:
            flagged = children_with_errors(
                options["store"],
                period=period,
                la_code=metadata.get("la_code"),
                postcodes=postcodes,
            )
        figures = report.run_indicators(
            store.tables, period=period, context=context, ids=ids, flagged=flagged
        )
        figures = report.disclose(figures, audience=audience)
        if options["format"] == "json":
            self.stdout.write(report.as_json(figures, period=period))
        elif options["format"] == "csv":
            self.stdout.write(report.as_csv(figures, period=period), ending="")
        else:
            self.stdout.write(report.as_table(figures, period=period, audience=audience))

    def period(self, options: dict[str, Any], years: tuple[int, ...]) -> Period:
        try:
            if options["period_end"]:
                return Period.ending(iso_date(options["period_end"]))
            return Period.collection_year(options["year"] or years[-1])
        except PeriodError as error:
            raise CommandError(str(error)) from None
