"""`incare import DIR`: which authority, a report per table, clear errors, no tracebacks."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from incare.children.models import Child, LocalAuthority
from incare.returns.models import ImportRun

pytestmark = pytest.mark.django_db


def small_store(tiny_store: Callable[[], Any], **metadata: str) -> Any:
    store = tiny_store()
    store.child("A1", years=[2024])
    store.add(2024, "episodes", CHILD="A1", DECOM="01/05/2023")
    store.metadata = metadata or None
    return store.write()


def run_import(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_store_names_its_authority(tiny_store: Callable[[], Any]) -> None:
    folder = small_store(tiny_store, la_code="877", la_name="Warrington")

    out, err = run_import(str(folder))

    assert LocalAuthority.objects.get(code="877").name == "Warrington"
    assert "Imported" in out
    assert "Header                   1         1         0         0" in out
    assert "Episodes: 1 rows read, 1 added, 0 changed, 0 removed" in err


def test_a_second_import_says_nothing_changed(tiny_store: Callable[[], Any]) -> None:
    folder = small_store(tiny_store, la_code="877")
    run_import(str(folder))

    out, _ = run_import(str(folder))

    assert "No changes: the database already matched the store." in out
    assert ImportRun.objects.count() == 2


def test_la_option_is_used_when_the_store_does_not_say(tiny_store: Callable[[], Any]) -> None:
    run_import(str(small_store(tiny_store)), "--la", "123", "--la-name", "Somewhere")

    assert Child.objects.get().local_authority.name == "Somewhere"


@override_settings(LOCAL_AUTHORITY_CODE="456")
def test_the_setting_is_the_last_resort(tiny_store: Callable[[], Any]) -> None:
    run_import(str(small_store(tiny_store)))

    assert Child.objects.get().local_authority.code == "456"


@override_settings(LOCAL_AUTHORITY_CODE="")
def test_no_authority_at_all_is_a_clear_error(tiny_store: Callable[[], Any]) -> None:
    with pytest.raises(CommandError, match="give --la CODE"):
        run_import(str(small_store(tiny_store)))


def test_an_option_contradicting_the_store_is_refused(tiny_store: Callable[[], Any]) -> None:
    with pytest.raises(CommandError, match="belongs to local authority 877, but --la says 999"):
        run_import(str(small_store(tiny_store, la_code="877")), "--la", "999")


def test_a_bad_store_is_a_list_of_problems_not_a_traceback(
    tiny_store: Callable[[], Any],
) -> None:
    store = tiny_store()
    store.child("A1", years=[2024])
    store.add(2024, "episodes", CHILD="A1", DECOM="tomorrow")
    folder = store.write()

    with pytest.raises(CommandError) as raised:
        run_import(str(folder), "--la", "877")

    message = str(raised.value)
    assert "'tomorrow' is not a date" in message
    assert message.endswith("Nothing was imported.")
    assert Child.objects.count() == 0


def test_a_missing_folder_is_a_clear_error(tmp_path: Any) -> None:
    with pytest.raises(CommandError, match="is not a folder"):
        run_import(str(tmp_path / "nowhere"), "--la", "877")
