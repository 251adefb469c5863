"""Reading one year's return: what real exports do that the reader must tolerate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from incare.ssda903.reader import read_return
from incare.ssda903.spec import load_spec

from .conftest import EPISODE_COLUMNS, HEADER_COLUMNS, MakeReturn, Rows

SPEC = load_spec()


def _write(folder: Path, name: str, content: str | bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    (folder / name).write_bytes(data)


def test_frames_have_exactly_the_spec_columns_in_order_with_spec_dtypes(
    make_return: MakeReturn, rows: type[Rows]
) -> None:
    folder = make_return(
        "2024", children=[rows.child("A1")], episodes=[rows.episode("A1", "01/05/2023")]
    )
    tables = read_return(folder, year=2024)
    assert list(tables) == list(SPEC.tables_for(2024))
    for name, frame in tables.items():
        assert frame.schema == SPEC.tables[name].schema(), name


def test_tables_the_year_does_not_collect_are_not_returned(make_return: MakeReturn) -> None:
    tables = read_return(make_return("2023"), year=2023)
    assert "sw_episodes" not in tables
    assert "dolo" not in tables


def test_optional_tables_missing_from_the_folder_read_as_empty_frames(
    make_return: MakeReturn,
) -> None:
    tables = read_return(make_return("2024"), year=2024)
    assert tables["reviews"].height == 0
    assert tables["reviews"].schema == SPEC.tables["reviews"].schema()


def test_header_only_file_is_a_valid_empty_table(make_return: MakeReturn) -> None:
    folder = make_return("2024", files={"reviews.csv": "CHILD,DOB,REVIEW,REVIEW_CODE\n"})
    assert read_return(folder, year=2024)["reviews"].height == 0


def test_rows_are_kept_in_file_order(make_return: MakeReturn, rows: type[Rows]) -> None:
    children = [rows.child(c) for c in ("C3", "A1", "B2")]
    tables = read_return(make_return("2024", children=children), year=2024)
    assert tables["header"].get_column("CHILD").to_list() == ["C3", "A1", "B2"]


def test_tables_are_found_by_header_row_whatever_the_file_is_called(tmp_path: Path) -> None:
    folder = tmp_path / "2024"
    _write(folder, "export_1.CSV", Rows.csv(HEADER_COLUMNS, [Rows.child("A1")]))
    _write(folder, "Cla Data.Csv", Rows.csv(EPISODE_COLUMNS, [Rows.episode("A1", "01/05/2023")]))
    _write(folder, "notes.txt", "not a return file")
    tables = read_return(folder, year=2024)
    assert tables["header"].height == 1
    assert tables["episodes"].height == 1


def test_byte_order_mark_crlf_and_stray_whitespace_are_tolerated(tmp_path: Path) -> None:
    folder = tmp_path / "2024"
    header = " child ,Sex, dob ,ETHNIC ,upn,MOTHER,mc_dob\r\n  A1 , 2 , 01/06/2012 ,wbri , , ,\r\n"
    _write(folder, "h.csv", b"\xef\xbb\xbf" + header.encode())
    _write(folder, "e.csv", Rows.csv(EPISODE_COLUMNS, [Rows.episode("A1", "01/05/2023")]))
    frame = read_return(folder, year=2024)["header"]
    assert frame.row(0) == ("A1", "2", dt.date(2012, 6, 1), "WBRI", None, None, None)


def test_codes_in_any_case_are_normalised_to_the_spec_case(
    make_return: MakeReturn, rows: type[Rows]
) -> None:
    episode = rows.episode("A1", "01/05/2023", rne="s", ls="c2", place="u4", reason="carpl")
    oc3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nA1,01/06/2005,yes,f4,z1\n"
    tables = read_return(make_return("2024", episodes=[episode], files={"oc3.csv": oc3}), year=2024)
    assert tables["episodes"].select("RNE", "LS", "PLACE", "REASON_PLACE_CHANGE").row(0) == (
        "S",
        "C2",
        "U4",
        "CARPL",
    )
    assert tables["oc3"].select("IN_TOUCH", "ACTIV", "ACCOM").row(0) == ("YES", "F4", "Z1")


def test_columns_may_come_in_any_order(make_return: MakeReturn) -> None:
    reviews = "REVIEW_CODE,REVIEW,DOB,CHILD\nPN1,03/07/2023,01/06/2012,A1\n"
    frame = read_return(make_return("2024", files={"r.csv": reviews}), year=2024)["reviews"]
    assert frame.columns == ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]
    assert frame.row(0) == ("A1", dt.date(2012, 6, 1), dt.date(2023, 7, 3), "PN1")


def test_single_digit_day_and_month_are_accepted(make_return: MakeReturn, rows: type[Rows]) -> None:
    folder = make_return("2024", children=[rows.child("A1", dob="1/6/2012")])
    assert read_return(folder, year=2024)["header"].item(0, "DOB") == dt.date(2012, 6, 1)


def test_blank_lines_and_all_blank_rows_are_skipped_and_line_numbers_still_count_them(
    make_return: MakeReturn,
) -> None:
    lines = ["", "A1,1,01/06/2012,WBRI,,,", ",,,,,,", "  , ,,,,,", "B2,1,01/06/2012,WBRI,,,", ""]
    text = "\n".join([HEADER_COLUMNS, *lines]) + "\n"
    tables = read_return(make_return("2024", files={"header.csv": text}), year=2024)
    assert tables["header"].get_column("CHILD").to_list() == ["A1", "B2"]


def test_a_trailing_comma_giving_an_empty_unnamed_column_is_ignored(
    make_return: MakeReturn,
) -> None:
    text = f"{HEADER_COLUMNS},\nA1,1,01/06/2012,WBRI,,,,\n"
    tables = read_return(make_return("2024", files={"header.csv": text}), year=2024)
    assert tables["header"].columns == HEADER_COLUMNS.split(",")


def test_windows_1252_text_from_excel_is_read(make_return: MakeReturn) -> None:
    perm = "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\nA1,01/06/2012,P1,Côte,zz/05/2015\n"
    folder = make_return("2024", files={"p.csv": perm.encode("cp1252")})
    frame = read_return(folder, year=2024)["previous_permanence"]
    assert frame.row(0)[3:] == ("Côte", "zz/05/2015")


def test_flags_and_integers_get_their_spec_types(make_return: MakeReturn) -> None:
    oc2 = (
        "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
        "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"
        "A1,01/06/2012, 17 ,,0,1,1,1,1,0,,\n"
    )
    frame = read_return(make_return("2024", files={"oc2.csv": oc2}), year=2024)["oc2"]
    assert frame.item(0, "SDQ_SCORE") == 17
    assert frame.get_column("CONVICTED").dtype == pl.Int8
    assert frame.select("CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED").row(0) == (0, 1, None)


def test_codes_that_change_by_year_follow_the_collection_year(
    make_return: MakeReturn, rows: type[Rows]
) -> None:
    folder = make_return("2025", children=[rows.child("A1", sex="f")])
    assert read_return(folder, year=2025)["header"].item(0, "SEX") == "F"


def test_mixed_case_and_padded_codes_flags_and_numbers_in_one_column_are_normalised(
    make_return: MakeReturn, rows: type[Rows]
) -> None:
    episodes = [
        rows.episode("A1", "01/04/2023", ls="C2", dec="01/05/2023", rec="X1"),
        rows.episode("A1", "01/05/2023", rne="p", ls=" c2 ", dec=" 01/06/2023", rec="x1 "),
        rows.episode("A1", "01/06/2023", rne="P", ls="C2"),
    ]
    frame = read_return(make_return("2024", episodes=episodes), year=2024)["episodes"]
    assert frame.get_column("LS").to_list() == ["C2", "C2", "C2"]
    assert frame.get_column("RNE").to_list() == ["S", "P", "P"]
    assert frame.get_column("REC").to_list() == ["X1", "X1", None]
    assert frame.get_column("DEC").to_list() == [dt.date(2023, 5, 1), dt.date(2023, 6, 1), None]
