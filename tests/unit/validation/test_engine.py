"""The validation engine (src/incare/validation/engine.py, data.py, files.py): which rules
run, how a faulty rule is contained, and how flagged rows are named and numbered (issue 4 §2:
"row": the 0-based row in that table's file; a previous-year row carries ``_last``)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from incare.validation import validate
from incare.validation.data import ReturnData, build_return_data
from incare.validation.files import load_return_data
from incare.validation.rule import ALL_YEARS, Flags, Rule


def make_rule(
    code: str, check: object, *, tables: tuple[str, ...] = ("Header",), needs: tuple[str, ...] = ()
) -> Rule:
    return Rule(
        code=code,
        message=f"rule {code}",
        tables=tables,
        fields=("SEX",),
        years=ALL_YEARS,
        needs=frozenset(needs) | frozenset(tables),
        check=check,  # type: ignore[arg-type]
    )


def header(**columns: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))


def sex_is_x(d: ReturnData) -> Flags:
    return {"Header": d["Header"].filter(pl.col("SEX") == "X")}


def test_a_rule_needing_a_table_not_supplied_is_skipped_with_the_reason() -> None:
    data = build_return_data({"Header": header(CHILD=["1"], SEX=["X"])}, collection_year=2025)
    last = make_rule("L1", lambda d: {"Header_last": d["Header_last"]}, tables=("Header_last",))

    report = validate(data, rules=[last, make_rule("H1", sex_is_x)])

    assert [r.code for r in report.rules_run] == ["H1"]
    assert [(s.code, s.reason) for s in report.rules_skipped] == [
        ("L1", "needs Header_last, not supplied")
    ]


def test_a_supplied_but_empty_table_is_run_not_skipped() -> None:
    data = build_return_data(
        {"Header": header(CHILD=["1"], SEX=["X"]), "Header_last": header(CHILD=[], SEX=[])},
        collection_year=2025,
    )
    last = make_rule("L1", lambda d: {"Header_last": d["Header_last"]}, tables=("Header_last",))

    report = validate(data, rules=[last])

    assert [r.code for r in report.rules_run] == ["L1"]
    assert report.errors.is_empty()


def test_a_rule_that_raises_or_fails_in_polars_does_not_stop_the_others() -> None:
    data = build_return_data(
        {"Header": header(CHILD=["1", "2"], SEX=["X", "M"])}, collection_year=2025
    )

    def raises(d: ReturnData) -> Flags:
        raise ValueError("a bug")

    def fails_when_collected(d: ReturnData) -> Flags:
        return {"Header": d["Header"].filter(pl.col("SEX").cast(pl.Int64, strict=True) > 0)}

    rules = [
        make_rule("B1", raises),
        make_rule("B2", fails_when_collected),
        make_rule("G1", sex_is_x),
    ]
    report = validate(data, rules=rules)

    assert [r.code for r in report.rules_run] == ["G1"]
    assert report.errors.select("code", "row").rows() == [("G1", 0)]
    reasons = {s.code: s.reason for s in report.rules_skipped}
    assert set(reasons) == {"B1", "B2"}
    assert reasons["B1"] == "rule failed: a bug"
    assert reasons["B2"].startswith("rule failed:")


def test_a_previous_year_row_is_named_with_the_last_suffix() -> None:
    data = build_return_data(
        {
            "Header": header(CHILD=["1"], SEX=["M"]),
            "Header_last": header(CHILD=["1", "2"], SEX=["M", "X"]),
        },
        collection_year=2025,
    )
    rule = make_rule(
        "L2",
        lambda d: {"Header_last": d["Header_last"].filter(pl.col("SEX") == "X")},
        tables=("Header_last",),
    )

    report = validate(data, rules=[rule])

    assert report.as_json()["errors"] == [
        {
            "code": "L2",
            "table": "Header_last",
            "row": 1,
            "child": "2",
            "fields": ["SEX"],
            "message": "rule L2",
        }
    ]


def test_a_row_flagged_twice_by_one_rule_is_reported_once() -> None:
    data = build_return_data({"Header": header(CHILD=["1"], SEX=["X"])}, collection_year=2025)
    twice = make_rule("D1", lambda d: {"Header": pl.concat([sex_is_x(d)["Header"]] * 2)})

    assert validate(data, rules=[twice]).errors.height == 1


def write_return(folder: Path, header_text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "header.csv").write_text(header_text)
    (folder / "episodes.csv").write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
    )
    return folder


def test_rows_are_counted_from_0_among_the_files_data_rows(tmp_path: Path) -> None:
    folder = write_return(
        tmp_path / "2025",
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,M,01/01/2010,WBRI,,,\nB,X,01/01/2010,WBRI,,,\n",
    )
    data = load_return_data(folder, collection_year=2025)

    report = validate(data, rules=[make_rule("H1", sex_is_x)])

    assert report.errors.select("child", "row").rows() == [("B", 1)]


def test_blank_lines_in_a_file_are_not_rows(tmp_path: Path) -> None:
    # pandas, which the sector tool reads files with, skips empty lines (skip_blank_lines), so
    # a row's number is its place among the non-empty lines after the header.
    folder = write_return(
        tmp_path / "2025",
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
        "\n"
        "A,M,01/01/2010,WBRI,,,\n"
        "\n"
        "\n"
        "B,X,01/01/2010,WBRI,,,\n",
    )
    data = load_return_data(folder, collection_year=2025)

    report = validate(data, rules=[make_rule("H1", sex_is_x)])

    assert report.errors.select("child", "row").rows() == [("B", 1)]


def test_cells_are_compared_trimmed_and_in_upper_case(tmp_path: Path) -> None:
    # The sector tool upper-cases every cell as it reads it; incare also trims the spaces
    # a spreadsheet leaves, so " x " is the code X.
    folder = write_return(
        tmp_path / "2025", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA, x ,01/01/2010,WBRI,,,\n"
    )
    data = load_return_data(folder, collection_year=2025)

    assert validate(data, rules=[make_rule("H1", sex_is_x)]).errors.height == 1


@pytest.mark.parametrize("year", sorted(ALL_YEARS))
def test_every_registered_rule_runs_or_is_skipped_on_an_empty_return(year: int) -> None:
    # No rule may crash on a return that has only empty Header and Episodes tables.
    data = build_return_data(
        {
            "Header": header(CHILD=[]),
            "Episodes": pl.DataFrame({"CHILD": []}, schema={"CHILD": pl.String}),
        },
        collection_year=year,
    )
    report = validate(data)

    assert not [s for s in report.rules_skipped if s.reason.startswith("rule failed")]
    assert report.errors.is_empty()
