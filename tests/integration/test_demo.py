"""`incare demo --no-serve`: from an empty database to a signed-in home page, twice over."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from incare.accounts.models import User
from incare.accounts.roles import Role
from incare.children.models import Child, LocalAuthority
from incare.children.queries import count_children_in_care
from incare.core.management.commands.demo import demo_years
from incare.indicators.periods import Period
from incare.indicators.population import cla_31_march
from incare.returns.models import ImportRun
from incare.ssda903.store import read_store

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--children", "60", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def data_dir(settings: Settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_demo_sets_up_a_synthetic_authority_and_a_user_per_role(
    data_dir: Path, client: Client, get_page: Callable[..., str]
) -> None:
    out = run_demo()

    authority = LocalAuthority.objects.get()
    assert authority.name == "Warrington"
    assert set(User.objects.values_list("username", flat=True)) == {r.value for r in Role}
    assert "demo-councillor" in out
    assert "http://127.0.0.1:8000/" in out
    # The database agrees with the indicator engine reading the same store.
    year = demo_years(timezone.localdate())[-1]
    tables = read_store(data_dir / "demo-store").tables
    expected = cla_31_march(tables, period=Period.collection_year(year)).numerator
    assert count_children_in_care(authority, on=date(year, 3, 31)) == expected
    assert client.login(username="councillor", password="demo-councillor")
    assert f'app-big-number__number">{expected}<' in get_page(client, "/")


def test_running_the_demo_again_changes_nothing(data_dir: Path) -> None:
    run_demo()
    children = list(Child.objects.order_by("pk").values())

    out = run_demo()

    assert "no changes" in out
    assert "Users from an earlier run were kept" in out
    assert list(Child.objects.order_by("pk").values()) == children
    assert not ImportRun.objects.order_by("-pk").first().changed_anything  # type: ignore[union-attr]


def test_the_demo_is_refused_in_production(settings: Settings) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="not for production"):
        run_demo()


def test_demo_years_end_with_the_latest_collection_that_has_ended() -> None:
    assert demo_years(date(2024, 3, 31))[-1] == 2023
    assert demo_years(date(2024, 4, 1))[-1] == 2024
    assert len(demo_years(date(2030, 1, 1))) <= 10
