"""Reading record cells: the SSD's and the templates' ways of writing dates, flags and codes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from incare.records.models import CareLeaver, HealthCheck, HealthRegistration, SdqScore
from incare.records.reading import (
    CellError,
    normalise,
    parse_cell,
    parse_date,
    plan_text,
    read_rows,
)
from incare.ssda903.errors import Problem


@pytest.mark.parametrize(
    "text", ["2024-03-27", "27/03/2024", "2024-03-27 00:00:00", "2024-03-27 00:00:00.000"]
)
def test_dates_are_read_as_iso_903_or_sql_server_datetimes_at_midnight(text: str) -> None:
    assert parse_date(text) == date(2024, 3, 27)


def test_a_datetime_with_a_time_of_day_is_not_taken_for_a_date() -> None:
    with pytest.raises(CellError, match="midnight"):
        parse_date("2024-03-27 14:30:00")


def test_flags_read_y_n_and_their_spellings_and_blank_is_not_recorded() -> None:
    field = CareLeaver._meta.get_field("accommodation_suitable")
    assert parse_cell(field, "Y") is True
    assert parse_cell(field, "no") is False
    assert parse_cell(field, "") is None
    assert parse_cell(field, "Unsuitable", synonyms={"unsuitable": False}) is False


def test_codes_are_read_by_code_or_label_whatever_the_case_and_spacing() -> None:
    eligibility = CareLeaver._meta.get_field("eligibility")
    assert parse_cell(eligibility, "Former Relevant") == "former_relevant"
    check_type = HealthCheck._meta.get_field("check_type")
    assert parse_cell(check_type, "Dental Check") == "dental_check"
    with pytest.raises(CellError, match="one of health_assessment, dental_check"):
        parse_cell(check_type, "Eye test")


def test_a_required_column_left_blank_says_so() -> None:
    with pytest.raises(CellError, match="required"):
        parse_cell(HealthRegistration._meta.get_field("service"), " ")


def test_whole_numbers_accept_a_spreadsheets_trailing_point_zero_only() -> None:
    score = SdqScore._meta.get_field("score")
    assert parse_cell(score, "14.0") == 14
    with pytest.raises(CellError, match="whole number"):
        parse_cell(score, "14.5")


def test_normalise_joins_words_with_underscores() -> None:
    assert normalise("  Health surveillance-checks ") == "health_surveillance_checks"


def test_a_json_care_plan_gives_the_chosen_plans() -> None:
    assert plan_text('{"ADOPTION": "Y", "FOSTERING": "N"}') == "ADOPTION"
    assert plan_text("Long-term fostering") == "Long-term fostering"


def test_headers_match_whatever_their_case_and_a_missing_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Child_ID,HELD ON\nA1,2024-01-01\n", encoding="utf-8")
    problems: list[Problem] = []
    rows = list(read_rows(path, required=["child_id", "held_on"], problems=problems))
    assert problems == []
    assert rows[0].cells == {"child_id": "A1", "held_on": "2024-01-01"}
    assert rows[0].line == 2
    list(read_rows(path, required=["child_id", "given_on"], problems=problems))
    assert [str(p) for p in problems] == [
        "x.csv, line 1: has no column given_on; expected a header line with the columns "
        "child_id, given_on"
    ]
