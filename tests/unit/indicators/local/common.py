"""Running a local indicator over hand-built frames."""

from __future__ import annotations

import polars as pl

from incare.indicators import INDICATORS, IndicatorResult, Period

from ..builders import tables

YEAR = Period.collection_year(2024)
"""1 April 2023 to 31 March 2024."""


def run(indicator_id: str, *, period: Period = YEAR, **frames: pl.DataFrame) -> IndicatorResult:
    return INDICATORS[indicator_id].run(tables(**frames), period=period)
