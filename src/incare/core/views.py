"""The home page, an overview of the authority: how many children it looks after, who started
and stopped being looked after in its latest year, its headline measures against the targets
of its current strategy, its latest import and that import's validation, and what comes
next."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from incare.accounts.models import User
from incare.accounts.queries import audience_for, has_permission
from incare.core.access import signed_in
from incare.core.queries import HomeSummary, home_authority, home_summary
from incare.indicators.disclosure import FOOTNOTE, Audience, suppress_figure
from incare.strategies.queries import current_strategy
from incare.strategies.views import headline_measures

# The sections later work fills in; listed (not linked) so the page has no dead links.
COMING_SOON = [
    (
        "The JSNA chapter on the web",
        "The needs assessment's children in care chapter is made by `incare report jsna`; "
        "the Forum pack and the annual report are on each scorecard's packs page.",
    ),
]


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    authority = home_authority()
    summary = home_summary(authority, today=timezone.localdate()) if authority else None
    audience = audience_for(request.user)
    figures, flows = _figures(summary, audience), _flows(summary, audience)
    strategy = current_strategy(authority, today=timezone.localdate()) if authority else None
    user = request.user if isinstance(request.user, User) else None
    headlines = headline_measures(strategy, user=user, audience=audience) if strategy else None
    context = {
        "headlines": headlines,
        "summary": summary,
        "figures": figures,
        "flows": flows,
        "suppressed": any(f["number"] == "c" for f in [*figures, *flows])
        or bool(headlines and headlines["symbols"]),
        "footnote": FOOTNOTE,
        "sees_small_numbers": audience == "analyst",
        "coming_soon": COMING_SOON,
        "may_import": has_permission(request.user, "may_import"),
    }
    return render(request, "core/home.html", context)


def _figures(summary: HomeSummary | None, audience: Audience) -> list[dict[str, object]]:
    if summary is None:
        return []
    today = summary.today
    figures = [_shown(today.children, f"today, {_long(today.on)}", audience)]
    if summary.latest_31_march:
        march = summary.latest_31_march
        figures.append(_shown(march.children, f"at {_long(march.on)}", audience))
    return figures


def _flows(summary: HomeSummary | None, audience: Audience) -> list[dict[str, object]]:
    if summary is None or summary.latest_year is None:
        return []
    year = summary.latest_year
    return [
        _shown(year.started, "started to be looked after", audience),
        _shown(year.ceased, "stopped being looked after", audience),
    ]


def _shown(count: int, label: str, audience: Audience) -> dict[str, object]:
    """A count as ``audience`` may see it: councillors see 1 to 5 as ``c``."""
    figure = suppress_figure(
        unit="count", value=count, numerator=count, denominator=None, audience=audience
    )
    return {"number": figure["value"], "label": label}


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
