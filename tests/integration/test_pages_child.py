"""The child page (issue 7 §1 "Child", §2, §3): a timeline of the child's care and their due
dates; who may open it (analysts, heads of service, the nurse and the virtual school every
child; team managers their team's; practitioners their own caseload; councillors and
administrators never); every view audited with who, which child, when and from where."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from incare.accounts.models import User
from incare.accounts.roles import Role
from incare.audit.models import AuditEvent
from incare.children.models import Child, LocalAuthority
from incare.children.services import do_save_local_authority
from incare.records.models import HealthCheck, StatutoryVisit
from incare.records.services import do_add_record
from incare.returns.services import do_import_store
from incare.worklists.services import CaseloadRow, do_assign_caseloads, do_set_staff_member

pytestmark = pytest.mark.django_db

AS_AT = "?as_at=2024-03-10"


@pytest.fixture
def authority(tiny_store: Callable[[], Any]) -> LocalAuthority:
    """A1 (team North, worker SW1) and B1 (team South, worker SW2) came into care on
    1 March 2024. A1 had a review, went missing, was visited and had a health check."""
    la = do_save_local_authority(code="877", name="Warrington", acting_user=None)
    store = tiny_store()
    for child in ("A1", "B1"):
        store.child(child, years=[2024])
        store.add(2024, "episodes", CHILD=child, DECOM="01/03/2024", LS="C1", PLACE="U6")
    store.add(2024, "reviews", CHILD="A1", REVIEW="05/03/2024", REVIEW_CODE="PN1")
    store.add(2024, "missing", CHILD="A1", MIS_START="06/03/2024", MIS_END="07/03/2024")
    do_import_store(store.write(), local_authority=la, acting_user=None)
    do_assign_caseloads(
        [CaseloadRow(2, "A1", "North", "SW1"), CaseloadRow(3, "B1", "South", "SW2")],
        local_authority=la,
        acting_user=None,
    )
    a1 = Child.objects.get(child_id="A1")
    do_add_record(
        model=StatutoryVisit,
        child=a1,
        values={"visit_date": date(2024, 3, 4), "seen": True, "seen_alone": False},
        acting_user=None,
    )
    do_add_record(
        model=HealthCheck,
        child=a1,
        values={
            "check_type": "dental_check",
            "check_date": date(2024, 3, 8),
            "status": "completed",
        },
        acting_user=None,
    )
    return la


def _url(child: str) -> str:
    return reverse("child", args=[child]) + AS_AT


def _views(child: str) -> int:
    return AuditEvent.objects.filter(event_type="child.viewed", subject=f"877:{child}").count()


def test_the_timeline_shows_the_childs_care_from_the_903_and_the_records(
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    html = get_page(signed_in_client("analyst"), _url("A1"))
    assert '<h1 class="govuk-heading-xl">Child A1</h1>' in html
    # The 903 episode, with its codes in the specification's words.
    assert "Started to be looked after" in html
    assert "C1: Interim care order" in html
    assert "U6: Foster placement with other foster carer(s)" in html
    assert "Looked-after review" in html
    assert "PN1: Child physically attends and speaks for him or herself" in html
    assert "Missing" in html
    assert "Returned 7 March 2024" in html
    # The records beyond the 903.
    assert "Statutory visit" in html
    assert "Health check" in html
    assert "Dental check" in html
    # Newest first: the dental check (8 March) before the visit (4 March) before the start.
    timeline = html[html.index('id="timeline"') :]
    assert timeline.index("8 March") < timeline.index("4 March") < timeline.index("1 March")


def test_the_timeline_can_show_one_category_without_javascript(
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    html = get_page(signed_in_client("analyst"), _url("A1") + "&show=health")
    assert "Dental check" in html
    assert "Looked-after review</p>" not in html
    assert "Started to be looked after" not in html


def test_due_dates_follow_the_regulations(
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    """Placed 1 March 2024. CPPCR 2010 reg 28(2)(a): a visit within a week of the placement
    (8 March). The visit on 4 March met it, so the next falls six weeks on; reg 33(1):
    the first review within 20 working days, and the 5 March review met that."""
    html = get_page(signed_in_client("analyst"), _url("A1"))
    due = html[html.index('id="due"') : html.index('id="timeline"')]
    assert "Social worker visit" in due
    assert "First looked-after review" not in due
    # B1 was never visited: on 10 March the week-one visit is two days overdue.
    html = get_page(signed_in_client("analyst"), _url("B1"))
    due = html[html.index('id="due"') : html.index('id="timeline"')]
    assert "2 days overdue" in due


def test_every_view_of_a_child_is_audited_with_who_and_from_where(
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    get_page(signed_in_client("analyst"), _url("A1"))
    event = AuditEvent.objects.get(event_type="child.viewed", subject="877:A1")
    assert event.acting_user is not None
    assert event.acting_user.username == "analyst"
    assert event.new_value == {"page": "child", "ip_address": "127.0.0.1"}
    assert event.occurred_at is not None


@pytest.mark.parametrize(
    "role", [Role.ANALYST, Role.HEAD_OF_SERVICE, Role.HEALTH, Role.VIRTUAL_SCHOOL]
)
def test_whole_service_roles_see_every_child(
    role: Role,
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    client = signed_in_client(role.value)
    for child in ("A1", "B1"):
        assert f"Child {child}" in get_page(client, _url(child))
        assert _views(child) == 1


@pytest.mark.parametrize("role", [Role.COUNCILLOR, Role.ADMINISTRATOR])
def test_councillors_and_administrators_never_see_a_child(
    role: Role, authority: LocalAuthority, signed_in_client: Callable[[str], Client]
) -> None:
    response = signed_in_client(role.value).get(_url("A1"))
    assert response.status_code == 403
    assert "Child A1" not in response.content.decode()
    assert _views("A1") == 0


def test_a_team_manager_sees_only_their_teams_children(
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    example_user: Callable[[str], User],
    get_page: Callable[..., str],
) -> None:
    do_set_staff_member(example_user("team_manager"), team="North", worker="", acting_user=None)
    client = signed_in_client("team_manager")
    assert "Child A1" in get_page(client, _url("A1"))
    assert client.get(_url("B1")).status_code == 403
    assert (_views("A1"), _views("B1")) == (1, 0)


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER])
def test_a_practitioner_sees_only_their_own_caseload(
    role: Role,
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    example_user: Callable[[str], User],
    get_page: Callable[..., str],
) -> None:
    do_set_staff_member(example_user(role.value), team="South", worker="SW2", acting_user=None)
    client = signed_in_client(role.value)
    assert "Child B1" in get_page(client, _url("B1"))
    assert client.get(_url("A1")).status_code == 403
    assert (_views("A1"), _views("B1")) == (0, 1)


def test_a_practitioner_with_no_caseload_sees_no_child(
    authority: LocalAuthority, signed_in_client: Callable[[str], Client]
) -> None:
    assert signed_in_client("social_worker").get(_url("A1")).status_code == 403


def test_the_903_social_worker_holds_an_unassigned_child(
    tiny_store: Callable[[], Any],
    signed_in_client: Callable[[str], Client],
    example_user: Callable[[str], User],
) -> None:
    """Without a caseload assignment the child is held by the 903 social worker open that
    day (the worklists' rule, docs/worklists.md)."""
    la = do_save_local_authority(code="877", name="Warrington", acting_user=None)
    store = tiny_store()
    store.child("C1", years=[2024])
    store.add(2024, "episodes", CHILD="C1", DECOM="01/03/2024")
    store.add(2024, "sw_episodes", CHILD="C1", DOB="01/01/2012", SW_ID="SW9", SW_DECOM="01/03/2024")
    do_import_store(store.write(), local_authority=la, acting_user=None)
    do_set_staff_member(example_user("social_worker"), team="", worker="SW9", acting_user=None)
    assert signed_in_client("social_worker").get(_url("C1")).status_code == 200
    do_set_staff_member(example_user("social_worker"), team="", worker="SW8", acting_user=None)
    assert signed_in_client("social_worker").get(_url("C1")).status_code == 403


def test_the_nurse_sees_only_health_due_dates(
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    html = get_page(signed_in_client("health"), _url("B1"))
    due = html[html.index('id="due"') : html.index('id="timeline"')]
    assert "Social worker visit" not in due
    assert "health assessment" in due.lower()


def test_the_nurse_and_the_virtual_school_see_their_part_of_the_record_not_the_visits(
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    """Least privilege (docs/web.md): the nurse sees where the child lives, reviews, missing
    episodes, leaving care and health; the virtual school the same with education instead
    of health; neither the social worker's visits."""
    nurse = get_page(signed_in_client("health"), _url("A1"))
    timeline = nurse[nurse.index('id="timeline"') :]
    assert "Started to be looked after" in timeline
    assert "Looked-after review" in timeline
    assert "Returned 7 March 2024" in timeline
    assert "Dental check" in timeline
    assert "Statutory visit" not in timeline
    assert "Visits (" not in timeline
    assert "The rest is for the child" in timeline
    school = get_page(signed_in_client("virtual_school"), _url("A1"))
    timeline = school[school.index('id="timeline"') :]
    assert "Started to be looked after" in timeline
    assert "Dental check" not in timeline
    assert "Statutory visit" not in timeline
    # Asking for a category the role does not see shows everything it may see instead.
    assert "Statutory visit" not in get_page(
        signed_in_client("health"), _url("A1") + "&show=visits"
    )
    # Roles that hold the child's case see it all, without the note.
    worker = get_page(signed_in_client("analyst"), _url("A1"))
    assert "Statutory visit" in worker
    assert "The rest is for the child" not in worker


def test_an_unknown_child_is_not_found_and_not_audited(
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    get_page(signed_in_client("analyst"), _url("Z9"), status=404)
    assert not AuditEvent.objects.filter(event_type="child.viewed").exists()


def test_a_wrong_date_is_an_error_on_the_page(
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    html = get_page(signed_in_client("analyst"), reverse("child", args=["A1"]) + "?as_at=31/03/24")
    assert "<title>Error: Child A1 – incare</title>" in html
    assert "Enter the date as year-month-day" in html
