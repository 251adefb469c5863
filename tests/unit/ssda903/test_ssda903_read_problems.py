"""Bad input: every kind gives a message naming file, line, column, value and expectation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from incare.ssda903.errors import Problem, ReturnError
from incare.ssda903.reader import (
    MAX_PROBLEMS_PER_COLUMN,
    read_return,
    read_return_with_problems,
)

from .conftest import EPISODE_COLUMNS, HEADER_COLUMNS, MakeReturn, Rows

OC2_COLUMNS = (
    "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
    "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED"
)


def _problems(folder: Path, *, year: int = 2024) -> list[Problem]:
    with pytest.raises(ReturnError) as caught:
        read_return(folder, year=year)
    return caught.value.problems


def _only(folder: Path, *, year: int = 2024) -> Problem:
    problems = _problems(folder, year=year)
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("31/02/2024", "no such day"),
        ("2024-03-31", "ISO order"),
        ("31/03/24", "two-digit year"),
        ("31/03/2024 00:00", "a time as well"),
        ("31.03.2024", "dots"),
        ("yesterday", "words"),
    ],
)
def test_a_date_that_is_not_dd_mm_yyyy_is_refused(
    make_return: MakeReturn, rows: type[Rows], written: str, why: str
) -> None:
    folder = make_return("2024", episodes=[rows.episode("A1", "01/05/2023", dec=written)])
    problem = _only(folder)
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "2024/episodes.csv",
        2,
        "DEC",
        written,
    ), why
    assert str(problem) == (
        f"2024/episodes.csv, line 2, DEC: '{written}' is not a date; "
        "expected a date written dd/mm/yyyy"
    )


def test_a_code_not_in_the_list_names_the_valid_codes(
    make_return: MakeReturn, rows: type[Rows]
) -> None:
    folder = make_return(
        "2024",
        episodes=[rows.episode("A1", "01/04/2023"), rows.episode("A1", "01/05/2023", ls="Q9")],
    )
    problem = _only(folder)
    assert (problem.row, problem.column, problem.value) == (3, "LS", "Q9")
    assert problem.issue == "is not a valid code"
    assert problem.expected.startswith("one of C1, C2, D1")


def test_a_code_from_another_collection_year_says_so(
    make_return: MakeReturn, rows: type[Rows]
) -> None:
    folder = make_return("2024", children=[rows.child("A1", sex="M")])
    problem = _only(folder)
    assert str(problem) == (
        "2024/header.csv, line 2, SEX: 'M' is a code not used in the 2024 collection; "
        "expected one of 1, 2"
    )


def test_a_blank_required_field_is_refused(make_return: MakeReturn, rows: type[Rows]) -> None:
    folder = make_return("2024", episodes=[rows.episode("A1", "01/05/2023", place=" ")])
    assert str(_only(folder)) == (
        "2024/episodes.csv, line 2, PLACE: required field is blank; "
        "expected one of A3, A4, A5, A6, H5, K1, K2, P1, P2, P3, R1, R2, R3, R5, S1 … (27 codes)"
    )


@pytest.mark.parametrize(
    ("score", "issue"),
    [
        ("41", "is out of range"),
        ("-1", "is out of range"),
        ("12.5", "is not a whole number"),
        ("lots", "is not a whole number"),
    ],
)
def test_an_integer_out_of_range_or_not_an_integer_is_refused(
    make_return: MakeReturn, score: str, issue: str
) -> None:
    oc2 = f"{OC2_COLUMNS}\nA1,01/06/2012,{score},,,,,,,,,\n"
    problem = _only(make_return("2024", files={"oc2.csv": oc2}))
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "2024/oc2.csv",
        2,
        "SDQ_SCORE",
        score,
    )
    assert problem.issue == issue
    assert problem.expected == "a whole number from 0 to 40"


def test_a_flag_other_than_0_or_1_is_refused(make_return: MakeReturn) -> None:
    oc2 = f"{OC2_COLUMNS}\nA1,01/06/2012,,,Y,,,,,,,\n"
    assert str(_only(make_return("2024", files={"oc2.csv": oc2}))) == (
        "2024/oc2.csv, line 2, CONVICTED: 'Y' is not 0 or 1; expected 0 (no) or 1 (yes)"
    )


def test_a_missing_mandatory_table_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "2024"
    folder.mkdir()
    (folder / "header.csv").write_text(HEADER_COLUMNS + "\n")
    problem = _only(folder)
    assert (problem.file, problem.row, problem.column) == ("2024", None, None)
    assert problem.issue == "has no Episodes table (it is required)"
    assert EPISODE_COLUMNS in problem.expected


def test_a_folder_without_csv_files_says_so(tmp_path: Path) -> None:
    (tmp_path / "2024").mkdir()
    assert _only(tmp_path / "2024").issue == "has no .csv files"


def test_a_folder_that_does_not_exist_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    assert _only(tmp_path / "nowhere").issue == "is not a folder"


def test_a_header_matching_no_table_names_the_closest_table_and_the_differences(
    make_return: MakeReturn,
) -> None:
    text = "CHILD,DOB,REVIEW,REVIEW_CDE,LA\nA1,01/06/2012,03/07/2023,PN1,X\n"
    problem = _only(make_return("2024", files={"reviews.csv": text}))
    assert (problem.file, problem.row) == ("2024/reviews.csv", 1)
    assert problem.issue == "header matches no 903 table"
    assert problem.expected == (
        "the columns of a 903 table (closest is Reviews; unexpected columns REVIEW_CDE, LA; "
        "missing columns REVIEW_CODE)"
    )


def test_a_file_with_no_recognisable_header_shows_an_example_header(
    make_return: MakeReturn,
) -> None:
    problem = _only(make_return("2024", files={"data.csv": "A1,1,01/06/2012\n"}))
    assert problem.issue == "header matches no 903 table"
    assert problem.expected.startswith("the header row of a 903 table, e.g. ")


def test_a_header_naming_a_column_twice_is_refused(make_return: MakeReturn) -> None:
    text = "CHILD,DOB,REVIEW,review,REVIEW_CODE\n"
    assert _only(make_return("2024", files={"r.csv": text})).issue == (
        "header names REVIEW more than once"
    )


def test_two_files_with_the_same_table_are_refused(
    make_return: MakeReturn, rows: type[Rows]
) -> None:
    again = Rows.csv(HEADER_COLUMNS, [rows.child("B2")])
    problem = _only(make_return("2024", files={"header_copy.csv": again}))
    assert problem.file == "2024/header_copy.csv"
    assert problem.issue == "holds the Header table again"
    assert "2024/header.csv already holds Header" in problem.expected


def test_a_table_the_year_does_not_collect_is_refused(make_return: MakeReturn) -> None:
    sw = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n"
    problem = _only(make_return("2023", files={"sw.csv": sw}), year=2023)
    assert problem.issue == "holds the SWEpisodes table, which is collected from 2024"


def test_an_empty_file_is_refused(make_return: MakeReturn) -> None:
    problem = _only(make_return("2024", files={"reviews.csv": b""}))
    assert str(problem) == (
        "2024/reviews.csv: file is empty (0 bytes); expected a CSV file with a header row"
    )


@pytest.mark.parametrize(
    "content",
    [
        ("CHILD,DOB,REVIEW,REVIEW_CODE\n").encode("utf-16"),  # with a byte-order mark
        ("CHILD,DOB,REVIEW,REVIEW_CODE\n").encode("utf-16-be"),
        ("CHILD,DOB,REVIEW,REVIEW_CODE\n").encode("utf-16-le"),
    ],
)
def test_a_utf16_file_is_refused_with_advice(make_return: MakeReturn, content: bytes) -> None:
    assert str(_only(make_return("2024", files={"reviews.csv": content}))) == (
        "2024/reviews.csv: file is UTF-16 (or binary); "
        "expected a UTF-8 CSV file: save it as UTF-8 CSV"
    )


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml", "an Excel workbook"),
    ],
)
def test_a_binary_file_renamed_csv_is_refused(
    make_return: MakeReturn, content: bytes, kind: str
) -> None:
    problem = _only(make_return("2024", files={"reviews.csv": content}))
    assert problem.issue.startswith(f"is a binary file ({kind}")
    assert "save it as UTF-8 CSV" in str(problem)


def test_bytes_that_are_not_text_in_any_encoding_are_refused(make_return: MakeReturn) -> None:
    content = b"CHILD,DOB,REVIEW,REVIEW_CODE\nA1,\x81\x8d,03/07/2023,PN1\n"
    assert _only(make_return("2024", files={"r.csv": content})).issue == "is not UTF-8 text"


def test_a_line_with_more_values_than_the_header_names_the_line(
    make_return: MakeReturn,
) -> None:
    text = "CHILD,DOB,REVIEW,REVIEW_CODE\nA1,01/06/2012,03/07/2023,PN1\nA1,01/06/2012,1,2,3\n"
    problem = _only(make_return("2024", files={"r.csv": text}))
    assert (problem.file, problem.row) == ("2024/r.csv", 3)
    assert problem.issue == "has more values than the header row has columns"


def test_every_problem_in_every_file_is_reported_at_once(
    make_return: MakeReturn, rows: type[Rows]
) -> None:
    folder = make_return(
        "2024",
        children=[rows.child("A1", dob="32/01/2012"), rows.child("B2", ethnic="XXXX")],
        episodes=[rows.episode("A1", "01/05/2023", rne="Z")],
        files={"empty.csv": b"", "odd.csv": "FOO,BAR\n1,2\n"},
    )
    found = {(p.file, p.row, p.column) for p in _problems(folder)}
    assert found == {
        ("2024/empty.csv", None, None),
        ("2024/odd.csv", 1, None),
        ("2024/header.csv", 2, "DOB"),
        ("2024/header.csv", 3, "ETHNIC"),
        ("2024/episodes.csv", 2, "RNE"),
    }


def test_line_numbers_count_the_header_and_blank_lines(make_return: MakeReturn) -> None:
    text = f"{HEADER_COLUMNS}\nA1,1,01/06/2012,WBRI,,,\n\n,,,,,,\nB2,1,01/13/2012,WBRI,,,\n"
    assert _only(make_return("2024", files={"header.csv": text})).row == 5


def test_a_column_failing_on_many_lines_lists_the_first_ones_and_counts_the_rest(
    make_return: MakeReturn, rows: type[Rows]
) -> None:
    extra = 7
    children = [rows.child(f"C{i}", dob="2012") for i in range(MAX_PROBLEMS_PER_COLUMN + extra)]
    problems = _problems(make_return("2024", children=children))
    assert len(problems) == MAX_PROBLEMS_PER_COLUMN + 1
    summary = problems[-1]
    assert (summary.row, summary.column) == (None, "DOB")
    assert summary.issue.startswith(f"{extra} more lines fail the same way")


def test_lenient_read_keeps_bad_codes_and_out_of_range_numbers_and_nulls_bad_dates(
    make_return: MakeReturn, rows: type[Rows]
) -> None:
    oc2 = f"{OC2_COLUMNS}\nA1,01/06/2012,45,,,,,,,,,\n"
    folder = make_return(
        "2024",
        children=[rows.child("A1", dob="31/02/2012", ethnic="Martian")],
        episodes=[rows.episode("A1", "01/05/2023")],
        files={"oc2.csv": oc2},
    )
    tables, problems = read_return_with_problems(folder, year=2024)
    assert tables["header"].select("DOB", "ETHNIC").row(0) == (None, "Martian")
    assert tables["oc2"].item(0, "SDQ_SCORE") == 45
    assert [(p.file, p.column) for p in problems] == [
        ("2024/header.csv", "DOB"),
        ("2024/header.csv", "ETHNIC"),
        ("2024/oc2.csv", "SDQ_SCORE"),
    ]
    lenient = read_return(folder, year=2024, strict=False)
    assert lenient["header"].equals(tables["header"])


def test_lenient_read_still_refuses_files_it_cannot_read(make_return: MakeReturn) -> None:
    folder = make_return("2024", files={"x.csv": b""})
    with pytest.raises(ReturnError, match="file is empty"):
        read_return_with_problems(folder, year=2024)
    with pytest.raises(ReturnError, match="file is empty"):
        read_return(folder, year=2024, strict=False)


def test_valid_dates_at_the_edges_parse(make_return: MakeReturn, rows: type[Rows]) -> None:
    folder = make_return("2024", children=[rows.child("A1", dob="29/02/2012")])
    assert read_return(folder, year=2024)["header"].item(0, "DOB") == dt.date(2012, 2, 29)
