"""Return home interviews after missing episodes (indicators reference §A10 and §B).

Statutory guidance (*Children who run away or go missing from home or care*, DfE, January
2014): offer an independent return home interview after every missing episode, within 72
hours of the child's return. The 903 and the SSD record days, not times, so 72 hours are
three calendar days from the day the child came back: weekends and bank holidays count
(back on a Friday night, due by the Monday).

Missing episodes (whereabouts not known, ``M``; "away" is not missing) of children in care on
the day they went missing, from the 903 and the council's missing episode records together.
The records say whether an interview was offered but not when, so an offer recorded counts
as made in time; one recorded as not offered is a breach that is no longer on the worklist;
nothing recorded leaves the interview to do. Episodes that ended more than 36 months before
the date asked about (or before ``since``) are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import polars as pl

from incare.indicators.building_blocks import require_table
from incare.indicators.local.common import in_care_on
from incare.indicators.local.tables import records
from incare.indicators.periods import add_months
from incare.worklists.duedates.chain import OBLIGATION_SCHEMA, described

RHI_WITHIN = timedelta(hours=72)
HISTORY_MONTHS = 36


def return_interview_obligations(
    tables: Mapping[str, pl.DataFrame], *, as_at: date, since: date | None = None
) -> pl.DataFrame:
    """One obligation per missing episode that ended by ``as_at``."""
    from_903 = (
        require_table(tables, "missing")
        .filter(pl.col("MISSING").eq("M").fill_null(False))
        .select(
            pl.col("CHILD").cast(pl.String),
            pl.col("MIS_START").alias("start_date"),
            pl.col("MIS_END").alias("end_903"),
        )
        .unique(["CHILD", "start_date"], keep="last")
    )
    recorded = (
        records(tables, "missing_episodes")
        .filter(pl.col("kind").eq("M").fill_null(True))
        .select(pl.col("CHILD").cast(pl.String), "start_date", "end_date", "rhi_offered")
        .unique(["CHILD", "start_date"], keep="last")
    )
    episodes = from_903.join(recorded, on=["CHILD", "start_date"], how="full", coalesce=True)
    ended = pl.coalesce(pl.col("end_date"), pl.col("end_903"))
    first = since or add_months(as_at, -HISTORY_MONTHS)
    episodes = episodes.with_columns(returned=ended).filter(
        pl.col("returned").is_between(first - RHI_WITHIN, as_at)
    )
    episodes = in_care_on(episodes, require_table(tables, "episodes"), day="start_date")
    offered = pl.col("rhi_offered")
    return (
        episodes.with_columns(
            rule=pl.lit("return_home_interview"),
            due_date=pl.col("returned") + pl.duration(days=RHI_WITHIN.days),
            met_on=pl.when(offered.fill_null(False)).then(pl.col("returned")),
            outstanding=offered.is_null(),
            basis=described("returned from missing", pl.col("returned")),
        )
        .select(OBLIGATION_SCHEMA.names())
        .cast(OBLIGATION_SCHEMA)
    )
