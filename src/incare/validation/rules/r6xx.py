"""Rules 600–699: adoption details, motherhood, previous permanence."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.expr import add_years, codes, end, start, to_date
from incare.validation.rule import Flags, rule
from incare.validation.rules._shared import (
    AD1_ITEMS,
    ADOPTED,
    LEAVER_ITEMS,
    any_filled,
    first_per_child,
    partial_date,
    rows_of,
    same_date,
    short_break,
)

# DfE local authority codes valid for LA_PERM, with the codes for placements outside England
# (the 903 guidance's list; the spec has no code list for this free-text column).
_ENGLISH_LA_CODES = (
    "800,889,822,301,304,303,330,825,837,302,846,370,350,890,867,380,305,801,351,873,823,895,896,"
    "381,909,202,908,331,306,841,830,831,878,371,835,332,840,307,308,811,881,845,390,916,203,876,"
    "850,311,204,884,312,205,313,805,919,310,309,420,921,206,207,886,810,382,314,340,888,208,856,"
    "383,855,209,925,341,201,821,352,806,887,826,315,929,812,391,926,892,813,802,928,891,392,316,"
    "815,353,931,879,836,851,874,807,354,317,870,318,372,857,333,935,343,803,373,342,893,356,355,"
    "871,394,334,933,882,936,861,852,319,860,808,393,866,210,357,894,883,880,358,211,937,869,320,"
    "359,865,384,335,336,212,868,872,885,344,877,213,938,816,999"
)
_LA_PERM_CODES = [*_ENGLISH_LA_CODES.split(","), "WAL", "SCO", "NUK", "NIR"]


@rule(
    code="601",
    message="The additional fields relating to adoption have not been completed although the "
    "episode data shows that the child was adopted during the year.",
    fields=["REC", *AD1_ITEMS],
    tables=["Episodes", "AD1"],
)
def _601(d: ReturnData) -> Flags:
    eps, ad1 = d["Episodes"], d["AD1"]
    dec = to_date("DEC")
    adopted = eps.filter(
        (dec >= start(d)) & (dec <= end(d)) & pl.col("REC").is_in(ADOPTED).fill_null(False)
    ).select("CHILD", pl.col("ROW").alias("ROW_EPS"))
    incomplete = ad1.filter(pl.any_horizontal(pl.col(AD1_ITEMS).is_null())).select("CHILD", "ROW")
    both = adopted.join(incomplete, on="CHILD")
    return {"AD1": rows_of(ad1, both), "Episodes": rows_of(eps, both, key="ROW_EPS")}


@rule(
    code="602",
    message="The episode data submitted for this child does not show that he/she was adopted "
    "during the year.",
    fields=["CHILD"],
    tables=["AD1"],
    needs=["Episodes"],
)
def _602(d: ReturnData) -> Flags:
    dec = to_date("DEC")
    adopted = d["Episodes"].filter(
        (dec >= start(d)) & (dec <= end(d)) & pl.col("REC").is_in(ADOPTED).fill_null(False)
    )
    ad1 = d["AD1"].filter(pl.any_horizontal(pl.col(AD1_ITEMS).is_not_null()))
    return {"AD1": ad1.join(adopted.select("CHILD"), on="CHILD", how="anti")}


@rule(
    code="607",
    message="Child ceased to be looked after in the year, but mother field has not been completed.",
    fields=["DEC", "REC", "MOTHER", "LS", "SEX"],
    tables=["Episodes", "Header"],
)
def _607(d: ReturnData) -> Flags:
    eps, header = d["Episodes"], d["Header"]
    dec = to_date("DEC")
    ceased = eps.filter(
        (dec >= start(d))
        & (dec <= end(d))
        & pl.col("REC").is_not_null()
        & (pl.col("REC") != "X1")
        & ~short_break()
    ).select("CHILD", pl.col("ROW").alias("ROW_EPS"))
    no_mother = header.filter((pl.col("SEX") == "F") & pl.col("MOTHER").is_null())
    both = ceased.join(no_mother.select("CHILD", "ROW"), on="CHILD")
    return {"Episodes": rows_of(eps, both, key="ROW_EPS"), "Header": rows_of(header, both)}


@rule(
    code="611",
    message="Date of birth field is blank, but child is a mother.",
    fields=["MOTHER", "MC_DOB"],
    tables=["Header"],
)
def _611(d: ReturnData) -> Flags:
    mother = (pl.col("MOTHER") == "1").fill_null(False)
    return {"Header": d["Header"].filter(mother & pl.col("MC_DOB").is_null())}


@rule(
    code="612",
    message="Date of birth field has been completed but mother field indicates child is not a "
    "mother.",
    fields=["SEX", "MOTHER", "MC_DOB"],
    tables=["Header"],
)
def _612(d: ReturnData) -> Flags:
    not_mother = (pl.col("MOTHER") == "0").fill_null(True)
    female = (pl.col("SEX") == "F").fill_null(False)
    return {"Header": d["Header"].filter(not_mother & female & pl.col("MC_DOB").is_not_null())}


@rule(
    code="620",
    message="Child has been recorded as a mother, but date of birth shows that the mother is "
    "under 11 years of age.",
    fields=["DOB", "MOTHER"],
    tables=["Header"],
)
def _620(d: ReturnData) -> Flags:
    mother = (pl.col("MOTHER") == "1").fill_null(False)
    under_11 = (add_years(to_date("DOB"), 11) > start(d)).fill_null(False)
    return {"Header": d["Header"].filter(mother & under_11)}


@rule(
    code="621",
    message="Mother’s field has been completed but date of birth shows that the mother is "
    "younger than her child.",
    fields=["DOB", "MC_DOB"],
    tables=["Header"],
    differs="The sector tool also flags a valid MC_DOB when the mother's own DOB is blank or "
    "not a date; then the dates show nothing (rule 102 reports the DOB), so we do not.",
)
def _621(d: ReturnData) -> Flags:
    younger = (to_date("MC_DOB") <= to_date("DOB")).fill_null(False)
    return {"Header": d["Header"].filter(younger)}


@rule(
    code="624",
    message="Date of birth of the first child contradicts the date of birth of the first child "
    "previously recorded.",
    fields=["MC_DOB"],
    tables=["Header"],
    needs=["Header_last"],
    differs="The sector tool compares MC_DOB as text, so 1/6/2020 contradicts 01/06/2020; we "
    "compare dates (and text only where either is not a date). A blank MC_DOB of a young "
    "person not looked after this year (a care leaver) is not a contradiction: rule 628 says "
    "their motherhood details are not required, so the sector tool makes 624 or 628 fire on "
    "every such mother.",
)
def _624(d: ReturnData) -> Flags:
    header = d["Header"]
    last = (
        d["Header_last"]
        .filter(pl.col("MC_DOB").is_not_null())
        .select("CHILD", pl.col("MC_DOB").alias("MC_DOB_PRE"))
    )
    contradicts = header.select("CHILD", "ROW", "MC_DOB").join(last, on="CHILD")
    if d.has("Episodes"):
        looked_after = d["Episodes"].select("CHILD").unique().with_columns(pl.lit(True).alias("LA"))
        contradicts = contradicts.join(looked_after, on="CHILD", how="left").filter(
            pl.col("MC_DOB").is_not_null() | pl.col("LA").is_not_null()
        )
    return {"Header": rows_of(header, contradicts.filter(~same_date("MC_DOB", "MC_DOB_PRE")))}


@rule(
    code="625",
    message="Date of birth of the first child is beyond the end of this reporting year or the "
    "date the child ceased to be looked after.",
    fields=["MC_DOB", "DEC"],
    tables=["Episodes", "Header"],
)
def _625(d: ReturnData) -> Flags:
    eps, header = d["Episodes"], d["Header"]
    # An episode still open (blank DEC) runs to the collection end, so a first child born
    # after the year's end is found for a mother still in care too.
    ended = pl.when(pl.col("DEC").is_null()).then(end(d)).otherwise(to_date("DEC"))
    latest = first_per_child(eps, ended, latest=True).select(
        "CHILD", pl.col("ROW").alias("ROW_EPS"), pl.col("__by").alias("DEC")
    )
    mc_dob = pl.col("MC_DOB_D")
    late = latest.join(
        header.select("CHILD", "ROW", to_date("MC_DOB").alias("MC_DOB_D")), on="CHILD"
    ).filter(((mc_dob > end(d)) | (mc_dob > pl.col("DEC"))).fill_null(False))
    return {"Header": rows_of(header, late), "Episodes": rows_of(eps, late, key="ROW_EPS")}


@rule(
    code="626",
    message="Child was reported as a mother but the date of birth of the first child is before "
    "the current year which contradicts with the mother status recorded last year.",
    fields=["MOTHER", "MC_DOB"],
    tables=["Header"],
    needs=["Header_last"],
)
def _626(d: ReturnData) -> Flags:
    header = d["Header"]
    number = pl.col("MOTHER").cast(pl.Float64, strict=False)
    now = header.filter((number == 1) & (to_date("MC_DOB") < start(d))).select("CHILD", "ROW")
    was_not = d["Header_last"].filter(number == 0).select("CHILD")
    return {"Header": rows_of(header, now.join(was_not, on="CHILD"))}


@rule(
    code="628",
    message="Motherhood details are not required for care leavers who have not been looked "
    "after during the year.",
    fields=["MOTHER"],
    tables=["Header"],
    needs=["Episodes", "OC3"],
)
def _628(d: ReturnData) -> Flags:
    leavers = d["OC3"].filter(any_filled(LEAVER_ITEMS))
    header = d["Header"].filter(pl.col("MOTHER").is_not_null())
    not_looked_after = header.join(d["Episodes"].select("CHILD"), on="CHILD", how="anti")
    return {"Header": not_looked_after.join(leavers.select("CHILD"), on="CHILD", how="semi")}


@rule(
    code="630",
    message="Information on previous permanence option should be returned.",
    fields=["RNE"],
    tables=["Episodes"],
    needs=["PrevPerm"],
)
def _630(d: ReturnData) -> Flags:
    eps = d["Episodes"]
    started = eps.filter((pl.col("RNE") == "S") & (to_date("DECOM") >= start(d))).select(
        "CHILD", "ROW"
    )
    perm = d["PrevPerm"].select(
        "CHILD", "PREV_PERM", "LA_PERM", "DATE_PERM", pl.lit(True).alias("__in")
    )
    incomplete = (
        pl.col("__in").is_null()
        | pl.col("PREV_PERM").is_null()
        | (
            (pl.col("PREV_PERM") != "Z1")
            & (pl.col("LA_PERM").is_null() | pl.col("DATE_PERM").is_null())
        )
    )
    missing = started.join(perm, on="CHILD", how="left").filter(incomplete.fill_null(False))
    return {"Episodes": rows_of(eps, missing)}


@rule(
    code="631",
    message="Previous permanence option not a valid value.",
    fields=["PREV_PERM"],
    tables=["PrevPerm"],
)
def _631(d: ReturnData) -> Flags:
    invalid = ~pl.col("PREV_PERM").is_in(codes("previous_permanence", "PREV_PERM", d))
    return {"PrevPerm": d["PrevPerm"].filter(invalid.fill_null(False))}


@rule(
    code="632",
    message="Date of previous permanence order not a valid value. NOTE: This rule may result in "
    "false negatives where the period of care started before the current collection year",
    fields=["DATE_PERM", "DECOM"],
    tables=["Episodes", "PrevPerm"],
)
def _632(d: ReturnData) -> Flags:
    eps, perm = d["Episodes"], d["PrevPerm"]
    first = first_per_child(eps, to_date("DECOM")).select(
        "CHILD", pl.col("ROW").alias("ROW_EPS"), pl.col("__by").alias("DECOM")
    )
    dated = perm.select("CHILD", "ROW", "DATE_PERM", partial_date("DATE_PERM").alias("P"))
    bad = (pl.col("P") >= pl.col("DECOM")).fill_null(False) | (
        pl.col("DATE_PERM").is_not_null() & pl.col("P").is_null()
    )
    wrong = first.join(dated, on="CHILD").filter(bad)
    return {"Episodes": rows_of(eps, wrong, key="ROW_EPS"), "PrevPerm": rows_of(perm, wrong)}


@rule(
    code="633",
    message="Local authority code where previous permanence option was arranged is not a valid "
    "value.",
    fields=["LA_PERM"],
    tables=["PrevPerm"],
)
def _633(d: ReturnData) -> Flags:
    invalid = ~pl.col("LA_PERM").is_in(_LA_PERM_CODES)
    return {"PrevPerm": d["PrevPerm"].filter(invalid.fill_null(False))}


@rule(
    code="634",
    message="There are entries for previous permanence options, but child has not started to "
    "be looked after from 1 April 2016 onwards.",
    fields=["LA_PERM", "PREV_PERM", "DATE_PERM", "DECOM"],
    tables=["Episodes", "PrevPerm"],
)
def _634(d: ReturnData) -> Flags:
    eps, perm = d["Episodes"], d["PrevPerm"]
    entered = perm.filter(
        pl.any_horizontal(pl.col("PREV_PERM", "DATE_PERM", "LA_PERM").is_not_null())
    ).select("CHILD", "ROW")
    started_before = (
        eps.group_by("CHILD")
        .agg(to_date("DECOM").max().alias("LAST_DECOM"))
        .filter(pl.col("LAST_DECOM") < start(d))
        .select("CHILD")
    )
    flagged = entered.join(started_before, on="CHILD")
    return {
        "Episodes": eps.join(flagged.select("CHILD").unique(), on="CHILD", how="semi"),
        "PrevPerm": rows_of(perm, flagged),
    }


@rule(
    code="635",
    message="There are entries for date of order and local authority code where previous "
    "permanence option was arranged but previous permanence code is Z1",
    fields=["LA_PERM", "DATE_PERM", "PREV_PERM"],
    tables=["PrevPerm"],
)
def _635(d: ReturnData) -> Flags:
    entered = pl.col("LA_PERM").is_not_null() | pl.col("DATE_PERM").is_not_null()
    return {"PrevPerm": d["PrevPerm"].filter(entered & pl.col("PREV_PERM").is_null())}
