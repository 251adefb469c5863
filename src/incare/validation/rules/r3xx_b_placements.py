"""Rules 351–399 on legal statuses that may only last so long, respite and temporary
placements, and placements with a minimum age."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.expr import add_years, end, start, to_date
from incare.validation.rule import Flags, rule
from incare.validation.rules._shared import (
    RESPITE,
    TEMPORARY,
    differ,
    end_or_open,
    in_sequence,
    rows_of,
    same,
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
