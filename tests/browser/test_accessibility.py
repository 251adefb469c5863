"""Every page an analyst (who may see everything) can reach has no serious or critical
accessibility violations (issue 7 §5), found by following links from the home page: one page
of each URL pattern."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest
from axe import assert_accessible
from django.urls import resolve, reverse
from playwright.sync_api import Page

from incare.accounts.roles import ROLES, Role
from incare.children.services import do_save_local_authority
from incare.core.navigation import SECTIONS
from incare.returns.services import do_import_store
from incare.strategies.definition import check_text
from incare.strategies.services import do_load_strategy

pytestmark = pytest.mark.django_db(transaction=True)

# Enough for every page the application has; a crawl that finds more should be looked at.
MOST_PAGES = 200


@pytest.fixture
def imported(tiny_store: Callable[[], Any]) -> None:
    """A tiny authority so pages show figures and tables, not only their empty states."""
    store = tiny_store()
    store.child("A1", years=[2024]).child("B2", years=[2024])
    store.add(2024, "episodes", CHILD="A1", DECOM="01/05/2023")
    store.add(2024, "episodes", CHILD="B2", DECOM="01/05/2023", DEC="01/04/2024", REC="E13")
    authority = do_save_local_authority(code="877", name="Warrington", acting_user=None)
    do_import_store(store.write(), local_authority=authority, acting_user=None)
    # A strategy, so the crawl reaches the overview's headlines, the scorecard, the action
    # plan with its forms and the packs page.
    do_load_strategy(check_text(STRATEGY, file="crawl.yaml"), acting_user=None)


STRATEGY = """\
id: crawl
la_code: E06000007
la_name: Warrington
title: Crawl strategy
period: {start: 2022-04-01, end: 2024-03-31}
source: test
outcomes:
  - number: 1
    title: Stable homes
    actions:
      - ref: "1.1"
        activity: "Find children homes that last."
        lead: "Head of placements"
        measures:
          - ref: m1
            text: "Children in care at 31 March"
            indicator: cla_31_march
            target: {comparator: at_most, value: 10}
"""

DOWNLOADS = {"worklist-export", "data-run-excel", "forum-pack", "annual-report"}
"""Links that download a file (CSV, workbook) rather than show a page: not crawled."""


def links_on(page: Page, app: str) -> set[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    return {
        urldefrag(href).url
        for href in hrefs
        if href.startswith(app)
        and not urlparse(href).path.startswith(("/static/", "/admin/"))
        and resolve(urlparse(href).path).url_name not in DOWNLOADS
    }


@pytest.mark.usefixtures("imported")
def test_every_page_an_analyst_can_reach_passes_axe(
    page: Page, app: str, sign_in: Callable[..., None], screenshot: Callable[[Page, str], Path]
) -> None:
    sign_in(page, "analyst")
    to_visit, seen, routes = [f"{app}/"], set(), set()
    while to_visit:
        url = to_visit.pop(0)
        # One page per URL pattern: /indicators/a/ and /indicators/b/ share a template, and
        # running axe on each of hundreds of them would make the suite slow for nothing.
        route = resolve(urlparse(url).path).route
        if url in seen or route in routes:
            continue
        seen.add(url)
        routes.add(route)
        assert len(seen) <= MOST_PAGES, "the crawl found more pages than expected"
        response = page.goto(url)
        assert response is not None, url
        assert response.status == 200, url
        assert_accessible(page)
        name = urlparse(url).path.strip("/").replace("/", "-") or "home"
        screenshot(page, f"analyst-{name}")
        to_visit.extend(links_on(page, app) - seen)
    analyst = ROLES[Role.ANALYST]
    sections = {
        f"{app}{reverse(section.url_name)}"
        for section in SECTIONS
        if section.permission is None or getattr(analyst, section.permission)
    }
    assert sections <= seen, "every section in the navigation was visited"
