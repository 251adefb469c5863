"""§A1/§A2 rates per 10,000 children aged 0-17."""

from __future__ import annotations

import polars as pl
import pytest

from incare.indicators import INDICATORS, Period, Unit
from incare.indicators.context import NO_CONTEXT, IndicatorContext, MissingContextError
from incare.indicators.populations import population_0_17
from incare.indicators.rates import ceased_rate_per_10k, cla_rate_per_10k, starts_rate_per_10k

from .builders import episodes, tables

WARRINGTON = IndicatorContext(la_code="877", population_0_17=population_0_17("Warrington"))


def _in_care(n: int) -> dict[str, pl.DataFrame]:
    return tables(
        episodes=episodes(*[(f"C{i:04}", "01/01/2020", "S", "C2", "U4") for i in range(n)])
    )


def test_warrington_2024_rate_matches_ees_after_rounding() -> None:
    # EES: 354 children in care at 31 March 2024, 0-17 population 44,458, rate 80.
    result = cla_rate_per_10k(
        _in_care(354), period=Period.collection_year(2024), context=WARRINGTON
    )
    assert (result.unit, result.numerator, result.denominator) == (Unit.RATE, 354, 44458)
    assert result.value == pytest.approx(354 / 44458 * 10_000)
    assert round(result.value or 0) == 80
    assert result.children.height == 354


def test_starts_rate_uses_the_population_of_the_year() -> None:
    # EES 2025: 101 starts over 44,799 children, rate 23.
    eps = episodes(*[(f"C{i:04}", "01/05/2024", "S", "V2", "U4") for i in range(101)])
    period = Period.collection_year(2025)
    result = starts_rate_per_10k(tables(episodes=eps), period=period, context=WARRINGTON)
    assert (result.numerator, result.denominator, round(result.value or 0)) == (101, 44799, 23)


def test_ceased_rate_matches_ees_after_rounding() -> None:
    # EES 2023: 114 ceased over 43,650 children, rate 26.
    eps = episodes(
        *[(f"C{i:04}", "01/01/2020", "S", "V2", "U4", "01/06/2022", "E4A") for i in range(114)]
    )
    period = Period.collection_year(2023)
    result = ceased_rate_per_10k(tables(episodes=eps), period=period, context=WARRINGTON)
    assert (result.numerator, round(result.value or 0)) == (114, 26)


def test_rate_without_a_population_says_what_is_missing() -> None:
    with pytest.raises(MissingContextError, match="2024"):
        cla_rate_per_10k(_in_care(1), period=Period.collection_year(2024), context=NO_CONTEXT)


def test_rates_are_registered_as_needing_context() -> None:
    for id_ in ("cla_rate_per_10k", "starts_rate_per_10k", "ceased_rate_per_10k"):
        indicator = INDICATORS[id_]
        assert (indicator.unit, indicator.uses_context) == (Unit.RATE, True)
        result = indicator.run(_in_care(0), period=Period.collection_year(2024), context=WARRINGTON)
        assert (result.numerator, result.value) == (0, 0.0)
