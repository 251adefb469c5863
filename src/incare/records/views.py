"""A child's records beyond the 903, and forms to record one at a time (roles that may see
named children: practitioners, the children in care nurse, the virtual school, analysts)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from incare.children.models import Child, LocalAuthority
from incare.core.access import requires
from incare.core.queries import home_authority
from incare.records.forms import form_for
from incare.records.kinds import UnknownKindError, template_model
from incare.records.queries import may_see_kind, records_for_user
from incare.records.services import do_add_record


def _authority() -> LocalAuthority:
    authority = home_authority()
    if authority is None:
        raise Http404("no 903 data has been imported yet")
    return authority


@requires("may_see_children")
def child_records(request: HttpRequest, child_id: str) -> HttpResponse:
    try:
        child, groups = records_for_user(
            request.user, local_authority=_authority(), child_id=child_id
        )
    except Child.DoesNotExist as exc:
        raise Http404("no such child") from exc
    return render(request, "records/child_records.html", {"child": child, "groups": groups})


@requires("may_see_children")
def add_record(request: HttpRequest, child_id: str, kind: str) -> HttpResponse:
    try:
        model = template_model(kind)
    except UnknownKindError as exc:
        raise Http404(str(exc)) from exc
    if not may_see_kind(request.user, model):
        raise PermissionDenied(f"your role does not record {model._meta.verbose_name_plural}")
    authority = _authority()
    try:
        child, _ = records_for_user(request.user, local_authority=authority, child_id=child_id)
    except Child.DoesNotExist as exc:
        raise Http404("no such child") from exc
    form_class = form_for(model)
    form = form_class(request.POST or None, instance=model(child=child))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        do_add_record(model=model, child=child, values=values, acting_user=request.user)  # type: ignore[arg-type]
        return redirect("child-records", child_id=child.child_id)
    title = f"Add a {model._meta.verbose_name}"
    return render(
        request, "records/record_form.html", {"child": child, "form": form, "title": title}
    )
