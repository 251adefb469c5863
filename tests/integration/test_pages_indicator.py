"""The indicator page (issue 7 §1): definition, trend, breakdowns, benchmarks and, for roles
that may see them, the children behind the figure (scoped to a manager's team or a
practitioner's caseload, and audited as a list of children). Councillors and administrators
never see a child and see figures through disclosure control (indicators.md §D).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from incare.accounts.roles import ROLES, Role
from incare.audit import events
from incare.audit.models import AuditEvent
from incare.children.services import do_save_local_authority
from incare.indicators import INDICATORS, Period
from incare.indicators.report import build_context
from incare.returns.services import do_import_store
from incare.ssda903.store import read_store
from incare.strategies.rag import format_value
from incare.synth import generate_store
from incare.worklists.services import CaseloadRow, do_assign_caseloads, do_set_staff_member

pytestmark = pytest.mark.django_db

END = date(2024, 3, 31)
PERCENT = "placement_moves_3plus"
SMALL_COUNT = "uasc_31_march"


class World:
    def __init__(self, folder: Path) -> None:
        generate_store(folder, children=80, years=range(2021, 2025), seed=3, like="Warrington")
        self.authority = do_save_local_authority(code="877", name="Warrington", acting_user=None)
        do_import_store(folder, local_authority=self.authority, acting_user=None)
        self.tables = read_store(folder).tables
        self.children = set(self.tables["header"].get_column("CHILD").cast(str).to_list())

    def engine(self, indicator: str, end: date = END) -> Any:
        """The engine's own result over the store (not the database)."""
        context = build_context(la_code="877", years={end.year - 1, end.year, end.year + 1})
        return INDICATORS[indicator].run(
            self.tables, period=Period.ending(end), context=context.context
        )


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield World(tmp_path_factory.mktemp("indicator"))
        transaction.set_rollback(True)


def url(indicator: str, end: str = "2024-03-31") -> str:
    return reverse("indicator", kwargs={"indicator_id": indicator}) + f"?period_end={end}"


def section(html: str, heading_id: str) -> str:
    found = re.search(rf'id="{heading_id}".*?(?=<h2 |</main>)', html, re.S)
    assert found, f"no section {heading_id}"
    return found.group(0)


def listed_children(html: str) -> set[str]:
    if 'id="children"' not in html:
        return set()
    return set(
        re.findall(r"<th scope=\"row\"[^>]*>(?:<a [^>]*>)?(C\d+)", section(html, "children"))
    )


def named(html: str, world: World) -> set[str]:
    return {c for c in world.children if c in html}


def list_audits(indicator: str) -> list[AuditEvent]:
    return [
        a
        for a in AuditEvent.objects.filter(event_type=events.CHILDREN_LIST_VIEWED)
        if (a.new_value or {}).get("list") == f"indicator:{indicator}"
    ]


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_every_role_may_open_the_indicator_pages_and_only_some_see_children(
    world: World,
    role: Role,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    """Issue 7 §2: the figure is for everyone signed in; the children behind it only for
    roles that may see children (a practitioner with no caseload yet is told why)."""
    client = signed_in_client(role.value)
    listing = get_page(client, reverse("indicator-list"))
    assert reverse("indicator", kwargs={"indicator_id": PERCENT}) in listing
    html = get_page(client, url(PERCENT))
    if not ROLES[role].may_see_children:
        assert named(html, world) == set()
        assert 'id="children"' not in html
    elif role in (Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER):
        assert "The children are not shown" in html  # no team or caseload yet
        assert named(html, world) == set()
    else:
        assert listed_children(html) == set(world.engine(PERCENT).children["CHILD"].to_list())


def test_the_analyst_sees_the_definition_trend_breakdowns_benchmarks_and_every_child(
    world: World, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    html = get_page(signed_in_client("analyst"), url(PERCENT))
    indicator = INDICATORS[PERCENT]
    result = world.engine(PERCENT)
    assert indicator.definition in html
    assert f"section {indicator.section}" in html
    assert format_value(result.value, "percent") in html
    assert f"{result.numerator} of {result.denominator} children" in html
    trend = section(html, "trend")
    assert "<svg" in trend
    # The store holds collection years 2021 to 2024: a point per 31 March from 2021, none
    # for 12 months the data does not cover.
    for year in range(2021, 2025):
        assert f"31 March {year}" in trend
    assert "31 March 2020" not in trend
    earlier = world.engine(PERCENT, date(2023, 3, 31))
    assert format_value(earlier.value, "percent") in trend
    bench = section(html, "benchmarks")
    assert "England" in bench
    assert "North West" in bench
    assert "Statistical neighbours" in bench
    parts = section(html, "breakdowns")
    for title in ("Age at the period end", "Sex", "Ethnicity", "Legal status", "Placement type",
                  "Unaccompanied asylum-seeking children"):  # fmt: skip
        assert f">{title}</h3>" in parts
    children = section(html, "children")
    first = sorted(result.children["CHILD"].to_list())[0]
    assert f'href="{reverse("child-records", kwargs={"child_id": first})}"' in children or (
        f'href="/children/{first}/' in children
    )


def test_each_breakdown_accounts_for_every_child_of_the_cohort_exactly_once(
    world: World, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    """The groups of a breakdown partition the cohort: each totals the figure's denominator
    and its numerator (indicators.md §A3's groups, 'Not recorded' for blanks)."""
    result = world.engine(PERCENT)
    html = get_page(signed_in_client("analyst"), url(PERCENT))
    parts = section(html, "breakdowns")
    tables = re.findall(r"<table.*?</table>", parts, re.S)
    assert len(tables) == 6
    for table in tables:
        rows = re.findall(r"<tr[^>]*>\s*<th scope=\"row\".*?</tr>", table, re.S)
        numbers = [
            [
                re.sub(r"<[^>]+>", "", c).replace(",", "").strip()
                for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)
            ]
            for r in rows
        ]
        *groups, total = numbers
        assert total[:2] == [str(result.denominator), str(result.numerator)]
        assert sum(int(g[0]) for g in groups) == result.denominator
        assert sum(int(g[1]) for g in groups) == result.numerator


def test_viewing_the_children_behind_a_figure_is_audited_naming_them(
    world: World, signed_in_client: Callable[[str], Client]
) -> None:
    signed_in_client("head_of_service").get(url(PERCENT))
    (audit,) = list_audits(PERCENT)
    assert audit.acting_user is not None
    assert audit.acting_user.username == "head_of_service"
    assert audit.new_value["period_end"] == "2024-03-31"
    assert sorted(audit.new_value["children"]) == sorted(
        world.engine(PERCENT).children["CHILD"].to_list()
    )


@pytest.mark.parametrize("role", ["councillor", "administrator"])
def test_councillors_get_c_for_small_counts_and_never_a_child_nor_an_audit_of_one(
    world: World, role: str, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    small = world.engine(SMALL_COUNT)
    assert 1 <= small.numerator <= 5, "the test authority must have a small count to hide"
    client = signed_in_client(role)
    html = get_page(client, url(SMALL_COUNT))
    assert '<span class="app-big-number__number">c</span>' in html
    assert "c = suppressed to protect confidentiality" in html
    assert named(html, world) == set()
    moves = get_page(client, url(PERCENT))
    assert named(moves, world) == set()
    assert f"{int(world.engine(PERCENT).value + 0.5)}%" in moves
    assert list_audits(SMALL_COUNT) == list_audits(PERCENT) == []
    analyst = get_page(signed_in_client("analyst"), url(SMALL_COUNT))
    assert f'<span class="app-big-number__number">{small.numerator}</span>' in analyst


def test_councillors_breakdowns_hide_small_cells_and_any_that_would_give_them_away(
    world: World, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    """§D: a count of 1 to 5 is c, and where exactly one cell of a column with a total is
    hidden another is hidden too, so no hidden cell can be worked out by subtraction."""
    html = get_page(signed_in_client("councillor"), url(PERCENT))
    tables = re.findall(r"<table.*?</table>", section(html, "breakdowns"), re.S)
    hidden_somewhere = False
    for table in tables:
        column = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<tr[^>]*>\s*<th scope=\"row\".*?<td[^>]*>(.*?)</td>", table, re.S)
        ]
        assert not any(cell.isdigit() and 1 <= int(cell) <= 5 for cell in column)
        assert column.count("c") != 1
        hidden_somewhere |= "c" in column
    assert hidden_somewhere, "an 80-child authority has small groups: this test must see one"


def test_a_social_worker_sees_only_their_own_caseload_and_a_manager_their_team(
    world: World,
    example_user: Callable[[str], Any],
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    cohort = sorted(world.engine(PERCENT).children["CHILD"].to_list())
    mine, theirs = cohort[:3], cohort[3:6]
    rows = [CaseloadRow(i, c, "North", "SW1") for i, c in enumerate(mine, start=2)]
    rows += [CaseloadRow(i, c, "South", "SW2") for i, c in enumerate(theirs, start=10)]
    do_assign_caseloads(rows, local_authority=world.authority, acting_user=None)
    do_set_staff_member(example_user("social_worker"), team="North", worker="SW1", acting_user=None)
    do_set_staff_member(example_user("team_manager"), team="South", worker="", acting_user=None)

    worker = get_page(signed_in_client("social_worker"), url(PERCENT))
    assert listed_children(worker) == set(mine)
    assert f"3 of {len(cohort)}" in worker
    manager = get_page(signed_in_client("team_manager"), url(PERCENT))
    assert listed_children(manager) >= set(theirs)
    assert not listed_children(manager) & set(mine)
    audits = {a.acting_user.username: a.new_value for a in list_audits(PERCENT) if a.acting_user}
    assert sorted(audits["social_worker"]["children"]) == mine
    assert audits["social_worker"]["scope"] == "worker SW1"


def test_an_unknown_indicator_is_not_found_and_a_bad_date_is_an_error_on_the_page(
    world: World, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    client = signed_in_client("analyst")
    get_page(client, reverse("indicator", kwargs={"indicator_id": "no_such_thing"}), status=404)
    html = get_page(client, url(PERCENT, "2024-02-30"))
    assert "There is a problem" in html
    assert "Enter the period end as year-month-day" in html


def test_the_indicator_pages_ask_anonymous_visitors_to_sign_in(
    world: World, client: Client
) -> None:
    for address in (reverse("indicator-list"), url(PERCENT)):
        response = client.get(address)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
