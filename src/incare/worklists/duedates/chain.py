"""Obligations that follow one another: each event sets when the next one is due.

A review, a visit or a health assessment is due a fixed time after the one before it, or
after the start of what it belongs to (a period of care, a placement). ``chained`` turns
*anchors* (what the clock starts from) and *events* (what was done) into one obligation per
step: the first due from the anchor's start, each later one from the event before it, and
met by the next event. Nothing is stored: a new placement, a review or a visit in the data
changes the dates the next time they are computed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import polars as pl

OBLIGATION_SCHEMA = pl.Schema(
    {
        "CHILD": pl.String(),
        "rule": pl.String(),
        "due_date": pl.Date(),
        "met_on": pl.Date(),
        "outstanding": pl.Boolean(),
        "basis": pl.String(),
    }
)
"""One obligation per row: ``due_date`` is the last day it is on time; ``met_on`` the day
it was done (blank if not); ``outstanding`` true while it is still to do; ``basis`` says
what the due date was counted from, in words."""


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=OBLIGATION_SCHEMA)


def chained(
    anchors: pl.DataFrame,
    events: pl.DataFrame,
    *,
    as_at: date,
    since: date | None = None,
    end_inclusive: bool = False,
    due: Callable[[pl.DataFrame], pl.DataFrame],
) -> pl.DataFrame:
    """The obligations of every anchor, as at ``as_at``.

    ``anchors`` has ``CHILD``, ``anchor_start``, ``anchor_end`` (blank while open) and any
    attributes the rule needs; ``events`` has ``CHILD`` and ``event_date``. An event belongs
    to the anchor open on its day: from the start, before the end (a visit on the day of a
    move is the new placement's), or up to and including it with ``end_inclusive`` (a review
    on the day a child leaves care is that period's). ``due`` gets one row
    per step (``number`` 0 for the anchor's start, then 1, 2, ... per event, ``event_date``
    the day of the step) and adds ``rule``, ``due_date`` and ``basis``. Kept: steps met,
    the open anchor's last step, and a closed anchor's last step that fell due before it
    closed (a breach nobody could put right any more). Anchors that ended before ``since``
    (when given) are left out: the worklist needs only open ones, a trend only recent ones.
    """
    spans = (
        anchors.filter(pl.col("anchor_start") <= as_at)
        .with_columns(
            anchor_end=pl.when(pl.col("anchor_end") > as_at).then(None).otherwise("anchor_end")
        )
        .filter(pl.col("anchor_end").is_null() | (pl.col("anchor_end") >= (since or date.min)))
        .with_row_index("anchor")
    )
    before_end = (
        pl.col("event_date") <= pl.col("anchor_end")
        if end_inclusive
        else pl.col("event_date") < pl.col("anchor_end")
    )
    inside = (pl.col("event_date") >= pl.col("anchor_start")) & (
        pl.col("anchor_end").is_null() | before_end
    )
    done = (
        events.filter(pl.col("event_date") <= as_at)
        .select("CHILD", "event_date")
        .unique()
        .join(spans, on="CHILD", how="inner")
        .filter(inside)
    )
    steps = pl.concat(
        [
            spans.with_columns(event_date=pl.col("anchor_start"), _order=pl.lit(0)),
            done.with_columns(_order=pl.lit(1)),
        ],
        how="diagonal_relaxed",
    ).sort("anchor", "_order", "event_date")
    steps = steps.with_columns(
        number=pl.int_range(pl.len()).over("anchor"),
        met_on=pl.col("event_date").shift(-1).over("anchor"),
    ).drop("_order")
    kept = pl.col("met_on").is_not_null() | pl.col("anchor_end").is_null()
    return (
        due(steps)
        .filter(kept | (pl.col("due_date") < pl.col("anchor_end")))
        .with_columns(outstanding=pl.col("met_on").is_null() & pl.col("anchor_end").is_null())
        .select(OBLIGATION_SCHEMA.names())
        .cast(OBLIGATION_SCHEMA)
    )


def described(what: str, day: pl.Expr) -> pl.Expr:
    """``"<what> <YYYY-MM-DD>"``: the basis of a due date in words."""
    return pl.concat_str(pl.lit(f"{what} "), day.dt.strftime("%Y-%m-%d"))
