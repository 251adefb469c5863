"""Rules 301–348: dates against birth and the year, adoption dates, care leavers."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ROW, ReturnData
from incare.validation.expr import add_years, end, start, to_date
from incare.validation.rule import Flags, rule, years
from incare.validation.rules._shared import (
    ADOPTION,
    FOSTERING,
    LEAVER_ITEMS,
    first_per_child,
    one_of,
    rows_from,
    shift_within,
)


@rule(
    code="301",
    message="Date of birth falls after the year ended.",
    fields=["DOB"],
    tables=["Header"],
)
def _301(d: ReturnData) -> Flags:
    return {"Header": d["Header"].filter((to_date("DOB") > end(d)).fill_null(False))}


@rule(
    code="302",
    message="First episode starts before child was born.",
    fields=["DECOM", "DOB"],
    tables=["Episodes", "Header"],
)
def _302(d: ReturnData) -> Flags:
    first = first_per_child(d["Episodes"], to_date("DECOM")).select(
        pl.col(ROW).alias("__e"), "CHILD", to_date("DECOM").alias("__decom")
    )
    dob = d["Header"].select(pl.col(ROW).alias("__h"), "CHILD", to_date("DOB").alias("__dob"))
    bad = first.join(dob, on="CHILD", how="inner").filter(
        (pl.col("__dob") > pl.col("__decom")).fill_null(False)
    )
    return {"Episodes": rows_from(bad, "__e"), "Header": rows_from(bad, "__h")}


@rule(
    code="303",
    message=(
        "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC "
        "status must be coded 1."
    ),
    fields=["DUC", "UASC"],
    tables=["UASC", "Header"],
)
def _303(d: ReturnData) -> Flags:
    # incare derives Header UASC from the UASC table itself (as the sector tool does for
    # CSV), so this only fires where a Header UASC flag disagrees with the UASC table.
    header = d["Header"].select(pl.col(ROW).alias("__h"), "CHILD", "UASC")
    uasc = d["UASC"].select(pl.col(ROW).alias("__u"), "CHILD", "DUC")
    bad = header.join(uasc, on="CHILD", how="inner").filter(
        pl.col("DUC").is_not_null() & pl.col("UASC").ne_missing(pl.lit("1"))
    )
    return {"UASC": rows_from(bad, "__u"), "Header": rows_from(bad, "__h")}


@rule(
    code="304",
    message=(
        "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before "
        "the 18th birthday of a child."
    ),
    fields=["DUC"],
    tables=["UASC"],
)
def _304(d: ReturnData) -> Flags:
    late = to_date("DUC") > add_years(to_date("DOB"), 18)
    return {"UASC": d["UASC"].filter(late.fill_null(False))}


@rule(
    code="331",
    message=(
        "Date of matching child and adopter(s) should be the same as, or prior to, the date "
        "of placement of adoption."
    ),
    fields=["DATE_MATCH", "DECOM", "REC"],
    tables=["AD1", "Episodes"],
)
def _331(d: ReturnData) -> Flags:
    # The episode ending in adoption (REC E11/E12) began with the adoptive placement.
    adopted = d["Episodes"].filter(pl.col("REC").is_in(["E11", "E12"]).fill_null(False))
    placed = adopted.select(pl.col(ROW).alias("__e"), "CHILD", to_date("DECOM").alias("__decom"))
    matched = d["AD1"].select(
        pl.col(ROW).alias("__a"), "CHILD", to_date("DATE_MATCH").alias("__match")
    )
    bad = placed.join(matched, on="CHILD", how="inner").filter(
        (pl.col("__match") > pl.col("__decom")).fill_null(False)
    )
    return {"AD1": rows_from(bad, "__a"), "Episodes": rows_from(bad, "__e")}


@rule(
    code="333",
    message=(
        "Date should be placed for adoption must be on or prior to the date of matching "
        "child with adopter(s)."
    ),
    fields=["DATE_INT"],
    tables=["AD1"],
)
def _333(d: ReturnData) -> Flags:
    matched, decided = to_date("DATE_MATCH"), to_date("DATE_INT")
    bad = matched.is_not_null() & (decided.is_null() | (decided > matched).fill_null(False))
    return {"AD1": d["AD1"].filter(bad)}


@rule(
    code="334",
    message=(
        "Date child started to be looked after in latest period of care must be on or prior "
        "to the date should be placed for adoption. "
    ),
    fields=["DATE_INT", "DECOM", "RNE"],
    tables=["Episodes", "AD1"],
)
def _334(d: ReturnData) -> Flags:
    # The start of the latest period of care: the last episode with RNE S.
    starts = d["Episodes"].filter(one_of("RNE", "S"))
    latest = first_per_child(starts, to_date("DECOM"), latest=True).select(
        pl.col(ROW).alias("__e"), "CHILD", to_date("DECOM").alias("__decom")
    )
    decided = d["AD1"].select(pl.col(ROW).alias("__a"), "CHILD", to_date("DATE_INT").alias("__int"))
    bad = latest.join(decided, on="CHILD", how="inner").filter(
        (pl.col("__int") < pl.col("__decom")).fill_null(False)
    )
    return {"Episodes": rows_from(bad, "__e"), "AD1": rows_from(bad, "__a")}


@rule(
    code="335",
    message=(
        "The current foster value (0) suggests that child is not adopted by current foster "
        "carer, but last placement is A2, A3, or A5. Or the current foster value (1) "
        "suggests that child is adopted by current foster carer, but last placement is A1, "
        "A4 or A6."
    ),
    fields=["PLACE", "FOSTER_CARE"],
    tables=["Episodes", "AD1"],
)
def _335(d: ReturnData) -> Flags:
    # Adoption by current foster carers (A2, A3, A5) against FOSTER_CARE 0, and by others
    # (A1, A4, A6) against FOSTER_CARE 1, on the episode ending in adoption.
    episodes = d["Episodes"].select(pl.col(ROW).alias("__e"), "CHILD", "REC", "PLACE")
    ad1 = d["AD1"].select(pl.col(ROW).alias("__a"), "CHILD", "FOSTER_CARE")
    place = pl.col("PLACE")
    bad = one_of("REC", "E1") | pl.col("REC").is_in(["E11", "E12"]).fill_null(False)
    bad = bad & (
        (place.is_in(["A2", "A3", "A5"]).fill_null(False) & one_of("FOSTER_CARE", "0"))
        | (place.is_in(["A1", "A4", "A6"]).fill_null(False) & one_of("FOSTER_CARE", "1"))
    )
    flagged = episodes.join(ad1, on="CHILD", how="inner").filter(bad)
    return {"Episodes": rows_from(flagged, "__e"), "AD1": rows_from(flagged, "__a")}


@rule(
    code="336",
    message=(
        "Child does not have a foster placement immediately prior to being placed for adoption."
    ),
    fields=["PLACE"],
    tables=["Episodes"],
)
def _336(d: ReturnData) -> Flags:
    # Placed for adoption (A3, A4, as the sector tool checks) straight from a placement
    # that is not foster care or adoption (A3–A6, U1–U6); a child's first episode is
    # not checked (its previous placement is not in the return).
    before = [*ADOPTION, *FOSTERING]
    decom = to_date("DECOM")
    # Each child's episodes together, by start date: the previous one is the row before.
    ordered = d["Episodes"].sort(pl.col("CHILD"), decom, ROW, nulls_last=True)
    previous = shift_within("PLACE", 1)
    first = first_per_child(d["Episodes"], decom).select(ROW)
    bad = pl.col("PLACE").is_in(["A3", "A4"]).fill_null(False) & ~previous.is_in(before).fill_null(
        False
    )
    return {"Episodes": ordered.filter(bad).join(first, on=ROW, how="anti")}


@rule(
    code="344",
    message=(
        "The record shows the young person has died or returned home to live with parent(s) "
        "or someone with parental responsibility for a continuous period of 6 months or "
        "more, but activity and/or accommodation on leaving care have been completed."
    ),
    fields=LEAVER_ITEMS,
    tables=["OC3"],
)
def _344(d: ReturnData) -> Flags:
    # Activity and accommodation are 0 for a care leaver who died or went home (RHOM).
    gone = pl.col("IN_TOUCH").is_in(["DIED", "RHOM"]).fill_null(False)
    recorded = pl.col("ACTIV").ne_missing(pl.lit("0")) | pl.col("ACCOM").ne_missing(pl.lit("0"))
    return {"OC3": d["OC3"].filter(gone & recorded)}


@rule(
    code="345",
    message=(
        "The data collection record shows the local authority is in touch with this young "
        "person, but activity and/or accommodation data items are zero."
    ),
    fields=LEAVER_ITEMS,
    tables=["OC3"],
)
def _345(d: ReturnData) -> Flags:
    zero = one_of("ACTIV", "0") | one_of("ACCOM", "0")
    return {"OC3": d["OC3"].filter(one_of("IN_TOUCH", "YES") & zero)}


@rule(
    code="347",
    message="Care leavers aged under 18 years, can not be accommodated in a Foyer.",
    fields=["ACCOM", "DOB"],
    tables=["OC3"],
    differs=(
        "The sector tool looks for ACCOM exactly 'T', which is not a 903 code, so it never "
        "fires on real returns; a Foyer or similar supported accommodation is coded T1 or "
        "T2, so incare checks every ACCOM starting T. Age is counted by birthdays (under 18 "
        "on 1 April), not in 365.2425-day years."
    ),
)
def _347(d: ReturnData) -> Flags:
    foyer = pl.col("ACCOM").str.starts_with("T").fill_null(False)
    under_18 = (add_years(to_date("DOB"), 18) > start(d)).fill_null(False)
    return {"OC3": d["OC3"].filter(foyer & under_18)}


@rule(
    code="348",
    message="Care leaver has previously been reported as having died. ",
    fields=["IN_TOUCH"],
    tables=["OC3"],
    years=years(2026),
    needs=["OC3", "OC3_last"],
)
def _348_2026(d: ReturnData) -> Flags:
    died = d["OC3_last"].filter(one_of("IN_TOUCH", "DIED")).select("CHILD").unique()
    alive = pl.col("IN_TOUCH").ne_missing(pl.lit("DIED"))
    return {"OC3": d["OC3"].join(died, on="CHILD", how="semi").filter(alive)}
