"""Rules 351–399: ages, episode dates and sequences, temporary placements, respite, postcodes."""

from __future__ import annotations

from datetime import date

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.expr import add_years, end, start, to_date
from incare.validation.rule import Flags, rule
from incare.validation.rules._shared import (
    LEAVER_ITEMS,
    OPEN_EPISODES_DIFFER,
    RESPITE,
    TEMPORARY,
    any_filled,
    differ,
    end_or_open,
    first_per_child,
    former_uasc,
    in_sequence,
    rows_of,
    same,
    short_break,
    uasc_known,
    upper,
    with_dob,
)


def _runs_longer_than(d: ReturnData, *, status: str, days: int) -> pl.LazyFrame:
    """Episodes with legal status ``status`` in runs (one child's consecutive episodes of that
    status, each starting the day the one before it ended) lasting more than ``days`` from the
    run's first start to its last end. An open end, or one that is not a date, counts as the
    collection end (as the sector tool)."""
    dated = (
        d["Episodes"]
        .with_columns(to_date("DECOM").alias("__s"), to_date("DEC").fill_null(end(d)).alias("__e"))
        .filter(pl.col("__s").is_not_null())
    )
    seq = in_sequence(dated, by=[pl.col("__s")], columns=["__e", "LS"])
    continues = same(pl.col("__e_1"), pl.col("__s")) & same(pl.col("LS_1"), pl.lit(status))
    runs = seq.filter(pl.col("LS") == status).with_columns(
        (~continues).cast(pl.UInt32).cum_sum().over("CHILD").alias("__run")
    )
    length = (pl.col("__e").max() - pl.col("__s").min()).over("CHILD", "__run")
    return runs.filter((length.dt.total_days() > days).fill_null(False))


@rule(
    code="351",
    message="Child was over 25 at the start of the current collection year.",
    fields=["DOB"],
    tables=["Header"],
)
def _351(d: ReturnData) -> Flags:
    over_25 = start(d) > add_years(to_date("DOB"), 25)
    return {"Header": d["Header"].filter(over_25.fill_null(False))}


@rule(
    code="352",
    message="Child who started to be looked after was aged 18 or over.",
    fields=["DECOM", "RNE"],
    tables=["Episodes"],
    needs=["Header"],
)
def _352(d: ReturnData) -> Flags:
    eps = with_dob(d["Episodes"], d)
    started_adult = (upper("RNE") == "S") & (add_years(pl.col("DOB"), 18) <= to_date("DECOM"))
    return {"Episodes": eps.filter(started_adult.fill_null(False))}


@rule(
    code="353",
    message="No episode submitted can start before 14 October 1991.",
    fields=["DECOM"],
    tables=["Episodes"],
)
def _353(d: ReturnData) -> Flags:
    # 14 October 1991: the Children Act 1989 came into force.
    early = to_date("DECOM") < pl.lit(date(1991, 10, 14))
    return {"Episodes": d["Episodes"].filter(early.fill_null(False))}


@rule(
    code="354",
    message="Date episode ceased must be on or before the end of the current collection year.",
    fields=["DECOM"],
    tables=["Episodes"],
)
def _354(d: ReturnData) -> Flags:
    # The DfE rule checks DECOM here (its message is shared with 385, which checks DEC).
    return {"Episodes": d["Episodes"].filter((to_date("DECOM") > end(d)).fill_null(False))}


@rule(
    code="355",
    message="Episode appears to have lasted for less than 24 hours",
    fields=["DECOM", "DEC"],
    tables=["Episodes"],
    differs="The sector tool compares the two cells as text, so an episode with neither date "
    "is flagged as lasting under a day; an episode needs both dates to have a length.",
)
def _355(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(same(pl.col("DECOM"), pl.col("DEC")))}


@rule(
    code="356",
    message="The date the episode ceased is before the date the same episode started.",
    fields=["DECOM"],
    tables=["Episodes"],
)
def _356(d: ReturnData) -> Flags:
    backwards = to_date("DEC") < to_date("DECOM")
    return {"Episodes": d["Episodes"].filter(backwards.fill_null(False))}


@rule(
    code="357",
    message="If this is the first episode ever for this child, reason for new episode must be S.  "
    "Check whether there is an episode immediately preceding this one, which has been left out.  "
    "If not the reason for new episode code must be amended to S.",
    fields=["RNE"],
    tables=["Episodes"],
)
def _357(d: ReturnData) -> Flags:
    # Only first episodes starting in the year: earlier ones were checked in earlier returns.
    first = first_per_child(d["Episodes"], to_date("DECOM"))
    wrong = (pl.col("__by") >= start(d)) & differ(pl.col("RNE"), pl.lit("S"))
    return {"Episodes": rows_of(d["Episodes"], first.filter(wrong))}


@rule(
    code="358",
    message="Child with this legal status should not be under 10.",
    fields=["DECOM", "DOB", "LS"],
    tables=["Episodes", "Header"],
)
def _358(d: ReturnData) -> Flags:
    # J1–J3: remanded or detained under criminal justice legislation, not below the age of
    # criminal responsibility (10).
    eps = with_dob(d["Episodes"], d)
    young = pl.col("LS").is_in(["J1", "J2", "J3"]) & (
        add_years(pl.col("DOB"), 10) >= to_date("DECOM")
    )
    flagged = eps.filter(young.fill_null(False))
    header = d["Header"].join(flagged.select("CHILD").unique(), on="CHILD", how="semi")
    return {"Episodes": flagged, "Header": header}


@rule(
    code="359",
    message="Child being looked after following 18th birthday must be accommodated under "
    "section 20(5) of the Children Act 1989 in a community home.",
    fields=["DEC", "LS", "PLACE"],
    tables=["Episodes"],
    needs=["Header"],
    differs=OPEN_EPISODES_DIFFER,
)
def _359(d: ReturnData) -> Flags:
    eps = with_dob(d["Episodes"], d)
    adult = (add_years(pl.col("DOB"), 18) < end(d)).fill_null(False)
    s20_5 = same(pl.col("LS"), pl.lit("V2")) & same(pl.col("PLACE"), pl.lit("K2"))
    return {"Episodes": eps.filter(adult & pl.col("DEC").is_null() & ~s20_5)}


_RUN_DIFFERS = (
    "The sector tool chains an episode to the one before it of the same status when that one "
    "ended as the next episode (of any status) began, so two {ls} episodes around an episode "
    "of another status count as one; the legal status was interrupted, so we only chain {ls} "
    "episodes that follow on directly."
)


@rule(
    code="361",
    message="Police protection legal status lasted longer than maximum 72 hours allowed "
    "in the Children Act 1989.",
    fields=["DECOM", "LS", "DEC"],
    tables=["Episodes"],
    differs=_RUN_DIFFERS.format(ls="L1"),
)
def _361(d: ReturnData) -> Flags:
    return {"Episodes": rows_of(d["Episodes"], _runs_longer_than(d, status="L1", days=3))}


@rule(
    code="362",
    message="Emergency protection order (EPO) lasted longer than 21 days",
    fields=["DECOM", "LS", "DEC"],
    tables=["Episodes"],
    differs=_RUN_DIFFERS.format(ls="L2"),
)
def _362(d: ReturnData) -> Flags:
    return {"Episodes": rows_of(d["Episodes"], _runs_longer_than(d, status="L2", days=21))}


_FILE_ORDER_DIFFERS = (
    "The sector tool means to order {ls} episodes by child and start date but does not keep "
    "the sorted frame, so it joins episodes into one period in file order; we order by child "
    "and start date as intended."
)


@rule(
    code="363",
    message="Child assessment order (CAO) lasted longer than 7 days allowed in the Children "
    "Act 1989.",
    fields=["LS", "DECOM", "DEC"],
    tables=["Episodes"],
    differs=_FILE_ORDER_DIFFERS.format(ls="L3"),
)
def _363(d: ReturnData) -> Flags:
    runs = _runs_of_status(d, status="L3", days=7)
    return {"Episodes": rows_of(d["Episodes"], runs)}


@rule(
    code="364",
    message="Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits "
    "the time a child can be detained in custody in Local Authority (LA) accommodation.",
    fields=["LS", "DECOM", "DEC"],
    tables=["Episodes"],
    differs=_FILE_ORDER_DIFFERS.format(ls="J2"),
)
def _364(d: ReturnData) -> Flags:
    runs = _runs_of_status(d, status="J2", days=21)
    return {"Episodes": rows_of(d["Episodes"], runs)}


def _runs_of_status(d: ReturnData, *, status: str, days: int) -> pl.LazyFrame:
    """Episodes of ``status`` in periods (same child, each starting on or before the previous
    one's end) whose episodes' lengths add up to more than ``days`` (rules 363, 364). An open
    episode runs to the collection end; one whose DEC is not a date adds nothing."""
    eps = d["Episodes"].filter(pl.col("LS") == status)
    dated = eps.with_columns(to_date("DECOM").alias("__s"), end_or_open(d).alias("__e")).filter(
        pl.col("__s").is_not_null()
    )
    seq = in_sequence(dated, by=[pl.col("__s")], columns=["ROW", "__e"])
    new = pl.col("ROW_1").is_null() | (pl.col("__s") > pl.col("__e_1")).fill_null(False)
    total = (pl.col("__e") - pl.col("__s")).dt.total_days().sum().over("CHILD", "__run")
    return seq.with_columns(new.cast(pl.UInt32).cum_sum().over("CHILD").alias("__run")).filter(
        total > days
    )


@rule(
    code="365",
    message="Any individual short- term respite placement must not exceed 17 days.",
    fields=["LS", "DECOM", "DEC"],
    tables=["Episodes"],
)
def _365(d: ReturnData) -> Flags:
    # An open episode runs to the collection end; a DEC that is not a date is left alone.
    ended = end_or_open(d)
    too_long = (pl.col("LS") == "V3") & (ended > to_date("DECOM").dt.offset_by("17d"))
    return {"Episodes": d["Episodes"].filter(too_long.fill_null(False))}


@rule(
    code="366",
    message="A child cannot change placement during the course of an individual short-term "
    "respite break.",
    fields=["RNE"],
    tables=["Episodes"],
)
def _366(d: ReturnData) -> Flags:
    changed = same(pl.col("LS"), pl.lit("V3")) & differ(pl.col("RNE"), pl.lit("S"))
    return {"Episodes": d["Episodes"].filter(changed)}


@rule(
    code="367",
    message="The maximum amount of respite care allowable is 75 days in any 12-month period.",
    fields=["LS", "DECOM", "DEC"],
    tables=["Episodes"],
)
def _367(d: ReturnData) -> Flags:
    # Days of V3 care within the collection year: episodes clipped to the year; an open
    # episode runs to its end. A DEC that is given but not a date leaves the length unknown.
    dec = to_date("DEC")
    ends = pl.when(pl.col("DEC").is_null() | (dec > end(d))).then(end(d)).otherwise(dec)
    decom = to_date("DECOM")
    starts = pl.when(decom < start(d)).then(start(d)).otherwise(decom)
    v3 = (
        d["Episodes"]
        .filter(pl.col("LS") == "V3")
        .with_columns((ends - starts).dt.total_days().alias("__days"))
    )
    counted = v3.filter((pl.col("__days") > 0).fill_null(False) & pl.col("CHILD").is_not_null())
    return {"Episodes": counted.filter(pl.col("__days").sum().over("CHILD") > 75)}


def _placed_too_young(d: ReturnData, *, place: str, age: int) -> pl.LazyFrame:
    """Episodes in placement ``place`` starting before the child's ``age``-th birthday."""
    eps = with_dob(d["Episodes"].filter(pl.col("PLACE") == place), d)
    return eps.filter((to_date("DECOM") < add_years(pl.col("DOB"), age)).fill_null(False))


_OPEN_DIFFERS = (
    "The sector tool only checks episodes that have ended (it drops those without a DEC); the "
    "DfE rule compares the child's age on DECOM, which an open placement has too."
)


@rule(
    code="371",
    message="Child in supported accomodation not subject to children’s homes regulations "
    "should be at least 16.",
    fields=["DECOM", "PLACE"],
    tables=["Episodes"],
    needs=["Header"],
    differs=_OPEN_DIFFERS,
)
def _371(d: ReturnData) -> Flags:
    return {"Episodes": _placed_too_young(d, place="K3", age=16)}


@rule(
    code="372",
    message="Child in youth custody or prison should be at least 10.",
    fields=["DECOM", "PLACE"],
    tables=["Episodes"],
    needs=["Header"],
    differs=_OPEN_DIFFERS,
)
def _372(d: ReturnData) -> Flags:
    return {"Episodes": _placed_too_young(d, place="R5", age=10)}


@rule(
    code="373",
    message="Child placed in a school should be at least 4 years old.",
    fields=["DECOM", "PLACE"],
    tables=["Episodes"],
    needs=["Header"],
    differs=_OPEN_DIFFERS,
)
def _373(d: ReturnData) -> Flags:
    return {"Episodes": _placed_too_young(d, place="S1", age=4)}


@rule(
    code="374",
    message="Child in residential employment should be at least 14 years old.",
    fields=["DECOM", "PLACE"],
    tables=["Episodes"],
    needs=["Header"],
    differs=_OPEN_DIFFERS,
)
def _374(d: ReturnData) -> Flags:
    return {"Episodes": _placed_too_young(d, place="P3", age=14)}


def _temporary_too_long(d: ReturnData, *, place: str, days: int) -> pl.LazyFrame:
    """Ended episodes in temporary placement ``place`` lasting more than ``days``."""
    long = to_date("DEC") > to_date("DECOM").dt.offset_by(f"{days}d")
    return d["Episodes"].filter((pl.col("PLACE") == place) & long.fill_null(False))


_NO_DOB_DIFFERS = (
    "The sector tool only checks children with a valid date of birth in the Header; the "
    "length of a placement does not depend on the child's age."
)


@rule(
    code="375",
    message="Hospitalisation coded as a temporary placement exceeds six weeks.",
    fields=["DECOM", "PLACE"],
    tables=["Episodes"],
    differs=_NO_DOB_DIFFERS,
)
def _375(d: ReturnData) -> Flags:
    return {"Episodes": _temporary_too_long(d, place="T1", days=42)}


@rule(
    code="376",
    message="Temporary placements coded as being due to holiday of usual foster carer(s) "
    "cannot exceed three weeks.",
    fields=["DECOM", "PLACE"],
    tables=["Episodes"],
    differs=_NO_DOB_DIFFERS,
)
def _376(d: ReturnData) -> Flags:
    return {"Episodes": _temporary_too_long(d, place="T3", days=21)}


@rule(
    code="377",
    message="Only two temporary placements coded as being due to holiday of usual foster "
    "carer(s) are allowed in any 12- month period.",
    fields=["PLACE"],
    tables=["Episodes"],
)
def _377(d: ReturnData) -> Flags:
    # The return spans little more than 12 months of T3 placements (each at most 3 weeks,
    # rule 376), so the DfE's 12-month window is the return itself.
    t3 = d["Episodes"].filter((pl.col("PLACE") == "T3") & pl.col("CHILD").is_not_null())
    return {"Episodes": t3.filter(pl.len().over("CHILD") > 2)}


@rule(
    code="378",
    message="A child who is placed with parent(s) cannot be looked after under a single period "
    "of accommodation under Section 20 of the Children Act 1989.",
    fields=["PLACE", "LS"],
    tables=["Episodes"],
)
def _378(d: ReturnData) -> Flags:
    placed = (pl.col("PLACE") == "P1") & (pl.col("LS") == "V2")
    return {"Episodes": d["Episodes"].filter(placed.fill_null(False))}


@rule(
    code="379",
    message="Temporary placements for unspecified reason (placement code T4) cannot exceed "
    "seven days.",
    fields=["DECOM", "PLACE"],
    tables=["Episodes"],
    differs=_NO_DOB_DIFFERS,
)
def _379(d: ReturnData) -> Flags:
    return {"Episodes": _temporary_too_long(d, place="T4", days=7)}


@rule(
    code="380",
    message="A period of care cannot start with a temporary placement.",
    fields=["PLACE", "RNE"],
    tables=["Episodes"],
)
def _380(d: ReturnData) -> Flags:
    # Only a change of placement (P, B) may lead into a temporary placement.
    starts = pl.col("PLACE").is_in(TEMPORARY) & ~pl.col("RNE").is_in(["P", "B"]).fill_null(False)
    return {"Episodes": d["Episodes"].filter(starts.fill_null(False))}


@rule(
    code="381",
    message="A period of care cannot end with a temporary placement.",
    fields=["PLACE", "REC"],
    tables=["Episodes"],
)
def _381(d: ReturnData) -> Flags:
    ends = pl.col("PLACE").is_in(TEMPORARY) & (pl.col("REC") != "X1")
    return {"Episodes": d["Episodes"].filter(ends.fill_null(False))}


@rule(
    code="382",
    message="A child receiving respite care cannot be in a temporary placement.",
    fields=["LS", "PLACE"],
    tables=["Episodes"],
)
def _382(d: ReturnData) -> Flags:
    both = pl.col("LS").is_in(RESPITE) & pl.col("PLACE").is_in(TEMPORARY)
    return {"Episodes": d["Episodes"].filter(both.fill_null(False))}


def _after_temporary(d: ReturnData, *, columns: list[str]) -> pl.LazyFrame:
    """Episodes following a temporary placement (a third or later episode of its child) that
    do not return the child to the placement before it: the reason is not P, or one of
    ``columns`` differs from the episode two before."""
    seq = in_sequence(
        d["Episodes"], by=[to_date("DECOM")], columns=["ROW", *columns], shifts=(1, 2)
    ).filter(pl.col("ROW_2").is_not_null())
    after_temporary = pl.col("PLACE_1").is_in(TEMPORARY).fill_null(False)
    returned = [differ(pl.col(c), pl.col(f"{c}_2")) for c in columns]
    return seq.filter(
        after_temporary & pl.any_horizontal(differ(pl.col("RNE"), pl.lit("P")), *returned)
    )


@rule(
    code="383",
    message="A child in a temporary placement must subsequently return to his/her normal "
    "placement.",
    fields=["PLACE"],
    tables=["Episodes"],
    years=frozenset({2025}),
)
def _383(d: ReturnData) -> Flags:
    return {"Episodes": rows_of(d["Episodes"], _after_temporary(d, columns=["PLACE"]))}


@rule(
    code="383",
    message="A child in a temporary placement must subsequently return to his/her normal "
    "placement.",
    fields=["PLACE", "RNE", "PL_POST"],
    tables=["Episodes"],
    years=frozenset({2026, 2027}),
)
def _383_2026(d: ReturnData) -> Flags:
    return {"Episodes": rows_of(d["Episodes"], _after_temporary(d, columns=["PLACE", "PL_POST"]))}


@rule(
    code="384",
    message="A child receiving respite care cannot be in a long-term foster placement ",
    fields=["PLACE", "LS"],
    tables=["Episodes"],
)
def _384(d: ReturnData) -> Flags:
    long_term = pl.col("LS").is_in(RESPITE) & pl.col("PLACE").is_in(["U1", "U4"])
    return {"Episodes": d["Episodes"].filter(long_term.fill_null(False))}


@rule(
    code="385",
    message="Date episode ceased must be on or before the end of the current collection year.",
    fields=["DEC"],
    tables=["Episodes"],
)
def _385(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter((to_date("DEC") > end(d)).fill_null(False))}


@rule(
    code="386",
    message="Reason episode ceased is adopted but child has reached age 18.",
    fields=["REC"],
    tables=["Episodes"],
    needs=["Header"],
)
def _386(d: ReturnData) -> Flags:
    eps = with_dob(d["Episodes"], d)
    adult = upper("REC").is_in(["E11", "E12"]) & (add_years(pl.col("DOB"), 18) <= to_date("DEC"))
    return {"Episodes": eps.filter(adult.fill_null(False))}


def _ceased_under(d: ReturnData, *, reasons: list[str], age: int) -> pl.LazyFrame:
    """Episodes ending for one of ``reasons`` before the child's ``age``-th birthday."""
    eps = with_dob(d["Episodes"], d)
    young = upper("REC").is_in(reasons) & (to_date("DEC") < add_years(pl.col("DOB"), age))
    return eps.filter(young.fill_null(False))


_UNKNOWN_AGE_DIFFERS = (
    "The sector tool also flags the episode when the child's date of birth (or, for 389, the "
    "date the episode ceased) is missing or invalid, as if the child were under {age}; an age "
    "that cannot be worked out is not under {age} (rules 102 and 1002 report the missing date)."
)


@rule(
    code="387",
    message="Reason episode ceased is child moved into independent living arrangement, but the "
    "child is aged under 14.",
    fields=["REC"],
    tables=["Episodes"],
    needs=["Header"],
    differs=_UNKNOWN_AGE_DIFFERS.format(age=14),
)
def _387(d: ReturnData) -> Flags:
    return {"Episodes": _ceased_under(d, reasons=["E5", "E6"], age=14)}


@rule(
    code="388",
    message="Reason episode ceased is coded new episode begins, but there is no continuation "
    "episode.",
    fields=["REC"],
    tables=["Episodes"],
)
def _388(d: ReturnData) -> Flags:
    # An episode without a valid start sorts first (the sector tool dates it 1 January 1901).
    decom = to_date("DECOM").fill_null(pl.lit(date(1901, 1, 1)))
    seq = in_sequence(
        d["Episodes"].with_columns(decom.alias("__s"), to_date("DEC").alias("__e")),
        by=[pl.col("__s")],
        columns=["__s"],
        shifts=(-1,),
    )
    ended, x1, following = pl.col("__e").is_not_null(), pl.col("REC") == "X1", pl.col("__s_-1")
    continues = same(pl.col("__e"), following)
    wrong = (
        pl.when(following.is_null())
        .then(ended & x1)
        .otherwise(ended & ((x1 & ~continues) | (~x1 & continues)))
    )
    return {"Episodes": rows_of(d["Episodes"], seq.filter(wrong.fill_null(False)))}


@rule(
    code="389",
    message="Reason episode ceased is that child transferred to care of adult social care "
    "services, but child is aged under 16.",
    fields=["REC"],
    tables=["Episodes"],
    needs=["Header"],
    differs=_UNKNOWN_AGE_DIFFERS.format(age=16),
)
def _389(d: ReturnData) -> Flags:
    return {"Episodes": _ceased_under(d, reasons=["E7"], age=16)}


@rule(
    code="390",
    message="Reason episode ceased is adopted but child has not been previously placed for "
    "adoption.",
    fields=["PLACE", "REC"],
    tables=["Episodes"],
)
def _390(d: ReturnData) -> Flags:
    # A3–A6: placed for adoption (with or without consent or a placement order).
    adopted = pl.col("REC").is_in(["E11", "E12"]).fill_null(False)
    placed = pl.col("PLACE").is_in(["A3", "A4", "A5", "A6"]).fill_null(False)
    return {"Episodes": d["Episodes"].filter(adopted & ~placed)}


@rule(
    code="391",
    message="Young person was not 17, 18, 19, 20 or 21 during the current collection year. ",
    fields=["DOB", *LEAVER_ITEMS],
    tables=["OC3"],
)
def _391(d: ReturnData) -> Flags:
    under_17 = (add_years(to_date("DOB"), 17) > end(d)).fill_null(False)
    answered = any_filled(LEAVER_ITEMS)
    return {"OC3": d["OC3"].filter(under_17 & answered)}


@rule(
    code="392a",
    message="Child is looked after but no distance is recorded. [NOTE: This check may result in "
    "false positives for children formerly UASC]",
    fields=["PL_DISTANCE"],
    tables=["Episodes"],
    needs=["postcodes"],
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
    respite = eps.filter(short_break().all().over("CHILD"))
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
