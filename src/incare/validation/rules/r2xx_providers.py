"""Rules 200–299 on placement providers: episodes checked against Ofsted's provider list."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ROW, ReturnData
from incare.validation.expr import end, to_date
from incare.validation.rule import Flags, rule, years
from incare.validation.rules._shared import (
    UNREGISTERED_2025,
    UNREGISTERED_2026,
    located,
    one_of,
    short_break,
    urn_given,
)


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
    unregistered = UNREGISTERED_2025
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
    unregistered = UNREGISTERED_2026
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
        ~pl.col("PLACE").is_in(["K3", *UNREGISTERED_2026]).fill_null(False)
    )
    bad = (one_of("PLACE_PROVIDER", "PR1") & provider_la.ne_missing(here)) | (
        one_of("PLACE_PROVIDER", "PR2") & provider_la.eq_missing(here)
    )
    return {"Episodes": episodes.filter(bad)}


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
