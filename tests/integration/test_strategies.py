"""Loading strategies and keeping their action plans up to date (services, commands, audit).

docs/strategy-definitions.md: loading is all or nothing; loading the same file again replaces
the definition but keeps progress updates and councillors' questions, matched by action ref.
Every write goes through a service with its audit row (STYLE.md).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from incare.accounts.models import User
from incare.audit import events
from incare.audit.models import AuditEvent
from incare.children.models import LocalAuthority
from incare.strategies.definition import check_text, read_definition
from incare.strategies.models import (
    Action,
    CouncillorQuestion,
    Difference,
    LocalMeasureValue,
    Measure,
    Outcome,
    ProgressUpdate,
    Strategy,
)
from incare.strategies.services import (
    LoadError,
    StrategyInputError,
    do_add_progress_update,
    do_answer_question,
    do_ask_question,
    do_load_strategy,
    do_record_local_value,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
WARRINGTON = ROOT / "strategies" / "warrington-2018-21.yaml"

SMALL = """\
id: small
la_code: E06000007
la_name: Warrington
title: Small strategy
period: {start: 2018-04-01, end: 2021-03-31}
source: test
outcomes:
  - number: 1
    title: Stay safe
    differences:
      - {ref: "1.D1", text: "Seen alone.", measure: "1.1.a"}
    actions:
      - ref: "1.1"
        activity: "See children alone."
        lead: "Permanence Team"
        timescale: "Ongoing – monthly review"
        measures:
          - {ref: "1.1.a", text: "All seen alone.", local: seen_alone_at_visits,
             target: {comparator: at_least, value: 100}}
      - ref: "1.2"
        activity: "Hold perpetrators to account."
        lead: "Police"
        timescale: "2008"
        measures:
          - {ref: "1.2.a", text: "Perpetrators held to account."}
"""


def command(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def analyst(example_user: Callable[[str], User]) -> User:
    return example_user("analyst")


def test_loading_stores_every_part_with_an_audit_row(analyst: User) -> None:
    definition = read_definition(WARRINGTON)
    strategy = do_load_strategy(definition, acting_user=analyst)
    assert strategy.local_authority.code == "877", "ONS E06000007 is DfE 877"
    assert Outcome.objects.filter(strategy=strategy).count() == 6
    assert Action.objects.filter(strategy=strategy).count() == len(list(definition.actions))
    assert Measure.objects.filter(strategy=strategy).count() == len(list(definition.measures))
    assert Difference.objects.filter(outcome__strategy=strategy).count() == sum(
        len(o.differences) for o in definition.outcomes
    )
    linked = Difference.objects.get(ref="1.D1")
    assert linked.measure is not None
    assert linked.measure.ref == "1.1.a"
    audit = AuditEvent.objects.get(event_type=events.STRATEGY_LOADED)
    assert audit.acting_user == analyst
    assert audit.new_value["measures"] == len(list(definition.measures))


def test_reloading_replaces_the_definition_but_keeps_progress_and_questions(
    analyst: User,
) -> None:
    strategy = do_load_strategy(check_text(SMALL, file="small.yaml"), acting_user=analyst)
    do_add_progress_update(
        strategy=strategy, action_ref="1.1", on=date(2019, 6, 30), rag="amber",
        commentary="Most seen alone.", acting_user=analyst,
    )  # fmt: skip
    do_ask_question(
        strategy=strategy, action_ref="1.2", meeting_date=date(2019, 7, 1),
        question="How many prosecutions?", asked_by="Cllr A", owner="Head of service",
        due_date=date(2019, 10, 1), acting_user=analyst,
    )  # fmt: skip
    changed = SMALL.replace('"See children alone."', '"See children alone, always."')
    do_load_strategy(check_text(changed, file="small.yaml"), acting_user=analyst)
    action = Action.objects.get(strategy=strategy, ref="1.1")
    assert action.activity == "See children alone, always."
    update = ProgressUpdate.objects.get()
    assert update.action == action, "re-attached to the new action with the same ref"
    assert CouncillorQuestion.objects.get().action == Action.objects.get(ref="1.2")
    assert Strategy.objects.count() == 1


def test_an_action_removed_from_the_file_keeps_its_updates_unattached(analyst: User) -> None:
    strategy = do_load_strategy(check_text(SMALL, file="s.yaml"), acting_user=analyst)
    do_add_progress_update(
        strategy=strategy, action_ref="1.2", on=date(2019, 6, 30), rag="red",
        commentary="None yet.", acting_user=analyst,
    )  # fmt: skip
    without = SMALL.split('      - ref: "1.2"')[0]
    do_load_strategy(check_text(without, file="s.yaml"), acting_user=analyst)
    update = ProgressUpdate.objects.get()
    assert update.action is None
    assert update.action_ref == "1.2"
    reload = AuditEvent.objects.filter(event_type=events.STRATEGY_LOADED).first()
    assert reload is not None
    assert reload.new_value["unattached_updates_and_questions"] == 1


def test_a_file_with_any_error_stores_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = SMALL.replace("local: seen_alone_at_visits", "local: seen_alon")
    bad.write_text(text)
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if "seen_alon," in t)
    with pytest.raises(CommandError, match=rf"bad.yaml, line {line}: .*seen_alon") as caught:
        command("strategy", "load", str(bad))
    assert "did you mean seen_alone_at_visits" in str(caught.value)
    assert not Strategy.objects.exists()
    assert not LocalAuthority.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_load_that_fails_part_way_leaves_nothing_changed(analyst: User) -> None:
    do_load_strategy(check_text(SMALL, file="s.yaml"), acting_user=analyst)
    halton = SMALL.replace("E06000007", "E06000006").replace("Small strategy", "Changed")
    with pytest.raises(LoadError, match="already held for Warrington"):
        do_load_strategy(check_text(halton, file="s.yaml"), acting_user=analyst)
    assert Strategy.objects.get().title == "Small strategy"
    assert list(LocalAuthority.objects.values_list("name", flat=True)) == ["Warrington"]


def test_check_reads_the_file_and_stores_nothing() -> None:
    out = command("strategy", "check", str(WARRINGTON))
    assert out.startswith(f"OK {WARRINGTON}")
    assert "26 actions" in out
    assert not Strategy.objects.exists()


def test_list_gives_id_authority_title_and_period_as_json(tmp_path: Path) -> None:
    command("strategy", "load", str(WARRINGTON))
    (row,) = json.loads(command("strategy", "list", "--format", "json"))
    assert row["id"] == "warrington-2018-21"
    assert row["local_authority"] == "Warrington"
    assert row["title"] == "Children in care and care leavers strategy"
    assert (row["start"], row["end"]) == ("2018-04-01", "2021-03-31")


def test_the_acting_user_is_chosen_with_user_as_for_import(analyst: User) -> None:
    command("strategy", "load", str(WARRINGTON), "--user", "analyst")
    assert AuditEvent.objects.get(event_type=events.STRATEGY_LOADED).acting_user == analyst
    with pytest.raises(CommandError, match="there is no user called nobody"):
        command("strategy", "load", str(WARRINGTON), "--user", "nobody")


def test_questions_are_answered_with_an_audit_row(analyst: User) -> None:
    strategy = do_load_strategy(check_text(SMALL, file="s.yaml"), acting_user=analyst)
    asked = do_ask_question(
        strategy=strategy, meeting_date=date(2019, 7, 1), question="Why?",
        asked_by="Cllr B", owner="Virtual school head", acting_user=analyst,
    )  # fmt: skip
    answered = do_answer_question(
        question=asked, answer="Because.", answered_on=date(2019, 8, 1), acting_user=analyst
    )
    assert (answered.answer, answered.answered_on) == ("Because.", date(2019, 8, 1))
    codes = list(AuditEvent.objects.values_list("event_type", flat=True))
    assert events.COUNCILLOR_QUESTION_ASKED in codes
    assert events.COUNCILLOR_QUESTION_ANSWERED in codes


def test_bad_service_input_is_a_named_error(analyst: User) -> None:
    strategy = do_load_strategy(check_text(SMALL, file="s.yaml"), acting_user=analyst)
    with pytest.raises(StrategyInputError, match=r"no action '9\.9'"):
        do_add_progress_update(
            strategy=strategy, action_ref="9.9", on=date(2019, 1, 1), rag="red",
            commentary="x", acting_user=analyst,
        )  # fmt: skip
    with pytest.raises(StrategyInputError, match="RAG 'purple'"):
        do_add_progress_update(
            strategy=strategy, action_ref="1.1", on=date(2019, 1, 1), rag="purple",
            commentary="x", acting_user=analyst,
        )  # fmt: skip
    assert not ProgressUpdate.objects.exists()


def test_local_values_are_recorded_replaced_and_audited(analyst: User) -> None:
    strategy = do_load_strategy(check_text(SMALL, file="s.yaml"), acting_user=analyst)
    authority = strategy.local_authority
    kwargs = {"local_authority": authority, "local_measure": "seen_alone_at_visits"}
    do_record_local_value(
        **kwargs, as_at=date(2019, 3, 31), value=80, numerator=40, denominator=50,
        acting_user=analyst,
    )  # fmt: skip
    do_record_local_value(**kwargs, as_at=date(2019, 3, 31), value=90, acting_user=analyst)
    held = LocalMeasureValue.objects.get()
    assert held.value == 90
    recorded = AuditEvent.objects.filter(event_type=events.LOCAL_MEASURE_VALUE_RECORDED)
    assert recorded.count() == 2
    assert recorded.first().old_value["value"] == 80  # type: ignore[union-attr]
    with pytest.raises(StrategyInputError, match="does not agree with 40 of 50"):
        do_record_local_value(
            **kwargs, as_at=date(2020, 3, 31), value=90, numerator=40, denominator=50,
            acting_user=analyst,
        )  # fmt: skip
    with pytest.raises(StrategyInputError, match="no local measure 'nope'"):
        do_record_local_value(
            local_authority=authority, local_measure="nope", as_at=date(2020, 3, 31), value=1,
            acting_user=analyst,
        )  # fmt: skip
