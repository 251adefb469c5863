"""The data pages (issue 7 §1 "Data": import runs, validation results, upload of a new
return): only roles that import open them; only those that may also see children see the
rows by child or download them (audited as an export); an upload is all or nothing and bad
files are named with their line, field and what was expected."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from incare.accounts.roles import ROLES, Role
from incare.audit.models import AuditEvent
from incare.children.models import Child, LocalAuthority
from incare.children.services import do_save_local_authority
from incare.returns.models import ImportRun
from incare.returns.services import do_import_store

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture
def authority() -> LocalAuthority:
    return do_save_local_authority(code="877", name="Warrington", acting_user=None)


def store_with_an_error(tiny_store: Callable[[], Any]) -> Any:
    """2024 and 2025; in 2025 B2 was born in 1990, so was over 25 on 1 April 2024, which
    DfE rule 351 flags (the import accepts the row: the date is a real date)."""
    made = tiny_store()
    made.child("A1", years=[2024])
    made.child("A1", years=[2025], SEX="M")  # sex is coded M/F/U from 2025
    made.child("B2", years=[2025], SEX="F", DOB="01/01/1990")
    made.add(2024, "episodes", CHILD="A1", DECOM="01/05/2023")
    made.add(2025, "episodes", CHILD="A1", DECOM="01/05/2023")
    made.add(2025, "episodes", CHILD="B2", DECOM="03/03/2025")
    return made


@pytest.fixture
def run(tiny_store: Callable[[], Any], authority: LocalAuthority) -> ImportRun:
    folder = Path(store_with_an_error(tiny_store).write())
    return do_import_store(folder, local_authority=authority, acting_user=None)


def _zip(folder: Path, *, prefix: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + str(path.relative_to(folder)))
    return out.getvalue()


def _upload(client: Client, *files: SimpleUploadedFile, **fields: str) -> Any:
    return client.post(reverse("data-upload"), {"upload": list(files), **fields})


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_only_roles_that_import_open_the_data_pages(
    role: Role,
    run: ImportRun,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    client = signed_in_client(role.value)
    status = 200 if ROLES[role].may_import else 403
    for url in (reverse("data"), reverse("data-run", args=[run.pk]), reverse("data-upload")):
        get_page(client, url, status=status)


def test_the_data_page_lists_each_import_with_its_validation_state(
    run: ImportRun, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    html = get_page(signed_in_client("administrator"), reverse("data"))
    assert reverse("data-run", args=[run.pk]) in html
    assert "2024–2025" in html
    assert f"{run.validation_errors} rows failing" in html
    assert reverse("data-upload") in html


def test_an_analyst_sees_the_rows_by_child_and_the_read_is_audited(
    run: ImportRun, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    html = get_page(signed_in_client("analyst"), reverse("data-run", args=[run.pk]))
    assert ">351<" in html  # the rule that flags a child over 25
    assert reverse("child", args=["B2"]) in html
    assert reverse("data-run-excel", args=[run.pk]) in html
    event = AuditEvent.objects.get(event_type="children.list_viewed")
    assert event.subject == f"returns.importrun:{run.pk}"
    assert "B2" in event.new_value["children"]
    assert event.new_value["ip_address"] == "127.0.0.1"


def test_an_administrator_sees_counts_by_rule_but_no_child(
    run: ImportRun, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    client = signed_in_client("administrator")
    html = get_page(client, reverse("data-run", args=[run.pk]))
    assert ">351<" in html
    assert ">B2<" not in html
    assert reverse("child", args=["B2"]) not in html
    assert reverse("data-run-excel", args=[run.pk]) not in html
    assert client.get(reverse("data-run-excel", args=[run.pk])).status_code == 403
    assert not AuditEvent.objects.filter(event_type="children.list_viewed").exists()


def test_the_excel_download_is_the_validation_workbook_and_is_audited_as_an_export(
    run: ImportRun, signed_in_client: Callable[[str], Client]
) -> None:
    response = signed_in_client("analyst").get(reverse("data-run-excel", args=[run.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Summary", "Children", "Rules skipped", "About"]
    rows = list(book["Children"].iter_rows(min_row=2, values_only=True))
    assert ("B2", "351") in {(row[0], row[3]) for row in rows}
    event = AuditEvent.objects.get(event_type="validation.exported")
    assert event.acting_user is not None
    assert event.acting_user.username == "analyst"
    assert event.new_value["children"] == sorted({row[0] for row in rows})


def test_rows_by_child_are_kept_at_the_import_so_they_show_without_the_files(
    run: ImportRun, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    ImportRun.objects.filter(pk=run.pk).update(source="/nowhere/at/all")
    client = signed_in_client("analyst")
    html = get_page(client, reverse("data-run", args=[run.pk]))
    assert reverse("child", args=["B2"]) in html
    assert ">351<" in html
    # The workbook is the whole report (rules run and skipped), worked out from the files.
    assert client.get(reverse("data-run-excel", args=[run.pk])).status_code == 404


def test_a_run_from_before_rows_were_kept_works_them_out_from_its_files(
    run: ImportRun, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    client = signed_in_client("analyst")
    ImportRun.objects.filter(pk=run.pk).update(validation_rows=None)
    assert reverse("child", args=["B2"]) in get_page(client, reverse("data-run", args=[run.pk]))
    ImportRun.objects.filter(pk=run.pk).update(source="/nowhere/at/all")
    assert "are no longer there" in get_page(client, reverse("data-run", args=[run.pk]))


def test_uploading_a_zipped_store_imports_it_and_shows_its_run(
    tiny_store: Callable[[], Any],
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    folder = Path(store_with_an_error(tiny_store).write())
    client = signed_in_client("analyst")
    # Zipped with its wrapping folder, as "Send to > Compressed folder" makes it.
    response = _upload(
        client,
        SimpleUploadedFile("store.zip", _zip(folder, prefix="store/"), "application/zip"),
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.SUCCEEDED
    assert response.url == reverse("data-run", args=[run.pk])
    assert set(Child.objects.values_list("child_id", flat=True)) == {"A1", "B2"}
    imported = AuditEvent.objects.get(event_type="return.imported")
    assert imported.acting_user is not None
    assert imported.acting_user.username == "analyst"
    html = get_page(client, response.url)
    assert "Imported collection years 2024 to 2025" in html
    assert reverse("child", args=["B2"]) in html  # rows by child, from the kept upload


def test_uploading_a_years_csv_files_needs_and_uses_the_year(
    tiny_store: Callable[[], Any],
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    year = Path(store_with_an_error(tiny_store).write()) / "2025"
    files = [
        SimpleUploadedFile(p.name, p.read_bytes(), "text/csv") for p in sorted(year.glob("*.csv"))
    ]
    client = signed_in_client("administrator")
    html = _upload(client, *files).content.decode()
    assert "without a year folder" in html
    assert not Child.objects.exists()
    files = [
        SimpleUploadedFile(p.name, p.read_bytes(), "text/csv") for p in sorted(year.glob("*.csv"))
    ]
    assert _upload(client, *files, year="2025").status_code == 302
    assert ImportRun.objects.filter(status="succeeded").get().years == [2025]


def test_a_bad_file_is_named_with_its_line_field_and_what_was_expected_and_nothing_changes(
    tiny_store: Callable[[], Any],
    run: ImportRun,
    signed_in_client: Callable[[str], Client],
    get_page: Callable[..., str],
) -> None:
    before = sorted(Child.objects.values_list("child_id", flat=True))
    bad = tiny_store()
    bad.child("A1", years=[2025], SEX="M")
    bad.child("C3", years=[2025], SEX="F")
    bad.add(2025, "episodes", CHILD="A1", DECOM="01/05/2023")
    bad.add(2025, "episodes", CHILD="C3", DECOM="31/02/2025")  # no 31 February
    folder = Path(bad.write())
    client = signed_in_client("analyst")
    response = _upload(client, SimpleUploadedFile("bad.zip", _zip(folder), "application/zip"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Upload a new return – incare</title>" in html
    assert "Nothing was imported" in html
    problems = html[html.index('id="problems"') :]
    assert "2025/episodes.csv" in problems
    assert "DECOM" in problems
    assert "31/02/2025" in problems
    assert str(folder) not in html  # files are named as the person uploaded them
    assert sorted(Child.objects.values_list("child_id", flat=True)) == before
    assert ImportRun.objects.filter(status="failed").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("notes.txt", b"hello", "is not a zip or a CSV file"),
        ("store.zip", b"not a zip at all", "is not a zip file that can be opened"),
    ],
)
def test_files_that_are_not_a_return_are_refused_plainly(
    name: str,
    content: bytes,
    said: str,
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
) -> None:
    response = _upload(signed_in_client("analyst"), SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert said in response.content.decode()
    assert not Child.objects.exists()


def test_a_zip_reaching_outside_its_folder_is_refused(
    authority: LocalAuthority, signed_in_client: Callable[[str], Client], tmp_path: Path
) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("../../escaped.csv", "CHILD\n1\n")
    response = _upload(signed_in_client("analyst"), SimpleUploadedFile("evil.zip", out.getvalue()))
    assert response.status_code == 400
    assert "points outside the zip" in response.content.decode()
    assert not list(tmp_path.rglob("escaped.csv"))


def test_no_file_is_an_error_on_the_form(
    authority: LocalAuthority, signed_in_client: Callable[[str], Client]
) -> None:
    response = signed_in_client("analyst").post(reverse("data-upload"), {})
    assert response.status_code == 400
    assert "Choose a zip of a store" in response.content.decode()


def test_the_first_upload_names_its_authority(
    tiny_store: Callable[[], Any], signed_in_client: Callable[[str], Client]
) -> None:
    folder = Path(store_with_an_error(tiny_store).write())
    client = signed_in_client("analyst")
    upload = SimpleUploadedFile("store.zip", _zip(folder))
    assert _upload(client, upload).status_code == 400  # which authority?
    upload = SimpleUploadedFile("store.zip", _zip(folder))
    assert _upload(client, upload, la_code="877", la_name="Warrington").status_code == 302
    assert LocalAuthority.objects.get().name == "Warrington"


@pytest.mark.parametrize("role", [r for r in Role if not ROLES[r].may_import])
def test_roles_that_do_not_import_cannot_upload(
    role: Role,
    tiny_store: Callable[[], Any],
    authority: LocalAuthority,
    signed_in_client: Callable[[str], Client],
) -> None:
    folder = Path(store_with_an_error(tiny_store).write())
    upload = SimpleUploadedFile("store.zip", _zip(folder))
    assert _upload(signed_in_client(role.value), upload).status_code == 403
    assert not Child.objects.exists()
