"""`incare validate DIR`: the JSON contract (issue 4 §2), the table, the workbook, bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from incare.validation.engine import rules_for

MESSAGE_101 = "The child or young person’s reported sex is not valid."


def validate(*args: str) -> str:
    out = io.StringIO()
    call_command("validate", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def store(tiny_store: Callable[[], Any]) -> Path:
    """2024 and 2025; in 2025 the second Header row (child B2) has sex 9, not a 903 code
    (from 2024/25 sex is coded M, F or U)."""
    made = tiny_store()
    made.child("A1", years=[2024])
    made.child("A1", years=[2025], SEX="M")
    made.child("B2", years=[2025], SEX="9")
    made.add(2024, "episodes", CHILD="A1", DECOM="01/05/2023")
    made.add(2025, "episodes", CHILD="A1", DECOM="01/05/2023")
    made.add(2025, "episodes", CHILD="B2", DECOM="03/03/2025")
    return Path(made.write())


def test_json_has_exactly_the_promised_shape(store: Path) -> None:
    document = json.loads(validate(str(store), "--year", "2025", "--format", "json"))

    assert list(document) == ["collection_year", "rules_run", "rules_skipped", "errors"]
    assert document["collection_year"] == 2025
    assert document["rules_run"] + len(document["rules_skipped"]) == len(rules_for(2025))
    for error in document["errors"]:
        assert list(error) == ["code", "table", "row", "child", "fields", "message"]
    # Rule 101 (sex not a valid code): B2 is the second data row of Header, so row 1.
    assert {
        "code": "101",
        "table": "Header",
        "row": 1,
        "child": "B2",
        "fields": ["SEX"],
        "message": MESSAGE_101,
    } in document["errors"]


def test_the_latest_year_is_validated_by_default(store: Path) -> None:
    document = json.loads(validate(str(store), "--format", "json", "--only", "101"))

    assert document["collection_year"] == 2025
    assert [e["child"] for e in document["errors"]] == ["B2"]


def test_only_runs_the_named_rules(store: Path) -> None:
    document = json.loads(validate(str(store), "--format", "json", "--only", "101", "102"))

    assert document["rules_run"] == 2
    assert {e["code"] for e in document["errors"]} == {"101"}


def test_a_single_return_folder_is_validated_with_last_years_given_by_last(store: Path) -> None:
    document = json.loads(
        validate(
            str(store / "2025"), "--last", str(store / "2024"), "--format", "json", "--only", "101"
        )
    )

    assert document["collection_year"] == 2025  # from the folder's name
    assert [(e["code"], e["child"]) for e in document["errors"]] == [("101", "B2")]


def test_table_lists_each_failing_rule_with_its_count_and_message(store: Path) -> None:
    text = validate(str(store), "--only", "101")

    line = next(row for row in text.splitlines() if row.startswith("101"))
    assert line.split()[:3] == ["101", "1", "1"]
    assert line.endswith(MESSAGE_101)
    assert "1 rules run" in text


def test_excel_writes_summary_and_child_sheets(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    validate(str(store), "--format", "excel", "--out", str(out), "--only", "101")

    book = load_workbook(out, read_only=True)
    summary = list(book["Summary"].iter_rows(values_only=True))
    assert summary[1] == ("101", MESSAGE_101, 1, 1)
    children = list(book["Children"].iter_rows(values_only=True))
    assert children[1] == ("B2", "Header", 1, "101", MESSAGE_101, "SEX")


def test_excel_needs_out(store: Path) -> None:
    with pytest.raises(CommandError, match="--out"):
        validate(str(store), "--format", "excel")


def test_an_unknown_rule_code_is_refused(store: Path) -> None:
    with pytest.raises(CommandError, match="no rule 9999") as caught:
        validate(str(store), "--only", "9999")
    assert caught.value.returncode == 2


def test_a_store_without_the_year_is_a_readable_error(store: Path) -> None:
    with pytest.raises(CommandError, match="has no 2019 folder") as caught:
        validate(str(store), "--year", "2019")
    assert caught.value.returncode == 2


def test_a_missing_header_file_is_a_readable_error(store: Path) -> None:
    (store / "2025" / "header.csv").unlink()
    with pytest.raises(CommandError, match="has no Header table") as caught:
        validate(str(store))
    assert caught.value.returncode == 2


def test_a_bad_postcode_reference_is_a_readable_error(store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "postcodes.csv"
    bad.write_text("postcode,la_code,easting,northing\nWA1 1AA,E06000007,east,1\n")
    with pytest.raises(CommandError, match="easting") as caught:
        validate(str(store), "--postcodes", str(bad))
    assert caught.value.returncode == 2


def test_unreadable_input_exits_2_without_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "incare.cli", "validate", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 2
    assert "is not a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_incare_program_validates_without_starting_django(store: Path) -> None:
    # `incare validate` reads files and writes a report: it runs without Django's start-up
    # (docs/validation.md), and gives the same JSON as the management command.
    script = (
        "import sys; from incare.cli import main\n"
        "try:\n    main(sys.argv[1:])\n"
        "finally:\n    sys.stderr.write('django loaded' if 'django.apps' in sys.modules else '')\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "validate",
            str(store),
            "--year",
            "2025",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "django loaded" not in result.stderr
    direct = json.loads(validate(str(store), "--year", "2025", "--format", "json"))
    assert json.loads(result.stdout) == direct
