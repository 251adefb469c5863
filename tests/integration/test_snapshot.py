"""Figures kept in memory (``incare.core.snapshot``) are never older than the committed data.

Every page with a figure reads the authority's frames and indicator results from the
snapshot its process holds. Every write of children's data (an import, an SSD or template
import, a record added by hand) gives the authority a new data version in the same
transaction, and the next read builds a new snapshot; a write rolled back leaves nothing a
later write could be mistaken for.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from incare.children.models import Child, LocalAuthority
from incare.children.services import do_save_local_authority, note_data_changed
from incare.core.snapshot import Snapshot, forget_all, snapshot
from incare.indicators import INDICATORS
from incare.records.models import StatutoryVisit
from incare.records.services import do_add_record
from incare.returns.services import do_import_store

pytestmark = pytest.mark.django_db

IN_CARE_AT_31_MARCH = INDICATORS["cla_31_march"]
END_2025 = date(2025, 3, 31)


@pytest.fixture
def authority() -> LocalAuthority:
    return do_save_local_authority(code="877", name="Warrington", acting_user=None)


def _store(tiny_store: Callable[[], Any], *children: str) -> Path:
    """Each child in care from 1 May 2024 with no end: looked after at 31 March 2025."""
    made = tiny_store()
    for child in children:
        made.child(child, years=[2025], SEX="M")
        made.add(2025, "episodes", CHILD=child, DECOM="01/05/2024")
    return Path(made.write())


def _in_care(authority: LocalAuthority) -> float | None:
    result = snapshot(authority).run(IN_CARE_AT_31_MARCH, end=END_2025).result
    assert result is not None
    return result.value


def test_the_same_data_gives_the_same_snapshot_and_results(
    tiny_store: Callable[[], Any], authority: LocalAuthority
) -> None:
    do_import_store(_store(tiny_store, "A1"), local_authority=authority, acting_user=None)
    first = snapshot(authority)
    assert snapshot(authority) is first
    once = first.run(IN_CARE_AT_31_MARCH, end=END_2025)
    assert first.run(IN_CARE_AT_31_MARCH, end=END_2025) is once


def test_a_new_import_is_seen_by_the_next_read(
    tiny_store: Callable[[], Any], authority: LocalAuthority
) -> None:
    do_import_store(_store(tiny_store, "A1"), local_authority=authority, acting_user=None)
    assert _in_care(authority) == 1
    do_import_store(_store(tiny_store, "A1", "B2"), local_authority=authority, acting_user=None)
    assert _in_care(authority) == 2
    assert set(snapshot(authority).tables["header"]["CHILD"]) == {"A1", "B2"}


def test_a_record_added_by_hand_is_seen_by_the_next_read(
    tiny_store: Callable[[], Any], authority: LocalAuthority
) -> None:
    do_import_store(_store(tiny_store, "A1"), local_authority=authority, acting_user=None)
    assert snapshot(authority).tables["statutory_visits"].is_empty()
    do_add_record(
        model=StatutoryVisit,
        child=Child.objects.get(child_id="A1"),
        values={"visit_date": date(2025, 3, 4), "seen": True, "seen_alone": True},
        acting_user=None,
    )
    assert snapshot(authority).tables["statutory_visits"]["CHILD"].to_list() == ["A1"]


def test_a_write_rolled_back_is_not_mistaken_for_a_later_one(
    tiny_store: Callable[[], Any], authority: LocalAuthority
) -> None:
    do_import_store(_store(tiny_store, "A1"), local_authority=authority, acting_user=None)
    committed = snapshot(authority).version
    seen: list[Snapshot] = []

    def failing_write() -> None:
        with transaction.atomic():
            Child.objects.filter(child_id="A1").delete()
            note_data_changed(authority)
            seen.append(snapshot(authority))
            raise RuntimeError("the write fails")

    with pytest.raises(RuntimeError):
        failing_write()
    # A reader inside the writing transaction saw (and kept) the uncommitted data...
    assert seen[0].tables["header"].is_empty()
    rolled_back = seen[0].version
    # ...but the version it kept was never committed: the next read builds from what was.
    assert snapshot(authority).version == committed
    assert _in_care(authority) == 1
    with transaction.atomic():
        note_data_changed(authority)
    assert snapshot(authority).version not in {committed, rolled_back}


def test_the_server_processes_share_what_one_worked_out_and_no_stale_copy_stays(
    tiny_store: Callable[[], Any],
    authority: LocalAuthority,
    settings: Any,
    tmp_path: Path,
    django_assert_num_queries: Any,
) -> None:
    settings.FIGURES_DIR = tmp_path / "figures"
    do_import_store(_store(tiny_store, "A1"), local_authority=authority, acting_user=None)
    first = snapshot(authority)
    worked_out = first.run(IN_CARE_AT_31_MARCH, end=END_2025)
    folder = tmp_path / "figures" / str(authority.pk) / first.version.hex
    assert len(list(folder.glob("*.pickle"))) == 2  # the frames and the one result
    forget_all()  # as another process, which holds nothing in memory
    with django_assert_num_queries(1):  # the version only: the frames come from the folder
        other = snapshot(authority)
    assert other is not first
    assert other.tables["header"].equals(first.tables["header"])
    again = other.run(IN_CARE_AT_31_MARCH, end=END_2025)
    assert again is not worked_out
    assert again.result is not None
    assert worked_out.result is not None
    assert again.result.value == worked_out.result.value == 1
    assert again.result.children.equals(worked_out.result.children)

    do_import_store(_store(tiny_store, "A1", "B2"), local_authority=authority, acting_user=None)
    newer = snapshot(authority)
    assert not folder.exists()
    assert [p.name for p in (tmp_path / "figures" / str(authority.pk)).iterdir()] == [
        newer.version.hex
    ]
