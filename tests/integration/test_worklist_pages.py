"""Worklist pages (issue 9 §2): every role sees what its role allows (a team manager their
team, a practitioner their own caseload, councillors nothing); each page keeps the house
rules, names children only in an audited read, and the CSV export is audited."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from incare.accounts.models import User
from incare.audit.models import AuditEvent
from incare.children.models import LocalAuthority
from incare.children.services import do_save_local_authority
from incare.returns.services import do_import_store
from incare.worklists.services import CaseloadRow, do_assign_caseloads, do_set_staff_member

pytestmark = pytest.mark.django_db

AS_AT = "?as_at=2024-03-10&due_within=30"


@pytest.fixture
def authority(tiny_store: Callable[[], Any]) -> LocalAuthority:
    """A1 (team North, worker SW1) and B1 (team South, worker SW2) came into care on 1 March
    2024: a visit due by 8 March (overdue on 10 March) and a first review by 2 April."""
    la = do_save_local_authority(code="877", name="Warrington", acting_user=None)
    store = tiny_store()
    for child in ("A1", "B1"):
        store.child(child, years=[2024])
        store.add(2024, "episodes", CHILD=child, DECOM="01/03/2024")
    do_import_store(store.write(), local_authority=la, acting_user=None)
    do_assign_caseloads(
        [CaseloadRow(2, "A1", "North", "SW1"), CaseloadRow(3, "B1", "South", "SW2")],
        local_authority=la,
        acting_user=None,
    )
    return la


def _staff(user: User, team: str, worker: str) -> None:
    do_set_staff_member(user, team=team, worker=worker, acting_user=None)


def test_an_analyst_sees_every_child_by_team_and_worker(
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    html = get_page(signed_in_client("analyst"), reverse("worklist") + AS_AT)
    assert "Worklist: all children" in html
    assert "A1" in html
    assert "B1" in html
    assert reverse("worklist-team", args=["North"]) in html
    assert "reg 28(2)(a)" in html
    event = AuditEvent.objects.filter(event_type="children.list_viewed").latest("id")
    assert event.new_value["children"] == ["A1", "B1"]


def test_a_team_manager_sees_only_their_team(
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    example_user: Callable[[str], User],
    get_page: Callable[..., str],
) -> None:
    _staff(example_user("team_manager"), "North", "")
    client = signed_in_client("team_manager")
    html = get_page(client, reverse("worklist") + AS_AT)
    assert "A1" in html
    assert "B1" not in html
    assert client.get(reverse("worklist-team", args=["South"]) + AS_AT).status_code == 403


def test_a_social_worker_sees_only_their_own_caseload(
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    example_user: Callable[[str], User],
    get_page: Callable[..., str],
) -> None:
    _staff(example_user("social_worker"), "South", "SW2")
    client = signed_in_client("social_worker")
    html = get_page(client, reverse("worklist-worker", args=["SW2"]) + AS_AT)
    assert "B1" in html
    assert "A1" not in html
    assert client.get(reverse("worklist-worker", args=["SW1"]) + AS_AT).status_code == 403


def test_a_practitioner_without_a_caseload_is_told_so(
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    html = get_page(signed_in_client("personal_adviser"), reverse("worklist"))
    assert "There is no worklist for you yet" in html


def test_the_virtual_school_sees_only_peps(
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    html = get_page(signed_in_client("virtual_school"), reverse("worklist") + AS_AT)
    assert "Social worker visit" not in html


def test_councillors_cannot_see_worklists(
    authority: LocalAuthority, signed_in_client: Callable[[str], Client]
) -> None:
    client = signed_in_client("councillor")
    assert client.get(reverse("worklist")).status_code == 403
    assert client.get(reverse("worklist-team", args=["North"])).status_code == 403
    url = reverse("worklist-export", args=["worklist.csv"])
    assert client.get(url).status_code == 403


def test_a_bad_date_is_an_error_on_the_page(
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    html = get_page(signed_in_client("analyst"), reverse("worklist") + "?as_at=31/03/2024")
    assert "Enter the date as year-month-day" in html


def test_the_csv_export_lists_each_item_and_is_audited(
    authority: LocalAuthority, signed_in_client: Callable[[str], Client]
) -> None:
    url = reverse("worklist-export", args=["worklist-2024-03-10.csv"]) + AS_AT + "&team=North"
    response = signed_in_client("head_of_service").get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["child"] for r in rows} == {"A1"}
    visit = next(r for r in rows if r["rule"] == "visit_new_placement")
    assert (visit["due_date"], visit["days_overdue"]) == ("2024-03-08", "2")
    event = AuditEvent.objects.get(event_type="worklist.exported")
    assert event.new_value["children"] == ["A1"]
