"""Rules 1000–1016 and 3001: care leavers (OC3) against episodes, missing dates, providers."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.expr import add_years, age_on, codes, end, start, to_date
from incare.validation.rule import Flags, rule, years
from incare.validation.rules._shared import (
    ADOPTED,
    ADOPTION,
    FOSTERING,
    LEAVER_ITEMS,
    bad_date,
    children_of,
    first_per_child,
    rows_of,
    urn_given,
)


def _leaver_details() -> pl.Expr:
    """The OC3 row has care leaver information (any of IN_TOUCH, ACTIV, ACCOM)."""
    return pl.any_horizontal(pl.col(LEAVER_ITEMS).is_not_null())


@rule(
    code="1000",
    message="This child is recorded as having died in care and therefore should not have the care "
    "leaver information completed. [NOTE: This only tests the current and previous year data "
    "loaded into the tool]",
    fields=LEAVER_ITEMS,
    tables=["OC3"],
    needs=["Episodes"],
)
def _1000(d: ReturnData) -> Flags:
    # Last year's episodes count when supplied (an absent table is empty).
    died = pl.concat(
        [d["Episodes"].select("CHILD", "REC"), d["Episodes_last"].select("CHILD", "REC")]
    )
    died = died.filter(pl.col("REC").str.to_uppercase() == "E2")
    return {"OC3": d["OC3"].join(children_of(died), on="CHILD", how="semi")}


def _held_from(d: ReturnData) -> pl.Expr:
    """The first day the two returns cover: the start of last year's collection."""
    return end(d).dt.offset_by("-2y").dt.offset_by("1d")


def _care_after_14_and_16(eps: pl.LazyFrame, dob: pl.LazyFrame) -> pl.LazyFrame:
    """CHILD, TOTAL14, TOTAL16: days looked after (outside short breaks) after the 14th and
    after the 16th birthday, over the episodes held."""
    in_care = eps.filter(~pl.col("LS").str.to_uppercase().is_in(["V3", "V4"]).fill_null(False))

    def days_after(birthday: pl.Expr) -> pl.Expr:
        since = pl.max_horizontal(pl.col("DECOM"), birthday)
        return (pl.col("DEC") - since).dt.total_days().clip(lower_bound=0).fill_null(0)

    return (
        in_care.join(dob, on="CHILD")
        .group_by("CHILD")
        .agg(
            days_after(add_years(pl.col("DOB"), 14)).sum().alias("TOTAL14"),
            days_after(add_years(pl.col("DOB"), 16)).sum().alias("TOTAL16"),
        )
    )


@rule(
    code="1001",
    message="The episodes recorded for this young person suggest they are not a relevant or a "
    "former relevant child and therefore should not have care leaver information completed. "
    "[NOTE: This tool can only test the current and previous year data loaded into the tool - "
    "this check may generate false positives if a child had episodes prior to last year's "
    "collection.]",
    fields=LEAVER_ITEMS,
    tables=["OC3"],
    needs=["Episodes", "Header", "Episodes_last"],
    differs="The sector tool stacks the two years' episodes with clashing row labels, so a "
    "child's 'latest episode' can be another child's row (wrongly filling an end date or "
    "finding an adoption), and it flags care leavers whose care at 14 to 16 was before last "
    "year's collection (every one aged 20 or more, most aged 18 or 19), as its note admits. "
    "A relevant or former relevant child was looked after 13 weeks from 14 including time at "
    "16 or over: we flag only what the two years held show, i.e. no time in care at 16 or over "
    "for one who turned 16 since last year's collection began, or under 13 weeks from 14 for "
    "one who turned 14 since then; and, as the sector tool, an adoption ending the latest "
    "episode, or no valid DOB in the Header.",
)
def _1001(d: ReturnData) -> Flags:
    stacked = pl.concat(
        [
            frame.select(
                "CHILD",
                "LS",
                "REC",
                "ROW",
                to_date("DECOM").alias("DECOM"),
                to_date("DEC").alias("DEC"),
            )
            for frame in (d["Episodes"], d["Episodes_last"])
        ]
    )
    # The same episode in both years counts once: the copy with the earliest end date.
    eps = stacked.sort("DEC", nulls_last=True).unique(
        subset=["CHILD", "DECOM"], keep="first", maintain_order=True
    )
    latest_decom = pl.col("DECOM") == pl.col("DECOM").max().over("CHILD")
    eps = eps.with_columns(
        pl.when(latest_decom & pl.col("DEC").is_null())
        .then(end(d))
        .otherwise(pl.col("DEC"))
        .alias("DEC")
    )
    latest = (
        eps.filter(pl.col("DECOM").is_not_null())
        .sort("DECOM", descending=True)
        .unique(subset=["CHILD"], keep="first", maintain_order=True)
    )
    adopted = children_of(latest.filter(pl.col("REC").str.to_uppercase().is_in(ADOPTED)))
    dob = (
        d["Header"]
        .select("CHILD", to_date("DOB").alias("DOB"))
        .filter(pl.col("DOB").is_not_null())
        .unique(subset=["CHILD"], keep="first", maintain_order=True)
    )
    oc3 = d["OC3"]
    judged = (
        oc3.select("CHILD", "ROW")
        .join(dob, on="CHILD", how="left")
        .join(_care_after_14_and_16(eps, dob), on="CHILD", how="left")
    )
    born = pl.col("DOB")
    none_at_16 = (add_years(born, 16) >= _held_from(d)) & (pl.col("TOTAL16").fill_null(0) < 1)
    short_from_14 = (add_years(born, 14) >= _held_from(d)) & (pl.col("TOTAL14").fill_null(0) < 91)
    not_eligible = judged.filter(born.is_null() | none_at_16 | short_from_14)
    flagged = pl.concat(
        [not_eligible.select("ROW"), oc3.join(adopted, on="CHILD", how="semi").select("ROW")]
    )
    return {"OC3": rows_of(oc3, flagged)}


@rule(
    code="1002",
    message="This child has no previous episodes of care, therefore should not have care leaver "
    "information recorded. [NOTE: This tool can only test the current and previous year data "
    "loaded into the tool - this check may generate false positives if a child had episodes "
    "prior to last year's collection.]",
    fields=LEAVER_ITEMS,
    tables=["OC3"],
    needs=["Episodes", "Episodes_last"],
    differs="The sector tool flags every care leaver with no episode in either year, which is "
    "most of those who left care before last year's collection. A care leaver was looked after "
    "at 16 or over, so we flag only those who turned 16 on or after last year's collection "
    "start (whose care would be in the two years held), or whose DOB is not a valid date.",
)
def _1002(d: ReturnData) -> Flags:
    seen = pl.concat([children_of(d["Episodes"]), children_of(d["Episodes_last"])])
    too_old_to_tell = (add_years(to_date("DOB"), 16) < _held_from(d)).fill_null(False)
    oc3 = d["OC3"].filter(~too_old_to_tell)
    return {"OC3": oc3.join(seen, on="CHILD", how="anti")}


@rule(
    code="1003",
    message="Date of LA's decision that a child should be placed for adoption is before the "
    "child started to be looked after.",
    fields=["DATE_PLACED", "DECOM", "RNE"],
    tables=["Episodes", "PlacedAdoption"],
)
def _1003(d: ReturnData) -> Flags:
    eps, placed = d["Episodes"], d["PlacedAdoption"]
    first = first_per_child(eps.filter(pl.col("RNE") == "S"), to_date("DECOM")).select(
        "CHILD", pl.col("ROW").alias("ROW_EPS"), pl.col("__by").alias("DECOM")
    )
    decided = placed.select("CHILD", "ROW", to_date("DATE_PLACED").alias("P"))
    early = first.join(decided, on="CHILD").filter(pl.col("P") < pl.col("DECOM"))
    return {
        "Episodes": rows_of(eps, early, key="ROW_EPS"),
        "PlacedAdoption": rows_of(placed, early),
    }


@rule(
    code="1004",
    message="The start date of the missing episode or episode that the child was away from "
    "placement without authorisation is not a valid date.",
    fields=["MIS_START"],
    tables=["Missing"],
)
def _1004(d: ReturnData) -> Flags:
    return {"Missing": d["Missing"].filter(to_date("MIS_START").is_null())}


@rule(
    code="1005",
    message="The end date of the missing episode or episode that the child was away from "
    "placement without authorisation is not a valid date.",
    fields=["MIS_END"],
    tables=["Missing"],
)
def _1005(d: ReturnData) -> Flags:
    invalid = bad_date("MIS_END")
    return {"Missing": d["Missing"].filter(invalid)}


@rule(
    code="1006",
    message="Missing type invalid.",
    fields=["MISSING"],
    tables=["Missing"],
)
def _1006(d: ReturnData) -> Flags:
    invalid = ~pl.col("MISSING").is_in(codes("missing", "MISSING", d))
    return {"Missing": d["Missing"].filter(invalid.fill_null(False))}


def _birthday_at(dob: pl.Expr, age: pl.Expr) -> pl.Expr:
    """The 17th or 18th birthday (``age`` is 17 or 18). Constant offsets: Polars 2.1
    panics offsetting by a per-row duration in a large plan."""
    return pl.when(age == 17).then(add_years(dob, 17)).otherwise(add_years(dob, 18))


@rule(
    code="1007",
    message="Care leaver information is not required for 17- or 18-year olds who are still looked "
    "after [on their 17th or 18th birthday.]",
    fields=LEAVER_ITEMS,
    tables=["OC3"],
    needs=["Episodes"],
    differs="The sector tool fails for a child born on 29 February, and does not count an "
    "episode still open (no DEC) as looked after on the birthday; we do.",
)
def _1007(d: ReturnData) -> Flags:
    oc3 = d["OC3"]
    dob = to_date("DOB")
    age = age_on(dob, d.collection_end)
    # The 17th or 18th birthday in the year to the collection end (29 February: 28 February).
    leavers = oc3.filter(_leaver_details() & age.is_in([17, 18]).fill_null(False)).select(
        "CHILD", "ROW", _birthday_at(dob, age).alias("BDAY")
    )
    eps = d["Episodes"].select(
        "CHILD", to_date("DECOM").alias("DECOM"), to_date("DEC").alias("DEC")
    )
    on_birthday = (pl.col("DECOM") <= pl.col("BDAY")) & (
        (pl.col("DEC") > pl.col("BDAY")) | pl.col("DEC").is_null()
    )
    in_care = leavers.join(eps, on="CHILD").filter(on_birthday.fill_null(False))
    return {"OC3": rows_of(oc3, in_care)}


@rule(
    code="1008",
    message="Ofsted Unique Reference Number (URN) is not valid.",
    fields=["URN"],
    tables=["Episodes"],
    needs=["providers"],
)
def _1008(d: ReturnData) -> Flags:
    known = pl.LazyFrame(schema={"URN": pl.String})
    if d.providers is not None and "URN" in d.providers.columns:
        known = d.providers.lazy().select(pl.col("URN").cast(pl.String).str.strip_chars()).unique()
    urn = d["Episodes"].filter(urn_given())
    return {"Episodes": urn.join(known, on="URN", how="anti")}


@rule(
    code="1009",
    message="Reason for placement change is not a valid code.",
    fields=["REASON_PLACE_CHANGE"],
    tables=["Episodes"],
)
def _1009(d: ReturnData) -> Flags:
    invalid = ~pl.col("REASON_PLACE_CHANGE").is_in(codes("episodes", "REASON_PLACE_CHANGE", d))
    return {"Episodes": d["Episodes"].filter(invalid.fill_null(False))}


@rule(
    code="1010",
    message="This child has no episodes loaded for current year even though there was an open "
    "episode of care at the end of the previous year, and care leaver data has been entered.",
    fields=LEAVER_ITEMS,
    tables=["OC3"],
    needs=["Episodes", "Episodes_last"],
)
def _1010(d: ReturnData) -> Flags:
    # On tied start dates the sector tool keeps the later row.
    latest_last = (
        d["Episodes_last"]
        .with_columns(to_date("DECOM").alias("__by"))
        .filter(pl.col("__by").is_not_null())
        .sort(["__by", "ROW"], descending=[True, True])
        .unique(subset=["CHILD"], keep="first", maintain_order=True)
    )
    still_open = children_of(latest_last.filter(pl.col("DEC").is_null()))
    oc3 = d["OC3"].join(children_of(d["Episodes"]), on="CHILD", how="anti")
    return {"OC3": oc3.join(still_open, on="CHILD", how="semi")}


@rule(
    code="1011",
    message="This child is recorded as having his/her care transferred to another local authority "
    "for the final episode and therefore should not have the care leaver information completed.",
    fields=LEAVER_ITEMS,
    tables=["OC3"],
    needs=["Episodes"],
)
def _1011(d: ReturnData) -> Flags:
    latest = first_per_child(d["Episodes"], to_date("DECOM"), latest=True)
    transferred = children_of(latest.filter(pl.col("REC") == "E3"))
    oc3 = d["OC3"].filter(_leaver_details())
    return {"OC3": oc3.join(transferred, on="CHILD", how="semi")}


_NEED_EPISODES = ["PlacedAdoption", "Missing", "Reviews", "AD1", "PrevPerm", "OC2"]


@rule(
    code="1012",
    message="No other data should be returned for OC3 children who had no episodes in the current "
    "year",
    fields=["CHILD"],
    # Flags rows of whichever of _NEED_EPISODES were supplied; none of them is required.
    tables=["Episodes"],
)
def _1012(d: ReturnData) -> Flags:
    with_episodes = children_of(d["Episodes"])
    return {
        table: d[table].join(with_episodes, on="CHILD", how="anti")
        for table in _NEED_EPISODES
        if d.has(table)
    }


@rule(
    code="1014",
    message="UASC information is not required for care leavers",
    fields=["ACTIV", "ACCOM", "IN_TOUCH", "DUC"],
    tables=["UASC", "OC3"],
    needs=["Episodes"],
)
def _1014(d: ReturnData) -> Flags:
    uasc, oc3 = d["UASC"], d["OC3"]
    decom, dec = to_date("DECOM"), to_date("DEC")
    in_year = ((dec >= start(d)) & (decom <= end(d))) | ((decom <= end(d)) & dec.is_null())
    not_in_year = (
        d["Episodes"]
        .group_by("CHILD")
        .agg(in_year.fill_null(False).any().alias("__in"))
        .filter(~pl.col("__in"))
        .select("CHILD")
    )
    leavers = children_of(oc3.filter(_leaver_details())).join(not_in_year, on="CHILD")
    return {
        "UASC": uasc.join(leavers, on="CHILD", how="semi"),
        "OC3": oc3.filter(_leaver_details()).join(
            leavers.join(children_of(uasc), on="CHILD"), on="CHILD", how="semi"
        ),
    }


def _own_provision_elsewhere(d: ReturnData, *, family_placements: list[str]) -> pl.LazyFrame:
    eps = d["Episodes"]
    checked = (
        ~pl.col("PLACE").is_in(family_placements)
        & ~pl.col("LS").is_in(["V3", "V4"])
        & (pl.col("PLACE_PROVIDER") == "PR1")
    )
    own_la = (pl.col("PL_LA") == pl.lit(d.la_code, pl.String)).fill_null(False)
    return eps.filter(checked.fill_null(False) & ~own_la)


@rule(
    code="1015",
    message="Placement provider is own provision but child not placed in own LA.",
    fields=["PL_LA"],
    tables=["Episodes"],
    needs=["postcodes"],
    years=frozenset({2025}),
)
def _1015_2025(d: ReturnData) -> Flags:
    # Foster and adoption placements are exempt: an authority's own carers may live elsewhere.
    family = [*ADOPTION, *FOSTERING]
    return {"Episodes": _own_provision_elsewhere(d, family_placements=family)}


@rule(
    code="1015",
    message="Placement provider is own provision but child not placed in own LA.",
    fields=["PL_LA"],
    tables=["Episodes"],
    needs=["postcodes"],
    years=years(2026),
)
def _1015(d: ReturnData) -> Flags:
    # From 2025/26 supported accommodation (K3) is exempt too.
    family = [*ADOPTION, *FOSTERING, "K3"]
    return {"Episodes": _own_provision_elsewhere(d, family_placements=family)}


@rule(
    code="1016",
    message="Care leaver information is not required for 17- or 18-year olds who cease to be "
    "looked after, after their birthday.",
    fields=LEAVER_ITEMS,
    tables=["OC3"],
    needs=["Episodes"],
    differs="The sector tool takes age at the year end as days / 365.2425 (so a day or two "
    "either side of a birthday it is wrong), and fails on an invalid OC3 DOB; we count "
    "whole years, birthday on the day. In a full run it also sees open episodes as ending on "
    "the collection end (its rule 365 writes that date into blank DECs first) and so flags "
    "young people still looked after; they have not ceased to be, so we do not.",
)
def _1016(d: ReturnData) -> Flags:
    oc3 = d["OC3"]
    dob = to_date("DOB")
    age = age_on(dob, d.collection_end)
    leavers = oc3.filter(_leaver_details() & age.is_in([17, 18]).fill_null(False)).select(
        "CHILD", "ROW", _birthday_at(dob, age).alias("BDAY")
    )
    ceased = d["Episodes"].select("CHILD", to_date("DEC").alias("DEC"))
    after_birthday = leavers.join(ceased, on="CHILD").filter(pl.col("DEC") >= pl.col("BDAY"))
    return {"OC3": rows_of(oc3, after_birthday)}


@rule(
    code="3001",
    message="Where care leavers information is being returned for a young person around their "
    "17th birthday, the accommodation cannot be with their former foster carer(s).",
    fields=["REC"],
    tables=["OC3"],
    needs=["Header"],
)
def _3001(d: ReturnData) -> Flags:
    oc3 = d["OC3"]
    dob17 = add_years(to_date("DOB"), 17)
    turned_17 = children_of(d["Header"].filter((dob17 >= start(d)) & (dob17 <= end(d))))
    # Z1 and Z2: with former foster carer(s) (suitable / not suitable).
    with_carers = oc3.filter(pl.col("ACCOM").str.to_uppercase().is_in(["Z1", "Z2"]))
    return {"OC3": with_carers.join(turned_17, on="CHILD", how="semi")}
