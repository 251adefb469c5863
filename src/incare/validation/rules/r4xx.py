"""Rules 400–499: UASC and distance, reasons for new episodes and for ceasing, reviews, UPNs,
and continuity with last year's return."""

from __future__ import annotations

from datetime import date

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.expr import add_years, codes, to_date
from incare.validation.rule import Flags, rule, years
from incare.validation.rules._shared import (
    DISTANCE_ROUNDING_DIFFERS,
    differ,
    distance,
    distance_changed,
    first_beside_last,
    former_uasc,
    in_sequence,
    rows_of,
    same,
    short_break,
    upper,
    with_dob,
)

_PLACEMENT = ["PLACE", "PL_POST", "URN", "PLACE_PROVIDER"]
"""The fields that say where a child is placed (903 guidance: a change of any is a change of
placement)."""


def _after_previous(d: ReturnData, *, columns: list[str]) -> pl.LazyFrame:
    """Episodes ordered per child by start date, with ``columns`` of the child's previous
    episode as ``<column>_1``, only those that have one."""
    seq = in_sequence(d["Episodes"], by=[to_date("DECOM")], columns=["ROW", *columns])
    return seq.filter(pl.col("ROW_1").is_not_null())


@rule(
    code="406",
    message="Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance "
    "should be blank. [NOTE: This check will result in false negatives for children formerly "
    "UASC not identified as such in loaded data]",
    fields=["PL_DISTANCE"],
    tables=["Episodes"],
    needs=["postcodes"],
)
def _406(d: ReturnData) -> Flags:
    eps = d["Episodes"].join(former_uasc(d), on="CHILD", how="semi")
    return {"Episodes": eps.filter(pl.col("PL_DISTANCE").is_not_null())}


@rule(
    code="407",
    message="Reason episode ceased is Special Guardianship Order, but child has reached age 18.",
    fields=["DEC", "DOB", "REC"],
    tables=["Episodes", "Header"],
)
def _407(d: ReturnData) -> Flags:
    # E45–E48: special guardianship orders, which end at 18.
    sgo = pl.col("REC").is_in(["E45", "E46", "E47", "E48"])
    eps = with_dob(d["Episodes"], d).filter(
        (sgo & (add_years(pl.col("DOB"), 18) < to_date("DEC"))).fill_null(False)
    )
    return {
        "Episodes": eps,
        "Header": d["Header"].join(eps.select("CHILD").unique(), on="CHILD", how="semi"),
    }


@rule(
    code="408",
    message="Child is placed for adoption with a placement order, but no placement order has "
    "been recorded.",
    fields=["PLACE", "LS"],
    tables=["Episodes"],
)
def _408(d: ReturnData) -> Flags:
    # A5, A6: placed for adoption with a placement order, which is legal status E1.
    wrong = pl.col("PLACE").is_in(["A5", "A6"]).fill_null(False) & differ(
        pl.col("LS"), pl.lit("E1")
    )
    return {"Episodes": d["Episodes"].filter(wrong)}


@rule(
    code="411",
    message="Placement location code disagrees with LA of placement.",
    fields=["PL_LOCATION"],
    tables=["Episodes"],
    needs=["postcodes"],
)
def _411(d: ReturnData) -> Flags:
    inside = same(pl.col("PL_LOCATION"), pl.lit("IN"))
    return {"Episodes": d["Episodes"].filter(inside & differ(pl.col("PL_LA"), pl.lit(d.la_code)))}


@rule(
    code="420",
    message="LA of placement completed but child is looked after under legal status V3 or V4.",
    fields=["PL_LA"],
    tables=["Episodes"],
    needs=["postcodes"],
)
def _420(d: ReturnData) -> Flags:
    given = short_break() & pl.col("PL_LA").is_not_null()
    return {"Episodes": d["Episodes"].filter(given)}


@rule(
    code="426",
    message="A child receiving respite care cannot be recorded under a legal status of V3 and V4 "
    "in the same year.",
    fields=["LS"],
    tables=["Episodes"],
)
def _426(d: ReturnData) -> Flags:
    respite = d["Episodes"].filter(short_break() & pl.col("CHILD").is_not_null())
    return {"Episodes": respite.filter(pl.col("LS").n_unique().over("CHILD") > 1)}


@rule(
    code="431",
    message="The reason for new episode is started to be looked after, but the previous episode "
    "ended on the same day.",
    fields=["RNE", "DECOM"],
    tables=["Episodes"],
)
def _431(d: ReturnData) -> Flags:
    seq = _after_previous(d, columns=["DEC"])
    started = (pl.col("RNE") == "S") & (to_date("DECOM") <= to_date("DEC_1"))
    return {"Episodes": rows_of(d["Episodes"], seq.filter(started.fill_null(False)))}


@rule(
    code="432",
    message="The child ceased to be looked after at the end of the previous episode but the "
    "reason for the new episode is not started to be looked after.",
    fields=["RNE"],
    tables=["Episodes"],
)
def _432(d: ReturnData) -> Flags:
    # Every reason for ceasing but X1 (episode ends, care continues) ends the period of care.
    ceased = [c for c in codes("episodes", "REC", d) if c != "X1"]
    seq = _after_previous(d, columns=["REC"])
    wrong = pl.col("REC_1").is_in(ceased).fill_null(False) & differ(pl.col("RNE"), pl.lit("S"))
    return {"Episodes": rows_of(d["Episodes"], seq.filter(wrong))}


@rule(
    code="433",
    message="The reason for new episode suggests that this is a continuation episode, but the "
    "episode does not start on the same day as the last episode finished.",
    fields=["RNE", "DECOM"],
    tables=["Episodes"],
    differs="The sector tool compares the dates as text, so 1/5/2025 and 01/05/2025 differ; "
    "we also accept the same date written differently.",
)
def _433(d: ReturnData) -> Flags:
    seq = in_sequence(
        d["Episodes"], by=[to_date("DECOM"), to_date("DEC")], columns=["ROW", "DEC"]
    ).filter(pl.col("ROW_1").is_not_null())
    follows = same(pl.col("DEC_1"), pl.col("DECOM")) | same(to_date("DEC_1"), to_date("DECOM"))
    continuing = upper("RNE").is_in(["P", "L", "T", "U", "B"]).fill_null(False)
    return {"Episodes": rows_of(d["Episodes"], seq.filter(continuing & ~follows))}


@rule(
    code="434",
    message="Reason for new episode is that child's legal status has changed but not the "
    "placement, but this is not reflected in the episode data.",
    fields=["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
    tables=["Episodes"],
)
def _434(d: ReturnData) -> Flags:
    seq = _after_previous(d, columns=["LS", *_PLACEMENT])
    moved = pl.any_horizontal(
        pl.col(c).fill_null("") != pl.col(f"{c}_1").fill_null("") for c in _PLACEMENT
    )
    wrong = same(pl.col("RNE"), pl.lit("L")) & (same(pl.col("LS"), pl.col("LS_1")) | moved)
    return {"Episodes": rows_of(d["Episodes"], seq.filter(wrong))}


@rule(
    code="435",
    message="Reason for new episode is that child’s placement has changed but not the legal "
    "status, but this is not reflected in the episode data recorded.",
    fields=["LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
    tables=["Episodes"],
)
def _435(d: ReturnData) -> Flags:
    seq = _after_previous(d, columns=["LS", *_PLACEMENT])
    stayed = pl.all_horizontal(same(pl.col(c), pl.col(f"{c}_1")) for c in _PLACEMENT)
    wrong = pl.col("RNE").is_in(["P", "T"]).fill_null(False) & (
        differ(pl.col("LS"), pl.col("LS_1")) | stayed
    )
    return {"Episodes": rows_of(d["Episodes"], seq.filter(wrong))}


@rule(
    code="436",
    message="Reason for new episode is that both child’s placement and legal status have "
    "changed, but this is not reflected in the episode data.",
    fields=["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
    tables=["Episodes"],
)
def _436(d: ReturnData) -> Flags:
    seq = _after_previous(d, columns=["LS", *_PLACEMENT])

    def unchanged(c: str) -> pl.Expr:
        # Two blanks are the same value here (the sector tool fills blanks before comparing).
        return pl.col(c).fill_null("*") == pl.col(f"{c}_1").fill_null("*")

    stayed = pl.all_horizontal(unchanged(c) for c in _PLACEMENT)
    wrong = pl.col("RNE").is_in(["U", "B"]).fill_null(False) & (unchanged("LS") | stayed)
    return {"Episodes": rows_of(d["Episodes"], seq.filter(wrong))}


@rule(
    code="437",
    message="Reason episode ceased is child has died or is aged 18 or over but there are further "
    "episodes.",
    fields=["REC"],
    tables=["Episodes"],
)
def _437(d: ReturnData) -> Flags:
    # E2 died, E15 care ceased for any other reason at 18: nothing can follow.
    seq = in_sequence(d["Episodes"], by=[to_date("DECOM")], columns=["ROW"], shifts=(-1,))
    final = upper("REC").is_in(["E2", "E15"]).fill_null(False) & to_date("DECOM").is_not_null()
    return {"Episodes": rows_of(d["Episodes"], seq.filter(final & pl.col("ROW_-1").is_not_null()))}


@rule(
    code="440",
    message="Participation method indicates child was under 4 years old at the time of the "
    "review, but date of birth and review date indicates the child was 4 years old or over.",
    fields=["DOB", "REVIEW", "REVIEW_CODE"],
    tables=["Reviews"],
)
def _440(d: ReturnData) -> Flags:
    # PN0: child aged under 4 at the time of the review.
    older = (pl.col("REVIEW_CODE") == "PN0") & (to_date("REVIEW") > add_years(to_date("DOB"), 4))
    return {"Reviews": d["Reviews"].filter(older.fill_null(False))}


@rule(
    code="441",
    message="Participation method indicates child was 4 years old or over at the time of the "
    "review, but the date of birth and review date indicates the child was under 4 years old.",
    fields=["DOB", "REVIEW", "REVIEW_CODE"],
    tables=["Reviews"],
)
def _441(d: ReturnData) -> Flags:
    # Every participation code but PN0 is for a child aged 4 or over.
    four_plus = [c for c in codes("reviews", "REVIEW_CODE", d) if c != "PN0"]
    younger = pl.col("REVIEW_CODE").is_in(four_plus) & (
        to_date("REVIEW") < add_years(to_date("DOB"), 4)
    )
    return {"Reviews": d["Reviews"].filter(younger.fill_null(False))}


@rule(
    code="442",
    message="Unique Pupil Number (UPN) field is not completed.",
    fields=["UPN"],
    tables=["Header"],
    needs=["Episodes"],
)
def _442(d: ReturnData) -> Flags:
    looked_after = d["Episodes"].filter(~short_break())
    missing = d["Header"].filter(pl.col("UPN").is_null())
    return {"Header": missing.join(looked_after.select("CHILD").unique(), on="CHILD", how="semi")}


@rule(
    code="444",
    message="Duplicate UPN has been reported",
    fields=["UPN"],
    tables=["Header"],
    years=years(2026),
)
def _444(d: ReturnData) -> Flags:
    # UN1–UN5 say why a child has no UPN, so many children share them.
    upn = d["Header"].filter(
        pl.col("UPN").is_not_null() & ~pl.col("UPN").is_in(["UN1", "UN2", "UN3", "UN4", "UN5"])
    )
    return {"Header": upn.filter(pl.len().over("UPN") > 1)}


@rule(
    code="446",
    message="E1 is not a valid code for episodes starting before December 2005.",
    fields=["LS", "DECOM"],
    tables=["Episodes"],
)
def _446(d: ReturnData) -> Flags:
    # Placement orders (E1) began with the Adoption and Children Act 2002 on 30 December 2005.
    early = (pl.col("LS") == "E1") & (to_date("DECOM") < pl.lit(date(2005, 12, 1)))
    return {"Episodes": d["Episodes"].filter(early.fill_null(False))}


def _continued(d: ReturnData, *, open_if_undated: bool) -> pl.LazyFrame:
    """Each child's first episode this year beside their last of last year, where that one was
    still open and the reason for new episode is the same: both describe the same placement.
    ``open_if_undated``: a DEC that is not a date counts as open (as the sector tool's 453)."""
    both = first_beside_last(d)
    dec = to_date("DEC_last") if open_if_undated else pl.col("DEC_last")
    return both.filter(dec.is_null() & same(pl.col("RNE"), pl.col("RNE_last")))


@rule(
    code="452",
    message="Contradiction between local authority of placement code in the last episode of the "
    "previous year and in the first episode of the current year.",
    fields=["PL_LA"],
    tables=["Episodes"],
    needs=["Episodes_last", "postcodes"],
)
def _452(d: ReturnData) -> Flags:
    moved = pl.col("PL_LA").ne_missing(pl.col("PL_LA_last"))
    return {"Episodes": rows_of(d["Episodes"], _continued(d, open_if_undated=False).filter(moved))}


@rule(
    code="453",
    message="Contradiction between placement distance in the last episode of the previous year "
    "and in the first episode of the current year.",
    fields=["PL_DISTANCE"],
    tables=["Episodes"],
    needs=["Episodes_last", "postcodes"],
    differs=DISTANCE_ROUNDING_DIFFERS,
)
def _453(d: ReturnData) -> Flags:
    changed = _continued(d, open_if_undated=True).filter(distance_changed())
    return {"Episodes": rows_of(d["Episodes"], changed)}


@rule(
    code="454",
    message="Placement distance from home is over 350 miles. [NOTE: This check will result in "
    "false positives for children formerly UASC not identified as such in loaded data]",
    fields=["PL_DISTANCE"],
    tables=["Episodes"],
    years=years(2026),
    needs=["postcodes"],
)
def _454(d: ReturnData) -> Flags:
    # 999.9 is the DfE's code for a distance that is not known.
    far = (distance() > 350) & (distance() != 999.9)
    return {"Episodes": d["Episodes"].filter(far.fill_null(False))}


@rule(
    code="460",
    message="Reason episode ceased is that child stayed with current carers at age 18 (or "
    "above), but child is aged under 18.",
    fields=["DEC", "REC"],
    tables=["Episodes"],
    needs=["Header"],
)
def _460(d: ReturnData) -> Flags:
    eps = with_dob(d["Episodes"], d)
    young = (pl.col("REC") == "E17") & (add_years(pl.col("DOB"), 18) > to_date("DEC"))
    return {"Episodes": eps.filter(young.fill_null(False))}
