"""``incare validate`` refuses a collection year it holds no rules for (docs/validation.md).

Run with no rules, a return would be reported as "0 rules run" with no errors and look
clean; incare implements the DfE rule sets of the 2024/25 to 2026/27 collections (collection
years 2025 to 2027), so any other year is an error (exit status 2) that names them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from incare.validation.command import UNREADABLE, main

SUPPORTED = "collection years 2025 to 2027 (the 2024/25 to 2026/27 returns)"


def _store(tiny_store: Callable[[], Any], *years: int) -> Path:
    made = tiny_store()
    for year in years:
        made.child("A1", years=[year], SEX="M")
        made.add(year, "episodes", CHILD="A1", DECOM=f"01/05/{year - 1}")
    return made.write()


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize(("year", "return_name"), [(2024, "2023/24"), (2028, "2027/28")])
def test_a_year_without_rules_is_an_error_naming_the_years_incare_holds(
    tiny_store: Callable[[], Any],
    capsys: pytest.CaptureFixture[str],
    year: int,
    return_name: str,
) -> None:
    store = _store(tiny_store, year - 1, year)

    status, out, err = _run(capsys, str(store), "--year", str(year), "--format", "json")

    assert status == UNREADABLE
    assert out == ""  # no report that could pass for a clean one
    assert f"no validation rules for collection year {year} (the {return_name} return)" in err
    assert SUPPORTED in err
    assert "Traceback" not in err


def test_a_store_whose_latest_year_has_no_rules_is_an_error_too(
    tiny_store: Callable[[], Any], capsys: pytest.CaptureFixture[str]
) -> None:
    # Without --year the store's latest year is validated: here 2023/24.
    store = _store(tiny_store, 2023, 2024)

    status, out, err = _run(capsys, str(store))

    assert status == UNREADABLE
    assert out == ""
    assert "collection year 2024" in err
    assert SUPPORTED in err


def test_a_return_folder_named_for_a_year_without_rules_is_an_error(
    tiny_store: Callable[[], Any], capsys: pytest.CaptureFixture[str]
) -> None:
    # One return's folder: its name says the year.
    store = _store(tiny_store, 2024)

    status, _, err = _run(capsys, str(store / "2024"))

    assert status == UNREADABLE
    assert "collection year 2024" in err


def test_a_year_with_rules_runs_them(
    tiny_store: Callable[[], Any], capsys: pytest.CaptureFixture[str]
) -> None:
    store = _store(tiny_store, 2024, 2025)

    status, out, _ = _run(capsys, str(store), "--year", "2025", "--format", "json")

    assert status == 0
    report = json.loads(out)
    assert report["collection_year"] == 2025
    assert report["rules_run"] > 0
