"""Rules 100–199: Header and Episodes codes and dates."""

from __future__ import annotations

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.expr import codes, is_date
from incare.validation.rule import Flags, rule


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
