"""Rules 100–199: Header and Episodes codes and dates."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ROW, ReturnData
from incare.validation.expr import add_years, codes, end, is_date, start, to_date
from incare.validation.rule import Flags, rule, years
from incare.validation.rules._shared import (
    LEAVER_ITEMS,
    OC2_HEALTH,
    OC2_ITEMS,
    all_filled,
    any_filled,
    bad_code,
    bad_date,
    distance,
    first_per_child,
    former_uasc,
    located,
    one_of,
    rows_from,
    short_break,
    uasc_known,
    with_cla,
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
    code="112",
    message="Date should be placed for adoption is not a valid date.",
    fields=["DATE_INT"],
    tables=["AD1"],
)
def _112(d: ReturnData) -> Flags:
    return {"AD1": d["AD1"].filter(bad_date("DATE_INT"))}


@rule(
    code="113",
    message="Date matching child and adopter(s) is not a valid date.",
    fields=["DATE_MATCH"],
    tables=["AD1"],
)
def _113(d: ReturnData) -> Flags:
    return {"AD1": d["AD1"].filter(bad_date("DATE_MATCH"))}


@rule(
    code="114",
    message="Data entry to record the status of former carer(s) of an adopted child is invalid.",
    fields=["FOSTER_CARE"],
    tables=["AD1"],
)
def _114(d: ReturnData) -> Flags:
    # FOSTER_CARE is a 0/1 flag (the spec lists no code table for it).
    return {"AD1": d["AD1"].filter(bad_code("FOSTER_CARE", ["0", "1"]))}


@rule(
    code="115",
    message=(
        "Date of Local Authority's (LA) decision that a child should be placed for adoption "
        "is not a valid date."
    ),
    fields=["DATE_PLACED"],
    tables=["PlacedAdoption"],
)
def _115(d: ReturnData) -> Flags:
    return {"PlacedAdoption": d["PlacedAdoption"].filter(bad_date("DATE_PLACED"))}


@rule(
    code="116",
    message=(
        "Date of Local Authority's (LA) decision that a child should no longer be placed for "
        "adoption is not a valid date."
    ),
    fields=["DATE_PLACED_CEASED"],
    tables=["PlacedAdoption"],
)
def _116(d: ReturnData) -> Flags:
    return {"PlacedAdoption": d["PlacedAdoption"].filter(bad_date("DATE_PLACED_CEASED"))}


@rule(
    code="117",
    message=(
        "Date of decision that a child should/should no longer be placed for adoption is "
        "beyond the current collection year or after the child ceased to be looked after."
    ),
    fields=["DATE_PLACED_CEASED", "DATE_PLACED", "DEC", "REC", "DECOM"],
    tables=["Episodes", "PlacedAdoption"],
    needs=["Episodes", "PlacedAdoption"],
)
def _117(d: ReturnData) -> Flags:
    # Each child's latest episode that is not the end of a placement change (REC X1).
    episodes = d["Episodes"].filter(pl.col("REC").ne_missing(pl.lit("X1")))
    latest = first_per_child(episodes, to_date("DECOM"), latest=True).select(
        pl.col(ROW).alias("__eps"), "CHILD", to_date("DEC").alias("__dec")
    )
    placed = d["PlacedAdoption"].select(
        pl.col(ROW).alias("__pa"),
        "CHILD",
        to_date("DATE_PLACED").alias("__placed"),
        to_date("DATE_PLACED_CEASED").alias("__ceased"),
    )
    last = end(d)
    late = pl.any_horizontal(
        pl.col("__placed") > last,
        pl.col("__placed") > pl.col("__dec"),
        pl.col("__ceased") > last,
        pl.col("__ceased") > pl.col("__dec"),
    ).fill_null(False)
    bad = latest.join(placed, on="CHILD", how="inner").filter(late)
    return {"Episodes": rows_from(bad, "__eps"), "PlacedAdoption": rows_from(bad, "__pa")}


@rule(
    code="118",
    message=(
        "Date of decision that a child should no longer be placed for adoption is before the "
        "current collection year or before the date the child started to be looked after."
    ),
    fields=["DATE_PLACED_CEASED", "DECOM", "LS"],
    tables=["Episodes", "PlacedAdoption"],
    needs=["Episodes", "PlacedAdoption"],
)
def _118(d: ReturnData) -> Flags:
    # Each child's earliest episode that is not a short break (LS V3/V4).
    episodes = d["Episodes"].filter(~short_break())
    earliest = first_per_child(episodes, to_date("DECOM")).select(
        pl.col(ROW).alias("__eps"), "CHILD", to_date("DECOM").alias("__decom")
    )
    placed = d["PlacedAdoption"].select(
        pl.col(ROW).alias("__pa"), "CHILD", to_date("DATE_PLACED_CEASED").alias("__ceased")
    )
    early = ((pl.col("__ceased") < pl.col("__decom")) | (pl.col("__ceased") < start(d))).fill_null(
        False
    )
    bad = earliest.join(placed, on="CHILD", how="inner").filter(early)
    return {"Episodes": rows_from(bad, "__eps"), "PlacedAdoption": rows_from(bad, "__pa")}


@rule(
    code="119",
    message=(
        "If the decision is made that a child should no longer be placed for adoption, then "
        "the date of this decision and the reason why this decision was made must be "
        "completed."
    ),
    fields=["REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
    tables=["PlacedAdoption"],
)
def _119(d: ReturnData) -> Flags:
    return {
        "PlacedAdoption": d["PlacedAdoption"].filter(
            pl.col("DATE_PLACED_CEASED").is_null() != pl.col("REASON_PLACED_CEASED").is_null()
        )
    }


@rule(
    code="120",
    message=(
        "The reason for the reversal of the decision that the child should be placed for "
        "adoption code is not valid."
    ),
    fields=["REASON_PLACED_CEASED"],
    tables=["PlacedAdoption"],
)
def _120(d: ReturnData) -> Flags:
    valid = codes("placed_for_adoption", "REASON_PLACED_CEASED", d)
    return {"PlacedAdoption": d["PlacedAdoption"].filter(bad_code("REASON_PLACED_CEASED", valid))}


@rule(
    code="131",
    message="Data entry for being in touch after leaving care is invalid.",
    fields=["IN_TOUCH"],
    tables=["OC3"],
)
def _131(d: ReturnData) -> Flags:
    # Required for every care leaver: a blank is invalid too.
    valid = codes("oc3", "IN_TOUCH", d)
    return {"OC3": d["OC3"].filter(~pl.col("IN_TOUCH").is_in(valid).fill_null(False))}


@rule(
    code="132",
    message="Data entry for activity after leaving care is invalid.",
    fields=["ACTIV"],
    tables=["OC3"],
)
def _132(d: ReturnData) -> Flags:
    # Required for every care leaver: a blank is invalid too.
    valid = codes("oc3", "ACTIV", d)
    return {"OC3": d["OC3"].filter(~pl.col("ACTIV").is_in(valid).fill_null(False))}


@rule(
    code="133",
    message=(
        "Data entry for accommodation after leaving care is invalid. If reporting on a "
        "childs accommodation after leaving care the data entry must be valid"
    ),
    fields=["ACCOM"],
    tables=["OC3"],
)
def _133(d: ReturnData) -> Flags:
    # Required for every care leaver: a blank is invalid too.
    valid = codes("oc3", "ACCOM", d)
    return {"OC3": d["OC3"].filter(~pl.col("ACCOM").is_in(valid).fill_null(False))}


@rule(
    code="134",
    message="Data on adoption should not be entered for the OC3 cohort.",
    fields=[
        "IN_TOUCH",
        "ACTIV",
        "ACCOM",
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ],
    tables=["AD1"],
    needs=["AD1", "OC3"],
)
def _134(d: ReturnData) -> Flags:
    oc3 = d["OC3"].filter(any_filled(LEAVER_ITEMS)).select("CHILD")
    adoption = ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]
    ad1 = d["AD1"].filter(any_filled(adoption))
    return {"AD1": ad1.join(oc3.unique(), on="CHILD", how="semi")}


@rule(
    code="141",
    message="Date episode began is not a valid date.",
    fields=["DECOM"],
    tables=["Episodes"],
)
def _141(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_date("DECOM"))}


@rule(
    code="142",
    message="A new episode has started, but the previous episode has not ended.",
    fields=["DEC", "REC"],
    tables=["Episodes"],
)
def _142(d: ReturnData) -> Flags:
    # Every episode but the child's last must have ended. An episode with no valid start
    # date sorts last (so, as in the sector tool, it counts as the open one).
    episodes = d["Episodes"]
    decom = to_date("DECOM")
    undated = decom.is_null().any().over("CHILD")
    latest = decom.max().over("CHILD")
    is_last_dated = (decom == latest) & (
        pl.col(ROW) == pl.col(ROW).filter(decom == latest).max().over("CHILD")
    )
    not_last = undated | ~is_last_dated
    # An unreadable end date counts as none (as in the sector tool; 147 reports it).
    unfinished = to_date("DEC").is_null() | pl.col("REC").is_null()
    bad = episodes.filter(
        pl.col("CHILD").is_not_null() & decom.is_not_null() & not_last.fill_null(False) & unfinished
    )
    return {"Episodes": bad}


@rule(
    code="143",
    message="The reason for new episode code is not a valid code.",
    fields=["RNE"],
    tables=["Episodes"],
)
def _143(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_code("RNE", codes("episodes", "RNE", d)))}


@rule(
    code="144",
    message="The legal status code is not a valid code.",
    fields=["LS"],
    tables=["Episodes"],
)
def _144(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_code("LS", codes("episodes", "LS", d)))}


@rule(
    code="145",
    message="Category of need code is not a valid code.",
    fields=["CIN"],
    tables=["Episodes"],
)
def _145(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_code("CIN", codes("episodes", "CIN", d)))}


@rule(
    code="146",
    message="Placement type code is not a valid code.",
    fields=["PLACE"],
    tables=["Episodes"],
    years=years(2025, 2025),
    differs=(
        "The sector tool's 2024/25 list has 'k3' in lower case, so it flags every valid K3 "
        "placement; incare uses the 903 specification's codes, where K3 is valid."
    ),
)
def _146_2025(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_code("PLACE", codes("episodes", "PLACE", d)))}


@rule(
    code="146",
    message="Placement type code is not a valid code.",
    fields=["PLACE"],
    tables=["Episodes"],
    years=years(2026),
)
def _146_2026(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_code("PLACE", codes("episodes", "PLACE", d)))}


@rule(
    code="147",
    message="Date episode ceased is not a valid date.",
    fields=["DEC"],
    tables=["Episodes"],
)
def _147(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_date("DEC"))}


@rule(
    code="148",
    message=(
        "Date episode ceased and reason episode ceased must both be coded, or both left blank."
    ),
    fields=["DEC", "REC"],
    tables=["Episodes"],
)
def _148(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(pl.col("DEC").is_null() != pl.col("REC").is_null())}


@rule(
    code="149",
    message="Reason episode ceased code is not valid. ",
    fields=["REC"],
    tables=["Episodes"],
)
def _149(d: ReturnData) -> Flags:
    return {"Episodes": d["Episodes"].filter(bad_code("REC", codes("episodes", "REC", d)))}


@rule(
    code="151",
    message="All data items relating to a childs adoption must be coded or left blank.",
    fields=["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    tables=["AD1"],
)
def _151(d: ReturnData) -> Flags:
    items = ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]
    return {"AD1": d["AD1"].filter(any_filled(items) & ~all_filled(items))}


@rule(
    code="153",
    message=(
        "All data items relating to a child's activity or accommodation after leaving care "
        "must be coded or left blank."
    ),
    fields=LEAVER_ITEMS,
    tables=["OC3"],
)
def _153(d: ReturnData) -> Flags:
    items = LEAVER_ITEMS
    return {"OC3": d["OC3"].filter(any_filled(items) & ~all_filled(items))}


@rule(
    code="157",
    message=(
        "Child is aged 4 years or over at the beginning of the year or 16 years or under at "
        "the end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been "
        "recorded as the reason for no Strengths and Difficulties Questionnaire (SDQ) score."
    ),
    fields=["SDQ_REASON", "DOB"],
    tables=["OC2"],
    needs=["OC2", "Episodes"],
)
def _157(d: ReturnData) -> Flags:
    dob = to_date("DOB")
    bad = (
        pl.col("CLA")
        & (add_years(dob, 4) <= start(d))
        & (add_years(dob, 16) >= end(d))
        & pl.col("SDQ_SCORE").is_null()
        & one_of("SDQ_REASON", "SDQ1")
    )
    return {"OC2": with_cla(d["OC2"], d).filter(bad)}


@rule(
    code="158",
    message=(
        "If a child has been recorded as receiving an intervention for their substance "
        "misuse problem, then the additional item on whether an intervention was offered "
        "should be left blank."
    ),
    fields=["INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
    tables=["OC2"],
)
def _158(d: ReturnData) -> Flags:
    return {
        "OC2": d["OC2"].filter(
            one_of("INTERVENTION_RECEIVED", "1") & pl.col("INTERVENTION_OFFERED").is_not_null()
        )
    }


@rule(
    code="159",
    message=(
        "If a child has been recorded as not receiving an intervention for their substance "
        "misuse problem, then the additional item on whether an intervention was offered "
        "should be completed as well."
    ),
    fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
    tables=["OC2"],
)
def _159(d: ReturnData) -> Flags:
    bad = (
        one_of("SUBSTANCE_MISUSE", "1")
        & one_of("INTERVENTION_RECEIVED", "0")
        & pl.col("INTERVENTION_OFFERED").is_null()
    )
    return {"OC2": d["OC2"].filter(bad)}


@rule(
    code="164",
    message=(
        "Distance is not valid. Please check a valid postcode has been entered. [NOTE: This "
        "check will result in false positives for children formerly UASC not identified as "
        "such in loaded data]"
    ),
    fields=["PL_DISTANCE"],
    tables=["Episodes"],
    needs=["Episodes", "postcodes"],
)
def _164(d: ReturnData) -> Flags:
    # Distances are not checked for children who are or were UASC (this year or the last
    # two), whose placements may legitimately be far away. With no UASC status at all
    # (no UASC table, no Header UASC flag) they cannot be told apart, so nothing is
    # flagged (as in the sector tool).
    miles = distance()
    episodes = (
        located(d).join(former_uasc(d), on="CHILD", how="anti").join(uasc_known(d), how="cross")
    )
    return {"Episodes": episodes.filter(pl.col("__known") & ((miles < 0.0) | (miles > 999.9)))}


@rule(
    code="165",
    message="Data entry for mother status is invalid.",
    fields=["MOTHER", "SEX", "ACTIV", "ACCOM", "IN_TOUCH", "DECOM"],
    tables=["Header", "OC3"],
    needs=["Header", "Episodes", "OC3"],
    differs=(
        "The sector tool reads sex as 1/2, the codes before 2024/25, so it never fires for "
        "sex coded M/F (a known fault of 0.1.17); incare reads M or 1 as male, F or 2 as "
        "female."
    ),
)
def _165(d: ReturnData) -> Flags:
    # Children with an episode that is not a short break, and whether any is in the year
    # (an open episode counts as running to 31 March).
    decom, dec = to_date("DECOM"), pl.coalesce(to_date("DEC"), end(d))
    in_year = ((dec >= start(d)) & (decom <= end(d))).fill_null(False)
    short_break = pl.col("LS").str.to_uppercase().is_in(["V3", "V4"]).fill_null(False)
    children = (
        d["Episodes"].filter(~short_break).group_by("CHILD").agg(in_year.any().alias("__in_year"))
    )
    header = d["Header"].select(pl.col(ROW).alias("__h"), "CHILD", "SEX", "MOTHER")
    oc3 = d["OC3"].select(
        pl.col(ROW).alias("__o"),
        "CHILD",
        any_filled(LEAVER_ITEMS).alias("__oc3"),
    )
    merged = children.join(header, on="CHILD", how="inner").join(oc3, on="CHILD", how="left")
    male = pl.col("SEX").is_in(["M", "1"]).fill_null(False)
    female = pl.col("SEX").is_in(["F", "2"]).fill_null(False)
    mother = pl.col("MOTHER").is_not_null()
    bad = (
        bad_code("MOTHER", ["0", "1"])
        | (mother & male)
        | (~mother & female & pl.col("__in_year"))
        | (mother & female & ~pl.col("__in_year") & pl.col("__oc3").fill_null(False))
    )
    flagged = merged.filter(bad)
    return {"Header": rows_from(flagged, "__h"), "OC3": rows_from(flagged, "__o")}


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
    code="169",
    message=(
        "Local Authority (LA) of placement is not valid or is missing. Please check a valid "
        "postcode has been entered."
    ),
    fields=["PL_LA"],
    tables=["Episodes"],
    needs=["Episodes", "postcodes"],
)
def _169(d: ReturnData) -> Flags:
    # PL_LA is derived from the placement postcode, so blank means the postcode was not found.
    return {"Episodes": located(d).filter(~short_break() & pl.col("PL_LA").is_null())}


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


@rule(
    code="175",
    message="The number of adopter(s) code is not a valid code.",
    fields=["NB_ADOPTR"],
    tables=["AD1"],
)
def _175(d: ReturnData) -> Flags:
    # One or two adopters (the spec lists no code table for NB_ADOPTR).
    return {"AD1": d["AD1"].filter(bad_code("NB_ADOPTR", ["1", "2"]))}


@rule(
    code="176",
    message="The gender of adopter(s) at the date of adoption code is not a valid code.",
    fields=["SEX_ADOPTR"],
    tables=["AD1"],
)
def _176(d: ReturnData) -> Flags:
    return {"AD1": d["AD1"].filter(bad_code("SEX_ADOPTR", codes("ad1", "SEX_ADOPTR", d)))}


@rule(
    code="177",
    message="The legal status of adopter(s) code is not a valid code.",
    fields=["LS_ADOPTR"],
    tables=["AD1"],
)
def _177(d: ReturnData) -> Flags:
    return {"AD1": d["AD1"].filter(bad_code("LS_ADOPTR", codes("ad1", "LS_ADOPTR", d)))}


@rule(
    code="178",
    message="Placement provider code is not a valid code.",
    fields=["PLACE_PROVIDER"],
    tables=["Episodes"],
    years=years(2025, 2025),
)
def _178_2025(d: ReturnData) -> Flags:
    # Placements with no provider: temporary (T0–T4) and Z1.
    no_provider = ["T0", "T1", "T2", "T3", "T4", "Z1"]
    provider = codes("episodes", "PLACE_PROVIDER", d)
    bad = pl.col("PLACE_PROVIDER").is_not_null() & (
        ~pl.col("PLACE_PROVIDER").is_in(provider)
        | pl.col("PLACE").is_in(no_provider).fill_null(False)
    )
    return {"Episodes": d["Episodes"].filter(bad)}


@rule(
    code="178",
    message="Placement provider code is not a valid code.",
    fields=["PLACE_PROVIDER"],
    tables=["Episodes"],
    years=years(2026),
)
def _178_2026(d: ReturnData) -> Flags:
    # Placements with no provider: T0–T3 and Z11–Z14, as the 2025/26 rule lists them.
    no_provider = ["T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"]
    provider = codes("episodes", "PLACE_PROVIDER", d)
    bad = pl.col("PLACE_PROVIDER").is_not_null() & (
        ~pl.col("PLACE_PROVIDER").is_in(provider)
        | pl.col("PLACE").is_in(no_provider).fill_null(False)
    )
    return {"Episodes": d["Episodes"].filter(bad)}


@rule(
    code="179",
    message="Placement location code is not a valid code.",
    fields=["PL_LOCATION"],
    tables=["Episodes"],
    needs=["Episodes", "postcodes"],
)
def _179(d: ReturnData) -> Flags:
    # PL_LOCATION is derived from the placement postcode, so blank means it was not found.
    return {"Episodes": located(d).filter(~short_break() & pl.col("PL_LOCATION").is_null())}


@rule(
    code="180",
    message="Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.",
    fields=["SDQ_SCORE"],
    tables=["OC2"],
)
def _180(d: ReturnData) -> Flags:
    # A whole number of points from 0 to 40.
    score = pl.col("SDQ_SCORE").cast(pl.Float64, strict=False)
    valid = (score >= 0) & (score <= 40) & (score == score.floor())
    return {"OC2": d["OC2"].filter(pl.col("SDQ_SCORE").is_not_null() & ~valid.fill_null(False))}


@rule(
    code="181",
    message=(
        "Data items relating to children looked after continuously for 12 months should be "
        "completed with a 0 or 1."
    ),
    fields=OC2_ITEMS,
    tables=["OC2"],
)
def _181(d: ReturnData) -> Flags:
    items = OC2_ITEMS
    return {"OC2": d["OC2"].filter(pl.any_horizontal(*(bad_code(c, ["0", "1"]) for c in items)))}


@rule(
    code="182",
    message=(
        "Data entries on immunisations, teeth checks, health assessments and substance "
        "misuse problem identified should be completed or all OC2 fields should be left "
        "blank."
    ),
    fields=[
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "CONVICTED",
        "HEALTH_CHECK",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ],
    tables=["OC2"],
)
def _182(d: ReturnData) -> Flags:

    others = ["CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"]
    return {"OC2": d["OC2"].filter(~all_filled(OC2_HEALTH) & any_filled(others))}


@rule(
    code="184",
    message=(
        "Date of decision that a child should be placed for adoption is before the child was born."
    ),
    fields=["DATE_PLACED", "DOB"],
    tables=["PlacedAdoption"],
    needs=["Header", "PlacedAdoption"],
)
def _184(d: ReturnData) -> Flags:
    # Against the date of birth in the placed-for-adoption table itself, as the sector tool
    # compares; the Header's only when that table has no dates of birth at all (as when its
    # DOB column is missing). A decision date that cannot be checked against a valid date
    # of birth is flagged too, as there.
    header = d["Header"].select("CHILD", pl.col("DOB").alias("__hdob"))
    placed = (
        d["PlacedAdoption"]
        .join(header, on="CHILD", how="left")
        .with_columns(
            pl.when(pl.col("DOB").is_null().all())
            .then(to_date("__hdob"))
            .otherwise(to_date("DOB"))
            .alias("__dob")
        )
    )
    day = to_date("DATE_PLACED")
    return {
        "PlacedAdoption": placed.filter(
            day.is_not_null() & ~(day >= pl.col("__dob")).fill_null(False)
        )
    }


@rule(
    code="185",
    message=(
        "Child has not been looked after continuously for at least 12 months at 31 March but "
        "a Strengths and Difficulties (SDQ) score has been completed."
    ),
    fields=["SDQ_SCORE"],
    tables=["OC2"],
    needs=["OC2", "Episodes"],
)
def _185(d: ReturnData) -> Flags:
    oc2 = with_cla(d["OC2"], d)
    return {"OC2": oc2.filter(pl.col("SDQ_SCORE").is_not_null() & ~pl.col("CLA"))}


@rule(
    code="186",
    message=(
        "Children aged 4 or over at the start of the year and children aged under 17 at the "
        "end of the year and who have been looked after for at least 12 months continuously "
        "should have a Strengths and Difficulties (SDQ) score completed."
    ),
    fields=["SDQ_SCORE"],
    tables=["OC2"],
    needs=["OC2", "Episodes"],
)
def _186(d: ReturnData) -> Flags:
    dob = to_date("DOB")
    bad = (
        (add_years(dob, 4) <= start(d))
        & (add_years(dob, 17) > end(d))
        & pl.col("CLA")
        & pl.col("SDQ_SCORE").is_null()
        & pl.col("SDQ_REASON").is_null()
    )
    return {"OC2": with_cla(d["OC2"], d).filter(bad)}


@rule(
    code="187",
    message=(
        "Child cannot be looked after continuously for 12 months at 31 March (OC2) and have "
        "any of adoption or care leavers returns completed."
    ),
    fields=[
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
        "IN_TOUCH",
        "ACTIV",
        "ACCOM",
    ],
    tables=["AD1", "OC3"],
    needs=["AD1", "OC3", "Episodes"],
)
def _187(d: ReturnData) -> Flags:
    oc3 = LEAVER_ITEMS
    ad1 = ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]
    return {
        "AD1": with_cla(d["AD1"], d).filter(pl.col("CLA") & any_filled(ad1)),
        "OC3": with_cla(d["OC3"], d).filter(pl.col("CLA") & any_filled(oc3)),
    }


@rule(
    code="188",
    message=(
        "Child is aged under 4 years at the end of the year, but a Strengths and "
        "Difficulties (SDQ) score or a reason for no SDQ score has been completed. "
    ),
    fields=["SDQ_SCORE", "SDQ_REASON"],
    tables=["OC2"],
)
def _188(d: ReturnData) -> Flags:
    under_four = add_years(to_date("DOB"), 4) > end(d)
    return {"OC2": d["OC2"].filter(under_four & any_filled(["SDQ_SCORE", "SDQ_REASON"]))}


@rule(
    code="189",
    message=(
        "Child is aged 17 years or over at the beginning of the year, but an Strengths and "
        "Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score "
        "has been completed."
    ),
    fields=["DOB", "SDQ_SCORE", "SDQ_REASON"],
    tables=["OC2"],
)
def _189(d: ReturnData) -> Flags:
    over_seventeen = add_years(to_date("DOB"), 17) < start(d)
    return {"OC2": d["OC2"].filter(over_seventeen & any_filled(["SDQ_SCORE", "SDQ_REASON"]))}


@rule(
    code="190",
    message=(
        "Child has not been looked after continuously for at least 12 months at 31 March but "
        "one or more data items relating to children looked after for 12 months have been "
        "completed."
    ),
    fields=OC2_ITEMS,
    tables=["OC2"],
    needs=["OC2", "Episodes"],
)
def _190(d: ReturnData) -> Flags:
    items = OC2_ITEMS
    return {"OC2": with_cla(d["OC2"], d).filter(~pl.col("CLA") & any_filled(items))}


@rule(
    code="191",
    message=(
        "Child has been looked after continuously for at least 12 months at 31 March but one "
        "or more data items relating to children looked after for 12 months have been left "
        "blank."
    ),
    fields=[*OC2_HEALTH, "CHILD"],
    tables=["OC2", "Episodes"],
)
def _191(d: ReturnData) -> Flags:

    oc2 = with_cla(d["OC2"], d).filter(pl.col("CLA") & ~all_filled(OC2_HEALTH))
    # A child looked after all year with no OC2 row at all: flag their first episode.
    first = first_per_child(with_cla(d["Episodes"], d), to_date("DECOM"))
    missing = first.filter(pl.col("CLA")).join(d["OC2"].select("CHILD"), on="CHILD", how="anti")
    return {"OC2": oc2, "Episodes": missing}


@rule(
    code="192",
    message=(
        "Child has been identified as having a substance misuse problem but the additional "
        "item on whether an intervention was received has been left blank."
    ),
    fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"],
    tables=["OC2"],
)
def _192(d: ReturnData) -> Flags:
    return {
        "OC2": d["OC2"].filter(
            one_of("SUBSTANCE_MISUSE", "1") & pl.col("INTERVENTION_RECEIVED").is_null()
        )
    }


@rule(
    code="193",
    message=(
        "Child not identified as having a substance misuse problem but at least one of the "
        "two additional items on whether an intervention were offered and received have been "
        "completed."
    ),
    fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
    tables=["OC2"],
)
def _193(d: ReturnData) -> Flags:
    no_misuse = pl.col("SUBSTANCE_MISUSE").is_null() | one_of("SUBSTANCE_MISUSE", "0")
    intervention = any_filled(["INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"])
    return {"OC2": d["OC2"].filter(no_misuse & intervention)}


@rule(
    code="196",
    message="Strengths and Difficulties (SDQ) reason is not a valid code.",
    fields=["SDQ_REASON"],
    tables=["OC2"],
)
def _196(d: ReturnData) -> Flags:
    return {"OC2": d["OC2"].filter(bad_code("SDQ_REASON", codes("oc2", "SDQ_REASON", d)))}


@rule(
    code="197B",
    message="SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.",
    fields=["SDQ_REASON", "DOB"],
    tables=["OC2"],
    needs=["OC2", "Episodes"],
)
def _197B(d: ReturnData) -> Flags:
    # Turning 4 or 17 during the year.
    dob = to_date("DOB")
    four, seventeen = add_years(dob, 4), add_years(dob, 17)
    turns = four.is_between(start(d), end(d)) | seventeen.is_between(start(d), end(d))
    bad = turns & pl.col("CLA") & pl.col("SDQ_SCORE").is_null() & pl.col("SDQ_REASON").is_null()
    return {"OC2": with_cla(d["OC2"], d).filter(bad)}


@rule(
    code="197a",
    message=(
        "Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths "
        "and Difficulties Questionnaire score is filled in."
    ),
    fields=["SDQ_SCORE", "SDQ_REASON"],
    tables=["OC2"],
)
def _197a(d: ReturnData) -> Flags:
    return {"OC2": d["OC2"].filter(all_filled(["SDQ_SCORE", "SDQ_REASON"]))}


@rule(
    code="198",
    message=(
        "Child has not been looked after continuously for at least 12 months at 31 March but "
        "a reason for no Strengths and Difficulties (SDQ) score has been completed. "
    ),
    fields=["SDQ_REASON"],
    tables=["OC2"],
    needs=["OC2", "Episodes"],
)
def _198(d: ReturnData) -> Flags:
    oc2 = with_cla(d["OC2"], d)
    return {"OC2": oc2.filter(pl.col("SDQ_REASON").is_not_null() & ~pl.col("CLA"))}


@rule(
    code="199",
    message=(
        "Episode information shows child has been previously adopted from care. [NOTE: This "
        "only tests the current and previous year data loaded into the tool]"
    ),
    fields=["CHILD"],
    tables=["Episodes"],
)
def _199(d: ReturnData) -> Flags:
    # Any episode after a child's first adoption (REC E11/E12), by start date, over this
    # year's and (when supplied) last year's episodes.
    columns = ["CHILD", "DECOM", "REC"]
    both = pl.concat(
        [
            d["Episodes"].select(pl.col(ROW).alias("__row"), *columns),
            d["Episodes_last"].select(pl.lit(None, pl.UInt32).alias("__row"), *columns),
        ]
    ).with_columns(to_date("DECOM").alias("__decom"), pl.int_range(pl.len()).alias("__order"))
    adopted = pl.col("REC").is_in(["E11", "E12"]).fill_null(False)
    # Episodes starting the same day: this year's record before last year's (the sector
    # tool's order when its sort keeps ties in place).
    ordered = both.filter(pl.col("__decom").is_not_null()).sort("__decom", "__order")
    counted = ordered.with_columns(adopted.cast(pl.Int32).cum_sum().over("CHILD").alias("__n"))
    bad = (pl.col("__n") > 0) & ~((pl.col("__n") == 1) & adopted)
    return {"Episodes": rows_from(counted.filter(bad), "__row")}
