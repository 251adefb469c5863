"""`do_import_store`: the database made equal to a store, all or nothing, idempotent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.db import IntegrityError

from incare.audit.models import AuditEvent
from incare.children import sync
from incare.children.models import RECORD_MODELS, Child, Episode, LocalAuthority, OC2Record
from incare.children.services import do_save_local_authority
from incare.returns import services
from incare.returns.models import ImportRun
from incare.returns.services import do_import_store
from incare.ssda903.errors import ReturnError
from incare.ssda903.store import read_store

pytestmark = pytest.mark.django_db

MODELS = (Child, *RECORD_MODELS)
StoreMaker = Callable[[], Any]


def build(store: Any, *, with_b: bool = True, a_closed: bool = False) -> Path:
    """Two children over two collection years; options make the changes tests look for."""
    store.child("A1", years=[2023, 2024])
    store.add(2023, "episodes", CHILD="A1", DECOM="01/05/2022")
    store.add(2024, "episodes", CHILD="A1", DECOM="01/05/2022", DEC="01/06/2023", REC="X1")
    store.add(
        2024,
        "episodes",
        CHILD="A1",
        DECOM="01/06/2023",
        RNE="P",
        PLACE="U6",
        DEC="20/03/2024" if a_closed else "",
        REC="E13" if a_closed else "",
    )
    store.add(2024, "reviews", CHILD="A1", REVIEW="01/11/2023")
    store.add(2023, "oc2", CHILD="A1", SDQ_SCORE="14", HEALTH_CHECK="0")
    store.add(2024, "oc2", CHILD="A1", SDQ_SCORE="12", HEALTH_CHECK="1")
    if with_b:
        store.child("B2", years=[2024], SEX="2")
        store.add(2024, "episodes", CHILD="B2", DECOM="03/03/2024")
        store.add(2024, "missing", CHILD="B2", MIS_START="10/03/2024", MIS_END="11/03/2024")
    return store.write()


@pytest.fixture
def authority() -> LocalAuthority:
    return do_save_local_authority(code="877", name="Warrington", acting_user=None)


def row_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def counts(run: ImportRun, what: str) -> dict[str, int]:
    return {table: c[what] for table, c in run.counts.items() if c[what]}


def test_first_import_adds_every_row(tiny_store: StoreMaker, authority: LocalAuthority) -> None:
    run = do_import_store(build(tiny_store()), local_authority=authority, acting_user=None)

    assert run.status == ImportRun.Status.SUCCEEDED
    assert run.years == [2023, 2024]
    assert counts(run, "added") == {
        "header": 2,
        "episodes": 3,
        "reviews": 1,
        "oc2": 2,
        "missing": 1,
    }
    assert counts(run, "changed") == counts(run, "removed") == {}
    assert row_counts()["Episode"] == 3
    a1 = Child.objects.get(local_authority=authority, child_id="A1")
    assert (a1.sex, str(a1.dob), a1.ethnic, a1.upn, a1.mother) == (
        "1",
        "2012-01-01",
        "WBRI",
        "",
        None,
    )
    assert list(
        OC2Record.objects.filter(child=a1)
        .order_by("collection_year")
        .values_list("collection_year", "sdq_score", "health_check")
    ) == [(2023, 14, 0), (2024, 12, 1)]
    # The 2023 submission's open episode was closed by the 2024 one: one row, as stacked.
    first = Episode.objects.get(child=a1, decom="2022-05-01")
    assert (str(first.dec), first.rec, first.collection_year) == ("2023-06-01", "X1", 2024)


def test_import_is_audited(tiny_store: StoreMaker, authority: LocalAuthority) -> None:
    run = do_import_store(build(tiny_store()), local_authority=authority, acting_user=None)

    event = AuditEvent.objects.get(event_type="return.imported")
    assert event.subject == f"returns.importrun:{run.pk}"
    assert event.new_value["rows"]["added"] == 9
    assert event.new_value["local_authority"] == "877"


def test_second_import_of_the_same_store_changes_nothing(
    tiny_store: StoreMaker, authority: LocalAuthority
) -> None:
    folder = build(tiny_store())
    do_import_store(folder, local_authority=authority, acting_user=None)
    before = {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}

    again = do_import_store(folder, local_authority=authority, acting_user=None)

    assert not again.changed_anything
    assert again.total_read == 9
    assert {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS} == before


def test_a_changed_store_adds_changes_and_removes_by_natural_key(
    tiny_store: StoreMaker, authority: LocalAuthority
) -> None:
    do_import_store(build(tiny_store()), local_authority=authority, acting_user=None)
    kept = Episode.objects.get(child__child_id="A1", decom="2022-05-01").pk

    store = tiny_store()
    store.add(2024, "reviews", CHILD="A1", REVIEW="01/03/2024")
    store.child("C3", years=[2024])
    store.add(2024, "episodes", CHILD="C3", DECOM="01/01/2024")
    run = do_import_store(
        build(store, with_b=False, a_closed=True), local_authority=authority, acting_user=None
    )

    assert counts(run, "added") == {"header": 1, "episodes": 1, "reviews": 1}
    assert counts(run, "changed") == {"episodes": 1}
    assert counts(run, "removed") == {"header": 1, "episodes": 1, "missing": 1}
    assert set(Child.objects.values_list("child_id", flat=True)) == {"A1", "C3"}
    closed = Episode.objects.get(child__child_id="A1", decom="2023-06-01")
    assert (str(closed.dec), closed.rec) == ("2024-03-20", "E13")
    # Unchanged rows keep their ids, so anything pointing at them stays valid.
    assert Episode.objects.get(child__child_id="A1", decom="2022-05-01").pk == kept


def test_a_store_that_cannot_be_read_changes_nothing(
    tiny_store: StoreMaker, authority: LocalAuthority
) -> None:
    do_import_store(build(tiny_store()), local_authority=authority, acting_user=None)
    before = row_counts()
    store = tiny_store()
    store.add(2024, "reviews", CHILD="A1", REVIEW="31/02/2024")
    folder = build(store, with_b=False)

    with pytest.raises(ReturnError) as raised:
        do_import_store(folder, local_authority=authority, acting_user=None)

    message = str(raised.value)
    assert "2024/reviews.csv, line 2, REVIEW: '31/02/2024' is not a date" in message
    assert row_counts() == before
    failed = ImportRun.objects.get(status=ImportRun.Status.FAILED)
    assert "is not a date" in failed.error
    assert failed.counts == {}


def test_records_of_a_child_without_a_header_row_are_refused(
    tiny_store: StoreMaker, authority: LocalAuthority
) -> None:
    store = tiny_store()
    store.add(2024, "episodes", CHILD="NOHEADER", DECOM="01/01/2024")

    with pytest.raises(ReturnError, match="1 children have no header row"):
        do_import_store(build(store), local_authority=authority, acting_user=None)

    assert sum(row_counts().values()) == 0


def test_another_authoritys_store_is_refused(
    tiny_store: StoreMaker, authority: LocalAuthority
) -> None:
    store = tiny_store()
    store.metadata = {"la_code": "123", "la_name": "Elsewhere"}

    with pytest.raises(ReturnError, match="is another authority's store"):
        do_import_store(build(store), local_authority=authority, acting_user=None)


def test_a_failure_half_way_rolls_every_table_back(
    tiny_store: StoreMaker,
    authority: LocalAuthority,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    do_import_store(build(tiny_store(), with_b=False), local_authority=authority, acting_user=None)
    before = {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}
    folder = build(tiny_store(), a_closed=True)

    def duplicate_missing_rows(folder: Path, **kwargs: object) -> object:
        # A store the checks would refuse: the same missing episode twice. With the checks
        # switched off, Header, Episodes and Reviews are written before the unique
        # constraint on Missing fails.
        store = read_store(folder)
        missing = store.tables["missing"]
        store.tables["missing"] = pl.concat([missing, missing])
        return store

    monkeypatch.setattr(services, "read_store", duplicate_missing_rows)
    monkeypatch.setattr(services, "check_tables", lambda tables: [])
    written: list[str] = []

    with pytest.raises(IntegrityError):
        do_import_store(
            folder, local_authority=authority, acting_user=None, progress=written.append
        )

    assert any(line.startswith("Episodes:") and "1 added" in line for line in written)
    assert {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS} == before
    assert ImportRun.objects.filter(status=ImportRun.Status.SUCCEEDED).count() == 1
    assert ImportRun.objects.filter(status=ImportRun.Status.FAILED).count() == 1
    assert AuditEvent.objects.filter(event_type="return.imported").count() == 1


def test_two_authorities_can_hold_the_same_child_id(tiny_store: StoreMaker) -> None:
    north = do_save_local_authority(code="111", name="North", acting_user=None)
    south = do_save_local_authority(code="222", name="South", acting_user=None)
    do_import_store(build(tiny_store()), local_authority=north, acting_user=None)
    do_import_store(build(tiny_store()), local_authority=south, acting_user=None)
    assert Child.objects.filter(child_id="A1").count() == 2

    # North's store without B2 removes North's B2 only.
    run = do_import_store(
        build(tiny_store(), with_b=False), local_authority=north, acting_user=None
    )

    assert counts(run, "removed") == {"header": 1, "episodes": 1, "missing": 1}
    assert set(
        Child.objects.filter(child_id="B2").values_list("local_authority__code", flat=True)
    ) == {"222"}
    assert Episode.objects.filter(child__local_authority=south).count() == 3


def test_diff_rows_compares_blanks_as_equal() -> None:
    held = pl.DataFrame({"id": [1, 2], "k": ["a", "b"], "v": [None, 1]})
    wanted = pl.DataFrame({"k": ["a", "c"], "v": [None, 2]})

    diff = sync.diff_rows(held, wanted, key=["k"])

    assert diff.added["k"].to_list() == ["c"]
    assert diff.changed.height == 0
    assert diff.removed_ids == [2]
