"""The worklist's frames: the 903 and the records (as the indicator engine reads them) and
the council's caseloads. Callers audit the children they show."""

from __future__ import annotations

import polars as pl

from incare.children.models import Child, LocalAuthority
from incare.core.snapshot import snapshot
from incare.worklists.duedates import CASELOAD_SCHEMA, CASELOADS
from incare.worklists.models import CaseloadAssignment


def caseloads(local_authority: LocalAuthority, *, child: Child | None = None) -> pl.DataFrame:
    """``CHILD``, ``team``, ``worker`` of every assigned child of the authority (or of
    ``child`` alone)."""
    held = CaseloadAssignment.objects.filter(child__local_authority=local_authority)
    if child is not None:
        held = held.filter(child=child)
    rows = held.values_list("child__child_id", "team__name", "worker")
    return pl.DataFrame(list(rows), schema=CASELOAD_SCHEMA, orient="row")


def worklist_tables(local_authority: LocalAuthority) -> dict[str, pl.DataFrame]:
    """Everything the due dates are computed from."""
    return {**snapshot(local_authority).tables, CASELOADS: caseloads(local_authority)}
