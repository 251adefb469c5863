"""``incare report forum|annual|jsna``: the Forum pack, the annual report, the JSNA chapter.

    incare report forum  --strategy ID --quarter 2024Q3 --out FILE.pdf|.xlsx|.html [--user U]
    incare report annual --strategy ID --year 2024 --out FILE.pdf|.xlsx|.html [--user U]
    incare report jsna   --la "Warrington" --year 2018 (--out FILE.pdf|.xlsx|.html | --format json)

Thin: parses, builds with :mod:`incare.reports.build` (or :func:`incare.jsna.build_chapter`)
and exports through the audited services of :mod:`incare.reports.services`.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incare.accounts.models import User
from incare.reports.periods import PeriodError, parse_quarter, parse_year
from incare.reports.render import RenderError, format_of, write_whole
from incare.strategies.management.commands.strategy import user_named
from incare.strategies.queries import UnknownStrategyError, get_strategy
from incare.strategies.rag import long_date


class Command(BaseCommand):
    help = "Build the Corporate Parenting Forum pack, the annual report or the JSNA chapter."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", required=True)
        forum = sub.add_parser("forum", help="the quarterly Corporate Parenting Forum pack")
        forum.add_argument("--strategy", required=True, help="strategy id (incare strategy list)")
        forum.add_argument(
            "--quarter", required=True, help="2024Q3 = Q3 of 2024/25, October to December 2024"
        )
        annual = sub.add_parser("annual", help="the annual report to Council")
        annual.add_argument("--strategy", required=True, help="strategy id (incare strategy list)")
        annual.add_argument(
            "--year", required=True, help="2024 = the year ending 31 March 2024 (2023/24)"
        )
        for command in (forum, annual):
            command.add_argument("--out", required=True, type=Path, help="FILE.pdf, .xlsx or .html")
            command.add_argument("--user", default="", help="username to record as exporting")
        jsna = sub.add_parser("jsna", help="the JSNA children-in-care chapter")
        jsna.add_argument("--la", required=True, help="authority: name, ONS code or DfE number")
        jsna.add_argument("--year", required=True, help="the 31 March, e.g. 2018")
        jsna.add_argument("--out", type=Path, help="FILE.pdf, .xlsx or .html")
        jsna.add_argument("--format", choices=["json"], help="print every figure as JSON")
        jsna.add_argument("--user", default="", help="username to record as exporting")

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_named(options["user"])
        if options["report"] == "jsna":
            self._jsna(options, user)
        else:
            self._pack(options, user)

    def _pack(self, options: dict[str, Any], user: User | None) -> None:
        from incare.reports.build import build_annual_report, build_forum_pack
        from incare.reports.services import do_export_pack

        path: Path = options["out"]
        try:
            format_of(path)
            _check_folder(path)
            strategy = get_strategy(options["strategy"])
            if options["report"] == "forum":
                quarter = parse_quarter(options["quarter"])
                pack = build_forum_pack(strategy, quarter=quarter, acting_user=user)
            else:
                year = parse_year(options["year"])
                pack = build_annual_report(strategy, year=year, acting_user=user)
            written = do_export_pack(pack, path=path, acting_user=user)
        except (UnknownStrategyError, PeriodError, RenderError) as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"{path}: could not write the file ({error.strerror})") from None
        totals = ", ".join(f"{n} {rag}" for rag, n in pack.rag_totals.items())
        self.stdout.write(
            f"Wrote {path} ({written.upper()}): {pack.title}, {pack.local_authority}, "
            f"as at {long_date(pack.as_at)}; {len(pack.measures)} measures ({totals})."
        )

    def _jsna(self, options: dict[str, Any], user: User | None) -> None:
        from incare import jsna
        from incare.reports.jsna_local import held_authority, local_figures
        from incare.reports.services import do_export_jsna

        path: Path | None = options["out"]
        output_format = options["format"] or (format_of_or_fail(path) if path else None)
        if output_format is None:
            raise CommandError("give --out FILE.pdf|.xlsx|.html, or --format json")
        year = _year(options["year"])
        try:
            if path is not None:
                _check_folder(path)
            chapter = jsna.build_chapter(la=options["la"], year=year)
            held = held_authority(chapter.authority.number)
            if held is not None:
                figures = local_figures(held, year=year)
                chapter = jsna.build_chapter(la=options["la"], year=year, local=figures)
            writers: dict[str, Callable[[Any, Path], object]] = {
                "pdf": jsna.write_pdf,
                "xlsx": jsna.write_xlsx,
                "html": lambda c, p: write_whole(Path(p), _jsna_page(c).encode("utf-8")),
            }
            text = do_export_jsna(
                chapter,
                output_format=output_format,
                path=path,
                acting_user=user,
                write=writers.get(output_format),
            )
        except (jsna.JsnaError, RenderError) as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"{path}: could not write the file ({error.strerror})") from None
        if text is not None:
            self.stdout.write(text)
        else:
            own = " with the authority's own figures" if held is not None else ""
            self.stdout.write(
                f"Wrote {path} ({output_format.upper()}): JSNA children in care chapter, "
                f"{chapter.la}, 31 March {year}{own}."
            )


def _jsna_page(chapter: Any) -> str:
    """The chapter as a whole page: the JSNA package's own page when it has one, else its
    section (``render_html``, made to sit in a council's document) in a bare page."""
    from incare import jsna
    from incare.jsna import render as jsna_render

    document = getattr(jsna_render, "html_document", None)
    if document is not None:
        return str(document(chapter))
    title = escape(f"Children in care: {chapter.la}, {chapter.year} (JSNA)")
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body>{jsna.render_html(chapter)}</body></html>"
    )


def format_of_or_fail(path: Path) -> str:
    try:
        return format_of(path)
    except RenderError as error:
        raise CommandError(str(error)) from None


def _check_folder(path: Path) -> None:
    if not path.parent.is_dir():
        raise RenderError(f"{path}: the folder {path.parent} does not exist")


def _year(text: str) -> int:
    try:
        return parse_year(text).ending
    except PeriodError as error:
        raise CommandError(str(error)) from None
