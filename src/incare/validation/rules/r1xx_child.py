"""Rules 101–199 on the child: Header codes and dates, UASC, reviews."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.expr import codes, is_date, start, to_date
from incare.validation.rule import Flags, rule
from incare.validation.rules._shared import (
    bad_code,
    bad_date,
    one_of,
)


@rule(
    code="101",
    message="The child or young person’s reported sex is not valid.",
    fields=["SEX"],
    tables=["Header"],
)
def _101(d: ReturnData) -> Flags:
    valid = codes("header", "SEX", d)
    return {"Header": d["Header"].filter(~pl.col("SEX").is_in(valid).fill_null(False))}


@rule(
    code="102",
    message="Date of birth is not a valid date.",
    fields=["DOB"],
    tables=["Header"],
)
def _102(d: ReturnData) -> Flags:
    return {"Header": d["Header"].filter(~is_date("DOB"))}


@rule(
    code="103",
    message="The ethnicity code is either not valid or has not been entered.",
    fields=["ETHNIC"],
    tables=["Header"],
)
def _103(d: ReturnData) -> Flags:
    valid = codes("header", "ETHNIC", d)
    return {"Header": d["Header"].filter(~pl.col("ETHNIC").is_in(valid).fill_null(False))}


@rule(
    code="104",
    message=(
        "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date."
    ),
    fields=["DUC"],
    tables=["UASC"],
)
def _104(d: ReturnData) -> Flags:
    # Ceased before the year began: the child should not be reported as UASC this year.
    duc = to_date("DUC")
    return {"UASC": d["UASC"].filter(bad_date("DUC") | (duc < start(d)))}


@rule(
    code="105",
    message=(
        "Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is "
        "invalid or has not been completed."
    ),
    fields=["UASC"],
    tables=["Header"],
    differs=(
        "incare derives Header UASC from the UASC table (as the sector tool does for CSV "
        "uploads, where its rule is switched off), so the flag is always 0 or 1 and this "
        "rule can only fire on a UASC column supplied with the Header itself; the sector "
        "tool also flags a blank UASC from XML uploads, which incare does not read."
    ),
)
def _105(d: ReturnData) -> Flags:
    # Blank means the UASC table was not supplied: nothing to check, not an error.
    return {"Header": d["Header"].filter(bad_code("UASC", ["0", "1"]))}


@rule(
    code="166",
    message="Date of review is invalid or blank.",
    fields=["REVIEW"],
    tables=["Reviews"],
)
def _166(d: ReturnData) -> Flags:
    # Required: a blank review date is as invalid as a malformed one.
    return {"Reviews": d["Reviews"].filter(to_date("REVIEW").is_null())}


@rule(
    code="167",
    message="Data entry for participation is invalid or blank.",
    fields=["REVIEW_CODE"],
    tables=["Reviews"],
)
def _167(d: ReturnData) -> Flags:
    valid = codes("reviews", "REVIEW_CODE", d)
    ok = (pl.col("REVIEW").is_not_null() & pl.col("REVIEW_CODE").is_in(valid)) | (
        pl.col("REVIEW").is_null() & pl.col("REVIEW_CODE").is_null()
    )
    return {"Reviews": d["Reviews"].filter(~ok.fill_null(False))}


@rule(
    code="168",
    message=(
        "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, "
        "UN2, UN3, UN4 or UN5."
    ),
    fields=["UPN"],
    tables=["Header"],
)
def _168(d: ReturnData) -> Flags:
    # A UPN is a letter (not I, O or S) and 12 digits, or 11 digits and a letter; UN1–UN5
    # stand for the reasons a UPN is unknown.
    upn = r"^([A-HJ-NP-RT-Z](\d{12}|\d{11}[A-Z])|UN[1-5])$"
    return {
        "Header": d["Header"].filter(pl.col("UPN").is_not_null() & ~pl.col("UPN").str.contains(upn))
    }


@rule(
    code="171",
    message="Date of birth of mother's child is not a valid date.",
    fields=["MC_DOB"],
    tables=["Header"],
)
def _171(d: ReturnData) -> Flags:
    return {"Header": d["Header"].filter(bad_date("MC_DOB"))}


@rule(
    code="174",
    message="Mother's child date of birth is recorded but sex shows that the child is a male.",
    fields=["SEX", "MC_DOB"],
    tables=["Header"],
)
def _174(d: ReturnData) -> Flags:
    return {"Header": d["Header"].filter(one_of("SEX", "M") & pl.col("MC_DOB").is_not_null())}
