"""`incare import-ssd`: an SSD extract matched to the 903 children; clear errors naming file,
line, column and what was expected; all or nothing; importing twice changes nothing."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from incare.audit.models import AuditEvent
from incare.children.models import LocalAuthority
from incare.children.services import do_save_local_authority
from incare.records.models import RECORD_MODELS, CareLeaver, StatutoryVisit
from incare.records.reading import RecordsError
from incare.records.services import do_import_ssd
from incare.returns.services import do_import_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def authority(tiny_store: Callable[[], Any]) -> LocalAuthority:
    """Warrington with two children in care (903 data imported)."""
    la = do_save_local_authority(code="877", name="Warrington", acting_user=None)
    store = tiny_store()
    store.child("A1", years=[2024], DOB="01/01/2012").child("B2", years=[2024], DOB="01/01/2007")
    store.add(2024, "episodes", CHILD="A1", DECOM="01/05/2023")
    store.add(2024, "episodes", CHILD="B2", DECOM="01/05/2023")
    do_import_store(store.write(), local_authority=la, acting_user=None)
    return la


def write(folder: Path, table: str, rows: list[dict[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    with (folder / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)


def extract(folder: Path, *, visits: list[dict[str, str]] | None = None) -> Path:
    write(
        folder,
        "ssd_person",
        [
            {"pers_person_id": "A1", "pers_dob": "2012-01-01 00:00:00.000"},
            {"pers_person_id": "B2", "pers_dob": "2007-01-01"},
            {"pers_person_id": "N9", "pers_dob": "2015-01-01"},  # never looked after
        ],
    )
    write(
        folder,
        "ssd_cla_episodes",
        [
            {"clae_person_id": "A1", "clae_cla_id": "CLA1"},
            {"clae_person_id": "B2", "clae_cla_id": "CLA2"},
        ],
    )
    write(
        folder, "ssd_cla_reviews", [{"clar_cla_id": "CLA1", "clar_cla_review_date": "2023-06-01"}]
    )
    visit = {
        "clav_person_id": "A1",
        "clav_cla_visit_date": "2023-06-01",
        "clav_cla_visit_seen": "Y",
        "clav_cla_visit_seen_alone": "N",
    }
    write(folder, "ssd_cla_visits", visits if visits is not None else [visit])
    write(
        folder,
        "ssd_care_leavers",
        [
            {
                "clea_person_id": "B2",
                "clea_care_leaver_eligibility": "Eligible",
                "clea_care_leaver_in_touch": "yes",
                "clea_care_leaver_latest_contact": "2024-03-01",
                "clea_care_leaver_accommodation": "",
                "clea_care_leaver_accom_suitable": "Suitable",
                "clea_care_leaver_activity": "",
                "clea_pathway_plan_review_date": "2024-02-01",
                "clea_care_leaver_personal_advisor": "PA 1",
                "clea_care_leaver_allocated_team": "Leaving care",
            }
        ],
    )
    write(
        folder,
        "ssd_missing",
        [
            {
                "miss_person_id": "A1",
                "miss_missing_episode_start_date": "2023-07-01",
                "miss_missing_episode_end_date": "2023-07-02",
                "miss_missing_episode_type": "Missing",
                "miss_missing_rhi_offered": "Y",
                "miss_missing_rhi_accepted": "N",
            },
            {
                "miss_person_id": "N9",
                "miss_missing_episode_start_date": "2023-07-01",
                "miss_missing_episode_end_date": "",
                "miss_missing_episode_type": "Absent",
                "miss_missing_rhi_offered": "",
                "miss_missing_rhi_accepted": "",
            },
        ],
    )
    return folder


def counts() -> dict[str, int]:
    return {m.table: m.objects.count() for m in RECORD_MODELS}


def test_an_extract_is_matched_to_the_903_children_and_stored(
    authority: LocalAuthority, tmp_path: Path
) -> None:
    done, read = do_import_ssd(
        extract(tmp_path / "ssd"), local_authority=authority, acting_user=None
    )
    visit = StatutoryVisit.objects.get()
    assert (visit.child.child_id, visit.seen, visit.seen_alone) == ("A1", True, False)
    leaver = CareLeaver.objects.get()
    assert (leaver.eligibility, leaver.in_touch, leaver.accommodation_suitable) == (
        "eligible",
        "YES",
        True,
    )
    # ssd_missing covers every child the council works with: N9 is skipped and counted.
    assert read.skipped == {"ssd_person": 1, "ssd_missing": 1}
    assert done["missing_episodes"].added == 1
    assert AuditEvent.objects.filter(event_type="records.ssd_imported").count() == 1


def test_importing_the_same_extract_again_changes_nothing(
    authority: LocalAuthority, tmp_path: Path
) -> None:
    folder = extract(tmp_path / "ssd")
    do_import_ssd(folder, local_authority=authority, acting_user=None)
    again, _ = do_import_ssd(folder, local_authority=authority, acting_user=None)
    assert all(c.added == c.changed == c.removed == 0 for c in again.values())


def test_a_new_extract_replaces_the_kinds_it_carries(
    authority: LocalAuthority, tmp_path: Path
) -> None:
    do_import_ssd(extract(tmp_path / "one"), local_authority=authority, acting_user=None)
    later = [
        {
            "clav_person_id": "B2",
            "clav_cla_visit_date": "2023-09-01",
            "clav_cla_visit_seen": "Y",
            "clav_cla_visit_seen_alone": "Y",
        }
    ]
    done, _ = do_import_ssd(
        extract(tmp_path / "two", visits=later), local_authority=authority, acting_user=None
    )
    assert (done["statutory_visits"].added, done["statutory_visits"].removed) == (1, 1)
    assert [v.child.child_id for v in StatutoryVisit.objects.all()] == ["B2"]


def test_a_person_not_among_the_authoritys_children_is_an_error_naming_file_line_and_column(
    authority: LocalAuthority, tmp_path: Path
) -> None:
    bad = [
        {
            "clav_person_id": "Z9",
            "clav_cla_visit_date": "2023-06-01",
            "clav_cla_visit_seen": "Y",
            "clav_cla_visit_seen_alone": "Y",
        }
    ]
    with pytest.raises(RecordsError) as caught:
        do_import_ssd(
            extract(tmp_path / "ssd", visits=bad), local_authority=authority, acting_user=None
        )
    message = str(caught.value)
    assert (
        "ssd_cla_visits.csv, line 2, clav_person_id: 'Z9' "
        "is not a child in Warrington (877)'s 903 data" in message
    )


def test_malformed_ssd_files_leave_nothing_behind(
    authority: LocalAuthority, tmp_path: Path
) -> None:
    # All or nothing: one good import, then an extract with a bad date, a bad flag, a DOB
    # that disagrees with the 903 and a review of an unknown period of care writes nothing.
    do_import_ssd(extract(tmp_path / "good"), local_authority=authority, acting_user=None)
    before = counts()
    folder = extract(
        tmp_path / "bad",
        visits=[
            {
                "clav_person_id": "A1",
                "clav_cla_visit_date": "2023-13-45",
                "clav_cla_visit_seen": "Y",
                "clav_cla_visit_seen_alone": "Y",
            },
            {
                "clav_person_id": "B2",
                "clav_cla_visit_date": "2023-06-01",
                "clav_cla_visit_seen": "maybe",
                "clav_cla_visit_seen_alone": "Y",
            },
        ],
    )
    write(
        folder,
        "ssd_person",
        [
            {"pers_person_id": "A1", "pers_dob": "2012-02-02"},
            {"pers_person_id": "B2", "pers_dob": "2007-01-01"},
        ],
    )
    write(
        folder, "ssd_cla_reviews", [{"clar_cla_id": "CLA9", "clar_cla_review_date": "2023-06-01"}]
    )
    with pytest.raises(RecordsError) as caught:
        do_import_ssd(folder, local_authority=authority, acting_user=None)
    message = str(caught.value)
    assert (
        "ssd_cla_visits.csv, line 2, clav_cla_visit_date: '2023-13-45'; expected a date" in message
    )
    assert "ssd_cla_visits.csv, line 3, clav_cla_visit_seen: 'maybe'; expected Y or N" in message
    assert "ssd_person.csv, line 2, pers_dob: '2012-02-02' differs; expected 01/01/2012" in message
    assert (
        "ssd_cla_reviews.csv, line 2, clar_cla_id: 'CLA9' is not a known period of care" in message
    )
    assert counts() == before
    assert AuditEvent.objects.filter(event_type="records.ssd_imported").count() == 1


def test_a_missing_column_and_a_missing_person_file_are_named(
    authority: LocalAuthority, tmp_path: Path
) -> None:
    folder = tmp_path / "ssd"
    write(folder, "ssd_cla_visits", [{"clav_person_id": "A1"}])
    with pytest.raises(RecordsError, match=re.escape("has no ssd_person.csv")):
        do_import_ssd(folder, local_authority=authority, acting_user=None)
    write(folder, "ssd_person", [{"pers_person_id": "A1", "pers_dob": "2012-01-01"}])
    with pytest.raises(
        RecordsError,
        match=re.escape("ssd_cla_visits.csv, line 1: has no column clav_cla_visit_date"),
    ):
        do_import_ssd(folder, local_authority=authority, acting_user=None)
    assert sum(counts().values()) == 0


def test_the_command_lists_the_problems_and_says_nothing_was_imported(
    authority: LocalAuthority, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = [
        {
            "clav_person_id": "A1",
            "clav_cla_visit_date": "soon",
            "clav_cla_visit_seen": "Y",
            "clav_cla_visit_seen_alone": "Y",
        }
    ]
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import-ssd", str(extract(tmp_path / "ssd", visits=bad)), la="877")
    call_command("import-ssd", str(extract(tmp_path / "ok")), la="877")
    assert "statutory_visits" in capsys.readouterr().out
