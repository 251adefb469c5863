"""Rules 101–199 on adoption: adopters (AD1) and decisions to place for adoption."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ROW, ReturnData
from incare.validation.expr import codes, end, start, to_date
from incare.validation.rule import Flags, rule
from incare.validation.rules._shared import (
    AD1_ITEMS,
    LEAVER_ITEMS,
    all_filled,
    any_filled,
    bad_code,
    bad_date,
    first_per_child,
    rows_from,
    short_break,
    with_cla,
)


@rule(
    code="112",
    message="Date should be placed for adoption is not a valid date.",
    fields=["DATE_INT"],
    tables=["AD1"],
)
def _112(d: ReturnData) -> Flags:
    return {"AD1": d["AD1"].filter(bad_date("DATE_INT"))}


@rule(
    code="113",
    message="Date matching child and adopter(s) is not a valid date.",
    fields=["DATE_MATCH"],
    tables=["AD1"],
)
def _113(d: ReturnData) -> Flags:
    return {"AD1": d["AD1"].filter(bad_date("DATE_MATCH"))}


@rule(
    code="114",
    message="Data entry to record the status of former carer(s) of an adopted child is invalid.",
    fields=["FOSTER_CARE"],
    tables=["AD1"],
)
def _114(d: ReturnData) -> Flags:
    # FOSTER_CARE is a 0/1 flag (the spec lists no code table for it).
    return {"AD1": d["AD1"].filter(bad_code("FOSTER_CARE", ["0", "1"]))}


@rule(
    code="115",
    message=(
        "Date of Local Authority's (LA) decision that a child should be placed for adoption "
        "is not a valid date."
    ),
    fields=["DATE_PLACED"],
    tables=["PlacedAdoption"],
)
def _115(d: ReturnData) -> Flags:
    return {"PlacedAdoption": d["PlacedAdoption"].filter(bad_date("DATE_PLACED"))}


@rule(
    code="116",
    message=(
        "Date of Local Authority's (LA) decision that a child should no longer be placed for "
        "adoption is not a valid date."
    ),
    fields=["DATE_PLACED_CEASED"],
    tables=["PlacedAdoption"],
)
def _116(d: ReturnData) -> Flags:
    return {"PlacedAdoption": d["PlacedAdoption"].filter(bad_date("DATE_PLACED_CEASED"))}


@rule(
    code="117",
    message=(
        "Date of decision that a child should/should no longer be placed for adoption is "
        "beyond the current collection year or after the child ceased to be looked after."
    ),
    fields=["DATE_PLACED_CEASED", "DATE_PLACED", "DEC", "REC", "DECOM"],
    tables=["Episodes", "PlacedAdoption"],
    needs=["Episodes", "PlacedAdoption"],
)
def _117(d: ReturnData) -> Flags:
    # Each child's latest episode that is not the end of a placement change (REC X1).
    episodes = d["Episodes"].filter(pl.col("REC").ne_missing(pl.lit("X1")))
    latest = first_per_child(episodes, to_date("DECOM"), latest=True).select(
        pl.col(ROW).alias("__eps"), "CHILD", to_date("DEC").alias("__dec")
    )
    placed = d["PlacedAdoption"].select(
        pl.col(ROW).alias("__pa"),
        "CHILD",
        to_date("DATE_PLACED").alias("__placed"),
        to_date("DATE_PLACED_CEASED").alias("__ceased"),
    )
    last = end(d)
    late = pl.any_horizontal(
        pl.col("__placed") > last,
        pl.col("__placed") > pl.col("__dec"),
        pl.col("__ceased") > last,
        pl.col("__ceased") > pl.col("__dec"),
    ).fill_null(False)
    bad = latest.join(placed, on="CHILD", how="inner").filter(late)
    return {"Episodes": rows_from(bad, "__eps"), "PlacedAdoption": rows_from(bad, "__pa")}


@rule(
    code="118",
    message=(
        "Date of decision that a child should no longer be placed for adoption is before the "
        "current collection year or before the date the child started to be looked after."
    ),
    fields=["DATE_PLACED_CEASED", "DECOM", "LS"],
    tables=["Episodes", "PlacedAdoption"],
    needs=["Episodes", "PlacedAdoption"],
)
def _118(d: ReturnData) -> Flags:
    # Each child's earliest episode that is not a short break (LS V3/V4).
    episodes = d["Episodes"].filter(~short_break())
    earliest = first_per_child(episodes, to_date("DECOM")).select(
        pl.col(ROW).alias("__eps"), "CHILD", to_date("DECOM").alias("__decom")
    )
    placed = d["PlacedAdoption"].select(
        pl.col(ROW).alias("__pa"), "CHILD", to_date("DATE_PLACED_CEASED").alias("__ceased")
    )
    early = ((pl.col("__ceased") < pl.col("__decom")) | (pl.col("__ceased") < start(d))).fill_null(
        False
    )
    bad = earliest.join(placed, on="CHILD", how="inner").filter(early)
    return {"Episodes": rows_from(bad, "__eps"), "PlacedAdoption": rows_from(bad, "__pa")}


@rule(
    code="119",
    message=(
        "If the decision is made that a child should no longer be placed for adoption, then "
        "the date of this decision and the reason why this decision was made must be "
        "completed."
    ),
    fields=["REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
    tables=["PlacedAdoption"],
)
def _119(d: ReturnData) -> Flags:
    return {
        "PlacedAdoption": d["PlacedAdoption"].filter(
            pl.col("DATE_PLACED_CEASED").is_null() != pl.col("REASON_PLACED_CEASED").is_null()
        )
    }


@rule(
    code="120",
    message=(
        "The reason for the reversal of the decision that the child should be placed for "
        "adoption code is not valid."
    ),
    fields=["REASON_PLACED_CEASED"],
    tables=["PlacedAdoption"],
)
def _120(d: ReturnData) -> Flags:
    valid = codes("placed_for_adoption", "REASON_PLACED_CEASED", d)
    return {"PlacedAdoption": d["PlacedAdoption"].filter(bad_code("REASON_PLACED_CEASED", valid))}


@rule(
    code="134",
    message="Data on adoption should not be entered for the OC3 cohort.",
    fields=[*LEAVER_ITEMS, *AD1_ITEMS],
    tables=["AD1"],
    needs=["AD1", "OC3"],
)
def _134(d: ReturnData) -> Flags:
    oc3 = d["OC3"].filter(any_filled(LEAVER_ITEMS)).select("CHILD")
    ad1 = d["AD1"].filter(any_filled(AD1_ITEMS))
    return {"AD1": ad1.join(oc3.unique(), on="CHILD", how="semi")}


@rule(
    code="151",
    message="All data items relating to a childs adoption must be coded or left blank.",
    fields=AD1_ITEMS,
    tables=["AD1"],
)
def _151(d: ReturnData) -> Flags:
    items = AD1_ITEMS
    return {"AD1": d["AD1"].filter(any_filled(items) & ~all_filled(items))}


@rule(
    code="175",
    message="The number of adopter(s) code is not a valid code.",
    fields=["NB_ADOPTR"],
    tables=["AD1"],
)
def _175(d: ReturnData) -> Flags:
    # One or two adopters (the spec lists no code table for NB_ADOPTR).
    return {"AD1": d["AD1"].filter(bad_code("NB_ADOPTR", ["1", "2"]))}


@rule(
    code="176",
    message="The gender of adopter(s) at the date of adoption code is not a valid code.",
    fields=["SEX_ADOPTR"],
    tables=["AD1"],
)
def _176(d: ReturnData) -> Flags:
    return {"AD1": d["AD1"].filter(bad_code("SEX_ADOPTR", codes("ad1", "SEX_ADOPTR", d)))}


@rule(
    code="177",
    message="The legal status of adopter(s) code is not a valid code.",
    fields=["LS_ADOPTR"],
    tables=["AD1"],
)
def _177(d: ReturnData) -> Flags:
    return {"AD1": d["AD1"].filter(bad_code("LS_ADOPTR", codes("ad1", "LS_ADOPTR", d)))}


@rule(
    code="184",
    message=(
        "Date of decision that a child should be placed for adoption is before the child was born."
    ),
    fields=["DATE_PLACED", "DOB"],
    tables=["PlacedAdoption"],
    needs=["Header", "PlacedAdoption"],
)
def _184(d: ReturnData) -> Flags:
    # Against the date of birth in the placed-for-adoption table itself, as the sector tool
    # compares; the Header's only when that table has no dates of birth at all (as when its
    # DOB column is missing). A decision date that cannot be checked against a valid date
    # of birth is flagged too, as there.
    header = d["Header"].select("CHILD", pl.col("DOB").alias("__hdob"))
    placed = (
        d["PlacedAdoption"]
        .join(header, on="CHILD", how="left")
        .with_columns(
            pl.when(pl.col("DOB").is_null().all())
            .then(to_date("__hdob"))
            .otherwise(to_date("DOB"))
            .alias("__dob")
        )
    )
    day = to_date("DATE_PLACED")
    return {
        "PlacedAdoption": placed.filter(
            day.is_not_null() & ~(day >= pl.col("__dob")).fill_null(False)
        )
    }


@rule(
    code="187",
    message=(
        "Child cannot be looked after continuously for 12 months at 31 March (OC2) and have "
        "any of adoption or care leavers returns completed."
    ),
    fields=[*AD1_ITEMS, *LEAVER_ITEMS],
    tables=["AD1", "OC3"],
    needs=["AD1", "OC3", "Episodes"],
)
def _187(d: ReturnData) -> Flags:
    return {
        "AD1": with_cla(d["AD1"], d).filter(pl.col("CLA") & any_filled(AD1_ITEMS)),
        "OC3": with_cla(d["OC3"], d).filter(pl.col("CLA") & any_filled(LEAVER_ITEMS)),
    }
