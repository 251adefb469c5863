"""Children in care, starting and ceasing per 10,000 children aged 0-17 (indicators.md §A1, §A2).

Each rate is the matching count (``cla_31_march``, ``starts``, ``ceased``) divided by the
authority's 0-17 population from the context, times 10,000. The value is unrounded; DfE
rounds rates to whole numbers for presentation. The population used is the one for the
collection year the period ends in (the year ending 31 March YYYY uses ONS mid-(YYYY-1)), so
a rolling year ending 30 September 2024 uses the mid-2024 estimate, the latest before it ends.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.indicators import population
from incare.indicators.context import IndicatorContext
from incare.indicators.periods import Period
from incare.indicators.result import IndicatorResult, Polarity, Unit, register

PER = 10_000


def per_10k(count: IndicatorResult, *, context: IndicatorContext) -> IndicatorResult:
    """``count`` as a rate per 10,000 children: the denominator is the population."""
    people = context.population_for(count.period.collection_year_of_end)
    value = PER * count.numerator / people if people else None
    return IndicatorResult(count.period, Unit.RATE, count.numerator, people, value, count.children)


_POPULATION = """per 10,000 children aged 0 to 17 living in the council's area (the ONS
    mid-year estimate DfE uses for that year)"""


@register(
    id="cla_rate_per_10k",
    title="Children in care per 10,000 children",
    definition=f"""
        The number of children the council was looking after on the last day of the period,
        {_POPULATION}. Counted as for "Children in care at the end of the period". DfE
        shows it rounded to a whole number.
    """,
    unit=Unit.RATE,
    polarity=Polarity.NEITHER,
    cohort="Children looked after on the last day of the period, excluding short breaks",
    section="A1",
    lait_measure="LAC",
    uses_context=True,
)
def cla_rate_per_10k(
    tables: Mapping[str, pl.DataFrame], *, period: Period, context: IndicatorContext
) -> IndicatorResult:
    return per_10k(population.cla_31_march(tables, period=period), context=context)


@register(
    id="starts_rate_per_10k",
    title="Children who started to be looked after, per 10,000 children",
    definition=f"""
        The number of children who came into care during the period (each child once, short
        breaks left out), {_POPULATION}. DfE shows it rounded to a whole number.
    """,
    unit=Unit.RATE,
    polarity=Polarity.NEITHER,
    cohort="Children whose period of care began (RNE S) in the period, excluding short breaks",
    section="A2",
    lait_measure="LAC_Start_Rate",
    uses_context=True,
)
def starts_rate_per_10k(
    tables: Mapping[str, pl.DataFrame], *, period: Period, context: IndicatorContext
) -> IndicatorResult:
    return per_10k(population.starts(tables, period=period), context=context)


@register(
    id="ceased_rate_per_10k",
    title="Children who stopped being looked after, per 10,000 children",
    definition=f"""
        The number of children who left care during the period (each child once, short
        breaks left out, care taken over by another council included), {_POPULATION}. DfE
        shows it rounded to a whole number.
    """,
    unit=Unit.RATE,
    polarity=Polarity.NEITHER,
    cohort="Children whose period of care ended (REC not X1) in the period, excluding short breaks",
    section="A2",
    lait_measure="LAC_Cease_Rate",
    uses_context=True,
)
def ceased_rate_per_10k(
    tables: Mapping[str, pl.DataFrame], *, period: Period, context: IndicatorContext
) -> IndicatorResult:
    return per_10k(population.ceased(tables, period=period), context=context)
