"""One authority's data as the indicator engine reads it, and the figures over it, kept in
memory by each server process until the data changes.

Every page with a figure needs the whole authority: its 903 tables and the records beyond
the 903 (about 0.3 s to read for 400 children in care), and a scorecard runs each of its
indicators for six trend dates. Doing that once per change of the data, not once per
request, is what lets those pages answer in milliseconds (bench/web.py).

Every write of an authority's children's data gives the authority a new ``data_version`` in
the same transaction (``incare.children.services.note_data_changed``). A reader asks for the
version (one small query) and builds a new snapshot when it moved, so a page never shows
figures older than the data committed when it was asked for.

Each process keeps its snapshot in memory; the server's processes also share what any of
them worked out, as pickles under ``settings.FIGURES_DIR/<authority>/<version>/`` (written
whole, then renamed into place), so the work is done once per version, not once per
process. A new version removes the authority's older folders: no stale copy of children's
data stays on disk. The folder holds children's data: it is the server's own, like its
database (docs/configuration.md).

The frames are the whole authority's. Only callers that show aggregates, or that narrow the
children themselves through the access-checked helpers (the worklist, the children behind a
figure), may use them; they audit their reads as before.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import polars as pl
from django.conf import settings

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
    shared: SharedFolder | None = None
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
        value = _missing if self.shared is None else self.shared.get(key)
        if value is _missing:
            value = compute()
            if self.shared is not None:
                self.shared.put(key, value)
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


_missing: Any = object()


@dataclass(frozen=True)
class SharedFolder:
    """One authority's values at one data version, shared by the processes of a server."""

    folder: Path

    @classmethod
    def at(cls, root: Path, authority_id: int, version: UUID) -> SharedFolder:
        return cls(root / str(authority_id) / version.hex)

    def _path(self, key: Hashable) -> Path:
        return self.folder / (hashlib.sha256(repr(key).encode()).hexdigest() + ".pickle")

    def get(self, key: Hashable) -> Any:
        """The value kept under ``key``, or ``_missing``."""
        try:
            with self._path(key).open("rb") as kept:
                return pickle.load(kept)  # noqa: S301 - the server's own files (see above)
        except FileNotFoundError:
            return _missing
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return _missing  # unreadable (e.g. written by an older release): work it out again

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value``; a failure to write only costs the other processes the work."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, partial = tempfile.mkstemp(dir=self.folder, suffix=".partial")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, self._path(key))
        except OSError:
            return

    def remove_other_versions(self) -> None:
        """Delete the authority's folders of every other version (stale children's data)."""
        parent = self.folder.parent
        if not parent.is_dir():
            return
        for other in parent.iterdir():
            if other != self.folder:
                shutil.rmtree(other, ignore_errors=True)


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
    root: Path | None = settings.FIGURES_DIR
    shared = SharedFolder.at(root, local_authority.pk, version) if root is not None else None
    tables = shared.get(("tables",)) if shared is not None else _missing
    if tables is _missing:
        tables = {**authority_tables(local_authority), **authority_records(local_authority)}
        if shared is not None:
            shared.remove_other_versions()
            shared.put(("tables",), tables)
    fresh = Snapshot(
        authority_id=local_authority.pk,
        version=version,
        tables=tables,
        # The published 0-17 population of every year (``years`` only matters with a given
        # population): the same context the scorecard, the indicator page and packs use.
        context=build_context(la_code=local_authority.code),
        shared=shared,
    )
    with _held_lock:
        _held[local_authority.pk] = fresh
    return fresh


def forget_all() -> None:
    """Drop every snapshot this process holds in memory (the shared folder stays)."""
    with _held_lock:
        _held.clear()
