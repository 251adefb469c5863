"""Shared fixtures: personas (`example_user`), tiny hand-written 903 stores, page checks."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from house_rules import check_house_rules
from incare.accounts.models import User
from incare.accounts.roles import Role
from incare.accounts.services import do_create_user
from incare.ssda903.spec import load_spec

PASSWORD = "correct-horse-battery-staple"
"""Every test persona's password."""

DEFAULTS: dict[str, dict[str, str]] = {
    "header": {"SEX": "1", "DOB": "01/01/2012", "ETHNIC": "WBRI"},
    "episodes": {"RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U4", "PLACE_PROVIDER": "PR1"},
    "reviews": {"DOB": "01/01/2012", "REVIEW_CODE": "PN1"},
    "oc2": {"DOB": "01/01/2012"},
    "oc3": {"DOB": "01/01/2005", "IN_TOUCH": "YES"},
    "missing": {"DOB": "01/01/2012", "MISSING": "M"},
}
"""Values a test need not spell out: a valid row from only the columns it cares about."""


class TinyStore:
    """A multi-year 903 store written as CSV files, as a case system would export them.

    ``store.add(2024, "episodes", CHILD="A1", DECOM="01/04/2023")`` adds a row; ``write()``
    writes every year's folder (Header and Episodes always, other tables when they have
    rows) and returns the folder.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.rows: dict[int, dict[str, list[dict[str, str]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.metadata: dict[str, Any] | None = None

    def add(self, year: int, table: str, **values: str) -> TinyStore:
        self.rows[year][table].append({**DEFAULTS.get(table, {}), **values})
        return self

    def child(self, child: str, *, years: list[int], **values: str) -> TinyStore:
        """A header row for ``child`` in each of ``years``."""
        for year in years:
            self.add(year, "header", CHILD=child, **values)
        return self

    def write(self) -> Path:
        spec = load_spec()
        for year, tables in self.rows.items():
            out = self.folder / str(year)
            out.mkdir(parents=True, exist_ok=True)
            for csv_file in out.glob("*.csv"):
                csv_file.unlink()
            for name in {"header", "episodes", *tables}:
                columns = spec.tables[name].column_names
                with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
                    writer = csv.DictWriter(f, fieldnames=columns, restval="")
                    writer.writeheader()
                    writer.writerows(tables.get(name, []))
        if self.metadata is not None:
            (self.folder / "incare-store.json").write_text(json.dumps(self.metadata))
        return self.folder


@pytest.fixture(autouse=True, scope="session")
def _static_root() -> None:
    """WhiteNoise warns (so tests fail) when STATIC_ROOT is missing, as on a fresh clone."""
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture
def tiny_store(tmp_path: Path) -> Callable[[], TinyStore]:
    """Make empty stores under tmp_path: ``store = tiny_store()``."""
    made = iter(range(1000))

    def make() -> TinyStore:
        return TinyStore(tmp_path / f"store-{next(made)}")

    return make


@pytest.fixture
def example_user(db: None) -> Callable[[str], User]:
    """A persona per role: ``example_user("analyst")``, ``example_user("councillor")``."""

    def get(role: str) -> User:
        existing = User.objects.filter(username=role).first()
        if existing is not None:
            return existing
        return do_create_user(role, role=Role(role), password=PASSWORD, acting_user=None)

    return get


@pytest.fixture
def signed_in_client(
    client: Client, example_user: Callable[[str], User]
) -> Callable[[str], Client]:
    """``signed_in_client("analyst")``: the test client, signed in as that persona."""

    def sign_in(role: str) -> Client:
        client.force_login(example_user(role))
        return client

    return sign_in


def check_page(client: Client, url: str, *, status: int = 200) -> str:
    """Fetch a page and check the house rules every page keeps (tests/house_rules.py)."""
    response = client.get(url)
    assert response.status_code < 500, f"{url}: server error {response.status_code}"
    assert response.status_code == status, f"{url}: {response.status_code}"
    return check_house_rules(url, response)


@pytest.fixture
def get_page() -> Callable[..., str]:
    """``get_page(client, url)``: fetch a page, check the house rules, return its HTML."""
    return check_page
