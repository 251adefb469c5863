"""Rules 542–547: health and offending (OC2) of children looked after for a year."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.expr import add_years, end, to_date
from incare.validation.rule import Flags, rule
from incare.validation.rules._shared import (
    OC2_HEALTH,
    looked_after_all_year,
    one_of,
)


def _birthday(age: int) -> pl.Expr:
    """The child's ``age``-th birthday, from the table's DOB."""
    return add_years(to_date("DOB"), age)


@rule(
    code="542",
    message="A child aged under 10 at 31 March should not have conviction information completed.",
    fields=["CONVICTED"],
    tables=["OC2"],
)
def _542(d: ReturnData) -> Flags:
    under_10 = (_birthday(10) > end(d)).fill_null(False)
    return {"OC2": d["OC2"].filter(under_10 & pl.col("CONVICTED").is_not_null())}


@rule(
    code="543",
    message="Child is aged 10 or over at 31 March and has been looked after continuously for 12 "
    "months yet conviction information has not been completed.",
    fields=["DOB", "CONVICTED"],
    tables=["OC2"],
    needs=["Episodes"],
)
def _543(d: ReturnData) -> Flags:
    over_10 = (end(d) > _birthday(10)).fill_null(False)
    return {
        "OC2": looked_after_all_year(d["OC2"], d).filter(over_10 & pl.col("CONVICTED").is_null())
    }


@rule(
    code="544",
    message="Any child who has conviction information completed must also have immunisation, "
    "teeth check, health assessment and substance misuse problem identified fields completed.",
    fields=["CONVICTED", *OC2_HEALTH],
    tables=["OC2"],
)
def _544(d: ReturnData) -> Flags:
    missing = pl.any_horizontal(pl.col(c).is_null() for c in OC2_HEALTH)
    return {"OC2": d["OC2"].filter(one_of("CONVICTED", "1") & missing)}


@rule(
    code="545",
    message="Child is aged under 5 at 31 March and has been looked after continuously for 12 "
    "months yet health promotion information has not been completed.",
    fields=["DOB", "HEALTH_CHECK"],
    tables=["OC2"],
    needs=["Episodes"],
)
def _545(d: ReturnData) -> Flags:
    under_5 = (end(d) < _birthday(5)).fill_null(False)
    return {
        "OC2": looked_after_all_year(d["OC2"], d).filter(under_5 & pl.col("HEALTH_CHECK").is_null())
    }


@rule(
    code="546",
    message="Children aged 5 or over at 31 March should not have health promotion information "
    "completed.",
    fields=["DOB", "HEALTH_CHECK"],
    tables=["OC2"],
    needs=["Episodes"],
)
def _546(d: ReturnData) -> Flags:
    over_5 = (end(d) >= _birthday(5)).fill_null(False)
    return {
        "OC2": looked_after_all_year(d["OC2"], d).filter(
            over_5 & pl.col("HEALTH_CHECK").is_not_null()
        )
    }


@rule(
    code="547",
    message="Any child who has health promotion information completed must also have "
    "immunisation, teeth check, health assessment and substance misuse problem identified "
    "fields completed.",
    fields=["HEALTH_CHECK", *OC2_HEALTH],
    tables=["OC2"],
)
def _547(d: ReturnData) -> Flags:
    missing = pl.any_horizontal(pl.col(c).is_null() for c in OC2_HEALTH)
    return {"OC2": d["OC2"].filter(one_of("HEALTH_CHECK", "1") & missing)}
