"""Users are created and changed through the accounts services, and audited."""

from __future__ import annotations

import pytest
from django.test import Client

from incare.accounts.models import User
from incare.accounts.roles import Role
from incare.accounts.services import do_create_user
from incare.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    admin = do_create_user(
        "admin",
        role=Role.ADMINISTRATOR,
        password="x",
        acting_user=None,
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(admin)
    return client


def test_a_user_added_in_the_admin_is_audited(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newanalyst",
            "usable_password": "true",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "role": "analyst",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="newanalyst")
    assert user.role == "analyst"
    event = AuditEvent.objects.get(event_type="user.created", subject=f"accounts.user:{user.pk}")
    assert event.acting_user is not None
    assert event.acting_user.username == "admin"


def test_a_role_changed_in_the_admin_is_audited_without_the_password(
    admin_client: Client,
) -> None:
    user = do_create_user("worker", role=Role.SOCIAL_WORKER, password="x", acting_user=None)
    page = admin_client.get(f"/admin/accounts/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "role": "team_manager",
            "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "groups": [],
            "user_permissions": [],
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)

    response = admin_client.post(f"/admin/accounts/user/{user.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(event_type="user.changed")
    assert event.old_value["role"] == "social_worker"
    assert event.new_value["role"] == "team_manager"
    assert "password" not in event.new_value
