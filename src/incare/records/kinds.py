"""The CSV templates: one per kind of record that neither the 903 nor the SSD carries.

A template's columns are ``child_id`` (the 903 ``CHILD``) and the model's fields by name,
so a template, its form and its documentation (docs/records.md) always agree.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from incare.records.models import RECORD_MODELS, ChildRecord
from incare.records.rows import FileMap

CHILD_COLUMN = "child_id"

LOCAL_MODELS: dict[str, type[ChildRecord]] = {
    m.table: m for m in RECORD_MODELS if m.source == "local"
}
"""Template kind -> model, for the records only recorded locally."""


class UnknownKindError(LookupError):
    """No template has this name."""


def value_fields(model: type[ChildRecord]) -> list[models.Field[Any, Any]]:
    """The fields a person fills in: all but the id and the child."""
    return [
        f
        for f in model._meta.get_fields()
        if isinstance(f, models.Field) and not f.primary_key and f.name != "child"
    ]


def template_model(kind: str) -> type[ChildRecord]:
    """The model of a template kind (``health-registrations`` reads as ``health_registrations``)."""
    name = kind.strip().lower().replace("-", "_")
    if name not in LOCAL_MODELS:
        raise UnknownKindError(
            f"there is no record template called {kind!r}; the templates are "
            + ", ".join(sorted(LOCAL_MODELS))
        )
    return LOCAL_MODELS[name]


def template_map(model: type[ChildRecord]) -> FileMap:
    return FileMap(
        model=model,
        child_column=CHILD_COLUMN,
        columns={f.name: f.name for f in value_fields(model)},
    )


def template_columns(model: type[ChildRecord]) -> list[str]:
    """The header line of the template."""
    return [CHILD_COLUMN, *(f.name for f in value_fields(model))]


def describe_field(field: models.Field[Any, Any]) -> str:
    """The type and codes of a column, as docs/records.md gives them."""
    if isinstance(field, models.DateField):
        kind = "date (YYYY-MM-DD or DD/MM/YYYY)"
    elif isinstance(field, models.BooleanField):
        kind = "Y or N"
    elif isinstance(field, models.IntegerField):
        kind = "whole number"
    elif field.choices:
        kind = "code: " + ", ".join(str(code) for code, _ in field.choices)
    else:
        kind = f"text (up to {field.max_length} characters)"
    required = "required" if not field.blank else "optional"
    return f"{kind}; {required}"
