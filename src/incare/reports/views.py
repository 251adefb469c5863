"""Packs on the web: the quarterly Corporate Parenting Forum pack and the annual report to
Council of a strategy, downloaded as PDF, Excel or HTML.

For any signed-in user: a pack shows aggregates only, always through councillor disclosure
control (it is made for the Forum, whoever downloads it), exactly as ``incare report``
writes it. Each download is an export, audited with who, what, when and from where
(``do_download_pack``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from incare.accounts.lockout import client_address
from incare.accounts.models import User
from incare.children.queries import latest_collection_year
from incare.core.access import signed_in
from incare.reports.periods import PeriodError, Quarter, Year, parse_quarter, parse_year
from incare.reports.render import FORMATS
from incare.strategies.models import Strategy
from incare.strategies.queries import UnknownStrategyError, get_strategy

FORMAT_CHOICES = [
    ("pdf", "PDF (to read and print)"),
    ("xlsx", "Excel (every figure, to work with)"),
    ("html", "Web page"),
]
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}
SUFFIX = {kind: suffix for suffix, kind in reversed(list(FORMATS.items()))}
Period = TypeVar("Period", Quarter, Year)


def _strategy(slug: str) -> Strategy:
    try:
        return get_strategy(slug)
    except UnknownStrategyError as error:
        raise Http404(str(error)) from error


def _data_until(strategy: Strategy) -> date:
    """The last day the packs can report on: the data's latest 31 March (or today's last
    one, before any import), and not after the strategy ends."""
    year = latest_collection_year(strategy.local_authority)
    held = date(year, 3, 31) if year else timezone.localdate()
    return min(held, strategy.period_end)


def quarters_of(strategy: Strategy) -> list[Quarter]:
    """The quarters of the strategy's period the data reaches, latest first."""
    until = _data_until(strategy)
    start = strategy.period_start
    first = Quarter(start.year if start.month >= 4 else start.year - 1, 1)
    while first.end < start:
        first = first.next()
    found: list[Quarter] = []
    quarter = first
    while quarter.end <= until:
        found.append(quarter)
        quarter = quarter.next()
    return found[::-1]


def years_of(strategy: Strategy) -> list[Year]:
    """The financial years ending within the strategy's period that the data reaches."""
    until = _data_until(strategy)
    first = strategy.period_start.year + (
        strategy.period_start > date(strategy.period_start.year, 3, 31)
    )
    return [Year(y) for y in range(until.year, first - 1, -1) if Year(y).end <= until]


@signed_in
def packs(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, _strategy(slug))


def _page(
    request: HttpRequest, strategy: Strategy, *, errors: dict[str, str] | None = None
) -> HttpResponse:
    context: dict[str, Any] = {
        "strategy": strategy,
        "quarters": quarters_of(strategy),
        "years": years_of(strategy),
        "formats": FORMAT_CHOICES,
        "errors": errors or {},
        "chosen": request.GET,
    }
    return render(request, "reports/packs.html", context, status=400 if errors else 200)


@signed_in
def forum_pack(request: HttpRequest, slug: str) -> HttpResponse:
    from incare.reports.build import build_forum_pack

    def build(strategy: Strategy, quarter: Quarter, user: User | None) -> tuple[Any, str]:
        pack = build_forum_pack(strategy, quarter=quarter, acting_user=user)
        return pack, f"forum-pack-{strategy.slug}-{quarter.code}"

    return _pack(
        request,
        slug,
        field="quarter",
        parse=parse_quarter,
        offered=quarters_of,
        shown=lambda q: q.code,
        build=build,
    )


@signed_in
def annual_report(request: HttpRequest, slug: str) -> HttpResponse:
    from incare.reports.build import build_annual_report

    def build(strategy: Strategy, year: Year, user: User | None) -> tuple[Any, str]:
        pack = build_annual_report(strategy, year=year, acting_user=user)
        return pack, f"annual-report-{strategy.slug}-{year.ending}"

    return _pack(
        request,
        slug,
        field="year",
        parse=parse_year,
        offered=years_of,
        shown=lambda y: str(y.ending),
        build=build,
    )


def _pack(
    request: HttpRequest,
    slug: str,
    *,
    field: str,
    parse: Callable[[str], Period],
    offered: Callable[[Strategy], list[Period]],
    shown: Callable[[Period], str],
    build: Callable[[Strategy, Period, User | None], tuple[Any, str]],
) -> HttpResponse:
    """A pack for the period named by ``field`` (``quarter`` or ``year``) in the format
    asked for; the packs page again with what was wrong, if anything."""
    strategy = _strategy(slug)
    errors: dict[str, str] = {}
    period = None
    try:
        period = parse(request.GET.get(field, "").strip())
    except PeriodError as error:
        errors[field] = f"Choose a {field}: {error}"
    if period is not None and period not in offered(strategy):
        errors[field] = f"Choose a {field} of the strategy the data reaches, not {shown(period)}"
    output_format = _format(
        request, errors, "forum_format" if field == "quarter" else "annual_format"
    )
    if errors or period is None:
        return _page(request, strategy, errors=errors)
    pack, name = build(strategy, period, request.user if isinstance(request.user, User) else None)
    return _download(request, pack, output_format, name=name)


def _format(request: HttpRequest, errors: dict[str, str], field: str) -> str:
    chosen = request.GET.get("format", "")
    if chosen not in CONTENT_TYPES:
        errors[field] = "Choose PDF, Excel or web page"
    return chosen


def _download(request: HttpRequest, pack: Any, output_format: str, *, name: str) -> HttpResponse:
    from incare.reports.services import do_download_pack

    data = do_download_pack(
        pack,
        output_format=output_format,
        acting_user=request.user if isinstance(request.user, User) else None,
        ip_address=client_address(request),
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[output_format])
    response["Content-Disposition"] = f'attachment; filename="{name}{SUFFIX[output_format]}"'
    return response
