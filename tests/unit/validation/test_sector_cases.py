"""Every per-rule test case of the sector validator (csc-validator-be-903 0.1.17), replayed.

Issue 4 §3: identical results to the sector tool on every rule both implement. The cases are
the inputs each sector rule's own ``test_validate`` builds and the rows the rule returned,
recorded by ``make parity`` into var/parity/cases-YEAR.json (parity/sector_side.py). A case
is skipped when incare has no rule of that code for the year; when the sector rule crashed on
its own data, or incare's rule records why it differs (``differs=``, from the DfE text), the
case only checks that incare's rule runs on that data.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from incare.validation.engine import rules_for

REPO = Path(__file__).resolve().parents[3]
YEARS = (2025, 2026, 2027)


def _cases_file(year: int) -> Path:
    return REPO / "var" / "parity" / f"cases-{year}.json"


def _replayer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "replay_cases", REPO / "parity" / "replay_cases.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _params() -> list[Any]:
    params = []
    for year in YEARS:
        path = _cases_file(year)
        if not path.is_file():
            continue
        for case in json.loads(path.read_text()):
            params.append(pytest.param(year, case, id=f"{year}-{case['code']}-{case['case']}"))
    if not params:
        reason = "no var/parity/cases-*.json: run `make parity` to record the sector's cases"
        params.append(pytest.param(0, {}, id="no-cases", marks=pytest.mark.skip(reason=reason)))
    return params


@pytest.fixture(scope="module")
def replay() -> Any:
    return _replayer().replay


@pytest.mark.parametrize(("year", "case"), _params())
def test_sector_case_flags_the_same_rows(replay: Any, year: int, case: dict[str, Any]) -> None:
    code = case["code"]
    ours = {r.code: r for r in rules_for(year)}
    if code not in ours:
        pytest.skip(f"rule {code} is not implemented for {year}")
    got = replay(case, year=year)
    if "crash" in case or ours[code].differs:
        # The sector rule crashed on its own data, or incare differs on purpose (differs=,
        # from the DfE rule text): no rows to compare with, but incare's rule must not fail
        # (it may be skipped for an input the case does not supply, e.g. the provider list).
        assert isinstance(got, dict) or "rule failed" not in got, got
        return
    expected = {table: rows for table, rows in case["result"].items() if rows}

    assert got == expected
