"""The synthetic store: complete, deterministic, schema-true and internally consistent."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from incare.ssda903.spec import load_spec
from incare.synth import SynthError, UnknownAuthorityError, generate_store
from incare.synth.store import StoreSummary

SPEC = load_spec()
YEARS = range(2022, 2027)  # crosses the SWEpisodes (2024), sex-code (2025) and DoLo (2026) changes


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> StoreSummary:
    out = tmp_path_factory.mktemp("synth") / "store"
    return generate_store(out, children=120, years=YEARS, seed=11)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.*"))}


def test_same_arguments_write_byte_identical_files(small: StoreSummary, tmp_path: Path) -> None:
    again = generate_store(tmp_path / "again", children=120, years=YEARS, seed=11)
    assert _files(again.folder) == _files(small.folder)


def test_another_seed_writes_other_children(small: StoreSummary, tmp_path: Path) -> None:
    other = generate_store(tmp_path / "other", children=120, years=YEARS, seed=12)
    assert _files(other.folder) != _files(small.folder)


def test_every_table_the_year_collects_is_written(small: StoreSummary) -> None:
    for year in YEARS:
        written = {p.stem for p in (small.folder / str(year)).glob("*.csv")}
        assert written == set(SPEC.tables_for(year))


def test_frames_have_the_specification_schema(small: StoreSummary) -> None:
    for year, frames in small.tables.items():
        for name, frame in frames.items():
            assert frame.schema == SPEC.tables[name].schema(), (year, name)


def test_metadata_records_the_arguments_without_a_timestamp(small: StoreSummary) -> None:
    meta = json.loads((small.folder / "incare-store.json").read_text())
    assert meta["seed"] == 11
    assert meta["children"] == 120
    assert meta["years"] == list(YEARS)
    assert meta["generator"].startswith("incare synth")
    assert not any("time" in key or "created" in key for key in meta)


def test_children_means_looked_after_at_31_march_of_the_final_year(small: StoreSummary) -> None:
    assert small.looked_after[YEARS[-1]] == 120


def test_codes_are_valid_for_the_year(small: StoreSummary) -> None:
    for year, frames in small.tables.items():
        for name, frame in frames.items():
            for column in SPEC.tables[name].columns:
                valid = SPEC.codes(name, column.name, year)
                if column.type != "code" or not valid:
                    continue
                used = set(frame.get_column(column.name).drop_nulls().to_list())
                assert used <= set(valid), (year, name, column.name, used - set(valid))


def test_required_columns_are_filled(small: StoreSummary) -> None:
    for frames in small.tables.values():
        for name, frame in frames.items():
            for column in SPEC.tables[name].columns:
                if column.required:
                    assert frame.get_column(column.name).null_count() == 0, (name, column.name)


def _episodes(small: StoreSummary) -> pl.DataFrame:
    return pl.concat(f["episodes"] for f in small.tables.values()).unique(
        ["CHILD", "DECOM"], keep="last", maintain_order=True
    )


def test_episodes_never_overlap_and_end_after_they_start(small: StoreSummary) -> None:
    for frames in small.tables.values():
        eps = frames["episodes"].sort("CHILD", "DECOM")
        assert eps.filter(pl.col("DEC") < pl.col("DECOM")).height == 0
        nxt = eps.with_columns(
            pl.col("DECOM").shift(-1).over("CHILD").alias("NEXT"),
            pl.col("RNE").shift(-1).over("CHILD").alias("NEXT_RNE"),
        ).filter(pl.col("NEXT").is_not_null())
        assert nxt.filter(pl.col("DEC").is_null() | (pl.col("DEC") > pl.col("NEXT"))).height == 0
        # X1 exactly when the next episode starts the same day and is not a new period.
        x1 = nxt.filter(pl.col("REC") == "X1")
        assert (
            x1.filter((pl.col("DEC") != pl.col("NEXT")) | (pl.col("NEXT_RNE") == "S")).height == 0
        )
        new = nxt.filter(pl.col("REC") != "X1")
        assert (
            new.filter((pl.col("NEXT_RNE") != "S") | (pl.col("NEXT") == pl.col("DEC"))).height == 0
        )


def test_rules_on_placements_and_legal_status(small: StoreSummary) -> None:
    eps = _episodes(small)
    assert eps.filter((pl.col("PLACE_PROVIDER") == "PR0") != (pl.col("PLACE") == "P1")).height == 0
    assert (
        eps.filter(
            pl.col("REC").is_in(["E45", "E46"]) & ~pl.col("PLACE").str.starts_with("U")
        ).height
        == 0
    )
    assert (
        eps.filter(
            pl.col("PLACE").is_in(["A3", "A5"]) & ~pl.col("RNE").is_in(["S", "T", "U"])
        ).height
        == 0
    )
    assert eps.filter(pl.col("PLACE").is_in(["A5", "A6"]) & (pl.col("LS") != "E1")).height == 0
    assert eps.filter((pl.col("PLACE") == "P1") & (pl.col("LS") == "V2")).height == 0
    temporary = eps.filter(pl.col("PLACE").str.starts_with("T"))
    assert temporary.filter(pl.col("RNE") == "S").height == 0
    days = (pl.col("DEC") - pl.col("DECOM")).dt.total_days()
    assert temporary.filter((pl.col("PLACE") == "T4") & (days > 7)).height == 0
    assert eps.filter((pl.col("LS") == "L1") & (days > 3)).height == 0
    assert eps.filter(days < 1).height == 0


def test_everybody_is_under_18_while_looked_after(small: StoreSummary) -> None:
    for frames in small.tables.values():
        dobs = frames["header"].select("CHILD", "DOB")
        eps = frames["episodes"].join(dobs, on="CHILD")
        eighteen = pl.col("DOB").dt.offset_by("18y")
        assert eps.filter(pl.col("DECOM") >= eighteen).height == 0
        assert eps.filter(pl.col("DEC") > eighteen).height == 0


def test_short_breaks_are_short_and_have_no_reviews(small: StoreSummary) -> None:
    eps = _episodes(small)
    breaks = eps.filter(pl.col("LS").is_in(["V3", "V4"]))
    assert breaks.height > 0
    days = (pl.col("DEC") - pl.col("DECOM")).dt.total_days()
    assert breaks.filter(days > 17).height == 0
    only_breaks = set(breaks["CHILD"]) - set(eps.filter(~pl.col("LS").is_in(["V3", "V4"]))["CHILD"])
    per_year = breaks.group_by("CHILD", pl.col("DECOM").dt.year()).agg(days.sum().alias("d"))
    assert per_year.filter(pl.col("d") > 75).height == 0
    for frames in small.tables.values():
        assert not set(frames["reviews"]["CHILD"]) & only_breaks
        assert not set(frames["oc2"]["CHILD"]) & only_breaks


def test_care_leavers_were_not_looked_after_on_their_birthday(small: StoreSummary) -> None:
    for year, frames in small.tables.items():
        oc3 = frames["oc3"]
        assert oc3.height > 0
        first, last = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
        eps = frames["episodes"].join(oc3.select("CHILD", "DOB"), on="CHILD")
        for age in (17, 18):
            bday = pl.col("DOB").dt.offset_by(f"{age}y")
            in_care = eps.filter(
                bday.is_between(first, last)
                & (pl.col("DECOM") <= bday)
                & (pl.col("DEC").is_null() | (pl.col("DEC") >= bday))
            )
            assert in_care.height == 0, (year, age)
        assert not set(oc3["CHILD"]) & set(frames["oc2"]["CHILD"])
        assert (
            frames["oc3"]
            .filter(pl.col("ACCOM").str.starts_with("Z"))
            .join(oc3, on="CHILD")
            .filter(pl.col("DOB").dt.offset_by("17y").is_between(first, last))
            .height
            == 0
        )


def test_open_episodes_are_sent_again_next_year(small: StoreSummary) -> None:
    for year in YEARS[:-1]:
        open_now = small.tables[year]["episodes"].filter(pl.col("DEC").is_null())
        nxt = small.tables[year + 1]["episodes"]
        again = open_now.join(nxt, on=["CHILD", "DECOM"], how="anti")
        assert again.height == 0


def test_sex_is_coded_by_the_year(small: StoreSummary) -> None:
    assert set(small.tables[2024]["header"]["SEX"]) <= {"1", "2"}
    assert set(small.tables[2025]["header"]["SEX"]) <= {"M", "F"}


def test_social_workers_from_2024_with_sw_ids(small: StoreSummary) -> None:
    assert "sw_episodes" not in small.tables[2023]
    sw = small.tables[2024]["sw_episodes"]
    assert sw.height > 0
    assert sw.filter(~pl.col("SW_ID").str.starts_with("SW")).height == 0


def test_reviews_for_under_fours_are_pn0(small: StoreSummary) -> None:
    for frames in small.tables.values():
        reviews = frames["reviews"]
        under4 = pl.col("REVIEW") < pl.col("DOB").dt.offset_by("4y")
        assert reviews.filter(under4 != (pl.col("REVIEW_CODE") == "PN0")).height == 0


def test_child_ids_are_unique_and_other_tables_know_the_child(small: StoreSummary) -> None:
    for frames in small.tables.values():
        header = frames["header"]
        assert header["CHILD"].n_unique() == header.height
        for name, frame in frames.items():
            assert set(frame["CHILD"]) <= set(header["CHILD"]), name


@pytest.mark.parametrize("children", [50, 2000])
def test_sizes_from_50(children: int, tmp_path: Path) -> None:
    summary = generate_store(tmp_path / "s", children=children, years=range(2023, 2025), seed=3)
    assert summary.looked_after[2024] == children


def test_arguments_are_checked(tmp_path: Path) -> None:
    with pytest.raises(SynthError, match="50 to 50,000"):
        generate_store(tmp_path, children=49, years=[2024], seed=1)
    with pytest.raises(SynthError, match="collection years must be within"):
        generate_store(tmp_path, children=100, years=[2015], seed=1)
    with pytest.raises(UnknownAuthorityError, match="Warrington"):
        generate_store(tmp_path, children=100, years=[2024], seed=1, like="Warington")
