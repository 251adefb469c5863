"""Reading a postcode reference (ONSPD or the simple layout). Postcodes are synthetic:
real outward codes with invented inward parts; coordinates invented but plausible."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from incare.geography import REFERENCE_SCHEMA, PostcodeReferenceError, load_postcodes

ONSPD_HEADER = "pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,oseast1m,osnrth1m,ctry,rgn"


def _write(tmp_path: Path, text: str, name: str = "postcodes.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _onspd_row(pcds: str, county: str, district: str, east: str, north: str, ctry: str) -> str:
    return f"{pcds},{pcds},{pcds},202001,,{county},,{district},,{east},{north},{ctry},"


def test_onspd_layout_keys_postcodes_without_spaces(tmp_path: Path) -> None:
    rows = [
        ONSPD_HEADER,
        _onspd_row("WA1 9ZX", "E99999999", "E06000007", "360800", "388500", "E92000001"),
    ]
    reference = load_postcodes(_write(tmp_path, "\n".join(rows) + "\n"))
    assert reference.schema == REFERENCE_SCHEMA
    assert reference.row(0) == ("WA19ZX", "E06000007", 360800, 388500, "E92000001")


def test_onspd_uses_the_county_for_a_two_tier_area(tmp_path: Path) -> None:
    rows = [
        ONSPD_HEADER,
        _onspd_row("PR1 9XZ", "E10000017", "E07000123", "354000", "429500", "E92000001"),
        _onspd_row("WA1 9ZX", "E99999999", "E06000007", "360800", "388500", "E92000001"),
    ]
    reference = load_postcodes(_write(tmp_path, "\n".join(rows) + "\n"))
    assert reference.get_column("la_code").to_list() == ["E10000017", "E06000007"]


def test_onspd_postcode_without_grid_reference_has_blank_coordinates(tmp_path: Path) -> None:
    rows = [ONSPD_HEADER, _onspd_row("WA1 9ZY", "E99999999", "E06000007", "", "", "E92000001")]
    reference = load_postcodes(_write(tmp_path, "\n".join(rows) + "\n"))
    assert reference.select("easting", "northing").row(0) == (None, None)


def test_simple_layout_takes_country_from_the_la_code(tmp_path: Path) -> None:
    text = (
        "postcode,la_code,easting,northing\n"
        "wa1 9zx,E06000007,360800,388500\n"
        "LL11 9ZZ,W06000006,332000,350000\n"
    )
    reference = load_postcodes(_write(tmp_path, text))
    assert reference.get_column("postcode").to_list() == ["WA19ZX", "LL119ZZ"]
    assert reference.get_column("country").to_list() == ["E92000001", "W92000004"]


def test_bad_rows_are_all_reported_with_file_line_and_column(tmp_path: Path) -> None:
    text = (
        "postcode,la_code,easting,northing\n"
        "WA1 9ZX,E06000007,36o800,388500\n"
        ",E06000007,360000,388000\n"
        "WA2 9ZX,E06000007,360000,-5\n"
    )
    with pytest.raises(PostcodeReferenceError) as raised:
        load_postcodes(_write(tmp_path, text, "ref.csv"))
    said = [str(p) for p in raised.value.problems]
    assert len(said) == 3
    assert "ref.csv, line 2, easting: '36o800' is not a grid reference" in said[0]
    assert "line 3, postcode: '' is blank" in said[1]
    assert "line 4, northing: '-5'" in said[2]


def test_a_postcode_listed_twice_is_an_error(tmp_path: Path) -> None:
    text = "postcode,la_code,easting,northing\nWA1 9ZX,E06000007,1,1\nWA19ZX,E06000007,2,2\n"
    with pytest.raises(PostcodeReferenceError, match="appears more than once"):
        load_postcodes(_write(tmp_path, text))


def test_unknown_layout_names_the_columns_expected(tmp_path: Path) -> None:
    with pytest.raises(PostcodeReferenceError, match="pcds, oslaua, oseast1m"):
        load_postcodes(_write(tmp_path, "pc,x,y\nWA1 9ZX,1,2\n"))


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PostcodeReferenceError, match="cannot be read"):
        load_postcodes(tmp_path / "absent.csv")


def test_returns_a_polars_frame(tmp_path: Path) -> None:
    text = "postcode,la_code,easting,northing\nWA1 9ZX,E06000007,360800,388500\n"
    assert isinstance(load_postcodes(_write(tmp_path, text)), pl.DataFrame)
