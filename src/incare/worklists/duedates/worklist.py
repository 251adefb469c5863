"""Everything due for every child, the worklist of what is overdue or due soon, who holds
each child, and breaches per month. Pure Polars: frames in, frames out.

The tables are the 903 frames (``incare.children.frames.authority_tables``), the records
(``incare.records.frames.authority_records``) and, optionally, ``caseloads``: the council's
own allocation of children to teams and workers (``CASELOAD_SCHEMA``). Due dates are always
computed from these, never stored, so a new placement, review, visit or missing episode
changes them the next time anyone looks.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import polars as pl

from incare.indicators.building_blocks import require_table
from incare.indicators.periods import add_months
from incare.worklists.duedates.chain import OBLIGATION_SCHEMA
from incare.worklists.duedates.cohorts import prepared
from incare.worklists.duedates.education import pep_obligations
from incare.worklists.duedates.health import dental_obligations, health_assessment_obligations
from incare.worklists.duedates.leaving_care import (
    birthday_window_obligations,
    contact_obligations,
    pathway_plan_obligations,
)
from incare.worklists.duedates.missing import return_interview_obligations
from incare.worklists.duedates.reviews import review_obligations
from incare.worklists.duedates.rules import RULES
from incare.worklists.duedates.visits import visit_obligations

CASELOADS = "caseloads"
CASELOAD_SCHEMA = pl.Schema({"CHILD": pl.String(), "team": pl.String(), "worker": pl.String()})
UNALLOCATED = "Unallocated"
LEAVING_CARE_RULES = (
    "pathway_plan_review",
    "care_leaver_contact",
    "care_leaver_birthday_information",
)

ITEM_SCHEMA = pl.Schema(
    {
        "CHILD": pl.String(),
        "due": pl.String(),
        "due_date": pl.Date(),
        "days_overdue": pl.Int64(),
        "team": pl.String(),
        "worker": pl.String(),
        "rule": pl.String(),
        "source": pl.String(),
        "basis": pl.String(),
    }
)
"""One worklist item per row: ``days_overdue`` is negative while it is not yet due."""

_BUILDERS = (
    review_obligations,
    visit_obligations,
    health_assessment_obligations,
    dental_obligations,
    pep_obligations,
    pathway_plan_obligations,
    contact_obligations,
    birthday_window_obligations,
    return_interview_obligations,
)


def obligations(
    tables: Mapping[str, pl.DataFrame], *, as_at: date, since: date | None = None
) -> pl.DataFrame:
    """Every obligation of every child as at ``as_at`` (``chain.OBLIGATION_SCHEMA``): past
    ones with when they were met, and those still to do. ``since`` leaves out what ended
    before it (periods of care, placements, terms, missing episodes): ``as_at`` itself is
    enough for a worklist."""
    ready = prepared(tables)
    return pl.concat([build(ready, as_at=as_at, since=since) for build in _BUILDERS]).sort(
        "CHILD", "due_date", "rule"
    )


def allocations(tables: Mapping[str, pl.DataFrame], *, as_at: date) -> pl.DataFrame:
    """Who holds each child: ``CHILD``, ``team``, ``worker`` from the caseloads, and the
    903 social worker open on ``as_at`` and the personal adviser and team the care leaver
    records name as ``sw``, ``adviser`` and ``leaving_care_team``."""
    caseloads = tables.get(CASELOADS)
    if caseloads is None:
        caseloads = pl.DataFrame(schema=CASELOAD_SCHEMA)
    workers = require_table(tables, "sw_episodes")
    open_sw = (
        workers.filter(
            pl.col("SW_DECOM") <= as_at,
            pl.col("SW_DEC").is_null() | (pl.col("SW_DEC") > as_at),
        )
        .sort("SW_DECOM")
        .group_by(pl.col("CHILD").cast(pl.String))
        .agg(sw=pl.col("SW_ID").last())
    )
    leavers_table = tables.get("care_leavers")
    leavers = (
        leavers_table.select(
            pl.col("CHILD").cast(pl.String),
            pl.col("personal_adviser").alias("adviser"),
            pl.col("allocated_team").alias("leaving_care_team"),
        ).unique("CHILD", keep="last")
        if leavers_table is not None
        else pl.DataFrame(
            schema={"CHILD": pl.String(), "adviser": pl.String(), "leaving_care_team": pl.String()}
        )
    )
    children = pl.concat(
        [caseloads.select("CHILD"), open_sw.select("CHILD"), leavers.select("CHILD")]
    ).unique()
    return (
        children.join(caseloads.unique("CHILD", keep="last"), on="CHILD", how="left")
        .join(open_sw, on="CHILD", how="left")
        .join(leavers, on="CHILD", how="left")
    )


def _allocated(
    items: pl.DataFrame, tables: Mapping[str, pl.DataFrame], as_at: date
) -> pl.DataFrame:
    leaving = pl.col("rule").is_in(LEAVING_CARE_RULES)
    blank_as_null = {
        c: pl.when(pl.col(c).str.strip_chars() == "").then(None).otherwise(pl.col(c))
        for c in ("team", "worker", "sw", "adviser", "leaving_care_team")
    }
    joined = items.join(allocations(tables, as_at=as_at), on="CHILD", how="left").with_columns(
        **blank_as_null
    )
    return joined.with_columns(
        team=pl.coalesce(
            pl.col("team"),
            pl.when(leaving).then(pl.col("leaving_care_team")),
            pl.lit(UNALLOCATED),
        ),
        worker=pl.coalesce(
            pl.col("worker"),
            pl.when(leaving).then(pl.coalesce("adviser", "sw")).otherwise(pl.col("sw")),
            pl.lit(UNALLOCATED),
        ),
    )


def _rule_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "rule": list(RULES),
            "due": [r.due for r in RULES.values()],
            "source": [r.source for r in RULES.values()],
        }
    )


def worklist(
    tables: Mapping[str, pl.DataFrame],
    *,
    as_at: date,
    due_within: int,
    due: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """What is overdue on ``as_at`` or falls due within ``due_within`` days of it, one item
    per row (``ITEM_SCHEMA``), most overdue first. ``due`` reuses obligations already
    computed for ``as_at``."""
    if due_within < 0:
        raise ValueError(f"due within must be 0 days or more, not {due_within}")
    found = obligations(tables, as_at=as_at, since=as_at) if due is None else due
    horizon = as_at + timedelta(days=due_within)
    items = found.filter(pl.col("outstanding"), pl.col("due_date") <= horizon).with_columns(
        days_overdue=(pl.lit(as_at) - pl.col("due_date")).dt.total_days()
    )
    return (
        _allocated(items, tables, as_at)
        .join(_rule_frame(), on="rule", how="left")
        .select(ITEM_SCHEMA.names())
        .cast(ITEM_SCHEMA)
        .sort(
            ["days_overdue", "team", "worker", "CHILD", "rule"],
            descending=[True, False, False, False, False],
        )
    )


def breached(found: pl.DataFrame, *, as_at: date) -> pl.DataFrame:
    """The obligations breached by ``as_at``: due before it and not met by the due date.
    Adds ``breached_on``, the first day late."""
    late = pl.col("met_on").is_null() | (pl.col("met_on") > pl.col("due_date"))
    return found.filter(pl.col("due_date") < as_at, late).with_columns(
        breached_on=pl.col("due_date") + pl.duration(days=1)
    )


def breaches_by_month(
    tables: Mapping[str, pl.DataFrame],
    *,
    as_at: date,
    months: int = 12,
    due: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Breaches per calendar month (by the first day late) and rule, for the ``months``
    months to ``as_at``, with the team and worker holding the child now: ``month`` (its
    first day), ``rule``, ``team``, ``worker``, ``breaches``. Months with none are absent."""
    first = add_months(date(as_at.year, as_at.month, 1), -(months - 1))
    found = obligations(tables, as_at=as_at, since=first) if due is None else due
    late = breached(found, as_at=as_at).filter(pl.col("breached_on") >= first)
    return (
        _allocated(late, tables, as_at)
        .with_columns(month=pl.col("breached_on").dt.truncate("1mo"))
        .group_by("month", "rule", "team", "worker")
        .agg(breaches=pl.len().cast(pl.Int64))
        .sort("month", "rule", "team", "worker")
    )


__all__ = [
    "CASELOADS",
    "CASELOAD_SCHEMA",
    "ITEM_SCHEMA",
    "OBLIGATION_SCHEMA",
    "UNALLOCATED",
    "allocations",
    "breached",
    "breaches_by_month",
    "obligations",
    "worklist",
]
