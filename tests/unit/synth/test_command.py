"""``incare synth``: thin argument parsing, clear errors, a short summary."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from incare.synth.store import DEFAULT_CHILDREN


def test_writes_a_store_and_prints_a_summary(tmp_path: Path) -> None:
    out, err = StringIO(), StringIO()
    call_command(
        "synth", "--out", str(tmp_path), "--children", "60", "--years", "2024", "--seed", "4",
        stdout=out, stderr=err,
    )  # fmt: skip
    assert (tmp_path / "2024" / "episodes.csv").exists()
    assert "2024: 60 in care" in out.getvalue()
    assert "looked after at 31 March" in err.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--children", "10"], "50 to 50,000"),
        (["--children", "100", "--years", "2015-2016"], "specification covers"),
        (["--children", "100", "--years", "twenty"], "like 2019-2024"),
        (["--like", "Warington"], "Did you mean: Warrington"),
    ],
)
def test_bad_arguments_are_clear_errors(tmp_path: Path, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("synth", "--out", str(tmp_path), *args, stdout=StringIO(), stderr=StringIO())


def test_without_children_or_like_the_store_has_the_default_size(tmp_path: Path) -> None:
    # docs/synthetic-data.md: N defaults to DEFAULT_CHILDREN in care at 31 March.
    out = StringIO()
    call_command(
        "synth", "--out", str(tmp_path), "--years", "2025", "--seed", "2",
        stdout=out, stderr=StringIO(),
    )  # fmt: skip
    assert f"2025: {DEFAULT_CHILDREN} in care" in out.getvalue()
    assert DEFAULT_CHILDREN == 400  # as --help and the docs say
