"""Journeys through the strategy pages as a person would (issue 7 §5): an analyst opens the
scorecard, drills to an indicator and the children behind it, and records a progress
update; a councillor opens the same scorecard and indicator and sees no child anywhere.
Every page passes axe; screenshots of the scorecard, indicator and action plan pages go to
var/screenshots/."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from axe import assert_accessible
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from incare.children.services import do_save_local_authority
from incare.returns.services import do_import_store
from incare.strategies.definition import check_text
from incare.strategies.services import do_load_strategy
from incare.synth import generate_store

pytestmark = pytest.mark.django_db(transaction=True)

STRATEGY = """\
id: journey
la_code: E06000007
la_name: Warrington
title: Journey strategy
period: {start: 2021-04-01, end: 2024-03-31}
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
            indicator: placement_moves_3plus
            target: {comparator: at_most, value: 10}
          - ref: m2
            text: "We know how many unaccompanied children we look after"
            indicator: uasc_31_march
"""
CHILD_ID = re.compile(r"\bC\d{7}\b")


@pytest.fixture
def authority(tmp_path: Path) -> None:
    store = tmp_path / "store"
    generate_store(store, children=80, years=range(2021, 2025), seed=3, like="Warrington")
    warrington = do_save_local_authority(code="877", name="Warrington", acting_user=None)
    do_import_store(store, local_authority=warrington, acting_user=None)
    do_load_strategy(check_text(STRATEGY, file="journey.yaml"), acting_user=None)


@pytest.mark.usefixtures("authority")
def test_an_analyst_drills_from_the_scorecard_to_the_children_and_records_progress(
    page: Page, app: str, sign_in: Callable[..., None], screenshot: Callable[[Page, str], Path]
) -> None:
    sign_in(page, "analyst")
    page.get_by_role("link", name="Scorecards").click()
    page.get_by_role("link", name="Scorecard of Journey strategy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scorecard at 31 March 2024")
    expect(page.locator("#measure-m1")).to_contain_text("at most 10%")
    assert_accessible(page)
    screenshot(page, "scorecard-analyst")

    page.locator("#measure-m1").get_by_role("link", name=re.compile("About this figure")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("three or more placements", re.I)
    )
    children = page.locator("#children ~ table").first
    expect(children).to_be_visible()
    assert_accessible(page)
    screenshot(page, "indicator-analyst")
    first_child = children.locator("tbody a").first
    child_id = first_child.inner_text()
    first_child.click()
    expect(page.locator("body")).to_contain_text(child_id)

    page.goto(f"{app}/strategies/journey/actions/")
    page.get_by_role("link", name="Add a progress update on action 1.1").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()  # nothing filled in: the errors
    expect(page).to_have_title("Error: Add a progress update – incare")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a RAG rating")
    assert_accessible(page)
    screenshot(page, "progress-form-errors")
    page.get_by_label("Date of the update").fill("01/03/2024")
    page.get_by_label("Amber: at risk, with a plan to recover").check()
    page.get_by_label("Commentary").fill("Two new foster carers approved in February.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Progress update on action 1.1 saved."
    )
    expect(page.locator("#action-1-1")).to_contain_text("Two new foster carers approved")
    assert_accessible(page)
    screenshot(page, "action-plan-analyst")


@pytest.mark.usefixtures("authority")
def test_a_councillor_opens_the_scorecard_and_indicator_and_sees_no_child(
    page: Page, app: str, sign_in: Callable[..., None], screenshot: Callable[[Page, str], Path]
) -> None:
    sign_in(page, "councillor")
    page.get_by_role("link", name="Scorecards").click()
    page.get_by_role("link", name="Scorecard of Journey strategy").click()
    expect(page.locator("#measure-m2")).to_contain_text("c")
    expect(page.locator("body")).to_contain_text("c = suppressed to protect confidentiality")
    assert CHILD_ID.findall(page.content()) == []
    assert_accessible(page)
    screenshot(page, "scorecard-councillor")

    page.locator("#measure-m1").get_by_role("link", name=re.compile("About this figure")).click()
    expect(page.locator("#children")).to_have_count(0)
    assert CHILD_ID.findall(page.content()) == []
    assert_accessible(page)
    screenshot(page, "indicator-councillor")

    page.goto(f"{app}/strategies/journey/actions/")
    expect(page.get_by_role("link", name=re.compile("Add a progress update"))).to_have_count(0)
    assert CHILD_ID.findall(page.content()) == []
    assert_accessible(page)
    screenshot(page, "action-plan-councillor")


@pytest.mark.usefixtures("authority")
def test_a_councillor_sees_the_headlines_and_downloads_the_forum_pack(
    page: Page, app: str, sign_in: Callable[..., None], screenshot: Callable[[Page, str], Path]
) -> None:
    sign_in(page, "councillor")
    expect(page.locator("body")).to_contain_text("Against our targets")
    expect(page.locator("body")).to_contain_text("Journey strategy, as at 31 March 2024")
    assert CHILD_ID.findall(page.content()) == []
    assert_accessible(page)
    screenshot(page, "overview-councillor")

    page.get_by_role("link", name="The whole scorecard").click()
    page.get_by_role("link", name=re.compile("Forum pack and annual report")).click()
    page.get_by_role("button", name="Download the Forum pack").wait_for()
    assert_accessible(page)
    screenshot(page, "packs-councillor")
    page.get_by_label("Quarter").select_option("2023Q3")
    page.locator("form").filter(has=page.get_by_label("Quarter")).get_by_label(
        re.compile("^Excel")
    ).check()
    with page.expect_download() as waited:
        page.get_by_role("button", name="Download the Forum pack").click()
    download = waited.value
    assert download.suggested_filename == "forum-pack-journey-2023Q3.xlsx"
    book = load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True)
    assert len(book.sheetnames) > 1
    texts = [str(v) for s in book.worksheets for r in s.iter_rows(values_only=True) for v in r]
    assert CHILD_ID.findall(" ".join(texts)) == []
