"""The indicator engine: DfE children-in-care indicators as pure, typed Polars functions.

Each indicator takes the stacked 903 store frames (table name -> frame) and a
:class:`Period` and returns an :class:`IndicatorResult` with the children behind the number.
``INDICATORS`` describes every indicator by its id. No Django here: frames in, frames out.
See docs/indicators.md.
"""

from incare.indicators import (
    adoption,
    breakdowns,
    care_leavers,
    health,
    leaving,
    local,
    location,
    missing,
    outcomes,
    population,
    populations,
    rates,
    reviews,
    social_workers,
    stability,
    timeliness,
)
from incare.indicators.periods import Period, PeriodError
from incare.indicators.result import (
    INDICATORS,
    Indicator,
    IndicatorResult,
    Polarity,
    Unit,
)

__all__ = [
    "INDICATORS",
    "Indicator",
    "IndicatorResult",
    "Period",
    "PeriodError",
    "Polarity",
    "Unit",
    "adoption",
    "breakdowns",
    "care_leavers",
    "health",
    "leaving",
    "local",
    "location",
    "missing",
    "outcomes",
    "population",
    "populations",
    "rates",
    "reviews",
    "social_workers",
    "stability",
    "timeliness",
]
