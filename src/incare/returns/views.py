"""The history of imports, for the roles that import."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from incare.core.access import requires
from incare.returns.queries import recent_imports


@requires("may_import")
def import_runs(request: HttpRequest) -> HttpResponse:
    return render(request, "returns/import_runs.html", {"runs": recent_imports()})
