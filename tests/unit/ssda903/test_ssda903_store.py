"""Stacking collection years: the latest submission wins, one clean history per child."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from incare.ssda903.errors import ReturnError
from incare.ssda903.spec import COLLECTION_YEAR, SpecError, load_spec
from incare.ssda903.store import Store, read_store

from .conftest import MakeReturn, Rows

SPEC = load_spec()
D = dt.date


def _episodes(store: Store) -> list[tuple[object, ...]]:
    return store.tables["episodes"].select("CHILD", "DECOM", "DEC", "REC", COLLECTION_YEAR).rows()


# --- which years are read -------------------------------------------------------------


def test_each_year_folder_is_read_and_other_files_and_hidden_folders_are_ignored(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return("store/2023", children=[rows.child("A1")])
    make_return("store/2024", children=[rows.child("B2")])
    (tmp_path / "store" / "incare-store.json").write_text("{}")
    (tmp_path / "store" / ".cache").mkdir()
    store = read_store(tmp_path / "store")
    assert store.years == (2023, 2024)
    assert store.tables["header"].select("CHILD", COLLECTION_YEAR).rows() == [
        ("A1", 2023),
        ("B2", 2024),
    ]


def test_years_argument_reads_only_those_years(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    for year in (2022, 2023, 2024):
        make_return(f"store/{year}", children=[rows.child(f"C{year}")])
    store = read_store(tmp_path / "store", years=[2024, 2022])
    assert store.years == (2022, 2024)
    assert store.tables["header"].get_column("CHILD").to_list() == ["C2022", "C2024"]


def test_a_requested_year_without_a_folder_is_a_problem(
    make_return: MakeReturn, tmp_path: Path
) -> None:
    make_return("store/2024")
    with pytest.raises(ReturnError) as caught:
        read_store(tmp_path / "store", years=[2023, 2024])
    assert [str(p) for p in caught.value.problems] == [
        "2023: no folder for the 2023 collection; "
        "expected sub-folders named by collection year, "
        f"{SPEC.first_year} to {SPEC.last_year}"
    ]


def test_a_requested_year_outside_the_specification_is_a_programming_error(
    make_return: MakeReturn, tmp_path: Path
) -> None:
    make_return("store/2024")
    with pytest.raises(SpecError):
        read_store(tmp_path / "store", years=[1999])


@pytest.mark.parametrize(
    ("name", "issue"),
    [
        ("2024-old", "folder name is not a collection year"),
        ("2016", "is outside the years of the 903 specification"),
        ("2031", "is outside the years of the 903 specification"),
    ],
)
def test_a_sub_folder_that_is_not_a_collection_year_is_a_problem(
    make_return: MakeReturn, tmp_path: Path, name: str, issue: str
) -> None:
    make_return("store/2024")
    make_return(f"store/{name}")
    with pytest.raises(ReturnError) as caught:
        read_store(tmp_path / "store")
    [problem] = caught.value.problems
    assert (problem.file, problem.issue) == (name, issue)


def test_an_empty_store_folder_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    with pytest.raises(ReturnError, match="has no collection-year folders"):
        read_store(tmp_path / "store")


def test_a_missing_store_folder_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(ReturnError, match="is not a folder"):
        read_store(tmp_path / "nowhere")


def test_problems_in_all_years_are_reported_together(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return("store/2023", children=[rows.child("A1", dob="2012")])
    make_return("store/2024", episodes=[rows.episode("A1", "01/05/2023", ls="ZZ")])
    with pytest.raises(ReturnError) as caught:
        read_store(tmp_path / "store")
    assert [(p.file, p.row, p.column) for p in caught.value.problems] == [
        ("2023/header.csv", 2, "DOB"),
        ("2024/episodes.csv", 2, "LS"),
    ]


# --- shape of the stacked frames ------------------------------------------------------


def test_every_spec_table_is_stacked_with_an_int16_collection_year_last(
    make_return: MakeReturn, tmp_path: Path
) -> None:
    make_return("store/2023")
    make_return("store/2024")
    store = read_store(tmp_path / "store")
    assert list(store.tables) == list(SPEC.tables)
    for name, frame in store.tables.items():
        assert frame.schema == pl.Schema({**SPEC.tables[name].schema(), COLLECTION_YEAR: pl.Int16})


# --- episodes -------------------------------------------------------------------------


def test_episode_open_at_year_end_and_closed_in_next_submission_appears_once_closed(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return("store/2023", episodes=[rows.episode("A1", "01/06/2022")])
    make_return(
        "store/2024", episodes=[rows.episode("A1", "01/06/2022", dec="10/10/2023", rec="E13")]
    )
    store = read_store(tmp_path / "store")
    assert _episodes(store) == [("A1", D(2022, 6, 1), D(2023, 10, 10), "E13", 2024)]
    assert store.resolutions == ()


def test_episode_amended_by_a_later_submission_takes_the_later_values_with_a_note(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return("store/2023", episodes=[rows.episode("A1", "01/06/2022", place="U4")])
    make_return("store/2024", episodes=[rows.episode("A1", "01/06/2022", place="U6", ls="V2")])
    store = read_store(tmp_path / "store")
    assert store.tables["episodes"].select("LS", "PLACE", COLLECTION_YEAR).rows() == [
        ("V2", "U6", 2024)
    ]
    assert store.resolutions == (
        "child A1: episode from 01/06/2022 in 2023 amended by the 2024 submission (LS, PLACE)",
    )


def test_episode_a_later_submission_does_not_repeat_is_dropped_as_replaced(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return(
        "store/2023",
        episodes=[
            rows.episode("A1", "01/06/2022", dec="01/01/2023", rec="X1"),
            rows.episode("A1", "01/01/2023", rne="P"),
        ],
    )
    make_return(
        "store/2024",
        episodes=[
            rows.episode("A1", "01/06/2022", dec="15/01/2023", rec="X1"),
            rows.episode("A1", "15/01/2023", rne="P"),
        ],
    )
    store = read_store(tmp_path / "store")
    assert _episodes(store) == [
        ("A1", D(2022, 6, 1), D(2023, 1, 15), "X1", 2024),
        ("A1", D(2023, 1, 15), None, None, 2024),
    ]
    assert store.resolutions == (
        "child A1: episode from 01/06/2022 in 2023 amended by the 2024 submission (DEC)",
        "child A1: episode from 01/01/2023 in 2023 replaced by the 2024 submission",
    )


def test_earlier_episode_dated_inside_a_later_year_is_replaced_by_that_years_submission(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    # A 2023 file cannot know about April 2023: the 2024 submission speaks for that year.
    make_return("store/2023", episodes=[rows.episode("A1", "10/04/2023")])
    make_return("store/2024", episodes=[rows.episode("A1", "01/06/2023")])
    store = read_store(tmp_path / "store")
    assert _episodes(store) == [("A1", D(2023, 6, 1), None, None, 2024)]
    assert store.resolutions == (
        "child A1: episode from 10/04/2023 in 2023 replaced by the 2024 submission",
    )


def test_episode_still_open_when_the_later_submissions_first_episode_begins_is_closed_x1(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return("store/2023", episodes=[rows.episode("A1", "01/06/2022")])
    make_return("store/2024", episodes=[rows.episode("A1", "01/05/2023", rne="P")])
    store = read_store(tmp_path / "store")
    assert _episodes(store) == [
        ("A1", D(2022, 6, 1), D(2023, 5, 1), "X1", 2023),
        ("A1", D(2023, 5, 1), None, None, 2024),
    ]
    assert store.resolutions == (
        "child A1: episode from 01/06/2022 in 2023 (open) closed on 01/05/2023 when the next "
        "episode (from the 2024 submission) begins; REC set to X1",
    )


def test_episode_ending_after_a_new_period_of_care_begins_keeps_its_reason_for_ending(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return(
        "store/2023", episodes=[rows.episode("A1", "01/06/2022", dec="01/03/2023", rec="E13")]
    )
    make_return("store/2024", episodes=[rows.episode("A1", "01/02/2023", rne="S")])
    store = read_store(tmp_path / "store")
    assert _episodes(store) == [
        ("A1", D(2022, 6, 1), D(2023, 2, 1), "E13", 2023),
        ("A1", D(2023, 2, 1), None, None, 2024),
    ]
    assert store.resolutions[0].endswith(
        "(ending 01/03/2023) closed on 01/02/2023 when the next episode (from the 2024 "
        "submission) begins; REC E13 kept as the next episode starts a new period of care"
    )


def test_open_episode_followed_by_a_new_period_of_care_is_closed_with_rec_left_blank(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return("store/2022", episodes=[rows.episode("A1", "01/06/2021")])
    make_return("store/2024", episodes=[rows.episode("A1", "01/07/2023", rne="S")])
    store = read_store(tmp_path / "store")
    assert _episodes(store) == [
        ("A1", D(2021, 6, 1), D(2023, 7, 1), None, 2022),
        ("A1", D(2023, 7, 1), None, None, 2024),
    ]
    assert store.resolutions[0].endswith(
        "REC left blank as the next episode starts a new period of care"
    )


def test_overlapping_episodes_within_one_submission_are_closed_at_the_next_start(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return(
        "store/2024",
        episodes=[
            rows.episode("A1", "01/01/2024", rne="P"),
            rows.episode("A1", "01/10/2023", dec="01/03/2024", rec="X1"),
        ],
    )
    store = read_store(tmp_path / "store")
    assert _episodes(store) == [
        ("A1", D(2023, 10, 1), D(2024, 1, 1), "X1", 2024),
        ("A1", D(2024, 1, 1), None, None, 2024),
    ]
    assert len(store.resolutions) == 1


def test_episode_open_at_year_end_for_a_child_missing_from_the_next_submission_is_noted(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return("store/2023", episodes=[rows.episode("A1", "01/06/2022")])
    make_return("store/2024", episodes=[rows.episode("B2", "01/06/2023")])
    store = read_store(tmp_path / "store")
    assert ("A1", D(2022, 6, 1), None, None, 2023) in _episodes(store)
    assert store.resolutions == (
        "child A1: episode from 01/06/2022 is open at the end of the 2023 submission, but the "
        "2024 submission does not include the child; left open",
    )


def test_the_same_episode_twice_in_one_submission_keeps_the_last_row_with_a_note(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return(
        "store/2024",
        episodes=[
            rows.episode("A1", "01/06/2023", place="U4"),
            rows.episode("A1", "01/06/2023", place="U6"),
        ],
    )
    store = read_store(tmp_path / "store")
    assert store.tables["episodes"].get_column("PLACE").to_list() == ["U6"]
    assert store.resolutions == (
        "child A1: episode from 01/06/2023 appears more than once in the 2024 submission; "
        "kept the last one in the file",
    )


def test_children_are_kept_apart_and_episodes_sorted_by_child_then_start(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return(
        "store/2024",
        episodes=[
            rows.episode("B2", "01/05/2023"),
            rows.episode("A1", "01/09/2023", rne="P"),
            rows.episode("A1", "01/04/2023", dec="01/09/2023", rec="X1"),
        ],
    )
    store = read_store(tmp_path / "store")
    assert [r[:2] for r in _episodes(store)] == [
        ("A1", D(2023, 4, 1)),
        ("A1", D(2023, 9, 1)),
        ("B2", D(2023, 5, 1)),
    ]
    assert store.resolutions == ()


# --- other tables ---------------------------------------------------------------------


def test_header_takes_the_latest_year_per_child_and_notes_changed_values(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return("store/2023", children=[rows.child("A1", ethnic="NOBT"), rows.child("B2")])
    make_return("store/2024", children=[rows.child("A1", ethnic="WBRI")])
    store = read_store(tmp_path / "store")
    assert store.tables["header"].select("CHILD", "ETHNIC", COLLECTION_YEAR).rows() == [
        ("A1", "WBRI", 2024),
        ("B2", "WBRI", 2023),
    ]
    assert store.resolutions == (
        "child A1: Header row in 2023 amended by the 2024 submission (ETHNIC)",
    )


def test_a_blank_filled_in_by_a_later_submission_is_not_noted(
    make_return: MakeReturn, tmp_path: Path
) -> None:
    columns = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
    make_return("store/2023", files={"header.csv": f"{columns}\nA1,1,01/06/2012,WBRI,,,\n"})
    make_return(
        "store/2024", files={"header.csv": f"{columns}\nA1,1,01/06/2012,WBRI,A123456789012,0,\n"}
    )
    store = read_store(tmp_path / "store")
    assert store.tables["header"].select("UPN", "MOTHER").rows() == [("A123456789012", 0)]
    assert store.resolutions == ()


def test_outcome_tables_keep_one_row_per_child_and_year(
    make_return: MakeReturn, tmp_path: Path
) -> None:
    columns = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM"
    make_return("store/2023", files={"oc3.csv": f"{columns}\nA1,01/06/2005,YES,F2,D1\n"})
    make_return("store/2024", files={"oc3.csv": f"{columns}\nA1,01/06/2005,YES,G5,S2\n"})
    store = read_store(tmp_path / "store")
    assert store.tables["oc3"].select("CHILD", "ACTIV", COLLECTION_YEAR).rows() == [
        ("A1", "F2", 2023),
        ("A1", "G5", 2024),
    ]
    assert store.resolutions == ()


def test_reviews_keep_the_latest_row_per_child_and_review_date(
    make_return: MakeReturn, tmp_path: Path
) -> None:
    columns = "CHILD,DOB,REVIEW,REVIEW_CODE"
    make_return(
        "store/2023",
        files={"r.csv": f"{columns}\nA1,01/06/2012,01/02/2023,PN1\nA1,01/06/2012,01/08/2022,PN1\n"},
    )
    make_return("store/2024", files={"r.csv": f"{columns}\nA1,01/06/2012,01/02/2023,PN3\n"})
    store = read_store(tmp_path / "store")
    assert store.tables["reviews"].select("REVIEW", "REVIEW_CODE", COLLECTION_YEAR).rows() == [
        (D(2022, 8, 1), "PN1", 2023),
        (D(2023, 2, 1), "PN3", 2024),
    ]
    assert store.resolutions == (
        "child A1: Reviews row (REVIEW 01/02/2023) in 2023 amended by the 2024 submission "
        "(REVIEW_CODE)",
    )


def test_stores_compare_equal_frame_by_frame(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return("store/2024", children=[rows.child("A1")])
    assert read_store(tmp_path / "store") == read_store(tmp_path / "store")
    assert read_store(tmp_path / "store") != "a store"


def test_sex_recoded_from_1_2_to_m_f_in_2025_is_not_an_amendment(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return("store/2024", children=[rows.child("A1", sex="2")])
    make_return("store/2025", children=[rows.child("A1", sex="F")])
    store = read_store(tmp_path / "store")
    assert store.tables["header"].select("SEX", COLLECTION_YEAR).rows() == [("F", 2025)]
    assert store.resolutions == ()


def test_each_amendment_is_told_once_against_the_submission_that_made_it(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return("store/2022", episodes=[rows.episode("A1", "01/06/2021", place="U4")])
    make_return("store/2023", episodes=[rows.episode("A1", "01/06/2021", place="U6")])
    make_return("store/2024", episodes=[rows.episode("A1", "01/06/2021", place="U6", ls="V2")])
    store = read_store(tmp_path / "store")
    assert store.resolutions == (
        "child A1: episode from 01/06/2021 in 2022 amended by the 2023 submission (PLACE)",
        "child A1: episode from 01/06/2021 in 2023 amended by the 2024 submission (LS)",
    )


def test_replacement_names_the_latest_submission_that_covers_the_episode(
    make_return: MakeReturn, rows: type[Rows], tmp_path: Path
) -> None:
    make_return(
        "store/2022",
        episodes=[
            rows.episode("A1", "01/06/2021", dec="01/09/2021", rec="X1"),
            rows.episode("A1", "01/09/2021", rne="P"),
        ],
    )
    make_return(
        "store/2023",
        episodes=[
            rows.episode("A1", "01/06/2021", dec="05/09/2021", rec="X1"),
            rows.episode("A1", "05/09/2021", rne="P"),
        ],
    )
    make_return("store/2024", episodes=[rows.episode("B2", "01/06/2023")])
    store = read_store(tmp_path / "store")
    assert [r[:2] for r in _episodes(store) if r[0] == "A1"] == [
        ("A1", D(2021, 6, 1)),
        ("A1", D(2021, 9, 5)),
    ]
    assert (
        "child A1: episode from 01/09/2021 in 2022 replaced by the 2023 submission"
        in store.resolutions
    )
