"""Internal checks (INT01–INT36) and the checks that a child's episodes are there (EPI, NoE).

The INT checks are the same few tests applied to each table, so each is one line of a table
below, registered by a small factory.
"""

from __future__ import annotations

import polars as pl

from incare.validation.data import ReturnData
from incare.validation.expr import start, to_date
from incare.validation.rule import Check, Flags, rule
from incare.validation.rules._shared import children_of


def _not_in_header(table: str) -> Check:
    def check(d: ReturnData) -> Flags:
        return {table: d[table].join(children_of(d["Header"]), on="CHILD", how="anti")}

    return check


def _differs_from_header(table: str, column: str, *, as_date: bool) -> Check:
    """Rows of ``table`` whose ``column`` is given and differs from the child's Header value
    (dates compared as dates; either being blank or not a date is left to other rules)."""

    def value(name: str) -> pl.Expr:
        return to_date(column).alias(name) if as_date else pl.col(column).alias(name)

    def check(d: ReturnData) -> Flags:
        header = (
            d["Header"].select("CHILD", value("__header")).filter(pl.col("__header").is_not_null())
        )
        rows = d[table].select("CHILD", "ROW", value("__file"))
        differ = rows.join(header, on="CHILD").filter(pl.col("__file") != pl.col("__header"))
        return {table: d[table].join(differ.select("ROW").unique(), on="ROW", how="semi")}

    return check


def _repeated(table: str) -> Check:
    def check(d: ReturnData) -> Flags:
        frame = d[table]
        return {table: frame.filter(pl.col("CHILD").is_not_null() & (pl.len().over("CHILD") > 1))}

    return check


_NOT_IN_HEADER = {
    "INT01": ("AD1", "Data Integrity Check: Child in AD1 does not exist in Header."),
    "INT02": (
        "PlacedAdoption",
        "Internal Check: Child in PlacedAdoption does not exist in Header.",
    ),
    "INT03": ("Episodes", "Internal Check: Child in Episodes does not exist in Header."),
    "INT04": ("Missing", "Internal Check: Child in Missing does not exist in Header."),
    "INT05": ("OC2", "Internal Check: Child in OC2 does not exist in Header."),
    "INT06": ("OC3", "Internal Check: Child in OC3 does not exist in Header."),
    "INT07": ("PrevPerm", "Internal Check: Child in PrevPerm does not exist in Header."),
    "INT08": ("Reviews", "Internal Check: Child in Reviews does not exist in Header."),
    "INT09": ("UASC", "Internal Check: Child in UASC does not exist in Header."),
}
_DOB_DIFFERS = {
    "INT11": "AD1",
    "INT12": "PlacedAdoption",
    "INT13": "Missing",
    "INT14": "OC2",
    "INT15": "OC3",
    "INT16": "PrevPerm",
    "INT17": "Reviews",
    "INT18": "UASC",
}
_ONCE_ONLY = {
    "INT31": "AD1",
    "INT32": "Header",
    "INT33": "OC2",
    "INT34": "OC3",
    "INT35": "PrevPerm",
    "INT36": "UASC",
}

for _code, (_table, _message) in _NOT_IN_HEADER.items():
    rule(code=_code, message=_message, fields=["CHILD"], tables=[_table], needs=["Header"])(
        _not_in_header(_table)
    )
for _code, _table in _DOB_DIFFERS.items():
    rule(
        code=_code,
        message=f"Internal Check: DOB in {_table} is different to DOB in Header.",
        fields=["DOB"],
        tables=[_table],
        needs=["Header"],
    )(_differs_from_header(_table, "DOB", as_date=True))
rule(
    code="INT21",
    message="Internal Check: SEX in UASC is different to SEX in Header.",
    fields=["SEX"],
    tables=["UASC"],
    needs=["Header"],
)(_differs_from_header("UASC", "SEX", as_date=False))
for _code, _table in _ONCE_ONLY.items():
    rule(
        code=_code,
        message=f"Internal Check: Child should only exist once in {_table}.",
        fields=["CHILD"],
        tables=[_table],
    )(_repeated(_table))


@rule(
    code="EPI",
    message="WARNING: Episodes need to be loaded for this child before further validation is "
    "possible [NOTE: This refers to the DfE portal - here, all checks that can be performed "
    "with only the available data will be.]",
    fields=["CHILD"],
    tables=["Header"],
)
def _epi(d: ReturnData) -> Flags:
    # Episodes and OC3 count when supplied (an absent table is empty).
    known = pl.concat([children_of(d["Episodes"]), children_of(d["OC3"])])
    return {"Header": d["Header"].join(known, on="CHILD", how="anti")}


@rule(
    code="NoE",
    message="This child has no episodes loaded for previous year even though child started to be "
    "looked after before this current year.",
    fields=["DECOM"],
    tables=["Episodes"],
    needs=["Episodes_last"],
)
def _noe(d: ReturnData) -> Flags:
    before = d["Episodes"].filter(to_date("DECOM") < start(d))
    return {"Episodes": before.join(children_of(d["Episodes_last"]), on="CHILD", how="anti")}
