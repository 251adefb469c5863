"""The authority's own figures for its JSNA chapter, when its 903 data is held here.

``incare.jsna`` is pure (no Django) and takes local figures as a mapping; this reads the
authority's imported records (the export's audit row records it: every child's records are read,
though only aggregates leave) and computes, for the collection year, every indicator that
has a LAIT measure (so the chapter can set it beside the published series) and the age mix.
"""

from __future__ import annotations

from typing import Any

from incare.children.frames import authority_tables
from incare.children.models import Child, LocalAuthority
from incare.indicators import INDICATORS, Period
from incare.indicators.breakdowns import breakdown
from incare.indicators.building_blocks import MissingTableError
from incare.indicators.context import MissingContextError
from incare.indicators.report import build_context


def held_authority(number: str) -> LocalAuthority | None:
    """The authority with DfE number ``number`` if any of its children are held."""
    authority = LocalAuthority.objects.filter(code=number).first()
    if authority is None or not Child.objects.filter(local_authority=authority).exists():
        return None
    return authority


def local_figures(authority: LocalAuthority, *, year: int) -> dict[str, Any]:
    """Indicator id -> result for collection ``year``, and ``age_band`` -> the age mix.

    The caller audits the read (the export's audit row says local figures were used)."""
    tables = authority_tables(authority)
    period = Period.collection_year(year)
    context = build_context(la_code=authority.code, years={year - 1, year, year + 1}).context
    found: dict[str, Any] = {}
    for indicator in INDICATORS.values():
        if indicator.lait_measure is None:
            continue
        try:
            found[indicator.id] = indicator.run(tables, period=period, context=context)
        except (MissingContextError, MissingTableError):
            continue
    found["age_band"] = breakdown(tables, period=period, by="age_band")
    return found
