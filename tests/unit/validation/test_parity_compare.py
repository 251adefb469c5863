"""parity/compare_files.py: the verdict per rule when both tools ran on the same files
(docs/validation.md, "Reading the output"): a difference fails only without ``differs=``."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl
import pytest

from incare.validation import validate
from incare.validation.data import ReturnData, build_return_data
from incare.validation.rule import ALL_YEARS, Flags, Rule

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def compare_files() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "compare_files", REPO / "parity" / "compare_files.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sex_is_x(d: ReturnData) -> Flags:
    return {"Header": d["Header"].filter(pl.col("SEX") == "X")}


def make_rule(code: str, differs: str | None = None) -> Rule:
    return Rule(
        code=code,
        message=code,
        tables=("Header",),
        fields=("SEX",),
        years=ALL_YEARS,
        needs=frozenset({"Header"}),
        check=sex_is_x,
        differs=differs,
    )


def verdicts(
    module: ModuleType, sector: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    rules = [make_rule("1"), make_rule("2"), make_rule("3", differs="a reason"), make_rule("4")]
    data = build_return_data(
        {"Header": pl.DataFrame({"CHILD": ["a", "b"], "SEX": ["M", "X"]})}, collection_year=2026
    )
    report = validate(data, rules=rules)
    monkeypatch.setattr(module, "rules_for", lambda year: rules)  # the rules compared
    return {row["rule"]: row["verdict"] for row in module.compare(report, sector, year=2026)}


def test_verdicts_follow_the_rows_each_tool_flagged(
    compare_files: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    sector = {
        "rules": ["1", "2", "3", "4", "5", "6"],
        "done": ["1", "2", "3", "5"],
        "failed": ["4"],
        "flags": {"1": {"Header": [1]}, "2": {"Header": [0, 1]}, "3": {"Header": [0]}},
    }

    assert verdicts(compare_files, sector, monkeypatch) == {
        "1": "agree",
        "2": "differ",
        "3": "differ (documented)",
        "4": "sector crashed",
        "5": "only sector ran",
        "6": "neither ran",
    }
