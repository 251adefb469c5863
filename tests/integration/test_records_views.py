"""The records pages: a child's records and the GOV.UK forms that add one; who may see them;
every save goes through `do_add_record` with its audit row, every read is audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from incare.audit.models import AuditEvent
from incare.children.services import do_save_local_authority
from incare.records.models import CamhsReferral, SchoolAttendance
from incare.returns.services import do_import_store

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def authority(tiny_store: Callable[[], Any]) -> None:
    la = do_save_local_authority(code="877", name="Warrington", acting_user=None)
    store = tiny_store()
    store.child("A1", years=[2024])
    store.add(2024, "episodes", CHILD="A1", DECOM="01/05/2023")
    do_import_store(store.write(), local_authority=la, acting_user=None)


def test_a_childs_records_page_is_audited(
    signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    html = get_page(signed_in_client("analyst"), reverse("child-records", args=["A1"]))
    assert "Records of child A1" in html
    assert "Add a CAMHS referral" in html
    assert AuditEvent.objects.filter(event_type="records.viewed", subject="877:A1").exists()


def test_a_social_worker_cannot_open_the_records_of_a_child_outside_their_caseload(
    signed_in_client: Callable[[str], Client],
) -> None:
    client = signed_in_client("social_worker")
    assert client.get(reverse("child-records", args=["A1"])).status_code == 403
    url = reverse("add-record", args=["A1", "camhs_referrals"])
    assert client.post(url, {"referred_on": "01/06/2023"}).status_code == 403
    assert CamhsReferral.objects.count() == 0


def test_councillors_cannot_see_or_add_a_childs_records(
    signed_in_client: Callable[[str], Client],
) -> None:
    client = signed_in_client("councillor")
    assert client.get(reverse("child-records", args=["A1"])).status_code == 403
    url = reverse("add-record", args=["A1", "camhs_referrals"])
    assert client.post(url, {"referred_on": "01/06/2023"}).status_code == 403
    assert CamhsReferral.objects.count() == 0


def test_an_unknown_child_or_kind_is_not_found(signed_in_client: Callable[[str], Client]) -> None:
    client = signed_in_client("analyst")
    assert client.get(reverse("child-records", args=["Z9"])).status_code == 404
    assert client.get(reverse("add-record", args=["A1", "statutory_visits"])).status_code == 404


def test_saving_the_form_records_it_with_an_audit_row(
    signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    client = signed_in_client("health")
    url = reverse("add-record", args=["A1", "camhs_referrals"])
    assert "Date referred to CAMHS" in get_page(client, url)
    response = client.post(url, {"referred_on": "01/06/2023", "assessed_on": "2023-07-01"})
    assert response.status_code == 302
    referral = CamhsReferral.objects.get()
    assert str(referral.assessed_on) == "2023-07-01"
    event = AuditEvent.objects.get(event_type="records.added")
    assert event.subject == "877:A1"
    assert event.new_value["kind"] == "camhs_referrals"


def test_the_form_checks_as_the_import_does(signed_in_client: Callable[[str], Client]) -> None:
    client = signed_in_client("virtual_school")
    url = reverse("add-record", args=["A1", "school_attendance"])
    values = {
        "academic_year": "2024",
        "term": "autumn",
        "sessions_possible": "100",
        "sessions_attended": "120",
    }
    html = client.post(url, values).content.decode()
    assert "There is a problem" in html
    assert "<title>Error: " in html
    assert SchoolAttendance.objects.count() == 0
    client.post(url, {**values, "sessions_attended": "90"})
    again = client.post(url, {**values, "sessions_attended": "95"}).content.decode()
    assert "already exists" in again  # the natural key: one row per year and term
    assert SchoolAttendance.objects.count() == 1
    late = (
        signed_in_client("health")
        .post(
            reverse("add-record", args=["A1", "camhs_referrals"]),
            {"referred_on": "01/06/2023", "assessed_on": "01/05/2023"},
        )
        .content.decode()
    )
    assert "must be on or after the date referred to CAMHS" in late


def test_the_nurse_and_the_virtual_school_see_and_record_only_their_part_of_the_record(
    signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    """Least privilege (docs/web.md, ``ROLE_CATEGORIES``): the nurse health records, the
    virtual school education records; neither the social worker's visits."""
    nurse = get_page(signed_in_client("health"), reverse("child-records", args=["A1"]))
    assert "Add a CAMHS referral" in nurse
    assert "School attendance" not in nurse
    assert "Statutory visits" not in nurse
    school = signed_in_client("virtual_school")
    html = get_page(school, reverse("child-records", args=["A1"]))
    assert "School attendance" in html
    assert "CAMHS" not in html
    url = reverse("add-record", args=["A1", "camhs_referrals"])
    assert school.post(url, {"referred_on": "01/06/2023"}).status_code == 403
    assert CamhsReferral.objects.count() == 0
    # Refused before the child's records are read: the page's read is the only one.
    viewed = AuditEvent.objects.filter(
        event_type="records.viewed", acting_user__username="virtual_school"
    )
    assert viewed.count() == 1
