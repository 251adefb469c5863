"""Rules 501–504: episodes in sequence, and the first episode this year against the episode
left open at the end of last year."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.expr import to_date
from incare.validation.rule import Flags, rule, years
from incare.validation.rules._shared import (
    DISTANCE_ROUNDING_DIFFERS,
    differ,
    distance_changed,
    first_beside_last,
    first_per_child,
    in_sequence,
    one_of,
    rows_of,
    same,
)


@rule(
    code="501",
    message="A new episode has started before the end date of the previous episode.",
    fields=["DECOM", "DEC"],
    tables=["Episodes"],
)
def _501(d: ReturnData) -> Flags:
    seq = in_sequence(d["Episodes"], by=[to_date("DECOM")], columns=["DEC"])
    overlaps = (to_date("DECOM") < to_date("DEC_1")).fill_null(False)
    return {"Episodes": rows_of(d["Episodes"], seq.filter(overlaps))}


@rule(
    code="502",
    message="Last year's record ended with an open episode. The date on which that episode "
    "started does not match the start date of the first episode on this year’s record.",
    fields=["DECOM"],
    tables=["Episodes"],
    needs=["Episodes_last"],
)
def _502(d: ReturnData) -> Flags:
    first = first_per_child(d["Episodes"], to_date("DECOM"))
    still_open = d["Episodes_last"].filter(pl.col("DEC").is_null())
    both = first.join(still_open.select("CHILD", "DECOM"), on="CHILD", suffix="_last")
    return {
        "Episodes": rows_of(
            d["Episodes"], both.filter(differ(pl.col("__by"), to_date("DECOM_last")))
        )
    }


def _carried_over(d: ReturnData) -> pl.LazyFrame:
    """Each child's first episode this year beside last year's last, where that was open (its
    DEC blank or not a date, as the sector tool reads it)."""
    return first_beside_last(d).filter(to_date("DEC_last").is_null())


def _changed(d: ReturnData, field: str) -> pl.LazyFrame:
    """Episodes whose ``field`` differs from that of the open episode they continue (two
    blanks are the same)."""
    carried = _carried_over(d)
    return rows_of(d["Episodes"], carried.filter(pl.col(field).ne_missing(pl.col(f"{field}_last"))))


@rule(
    code="503A",
    message="The reason for new episode in the first episode does not match open episode at "
    "end of last year.",
    fields=["RNE"],
    tables=["Episodes"],
    needs=["Episodes_last"],
)
def _503a(d: ReturnData) -> Flags:
    return {"Episodes": _changed(d, "RNE")}


@rule(
    code="503B",
    message="The legal status in the first episode does not match open episode at end of "
    "last year.",
    fields=["LS"],
    tables=["Episodes"],
    needs=["Episodes_last"],
)
def _503b(d: ReturnData) -> Flags:
    return {"Episodes": _changed(d, "LS")}


@rule(
    code="503C",
    message="The category of need in the first episode does not match open episode at end of "
    "last year.",
    fields=["CIN"],
    tables=["Episodes"],
    needs=["Episodes_last"],
)
def _503c(d: ReturnData) -> Flags:
    return {"Episodes": _changed(d, "CIN")}


@rule(
    code="503E",
    message="The placement provider in the first episode does not match open episode at end "
    "of last year.",
    fields=["PLACE_PROVIDER"],
    tables=["Episodes"],
    needs=["Episodes_last"],
)
def _503e(d: ReturnData) -> Flags:
    return {"Episodes": _changed(d, "PLACE_PROVIDER")}


@rule(
    code="503F",
    message="The Ofsted URN in the  first episode does not match open episode at end of last year.",
    fields=["URN"],
    tables=["Episodes"],
    needs=["Episodes_last"],
)
def _503f(d: ReturnData) -> Flags:
    return {"Episodes": _changed(d, "URN")}


@rule(
    code="503H",
    message="The placement LA in first episode does not match open episode at end of last year.",
    fields=["PL_LA"],
    tables=["Episodes"],
    needs=["Episodes_last", "postcodes"],
)
def _503h(d: ReturnData) -> Flags:
    return {"Episodes": _changed(d, "PL_LA")}


@rule(
    code="503J",
    message="The placement location in first episode does not match open episode at end of "
    "last year.",
    fields=["PL_LOCATION"],
    tables=["Episodes"],
    needs=["Episodes_last", "postcodes"],
)
def _503j(d: ReturnData) -> Flags:
    return {"Episodes": _changed(d, "PL_LOCATION")}


_503D_MESSAGE = (
    "The placement type in the first episode does not match open episode at end of last year"
)


@rule(
    code="503D",
    message=_503D_MESSAGE,
    fields=["PLACE"],
    tables=["Episodes"],
    needs=["Episodes_last"],
    years=frozenset({2025}),
)
def _503d_2025(d: ReturnData) -> Flags:
    # 2024/25 replaced H5 (semi-independent living) by K3 (supported accommodation): an open H5
    # placement carried into the year as K3 is the same placement.
    recoded = same(pl.col("PLACE"), pl.lit("K3")) & same(pl.col("PLACE_last"), pl.lit("H5"))
    moved = pl.col("PLACE").ne_missing(pl.col("PLACE_last")) & ~recoded
    return {"Episodes": rows_of(d["Episodes"], _carried_over(d).filter(moved))}


@rule(
    code="503D",
    message=_503D_MESSAGE,
    fields=["PLACE"],
    tables=["Episodes"],
    needs=["Episodes_last"],
    years=years(2026),
)
def _503d(d: ReturnData) -> Flags:
    # 2025/26 split Z1 (other placement) into Z11–Z14: in that year an open Z1 placement
    # carried over as one of them is the same placement. The year is the collection's end
    # (the data's own year, even when a rule set is run on a neighbouring year's data).
    recoded = (
        pl.lit(d.collection_end.year == 2026)
        & one_of("PLACE", "Z11", "Z12", "Z13", "Z14")
        & same(pl.col("PLACE_last"), pl.lit("Z1"))
    )
    moved = pl.col("PLACE").ne_missing(pl.col("PLACE_last")) & ~recoded
    return {"Episodes": rows_of(d["Episodes"], _carried_over(d).filter(moved))}


@rule(
    code="503G",
    message="The distance in first episode does not match open episode at end of last year.",
    fields=["PL_DISTANCE"],
    tables=["Episodes"],
    needs=["Episodes_last", "postcodes"],
    differs=DISTANCE_ROUNDING_DIFFERS,
)
def _503g(d: ReturnData) -> Flags:
    return {"Episodes": rows_of(d["Episodes"], _carried_over(d).filter(distance_changed()))}


@rule(
    code="504",
    message="The category of need code differs from that reported at start of current period "
    "of being looked after",
    fields=["CIN"],
    tables=["Episodes"],
)
def _504(d: ReturnData) -> Flags:
    seq = in_sequence(d["Episodes"], by=[to_date("DECOM")], columns=["REC", "DEC", "CIN"])
    continues = same(pl.col("REC_1"), pl.lit("X1")) & same(to_date("DEC_1"), to_date("DECOM"))
    wrong = continues & differ(pl.col("CIN"), pl.col("CIN_1"))
    return {"Episodes": rows_of(d["Episodes"], seq.filter(wrong))}
