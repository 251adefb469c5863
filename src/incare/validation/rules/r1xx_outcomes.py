"""Rules 101–199 on outcomes: children looked after for a year (OC2) and care leavers (OC3)."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ROW, ReturnData
from incare.validation.expr import add_years, codes, end, start, to_date
from incare.validation.rule import Flags, rule
from incare.validation.rules._shared import (
    LEAVER_ITEMS,
    OC2_HEALTH,
    OC2_ITEMS,
    all_filled,
    any_filled,
    bad_code,
    first_per_child,
    one_of,
    rows_from,
    with_cla,
)

_OC2_OTHERS = ["CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"]
"""The OC2 items other than the four health items (rule 182 checks them against those)."""


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
    fields=[*OC2_HEALTH, *_OC2_OTHERS],
    tables=["OC2"],
)
def _182(d: ReturnData) -> Flags:
    others = _OC2_OTHERS
    return {"OC2": d["OC2"].filter(~all_filled(OC2_HEALTH) & any_filled(others))}


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
