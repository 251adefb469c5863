"""The home page: the authority, its number of children in care, its latest import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from incare.children.models import LocalAuthority
from incare.children.services import do_save_local_authority
from incare.core.queries import count_ceased, count_started
from incare.indicators.periods import Period
from incare.indicators.population import ceased, starts
from incare.returns.models import ImportRun
from incare.returns.services import do_import_store
from incare.ssda903.store import read_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tiny_store: Callable[[], Any]) -> None:
    """Three children: two in care at 31 March 2024 (one still open), one on short breaks."""
    store = tiny_store()
    store.child("A1", years=[2024]).child("B2", years=[2024]).child("C3", years=[2024])
    store.add(2024, "episodes", CHILD="A1", DECOM="01/05/2023")
    store.add(2024, "episodes", CHILD="B2", DECOM="01/05/2023", DEC="01/04/2024", REC="E13")
    store.add(2024, "episodes", CHILD="C3", DECOM="01/05/2023", LS="V3", PLACE="T4")
    authority = do_save_local_authority(code="877", name="Warrington", acting_user=None)
    do_import_store(store.write(), local_authority=authority, acting_user=None)


@pytest.fixture
def flows(tiny_store: Callable[[], Any]) -> None:
    """Collection year 2024 (1 April 2023 to 31 March 2024), chosen so each DfE rule shows:

    A1 starts (RNE S) and leaves (E11); B2 starts, and changes placement (X1, P) but stays;
    C3 starts on short breaks only (V3); D4 came in during 2023 and leaves in 2024 (E13);
    E5 starts, leaves (E4A), comes back (RNE S) and leaves again (E13): one start, one leaver.
    So 3 children started (A1, B2, E5) and 3 stopped (A1, D4, E5).
    """
    store = tiny_store()
    for child in ("A1", "B2", "C3", "E5"):
        store.child(child, years=[2024])
    store.child("D4", years=[2023, 2024])
    episodes = [
        {"CHILD": "A1", "DECOM": "01/06/2023", "DEC": "01/09/2023", "REC": "E11"},
        {"CHILD": "B2", "DECOM": "01/05/2023", "DEC": "01/07/2023", "REC": "X1"},
        {"CHILD": "B2", "DECOM": "01/07/2023", "RNE": "P"},
        {"CHILD": "C3", "DECOM": "01/05/2023", "LS": "V3", "PLACE": "T4"},
        {"CHILD": "E5", "DECOM": "01/05/2023", "DEC": "01/06/2023", "REC": "E4A"},
        {"CHILD": "E5", "DECOM": "01/08/2023", "DEC": "01/10/2023", "REC": "E13"},
    ]
    for row in episodes:
        store.add(2024, "episodes", **row)
    store.add(2023, "episodes", CHILD="D4", DECOM="01/05/2022")
    store.add(2024, "episodes", CHILD="D4", DECOM="01/05/2022", DEC="01/02/2024", REC="E13")
    authority = do_save_local_authority(code="877", name="Warrington", acting_user=None)
    do_import_store(store.write(), local_authority=authority, acting_user=None)


@pytest.mark.usefixtures("flows")
def test_home_page_shows_who_started_and_stopped_being_looked_after_in_the_latest_year(
    signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    """DfE §A2: each child once, short breaks left out, X1 is not leaving care."""
    html = get_page(signed_in_client("team_manager"), "/")

    year = html.split("In the year to 31 March 2024")[1]
    figures = year.split('class="app-big-number__number">')[1:3]
    assert [f.split("<")[0] for f in figures] == ["3", "3"]
    assert "started to be looked after" in year
    assert "stopped being looked after" in year


@pytest.mark.usefixtures("flows")
def test_the_overview_counts_agree_with_the_indicator_engine() -> None:
    """The database counts and the engine's ``starts`` and ``ceased`` read the same store."""
    authority = LocalAuthority.objects.get()
    run = ImportRun.objects.get()
    tables = read_store(Path(run.source)).tables
    period = Period.collection_year(2024)
    assert count_started(authority, period=period) == starts(tables, period=period).numerator
    assert count_ceased(authority, period=period) == ceased(tables, period=period).numerator


@pytest.mark.usefixtures("imported")
def test_home_page_shows_the_number_in_care(
    signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    html = get_page(signed_in_client("analyst"), "/")

    assert '<h1 class="govuk-heading-xl">Warrington</h1>' in html
    today = timezone.localdate()
    assert f"today, {today.day} {today:%B %Y}" in html
    assert "at 31 March 2024" in html
    figures = html.split('class="app-big-number__number">')[1:]
    # In care today and at 31 March 2024; then 2 started in the year (A1, B2) and none left
    # (B2 leaves on 1 April 2024, the next collection year).
    assert [f.split("<")[0] for f in figures] == ["1", "2", "2", "0"]
    assert "Latest import" in html
    assert "903 validation" in html
    assert "Coming soon" in html
    assert "c = suppressed" not in html  # analysts see every number


@pytest.mark.usefixtures("imported")
@pytest.mark.parametrize("role", ["councillor", "administrator"])
def test_councillors_and_administrators_see_counts_of_1_to_5_suppressed(
    signed_in_client: Callable[[str], Client], get_page: Callable[..., str], role: str
) -> None:
    """docs/disclosure-control.md rule 1 (DfE §D): counts of 1 to 5 are c; a true 0 is 0."""
    html = get_page(signed_in_client(role), "/")

    figures = html.split('class="app-big-number__number">')[1:]
    assert [f.split("<")[0] for f in figures] == ["c", "c", "c", "0"]
    assert "c = suppressed to protect confidentiality" in html


def test_home_page_before_any_import(
    signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    html = get_page(signed_in_client("analyst"), "/")

    assert "No 903 data has been imported yet" in html


@pytest.mark.usefixtures("imported")
def test_import_history_page(
    signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    client = signed_in_client("analyst")
    assert 'href="/imports/"' in get_page(client, "/")
    html = get_page(client, "/imports/")

    assert "Warrington (877)" in html
    assert "2024–2024" in html


@pytest.mark.usefixtures("imported")
@pytest.mark.parametrize(
    ("validation", "shown"),
    [
        (
            {"validation_year": 2024, "validation_rules_run": 250, "validation_errors": 0},
            "The 2024 return passes all 250 DfE validation rules run.",
        ),
        (
            {
                "validation_year": 2024,
                "validation_rules_run": 250,
                "validation_errors": 1,
                "validation_children": 1,
            },
            "1 row of the 2024 return fails the DfE's validation rules, for 1 child",
        ),
        (
            {
                "validation_year": 2024,
                "validation_rules_run": 250,
                "validation_errors": 7,
                "validation_children": 3,
            },
            "7 rows of the 2024 return fail the DfE's validation rules, for 3 children",
        ),
        (
            {"validation_year": None, "validation": {"note": "The rules could not run."}},
            "The rules could not run.",
        ),
    ],
    ids=["valid", "one-error", "errors", "not-validated"],
)
def test_the_overview_shows_the_latest_import_s_validation(
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
    validation: dict[str, Any],
    shown: str,
) -> None:
    ImportRun.objects.update(**validation)
    html = get_page(signed_in_client("analyst"), "/")
    assert shown in " ".join(html.split())


@pytest.mark.usefixtures("imported")
def test_councillors_see_that_the_return_has_errors_but_not_how_many_children(
    signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    ImportRun.objects.update(
        validation_year=2024, validation_rules_run=250, validation_errors=4, validation_children=2
    )
    html = get_page(signed_in_client("councillor"), "/")
    assert "Errors to fix" in html
    assert "2 children" not in html
    assert "All imports" not in html  # councillors do not import
