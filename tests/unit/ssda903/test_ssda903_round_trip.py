"""What the writer writes, the reader reads back unchanged; stacking is idempotent."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import polars as pl
import pytest

from incare.ssda903.reader import read_return
from incare.ssda903.spec import COLLECTION_YEAR, load_spec
from incare.ssda903.store import read_store
from incare.ssda903.writer import write_return, write_store

SPEC = load_spec()
D = dt.date


def _frame(table: str, rows: list[tuple[object, ...]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SPEC.tables[table].schema(), orient="row")


def _every_table_2027() -> dict[str, pl.DataFrame]:
    """One or two rows in every table: dates, flags, numbers, blanks, commas and quotes."""
    b = D(2012, 6, 1)
    e1 = ("A1", D(2025, 4, 1), "S", "C2", "N1", "K3", "PR4", D(2025, 9, 1), "X1", "CARPL")
    e2 = ("A1", D(2025, 9, 1), "P", "C2", "N1", "U4", "PR1", None, None, None)
    # One row per line reads like the CSV it becomes.
    # fmt: off
    return {
        "header": _frame("header", [("A1", "F", b, "WBRI", "A123", 1, D(2025, 1, 2)),
                                    ("007", "M", b, "NOBT", None, None, None)]),
        "episodes": _frame("episodes", [(*e1, "AB1 2CD", "EF3 4GH", "SC123"),
                                        (*e2, None, None, None)]),
        "reviews": _frame("reviews", [("A1", b, D(2025, 5, 1), "PN1")]),
        "uasc": _frame("uasc", [("A1", "F", b, None)]),
        "oc2": _frame("oc2", [("A1", b, 0, None, 0, 1, 1, 0, 1, 0, None, 1),
                              ("007", b, None, "SDQ1", None, None, None, None, None, None, 0, 0)]),
        "oc3": _frame("oc3", [("A1", b, "YES", "F5", "Z1"), ("007", b, "NO", "0", "0")]),
        "ad1": _frame("ad1", [("A1", b, D(2024, 1, 1), D(2024, 3, 1), 1, 2, "MF", "L11")]),
        "placed_for_adoption": _frame("placed_for_adoption",
                                      [("A1", b, D(2024, 3, 5), None, None)]),
        "previous_permanence": _frame("previous_permanence",
                                      [("A1", b, "P2", 'Town, "County"', "zz/05/2015")]),
        "missing": _frame("missing", [("A1", b, "M", D(2025, 6, 1), D(2025, 6, 2))]),
        "sw_episodes": _frame("sw_episodes", [("A1", b, "SW 9", D(2025, 4, 1), None, "MANAGE")]),
        "dolo": _frame("dolo", [("A1", b, D(2025, 7, 1), None)]),
    }
    # fmt: on


def test_reading_what_the_writer_wrote_gives_identical_frames(tmp_path: Path) -> None:
    original = _every_table_2027()
    assert set(original) == set(SPEC.tables_for(2027))
    write_return(original, tmp_path / "2027", year=2027)
    again = read_return(tmp_path / "2027", year=2027)
    assert again.keys() == original.keys()
    for name, frame in original.items():
        assert again[name].equals(frame), name


def test_reading_a_written_store_gives_the_same_stacked_frames(tmp_path: Path) -> None:
    store = read_store(_random_store(tmp_path / "raw", seed=1))
    write_store(store.tables, tmp_path / "copy")
    again = read_store(tmp_path / "copy")
    assert again.tables.keys() == store.tables.keys()
    for name, frame in store.tables.items():
        assert again.tables[name].equals(frame), name
    # A stacked store needs no further resolution; only the "left open" warnings remain.
    assert all(note.endswith("left open") for note in again.resolutions)


@pytest.mark.parametrize("seed", range(6))
def test_stacked_episodes_are_one_sorted_history_per_child_without_overlaps(
    tmp_path: Path, seed: int
) -> None:
    store = read_store(_random_store(tmp_path, seed=seed))
    episodes = store.tables["episodes"]
    assert episodes.equals(episodes.sort("CHILD", "DECOM"))
    assert not episodes.select("CHILD", "DECOM").is_duplicated().any()
    nxt = pl.col("DECOM").shift(-1).over("CHILD")
    overlapping = episodes.filter(
        nxt.is_not_null() & (pl.col("DEC").is_null() | (pl.col("DEC") > nxt))
    )
    assert overlapping.height == 0
    assert store.resolutions  # the perturbations did need resolving
    header = store.tables["header"]
    assert not header.get_column("CHILD").is_duplicated().any()


def _random_store(root: Path, *, seed: int, children: int = 60) -> Path:
    """Submissions for 2019-2024 as a case system would send them, with real-world noise:
    a later year amends a placement, corrects a start date, or forgets a child."""
    rng = random.Random(seed)
    years = range(2019, 2025)
    per_year: dict[int, dict[str, list[tuple[object, ...]]]] = {
        y: {"header": [], "episodes": []} for y in years
    }
    for n in range(children):
        child = f"C{n:03d}"
        history = _history(rng)
        for year in years:
            start, end = D(year - 1, 4, 1), D(year, 3, 31)
            shown = [e for e in history if e[0] <= end and (e[1] is None or e[1] >= start)]
            if not shown or (year > 2019 and rng.random() < 0.03):
                continue
            per_year[year]["header"].append((child, "1", D(2010, 1, 1), "WBRI", None, None, None))
            for decom, dec, rne, rec in shown:
                closed = dec is not None and dec <= end
                place = "U4" if rng.random() > 0.05 else "U6"
                if rng.random() < 0.03:  # a start date the next submission corrects
                    decom = decom - dt.timedelta(days=3)
                dec, rec = (dec, rec) if closed else (None, None)
                row = (child, decom, rne, "C2", "N1", place, "PR1", dec, rec)
                per_year[year]["episodes"].append((*row, None, None, None, None))
    for year, tables in per_year.items():
        frames = {name: _frame(name, rows) for name, rows in tables.items()}
        write_return(frames, root / str(year), year=year)
    return root


def _history(rng: random.Random) -> list[tuple[dt.date, dt.date | None, str, str | None]]:
    day = D(2017, 1, 1) + dt.timedelta(days=rng.randrange(2600))
    episodes: list[tuple[dt.date, dt.date | None, str, str | None]] = []
    rne = "S"
    while day < D(2024, 3, 1) and len(episodes) < 12:
        end = day + dt.timedelta(days=rng.randrange(20, 500))
        leaves = rng.random() < 0.2
        episodes.append((day, end, rne, "E13" if leaves else "X1"))
        rne = "S" if leaves else rng.choice("PLT")
        day = end + dt.timedelta(days=rng.randrange(30, 300)) if leaves else end
    if episodes and rng.random() < 0.5:
        episodes[-1] = (*episodes[-1][:1], None, episodes[-1][2], None)  # still in care
    return episodes


def test_collection_year_is_the_submission_each_row_came_from(tmp_path: Path) -> None:
    store = read_store(_random_store(tmp_path, seed=3, children=10))
    assert set(store.tables["header"].get_column(COLLECTION_YEAR).unique()) <= set(store.years)
