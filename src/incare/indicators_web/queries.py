"""The children behind an indicator's figure: access-checked and audited.

Who sees which children follows the worklists' least privilege
(``incare.worklists.queries.scope_for``): analysts, heads of service, the children in care
nurse and the virtual school every child of the cohort; a team manager their team's; a
social worker or personal adviser their own caseload (held by the council's caseload
assignments, else the 903 social worker or the care leaver's personal adviser, as the
worklists decide). Councillors and administrators never: PermissionDenied. Every read writes
a ``children.list_viewed`` audit row naming the children shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl
from django.contrib.auth.models import AnonymousUser

from incare.accounts.models import User
from incare.audit import events
from incare.children.models import LocalAuthority
from incare.indicators.periods import Period
from incare.worklists.duedates import CASELOADS
from incare.worklists.duedates.worklist import allocations
from incare.worklists.frames import caseloads
from incare.worklists.queries import Scope, scope_for


@dataclass(frozen=True)
class ChildrenShown:
    scope: Scope
    children: pl.DataFrame
    """``CHILD``, ``in_numerator`` and the fields that decided it, for the children in scope."""
    cohort: int
    """How many children the whole cohort has (the figure's), whatever the scope."""


def _in_scope(
    children: pl.DataFrame,
    scope: Scope,
    *,
    local_authority: LocalAuthority,
    tables: Mapping[str, pl.DataFrame],
    period: Period,
) -> pl.DataFrame:
    if not (scope.team or scope.worker):
        return children
    held = allocations({**tables, CASELOADS: caseloads(local_authority)}, as_at=period.end)
    held = held.with_columns(
        team=pl.coalesce("team", "leaving_care_team"),
        worker=pl.coalesce("worker", "adviser", "sw"),
    )
    if scope.team:
        held = held.filter(pl.col("team") == scope.team)
    if scope.worker:
        held = held.filter(pl.col("worker") == scope.worker)
    mine = held.get_column("CHILD").cast(pl.String).implode()
    return children.filter(pl.col("CHILD").cast(pl.String).is_in(mine))


def children_behind_for_user(
    user: User | AnonymousUser,
    *,
    local_authority: LocalAuthority,
    tables: Mapping[str, pl.DataFrame],
    children: pl.DataFrame,
    indicator_id: str,
    period: Period,
) -> ChildrenShown:
    """The children of an indicator's cohort ``user`` may see; the read is audited.

    PermissionDenied for roles that may not see children; ``NoCaseloadError`` for a
    practitioner or manager not yet in a team or holding no cases."""
    scope = scope_for(user)
    shown = _in_scope(
        children, scope, local_authority=local_authority, tables=tables, period=period
    )
    events.record(
        events.CHILDREN_LIST_VIEWED,
        acting_user=user if isinstance(user, User) else None,
        subject=f"local_authority:{local_authority.code}",
        new_value={
            "list": f"indicator:{indicator_id}",
            "period_end": period.end.isoformat(),
            "scope": scope.label,
            "children": shown.get_column("CHILD").cast(pl.String).to_list(),
        },
    )
    return ChildrenShown(scope, shown, children.height)
