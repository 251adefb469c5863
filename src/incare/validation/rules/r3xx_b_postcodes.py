"""Rules 351–399 on postcodes and distances, and fields short breaks must not have."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.rule import Flags, rule
from incare.validation.rules._shared import (
    RESPITE,
    differ,
    former_uasc,
    same,
    short_break,
    uasc_known,
    upper,
)

_UASC_DIFFERS = (
    "The sector tool reads who is or was UASC from the Header's UASC flag alone when a Header "
    "is supplied (for CSV uploads the flag comes from the UASC table, but only for children "
    "in the Header), so a child with UASC details but no Header row counts as never UASC and "
    "is flagged; the rule is about children who are not UASC, so we take UASC status from "
    "the UASC tables too."
)


@rule(
    code="392a",
    message="Child is looked after but no distance is recorded. [NOTE: This check may result in "
    "false positives for children formerly UASC]",
    fields=["PL_DISTANCE"],
    tables=["Episodes"],
    needs=["postcodes"],
    differs=_UASC_DIFFERS,
)
def _392a(d: ReturnData) -> Flags:
    # PL_DISTANCE is derived from the postcodes, so this needs the postcode reference. The
    # sector tool does not run this rule when it cannot tell who was UASC; nor do we.
    eps = d["Episodes"].join(former_uasc(d), on="CHILD", how="anti")
    missing = ~short_break() & pl.col("PL_DISTANCE").is_null()
    known = eps.join(uasc_known(d), how="cross").filter(pl.col("__known"))
    return {"Episodes": known.filter(missing)}


@rule(
    code="392b",
    message="Child is looked after but no postcodes are recorded. [NOTE: This check may result "
    "in false positives for children formerly UASC, particularly if current & prior year UASC "
    "data not loaded]",
    fields=["HOME_POST", "PL_POST"],
    tables=["Episodes"],
    differs=_UASC_DIFFERS,
)
def _392b(d: ReturnData) -> Flags:
    eps = d["Episodes"].join(former_uasc(d), on="CHILD", how="anti")
    missing = ~short_break() & (pl.col("HOME_POST").is_null() | pl.col("PL_POST").is_null())
    return {"Episodes": eps.filter(missing)}


@rule(
    code="392c",
    message="Postcode(s) provided are invalid.",
    fields=["HOME_POST", "PL_POST"],
    tables=["Episodes"],
    needs=["postcodes"],
)
def _392c(d: ReturnData) -> Flags:
    if d.postcodes is None:
        return {}
    known = d.postcodes.lazy().select(_postcode(pl.col("postcode")).alias("__pc")).unique()

    def unknown(column: str) -> pl.Expr:
        return pl.col(column).is_not_null() & pl.col(f"__ok_{column}").is_null()

    eps = d["Episodes"]
    for column in ("HOME_POST", "PL_POST"):
        found = known.with_columns(pl.lit(True).alias(f"__ok_{column}"))
        eps = eps.join(found, left_on=_postcode(pl.col(column)), right_on="__pc", how="left").drop(
            "__pc", strict=False
        )
    return {"Episodes": eps.filter(unknown("HOME_POST") | unknown("PL_POST"))}


def _postcode(value: pl.Expr) -> pl.Expr:
    return value.str.replace_all(r"\s+", "").str.to_uppercase()


@rule(
    code="392d",
    message="Home and placement postcodes should not be same unless the placement type is P1.",
    fields=["HOME_POST", "PL_POST", "PLACE"],
    tables=["Episodes"],
)
def _392d(d: ReturnData) -> Flags:
    same_place = same(pl.col("HOME_POST"), pl.col("PL_POST")) & differ(
        pl.col("PLACE"), pl.lit("P1")
    )
    return {"Episodes": d["Episodes"].filter(same_place)}


@rule(
    code="393",
    message="Child is looked after but mother field is not completed.",
    fields=["MOTHER"],
    tables=["Header"],
    needs=["Episodes"],
)
def _393(d: ReturnData) -> Flags:
    looked_after = d["Episodes"].filter(~upper("LS").is_in(RESPITE).fill_null(False))
    girls = d["Header"].filter((pl.col("SEX") == "F") & pl.col("MOTHER").is_null())
    return {"Header": girls.join(looked_after.select("CHILD").unique(), on="CHILD", how="semi")}


@rule(
    code="398",
    message="Distance field completed but child looked after under legal status V3 or V4.",
    fields=["LS", "HOME_POST", "PL_POST"],
    tables=["Episodes"],
)
def _398(d: ReturnData) -> Flags:
    given = pl.col("HOME_POST").is_not_null() | pl.col("PL_POST").is_not_null()
    return {"Episodes": d["Episodes"].filter(short_break() & given)}


@rule(
    code="399",
    message="Mother field, review field or participation field are completed but "
    "child is looked after under legal status V3 or V4.",
    fields=["MOTHER", "LS", "REVIEW", "REVIEW_CODE"],
    tables=["Episodes", "Header", "Reviews"],
)
def _399(d: ReturnData) -> Flags:
    # Only children all of whose episodes are short breaks (V3/V4).
    eps = d["Episodes"].filter(pl.col("CHILD").is_not_null())
    respite = eps.with_columns(short_break().alias("__sb")).filter(
        pl.col("__sb").all().over("CHILD")
    )
    children = respite.select("CHILD").unique()
    header = d["Header"].join(children, on="CHILD", how="semi")
    reviews = d["Reviews"].join(children, on="CHILD", how="semi")
    has_mother = pl.col("MOTHER").is_not_null()
    reviewed = pl.col("REVIEW").is_not_null() | pl.col("REVIEW_CODE").is_not_null()
    mothers = header.filter(has_mother).select("CHILD").unique()
    with_reviews = reviews.filter(reviewed).select("CHILD").unique()
    # A row is flagged for its own field, or for the other table's field for the same child.
    return {
        "Episodes": respite.join(pl.concat([mothers, with_reviews]), on="CHILD", how="semi"),
        "Header": pl.concat(
            [header.filter(has_mother), header.join(with_reviews, on="CHILD", how="semi")]
        ),
        "Reviews": pl.concat(
            [reviews.filter(reviewed), reviews.join(mothers, on="CHILD", how="semi")]
        ),
    }
