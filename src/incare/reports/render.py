"""A pack written out: an HTML page, an A4 PDF (WeasyPrint, tagged PDF/UA-1) and an Excel
workbook, all from the same :class:`~incare.reports.content.Pack`, whose figures are already
through disclosure control. Files are written whole or not at all (a temporary file beside
the target, renamed into place).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from incare.reports.content import Pack
from incare.strategies.rag import long_date

FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".xlsx": "xlsx"}


class RenderError(ValueError):
    """An output the packs cannot write (an unknown file type, a folder that is not there)."""


def format_of(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise RenderError(
            f"{path}: the file name must end .pdf, .html or .xlsx (it chooses the format)"
        ) from None


def html(pack: Pack) -> str:
    previous = "Last quarter" if pack.kind == "forum" else "Year before"
    context: dict[str, Any] = {
        "pack": pack,
        "as_at": long_date(pack.as_at),
        "totals": [*pack.rag_totals.values(), sum(pack.rag_totals.values())],
        "previous_heading": f"{previous} RAG",
        "questions_heading": (
            "Councillors' questions from the last meeting"
            if pack.kind == "forum"
            else "Councillors' questions this year"
        ),
    }
    return render_to_string("reports/pack.html", context)


def pdf_bytes(pack: Pack) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only PDFs need

    document = HTML(string=html(pack)).render()
    # full_fonts: embed the fonts whole; subsetting them took a third of the writing time.
    written: bytes = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, full_fonts=True)
    return written


def content(pack: Pack, kind: str) -> bytes:
    """The file's bytes for ``kind`` (``html``, ``pdf`` or ``xlsx``)."""
    writers: dict[str, Callable[[Pack], bytes]] = {
        "html": lambda p: html(p).encode("utf-8"),
        "pdf": pdf_bytes,
        "xlsx": _xlsx_bytes,
    }
    return writers[kind](pack)


def _xlsx_bytes(pack: Pack) -> bytes:
    from incare.reports.workbook import workbook_bytes

    return workbook_bytes(pack)


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a temporary file renamed into place)."""
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise RenderError(f"{path}: the folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a pack is not
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
