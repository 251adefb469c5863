"""The home page: the authority, its number of children in care, its latest import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from incare.children.services import do_save_local_authority
from incare.returns.services import do_import_store

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


@pytest.mark.usefixtures("imported")
def test_home_page_shows_the_number_in_care(
    signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    html = get_page(signed_in_client("councillor"), "/")

    assert '<h1 class="govuk-heading-xl">Warrington</h1>' in html
    today = timezone.localdate()
    assert f"today, {today.day} {today:%B %Y}" in html
    assert "at 31 March 2024" in html
    figures = html.split('class="app-big-number__number">')[1:]
    assert [f.split("<")[0] for f in figures] == ["1", "2"]
    assert "Latest import:" in html
    assert "All imports" not in html  # councillors do not import
    assert "Coming soon" in html


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
