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
    # Warrington's seed strategies are loaded, so the scorecards have something to show.
    assert "Loaded the strategy warrington-2018-21" in out
    assert "Loaded the strategy warrington-2021-22" in out
    assert "warrington-2021-22" in get_page(client, "/strategies/")


def test_the_demo_s_practitioners_have_caseloads_to_work_on(
    data_dir: Path, client: Client, get_page: Callable[..., str]
) -> None:
    """So that signing in as the social worker or the team manager shows a worklist and
    children, as it would for a council that loaded its caseloads."""
    run_demo()
    from incare.worklists.models import CaseloadAssignment, StaffMember

    worker = StaffMember.objects.get(user__username="social_worker")
    manager = StaffMember.objects.get(user__username="team_manager")
    assert worker.worker
    assert manager.team == worker.team
    held = CaseloadAssignment.objects.filter(worker=worker.worker)
    assert held.exists()
    assert client.login(username="social_worker", password="demo-social_worker")
    worklist = get_page(client, "/worklists/")
    assert "you hold no cases yet" not in worklist
    mine = set(held.values_list("child__child_id", flat=True))
    assert {c for c in mine if f"/children/{c}/" in worklist}, "a child of the caseload is due"
    child = held.first().child.child_id  # type: ignore[union-attr]
    assert f"Child {child}" in get_page(client, f"/children/{child}/")


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


@pytest.mark.slow
def test_the_served_demo_answers_figure_pages(tmp_path: Path) -> None:
    # `make demo` generates and imports with Polars, then serves. Gunicorn workers forked
    # from that process inherited Polars' busy thread pool and hung on every figure page;
    # the demo now serves from a fresh process. Sign in and open pages that use Polars.
    import http.cookiejar
    import os
    import re
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.parse
    import urllib.request

    def wait_for(url: str, *, seconds: float) -> bytes:
        deadline = time.monotonic() + seconds
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    return bytes(response.read())
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {**os.environ, "INCARE_DATA_DIR": str(tmp_path), "INCARE_ENV": "development"}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "incare.cli", "demo", "--children", "60", "--port"]
    server = subprocess.Popen(
        [*command, str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        sign_in = wait_for(f"{base}/sign-in/", seconds=300).decode()
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        form = opener.open(f"{base}/sign-in/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form or sign_in)
        assert token is not None
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token[1], "username": "analyst", "password": "demo-analyst"}
        ).encode()
        request = urllib.request.Request(
            f"{base}/sign-in/", data=data, headers={"Referer": f"{base}/sign-in/"}
        )
        opener.open(request, timeout=30).read()
        for path in ("/indicators/cla_31_march/", "/worklists/"):
            with opener.open(f"{base}{path}", timeout=25) as response:
                assert response.status == 200, path
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)
