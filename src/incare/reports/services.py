"""Exports of packs: each file written and its audit row (who, what, when) in one step.

A pack shows only aggregates through disclosure control, but it leaves the system: the
audit log says who exported which pack, for which period, in which format, to which file.
The row is written inside a transaction and the file is renamed into place before it
commits, so there is never an export without its row (or a row without its file).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction

from incare.accounts.models import User
from incare.audit import events
from incare.reports import render
from incare.reports.content import Pack


def do_export_pack(pack: Pack, *, path: Path, acting_user: User | None) -> str:
    """Write ``pack`` to ``path`` (format from the suffix), audited; returns the format."""
    written = render.format_of(path)
    data = render.content(pack, written)
    with transaction.atomic():
        _record_export(pack, written, data, acting_user=acting_user, file=str(path.resolve()))
        render.write_whole(path, data)  # last: if it fails, the audit row rolls back
    return written


def do_download_pack(
    pack: Pack, *, output_format: str, acting_user: User | None, ip_address: str | None
) -> bytes:
    """The pack's file for a download from the web (``pdf``, ``xlsx`` or ``html``), with its
    audit row as for a file written by ``incare report``: the download is the export."""
    data = render.content(pack, output_format)
    with transaction.atomic():
        _record_export(
            pack,
            output_format,
            data,
            acting_user=acting_user,
            file="downloaded from the web",
            ip_address=ip_address,
        )
    return data


def _record_export(
    pack: Pack, output_format: str, data: bytes, *, acting_user: User | None, **where: Any
) -> None:
    """The audit row of an exported pack: which, for when, in what format, where to, and a
    hash of the exact bytes (so a file found later can be matched to its row)."""
    events.record(
        events.REPORT_EXPORTED,
        acting_user=acting_user,
        subject=f"strategies.strategy:{pack.strategy}",
        new_value={
            "report": pack.kind,
            "strategy": pack.strategy,
            "period": pack.period_label,
            "as_at": pack.as_at.isoformat(),
            "format": output_format,
            **where,
            "sha256": hashlib.sha256(data).hexdigest(),
        },
    )


def do_export_jsna(
    chapter: Any,
    *,
    output_format: str,
    path: Path | None,
    acting_user: User | None,
    write: Callable[[Any, Path], Any] | None = None,
) -> str | None:
    """Export a JSNA chapter (``incare.jsna.Chapter``), audited.

    ``json``: its figures as JSON, written to ``path`` or, without one, returned. Other
    formats: written to ``path`` by ``write`` (the JSNA package's ``write_pdf``,
    ``write_xlsx``, or an HTML writer). The file is written last inside the transaction, so
    a failed write leaves no audit row."""
    text = json.dumps(chapter.as_json(), default=str) if output_format == "json" else None
    if text is None and (path is None or write is None):
        raise render.RenderError("a JSNA chapter is written to a file: give --out FILE")
    with transaction.atomic():
        events.record(
            events.REPORT_EXPORTED,
            acting_user=acting_user,
            subject=f"jsna:{chapter.la}:{chapter.year}",
            new_value={
                "report": "jsna",
                "la": chapter.la,
                "year": chapter.year,
                "format": output_format,
                "file": str(path.resolve()) if path is not None else None,
                "local_figures": getattr(chapter, "local", None) is not None,
            },
        )
        if path is not None and text is not None:
            render.write_whole(path, text.encode("utf-8"))
        elif path is not None and write is not None:
            write(chapter, path)
    return text if path is None else None
