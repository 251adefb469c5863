"""The helpers rule modules share (src/incare/validation/rules/_shared.py): what the DfE 903
rule texts mean by "first episode", "previous episode", "looked after continuously for 12
months", a period of care, a partial date, and how blank cells compare."""

from __future__ import annotations

from datetime import date

import polars as pl

from incare.validation.data import ReturnData, build_return_data
from incare.validation.expr import to_date
from incare.validation.rules._shared import (
    bad_date,
    continuously_looked_after,
    differ,
    distance_changed,
    first_per_child,
    former_uasc,
    in_sequence,
    none_of,
    one_of,
    partial_date,
    periods_of_care,
    rows_of,
    same,
    same_date,
    starts_before_previous_ended,
)


def _data(year: int = 2026, **tables: dict[str, list[str | None]]) -> ReturnData:
    frames = {
        name: pl.DataFrame(cols, schema=dict.fromkeys(cols, pl.String))
        for name, cols in tables.items()
    }
    return build_return_data(frames, collection_year=year)


def _texts(**cols: list[str | None]) -> pl.LazyFrame:
    return pl.LazyFrame(cols, schema=dict.fromkeys(cols, pl.String))


def _episodes(*rows: tuple[str | None, ...]) -> dict[str, list[str | None]]:
    """Episodes from (CHILD, DECOM, RNE, LS, DEC, REC) rows."""
    names = ["CHILD", "DECOM", "RNE", "LS", "DEC", "REC"]
    return {name: [row[i] for row in rows] for i, name in enumerate(names)}


def test_blank_cells_are_never_the_same_as_anything_as_the_sector_tools_pandas() -> None:
    frame = pl.DataFrame({"a": ["x", "x", None], "b": ["x", None, None]})
    result = frame.select(
        same(pl.col("a"), pl.col("b")).alias("same"), differ(pl.col("a"), pl.col("b")).alias("d")
    )
    assert result["same"].to_list() == [True, False, False]
    assert result["d"].to_list() == [False, True, True]


def test_one_of_is_false_and_none_of_true_for_a_blank_code() -> None:
    frame = pl.DataFrame({"LS": ["V3", "C2", None]})
    assert frame.select(one_of("LS", "V3", "V4"))["LS"].to_list() == [True, False, False]
    assert frame.select(none_of("LS", "V3", "V4"))["LS"].to_list() == [False, True, True]


def test_bad_date_leaves_blanks_to_the_missing_value_rules() -> None:
    # "is not a valid date" errors (e.g. rule 102) do not fire on a blank cell.
    frame = pl.DataFrame({"DOB": ["01/02/2020", "31/02/2020", "2020-02-01", None]})
    assert frame.select(bad_date("DOB"))["DOB"].to_list() == [False, True, True, False]


def test_first_episode_is_the_earliest_date_not_the_smallest_text_ties_to_file_order() -> None:
    # 31/01/2020 sorts after 01/05/2021 as text; the first episode is January 2020's. Child 2
    # has two episodes starting the same day: the one earlier in the file is "first"
    # (pandas' idxmin, which the sector tool uses). A blank start date is never first, and a
    # row with no CHILD belongs to nobody.
    eps = _texts(
        ROW=["0", "1", "2", "3", "4", "5"],
        CHILD=["1", "1", "2", "2", "2", None],
        DECOM=["01/05/2021", "31/01/2020", None, "01/04/2022", "01/04/2022", "01/01/2000"],
    ).with_columns(pl.col("ROW").cast(pl.Int64))
    first = first_per_child(eps, to_date("DECOM")).collect().sort("CHILD")
    assert first["ROW"].to_list() == [1, 3]
    latest = first_per_child(eps, to_date("DECOM"), latest=True).collect().sort("CHILD")
    assert latest["ROW"].to_list() == [0, 3]


def test_previous_episode_is_by_start_date_per_child_blank_dates_last() -> None:
    eps = _texts(
        ROW=["0", "1", "2", "3"],
        CHILD=["1", "1", "1", "2"],
        DECOM=["01/06/2025", "01/04/2025", None, "01/05/2025"],
        PLACE=["U1", "U2", "U3", "U4"],
    ).with_columns(pl.col("ROW").cast(pl.Int64))
    seq = in_sequence(eps, by=[to_date("DECOM")], columns=["PLACE"], shifts=(1, -1)).collect()
    by_row = {r["ROW"]: (r["PLACE_1"], r["PLACE_-1"]) for r in seq.iter_rows(named=True)}
    assert by_row == {1: (None, "U1"), 0: ("U2", "U3"), 2: ("U1", None), 3: (None, None)}


def test_continuously_looked_after_follows_the_903_guidance_test() -> None:
    # Collection 2025/26: 1 April 2025 to 31 March 2026.
    d = _data(
        Episodes=_episodes(
            # 1: in care since 2024, still open: looked after all year.
            ("1", "01/01/2024", "S", "C2", None, None),
            # 2: a placement change (X1) mid-year keeps the child in care.
            ("2", "01/01/2024", "S", "C2", "01/09/2025", "X1"),
            ("2", "01/09/2025", "P", "C2", None, None),
            # 3: left care (E2) before 31 March.
            ("3", "01/01/2024", "S", "C2", "01/09/2025", "E2"),
            # 4: started a new period of care (RNE S) after 1 April.
            ("4", "01/05/2025", "S", "C2", None, None),
            # 5: a short break (V3) in the year.
            ("5", "01/01/2024", "S", "V3", None, None),
            # 6: all care ended before the year began.
            ("6", "01/01/2020", "S", "C2", "01/01/2021", "E2"),
        )
    )
    cla = dict(continuously_looked_after(d).collect().iter_rows())
    assert cla == {"1": True, "2": True, "3": False, "4": False, "5": False, "6": False}


def test_a_period_of_care_runs_on_while_each_episode_starts_by_the_previous_end() -> None:
    eps = _texts(
        ROW=["0", "1", "2"],
        CHILD=["1", "1", "1"],
        DECOM=["01/01/2024", "01/03/2024", "01/06/2024"],
        DEC=["01/03/2024", "01/04/2024", None],
    ).with_columns(pl.col("ROW").cast(pl.Int64))
    pocs = periods_of_care(eps).collect().sort("poc_DECOM")
    assert pocs["poc_DECOM"].to_list() == [date(2024, 1, 1), date(2024, 6, 1)]
    assert pocs["poc_DEC"].to_list() == [date(2024, 4, 1), None]


def test_partial_date_reads_unknown_day_and_month_as_the_latest_they_could_be() -> None:
    # 903 guidance for DATE_PERM: ZZ for an unknown day or month, ZZZZ for an unknown year.
    frame = pl.DataFrame({"P": ["ZZ/02/2024", "ZZ/ZZ/2023", "05/06/ZZZZ", "ZZ/13/2023", None]})
    assert frame.select(partial_date("P").alias("P"))["P"].to_list() == [
        date(2024, 2, 29),
        date(2023, 12, 31),
        date(2000, 6, 5),
        None,
        None,
    ]


def test_former_uasc_includes_children_flagged_only_in_last_years_return() -> None:
    d = _data(
        UASC={"CHILD": ["1"], "SEX": ["M"], "DOB": ["01/01/2010"], "DUC": [None]},
        UASC_last={"CHILD": ["2", "3"], "SEX": ["F", None], "DOB": [None, None], "DUC": [None] * 2},
    )
    assert sorted(former_uasc(d).collect()["CHILD"].to_list()) == ["1", "2"]


def test_rows_of_flags_the_tables_own_rows_named_by_a_joined_key() -> None:
    table = _texts(ROW=["0", "1", "2"], CHILD=["a", "b", "c"]).with_columns(
        pl.col("ROW").cast(pl.Int64)
    )
    flagged = pl.LazyFrame({"ROW_EPS": [2, 2, 0]})
    assert rows_of(table, flagged, key="ROW_EPS").collect().sort("ROW")["ROW"].to_list() == [0, 2]


def test_same_date_reads_dates_as_dates_and_other_text_as_text() -> None:
    frame = pl.DataFrame(
        {
            "a": ["1/6/2024", "01/06/2024", "unknown", "unknown", None],
            "b": ["01/06/2024", "02/06/2024", "unknown", "UNKNOWN", None],
        }
    )
    assert frame.select(same_date("a", "b").alias("s"))["s"].to_list() == [
        True,
        False,
        True,
        False,
        False,
    ]


def test_distance_changed_counts_a_change_of_0_2_mile_given_to_0_1_mile() -> None:
    # Distances are given to 0.1 mile: 10.2 against 10.0 is a change of 0.2 (rules 453, 503G),
    # though 10.2 - 10.0 in binary floating point is just under 0.2.
    frame = pl.DataFrame(
        {
            "PL_DISTANCE": ["10.2", "10.1", "5.0", None],
            "PL_DISTANCE_last": ["10.0", "10.0", None, None],
        }
    )
    assert frame.select(distance_changed().alias("c"))["c"].to_list() == [
        True,
        False,
        True,
        False,
    ]


def test_a_period_may_not_start_before_the_previous_one_ended_or_while_it_is_open() -> None:
    # Rules 574 and 705: "cannot start when the previous … is still open" and periods "should
    # also not overlap". Child 1's second period overlaps the first; child 2's first is
    # still open when the second starts; child 3's periods follow one another.
    d = _data(
        Missing={
            "CHILD": ["1", "1", "2", "2", "3", "3"],
            "MIS_START": [
                "01/05/2025",
                "10/05/2025",
                "01/05/2025",
                "01/06/2025",
                "01/05/2025",
                "20/05/2025",
            ],
            "MIS_END": ["20/05/2025", "30/05/2025", None, "02/06/2025", "10/05/2025", None],
        }
    )
    flagged = starts_before_previous_ended(d, "Missing", start="MIS_START", end="MIS_END")
    assert sorted(flagged.collect()["ROW"].to_list()) == [1, 3]
