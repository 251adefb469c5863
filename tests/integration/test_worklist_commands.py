"""`incare worklist` (issue 9 §2: per item the child, what is due, the due date, days overdue,
team, worker and rule, as JSON, CSV or a table), `incare worklist-digest` (Django's mail
framework) and `incare caseloads`; and the worklist on a synthetic authority."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from incare.accounts.models import User
from incare.audit.models import AuditEvent
from incare.children.models import LocalAuthority
from incare.children.services import do_save_local_authority
from incare.records.services import do_import_records_folder
from incare.returns.services import do_import_store
from incare.synth import generate_store
from incare.synth.records import RECORDS_FOLDER
from incare.worklists.duedates import RULES
from incare.worklists.frames import worklist_tables
from incare.worklists.queries import Scope, read_worklist
from incare.worklists.services import do_set_staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def authority(tiny_store: Callable[[], Any]) -> LocalAuthority:
    """A1 in care from Friday 1 March 2024 with social worker SW1 (903): a visit due by
    8 March, a first review by 2 April (20 working days; Easter on 29 March and 1 April)."""
    la = do_save_local_authority(code="877", name="Warrington", acting_user=None)
    store = tiny_store()
    store.child("A1", years=[2024])
    store.add(2024, "episodes", CHILD="A1", DECOM="01/03/2024")
    store.add(2024, "sw_episodes", CHILD="A1", DOB="01/01/2012", SW_ID="SW1", SW_DECOM="01/03/2024")
    do_import_store(store.write(), local_authority=la, acting_user=None)
    return la


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("worklist", *args, stdout=out)
    return out.getvalue()


def test_json_names_each_item_with_its_due_date_days_overdue_and_rule(
    authority: LocalAuthority,
) -> None:
    found = json.loads(_run("--as-at", "2024-03-10", "--due-within", "30", "--format", "json"))
    assert (found["as_at"], found["due_within"]) == ("2024-03-10", 30)
    items = {i["rule"]: i for i in found["items"]}
    assert items["visit_new_placement"]["due_date"] == "2024-03-08"
    assert items["visit_new_placement"]["days_overdue"] == 2
    assert items["review_first"]["due_date"] == "2024-04-02"
    assert items["review_first"]["days_overdue"] == -23
    assert items["review_first"]["worker"] == "SW1"
    assert items["review_first"]["source"] == RULES["review_first"].source
    assert AuditEvent.objects.filter(event_type="children.list_viewed").exists()


def test_csv_and_table_carry_the_same_items(authority: LocalAuthority) -> None:
    rows = list(csv.DictReader(io.StringIO(_run("--as-at", "2024-03-10", "--format", "csv"))))
    assert [r["rule"] for r in rows] == ["visit_new_placement"]
    assert list(rows[0]) == [
        "child",
        "due",
        "due_date",
        "days_overdue",
        "team",
        "worker",
        "rule",
        "source",
    ]
    table = _run("--as-at", "2024-03-10", "--due-within", "30")
    assert "visit_new_placement" in table
    assert "review_first" in table


def test_breaches_per_month_count_the_first_day_late(authority: LocalAuthority) -> None:
    """The visit due by 8 March 2024 was never made: one breach in March; the first review
    (due 2 April) is not late on 31 March."""
    found = json.loads(_run("--as-at", "2024-03-31", "--breaches", "--format", "json"))
    assert found["breaches"] == [{"month": "2024-03", "rule": "visit_new_placement", "breaches": 1}]


def test_bad_arguments_are_clear_messages(authority: LocalAuthority) -> None:
    with pytest.raises(CommandError, match="--as-at must be a date"):
        _run("--as-at", "31/03/2024")
    with pytest.raises(CommandError, match="--due-within must be a whole number"):
        _run("--due-within", "-3")


def test_the_digest_mails_each_worker_their_list_and_audits_it(
    authority: LocalAuthority, example_user: Callable[[str], User]
) -> None:
    worker = example_user("social_worker")
    worker.email = "sw@example.org"
    worker.save()
    do_set_staff_member(worker, team="", worker="SW1", acting_user=None)
    example_user("councillor")
    call_command("worklist-digest", "--as-at", "2024-03-10", stderr=io.StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sw@example.org"]
    assert "1 overdue" in message.subject
    assert "A1: Social worker visit (new placement), 2 days overdue" in message.body
    event = AuditEvent.objects.get(event_type="worklist.digest_sent")
    assert event.new_value["children"] == ["A1"]


def test_caseloads_are_assigned_from_a_file_all_or_nothing(
    authority: LocalAuthority, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("child_id,team,worker\nA1,North,SW1\nZ9,North,SW1\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad.csv, line 3, child_id: 'Z9' is not a child"):
        call_command("caseloads", "assign", str(bad), stdout=io.StringIO())
    good = tmp_path / "good.csv"
    good.write_text("child_id,team,worker\nA1,North,SW7\n", encoding="utf-8")
    call_command("caseloads", "assign", str(good), stdout=io.StringIO())
    found = json.loads(_run("--as-at", "2024-03-10", "--format", "json", "--team", "North"))
    assert {(i["team"], i["worker"]) for i in found["items"]} == {("North", "SW7")}
    assert AuditEvent.objects.filter(event_type="worklist.caseloads_assigned").count() == 1


def test_the_worklist_runs_on_a_synthetic_authority(tmp_path: Path) -> None:
    store = tmp_path / "store"
    generate_store(store, children=120, years=range(2022, 2025), seed=11, like="Warrington")
    la = do_save_local_authority(code="877", name="Warrington", acting_user=None)
    do_import_store(store, local_authority=la, acting_user=None)
    do_import_records_folder(store / RECORDS_FOLDER, local_authority=la, acting_user=None)
    result = read_worklist(
        la, scope=Scope(), as_at=date(2024, 3, 31), due_within=14, acting_user=None
    )
    assert result.items.height > 0
    assert set(result.items["rule"]) <= set(RULES)
    # Every child with something due was in care, or a care leaver, at some time.
    known = set(worklist_tables(la)["header"]["CHILD"])
    assert set(result.items["CHILD"]) <= known
    # Days overdue agree with the due dates.
    gap = (pl.lit(date(2024, 3, 31)) - pl.col("due_date")).dt.total_days()
    assert result.items.filter(gap != pl.col("days_overdue")).is_empty()
