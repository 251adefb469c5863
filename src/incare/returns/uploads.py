"""An uploaded return, laid out as the store folder ``do_import_store`` reads.

Two shapes are accepted: a zip of a store (one sub-folder per collection year, as
``incare import`` takes, optionally inside one wrapping folder), or one year's 903 CSV files
(uploaded as files, or zipped without year folders) with the collection year given.
Anything else is a ``ReturnError`` naming the file and what was expected, before anything is
written to the database. The folder is kept under ``DATA_DIR/uploads`` so the run's
validation can be worked out again from it (per child, and as Excel).
"""

from __future__ import annotations

import shutil
import uuid
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Protocol

from django.conf import settings
from django.utils import timezone

from incare.ssda903.errors import Problem, ReturnError
from incare.ssda903.store import STORE_METADATA

MAX_UNZIPPED_BYTES = 2_000_000_000
"""A 50,000-child, ten-year store is under 1 GB unzipped; more is a zip bomb or a mistake."""
MAX_MEMBERS = 2_000
STORE_HINT = (
    "a zip of a store (one folder per collection year, such as 2024/, holding that year's 903 "
    "CSV files) or the year's 903 CSV files"
)


class Uploaded(Protocol):
    """What Django's UploadedFile offers and this module uses."""

    name: str | None

    def chunks(self) -> Iterable[bytes]: ...


def uploads_folder() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def new_folder() -> Path:
    """A fresh folder for one upload, named by when it came (sortable) and a random part."""
    folder = uploads_folder() / f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    return folder


def _save(upload: Uploaded, path: Path) -> None:
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)


def lay_out(files: list[Uploaded], *, year: int | None, folder: Path) -> Path:
    """Write ``files`` into ``folder`` as a store; return the store's folder."""
    names = [PurePosixPath(f.name or "").name for f in files]
    zips = [f for f, n in zip(files, names, strict=True) if n.lower().endswith(".zip")]
    if zips:
        if len(files) > 1:
            raise _whole(", ".join(names), "mixes a zip with other files", STORE_HINT)
        saved = folder.parent / f"{folder.name}.zip"
        _save(zips[0], saved)
        try:
            _unzip(saved, folder, shown=names[0])
        finally:
            saved.unlink(missing_ok=True)
        store = _store_root(folder)
    else:
        store = folder
        others = [n for n in names if not n.lower().endswith(".csv")]
        if others:
            raise _whole(", ".join(others), "is not a zip or a CSV file", STORE_HINT)
        loose = folder / "_loose"
        loose.mkdir()
        for upload, name in zip(files, names, strict=True):
            _save(upload, loose / name)
    if not _years(store):
        _file_loose_csvs(store, year=year)
    return store


def _unzip(path: Path, folder: Path, *, shown: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise _whole(shown, f"holds {len(members)} files", f"at most {MAX_MEMBERS}")
            if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
                raise _whole(shown, "is too large unzipped", "at most 2 GB of CSV files")
            for member in members:
                _extract(archive, member, folder, shown=shown)
    except zipfile.BadZipFile:
        raise _whole(shown, "is not a zip file that can be opened", STORE_HINT) from None


def _extract(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, folder: Path, *, shown: str
) -> None:
    """One member, refusing any that would land outside ``folder`` (``../``, absolute)."""
    name = PurePosixPath(member.filename)
    if name.is_absolute() or ".." in name.parts:
        raise _whole(f"{shown}: {member.filename}", "points outside the zip", "relative paths")
    if member.is_dir() or name.name.startswith(".") or "__MACOSX" in name.parts:
        return
    target = folder.joinpath(*name.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.open(member) as source, target.open("wb") as out:
        shutil.copyfileobj(source, out)


def _years(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.is_dir() and len(p.name) == 4 and p.name.isdigit()]


def _store_root(folder: Path) -> Path:
    """The store inside an unzipped folder: itself, or its one wrapping folder."""
    entries = [p for p in folder.iterdir() if p.name != STORE_METADATA]
    if not _years(folder) and len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return folder


def _file_loose_csvs(store: Path, *, year: int | None) -> None:
    """CSV files without year folders are one year's return: move them into ``store/year``."""
    csvs = [p for p in store.rglob("*") if p.is_file() and p.suffix.lower() == ".csv"]
    if not csvs:
        raise _whole("the upload", "holds no 903 CSV files", STORE_HINT)
    if year is None:
        raise _whole(
            "the upload",
            "is one year's CSV files without a year folder",
            "the collection year (for example 2025 for the 2024/25 return)",
        )
    target = store / str(year)
    target.mkdir()
    for path in csvs:
        path.rename(target / path.name)
    for leftover in [p for p in store.iterdir() if p.is_dir() and p != target]:
        shutil.rmtree(leftover)


def _whole(file: str, issue: str, expected: str) -> ReturnError:
    return ReturnError([Problem.whole(file, issue, expected=expected)])


def shown_path(text: str, folder: Path) -> str:
    """A path as the person uploading knows it: relative to their upload."""
    for root in (str(folder.resolve()), str(folder)):
        text = text.replace(root + "/", "").replace(root, "the upload")
    return text
