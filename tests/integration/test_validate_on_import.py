"""Every import runs the DfE validation rules on the latest year (issue 4: "incare validates
every import, all year") and keeps the summary on the run; errors never stop an import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from incare.audit import events
from incare.audit.models import AuditEvent
from incare.children.models import Child, LocalAuthority
from incare.children.services import do_save_local_authority
from incare.returns.models import ImportRun
from incare.returns.services import do_import_store
from incare.ssda903.errors import ReturnError

pytestmark = pytest.mark.django_db


@pytest.fixture
def authority() -> LocalAuthority:
    return do_save_local_authority(code="877", name="Warrington", acting_user=None)


def store_with_an_error(tiny_store: Callable[[], Any]) -> Any:
    """2024 and 2025; in 2025 B2 was born in 1990, so was over 25 on 1 April 2024, which
    rule 351 flags (the import itself accepts the row: the date is a real date)."""
    made = tiny_store()
    made.child("A1", years=[2024])
    made.child("A1", years=[2025], SEX="M")
    made.child("B2", years=[2025], SEX="F", DOB="01/01/1990")
    made.add(2024, "episodes", CHILD="A1", DECOM="01/05/2023")
    made.add(2025, "episodes", CHILD="A1", DECOM="01/05/2023")
    made.add(2025, "episodes", CHILD="B2", DECOM="03/03/2025")
    return made


def test_validation_errors_do_not_stop_the_import(
    tiny_store: Callable[[], Any], authority: LocalAuthority
) -> None:
    folder = Path(store_with_an_error(tiny_store).write())

    run = do_import_store(folder, local_authority=authority, acting_user=None)

    assert run.status == ImportRun.Status.SUCCEEDED
    assert set(Child.objects.values_list("child_id", flat=True)) == {"A1", "B2"}


def test_the_latest_year_is_validated_and_summarised_on_the_run(
    tiny_store: Callable[[], Any], authority: LocalAuthority
) -> None:
    folder = Path(store_with_an_error(tiny_store).write())

    run = do_import_store(folder, local_authority=authority, acting_user=None)
    run.refresh_from_db()

    assert run.validation_year == 2025
    assert run.validation["rules"]["351"] == 1
    assert run.validation_errors == sum(run.validation["rules"].values())
    assert run.validation_rules_run is not None
    assert run.validation_rules_run > 0
    assert run.validation_children is not None
    assert 1 <= run.validation_children <= 2


def test_the_audit_row_carries_the_validation_counts(
    tiny_store: Callable[[], Any], authority: LocalAuthority
) -> None:
    folder = Path(store_with_an_error(tiny_store).write())

    run = do_import_store(folder, local_authority=authority, acting_user=None)

    audit = AuditEvent.objects.get(event_type=events.RETURN_IMPORTED)
    assert audit.new_value["validation"] == {
        "year": 2025,
        "rules_run": run.validation_rules_run,
        "errors": run.validation_errors,
        "children": run.validation_children,
    }


def test_an_unreadable_postcode_reference_only_skips_the_postcode_rules(
    tiny_store: Callable[[], Any], authority: LocalAuthority
) -> None:
    made = store_with_an_error(tiny_store)
    made.metadata = {"la_code": "877", "postcodes": "postcodes.csv"}
    folder = Path(made.write())
    (folder / "postcodes.csv").write_text("not,a,reference\n1,2,3\n")

    run = do_import_store(folder, local_authority=authority, acting_user=None)

    assert run.status == ImportRun.Status.SUCCEEDED
    assert run.validation["note"].startswith("postcode rules skipped")
    assert run.validation["rules"]["351"] == 1


def test_a_failed_import_records_no_validation(
    tiny_store: Callable[[], Any], authority: LocalAuthority
) -> None:
    made = store_with_an_error(tiny_store)
    made.add(2025, "episodes", CHILD="NOBODY", DECOM="01/01/2025")  # no Header row: refused
    folder = Path(made.write())

    with pytest.raises(ReturnError):
        do_import_store(folder, local_authority=authority, acting_user=None)

    failed = ImportRun.objects.get()
    assert failed.status == ImportRun.Status.FAILED
    assert failed.validation_errors is None
    assert failed.validation == {}
