"""Rules 200–299 on the child: changes since last year's Header, UASC status, care leavers."""

from __future__ import annotations

from datetime import date

import polars as pl

from incare.validation.data import ROW, ReturnData
from incare.validation.expr import add_years, end, start, to_date
from incare.validation.rule import Flags, rule
from incare.validation.rules._shared import LEAVER_ITEMS, OC2_ITEMS, any_filled, one_of, rows_from


def _with_last(d: ReturnData, *columns: str) -> pl.LazyFrame:
    """This year's Header rows of children also in last year's Header, with last year's
    ``columns`` suffixed ``_last`` (one row per pair of matching rows)."""
    last = d["Header_last"].select("CHILD", *(pl.col(c).alias(c + "_last") for c in columns))
    return d["Header"].join(last, on="CHILD", how="inner")


def _uasc_flags(d: ReturnData, suffix: str) -> pl.LazyFrame:
    """CHILD, UASC ("1"/"0") and the Header row (``__h``) for this year (suffix "") or
    last (``_last``). From the Header's UASC flag when the Header was supplied (incare
    derives it from the UASC table, as the sector tool does for CSV); otherwise from the
    UASC table itself, where a child counts as UASC if its row records sex or a ceased
    date (as in the sector tool)."""
    if d.has("Header" + suffix):
        return d["Header" + suffix].select(pl.col(ROW).alias("__h"), "CHILD", "UASC")
    recorded = any_filled(["SEX", "DUC"])
    return d["UASC" + suffix].select(
        pl.lit(None, pl.UInt32).alias("__h"),
        "CHILD",
        pl.when(recorded).then(pl.lit("1")).otherwise(pl.lit("0")).alias("UASC"),
    )


def _uasc_years(d: ReturnData) -> pl.LazyFrame:
    """Each UASC row of this year (``__u``), with the child's UASC flag and Header row this
    year and, from last year's UASC table, DUC_last, DOB_last and UASC_last."""
    current = (
        d["UASC"]
        .select(pl.col(ROW).alias("__u"), "CHILD", "DUC", "DOB")
        .join(_uasc_flags(d, ""), on="CHILD", how="left")
    )
    last = (
        d["UASC_last"]
        .select("CHILD", pl.col("DUC").alias("DUC_last"), pl.col("DOB").alias("DOB_last"))
        .join(
            _uasc_flags(d, "_last").select("CHILD", pl.col("UASC").alias("UASC_last")),
            on="CHILD",
            how="left",
        )
    )
    return current.join(last, on="CHILD", how="left")


def _uasc_flagged(d: ReturnData, bad: pl.LazyFrame) -> Flags:
    flags = {"UASC": rows_from(bad, "__u")}
    if d.has("Header"):
        flags["Header"] = rows_from(bad, "__h")
    return flags


def _shift_year(day: date, n: int) -> date:
    """``day`` moved ``n`` years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + n)
    except ValueError:
        return day.replace(year=day.year + n, day=28)


@rule(
    code="202",
    message="The gender code conflicts with the gender already recorded for this child.",
    fields=["SEX"],
    tables=["Header"],
    needs=["Header", "Header_last"],
    differs=(
        "SEX was coded 1/2 before the 2024/25 collection and M/F since; the sector tool "
        "compares the codes as written, so against a 2023/24 return it flags every child. "
        "incare reads 1 as M and 2 as F before comparing."
    ),
)
def _202(d: ReturnData) -> Flags:
    def sex(column: str) -> pl.Expr:
        return pl.col(column).replace({"1": "M", "2": "F"})

    return {"Header": _with_last(d, "SEX").filter(sex("SEX").ne_missing(sex("SEX_last")))}


@rule(
    code="203",
    message="Date of birth disagrees with the date of birth already recorded for this child.",
    fields=["DOB"],
    tables=["Header"],
    needs=["Header", "Header_last"],
)
def _203(d: ReturnData) -> Flags:
    # Compared as dates (two unreadable dates count as the same).
    changed = to_date("DOB").ne_missing(to_date("DOB_last"))
    return {"Header": _with_last(d, "DOB").filter(changed)}


@rule(
    code="204",
    message="Ethnic origin code disagrees with the ethnic origin already recorded for this child.",
    fields=["ETHNIC"],
    tables=["Header"],
    needs=["Header", "Header_last"],
)
def _204(d: ReturnData) -> Flags:
    changed = (
        pl.col("ETHNIC").str.to_uppercase().ne_missing(pl.col("ETHNIC_last").str.to_uppercase())
    )
    return {"Header": _with_last(d, "ETHNIC").filter(changed)}


@rule(
    code="205A",
    message=(
        "Child identified as UASC last year is no longer UASC this year, but date UASC "
        "ceased in both years does not support this."
    ),
    fields=["CHILD", "UASC"],
    tables=["UASC"],
    needs=["UASC", "UASC_last"],
)
def _205A(d: ReturnData) -> Flags:
    # Also flags the child's Header row when the Header was supplied.
    first, last = _shift_year(d.collection_start, -1), _shift_year(d.collection_end, -1)
    duc_last = to_date("DUC_last")
    ceased_last_year = duc_last.is_between(pl.lit(first), pl.lit(last)).fill_null(False)
    last_year_only = pl.col("UASC").ne_missing(pl.lit("1")) & one_of("UASC_last", "1")
    bad = last_year_only & (pl.col("DUC").is_not_null() | ~ceased_last_year)
    return _uasc_flagged(d, _uasc_years(d).filter(bad))


@rule(
    code="205B",
    message=(
        "Child previously identified as UASC is also UASC this year, but date UASC ceased in "
        "both years does not support this."
    ),
    fields=["DUC", "UASC"],
    tables=["UASC"],
    needs=["UASC", "UASC_last"],
)
def _205B(d: ReturnData) -> Flags:
    # Also flags the child's Header row when the Header was supplied.
    duc, duc_last = to_date("DUC"), to_date("DUC_last")
    eighteenth_last = add_years(to_date("DOB_last"), 18)
    both_years = one_of("UASC", "1") & one_of("UASC_last", "1")
    ceased_this_year = duc.is_between(start(d), end(d)).fill_null(False)
    same_duc = (duc == duc_last).fill_null(False)
    last_at_18 = (duc_last == eighteenth_last).fill_null(False)
    bad = both_years & ((~ceased_this_year & ~same_duc) | ~last_at_18)
    return _uasc_flagged(d, _uasc_years(d).filter(bad))


@rule(
    code="205C",
    message=(
        "Child not identified as UASC either this year or last year but date UASC ceased has "
        "been provided."
    ),
    fields=["DUC", "UASC"],
    tables=["UASC"],
    needs=["UASC", "UASC_last"],
)
def _205C(d: ReturnData) -> Flags:
    # Also flags the child's Header row when the Header was supplied.
    never = pl.all_horizontal(
        *(pl.col(c).is_null() | one_of(c, "0") for c in ("UASC", "UASC_last"))
    )
    has_duc = to_date("DUC").is_not_null() | to_date("DUC_last").is_not_null()
    return _uasc_flagged(d, _uasc_years(d).filter(never & has_duc))


@rule(
    code="205D",
    message=(
        "Child identified as UASC this year but not identified as UASC status provided for "
        "the child last year."
    ),
    fields=["UASC", "CHILD"],
    tables=["UASC"],
    needs=["UASC", "UASC_last"],
)
def _205D(d: ReturnData) -> Flags:
    # Flags the Header row when the Header was supplied, else the UASC row.
    if d.has("Header"):
        current = _uasc_flags(d, "").rename({"__h": "__row"})
        flagged = "Header"
    else:
        current = (
            d["UASC"]
            .select(pl.col(ROW).alias("__row"), "CHILD")
            .join(_uasc_flags(d, "").select("CHILD", "UASC"), on="CHILD", how="left")
        )
        flagged = "UASC"
    last = _uasc_flags(d, "_last").select("CHILD", pl.col("UASC").alias("UASC_last"))
    bad = current.join(last, on="CHILD", how="inner").filter(
        one_of("UASC", "1") & pl.col("UASC_last").ne_missing(pl.lit("1"))
    )
    return {flagged: rows_from(bad, "__row")}


@rule(
    code="207",
    message=(
        "Mother status for the current year disagrees with the mother status already "
        "recorded for this child."
    ),
    fields=["MOTHER"],
    tables=["Header"],
    needs=["Header", "Header_last", "Episodes"],
)
def _207(d: ReturnData) -> Flags:
    # A mother last year is still one this year, if the child is still looked after.
    with_episodes = _with_last(d, "MOTHER").join(
        d["Episodes"].select("CHILD").unique(), on="CHILD", how="semi"
    )
    changed = one_of("MOTHER_last", "1") & pl.col("MOTHER").ne_missing(pl.lit("1"))
    return {"Header": with_episodes.filter(changed)}


@rule(
    code="208",
    message=(
        "Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil "
        "Number (UPN) already recorded for this child."
    ),
    fields=["UPN"],
    tables=["Header"],
    needs=["Header", "Header_last"],
)
def _208(d: ReturnData) -> Flags:
    # Allowed changes: unknown (UN1 or blank) to another unknown reason (UN2–UN5), and
    # unknown (any UN code or blank) to a real UPN. Both blank is left to rule 442.
    now, before = pl.col("UPN").str.to_uppercase(), pl.col("UPN_last").str.to_uppercase()
    unknown = ["UN1", "UN2", "UN3", "UN4", "UN5"]
    changed = now.ne_missing(before)
    to_other_unknown = (before.eq_missing(pl.lit("UN1")) | before.is_null()) & now.is_in(
        unknown[1:]
    ).fill_null(False)
    now_known = now.is_not_null() & ~now.is_in(unknown).fill_null(False)
    to_known = (before.is_null() | before.is_in(unknown).fill_null(False)) & now_known
    bad = changed & ~to_other_unknown & ~to_known
    return {"Header": _with_last(d, "UPN").filter(bad)}


@rule(
    code="209",
    message=(
        "Child looked after is of school age and should not have an unknown Unique Pupil "
        "Number (UPN) code of UN1."
    ),
    fields=["UPN", "DOB"],
    tables=["Header"],
)
def _209(d: ReturnData) -> Flags:
    # School age: 4 or over on 31 August before the collection year began.
    reference = date(d.collection_start.year - 1, 8, 31)
    school_age = add_years(to_date("DOB"), 4) <= pl.lit(reference)
    return {"Header": d["Header"].filter(school_age & one_of("UPN", "UN1"))}


@rule(
    code="210",
    message=(
        "Children looked after for more than a week at 31 March should not have an unknown "
        "Unique Pupil Number (UPN) code of UN4."
    ),
    fields=["UPN", "DECOM"],
    tables=["Header", "Episodes"],
)
def _210(d: ReturnData) -> Flags:
    # UN4 ("just started to be looked after") only fits episodes starting in the last
    # week of the year, from 24 March.
    reference = pl.lit(date(d.collection_end.year, 3, 24))
    upn = d["Header"].select(pl.col(ROW).alias("__h"), "CHILD", "UPN")
    episodes = d["Episodes"].select(
        pl.col(ROW).alias("__e"), "CHILD", to_date("DECOM").alias("__decom")
    )
    bad = episodes.join(upn, on="CHILD", how="inner").filter(
        one_of("UPN", "UN4") & (pl.col("__decom") >= reference).fill_null(False)
    )
    return {"Episodes": rows_from(bad, "__e"), "Header": rows_from(bad, "__h")}


@rule(
    code="215",
    message=(
        "Child has care leaver information but one or more data items relating to children "
        "looked after for 12 months have been completed."
    ),
    fields=[*LEAVER_ITEMS, *OC2_ITEMS],
    tables=["OC3", "OC2"],
)
def _215(d: ReturnData) -> Flags:
    oc2_items = OC2_ITEMS
    oc3 = d["OC3"].filter(any_filled(LEAVER_ITEMS))
    oc2 = d["OC2"].filter(any_filled(oc2_items))
    bad = oc3.select(pl.col(ROW).alias("__3"), "CHILD").join(
        oc2.select(pl.col(ROW).alias("__2"), "CHILD"), on="CHILD", how="inner"
    )
    return {"OC3": rows_from(bad, "__3"), "OC2": rows_from(bad, "__2")}


@rule(
    code="231",
    message=(
        "We expect that unaccompanied asylum seeking children are generally older young "
        "people. Please check the date of birth is correct. If the date of birth is correct "
        "then please provide details in a bypass request."
    ),
    fields=["DOB", "UASC"],
    tables=["Header"],
    needs=["Header", "UASC"],
    differs=(
        "The sector tool reads a UASC_STATUS column that CSV uploads never have, so it "
        "crashes on every CSV upload (a known fault of 0.1.17); incare reads the UASC status "
        "from the UASC table (Header UASC), so the rule runs when the UASC table is supplied."
    ),
)
def _231(d: ReturnData) -> Flags:
    # UASC children are expected to be 11 or older at 31 March.
    eleven = _shift_year(d.collection_end, -11)
    young = (to_date("DOB") > pl.lit(eleven)).fill_null(False)
    return {"Header": d["Header"].filter(young & one_of("UASC", "1"))}


@rule(
    code="232",
    message="Sex of the child/young person has been reported as unknown.",
    fields=["SEX"],
    tables=["Header"],
)
def _232(d: ReturnData) -> Flags:
    return {"Header": d["Header"].filter(pl.col("SEX").str.to_uppercase().eq_missing(pl.lit("U")))}
