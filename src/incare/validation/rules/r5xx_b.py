"""Rules 562–599: missing periods, decisions to place for adoption, last year's episodes."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.expr import add_years, end, start, to_date
from incare.validation.rule import Flags, rule
from incare.validation.rules._shared import (
    after_previous,
    first_per_child,
    outside_care,
    outside_every_period,
    periods_of_care,
    rows_of,
    starts_before_previous_ended,
)


@rule(
    code="562",
    message="Episode commenced before the start of the current collection year but there is a "
    "missing continuous episode in the previous year.",
    fields=["DECOM"],
    tables=["Episodes"],
    needs=["Episodes_last"],
)
def _562(d: ReturnData) -> Flags:
    eps = d["Episodes"]
    before = eps.filter(to_date("DECOM") < start(d))
    first = first_per_child(before, to_date("DECOM"))
    latest_last = first_per_child(d["Episodes_last"], to_date("DECOM"), latest=True).select(
        "CHILD", "__by"
    )
    unmatched = first.join(latest_last, on=["CHILD", "__by"], how="anti")
    return {"Episodes": rows_of(eps, unmatched)}


@rule(
    code="563",
    message="The child should no longer be placed for adoption but the date of the decision "
    "that the child should be placed for adoption is blank",
    fields=["DATE_PLACED", "REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
    tables=["PlacedAdoption"],
)
def _563(d: ReturnData) -> Flags:
    ceased = (
        pl.col("REASON_PLACED_CEASED").is_not_null() & pl.col("DATE_PLACED_CEASED").is_not_null()
    )
    return {"PlacedAdoption": d["PlacedAdoption"].filter(ceased & pl.col("DATE_PLACED").is_null())}


@rule(
    code="564",
    message="Child was missing or away from placement without authorisation and the date "
    "started is blank.",
    fields=["MISSING", "MIS_START"],
    tables=["Missing"],
)
def _564(d: ReturnData) -> Flags:
    away = pl.col("MISSING").str.to_uppercase().is_in(["M", "A"]).fill_null(False)
    return {"Missing": d["Missing"].filter(away & pl.col("MIS_START").is_null())}


@rule(
    code="565",
    message="The date that the child started to be missing or away from placement without "
    "authorisation has been completed but whether the child was missing or away from "
    "placement without authorisation has not been completed.",
    fields=["MISSING", "MIS_START"],
    tables=["Missing"],
)
def _565(d: ReturnData) -> Flags:
    blank = pl.col("MIS_START").is_not_null() & pl.col("MISSING").is_null()
    return {"Missing": d["Missing"].filter(blank)}


@rule(
    code="566",
    message="The date that the child's episode of being missing or away from placement without "
    "authorisation ended has been completed but whether the child was missing or away without "
    "authorisation has not been completed.",
    fields=["MISSING", "MIS_END"],
    tables=["Missing"],
)
def _566(d: ReturnData) -> Flags:
    blank = pl.col("MIS_END").is_not_null() & pl.col("MISSING").is_null()
    return {"Missing": d["Missing"].filter(blank)}


@rule(
    code="567",
    message="The date that the missing episode or episode that the child was away from "
    "placement without authorisation ended is before the date that it started.",
    fields=["MIS_START", "MIS_END"],
    tables=["Missing"],
)
def _567(d: ReturnData) -> Flags:
    backwards = (to_date("MIS_START") > to_date("MIS_END")).fill_null(False)
    return {"Missing": d["Missing"].filter(backwards)}


@rule(
    code="570",
    message="The date that the child started to be missing or away from placement without "
    "authorisation is after the end of the collection year.",
    fields=["MIS_START"],
    tables=["Missing"],
)
def _570(d: ReturnData) -> Flags:
    return {"Missing": d["Missing"].filter((to_date("MIS_START") > end(d)).fill_null(False))}


@rule(
    code="571",
    message="The date that the child ceased to be missing or away from placement without "
    "authorisation is before the start or after the end of the collection year.",
    fields=["MIS_END"],
    tables=["Missing"],
)
def _571(d: ReturnData) -> Flags:
    ended = to_date("MIS_END")
    outside = ((ended < start(d)) | (ended > end(d))).fill_null(False)
    return {"Missing": d["Missing"].filter(outside)}


@rule(
    code="574",
    message="A new missing/away from placement without authorisation period cannot start when "
    "the previous missing/away from placement without authorisation period is still open. "
    "Missing/away from placement without authorisation periods should also not overlap.",
    fields=["MIS_START", "MIS_END"],
    tables=["Missing"],
)
def _574(d: ReturnData) -> Flags:
    return {"Missing": starts_before_previous_ended(d, "Missing", start="MIS_START", end="MIS_END")}


@rule(
    code="575",
    message="If the placement from which the child goes missing/away from placement without "
    "authorisation ends, the missing/away from placement without authorisation period in the "
    "missing module must also have an end date.",
    fields=["MIS_END"],
    tables=["Missing"],
    needs=["Episodes"],
    differs="In a full run the sector tool sees every open episode as ending on the collection "
    "end (its rule 365 writes that date into blank DECs of the shared table first), so it also "
    "flags an open missing period during a placement that has not ended; we do not.",
)
def _575(d: ReturnData) -> Flags:
    mis = d["Missing"]
    eps = d["Episodes"].select(
        "CHILD", to_date("DECOM").alias("DECOM"), to_date("DEC").alias("DEC")
    )
    open_mis = mis.filter(pl.col("MIS_END").is_null()).select(
        "CHILD", "ROW", to_date("MIS_START").alias("S")
    )
    during_ended = open_mis.join(eps, on="CHILD").filter(
        (pl.col("S") >= pl.col("DECOM")) & (pl.col("S") <= pl.col("DEC"))
    )
    return {"Missing": rows_of(mis, during_ended)}


@rule(
    code="576",
    message="There is an open missing/away from placement without authorisation period in last "
    "year’s return and there is no corresponding period recorded at the start of this year.",
    fields=["CHILD"],
    tables=["Missing"],
    needs=["Missing_last"],
)
def _576(d: ReturnData) -> Flags:
    mis = d["Missing"]
    # A blank start sorts last (the sector tool fills it with 2099), so it can be the first
    # period only when the child has no dated one; it never matches last year's open period.
    first = (
        mis.filter(pl.col("CHILD").is_not_null())
        .with_columns(to_date("MIS_START").alias("S"))
        .sort(["S", "ROW"], nulls_last=True)
        .unique(subset=["CHILD"], keep="first", maintain_order=True)
    )
    open_last = (
        d["Missing_last"]
        .filter(pl.col("MIS_END").is_null())
        .select("CHILD", to_date("MIS_START").alias("S_LAST"))
        .filter(pl.col("S_LAST").is_not_null())
    )
    not_carried = first.join(open_last, on="CHILD").filter(
        pl.col("S").is_null() | (pl.col("S") != pl.col("S_LAST"))
    )
    return {"Missing": rows_of(mis, not_carried)}


@rule(
    code="577",
    message="Child ceased to be looked after but there is a missing/away from placement without "
    "authorisation period without an end date.",
    fields=["MIS_END"],
    tables=["Missing"],
    needs=["Episodes"],
    differs="In a full run the sector tool sees every open episode as ending on the collection "
    "end (its rule 365 writes that date into blank DECs of the shared table first), so it also "
    "flags an open missing period of a child still looked after; the child has not ceased to "
    "be looked after, so we do not.",
)
def _577(d: ReturnData) -> Flags:
    flagged = outside_care(d, "Missing", start="MIS_START", end="MIS_END")
    return {"Missing": rows_of(d["Missing"], flagged)}


@rule(
    code="578",
    message="The date that the child started to be missing is after the child ceased to be "
    "looked after.",
    fields=["MIS_START"],
    tables=["Missing"],
    needs=["Episodes"],
)
def _578(d: ReturnData) -> Flags:
    mis = d["Missing"]
    dated = mis.select("CHILD", "ROW", to_date("MIS_START").alias("S"))
    s, poc_start, poc_end = pl.col("S"), pl.col("poc_DECOM"), pl.col("poc_DEC")
    outside = (s < poc_start).fill_null(False) | (s > poc_end).fill_null(False)
    flagged = outside_every_period(dated, periods_of_care(d["Episodes"]), outside)
    return {"Missing": rows_of(mis, flagged)}


@rule(
    code="579",
    message="A new decision that the child should be placed for adoption this year cannot start "
    "when the previous decision is still open. Decisions to place the child for adoption should "
    "also not overlap. The date of any new decision to place the child for adoption must not be "
    "before the date placed ceased of previous decisions.",
    fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
    tables=["PlacedAdoption"],
)
def _579(d: ReturnData) -> Flags:
    placed = d["PlacedAdoption"]
    dated = placed.select(
        "CHILD",
        "ROW",
        to_date("DATE_PLACED").alias("P"),
        to_date("DATE_PLACED_CEASED").alias("C"),
    )
    pairs = after_previous(dated, order=["P"])
    clash = pl.col("C_PREV").is_null() | (pl.col("P") < pl.col("C_PREV")).fill_null(False)
    return {"PlacedAdoption": rows_of(placed, pairs.filter(clash))}


@rule(
    code="580",
    message="Child is missing when cease being looked after but reason episode ceased not ‘E8’.",
    fields=["REC"],
    tables=["Episodes"],
    needs=["Missing"],
)
def _580(d: ReturnData) -> Flags:
    eps = d["Episodes"]
    at_18 = (
        d["Missing"]
        .select("CHILD", to_date("MIS_END").alias("E"), add_years(to_date("DOB"), 18).alias("BD18"))
        .filter(pl.col("E") == pl.col("BD18"))
    )
    ended = eps.select("CHILD", "ROW", "REC", to_date("DEC").alias("E"))
    missing_at_end = ended.join(at_18, on=["CHILD", "E"]).filter(pl.col("REC").ne_missing("E8"))
    return {"Episodes": rows_of(eps, missing_at_end)}


@rule(
    code="581",
    message="Child is missing but has not yet started to be looked after.",
    fields=["MIS_START"],
    tables=["Missing"],
    needs=["Episodes"],
)
def _581(d: ReturnData) -> Flags:
    mis = d["Missing"]
    eps = d["Episodes"].select(
        "CHILD", to_date("DECOM").alias("DECOM"), to_date("DEC").alias("DEC")
    )
    s = pl.col("S")
    in_episode = (s >= pl.col("DECOM")) & ((s <= pl.col("DEC")) | pl.col("DEC").is_null())
    flagged = (
        mis.select("CHILD", "ROW", to_date("MIS_START").alias("S"))
        .join(eps, on="CHILD")
        .group_by("ROW")
        .agg(in_episode.fill_null(False).any().alias("__in"))
        .filter(~pl.col("__in"))
    )
    return {"Missing": rows_of(mis, flagged)}


@rule(
    code="582",
    message="Child is showing as ceasing to be looked after due to adoption, but the date of "
    "adoption is the same as the date reported for being matched with adopters. In most "
    "circumstances we expect the date the child is matched with adopters to be before the date "
    "of adoption.",
    fields=["DEC", "DATE_MATCH"],
    tables=["Episodes"],
    needs=["AD1"],
)
def _582(d: ReturnData) -> Flags:
    eps = d["Episodes"]
    adopted = eps.filter(pl.col("REC").is_in(["E11", "E12"]).fill_null(False)).select(
        "CHILD", "ROW", to_date("DEC").alias("ON")
    )
    matched = d["AD1"].select("CHILD", to_date("DATE_MATCH").alias("ON"))
    return {"Episodes": rows_of(eps, adopted.join(matched, on=["CHILD", "ON"]))}


@rule(
    code="583",
    message="More than one date the child should be placed for adoption has been reported, but "
    "an earlier decision has not been revoked. Check that both dates are required and add in "
    "the date the earlier decision was revoked. Note this may be in a previous year.",
    fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
    tables=["PlacedAdoption"],
    differs="The sector tool finds the most recent decision by sorting DATE_PLACED as text "
    "(so 31/01/2020 counts as later than 01/05/2021); the DfE rule means the latest date, "
    "which we compare as dates.",
)
def _583(d: ReturnData) -> Flags:
    placed = d["PlacedAdoption"]
    latest = (
        placed.filter(pl.col("CHILD").is_not_null())
        .with_columns(to_date("DATE_PLACED").alias("P"))
        .sort(["P", "ROW"], descending=[True, False], nulls_last=True)
        .unique(subset=["CHILD"], keep="first", maintain_order=True)
        .select("ROW")
    )
    earlier_open = placed.join(latest, on="ROW", how="anti").filter(
        pl.col("DATE_PLACED_CEASED").is_null()
    )
    return {"PlacedAdoption": earlier_open}


@rule(
    code="584",
    message="Date of decision that the child should be placed for adoption this year is different "
    "from that recorded last year, but the decision to placed the child for adoption changed and "
    "the child should no longer be placed for adoption.",
    fields=["DATE_PLACED"],
    tables=["PlacedAdoption"],
    needs=["PlacedAdoption_last"],
    differs="The sector tool compares DATE_PLACED as text and matches rows by their position in "
    "a merged table rather than in PlacedAdoption; we flag this year's decision that is blank or "
    "not after a decision that last year's return shows as ceased, comparing dates.",
)
def _584(d: ReturnData) -> Flags:
    placed = d["PlacedAdoption"]
    ceased_last = (
        d["PlacedAdoption_last"]
        .filter(
            pl.col("DATE_PLACED_CEASED").is_not_null()
            | pl.col("REASON_PLACED_CEASED").is_not_null()
        )
        .select("CHILD", to_date("DATE_PLACED").alias("P_LAST"))
    )
    now = placed.select("CHILD", "ROW", "DATE_PLACED", to_date("DATE_PLACED").alias("P"))
    stale = now.join(ceased_last, on="CHILD").filter(
        pl.col("DATE_PLACED").is_null() | (pl.col("P") <= pl.col("P_LAST")).fill_null(False)
    )
    return {"PlacedAdoption": rows_of(placed, stale)}


@rule(
    code="586",
    message="Dates of missing periods are before child’s date of birth.",
    fields=["MIS_START"],
    tables=["Missing"],
)
def _586(d: ReturnData) -> Flags:
    before_birth = (to_date("MIS_START") <= to_date("DOB")).fill_null(False)
    return {"Missing": d["Missing"].filter(before_birth)}
