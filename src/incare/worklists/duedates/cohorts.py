"""The spans the clocks start from: periods of care and placements, from the 903 episodes."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.building_blocks import (
    dates_of_birth,
    periods_of_care,
    placements,
    require_table,
)

PERIODS, PLACEMENTS = "_worklist_periods", "_worklist_placements"
"""Keys under which ``prepared`` keeps the spans, so one run works them out once."""


def prepared(tables: Mapping[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """``tables`` with the periods of care and placements worked out once for every rule."""
    out = dict(tables)
    out[PERIODS] = care_periods(tables)
    out[PLACEMENTS] = placement_spans(out)
    return out


def care_periods(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """One row per period of care (short breaks are not care): ``CHILD``, ``anchor_start``,
    ``anchor_end`` (blank while open)."""
    if PERIODS in tables:
        return tables[PERIODS]
    return (
        periods_of_care(require_table(tables, "episodes"))
        .group_by("CHILD", "period_of_care")
        .agg(anchor_start=pl.col("period_of_care_start").first(), anchor_end=pl.col("DEC").last())
        .select(pl.col("CHILD").cast(pl.String), "anchor_start", "anchor_end")
        .sort("CHILD", "anchor_start")
    )


def placement_spans(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """One row per placement as the DfE stability measures count them (a change of carer
    starts one; a legal status change or a move with the same carers does not; same-day
    stays are not placements): ``CHILD``, ``anchor_start``, ``anchor_end``,
    ``period_start``."""
    if PLACEMENTS in tables:
        return tables[PLACEMENTS]
    kept = placements(require_table(tables, "episodes")).filter(pl.col("placement").is_not_null())
    periods = care_periods(tables).rename({"anchor_start": "period_start"}).drop("anchor_end")
    spans = (
        kept.group_by("CHILD", "placement")
        .agg(anchor_start=pl.col("start").min(), anchor_end=pl.col("end").last())
        .with_columns(pl.col("CHILD").cast(pl.String))
        .sort("CHILD", "anchor_start")
    )
    return spans.join_asof(
        periods.sort("CHILD", "period_start"),
        left_on="anchor_start",
        right_on="period_start",
        by="CHILD",
        strategy="backward",
        check_sortedness=False,
    ).select("CHILD", "anchor_start", "anchor_end", "period_start")


def births(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """``CHILD`` and ``DOB`` (the latest collection's)."""
    return dates_of_birth(require_table(tables, "header")).with_columns(
        pl.col("CHILD").cast(pl.String)
    )


def episode_on(
    tables: Mapping[str, pl.DataFrame], frame: pl.DataFrame, *, day: str
) -> pl.DataFrame:
    """``frame`` with the ``PLACE`` and ``LS`` of the child's care episode on ``day``."""
    episodes = (
        periods_of_care(require_table(tables, "episodes"))
        .select(pl.col("CHILD").cast(pl.String), "DECOM", "PLACE", "LS")
        .sort("CHILD", "DECOM")
    )
    return (
        frame.sort("CHILD", day)
        .join_asof(
            episodes,
            left_on=day,
            right_on="DECOM",
            by="CHILD",
            strategy="backward",
            check_sortedness=False,
        )
        .drop("DECOM")
    )
