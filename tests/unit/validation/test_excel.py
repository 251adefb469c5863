"""The validation workbook (src/incare/validation/excel.py): the sector tool's report layout
councils know (issue 4 §2: "summary sheet and child sheet"), read back with openpyxl."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from openpyxl import load_workbook

from incare.validation import validate
from incare.validation.data import ReturnData, build_return_data
from incare.validation.excel import write_workbook
from incare.validation.rule import ALL_YEARS, Flags, Rule


def sex_is_x(d: ReturnData) -> Flags:
    return {"Header": d["Header"].filter(pl.col("SEX") == "X")}


def last_sex_is_x(d: ReturnData) -> Flags:
    return {"Header_last": d["Header_last"].filter(pl.col("SEX") == "X")}


def dob_is_y(d: ReturnData) -> Flags:
    return {"Header": d["Header"].filter(pl.col("DOB") == "Y")}


def make_rule(code: str, check: object, fields: tuple[str, ...], tables: tuple[str, ...]) -> Rule:
    return Rule(
        code=code,
        message=f"message {code}",
        tables=tables,
        fields=fields,
        years=ALL_YEARS,
        needs=frozenset(tables),
        check=check,  # type: ignore[arg-type]
    )


RULES = [
    make_rule("10", sex_is_x, ("SEX",), ("Header",)),
    make_rule("9", dob_is_y, ("DOB", "SEX"), ("Header",)),
    make_rule("11", last_sex_is_x, ("SEX",), ("Header_last",)),
    make_rule("12", sex_is_x, ("SEX",), ("UASC",)),
]


def workbook(tmp_path: Path, **frames: dict[str, list[str]]) -> dict[str, list[tuple]]:
    data = build_return_data(
        {name: pl.DataFrame(cols) for name, cols in frames.items()}, collection_year=2026
    )
    out = tmp_path / "report.xlsx"
    write_workbook(validate(data, rules=RULES), out)
    book = load_workbook(out, read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_summary_has_one_row_per_failing_rule_in_code_order(tmp_path: Path) -> None:
    sheets = workbook(
        tmp_path,
        Header={"CHILD": ["A", "B", "C"], "SEX": ["X", "X", "M"], "DOB": ["Y", "", ""]},
    )

    assert sheets["Summary"] == [
        ("Rule code", "Message", "Rows flagged", "Children"),
        ("9", "message 9", 1, 1),
        ("10", "message 10", 2, 2),
    ]


def test_child_sheet_lists_every_flagged_row_by_child_with_fields_to_highlight(
    tmp_path: Path,
) -> None:
    sheets = workbook(
        tmp_path,
        Header={"CHILD": ["B", "A"], "SEX": ["X", "X"], "DOB": ["Y", ""]},
        Header_last={"CHILD": ["B"], "SEX": ["X"], "DOB": [""]},
    )

    assert sheets["Children"] == [
        ("Child", "Table", "Row", "Rule code", "Message", "Fields to highlight"),
        ("A", "Header", 1, "10", "message 10", "SEX"),
        ("B", "Header", 0, "9", "message 9", "DOB, SEX"),
        ("B", "Header", 0, "10", "message 10", "SEX"),
        ("B", "Header_last", 0, "11", "message 11", "SEX"),
    ]


def test_skipped_sheet_says_which_rules_did_not_run_and_why(tmp_path: Path) -> None:
    sheets = workbook(tmp_path, Header={"CHILD": ["A"], "SEX": ["M"], "DOB": [""]})

    assert sheets["Rules skipped"] == [
        ("Rule code", "Why it was not run"),
        ("11", "needs Header_last, not supplied"),
        ("12", "needs UASC, not supplied"),
    ]
    about = dict(sheets["About"])
    assert about["Collection year"] == "2025/26"
    assert about["Rules run"] == 2
    assert about["Rows flagged"] == 0


def test_a_clean_return_writes_the_headers_only(tmp_path: Path) -> None:
    sheets = workbook(tmp_path, Header={"CHILD": ["A"], "SEX": ["M"], "DOB": [""]})

    assert sheets["Summary"] == [("Rule code", "Message", "Rows flagged", "Children")]
    assert len(sheets["Children"]) == 1
