"""The audit log search (issue 7 §3 "administrators can search the audit log"): only
administrators open it; it filters by user, event type, child and dates, pages its results,
and each search is itself recorded (who searched for what, from where)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from incare.accounts.models import User
from incare.accounts.roles import ROLES, Role
from incare.audit import events
from incare.audit.models import AuditEvent
from incare.audit.views import PER_PAGE

pytestmark = pytest.mark.django_db

URL = reverse("audit-log")


@pytest.fixture
def logged(example_user: Callable[[str], User]) -> None:
    """An analyst read A1, a social worker read B1, and a worklist named both."""
    analyst, worker = example_user("analyst"), example_user("social_worker")
    events.record(events.CHILD_RECORD_VIEWED, acting_user=analyst, subject="877:A1")
    events.record(events.CHILD_RECORD_VIEWED, acting_user=worker, subject="877:B1")
    events.record(
        events.CHILDREN_LIST_VIEWED,
        acting_user=worker,
        subject="local_authority:877",
        new_value={"list": "worklist", "children": ["A1", "B1"]},
    )


def _subjects(html: str) -> list[str]:
    return [s for s in ("877:A1", "877:B1", "local_authority:877") if f">{s}<" in html]


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_only_administrators_search_the_audit_log(
    role: Role, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    get_page(signed_in_client(role.value), URL, status=200 if ROLES[role].may_read_audit else 403)
    assert ROLES[role].may_read_audit == (role == Role.ADMINISTRATOR)


def test_a_child_is_found_by_their_own_pages_and_the_lists_that_named_them(
    logged: None, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    html = get_page(signed_in_client("administrator"), URL + "?child=A1")
    assert _subjects(html) == ["877:A1", "local_authority:877"]


def test_filters_by_user_and_event_type(
    logged: None, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    client = signed_in_client("administrator")
    html = get_page(client, URL + "?user=social_worker")
    assert _subjects(html) == ["877:B1", "local_authority:877"]
    html = get_page(client, URL + "?user=social_worker&event=child.viewed")
    assert _subjects(html) == ["877:B1"]


def test_filters_by_date_range(
    logged: None, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    old = timezone.now() - timedelta(days=40)
    AuditEvent.objects.filter(subject="877:A1").update(occurred_at=old)
    client = signed_in_client("administrator")
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert "877:A1" not in _subjects(get_page(client, URL + f"?date_from={since}"))
    day = timezone.localtime(old).date().isoformat()
    html = get_page(client, URL + f"?date_from={day}&date_to={day}")
    assert _subjects(html) == ["877:A1"]


def test_a_wrong_date_is_an_error_and_searches_nothing(
    signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    html = get_page(signed_in_client("administrator"), URL + "?date_from=1/4/2024", status=400)
    assert "<title>Error: Audit log – incare</title>" in html
    assert "Enter the date as year-month-day" in html
    assert not AuditEvent.objects.filter(event_type="audit.searched").exists()


def test_results_come_in_pages(
    example_user: Callable[[str], User],
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    analyst = example_user("analyst")
    for n in range(PER_PAGE + 5):
        events.record(events.CHILD_RECORD_VIEWED, acting_user=analyst, subject=f"877:C{n}")
    client = signed_in_client("administrator")
    first = get_page(client, URL + "?event=child.viewed")
    assert "page 1 of 2" in first
    assert 'href="?event=child.viewed&amp;page=2"' in first
    second = get_page(client, URL + "?event=child.viewed&page=2")
    assert second.count('<tr class="govuk-table__row">') == 5 + 1  # rows and the header
    assert ">877:C0<" in second  # the oldest, last


def test_each_search_is_itself_audited_with_its_filters_and_address(
    logged: None, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    get_page(signed_in_client("administrator"), URL + "?child=A1&user=analyst")
    event = AuditEvent.objects.get(event_type="audit.searched")
    assert event.acting_user is not None
    assert event.acting_user.username == "administrator"
    assert event.new_value == {
        "filters": {"child": "A1", "user": "analyst"},
        "page": 1,
        "ip_address": "127.0.0.1",
    }
