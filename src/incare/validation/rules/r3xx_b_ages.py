"""Rules 351–399 on ages and episode dates: start and end dates, first episodes, ages at
starting and ceasing care."""

from __future__ import annotations

from datetime import date

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.expr import add_years, end, start, to_date
from incare.validation.rule import Flags, rule
from incare.validation.rules._shared import (
    ADOPTION,
    LEAVER_ITEMS,
    OPEN_EPISODES_DIFFER,
    any_filled,
    differ,
    first_per_child,
    in_sequence,
    rows_of,
    same,
    upper,
    with_dob,
)


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
    placed = pl.col("PLACE").is_in(ADOPTION).fill_null(False)
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
