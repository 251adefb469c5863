"""What some indicators need beyond the 903 frames: the authority, its population, postcodes.

Kept separate from the frames so every indicator stays a pure function of its inputs: a
rate per 10,000 is a function of the store *and* a population, and says so in its signature.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl


class MissingContextError(ValueError):
    """An indicator needs something the caller did not supply (e.g. a population)."""


@dataclass(frozen=True)
class IndicatorContext:
    la_code: str | None = None
    """The responsible authority's ONS code (e.g. E06000007) or DfE number (e.g. 877)."""
    population_0_17: Mapping[int, int] = field(default_factory=dict)
    """ONS mid-year estimate of children aged 0-17, by collection year it is the
    denominator for (indicators.md §0: the year ending 31 March YYYY uses mid-(YYYY-1))."""
    postcodes: pl.DataFrame | None = None
    """Postcode reference (postcode, LA code, easting, northing), if one is available."""

    def population_for(self, year: int) -> int:
        try:
            return self.population_0_17[year]
        except KeyError:
            raise MissingContextError(
                f"no 0-17 population for the {year} collection year: give one "
                "(e.g. --population) or name a real authority"
            ) from None


NO_CONTEXT = IndicatorContext()
