"""One authority's data as the indicator engine reads it, and the figures over it, kept in
memory by each server process until the data changes.

Every page with a figure needs the whole authority: its 903 tables and the records beyond
the 903 (about 0.3 s to read for 400 children in care), and a scorecard runs each of its
indicators for six trend dates. Doing that once per change of the data, not once per
request, is what lets those pages answer in milliseconds (bench/web.py).

Every write of an authority's children's data gives the authority a new ``data_version`` in
the same transaction (``incare.children.services.note_data_changed``). A reader asks for the
version (one small query) and builds a new snapshot when it moved, so a page never shows
figures older than the data committed when it was asked for; each process keeps its own.

The frames are the whole authority's. Only callers that show aggregates, or that narrow the
children themselves through the access-checked helpers (the worklist, the children behind a
figure), may use them; they audit their reads as before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

import polars as pl

from incare.children.frames import authority_tables
from incare.children.models import LocalAuthority
from incare.indicators import Indicator, IndicatorResult, Period
from incare.indicators.building_blocks import MissingTableError
from incare.indicators.context import MissingContextError
from incare.indicators.report import Context, build_context
from incare.records.frames import authority_records

T = TypeVar("T")

RESULTS_KEPT = 4096
"""Indicator results one snapshot keeps (least recently used go first): every indicator at
every month end of ten years is about 8,000; a scorecard's trends use a few hundred."""


@dataclass(frozen=True)
class Outcome:
    """An indicator over the snapshot for the 12 months to ``end``, or why there is none."""

    result: IndicatorResult | None
    note: str = ""


@dataclass
class Snapshot:
    """The authority's frames at one ``version`` of its data, and the results computed so far.

    Treat the frames and results as read-only: other requests share them.
    """

    authority_id: int
    version: UUID
    tables: Mapping[str, pl.DataFrame]
    context: Context
    _results: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, indicator: Indicator, *, end: date) -> Outcome:
        """``indicator`` for the 12 months ending ``end``, computed once per snapshot."""
        return self.memo(("indicator", indicator.id, end), lambda: self._compute(indicator, end))

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per snapshot and ``key`` (anything derived from the frames
        alone: an indicator result, the due dates on a day), then the value kept."""
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                found: T = self._results[key]
                return found
        value = compute()
        with self._lock:
            self._results[key] = value
            while len(self._results) > RESULTS_KEPT:
                self._results.popitem(last=False)
        return value

    def _compute(self, indicator: Indicator, end: date) -> Outcome:
        try:
            result = indicator.run(
                self.tables, period=Period.ending(end), context=self.context.context
            )
        except (MissingContextError, MissingTableError) as error:
            return Outcome(None, str(error.args[0] if error.args else error))
        return Outcome(result)


_held: dict[int, Snapshot] = {}
_held_lock = threading.Lock()


def current_version(local_authority: LocalAuthority) -> UUID:
    """The authority's data version as committed now (not as the object was loaded)."""
    version: UUID = (
        LocalAuthority.objects.filter(pk=local_authority.pk)
        .values_list("data_version", flat=True)
        .get()
    )
    return version


def snapshot(local_authority: LocalAuthority) -> Snapshot:
    """The authority's data now: the one held if its version is current, else read anew."""
    version = current_version(local_authority)
    with _held_lock:
        held = _held.get(local_authority.pk)
    if held is not None and held.version == version:
        return held
    # Read outside the lock: two requests may both read a new version once; either is right.
    fresh = Snapshot(
        authority_id=local_authority.pk,
        version=version,
        tables={**authority_tables(local_authority), **authority_records(local_authority)},
        # The published 0-17 population of every year (``years`` only matters with a given
        # population): the same context the scorecard, the indicator page and packs use.
        context=build_context(la_code=local_authority.code),
    )
    with _held_lock:
        _held[local_authority.pk] = fresh
    return fresh


def forget_all() -> None:
    """Drop every snapshot (for tests that change data behind the services' back)."""
    with _held_lock:
        _held.clear()
