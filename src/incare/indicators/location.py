"""Where children are placed: distance from home and inside or outside the authority.

Indicator reference §0 "Placement location", §A4 and §A5. The 903 holds only postcodes
(``HOME_POST``, ``PL_POST``); the derived fields come from a postcode reference
(:mod:`incare.geography`) given in the indicator context:

- ``PL_DISTANCE``: miles between the home and placement postcodes, from OS grid metres,
  sqrt(dE² + dN²) / 1000 / 1.6093, rounded to 1 decimal place. Blank when either postcode is
  blank or not in the reference (e.g. a withheld adoption address), and for short breaks
  (V3/V4, validator rule 398).
- ``PL_LA``: the upper-tier authority of the placement postcode.
- ``PL_LOCATION``: ``IN`` when PL_LA is the responsible authority, ``OUT`` otherwise,
  including anywhere in Wales, Scotland or Northern Ireland; blank when PL_LA is unknown.

Unknowns are left out of every denominator, as DfE does (§A4 gotchas).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from incare.geography import ENGLAND, normalise_postcode
from incare.indicators.building_blocks import SHORT_BREAKS, open_episodes, require_table
from incare.indicators.context import IndicatorContext, MissingContextError
from incare.indicators.periods import Period
from incare.indicators.populations import population_table
from incare.indicators.result import IndicatorResult, Polarity, Unit, register

METRES_PER_MILE = 1000 * 1.6093
"""DfE's conversion (the validator's ``_add_postcode_derived_fields``), not the exact 1609.344."""
FAR = 20
"""Miles: "placed more than 20 miles from home"."""

CHILD_FIELDS = ("HOME_POST", "PL_POST", "PL_DISTANCE", "PL_LA", "PL_LOCATION")
"""The fields shown with each child behind a location figure."""


def with_placement_location(
    episodes: pl.DataFrame, postcodes: pl.DataFrame, *, la_code: str | None
) -> pl.DataFrame:
    """``episodes`` with ``PL_DISTANCE``, ``PL_LA`` and ``PL_LOCATION`` added (see module).

    ``postcodes`` is a reference from :func:`incare.geography.load_postcodes`; ``la_code`` the
    responsible authority's ONS code or DfE number (without it PL_LOCATION is blank unless the
    placement is outside England).
    """
    home = postcodes.select(
        _home_key="postcode", _home_e=pl.col("easting"), _home_n=pl.col("northing")
    )
    place = postcodes.select(
        _pl_key="postcode",
        _pl_e=pl.col("easting"),
        _pl_n=pl.col("northing"),
        _pl_la=pl.col("la_code"),
        _pl_country=pl.col("country"),
    )
    ours = _codes_of(la_code)
    metres = (
        (pl.col("_home_e") - pl.col("_pl_e")) ** 2 + (pl.col("_home_n") - pl.col("_pl_n")) ** 2
    ).sqrt()
    short_break = pl.col("LS").is_in(SHORT_BREAKS).fill_null(False)
    outside_england = pl.col("_pl_country").is_not_null() & (pl.col("_pl_country") != ENGLAND)
    location = (
        pl.when(pl.col("_pl_la").is_null())
        .then(None)
        .when(outside_england | ~pl.col("_pl_la").is_in(ours))
        .then(pl.lit("OUT"))
        .otherwise(pl.lit("IN"))
    )
    if not ours:
        location = pl.when(outside_england).then(pl.lit("OUT"))
    derived = ["PL_DISTANCE", "PL_LA", "PL_LOCATION"]
    return (
        episodes.drop(derived, strict=False)
        .with_columns(
            _home_key=normalise_postcode(pl.col("HOME_POST")),
            _pl_key=normalise_postcode(pl.col("PL_POST")),
        )
        .join(home, on="_home_key", how="left", maintain_order="left")
        .join(place, on="_pl_key", how="left", maintain_order="left")
        .with_columns(
            PL_DISTANCE=pl.when(~short_break).then((metres / METRES_PER_MILE).round(1)),
            PL_LA=pl.col("_pl_la"),
            PL_LOCATION=location,
        )
        .drop("_home_key", "_pl_key", "_home_e", "_home_n", "_pl_e", "_pl_n", "_pl_la")
        .drop("_pl_country")
    )


def _codes_of(la_code: str | None) -> list[str]:
    """Every code the authority goes by: as given, plus its ONS code or DfE number."""
    if la_code is None:
        return []
    given = la_code.strip()
    codes = {given, given.upper()}
    both = population_table().select("old_la_code", "new_la_code").unique()
    same = both.filter(
        (pl.col("old_la_code") == given)
        | (pl.col("new_la_code").str.to_uppercase() == given.upper())
    )
    codes.update(
        same.get_column("old_la_code").to_list() + same.get_column("new_la_code").to_list()
    )
    return sorted(c for c in codes if c)


def _located_at_end(
    tables: Mapping[str, pl.DataFrame], *, period: Period, context: IndicatorContext, need_la: bool
) -> pl.DataFrame:
    """Children looked after at the period end, one row each, with their location fields."""
    if context.postcodes is None:
        raise MissingContextError(
            "no postcode reference: give --postcodes PATH (placement distance and location "
            "need the ONS postcode directory or a file like it, see docs/postcodes.md)"
        )
    if need_la and context.la_code is None:
        raise MissingContextError(
            "no authority code: inside or outside the authority needs the council's code "
            "(the la_code in incare-store.json)"
        )
    episodes = require_table(tables, "episodes")
    at_end = open_episodes(episodes, on=period.end)
    return with_placement_location(at_end, context.postcodes, la_code=context.la_code)


def _children(cohort: pl.DataFrame, in_numerator: pl.Expr) -> pl.DataFrame:
    return cohort.select("CHILD", in_numerator.alias("in_numerator"), *CHILD_FIELDS)


_UNKNOWN = """Children whose home or placement postcode is blank or not in the postcode
    reference (for example a withheld adoption address) are left out, as DfE does."""


@register(
    id="placed_20_miles",
    title="Children in care placed more than 20 miles from home",
    definition=f"""
        Of the children in care on the last day of the period, the percentage living more
        than 20 miles (straight line) from the home they were placed from. {_UNKNOWN}
        Short breaks do not count.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort="""Children looked after on the last day of the period, excluding short breaks,
        with a known distance from home (PL_DISTANCE)""",
    section="A4",
    uses_context=True,
)
def placed_20_miles(
    tables: Mapping[str, pl.DataFrame], *, period: Period, context: IndicatorContext
) -> IndicatorResult:
    located = _located_at_end(tables, period=period, context=context, need_la=False)
    cohort = located.filter(pl.col("PL_DISTANCE").is_not_null())
    return IndicatorResult.percentage(_children(cohort, pl.col("PL_DISTANCE") > FAR), period=period)


@register(
    id="placed_20_miles_outside_la",
    title="Children in care placed more than 20 miles from home and outside the council's area",
    definition=f"""
        Of the children in care on the last day of the period, the percentage living more
        than 20 miles (straight line) from the home they were placed from and outside the
        council's area (anywhere in Wales, Scotland or Northern Ireland is outside).
        {_UNKNOWN} Short breaks do not count.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER_IS_BETTER,
    cohort="""Children looked after on the last day of the period, excluding short breaks,
        with a known distance from home and a known placement authority""",
    section="A4",
    lait_measure="LACDistance",
    uses_context=True,
)
def placed_20_miles_outside_la(
    tables: Mapping[str, pl.DataFrame], *, period: Period, context: IndicatorContext
) -> IndicatorResult:
    located = _located_at_end(tables, period=period, context=context, need_la=True)
    cohort = located.filter(
        pl.col("PL_DISTANCE").is_not_null() & pl.col("PL_LOCATION").is_not_null()
    )
    far_and_out = (pl.col("PL_DISTANCE") > FAR) & (pl.col("PL_LOCATION") == "OUT")
    return IndicatorResult.percentage(_children(cohort, far_and_out), period=period)


@register(
    id="placed_outside_la",
    title="Children in care placed outside the council's area",
    definition="""
        Of the children in care on the last day of the period, the percentage whose
        placement is outside the council's area (anywhere in Wales, Scotland or Northern
        Ireland is outside). Children whose placement postcode is blank or not in the
        postcode reference are left out. Short breaks do not count.
    """,
    unit=Unit.PERCENT,
    polarity=Polarity.NEITHER,
    cohort="""Children looked after on the last day of the period, excluding short breaks,
        with a known placement authority (PL_LOCATION)""",
    section="A5",
    uses_context=True,
)
def placed_outside_la(
    tables: Mapping[str, pl.DataFrame], *, period: Period, context: IndicatorContext
) -> IndicatorResult:
    located = _located_at_end(tables, period=period, context=context, need_la=True)
    cohort = located.filter(pl.col("PL_LOCATION").is_not_null())
    return IndicatorResult.percentage(
        _children(cohort, pl.col("PL_LOCATION") == "OUT"), period=period
    )
