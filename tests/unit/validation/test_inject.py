"""The parity harness's error injector (src/incare/validation/inject.py): seeded, every kind
of error, and each injected error where the log says it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from incare.synth import generate_store
from incare.validation.files import validate_folder
from incare.validation.inject import inject_store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("store")
    generate_store(out, children=80, years=range(2024, 2026), seed=3)
    return out


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.csv"))}


def test_the_same_seed_writes_the_same_files(store: Path, tmp_path: Path) -> None:
    inject_store(store, tmp_path / "a", seed=5)
    inject_store(store, tmp_path / "b", seed=5)
    inject_store(store, tmp_path / "c", seed=6)

    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")


def test_every_kind_of_error_is_injected_over_several_children(store: Path, tmp_path: Path) -> None:
    log = inject_store(store, tmp_path / "out", seed=1)

    kinds = {entry["kind"] for entry in log}
    for kind in (
        "invalid code",
        "invalid date",
        "blank required field",
        "episode ends before it starts",
        "date of birth out of range",
        "overlapping episode",
        "duplicate episodes row",
        "child with episodes but no Header row",
        "child in Header only",
        "last year's date of birth differs",
        "UASC ceased before birth",
        "OC3 for a young child",
    ):
        assert kind in kinds
    assert len({entry["child"] for entry in log}) > 20
    assert json.loads((tmp_path / "out" / "injected.json").read_text()) == log


def test_well_formed_leaves_every_date_a_date(store: Path, tmp_path: Path) -> None:
    log = inject_store(store, tmp_path / "out", seed=1, malformed=False)

    assert not {"invalid date", "blank required field"} & {entry["kind"] for entry in log}


def test_an_invalid_sex_code_is_flagged_by_rule_101_on_the_logged_row(
    store: Path, tmp_path: Path
) -> None:
    log = inject_store(store, tmp_path / "out", seed=1)
    injected = {
        (entry["table"], entry["row"])
        for entry in log
        if entry["kind"] == "invalid code"
        and (entry["table"], entry["column"], entry["year"]) == ("Header", "SEX", 2025)
    }

    report = validate_folder(tmp_path / "out", only=["101"])

    flagged = set(report.errors.select("table", "row").iter_rows())
    assert injected
    assert injected <= flagged
