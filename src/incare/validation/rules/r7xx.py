"""Rules 700–799: deprivation of liberty orders (the DoLo table, from the 2026/27 collection)."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.expr import end, start, to_date
from incare.validation.rule import Flags, rule, years
from incare.validation.rules._shared import (
    bad_date,
    lenient_date,
    outside_care,
    rows_of,
    starts_before_previous_ended,
)

_DOLO_YEARS = years(2027)
_READS_PLACE = (
    "The sector tool reads the episode's placement type from a PLACEMENT column, which the 903 "
    "Episodes table does not have (its own tests supply one; on a real return the rule fails); "
    "we read PLACE."
)


def _dolo_during_episodes(d: ReturnData) -> pl.LazyFrame:
    """Pairs of a DoLO (with both dates given) and an episode of the same child that it
    overlaps: ROW (DoLo), ROW_EPS and the episode's PLACE."""
    dolo = d["DoLo"].filter(pl.col("DOLO_START").is_not_null() & pl.col("DOLO_END").is_not_null())
    eps = d["Episodes"].select(
        "CHILD",
        pl.col("ROW").alias("ROW_EPS"),
        "PLACE",
        lenient_date("DECOM").alias("DECOM"),
        lenient_date("DEC").alias("DEC"),
    )
    # Dates read as the sector tool reads them here (dd/mm/yyyy or yyyy-mm-dd).
    dolo_start, dolo_end = lenient_date("DOLO_START"), lenient_date("DOLO_END")
    overlaps = ((dolo_start <= pl.col("DEC")) | pl.col("DEC").is_null()) & (
        dolo_end >= pl.col("DECOM")
    )
    return (
        dolo.select("CHILD", "ROW", "DOLO_START", "DOLO_END")
        .join(eps, on="CHILD")
        .filter(overlaps.fill_null(False))
    )


@rule(
    code="700",
    message="The start date of the DoLO is not a valid date.",
    fields=["DOLO_START"],
    tables=["DoLo"],
    years=_DOLO_YEARS,
)
def _700(d: ReturnData) -> Flags:
    return {"DoLo": d["DoLo"].filter(to_date("DOLO_START").is_null())}


@rule(
    code="701",
    message="The end date of the DoLO is not a valid date.",
    fields=["DOLO_END"],
    tables=["DoLo"],
    years=_DOLO_YEARS,
)
def _701(d: ReturnData) -> Flags:
    invalid = bad_date("DOLO_END")
    return {"DoLo": d["DoLo"].filter(invalid)}


@rule(
    code="702",
    message="The date that the DoLO ended is before the date that it started.",
    fields=["DOLO_START", "DOLO_END"],
    tables=["DoLo"],
    years=_DOLO_YEARS,
)
def _702(d: ReturnData) -> Flags:
    # As the sector tool: ending on the day it started is flagged too.
    backwards = (to_date("DOLO_END") <= to_date("DOLO_START")).fill_null(False)
    return {"DoLo": d["DoLo"].filter(backwards)}


@rule(
    code="703",
    message="The date that the DoLO started is after the end of the collection year.",
    fields=["DOLO_START"],
    tables=["DoLo"],
    years=_DOLO_YEARS,
)
def _703(d: ReturnData) -> Flags:
    return {"DoLo": d["DoLo"].filter((to_date("DOLO_START") > end(d)).fill_null(False))}


@rule(
    code="704",
    message="The date that the DoLO ended is before the start or after the end of the "
    "collection year.",
    fields=["DOLO_END"],
    tables=["DoLo"],
    years=_DOLO_YEARS,
)
def _704(d: ReturnData) -> Flags:
    ended = to_date("DOLO_END")
    return {"DoLo": d["DoLo"].filter(((ended > end(d)) | (ended < start(d))).fill_null(False))}


@rule(
    code="705",
    message="A DoLO cannot start when the previous DoLO is still open.",
    fields=["DOLO_START", "DOLO_END"],
    tables=["DoLo"],
    years=_DOLO_YEARS,
)
def _705(d: ReturnData) -> Flags:
    return {"DoLo": starts_before_previous_ended(d, "DoLo", start="DOLO_START", end="DOLO_END")}


@rule(
    code="706",
    message="There is an open DoLO in last year’s return and there is no corresponding DoLO "
    "recorded at the start of this year..",
    fields=["DOLO_START"],
    tables=["DoLo_last"],
    needs=["DoLo"],
    years=_DOLO_YEARS,
    differs="The sector tool reports the row number of last year's open DoLO as a row of this "
    "year's DoLo table (and fails when last year's return is absent); we flag the row in "
    "DoLo_last, the DoLO that has no counterpart, and match start dates as dates.",
)
def _706(d: ReturnData) -> Flags:
    last = d["DoLo_last"]
    open_last = last.filter(pl.col("DOLO_END").is_null()).select(
        "CHILD", "ROW", "DOLO_START", to_date("DOLO_START").alias("S")
    )
    this = d["DoLo"].select(
        "CHILD",
        pl.col("DOLO_START").alias("DOLO_START_NOW"),
        to_date("DOLO_START").alias("S_NOW"),
    )
    same = (pl.col("S") == pl.col("S_NOW")).fill_null(
        pl.col("DOLO_START") == pl.col("DOLO_START_NOW")
    )
    carried = open_last.join(this, on="CHILD").filter(same.fill_null(False))
    not_carried = open_last.join(carried.select("ROW"), on="ROW", how="anti")
    return {"DoLo_last": rows_of(last, not_carried)}


@rule(
    code="707",
    message="Child ceased to be looked after but there is a DoLO without an end date.",
    fields=["DOLO_END"],
    tables=["DoLo"],
    needs=["Episodes"],
    years=_DOLO_YEARS,
    differs="In a full run the sector tool sees every open episode as ending on the collection "
    "end (its rule 365 writes that date into blank DECs of the shared table first), so it also "
    "flags an open DoLO of a child still looked after; the child has not ceased to be looked "
    "after, so we do not.",
)
def _707(d: ReturnData) -> Flags:
    flagged = outside_care(d, "DoLo", start="DOLO_START", end="DOLO_END")
    return {"DoLo": rows_of(d["DoLo"], flagged)}


@rule(
    code="708",
    message="Dates of DoLOs are before child’s date of birth.",
    fields=["DOLO_START"],
    tables=["DoLo"],
    years=_DOLO_YEARS,
)
def _708(d: ReturnData) -> Flags:
    before_birth = (to_date("DOLO_START") <= to_date("DOB")).fill_null(False)
    return {"DoLo": d["DoLo"].filter(before_birth)}


@rule(
    code="709",
    message="Child with a DoLO is in an unexpected placement type.",
    fields=["DOLO_START", "PLACE"],
    differs=_READS_PLACE,
    tables=["DoLo", "Episodes"],
    years=_DOLO_YEARS,
)
def _709(d: ReturnData) -> Flags:
    # The placement types expected for a child deprived of liberty: a children's home (K2)
    # and the "other placement" sub-codes Z12 and Z13 (from 2025/26).
    pairs = _dolo_during_episodes(d).filter(
        ~pl.col("PLACE").is_in(["K2", "Z12", "Z13"]).fill_null(False)
    )
    return {
        "DoLo": rows_of(d["DoLo"], pairs),
        "Episodes": rows_of(d["Episodes"], pairs, key="ROW_EPS"),
    }


@rule(
    code="710",
    message="Child with a DoLO can not be placed in secure children's homes, with parents, young "
    "offender institutions, or supported accommodation.",
    fields=["DOLO_START", "PLACE"],
    differs=_READS_PLACE,
    tables=["DoLo", "Episodes"],
    years=_DOLO_YEARS,
)
def _710(d: ReturnData) -> Flags:
    # The placement types the message names: K1 (secure children's home), P1 (with parents),
    # R5 (young offender institution), K3 (supported accommodation).
    pairs = _dolo_during_episodes(d).filter(pl.col("PLACE").is_in(["K1", "P1", "R5", "K3"]))
    return {
        "DoLo": rows_of(d["DoLo"], pairs),
        "Episodes": rows_of(d["Episodes"], pairs, key="ROW_EPS"),
    }
