"""How many children are in care, start and stop (indicator reference §0 UASC, §A1, §A2)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.building_blocks import (
    care_episodes,
    ceased_in_period,
    open_episodes,
    require_table,
)
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Polarity, Unit, register
from incare.ssda903.spec import COLLECTION_YEAR


@register(
    id="cla_31_march",
    title="Children in care at the end of the period",
    definition="""
        The number of children the council was looking after on the last day of the period
        (31 March for a collection year). Each child counts once. Children who left care on
        that day are not counted, nor are children who only have agreed short breaks.
    """,
    unit=Unit.COUNT,
    polarity=Polarity.NEITHER,
    cohort="Children looked after on the last day of the period, excluding short breaks",
    section="A1",
    lait_measure="LACnum",
)
def cla_31_march(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    episodes = require_table(tables, "episodes")
    open_now = open_episodes(episodes, on=period.end).select("CHILD", "DECOM", "LS", "PLACE")
    return IndicatorResult.count(open_now, period=period)


@register(
    id="starts",
    title="Children who started to be looked after",
    definition="""
        The number of children who came into care during the period. A child who came into
        care more than once counts once. Short breaks do not count.
    """,
    unit=Unit.COUNT,
    polarity=Polarity.NEITHER,
    cohort="Children whose period of care began (RNE S) in the period, excluding short breaks",
    section="A2",
)
def starts(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    care = care_episodes(require_table(tables, "episodes"))
    started = pl.col("RNE").eq("S") & pl.col("DECOM").is_between(period.start, period.end)
    # Episodes are in date order, so the count keeps each child's first start.
    return IndicatorResult.count(care.filter(started).select("CHILD", "DECOM"), period=period)


@register(
    id="ceased",
    title="Children who stopped being looked after",
    definition="""
        The number of children who left care during the period. A child who left more than
        once counts once. Changing placement or legal status is not leaving care. Children
        whose care was taken over by another council are counted. Short breaks do not count.
    """,
    unit=Unit.COUNT,
    polarity=Polarity.NEITHER,
    cohort="Children whose period of care ended (REC not X1) in the period, excluding short breaks",
    section="A2",
)
def ceased(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    left = ceased_in_period(require_table(tables, "episodes"), period=period)
    return IndicatorResult.count(left.select("CHILD", "DEC", "REC"), period=period)


@register(
    id="uasc_31_march",
    title="Unaccompanied asylum-seeking children in care at the end of the period",
    definition="""
        The number of children in care on the last day of the period who were
        unaccompanied asylum-seeking children on that day: they are in the UASC part of the
        return and their UASC status had not ended by then (it ended after that day, or has
        not ended). Each child's latest UASC record is used. Children with only short breaks
        are not counted.
    """,
    unit=Unit.COUNT,
    polarity=Polarity.NEITHER,
    cohort="""Children looked after on the last day of the period, excluding short breaks,
        with a UASC record whose date UASC status ceased (DUC) is blank or after that day""",
    section="A3 (§0 UASC)",
    lait_measure="Unacc_Asylmn_Seek_Childn",
)
def uasc_31_march(tables: Mapping[str, pl.DataFrame], *, period: Period) -> IndicatorResult:
    episodes = require_table(tables, "episodes")
    uasc = require_table(tables, "uasc")
    if COLLECTION_YEAR in uasc.columns:
        uasc = uasc.sort(COLLECTION_YEAR)
    latest = uasc.unique("CHILD", keep="last", maintain_order=True)
    still_uasc = latest.filter(pl.col("DUC").is_null() | (pl.col("DUC") > period.end))
    open_now = open_episodes(episodes, on=period.end).select("CHILD", "DECOM", "LS", "PLACE")
    return IndicatorResult.count(
        open_now.join(still_uasc.select("CHILD", "DUC"), on="CHILD", how="inner"), period=period
    )
