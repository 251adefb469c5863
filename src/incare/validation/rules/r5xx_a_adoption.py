"""Rules 511–561 on adoption: adopters (AD1) and decisions to place for adoption."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.expr import start, to_date
from incare.validation.rule import Flags, rule
from incare.validation.rules._shared import (
    AD1_ITEMS,
    ADOPTED,
    ADOPTION,
    OPEN_EPISODES_DIFFER,
    first_per_child,
    none_of,
    one_of,
    rows_of,
    same_date,
)

COUPLE = ["MM", "FF", "MF"]
"""Adopters' sexes when they are a couple (SEX_ADOPTR); M1, F1 are a single adopter."""


@rule(
    code="511",
    message="If reporting that the number of person(s) adopting the looked after child is two "
    "adopters then the code should only be MM, FF or MF. MM = the adopting couple are both "
    "males; FF = the adopting couple are both females; MF = The adopting couple are male and "
    "female.",
    fields=["NB_ADOPTR", "SEX_ADOPTR"],
    tables=["AD1"],
)
def _511(d: ReturnData) -> Flags:
    return {"AD1": d["AD1"].filter(one_of("NB_ADOPTR", "2") & one_of("SEX_ADOPTR", "M1", "F1"))}


@rule(
    code="514",
    message="Data entry on the legal status of adopters shows a single adopter but data entry "
    "for the numbers of adopters shows it as a couple.",
    fields=["LS_ADOPTR", "SEX_ADOPTR"],
    tables=["AD1"],
)
def _514(d: ReturnData) -> Flags:
    return {"AD1": d["AD1"].filter(one_of("LS_ADOPTR", "L0") & none_of("SEX_ADOPTR", "M1", "F1"))}


@rule(
    code="516",
    message="The episode data submitted for this child does not show that he/she was with their "
    "former foster carer(s) during the year.If the code in the reason episode ceased is E45 or "
    "E46 the child must have a placement code of U1 to U6.",
    fields=["REC", "PLACE"],
    tables=["Episodes"],
)
def _516(d: ReturnData) -> Flags:
    # E45, E46: special guardianship orders made to former foster carers (U1–U6 placements).
    foster = [f"U{i}" for i in range(1, 7)]
    wrong = one_of("REC", "E45", "E46") & none_of("PLACE", *foster)
    return {"Episodes": d["Episodes"].filter(wrong)}


@rule(
    code="517",
    message="If reporting legal status of adopters is L3 then the genders of adopters should be "
    "coded as MF. MF = the adopting couple are male and female.",
    fields=["LS_ADOPTR", "SEX_ADOPTR"],
    tables=["AD1"],
)
def _517(d: ReturnData) -> Flags:
    return {"AD1": d["AD1"].filter(one_of("LS_ADOPTR", "L3") & none_of("SEX_ADOPTR", "MF"))}


@rule(
    code="518",
    message="If reporting legal status of adopters is L4 then the genders of adopters should be "
    "coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are "
    "both females.",
    fields=["LS_ADOPTR", "SEX_ADOPTR"],
    tables=["AD1"],
)
def _518(d: ReturnData) -> Flags:
    return {"AD1": d["AD1"].filter(one_of("LS_ADOPTR", "L4") & none_of("SEX_ADOPTR", "MM", "FF"))}


@rule(
    code="519",
    message="Data entered on the legal status of adopters shows civil partnership couple, but "
    "data entered on genders of adopters does not show it as a couple.",
    fields=["LS_ADOPTR", "SEX_ADOPTR"],
    tables=["AD1"],
)
def _519(d: ReturnData) -> Flags:
    return {"AD1": d["AD1"].filter(one_of("LS_ADOPTR", "L2") & none_of("SEX_ADOPTR", *COUPLE))}


@rule(
    code="520",
    message="Data entry on the legal status of adopters shows different gender married couple "
    "but data entry on genders of adopters shows it as a same gender couple.",
    fields=["LS_ADOPTR", "SEX_ADOPTR"],
    tables=["AD1"],
)
def _520(d: ReturnData) -> Flags:
    return {"AD1": d["AD1"].filter(one_of("LS_ADOPTR", "L11") & none_of("SEX_ADOPTR", "MF"))}


@rule(
    code="521",
    message="Date of local authority's decision (LA) that adoption is in the best interests of "
    "the child (date should be placed) must be on or prior to the date the child is placed for "
    "adoption.",
    fields=["PLACE", "DECOM", "DATE_INT"],
    tables=["Episodes", "AD1"],
)
def _521(d: ReturnData) -> Flags:
    placed = d["Episodes"].filter(one_of("PLACE", *ADOPTION))
    decided = d["AD1"].select(
        "CHILD", pl.col("ROW").alias("__ad1"), to_date("DATE_INT").alias("__int")
    )
    late = placed.join(decided, on="CHILD").filter(
        (pl.col("__int") > to_date("DECOM")).fill_null(False)
    )
    return {
        "Episodes": late,
        "AD1": rows_of(d["AD1"], late.select(pl.col("__ad1").alias("ROW"))),
    }


@rule(
    code="522",
    message="Date of decision that the child should be placed for adoption must be on or before "
    "the date that a child should no longer be placed for adoption.",
    fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
    tables=["PlacedAdoption"],
)
def _522(d: ReturnData) -> Flags:
    backwards = to_date("DATE_PLACED_CEASED") < to_date("DATE_PLACED")
    return {"PlacedAdoption": d["PlacedAdoption"].filter(backwards.fill_null(False))}


@rule(
    code="523",
    message="Date of decision that the child should be placed for adoption should be the same "
    "date as the decision that adoption is in the best interest (date should be placed).",
    fields=["DATE_PLACED", "DATE_INT"],
    tables=["PlacedAdoption", "AD1"],
)
def _523(d: ReturnData) -> Flags:
    placed = d["PlacedAdoption"].with_columns(to_date("DATE_PLACED").alias("__placed"))
    decided = d["AD1"].select(
        "CHILD", pl.col("ROW").alias("__ad1"), to_date("DATE_INT").alias("__int")
    )
    both = placed.join(decided, on="CHILD").filter(
        pl.col("__placed").is_not_null() & pl.col("__int").is_not_null()
    )
    different = both.filter(pl.col("__placed") != pl.col("__int"))
    return {
        "PlacedAdoption": different,
        "AD1": rows_of(d["AD1"], different.select(pl.col("__ad1").alias("ROW"))),
    }


@rule(
    code="524",
    message="If reporting legal status of adopters is L12 then the genders of adopters should be "
    "coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are "
    "both females",
    fields=["LS_ADOPTR", "SEX_ADOPTR"],
    tables=["AD1"],
)
def _524(d: ReturnData) -> Flags:
    return {"AD1": d["AD1"].filter(one_of("LS_ADOPTR", "L12") & none_of("SEX_ADOPTR", "MM", "FF"))}


@rule(
    code="525",
    message="A child for whom the decision to be placed for adoption has been reversed cannot be "
    "adopted during the year.",
    fields=["DATE_PLACED_CEASED", *AD1_ITEMS],
    tables=["PlacedAdoption", "AD1"],
)
def _525(d: ReturnData) -> Flags:
    adoption = AD1_ITEMS
    adopted = d["AD1"].filter(pl.any_horizontal(pl.col(c).is_not_null() for c in adoption))
    reversed_ = d["PlacedAdoption"].filter(pl.col("DATE_PLACED_CEASED").is_not_null())
    return {
        "PlacedAdoption": reversed_.join(adopted.select("CHILD").unique(), on="CHILD", how="semi"),
        "AD1": adopted.join(reversed_.select("CHILD").unique(), on="CHILD", how="semi"),
    }


@rule(
    code="551",
    message="Child has been placed for adoption but there is no date of the decision that the "
    "child should be placed for adoption.",
    fields=["DATE_PLACED", "PLACE"],
    tables=["Episodes"],
    needs=["PlacedAdoption"],
)
def _551(d: ReturnData) -> Flags:
    placed = d["Episodes"].filter(one_of("PLACE", *ADOPTION))
    dated = d["PlacedAdoption"].filter(pl.col("DATE_PLACED").is_not_null()).select("CHILD")
    undated = d["PlacedAdoption"].filter(pl.col("DATE_PLACED").is_null()).select("CHILD")
    # Flagged when no decision has a date, or one of the child's decisions lacks one.
    return {
        "Episodes": pl.concat(
            [
                placed.join(dated.unique(), on="CHILD", how="anti"),
                placed.join(undated.unique(), on="CHILD", how="semi"),
            ]
        )
    }


@rule(
    code="552",
    message="Date of Decision to place a child for adoption should be on or prior to the date "
    "that the child was placed for adoption.",
    fields=["DATE_PLACED", "DECOM"],
    tables=["Episodes", "PlacedAdoption"],
)
def _552(d: ReturnData) -> Flags:
    # The latest decision against the first adoptive placement.
    decision = first_per_child(d["PlacedAdoption"], to_date("DATE_PLACED"), latest=True).select(
        "CHILD", pl.col("ROW").alias("__pa"), pl.col("__by").alias("__decided")
    )
    placed = first_per_child(d["Episodes"].filter(one_of("PLACE", *ADOPTION)), to_date("DECOM"))
    late = placed.join(decision, on="CHILD").filter(pl.col("__by") < pl.col("__decided"))
    return {
        "Episodes": rows_of(d["Episodes"], late),
        "PlacedAdoption": rows_of(d["PlacedAdoption"], late.select(pl.col("__pa").alias("ROW"))),
    }


@rule(
    code="553",
    message="Placement order has been granted but there is no date of decision that the child "
    "should be placed for adoption.",
    fields=["CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    tables=["Episodes", "PlacedAdoption"],
    differs=OPEN_EPISODES_DIFFER,
)
def _553(d: ReturnData) -> Flags:
    order = d["Episodes"].filter(one_of("LS", "E1"))
    still_open = order.filter(pl.col("DEC").is_null()).select("CHILD").unique()
    ceased = (
        pl.col("DATE_PLACED_CEASED").is_not_null() | pl.col("REASON_PLACED_CEASED").is_not_null()
    )
    return {
        "Episodes": order.join(
            d["PlacedAdoption"].select("CHILD").unique(), on="CHILD", how="anti"
        ),
        "PlacedAdoption": d["PlacedAdoption"]
        .filter(ceased)
        .join(still_open, on="CHILD", how="semi"),
    }


@rule(
    code="554",
    message="Date of decision that the child should be placed for adoption should be on or prior "
    "to the date that the placement order was granted. [NOTE: This rule may result in false "
    "positives or false negatives if relevant episodes are in previous years; please check "
    "carefully!]",
    fields=["DATE_PLACED", "DECOM", "LS"],
    tables=["Episodes", "PlacedAdoption"],
)
def _554(d: ReturnData) -> Flags:
    first_order = first_per_child(d["Episodes"].filter(one_of("LS", "E1")), to_date("DECOM"))
    decisions = d["PlacedAdoption"].select(
        "CHILD", pl.col("ROW").alias("__pa"), to_date("DATE_PLACED").alias("__decided")
    )
    late = first_order.join(decisions, on="CHILD").filter(pl.col("__decided") > pl.col("__by"))
    return {
        "Episodes": rows_of(d["Episodes"], late),
        "PlacedAdoption": rows_of(d["PlacedAdoption"], late.select(pl.col("__pa").alias("ROW"))),
    }


@rule(
    code="557",
    message="Child for whom the decision was made that they should be placed for adoption has "
    "left care but was not adopted and information on the decision that they should no longer "
    "be placed for adoption items has not been completed.",
    fields=["DATE_PLACED_CEASED", "REASON_PLACED_CEASED", "PLACE", "LS", "REC"],
    tables=["Episodes", "PlacedAdoption"],
)
def _557(d: ReturnData) -> Flags:
    left = none_of("REC", *ADOPTED, "X1") & pl.col("REC").is_not_null()
    eps = d["Episodes"].filter((one_of("PLACE", *ADOPTION) | one_of("LS", "E1")) & left)
    placed = d["PlacedAdoption"]
    incomplete = placed.filter(
        pl.col("DATE_PLACED_CEASED").is_null() | pl.col("REASON_PLACED_CEASED").is_null()
    )
    return {
        "Episodes": pl.concat(
            [
                eps.join(placed.select("CHILD").unique(), on="CHILD", how="anti"),
                eps.join(incomplete.select("CHILD").unique(), on="CHILD", how="semi"),
            ]
        ),
        "PlacedAdoption": incomplete.join(eps.select("CHILD").unique(), on="CHILD", how="semi"),
    }


@rule(
    code="558",
    message="If a child has been adopted, then the decision to place them for adoption has not "
    "been disrupted and the date of the decision that a child should no longer be placed for "
    "adoption should be left blank.",
    fields=["DATE_PLACED_CEASED", "REC"],
    tables=["Episodes"],
    needs=["PlacedAdoption"],
)
def _558(d: ReturnData) -> Flags:
    # An adopted child with more than one decision, every one of them ceased: the latest
    # decision (the one leading to the adoption) should not have ceased. As in the sector
    # tool, each adoption episode is counted with each decision.
    adopted = d["Episodes"].filter(one_of("REC", *ADOPTED))
    pairs = adopted.join(
        d["PlacedAdoption"].select("CHILD", pl.col("DATE_PLACED_CEASED").alias("__ceased")),
        on="CHILD",
        how="left",
    )
    all_ceased = pl.col("__ceased").is_not_null().all().over("CHILD")
    return {"Episodes": pairs.filter(all_ceased & (pl.len().over("CHILD") > 1))}


@rule(
    code="559",
    message="Date of decision that a child should be placed for adoption was not in the current "
    "year but the date of the decision that the child should be placed for adoption was not "
    "completed in a previous return.",
    fields=["DATE_PLACED"],
    tables=["PlacedAdoption"],
    needs=["PlacedAdoption_last"],
)
def _559(d: ReturnData) -> Flags:
    earlier = d["PlacedAdoption"].filter((to_date("DATE_PLACED") < start(d)).fill_null(False))
    last = d["PlacedAdoption_last"]
    dated = last.filter(to_date("DATE_PLACED").is_not_null()).select("CHILD").unique()
    undated = last.filter(to_date("DATE_PLACED").is_null()).select("CHILD").unique()
    # Flagged when last year had no dated decision for the child, or one without a date.
    return {
        "PlacedAdoption": pl.concat(
            [
                earlier.join(dated, on="CHILD", how="anti"),
                earlier.join(undated, on="CHILD", how="semi"),
            ]
        )
    }


def _beside_last_decision(d: ReturnData) -> pl.LazyFrame:
    """This year's decisions, each beside every decision of last year for the same child
    (columns suffixed ``_last``)."""
    last = d["PlacedAdoption_last"].select(
        "CHILD",
        pl.col("DATE_PLACED").alias("DATE_PLACED_last"),
        pl.col("DATE_PLACED_CEASED").alias("DATE_PLACED_CEASED_last"),
        pl.col("REASON_PLACED_CEASED").alias("REASON_PLACED_CEASED_last"),
    )
    return d["PlacedAdoption"].join(last, on="CHILD")


_DATE_TEXT_DIFFERS = (
    "The sector tool compares the two dates as text, so 1/6/2024 and 01/06/2024 differ; we "
    "also count the same date written differently as the same."
)


@rule(
    code="560",
    message="Date of decision that the child should be placed for adoption this year is "
    "different from that recorded last year but the decision to place the child for adoption "
    "did not change.",
    fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
    tables=["PlacedAdoption"],
    needs=["PlacedAdoption_last"],
    differs=_DATE_TEXT_DIFFERS,
)
def _560(d: ReturnData) -> Flags:
    stands = pl.col("DATE_PLACED_last").is_not_null() & pl.col("DATE_PLACED_CEASED_last").is_null()
    moved = ~same_date("DATE_PLACED", "DATE_PLACED_last")
    return {"PlacedAdoption": _beside_last_decision(d).filter(stands & moved)}


@rule(
    code="561",
    message="Date of the decision that the child should be placed for adoption this year is the "
    "same as that recorded last year but records show that the decision changed, and the child "
    "should no longer be placed for adoption last year.",
    fields=["DATE_PLACED"],
    tables=["PlacedAdoption"],
    needs=["PlacedAdoption_last"],
    differs=_DATE_TEXT_DIFFERS,
)
def _561(d: ReturnData) -> Flags:
    ceased = (
        pl.col("DATE_PLACED_CEASED_last").is_not_null()
        | pl.col("REASON_PLACED_CEASED_last").is_not_null()
    )
    kept = same_date("DATE_PLACED", "DATE_PLACED_last")
    return {"PlacedAdoption": _beside_last_decision(d).filter(kept & ceased)}
