"""The strategy pages (issue 7 §1): the list, the scorecard and the action plan with its forms.

On a synthetic authority: every measure as written with its target, value, RAG and reason;
figures equal the indicator engine's over the imported store; councillors see them through
disclosure control (indicators.md §D: a count of 1 to 5 is ``c``) and never a child; only the
roles the views name may write, through the strategies services, each write audited.
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

from incare.accounts.roles import Role
from incare.audit import events
from incare.audit.models import AuditEvent
from incare.children.services import do_save_local_authority
from incare.indicators import INDICATORS, Period
from incare.indicators.report import build_context
from incare.returns.services import do_import_store
from incare.ssda903.store import read_store
from incare.strategies.definition import check_text
from incare.strategies.models import CouncillorQuestion, ProgressUpdate, Strategy
from incare.strategies.rag import format_value
from incare.strategies.services import do_add_progress_update, do_ask_question, do_load_strategy
from incare.strategies.views import PROGRESS_WRITERS, QUESTION_RECORDERS
from incare.synth import generate_store

pytestmark = pytest.mark.django_db

AS_AT = date(2024, 3, 31)
PERCENT = "placement_moves_3plus"
SMALL_COUNT = "uasc_31_march"
STRATEGY = f"""\
id: pages-test
la_code: E06000007
la_name: Warrington
title: Pages test strategy
period: {{start: 2021-04-01, end: 2024-03-31}}
source: test
outcomes:
  - number: 1
    title: Stable homes
    actions:
      - ref: "1.1"
        activity: "Find children homes that last."
        lead: "Head of placements"
        timescale: "Reviewed quarterly"
        measures:
          - ref: m1
            text: "Fewer children move three or more times in a year"
            indicator: {PERCENT}
            target: {{comparator: at_most, value: 10}}
          - ref: m2
            text: "We know how many unaccompanied children we look after"
            indicator: {SMALL_COUNT}
      - ref: "1.2"
        activity: "Listen to children about their homes."
        lead: "Participation officer"
        measures:
          - ref: m3
            text: "Children say they are listened to"
"""


class World:
    def __init__(self, folder: Path) -> None:
        generate_store(folder, children=80, years=range(2021, 2025), seed=3, like="Warrington")
        self.authority = do_save_local_authority(code="877", name="Warrington", acting_user=None)
        do_import_store(folder, local_authority=self.authority, acting_user=None)
        self.strategy: Strategy = do_load_strategy(
            check_text(STRATEGY, file="pages-test.yaml"), acting_user=None
        )
        self.tables = read_store(folder).tables
        self.children = set(self.tables["header"].get_column("CHILD").cast(str).to_list())

    def engine(self, indicator: str) -> Any:
        """The engine's own figure over the store (not the database) for the year to AS_AT."""
        context = build_context(la_code="877", years={2023, 2024, 2025}).context
        return INDICATORS[indicator].run(self.tables, period=Period.ending(AS_AT), context=context)


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield World(tmp_path_factory.mktemp("pages"))
        transaction.set_rollback(True)


def scorecard_url(world: World, as_at: str = "2024-03-31") -> str:
    return reverse("scorecard", kwargs={"slug": world.strategy.slug}) + f"?as_at={as_at}"


def card(html: str, ref: str) -> str:
    """The summary card of one measure on the scorecard."""
    found = re.search(rf'id="measure-{ref}".*?(?=id="measure-|<h2 |$)', html, re.S)
    assert found, f"no card for measure {ref}"
    return found.group(0)


def cells(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    ]


def no_child_named(html: str, world: World) -> None:
    named = {c for c in world.children if c in html}
    assert named == set(), f"children named on the page: {sorted(named)[:5]}"


# -- the list and the scorecard ----------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_every_role_may_open_the_strategy_pages_and_each_keeps_the_house_rules(
    world: World,
    role: Role,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    """Issue 7 §2: the strategy pages show aggregates only, so every signed-in role may read
    them; the forms are for the roles the views name and refused (403) to the rest."""
    client = signed_in_client(role.value)
    slug = world.strategy.slug
    html = get_page(client, reverse("strategy-list"))
    assert reverse("scorecard", kwargs={"slug": slug}) in html
    get_page(client, scorecard_url(world))
    get_page(client, reverse("action-plan", kwargs={"slug": slug}))
    progress = reverse("add-progress", kwargs={"slug": slug, "ref": "1.1"})
    get_page(client, progress, status=200 if role in PROGRESS_WRITERS else 403)
    question = reverse("ask-question", kwargs={"slug": slug})
    get_page(client, question, status=200 if role in QUESTION_RECORDERS else 403)


def test_the_strategy_pages_ask_anonymous_visitors_to_sign_in(world: World, client: Client) -> None:
    slug = world.strategy.slug
    for url in (
        reverse("strategy-list"),
        scorecard_url(world),
        reverse("action-plan", kwargs={"slug": slug}),
        reverse("add-progress", kwargs={"slug": slug, "ref": "1.1"}),
        reverse("ask-question", kwargs={"slug": slug}),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_the_analyst_s_scorecard_shows_each_measure_as_written_with_the_engine_s_figure(
    world: World, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    html = get_page(signed_in_client("analyst"), scorecard_url(world))
    moves = world.engine(PERCENT)
    first = card(html, "m1")
    assert "Fewer children move three or more times in a year" in first
    assert "at most 10%" in first  # the target as written
    assert format_value(moves.value, "percent") in first
    assert f"(of {moves.denominator} children)" in first
    colour = "Green" if moves.value <= 10 else ("Amber" if moves.value <= 15 else "Red")
    assert (
        f"{colour}: {format_value(moves.value, 'percent')} against a target of at most 10%" in first
    )
    assert "govuk-tag--" in first
    assert "<svg" in first
    assert (
        len(re.findall(r'<th scope="row" class="govuk-table__header">\d+ \w+ 20\d\d</th>', first))
        == 6
    )
    assert "England" in first
    assert "North West" in first
    assert reverse("indicator", kwargs={"indicator_id": PERCENT}) in first
    small = world.engine(SMALL_COUNT)
    assert f'<dd class="govuk-summary-list__value">{small.numerator}<' in card(html, "m2")
    assert "Grey: not measured by data, and no progress update yet" in card(html, "m3")
    no_child_named(html, world)


@pytest.mark.parametrize("role", ["councillor", "administrator"])
def test_councillors_see_small_counts_as_c_and_never_a_child(
    world: World, role: str, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    """indicators.md §D: for councillors a count of 1 to 5 is ``c``, a percentage a whole
    number; the scorecard names no child for anyone."""
    small = world.engine(SMALL_COUNT)
    assert 1 <= small.numerator <= 5, "the test authority must have a small count to hide"
    html = get_page(signed_in_client(role), scorecard_url(world))
    shown = card(html, "m2")
    assert '<dd class="govuk-summary-list__value">c<' in shown
    assert f">{small.numerator}<" not in shown
    moves = world.engine(PERCENT)
    whole = int(moves.value + 0.5)
    assert f"{whole}%" in card(html, "m1")
    assert (
        format_value(moves.value, "percent") not in card(html, "m1")
        or float(moves.value).is_integer()
    )
    assert "c = suppressed to protect confidentiality" in html
    no_child_named(html, world)


def test_building_the_scorecard_is_audited_with_who_asked(
    world: World, signed_in_client: Callable[[str], Client]
) -> None:
    signed_in_client("councillor").get(scorecard_url(world))
    row = AuditEvent.objects.filter(event_type=events.SCORECARD_BUILT).first()
    assert row is not None
    assert row.acting_user is not None
    assert row.acting_user.username == "councillor"
    assert row.new_value["as_at"] == "2024-03-31"


def test_a_date_that_is_not_a_date_is_an_error_on_the_page(
    world: World, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    html = get_page(signed_in_client("analyst"), scorecard_url(world, "31/13/2024"))
    assert "There is a problem" in html
    assert "Enter the date as year-month-day" in html


def test_an_unknown_strategy_is_not_found(
    world: World, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    get_page(signed_in_client("analyst"), reverse("scorecard", kwargs={"slug": "nope"}), status=404)


# -- the action plan and its forms -------------------------------------------------------------


def test_the_action_plan_shows_each_action_with_lead_timescale_measures_and_latest_progress(
    world: World, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    do_add_progress_update(
        strategy=world.strategy, action_ref="1.1", on=date(2024, 1, 10), rag="amber",
        commentary="Two new foster carers approved.", acting_user=None,
    )  # fmt: skip
    do_add_progress_update(
        strategy=world.strategy, action_ref="1.1", on=date(2024, 2, 10), rag="green",
        commentary="Sufficiency plan agreed.", acting_user=None,
    )  # fmt: skip
    html = get_page(
        signed_in_client("councillor"), reverse("action-plan", kwargs={"slug": "pages-test"})
    )
    action = html[html.index('id="action-1-1"') : html.index('id="action-1-2"')]
    assert "Find children homes that last." in action
    assert "Head of placements" in action
    assert "Reviewed quarterly" in action
    assert "Fewer children move three or more times in a year" in action
    latest = action.index("Sufficiency plan agreed.")
    assert latest < action.index("Two new foster carers approved.")  # the latest first
    assert "Not given in the strategy" in html  # 1.2 has no timescale
    assert "Add a progress update" not in html  # councillors do not write progress
    assert "Record a councillor" not in html


def test_an_analyst_adds_a_progress_update_through_the_service_and_it_is_audited(
    world: World, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    client = signed_in_client("analyst")
    url = reverse("add-progress", kwargs={"slug": "pages-test", "ref": "1.2"})
    response = client.post(url, {"on": "01/03/2024", "rag": "red", "commentary": "Survey delayed."})
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(strategy=world.strategy, action_ref="1.2")
    assert (update.on, update.rag, update.commentary) == (
        date(2024, 3, 1),
        "red",
        "Survey delayed.",
    )
    assert update.author is not None
    assert update.author.username == "analyst"
    audit = AuditEvent.objects.get(
        event_type=events.STRATEGY_PROGRESS_ADDED, subject=f"strategies.progressupdate:{update.pk}"
    )
    assert audit.acting_user == update.author
    html = get_page(client, response.url.split("#")[0])
    assert "Survey delayed." in html
    assert "Progress update on action 1.2 saved." in html


def test_a_progress_update_with_nothing_filled_in_says_what_is_missing_and_saves_nothing(
    world: World, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    client = signed_in_client("team_manager")
    url = reverse("add-progress", kwargs={"slug": "pages-test", "ref": "1.1"})
    before = AuditEvent.objects.count()
    response = client.post(url, {"on": "30/02/2024", "rag": "", "commentary": " "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Add a progress update – incare</title>" in html
    assert '<a href="#id_rag_0">Select a RAG rating</a>' in html
    assert '<a href="#id_on">The date of the update must be a real date' in html
    assert '<a href="#id_commentary">Enter what has happened and what comes next</a>' in html
    assert not ProgressUpdate.objects.filter(strategy=world.strategy, action_ref="1.1").exists()
    assert AuditEvent.objects.count() == before
    get_page(client, url)  # and the empty form keeps the house rules


@pytest.mark.parametrize("role", ["councillor", "social_worker", "administrator"])
def test_roles_that_may_not_add_progress_are_refused_and_nothing_is_saved(
    world: World, role: str, signed_in_client: Callable[[str], Client]
) -> None:
    url = reverse("add-progress", kwargs={"slug": "pages-test", "ref": "1.1"})
    response = signed_in_client(role).post(
        url, {"on": "01/03/2024", "rag": "red", "commentary": "x"}
    )
    assert response.status_code == 403
    assert not ProgressUpdate.objects.filter(strategy=world.strategy).exists()


def test_an_unknown_action_is_not_found(
    world: World, signed_in_client: Callable[[str], Client]
) -> None:
    url = reverse("add-progress", kwargs={"slug": "pages-test", "ref": "9.9"})
    assert signed_in_client("analyst").get(url).status_code == 404


def test_an_administrator_records_a_question_and_its_answer_both_audited(
    world: World, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    client = signed_in_client("administrator")
    response = client.post(
        reverse("ask-question", kwargs={"slug": "pages-test"}),
        {
            "meeting_date": "14/03/2024",
            "question": "Why do some children move so often?",
            "asked_by": "Cllr Patel",
            "owner": "Head of placements",
            "due_date": "11/04/2024",
            "action_ref": "1.1",
        },
    )
    assert response.status_code == 302
    asked = CouncillorQuestion.objects.get(strategy=world.strategy)
    assert (asked.asked_by, asked.owner, asked.action_ref) == (
        "Cllr Patel",
        "Head of placements",
        "1.1",
    )
    assert asked.due_date == date(2024, 4, 11)
    assert AuditEvent.objects.filter(
        event_type=events.COUNCILLOR_QUESTION_ASKED, acting_user__username="administrator"
    ).exists()
    html = get_page(client, reverse("action-plan", kwargs={"slug": "pages-test"}))
    assert "Why do some children move so often?" in html
    assert "Not answered yet" in html

    answer = reverse("answer-question", kwargs={"slug": "pages-test", "pk": asked.pk})
    get_page(client, answer)
    response = client.post(answer, {"answer": "Too few local carers.", "answered_on": "02/04/2024"})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert (asked.answer, asked.answered_on) == ("Too few local carers.", date(2024, 4, 2))
    assert AuditEvent.objects.filter(
        event_type=events.COUNCILLOR_QUESTION_ANSWERED,
        subject=f"strategies.councillorquestion:{asked.pk}",
    ).exists()
    councillor = get_page(
        signed_in_client("councillor"), reverse("action-plan", kwargs={"slug": "pages-test"})
    )
    assert "Too few local carers." in councillor


def test_a_question_due_before_its_meeting_or_with_blanks_is_refused_with_reasons(
    world: World, signed_in_client: Callable[[str], Client]
) -> None:
    response = signed_in_client("analyst").post(
        reverse("ask-question", kwargs={"slug": "pages-test"}),
        {"meeting_date": "14/03/2024", "question": "", "asked_by": "", "owner": "Someone",
         "due_date": "01/03/2024", "action_ref": ""},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Record a councillor&#x27;s question – incare</title>" in html or (
        "<title>Error: Record a councillor's question – incare</title>" in html
    )
    assert "Enter the question as it was asked" in html
    assert "Enter who asked the question" in html
    assert "The answer cannot be due before the meeting it was asked at" in html
    assert not CouncillorQuestion.objects.filter(strategy=world.strategy).exists()


def test_an_answer_before_the_meeting_is_refused(
    world: World, signed_in_client: Callable[[str], Client]
) -> None:
    asked = do_ask_question(
        strategy=world.strategy, meeting_date=date(2024, 3, 14), question="When?",
        asked_by="Cllr Jones", owner="Director", acting_user=None,
    )  # fmt: skip
    url = reverse("answer-question", kwargs={"slug": "pages-test", "pk": asked.pk})
    response = signed_in_client("analyst").post(
        url, {"answer": "Soon.", "answered_on": "01/03/2024"}
    )
    assert response.status_code == 200
    assert "The answer cannot come before the meeting" in response.content.decode()
    asked.refresh_from_db()
    assert asked.answer == ""
    for role in ("councillor", "head_of_service"):
        assert (
            signed_in_client(role)
            .post(url, {"answer": "x", "answered_on": "20/03/2024"})
            .status_code
            == 403
        )


# -- the overview's headline measures ----------------------------------------------------------


def _rag_counts(html: str) -> list[str]:
    return re.findall(r'govuk-tag[^"]*">(Red|Amber|Green|Grey)</strong> (\d+) measure', html)


@pytest.mark.parametrize("role", ["analyst", "councillor"])
def test_the_overview_shows_the_current_strategy_s_measures_against_target(
    world: World, role: str, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    """Issue 7 §1 "Overview": headline indicators against target, with the scorecard's own
    RAG, figures and disclosure control (a councillor sees a whole-number percentage)."""
    client = signed_in_client(role)
    home = get_page(client, "/")
    assert "Against our targets" in home
    ours = home.split("Against our targets")[1].split("Latest import")[0]
    assert "Pages test strategy, as at 31 March 2024" in ours
    full = get_page(client, scorecard_url(world))
    assert _rag_counts(ours) == _rag_counts(full)
    rated = re.search(r'govuk-tag[^"]*">(Red|Amber|Green|Grey)<', card(full, "m1"))
    assert rated is not None
    moves = world.engine(PERCENT)
    row = next(r for r in re.findall(r"<tr.*?</tr>", ours, re.S) if "three or more times" in r)
    expected = format_value(moves.value, "percent") if role == "analyst" else None
    assert cells(row)[1:] == [
        "at most 10%",
        expected or f"{int(moves.value + 0.5)}%",
        rated.group(1),
    ]
    # A measure with no target (m2) or no data (m3) is counted but not listed.
    assert "how many unaccompanied" not in ours
    assert "listened to" not in ours
    no_child_named(home, world)


def test_the_current_strategy_is_the_one_in_force_else_the_one_that_ended_last(
    world: World,
) -> None:
    from incare.strategies.queries import current_strategy

    def load(slug: str, start: str, end: str) -> Strategy:
        text = STRATEGY.replace("id: pages-test", f"id: {slug}").replace(
            "{start: 2021-04-01, end: 2024-03-31}", f"{{start: {start}, end: {end}}}"
        )
        return do_load_strategy(check_text(text, file=f"{slug}.yaml"), acting_user=None)

    with transaction.atomic():
        older = load("older", "2015-04-01", "2018-03-31")
        assert current_strategy(world.authority, today=date(2030, 1, 1)) == world.strategy
        assert current_strategy(world.authority, today=date(2016, 6, 1)) == older
        transaction.set_rollback(True)


# -- the packs on the web ----------------------------------------------------------------------


def test_the_packs_page_offers_the_quarters_and_years_of_the_strategy_the_data_reaches(
    world: World, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    """The strategy runs 1 April 2021 to 31 March 2024 and the data to 31 March 2024: the 12
    quarters of 2021/22 to 2023/24 (Q4 2023/24 ends 31 March 2024) and three years."""
    html = get_page(signed_in_client("councillor"), reverse("packs", args=[world.strategy.slug]))
    quarters = re.findall(r'name="quarter">(.*?)</select>', html, re.S)[0]
    assert re.findall(r'value="([^"]+)"', quarters) == [
        f"{y}Q{q}" for y in (2023, 2022, 2021) for q in (4, 3, 2, 1)
    ]
    years = re.findall(r'name="year">(.*?)</select>', html, re.S)[0]
    assert re.findall(r'value="([^"]+)"', years) == ["2024", "2023", "2022"]


@pytest.mark.parametrize("role", ["analyst", "councillor"])
def test_a_forum_pack_downloaded_from_the_web_is_the_councillors_pack_and_is_audited(
    world: World, role: str, signed_in_client: Callable[[str], Client]
) -> None:
    """A pack is made for the Forum: whoever downloads it, a count of 1 to 5 is ``c``
    (indicators.md §D) and no child is named; the download is an audited export."""
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    client = signed_in_client(role)
    url = reverse("forum-pack", args=[world.strategy.slug])
    answer = client.get(url, {"quarter": "2023Q4", "format": "xlsx"})
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == (
        'attachment; filename="forum-pack-pages-test-2023Q4.xlsx"'
    )
    book = load_workbook(io.BytesIO(answer.content), read_only=True)
    cells = {
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }
    assert "c" in cells  # the unaccompanied children (1 to 5) of measure m2
    assert not cells & world.children
    pdf = client.get(url, {"quarter": "2023Q4", "format": "pdf"})
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Corporate Parenting Forum" in text
    assert not {c for c in world.children if re.search(rf"\b{re.escape(c)}\b", text)}
    exported = AuditEvent.objects.filter(event_type=events.REPORT_EXPORTED).order_by("pk")
    assert [(e.acting_user.username, e.new_value["format"]) for e in exported] == [
        (role, "xlsx"),
        (role, "pdf"),
    ]
    assert exported[0].new_value["file"] == "downloaded from the web"
    assert exported[0].new_value["ip_address"] == "127.0.0.1"


def test_a_quarter_outside_the_strategy_or_a_format_not_offered_is_an_error_on_the_page(
    world: World, signed_in_client: Callable[[str], Client]
) -> None:
    client = signed_in_client("analyst")
    url = reverse("forum-pack", args=[world.strategy.slug])
    answer = client.get(url, {"quarter": "2024Q1", "format": "zip"})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Choose a quarter of the strategy the data reaches, not 2024Q1" in html
    assert "Choose PDF, Excel or web page" in html
    late = client.get(reverse("annual-report", args=[world.strategy.slug]), {"year": "2025/26"})
    assert "Choose a year of the strategy the data reaches, not 2026" in late.content.decode()
    assert not AuditEvent.objects.filter(event_type=events.REPORT_EXPORTED).exists()
