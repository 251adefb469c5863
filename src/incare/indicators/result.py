"""What an indicator returns, and the registry that describes every indicator.

An indicator is a pure function ``f(tables, *, period) -> IndicatorResult``. Registering it
with :func:`register` records what a reader needs to trust the number: a plain-English
definition, its unit and polarity, the cohort, the section of the indicator reference it
implements and the matching DfE LAIT measure. ``INDICATORS`` (id -> :class:`Indicator`) is
the one list of them; ids are a public contract (saved reports and URLs use them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, TypeVar

import polars as pl

from incare.indicators.context import NO_CONTEXT, IndicatorContext
from incare.indicators.periods import Period


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    RATE = "rate"
    """Per 10,000 children aged 0-17."""
    DAYS = "days"
    MEAN = "mean"


class Polarity(StrEnum):
    HIGHER_IS_BETTER = "higher is better"
    LOWER_IS_BETTER = "lower is better"
    NEITHER = "neither: a number for context"


class IndicatorError(ValueError):
    """An indicator built an impossible result (a bug, not bad data)."""


class DuplicateIndicatorError(IndicatorError):
    """Two indicators were registered with the same id."""


CHILDREN_SCHEMA = pl.Schema({"CHILD": pl.String(), "in_numerator": pl.Boolean()})


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator for one period, with the children behind it.

    ``children`` has one row per child in the cohort (``CHILD``, ``in_numerator``, then the
    fields that decided it, e.g. ``DECOM`` or ``placements``); for a count every row is in
    the numerator. ``value`` is the unrounded figure: the count, or
    the percentage 0-100 (``None`` when the cohort is empty). Rounding and suppression are
    for presentation.
    """

    period: Period
    unit: Unit
    numerator: int
    denominator: int | None
    value: float | None
    children: pl.DataFrame

    @classmethod
    def count(cls, children: pl.DataFrame, *, period: Period) -> IndicatorResult:
        """The number of distinct children in ``children`` (a frame with ``CHILD``)."""
        extras = [c for c in children.columns if c not in CHILDREN_SCHEMA]
        counted = (
            children.with_columns(pl.col("CHILD").cast(pl.String))
            .unique("CHILD", keep="first", maintain_order=True)
            .sort("CHILD")
            .select("CHILD", pl.lit(True).alias("in_numerator"), *extras)
        )
        n = counted.height
        return cls(period, Unit.COUNT, n, None, float(n), counted)

    @classmethod
    def percentage(cls, cohort: pl.DataFrame, *, period: Period) -> IndicatorResult:
        """The percentage of the cohort (one row per child) with ``in_numerator`` true."""
        extras = [c for c in cohort.columns if c not in CHILDREN_SCHEMA]
        children = cohort.select(
            pl.col("CHILD").cast(pl.String), pl.col("in_numerator").fill_null(False), *extras
        ).sort("CHILD")
        if children.get_column("CHILD").is_duplicated().any():
            raise IndicatorError("a child appears twice in an indicator cohort")
        denominator = children.height
        numerator = int(children.get_column("in_numerator").sum())
        value = 100 * numerator / denominator if denominator else None
        return cls(period, Unit.PERCENT, numerator, denominator, value, children)

    @classmethod
    def mean(
        cls, cohort: pl.DataFrame, *, period: Period, column: str, unit: Unit = Unit.DAYS
    ) -> IndicatorResult:
        """The mean of ``column`` over the cohort (one row per child, every one counted).

        ``numerator`` is the total (e.g. of days) and ``denominator`` the number of children,
        so ``value`` = numerator / denominator, unrounded (``None`` for an empty cohort).
        """
        extras = [c for c in cohort.columns if c not in CHILDREN_SCHEMA]
        children = cohort.select(
            pl.col("CHILD").cast(pl.String), pl.lit(True).alias("in_numerator"), *extras
        ).sort("CHILD")
        if children.get_column("CHILD").is_duplicated().any():
            raise IndicatorError("a child appears twice in an indicator cohort")
        denominator = children.height
        numerator = int(children.get_column(column).sum())
        value = numerator / denominator if denominator else None
        return cls(period, unit, numerator, denominator, value, children)


class IndicatorFunction(Protocol):
    def __call__(
        self, tables: Mapping[str, pl.DataFrame], /, *, period: Period
    ) -> IndicatorResult: ...


class ContextualIndicatorFunction(Protocol):
    """An indicator that also needs a population or a postcode reference."""

    def __call__(
        self, tables: Mapping[str, pl.DataFrame], /, *, period: Period, context: IndicatorContext
    ) -> IndicatorResult: ...


@dataclass(frozen=True)
class Indicator:
    """The registration of one indicator: what it means and how to compute it."""

    id: str
    title: str
    definition: str
    """Plain English a councillor understands: who is counted and what counts as success."""
    unit: Unit
    polarity: Polarity
    cohort: str
    section: str
    """The section of shared/reference/indicators.md it implements, e.g. "A6"."""
    lait_measure: str | None
    """The DfE LAIT measure it matches (``Measure_short``), if there is one."""
    compute: IndicatorFunction | ContextualIndicatorFunction
    uses_context: bool = False

    def run(
        self,
        tables: Mapping[str, pl.DataFrame],
        *,
        period: Period,
        context: IndicatorContext = NO_CONTEXT,
    ) -> IndicatorResult:
        """Compute for ``period``; callers use this so every indicator is called alike."""
        if self.uses_context:
            return self.compute(tables, period=period, context=context)  # type: ignore[call-arg]
        return self.compute(tables, period=period)  # type: ignore[call-arg]


INDICATORS: dict[str, Indicator] = {}

F = TypeVar("F", bound=IndicatorFunction | ContextualIndicatorFunction)


def register(
    *,
    id: str,
    title: str,
    definition: str,
    unit: Unit,
    polarity: Polarity,
    cohort: str,
    section: str,
    lait_measure: str | None = None,
    uses_context: bool = False,
) -> Callable[[F], F]:
    """Add the decorated function to ``INDICATORS`` under ``id``.

    Runs of white space in ``definition`` and ``cohort`` become single spaces, so they can be
    written as indented triple-quoted text.
    """

    def add(compute: F) -> F:
        if id in INDICATORS:
            raise DuplicateIndicatorError(f"indicator {id!r} is registered twice")
        INDICATORS[id] = Indicator(
            id=id,
            title=title,
            definition=" ".join(definition.split()),
            unit=unit,
            polarity=polarity,
            cohort=" ".join(cohort.split()),
            section=section,
            lait_measure=lait_measure,
            compute=compute,
            uses_context=uses_context,
        )
        return compute

    return add
