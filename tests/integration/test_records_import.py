"""`incare import-records KIND FILE`: the CSV templates of docs/records.md; clear errors,
all or nothing, records added or corrected but never removed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from incare.children.models import LocalAuthority
from incare.children.services import do_save_local_authority
from incare.records.kinds import LOCAL_MODELS, template_columns, template_model
from incare.records.models import HealthRegistration, SchoolAttendance
from incare.records.reading import RecordsError
from incare.records.services import do_import_records
from incare.returns.services import do_import_store

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "records.md"


@pytest.fixture
def authority(tiny_store: Callable[[], Any]) -> LocalAuthority:
    la = do_save_local_authority(code="877", name="Warrington", acting_user=None)
    store = tiny_store()
    store.child("A1", years=[2024]).child("B2", years=[2024])
    store.add(2024, "episodes", CHILD="A1", DECOM="01/05/2023")
    store.add(2024, "episodes", CHILD="B2", DECOM="01/05/2023")
    do_import_store(store.write(), local_authority=la, acting_user=None)
    return la


def csv_file(path: Path, text: str) -> Path:
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path


def test_a_template_adds_then_corrects_records_and_never_removes_others(
    authority: LocalAuthority, tmp_path: Path
) -> None:
    first = csv_file(
        tmp_path / "reg.csv",
        """
child_id,service,registration,registered_on,ended_on
A1,gp,permanent,2023-05-02,
B2,Dentist,Permanent,03/05/2023,
""",
    )
    counts = do_import_records(
        first, model=HealthRegistration, local_authority=authority, acting_user=None
    )
    assert (counts.added, counts.changed) == (2, 0)
    second = csv_file(
        tmp_path / "reg2.csv",
        """
child_id,service,registration,registered_on,ended_on
A1,gp,temporary,2023-05-02,
""",
    )
    counts = do_import_records(
        second, model=HealthRegistration, local_authority=authority, acting_user=None
    )
    assert (counts.added, counts.changed, counts.removed) == (0, 1, 0)
    assert HealthRegistration.objects.count() == 2
    assert HealthRegistration.objects.get(child__child_id="A1").registration == "temporary"


def test_bad_rows_are_all_named_and_nothing_is_written(
    authority: LocalAuthority, tmp_path: Path
) -> None:
    path = csv_file(
        tmp_path / "attendance.csv",
        """
child_id,academic_year,term,sessions_possible,sessions_attended
A1,2024,autumn,140,150
B2,2024,winter,140,120
C3,2024,spring,110,100
A1,2024,summer,130,120
A1,2024,summer,130,110
B2,24,spring,110,100
""",
    )
    with pytest.raises(RecordsError) as caught:
        do_import_records(path, model=SchoolAttendance, local_authority=authority, acting_user=None)
    message = str(caught.value)
    assert (
        "attendance.csv, line 2, sessions_attended: '150'; "
        "expected at most the sessions possible (140)" in message
    )
    assert (
        "attendance.csv, line 3, term: 'winter'; expected one of autumn, spring, summer" in message
    )
    assert (
        "attendance.csv, line 4, child_id: 'C3' is not a child in Warrington (877)'s 903 data"
        in message
    )
    assert "attendance.csv, line 6: repeats line 5" in message
    assert "attendance.csv, line 7, academic_year: '24'" in message
    assert SchoolAttendance.objects.count() == 0


def test_an_unknown_kind_lists_the_templates(authority: LocalAuthority, tmp_path: Path) -> None:
    with pytest.raises(
        CommandError, match=r"there is no record template called 'visits'.*health_registrations"
    ):
        call_command("import-records", "visits", str(tmp_path / "x.csv"), la="877")


def test_the_command_imports_a_template_and_says_nothing_was_imported_on_error(
    authority: LocalAuthority, tmp_path: Path
) -> None:
    good = csv_file(tmp_path / "fgc.csv", "child_id,held_on\nA1,2023-06-01")
    call_command("import-records", "family-group-conferences", str(good), la="877")
    bad = csv_file(tmp_path / "bad.csv", "child_id,held_on\nA1,yesterday")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import-records", "family_group_conferences", str(bad), la="877")


@pytest.mark.parametrize("kind", sorted(LOCAL_MODELS))
def test_every_template_column_is_documented(kind: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split(f"### `{kind}`", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z_0-9]+)` \|", section, flags=re.MULTILINE)
    assert documented == template_columns(template_model(kind))
