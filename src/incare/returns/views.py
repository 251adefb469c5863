"""The data pages, for the roles that import (analysts and administrators): every import
with its validation state, one import's validation results, and the upload of a new return.

The rows and children behind a run's validation (and its Excel workbook) name children, so
only a role that may also see children gets them; each such read is audited, and the
download as an export.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from incare.accounts.lockout import client_address
from incare.accounts.models import User
from incare.accounts.queries import has_permission
from incare.audit import events
from incare.children.models import LocalAuthority
from incare.children.services import do_save_local_authority
from incare.core.access import requires
from incare.core.queries import home_authority
from incare.returns.forms import UploadForm
from incare.returns.models import ImportRun
from incare.returns.queries import recent_imports
from incare.returns.results import (
    child_rows,
    flagged_rows,
    recompute,
    rule_results,
    skipped_rules,
)
from incare.returns.uploads import lay_out, new_folder, shown_path
from incare.ssda903.errors import Problem, ReturnError
from incare.validation.excel import write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _acting(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@requires("may_import")
def import_runs(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "returns/import_runs.html",
        {
            "runs": recent_imports(),
            "sees_children": has_permission(request.user, "may_see_children"),
        },
    )


@requires("may_import")
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(ImportRun.objects.select_related("acting_user"), pk=run_id)
    context: dict[str, Any] = {
        "run": run,
        "rules": rule_results(run),
        "skipped": skipped_rules(run),
        "tables": [{"name": name, **counts} for name, counts in run.counts.items()],
        "sees_children": has_permission(request.user, "may_see_children"),
    }
    if context["sees_children"] and run.validation_errors:
        with transaction.atomic():
            flagged = flagged_rows(run)
            if flagged.rows:
                _audit_children(request, run, flagged.rows, event=events.CHILDREN_LIST_VIEWED)
        context.update({"flagged": flagged, "child_rows": flagged.rows})
    return render(request, "returns/run.html", context)


@requires("may_import")
def run_excel(request: HttpRequest, run_id: int) -> HttpResponse:
    """The run's validation as the sector validator's Excel layout; it names children, so
    only for roles that may also see them, and audited as an export."""
    run = get_object_or_404(ImportRun, pk=run_id)
    if not has_permission(request.user, "may_see_children"):
        raise PermissionDenied("the workbook names children")
    with transaction.atomic():
        again = recompute(run)
        if again.report is None:
            raise Http404(again.problem)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "validation.xlsx"
            write_workbook(again.report, path)
            content = path.read_bytes()
        _audit_children(request, run, child_rows(again.report), event=events.VALIDATION_EXPORTED)
    response = HttpResponse(content, content_type=XLSX)
    name = f"validation-{run.local_authority_code}-{again.report.collection_year}-run{run.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _audit_children(
    request: HttpRequest, run: ImportRun, rows: list[dict[str, Any]], *, event: str
) -> None:
    events.record(
        event,
        acting_user=_acting(request),
        subject=f"returns.importrun:{run.pk}",
        new_value={
            "list": "validation",
            "children": sorted({str(r["child"]) for r in rows if r["child"]}),
            "ip_address": client_address(request),
        },
    )


def _authority() -> LocalAuthority | None:
    """The authority an upload is for: the installation's, else the only one held (a first
    upload names it on the form)."""
    authority = home_authority()
    if authority is None and LocalAuthority.objects.count() == 1:
        authority = LocalAuthority.objects.get()
    return authority


@requires("may_import")
def upload(request: HttpRequest) -> HttpResponse:
    authority = _authority()
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        needs_authority=authority is None,
    )
    problems: list[Problem] = []
    if posted and form.is_valid():
        try:
            run = _import(request, form.cleaned_data, authority)
        except ReturnError as exc:
            problems = exc.problems
        else:
            messages.success(request, _imported(run))
            return redirect("data-run", run_id=run.pk)
    context = {"form": form, "problems": problems, "authority": authority}
    status = 400 if form.errors or problems else 200
    return render(request, "returns/upload.html", context, status=status)


def _import(request: HttpRequest, cleaned: dict[str, Any], authority: Any) -> ImportRun:
    """Lay the upload out as a store and import it, all or nothing (``do_import_store``).

    Problems name files as the person uploaded them. A failed upload's folder is removed;
    the failed run stays on record, as ``do_import_store`` keeps it."""
    from incare.returns.services import do_import_store

    folder = new_folder()
    try:
        store = lay_out(cleaned["upload"], year=cleaned["year"], folder=folder)
        if authority is None:
            authority = do_save_local_authority(
                code=cleaned["la_code"], name=cleaned["la_name"], acting_user=_acting(request)
            )
        return do_import_store(store, local_authority=authority, acting_user=_acting(request))
    except ReturnError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise ReturnError([_relative(p, folder) for p in exc.problems]) from None


def _relative(problem: Problem, folder: Path) -> Problem:
    return Problem(
        shown_path(problem.file, folder),
        problem.row,
        problem.column,
        problem.value,
        problem.expected,
        problem.issue,
    )


def _imported(run: ImportRun) -> str:
    years = f"{run.years[0]} to {run.years[-1]}" if run.years else "no years"
    said = f"Imported collection years {years}: {run.total_added} rows added, "
    said += f"{run.total_changed} changed, {run.total_removed} removed."
    if run.validation_errors:
        said += f" The {run.validation_year} return has rows failing validation: see below."
    return said
