"""Reading children: only roles that may see them, every read on the audit log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from incare.audit.models import AuditEvent
from incare.children.models import Child, LocalAuthority
from incare.children.queries import count_children_in_care, get_child_for_user
from incare.children.services import do_save_local_authority
from incare.returns.services import do_import_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def authority(tiny_store: Callable[[], Any]) -> LocalAuthority:
    store = tiny_store()
    store.child("A1", years=[2024])
    store.add(2024, "episodes", CHILD="A1", DECOM="01/05/2023", DEC="01/02/2024", REC="X1")
    store.add(2024, "episodes", CHILD="A1", DECOM="01/02/2024", RNE="P")
    authority = do_save_local_authority(code="877", name="Warrington", acting_user=None)
    do_import_store(store.write(), local_authority=authority, acting_user=None)
    return authority


def test_an_analyst_sees_a_child_and_the_read_is_audited(
    authority: LocalAuthority, example_user: Callable[[str], Any]
) -> None:
    analyst = example_user("analyst")

    child = get_child_for_user(analyst, local_authority=authority, child_id="A1")

    assert child.child_id == "A1"
    event = AuditEvent.objects.get(event_type="child.viewed")
    assert (event.acting_user, event.subject) == (analyst, "877:A1")


def test_a_social_worker_may_not_see_a_child_outside_their_caseload(
    authority: LocalAuthority, example_user: Callable[[str], Any]
) -> None:
    # Least privilege: a practitioner sees their own caseload only, whichever page asks.
    with pytest.raises(PermissionDenied):
        get_child_for_user(example_user("social_worker"), local_authority=authority, child_id="A1")
    assert not AuditEvent.objects.filter(event_type="child.viewed").exists()


def test_a_councillor_may_not_see_a_child(
    authority: LocalAuthority, example_user: Callable[[str], Any]
) -> None:
    with pytest.raises(PermissionDenied):
        get_child_for_user(example_user("councillor"), local_authority=authority, child_id="A1")
    assert not AuditEvent.objects.filter(event_type="child.viewed").exists()


def test_an_unknown_child_is_a_named_error(
    authority: LocalAuthority, example_user: Callable[[str], Any]
) -> None:
    with pytest.raises(Child.DoesNotExist):
        get_child_for_user(example_user("analyst"), local_authority=authority, child_id="ZZ")


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2023, 4, 30), 0),  # before the first episode
        (date(2023, 5, 1), 1),  # the day care starts
        (date(2024, 2, 1), 1),  # a change of placement is one child, not two
        (date(2030, 1, 1), 1),  # the last episode is still open
    ],
)
def test_count_children_in_care(authority: LocalAuthority, on: date, expected: int) -> None:
    assert count_children_in_care(authority, on=on) == expected
