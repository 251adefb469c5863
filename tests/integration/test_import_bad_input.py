"""Bad input to `incare import`: a clear message naming file, line, column, value and what was
expected, never a traceback, and the database exactly as it was (all or nothing)."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def good_store(tiny_store: Callable[[], Any]) -> Path:
    store = tiny_store()
    store.child("A1", years=[2023, 2024])
    store.child("B2", years=[2024], SEX="2")
    store.add(2023, "episodes", CHILD="A1", DECOM="01/05/2022")
    store.add(2024, "episodes", CHILD="A1", DECOM="01/05/2022", DEC="01/06/2023", REC="E4A")
    store.add(2024, "episodes", CHILD="B2", DECOM="01/07/2023")
    store.add(2024, "reviews", CHILD="B2", REVIEW="20/07/2023")
    folder: Path = store.write()
    return folder


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every children model, so 'untouched' means exactly that."""
    return {
        model.__name__: sorted(model.objects.values_list(), key=repr)
        for model in apps.get_app_config("children").get_models()
    }


def import_store(folder: Path) -> str:
    out = io.StringIO()
    call_command("import", str(folder), "--la", "877", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def replace_line(path: Path, line: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def drop_table(folder: Path) -> None:
    (folder / "2024" / "episodes.csv").unlink()


def unknown_column(folder: Path) -> None:
    path = folder / "2024" / "header.csv"
    replace_line(path, 1, "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,FAVOURITE_COLOUR")


def date_not_a_date(folder: Path) -> None:
    replace_line(folder / "2024" / "episodes.csv", 3, "B2,31/02/2024,S,C2,N1,U4,PR1,,,,,,")


def code_not_in_list(folder: Path) -> None:
    replace_line(folder / "2024" / "episodes.csv", 3, "B2,01/07/2023,S,C2,N1,Q9,PR1,,,,,,")


def empty_file(folder: Path) -> None:
    (folder / "2024" / "reviews.csv").write_bytes(b"")


def binary_file(folder: Path) -> None:
    (folder / "2024" / "reviews.csv").write_bytes(b"PK\x03\x04" + bytes(range(256)))


def utf16_file(folder: Path) -> None:
    path = folder / "2024" / "reviews.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))


CASES = {
    "missing table": (drop_table, ["2024", "has no Episodes table", "DECOM"]),
    "unknown column": (
        unknown_column,
        ["2024/header.csv", "line 1", "unexpected columns FAVOURITE_COLOUR"],
    ),
    "date that is not a date": (
        date_not_a_date,
        ["2024/episodes.csv", "line 3", "DECOM", "'31/02/2024'", "dd/mm/yyyy"],
    ),
    "code not in the list": (
        code_not_in_list,
        ["2024/episodes.csv", "line 3", "PLACE", "'Q9'", "expected"],
    ),
    "empty file": (empty_file, ["2024/reviews.csv", "empty"]),
    "binary file": (binary_file, ["2024/reviews.csv", "binary", "not CSV"]),
    "UTF-16 file": (utf16_file, ["2024/reviews.csv", "UTF-16", "UTF-8"]),
}


@pytest.mark.parametrize("kind", CASES)
def test_bad_input_is_named_precisely_and_leaves_the_database_as_it_was(
    kind: str, tiny_store: Callable[[], Any], tmp_path: Path
) -> None:
    folder = good_store(tiny_store)
    import_store(folder)
    before = snapshot()
    assert before["Child"], "the good store was imported first"
    bad = tmp_path / "bad-store"
    shutil.copytree(folder, bad)
    corrupt, expected_fragments = CASES[kind]
    corrupt(bad)

    with pytest.raises(CommandError) as raised:
        import_store(bad)

    message = str(raised.value)
    for fragment in expected_fragments:
        assert fragment in message, f"{fragment!r} missing from:\n{message}"
    assert "Traceback" not in message
    assert snapshot() == before
