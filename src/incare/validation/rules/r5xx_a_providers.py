"""Rules 526–550: placement provider codes against placement types."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.rule import Flags, rule, years
from incare.validation.rules._shared import (
    ADOPTION,
    TEMPORARY,
    none_of,
    one_of,
)

_NO_PROVIDER_MESSAGE = "Child is missing a placement provider code for at least one episode."


@rule(
    code="526",
    message=_NO_PROVIDER_MESSAGE,
    fields=["PLACE", "PLACE_PROVIDER"],
    tables=["Episodes"],
    years=frozenset({2025}),
)
def _526_2025(d: ReturnData) -> Flags:
    # Temporary placements and Z1 (other placement) have no provider.
    missing = none_of("PLACE", *TEMPORARY, "Z1") & pl.col("PLACE_PROVIDER").is_null()
    return {"Episodes": d["Episodes"].filter(missing)}


@rule(
    code="526",
    message=_NO_PROVIDER_MESSAGE,
    fields=["PLACE", "PLACE_PROVIDER"],
    tables=["Episodes"],
    years=years(2026),
)
def _526(d: ReturnData) -> Flags:
    # Temporary placements and Z11–Z14 (other placements, Z1 until 2025) have no provider.
    others = ["Z11", "Z12", "Z13", "Z14"]
    missing = none_of("PLACE", *TEMPORARY, *others) & pl.col("PLACE_PROVIDER").is_null()
    return {"Episodes": d["Episodes"].filter(missing)}


def _provider_cannot_place(d: ReturnData, provider: str, places: list[str]) -> pl.LazyFrame:
    return d["Episodes"].filter(one_of("PLACE", *places) & one_of("PLACE_PROVIDER", provider))


@rule(
    code="527",
    message="A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.",
    fields=["PLACE", "PLACE_PROVIDER"],
    tables=["Episodes"],
)
def _527(d: ReturnData) -> Flags:
    return {"Episodes": _provider_cannot_place(d, "PR1", ["P1", "R2", "R5"])}


@rule(
    code="528",
    message="A placement provider code of PR2 cannot be associated with placements P1, R2 or R5.",
    fields=["PLACE", "PLACE_PROVIDER"],
    tables=["Episodes"],
)
def _528(d: ReturnData) -> Flags:
    return {"Episodes": _provider_cannot_place(d, "PR2", ["P1", "R2", "R5"])}


@rule(
    code="529",
    message="Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, "
    "K1, K2 and U1 to U6 as these placements cannot be provided by other public organisations.",
    fields=["PLACE", "PLACE_PROVIDER"],
    tables=["Episodes"],
)
def _529(d: ReturnData) -> Flags:
    places = [*ADOPTION, "K1", "K2", "P1", *(f"U{i}" for i in range(1, 7))]
    return {"Episodes": _provider_cannot_place(d, "PR3", places)}


@rule(
    code="530",
    message="A placement provider code of PR4 cannot be associated with placement P1.",
    fields=["PLACE", "PLACE_PROVIDER"],
    tables=["Episodes"],
)
def _530(d: ReturnData) -> Flags:
    return {"Episodes": _provider_cannot_place(d, "PR4", ["P1"])}


@rule(
    code="531",
    message="A placement provider code of PR5 cannot be associated with placements P1.",
    fields=["PLACE", "PLACE_PROVIDER"],
    tables=["Episodes"],
)
def _531(d: ReturnData) -> Flags:
    return {"Episodes": _provider_cannot_place(d, "PR5", ["P1"])}


@rule(
    code="550",
    message="A placement provider code of PR0 can only be associated with placement P1.",
    fields=["PLACE", "PLACE_PROVIDER"],
    tables=["Episodes"],
)
def _550(d: ReturnData) -> Flags:
    return {
        "Episodes": d["Episodes"].filter(none_of("PLACE", "P1") & one_of("PLACE_PROVIDER", "PR0"))
    }
