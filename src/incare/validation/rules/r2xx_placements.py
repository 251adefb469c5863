"""Rules 200–299 on placements: types, URNs, locations and reasons."""

from __future__ import annotations

from datetime import date

import polars as pl

from incare.validation.data import ROW, ReturnData
from incare.validation.expr import add_years, start, to_date
from incare.validation.rule import Flags, rule, years
from incare.validation.rules._shared import (
    ADOPTION,
    FOSTERING,
    NO_URN,
    UNREGISTERED_2025,
    UNREGISTERED_2026,
    any_filled,
    located,
    one_of,
    rows_from,
    short_break,
)


@rule(
    code="213",
    message="Placement provider information not required.",
    fields=["PLACE_PROVIDER"],
    tables=["Episodes"],
    years=years(2025, 2025),
)
def _213_2025(d: ReturnData) -> Flags:
    # Temporary placements (T0–T4) have no provider.
    temporary = ["T0", "T1", "T2", "T3", "T4"]
    bad = pl.col("PLACE").is_in(temporary).fill_null(False) & pl.col("PLACE_PROVIDER").is_not_null()
    return {"Episodes": d["Episodes"].filter(bad)}


@rule(
    code="213",
    message="Placement provider information not required.",
    fields=["PLACE_PROVIDER"],
    tables=["Episodes"],
    years=years(2026),
)
def _213_2026(d: ReturnData) -> Flags:
    # Temporary placements (T0–T4) and the Z11–Z14 others have no provider.
    no_provider = ["T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"]
    bad = (
        pl.col("PLACE").is_in(no_provider).fill_null(False) & pl.col("PLACE_PROVIDER").is_not_null()
    )
    return {"Episodes": d["Episodes"].filter(bad)}


@rule(
    code="214",
    message="Placement location information not required.",
    fields=["PL_POST", "URN"],
    tables=["Episodes"],
)
def _214(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(short_break() & any_filled(["PL_POST", "URN"]))}


@rule(
    code="217",
    message=(
        "Children who are placed for adoption with current foster carers (placement types A3 "
        "or A5) must have a reason for new episode of S, T or U."
    ),
    fields=["PLACE", "DECOM", "RNE"],
    tables=["Episodes"],
)
def _217(d: ReturnData) -> Flags:
    # Applies to episodes from 1 April 2015, when A3/A5 were introduced.
    adoption_by_carers = pl.col("PLACE").is_in(["A3", "A5"]).fill_null(False)
    since = (to_date("DECOM") >= pl.lit(date(2015, 4, 1))).fill_null(False)
    reason_ok = pl.col("RNE").is_in(["S", "T", "U"]).fill_null(False)
    return {"Episodes": d["Episodes"].filter(adoption_by_carers & since & ~reason_ok)}


@rule(
    code="218",
    message="Ofsted Unique reference number (URN) is required.",
    fields=["URN"],
    tables=["Episodes"],
    years=years(2025, 2025),
    needs=["Episodes", "postcodes"],
    differs=(
        "Short breaks (LS V3/V4) are not flagged: rule 214 says their placement location "
        "information, URN included, is not required, so they cannot also need a URN. The "
        "sector tool flags them (from 2025/26, and in 2024/25 when their postcode is known)."
    ),
)
def _218_2025(d: ReturnData) -> Flags:
    # Placements that need no Ofsted registration (as the 2024/25 rule lists them), and
    # placements outside England (placement authority not an English code): as in the
    # sector tool, a placement whose authority is unknown is not flagged (rule 169 is).
    exempt = UNREGISTERED_2025
    outside = pl.col("PL_LA").is_null() | pl.col("PL_LA").str.to_uppercase().str.contains("^[NWSC]")
    dec = to_date("DEC")
    open_in_year = (dec >= start(d)).fill_null(False) | pl.col("DEC").is_null()
    bad = (
        open_in_year
        & pl.col("URN").is_null()
        & ~pl.col("PLACE").is_in(exempt).fill_null(False)
        & ~outside
        & ~short_break()
    )
    return {"Episodes": located(d).filter(bad)}


@rule(
    code="218",
    message="Ofsted Unique reference number (URN) is required.",
    fields=["URN"],
    tables=["Episodes"],
    years=years(2026),
    needs=["Episodes", "postcodes"],
    differs=(
        "Short breaks (LS V3/V4) are not flagged: rule 214 says their placement location "
        "information, URN included, is not required, so they cannot also need a URN. The "
        "sector tool flags them (from 2025/26, and in 2024/25 when their postcode is known)."
    ),
)
def _218_2026(d: ReturnData) -> Flags:
    # Placements that need no Ofsted registration (as the 2025/26 rule lists them), and
    # placements outside England.
    exempt = UNREGISTERED_2026
    outside = (
        pl.col("PL_LA")
        .str.to_uppercase()
        .is_in(["CON", "NIR", "SCO", "WAL", "NUK"])
        .fill_null(False)
    )
    dec = to_date("DEC")
    open_in_year = (dec >= start(d)).fill_null(False) | pl.col("DEC").is_null()
    bad = (
        open_in_year
        & pl.col("URN").is_null()
        & ~pl.col("PLACE").is_in(exempt).fill_null(False)
        & ~outside
        & ~short_break()
    )
    return {"Episodes": located(d).filter(bad)}


@rule(
    code="225",
    message="Reason for placement change must be recorded.",
    fields=["REASON_PLACE_CHANGE"],
    tables=["Episodes"],
)
def _225(d: ReturnData) -> Flags:
    # An episode ending in a placement change (X1) to a new placement (next episode's RNE
    # P, B, T or U) needs a reason, unless either placement is temporary (T0–T4).
    temporary = ["T0", "T1", "T2", "T3", "T4"]
    ordered = d["Episodes"].sort("CHILD", to_date("DECOM"), ROW, nulls_last=True)
    same_child = pl.col("CHILD") == pl.col("CHILD").shift(-1)
    next_rne, next_place = pl.col("RNE").shift(-1), pl.col("PLACE").shift(-1)
    bad = (
        same_child.fill_null(False)
        & one_of("REC", "X1")
        & pl.col("REASON_PLACE_CHANGE").is_null()
        & ~pl.col("PLACE").is_in(temporary).fill_null(False)
        & next_rne.is_in(["P", "B", "T", "U"]).fill_null(False)
        & ~next_place.is_in(temporary).fill_null(False)
    )
    return {"Episodes": ordered.filter(bad)}


@rule(
    code="226",
    message="Reason for placement change is not required.",
    fields=["REASON_PLACE_CHANGE", "PLACE"],
    tables=["Episodes"],
    years=years(2025, 2025),
)
def _226_2025(d: ReturnData) -> Flags:
    # A temporary placement (T0–T4), and the one before it, need no reason for change.
    temporary = ["T0", "T1", "T2", "T3", "T4"]
    ordered = d["Episodes"].sort("CHILD", to_date("DECOM"), ROW, nulls_last=True)
    same_child = pl.col("CHILD") == pl.col("CHILD").shift(1)
    previous = pl.col("REASON_PLACE_CHANGE").shift(1).is_not_null() & same_child.fill_null(False)
    reason = pl.col("REASON_PLACE_CHANGE").is_not_null() | previous
    return {"Episodes": ordered.filter(pl.col("PLACE").is_in(temporary).fill_null(False) & reason)}


@rule(
    code="226",
    message="Reason for placement change is not required for temporary placements.",
    fields=["REASON_PLACE_CHANGE", "PLACE"],
    tables=["Episodes"],
    years=years(2026),
)
def _226_2026(d: ReturnData) -> Flags:
    # A temporary placement (T0–T4), and the one before it, need no reason for change.
    temporary = ["T0", "T1", "T2", "T3", "T4"]
    ordered = d["Episodes"].sort("CHILD", to_date("DECOM"), ROW, nulls_last=True)
    same_child = pl.col("CHILD") == pl.col("CHILD").shift(1)
    previous = pl.col("REASON_PLACE_CHANGE").shift(1).is_not_null() & same_child.fill_null(False)
    reason = pl.col("REASON_PLACE_CHANGE").is_not_null() | previous
    return {"Episodes": ordered.filter(pl.col("PLACE").is_in(temporary).fill_null(False) & reason)}


@rule(
    code="233",
    message="Reason for placement change is not required when the episode has not ceased.",
    fields=["DEC", "REASON_PLACE_CHANGE"],
    tables=["Episodes"],
    years=years(2026),
    differs=(
        "The sector tool reads DATE_EPISODE_CEASED, the XML name of DEC, so it crashes on "
        "every CSV upload (a known fault of 0.1.17); incare reads DEC."
    ),
)
def _233_2026(d: ReturnData) -> Flags:
    # An open episode has had no placement change yet.
    open_episode = pl.col("DEC").is_null()
    return {
        "Episodes": d["Episodes"].filter(open_episode & pl.col("REASON_PLACE_CHANGE").is_not_null())
    }


@rule(
    code="234",
    message="A child aged under 10 can not change placement due to being admitted to custody",
    fields=["REASON_PLACE_CHANGE", "DOB"],
    tables=["Episodes", "Header"],
    years=years(2026),
)
def _234_2026(d: ReturnData) -> Flags:
    dob = d["Header"].select(pl.col(ROW).alias("__h"), "CHILD", to_date("DOB").alias("__dob"))
    episodes = d["Episodes"].select(
        pl.col(ROW).alias("__e"), "CHILD", "REASON_PLACE_CHANGE", to_date("DECOM").alias("__decom")
    )
    under_ten = (add_years(pl.col("__dob"), 10) > pl.col("__decom")).fill_null(False)
    bad = episodes.join(dob, on="CHILD", how="inner").filter(
        under_ten & one_of("REASON_PLACE_CHANGE", "CUSTOD")
    )
    return {"Episodes": rows_from(bad, "__e"), "Header": rows_from(bad, "__h")}


@rule(
    code="242",
    message="URN = 'XXXXXXX' can only be used for regional adoption agencies",
    fields=["URN"],
    tables=["Episodes"],
    years=years(2026),
)
def _242_2026(d: ReturnData) -> Flags:
    # Adoption placements (A3–A6, U1–U6), the ones a regional adoption agency makes.
    adoption = [*ADOPTION, *FOSTERING]
    bad = one_of("URN", NO_URN) & ~pl.col("PLACE").is_in(adoption).fill_null(False)
    return {"Episodes": d["Episodes"].filter(bad)}


@rule(
    code="243",
    message="Only placements with providers registered with Ofsted should have a URN reported.",
    fields=["URN"],
    tables=["Episodes"],
    years=years(2026),
    needs=["Episodes", "postcodes"],
)
def _243_2026(d: ReturnData) -> Flags:
    # Placements outside England, where Ofsted does not register providers.
    outside = pl.col("PL_LA").is_in(["CON", "NIR", "SCO", "WAL", "NUK"]).fill_null(False)
    return {"Episodes": located(d).filter(outside & pl.col("URN").is_not_null())}
