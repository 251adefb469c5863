"""Which collection years a synthetic store covers when none are asked for."""

from __future__ import annotations

from datetime import date

from incare.ssda903.spec import load_spec

YEARS_OF_HISTORY = 10
"""Enough history for every indicator's look-back (long-term stability, care leavers at 21)."""


def recent_years(today: date, *, count: int = YEARS_OF_HISTORY) -> range:
    """Up to ``count`` collection years, ending with the latest that has ended by ``today``
    (a collection year ends on 31 March), within the 903 specification's years."""
    spec = load_spec()
    ended = today.year if today > date(today.year, 3, 31) else today.year - 1
    last = min(ended, spec.last_year)
    return range(max(spec.first_year, last - count + 1), last + 1)
