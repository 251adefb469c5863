"""Reads of strategies (definitions and their progress hold no child's personal data)."""

from __future__ import annotations

from datetime import date
from typing import Any

from incare.children.models import LocalAuthority
from incare.strategies.models import Strategy


class UnknownStrategyError(LookupError):
    """A strategy id that is not loaded; the message lists those that are."""

    def __str__(self) -> str:
        return str(self.args[0])


def list_strategies() -> list[dict[str, Any]]:
    """Every loaded strategy: id, local authority, title, start and end of its period."""
    return [
        {
            "id": s.slug,
            "local_authority": s.local_authority.name,
            "la_code": s.local_authority.code,
            "title": s.title,
            "start": s.period_start.isoformat(),
            "end": s.period_end.isoformat(),
        }
        for s in Strategy.objects.select_related("local_authority")
    ]


def get_strategy(slug: str) -> Strategy:
    """The strategy loaded under ``slug``, or :class:`UnknownStrategyError`."""
    try:
        return Strategy.objects.select_related("local_authority").get(slug=slug)
    except Strategy.DoesNotExist:
        held = ", ".join(Strategy.objects.values_list("slug", flat=True)) or "none is loaded"
        raise UnknownStrategyError(f"no strategy {slug!r} (loaded: {held})") from None


def current_strategy(local_authority: LocalAuthority, *, today: date) -> Strategy | None:
    """The authority's strategy in force on ``today``; else the one that ended last (a
    council between strategies still reports against the last one); None if it has none."""
    held = Strategy.objects.select_related("local_authority").filter(
        local_authority=local_authority
    )
    in_force = held.filter(period_start__lte=today, period_end__gte=today)
    return (
        in_force.order_by("-period_start", "slug").first()
        or held.order_by("-period_end", "-period_start", "slug").first()
    )
