"""How many children are in care, start and stop (indicator reference §A1, §A2)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators.building_blocks import care_episodes, looked_after_on, require_table
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Polarity, Unit, register


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
    return IndicatorResult.count(looked_after_on(episodes, on=period.end), period=period)


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
    return IndicatorResult.count(care.filter(started), period=period)


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
    care = care_episodes(require_table(tables, "episodes"))
    ended = pl.col("DEC").is_between(period.start, period.end) & pl.col("REC").ne_missing("X1")
    return IndicatorResult.count(care.filter(ended), period=period)
