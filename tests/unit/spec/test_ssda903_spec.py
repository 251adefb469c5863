"""The 903 specification as data: the yearly changes the DfE guide records."""

from __future__ import annotations

import polars as pl
import pytest

from incare.ssda903.spec import SpecError, load_spec, parse_spec

SPEC = load_spec()


def test_spec_covers_collection_years_2019_to_2026_at_least() -> None:
    assert SPEC.first_year <= 2019
    assert SPEC.last_year >= 2026


def test_sex_is_coded_1_2_before_the_2025_collection() -> None:
    assert set(SPEC.codes("header", "SEX", 2024)) == {"1", "2"}
    assert set(SPEC.codes("uasc", "SEX", 2019)) == {"1", "2"}


def test_sex_is_coded_m_f_u_from_the_2025_collection() -> None:
    assert set(SPEC.codes("header", "SEX", 2025)) == {"M", "F", "U"}
    assert set(SPEC.codes("uasc", "SEX", 2026)) == {"M", "F", "U"}


def test_social_worker_episodes_are_collected_from_2024() -> None:
    assert "sw_episodes" not in SPEC.tables_for(2023)
    assert "sw_episodes" in SPEC.tables_for(2024)


def test_deprivation_of_liberty_table_is_only_in_the_newest_specification() -> None:
    assert "dolo" not in SPEC.tables_for(2025)
    assert "dolo" in SPEC.tables_for(SPEC.last_year)


def test_activity_codes_f3_p3_were_replaced_by_f4_f5_in_2022() -> None:
    assert {"F3", "P3"} <= set(SPEC.codes("oc3", "ACTIV", 2021))
    assert not {"F4", "F5"} & set(SPEC.codes("oc3", "ACTIV", 2021))
    assert {"F4", "P4", "F5", "P5"} <= set(SPEC.codes("oc3", "ACTIV", 2022))
    assert not {"F3", "P3"} & set(SPEC.codes("oc3", "ACTIV", 2022))


def test_short_break_legal_statuses_v3_v4_are_valid_codes() -> None:
    assert {"V3", "V4"} <= set(SPEC.codes("episodes", "LS", 2024))


def test_every_year_collects_the_core_tables_with_the_dfe_column_names() -> None:
    for year in SPEC.years:
        tables = SPEC.tables_for(year)
        assert tables["header"].column_names == (
            "CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB",
        )  # fmt: skip
        assert tables["episodes"].column_names[:6] == (
            "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE",
        )  # fmt: skip


def test_table_schemas_are_typed_polars_schemas() -> None:
    episodes = SPEC.tables["episodes"].schema()
    assert episodes["DECOM"] == pl.Date
    assert episodes["RNE"] == pl.String
    assert SPEC.tables["oc2"].schema()["HEALTH_ASSESSMENT"] == pl.Int8


def test_a_year_outside_the_specification_is_refused_with_a_clear_message() -> None:
    with pytest.raises(SpecError, match="outside the 903 specification"):
        SPEC.tables_for(1999)


def test_a_code_column_without_a_code_list_is_a_spec_error() -> None:
    raw = {
        "first_year": 2019,
        "last_year": 2020,
        "code_lists": {},
        "tables": {"t": {"label": "T", "key": ["A"], "columns": [{"name": "A", "type": "code"}]}},
    }
    with pytest.raises(SpecError, match="needs a code list"):
        parse_spec(raw)
