"""Rules 101–199 on episodes: codes, dates and placement locations."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ROW, ReturnData
from incare.validation.expr import codes, to_date
from incare.validation.rule import Flags, rule, years
from incare.validation.rules._shared import (
    bad_code,
    bad_date,
    distance,
    former_uasc,
    located,
    rows_from,
    short_break,
    uasc_known,
)


@rule(
    code="141",
    message="Date episode began is not a valid date.",
    fields=["DECOM"],
    tables=["Episodes"],
)
def _141(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_date("DECOM"))}


@rule(
    code="142",
    message="A new episode has started, but the previous episode has not ended.",
    fields=["DEC", "REC"],
    tables=["Episodes"],
    differs="When two of a child's episodes start on the same day, the later row in the file "
    "is taken as the child's last episode; the sector tool's choice between them depends on "
    "its unstable sort, so it may flag the other row.",
)
def _142(d: ReturnData) -> Flags:
    # Every episode but the child's last must have ended. An episode with no valid start
    # date sorts last (so, as in the sector tool, it counts as the open one).
    # The start date as a column first: Polars' per-child windows over a compound expression
    # evaluate it child by child.
    episodes = d["Episodes"].with_columns(to_date("DECOM").alias("__decom"))
    decom = pl.col("__decom")
    undated = decom.is_null().any().over("CHILD")
    latest = decom.max().over("CHILD")
    is_last_dated = (decom == latest) & (
        pl.col(ROW) == pl.col(ROW).filter(decom == latest).max().over("CHILD")
    )
    not_last = undated | ~is_last_dated
    # An unreadable end date counts as none (as in the sector tool; 147 reports it).
    unfinished = to_date("DEC").is_null() | pl.col("REC").is_null()
    bad = episodes.filter(
        pl.col("CHILD").is_not_null() & decom.is_not_null() & not_last.fill_null(False) & unfinished
    )
    return {"Episodes": bad}


@rule(
    code="143",
    message="The reason for new episode code is not a valid code.",
    fields=["RNE"],
    tables=["Episodes"],
)
def _143(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_code("RNE", codes("episodes", "RNE", d)))}


@rule(
    code="144",
    message="The legal status code is not a valid code.",
    fields=["LS"],
    tables=["Episodes"],
)
def _144(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_code("LS", codes("episodes", "LS", d)))}


@rule(
    code="145",
    message="Category of need code is not a valid code.",
    fields=["CIN"],
    tables=["Episodes"],
)
def _145(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_code("CIN", codes("episodes", "CIN", d)))}


@rule(
    code="146",
    message="Placement type code is not a valid code.",
    fields=["PLACE"],
    tables=["Episodes"],
    years=years(2025, 2025),
    differs=(
        "The sector tool's 2024/25 list has 'k3' in lower case, so it flags every valid K3 "
        "placement; incare uses the 903 specification's codes, where K3 is valid."
    ),
)
def _146_2025(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_code("PLACE", codes("episodes", "PLACE", d)))}


@rule(
    code="146",
    message="Placement type code is not a valid code.",
    fields=["PLACE"],
    tables=["Episodes"],
    years=years(2026),
)
def _146_2026(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_code("PLACE", codes("episodes", "PLACE", d)))}


@rule(
    code="147",
    message="Date episode ceased is not a valid date.",
    fields=["DEC"],
    tables=["Episodes"],
)
def _147(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_date("DEC"))}


@rule(
    code="148",
    message=(
        "Date episode ceased and reason episode ceased must both be coded, or both left blank."
    ),
    fields=["DEC", "REC"],
    tables=["Episodes"],
)
def _148(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(pl.col("DEC").is_null() != pl.col("REC").is_null())}


@rule(
    code="149",
    message="Reason episode ceased code is not valid. ",
    fields=["REC"],
    tables=["Episodes"],
)
def _149(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_code("REC", codes("episodes", "REC", d)))}


@rule(
    code="164",
    message=(
        "Distance is not valid. Please check a valid postcode has been entered. [NOTE: This "
        "check will result in false positives for children formerly UASC not identified as "
        "such in loaded data]"
    ),
    fields=["PL_DISTANCE"],
    tables=["Episodes"],
    needs=["Episodes", "postcodes"],
)
def _164(d: ReturnData) -> Flags:
    # Distances are not checked for children who are or were UASC (this year or the last
    # two), whose placements may legitimately be far away. With no UASC status at all
    # (no UASC table, no Header UASC flag) they cannot be told apart, so nothing is
    # flagged (as in the sector tool).
    miles = distance()
    episodes = (
        located(d).join(former_uasc(d), on="CHILD", how="anti").join(uasc_known(d), how="cross")
    )
    return {"Episodes": episodes.filter(pl.col("__known") & ((miles < 0.0) | (miles > 999.9)))}


@rule(
    code="169",
    message=(
        "Local Authority (LA) of placement is not valid or is missing. Please check a valid "
        "postcode has been entered."
    ),
    fields=["PL_LA"],
    tables=["Episodes"],
    needs=["Episodes", "postcodes"],
)
def _169(d: ReturnData) -> Flags:
    # PL_LA is derived from the placement postcode, so blank means the postcode was not found.
    return {"Episodes": located(d).filter(~short_break() & pl.col("PL_LA").is_null())}


@rule(
    code="178",
    message="Placement provider code is not a valid code.",
    fields=["PLACE_PROVIDER"],
    tables=["Episodes"],
    years=years(2025, 2025),
)
def _178_2025(d: ReturnData) -> Flags:
    # Placements with no provider: temporary (T0–T4) and Z1.
    no_provider = ["T0", "T1", "T2", "T3", "T4", "Z1"]
    provider = codes("episodes", "PLACE_PROVIDER", d)
    bad = pl.col("PLACE_PROVIDER").is_not_null() & (
        ~pl.col("PLACE_PROVIDER").is_in(provider)
        | pl.col("PLACE").is_in(no_provider).fill_null(False)
    )
    return {"Episodes": d["Episodes"].filter(bad)}


@rule(
    code="178",
    message="Placement provider code is not a valid code.",
    fields=["PLACE_PROVIDER"],
    tables=["Episodes"],
    years=years(2026),
)
def _178_2026(d: ReturnData) -> Flags:
    # Placements with no provider: T0–T3 and Z11–Z14, as the 2025/26 rule lists them.
    no_provider = ["T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"]
    provider = codes("episodes", "PLACE_PROVIDER", d)
    bad = pl.col("PLACE_PROVIDER").is_not_null() & (
        ~pl.col("PLACE_PROVIDER").is_in(provider)
        | pl.col("PLACE").is_in(no_provider).fill_null(False)
    )
    return {"Episodes": d["Episodes"].filter(bad)}


@rule(
    code="179",
    message="Placement location code is not a valid code.",
    fields=["PL_LOCATION"],
    tables=["Episodes"],
    needs=["Episodes", "postcodes"],
)
def _179(d: ReturnData) -> Flags:
    # PL_LOCATION is derived from the placement postcode, so blank means it was not found.
    return {"Episodes": located(d).filter(~short_break() & pl.col("PL_LOCATION").is_null())}


@rule(
    code="199",
    message=(
        "Episode information shows child has been previously adopted from care. [NOTE: This "
        "only tests the current and previous year data loaded into the tool]"
    ),
    fields=["CHILD"],
    tables=["Episodes"],
)
def _199(d: ReturnData) -> Flags:
    # Any episode after a child's first adoption (REC E11/E12), by start date, over this
    # year's and (when supplied) last year's episodes.
    columns = ["CHILD", "DECOM", "REC"]
    both = pl.concat(
        [
            d["Episodes"].select(pl.col(ROW).alias("__row"), *columns),
            d["Episodes_last"].select(pl.lit(None, pl.UInt32).alias("__row"), *columns),
        ]
    ).with_columns(to_date("DECOM").alias("__decom"), pl.int_range(pl.len()).alias("__order"))
    adopted = pl.col("REC").is_in(["E11", "E12"]).fill_null(False)
    # Episodes starting the same day: this year's record before last year's (the sector
    # tool's order when its sort keeps ties in place).
    ordered = both.filter(pl.col("__decom").is_not_null()).sort("__decom", "__order")
    counted = ordered.with_columns(adopted.cast(pl.Int32).cum_sum().over("CHILD").alias("__n"))
    bad = (pl.col("__n") > 0) & ~((pl.col("__n") == 1) & adopted)
    return {"Episodes": rows_from(counted.filter(bad), "__row")}
