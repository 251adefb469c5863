"""Rules 200–299: changes since last year, UASC status, placement providers and URNs."""

from __future__ import annotations

from datetime import date

import polars as pl

from incare.validation.data import ROW, ReturnData
from incare.validation.expr import add_years, end, start, to_date
from incare.validation.rule import Flags, rule, years
from incare.validation.rules._shared import (
    LEAVER_ITEMS,
    NO_URN,
    OC2_ITEMS,
    any_filled,
    located,
    one_of,
    rows_from,
    short_break,
    urn_given,
)


def _with_last(d: ReturnData, *columns: str) -> pl.LazyFrame:
    """This year's Header rows of children also in last year's Header, with last year's
    ``columns`` suffixed ``_last`` (one row per pair of matching rows)."""
    last = d["Header_last"].select("CHILD", *(pl.col(c).alias(c + "_last") for c in columns))
    return d["Header"].join(last, on="CHILD", how="inner")


def _providers(d: ReturnData, *columns: str) -> pl.LazyFrame:
    """The Ofsted provider list's URN and ``columns`` (blank where the list lacks one)."""
    frame = d.providers if d.providers is not None else pl.DataFrame({"URN": []})
    present = set(frame.columns)
    return frame.lazy().select(
        pl.col("URN").cast(pl.String),
        *(
            pl.col(c).cast(pl.String) if c in present else pl.lit(None, pl.String).alias(c)
            for c in columns
        ),
    )


def _episodes_at_providers(d: ReturnData, *columns: str) -> pl.LazyFrame:
    """Episodes with an Ofsted URN, each joined to its provider's ``columns`` (blank when
    the URN is not in the list)."""
    at = d["Episodes"].filter(urn_given())
    return at.join(_providers(d, *columns), on="URN", how="left")


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
    code="215",
    message=(
        "Child has care leaver information but one or more data items relating to children "
        "looked after for 12 months have been completed."
    ),
    fields=[
        "IN_TOUCH",
        "ACTIV",
        "ACCOM",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ],
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
    exempt = ["P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"]
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
    exempt = [
        "P1",
        "P3",
        "R1",
        "R2",
        "R5",
        "T0",
        "T1",
        "T2",
        "T3",
        "T4",
        "Z11",
        "Z12",
        "Z13",
        "Z14",
    ]
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
    code="219",
    message=(
        "The Ofsted Unique reference number (URN) provided for the child's placement does "
        "not match the placement type recorded."
    ),
    fields=["URN", "PLACE"],
    tables=["Episodes"],
    needs=["Episodes", "providers"],
)
def _219(d: ReturnData) -> Flags:
    # PLACE_CODES lists the provider's placement types, comma separated.
    allowed = pl.col("PLACE_CODES").str.split(",").list.contains(pl.col("PLACE"))
    episodes = _episodes_at_providers(d, "PLACE_CODES")
    return {
        "Episodes": episodes.filter(~(allowed.fill_null(False) & pl.col("PLACE").is_not_null()))
    }


@rule(
    code="221",
    message=(
        "The Ofsted Unique reference number (URN) provided for the child's placement does "
        "not match the placement postcode provided."
    ),
    fields=["PL_POST"],
    tables=["Episodes"],
    needs=["Episodes", "providers"],
)
def _221(d: ReturnData) -> Flags:
    # Residential placements at the provider's own premises (K1, K2, K3, R3, S1).
    checked = (
        ~short_break()
        & pl.col("PLACE").is_in(["K1", "K2", "K3", "R3", "S1"]).fill_null(False)
        & pl.col("PL_POST").is_not_null()
    )
    episodes = _episodes_at_providers(d, "POSTCODE").filter(checked)
    posted = pl.col("PL_POST").str.replace_all(" ", "", literal=True)
    return {"Episodes": episodes.filter(posted.ne_missing(pl.col("POSTCODE")))}


@rule(
    code="222",
    message="Ofsted Unique reference number (URN) should not be recorded for this placement type.",
    fields=["URN"],
    tables=["Episodes"],
    years=years(2025, 2025),
)
def _222_2025(d: ReturnData) -> Flags:
    # Placements with no Ofsted registration, as the 2024/25 rule lists them.
    unregistered = ["P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"]
    bad = pl.col("PLACE").is_in(unregistered).fill_null(False) & urn_given()
    return {"Episodes": d["Episodes"].filter(bad)}


@rule(
    code="222",
    message="Ofsted Unique reference number (URN) should not be recorded for this placement type.",
    fields=["URN"],
    tables=["Episodes"],
    years=years(2026),
)
def _222_2026(d: ReturnData) -> Flags:
    # Placements with no Ofsted registration, as the 2025/26 rule lists them.
    unregistered = [
        "P1",
        "P3",
        "R1",
        "R2",
        "R5",
        "T0",
        "T1",
        "T2",
        "T3",
        "T4",
        "Z11",
        "Z12",
        "Z13",
        "Z14",
    ]
    bad = pl.col("PLACE").is_in(unregistered).fill_null(False) & urn_given()
    return {"Episodes": d["Episodes"].filter(bad)}


@rule(
    code="224",
    message=(
        "The Ofsted Unique reference number (URN) provided for the child's placement does "
        "not match the placement provider recorded."
    ),
    fields=["PLACE_PROVIDER"],
    tables=["Episodes"],
    needs=["Episodes", "providers"],
)
def _224(d: ReturnData) -> Flags:
    # PROVIDER_CODES lists the provider's PR codes, comma separated.
    allowed = pl.col("PROVIDER_CODES").str.split(",").list.contains(pl.col("PLACE_PROVIDER"))
    episodes = _episodes_at_providers(d, "PROVIDER_CODES")
    ok = allowed.fill_null(False) & pl.col("PLACE_PROVIDER").is_not_null()
    return {"Episodes": episodes.filter(~ok)}


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
    code="227",
    message="Ofsted Unique reference number (URN) is not valid for the episode start date.",
    fields=["URN", "DECOM"],
    tables=["Episodes"],
    needs=["Episodes", "providers"],
)
def _227(d: ReturnData) -> Flags:
    reg_end = to_date("REG_END")
    late = (to_date("DECOM") >= reg_end).fill_null(False)
    return {"Episodes": _episodes_at_providers(d, "REG_END").filter(reg_end.is_not_null() & late)}


@rule(
    code="228",
    message=(
        "Ofsted Unique reference number (URN) is not valid for the episode end date [NOTE: "
        "may give false positives on open episodes at providers who close during the year]"
    ),
    fields=["URN", "DEC"],
    tables=["Episodes"],
    needs=["Episodes", "providers"],
)
def _228(d: ReturnData) -> Flags:
    # An open episode must be at a provider still registered on 31 March.
    reg_end, dec = to_date("REG_END"), to_date("DEC")
    after = pl.when(dec.is_null()).then(end(d) > reg_end).otherwise(dec > reg_end)
    episodes = _episodes_at_providers(d, "REG_END").filter(reg_end.is_not_null())
    return {"Episodes": episodes.filter(after.fill_null(False))}


@rule(
    code="229",
    message=(
        "Placement provider does not match between the placing authority and the local "
        "authority code of the provider. [NOTE: The provider's LA code is inferred from the "
        "its postcode, and may be inaccurate in some cases.]"
    ),
    fields=["URN", "PLACE_PROVIDER"],
    tables=["Episodes"],
    years=years(2025, 2025),
    needs=["Episodes", "providers"],
)
def _229_2025(d: ReturnData) -> Flags:
    # PR1 is the council's own provision, PR2 another council's: compare the provider's
    # authority (inferred from its postcode) with this one.
    if d.la_code is None:
        return {}
    here = pl.lit(d.la_code)
    provider_la = pl.col("LA_CODE_INFERRED")
    episodes = _episodes_at_providers(d, "LA_CODE_INFERRED")
    bad = (one_of("PLACE_PROVIDER", "PR1") & provider_la.ne_missing(here)) | (
        one_of("PLACE_PROVIDER", "PR2") & provider_la.eq_missing(here)
    )
    return {"Episodes": episodes.filter(bad)}


@rule(
    code="229",
    message=(
        "Placement provider does not match between the placing authority and the local "
        "authority code of the provider. [NOTE: The provider's LA code is inferred from the "
        "its postcode, and may be inaccurate in some cases.]"
    ),
    fields=["URN", "PLACE_PROVIDER"],
    tables=["Episodes"],
    years=years(2026),
    needs=["Episodes", "providers"],
)
def _229_2026(d: ReturnData) -> Flags:
    # PR1 is the council's own provision, PR2 another council's: compare the provider's
    # authority (inferred from its postcode) with this one.
    if d.la_code is None:
        return {}
    here = pl.lit(d.la_code)
    provider_la = pl.col("LA_CODE_INFERRED")
    episodes = _episodes_at_providers(d, "LA_CODE_INFERRED").filter(
        # Placement types the 2025/26 rule leaves out.
        ~pl.col("PLACE")
        .is_in(
            [
                "K3",
                "P1",
                "P3",
                "R1",
                "R2",
                "R5",
                "T0",
                "T1",
                "T2",
                "T3",
                "T4",
                "Z11",
                "Z12",
                "Z13",
                "Z14",
            ]
        )
        .fill_null(False)
    )
    bad = (one_of("PLACE_PROVIDER", "PR1") & provider_la.ne_missing(here)) | (
        one_of("PLACE_PROVIDER", "PR2") & provider_la.eq_missing(here)
    )
    return {"Episodes": episodes.filter(bad)}


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
    code="241",
    message="LA of placement is not an LA the provider has premises.",
    fields=["URN"],
    tables=["Episodes"],
    years=years(2026),
    needs=["Episodes", "postcodes", "providers"],
    differs=(
        "The DfE rule compares the placement's authority with the authorities where the "
        "provider has premises (from the Ofsted list); the sector tool compares it with the "
        "placing council instead, so it flags every registered supported accommodation "
        "placement (K3) outside the council's area. incare checks PL_LA against the "
        "provider's LA_CODE_INFERRED (one row per premises, or a comma-separated list), and "
        "so needs the provider list."
    ),
)
def _241_2026(d: ReturnData) -> Flags:
    # Registered supported accommodation (K3) at a provider in the list.
    k3 = located(d).filter(urn_given() & one_of("PLACE", "K3"))
    premises = (
        _providers(d, "LA_CODE_INFERRED")
        .select("URN", pl.col("LA_CODE_INFERRED").str.split(",").alias("PL_LA"))
        .explode("PL_LA")
        .with_columns(pl.col("PL_LA").str.strip_chars().str.to_uppercase())
        .filter(pl.col("PL_LA").is_not_null() & (pl.col("PL_LA") != ""))
    )
    listed = k3.join(premises.select("URN").unique(), on="URN", how="semi")
    matched = listed.join(premises, on=["URN", "PL_LA"], how="semi").select(ROW)
    return {"Episodes": listed.join(matched, on=ROW, how="anti")}


@rule(
    code="242",
    message="URN = 'XXXXXXX' can only be used for regional adoption agencies",
    fields=["URN"],
    tables=["Episodes"],
    years=years(2026),
)
def _242_2026(d: ReturnData) -> Flags:
    # Adoption placements (A3–A6, U1–U6), the ones a regional adoption agency makes.
    adoption = ["A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"]
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
