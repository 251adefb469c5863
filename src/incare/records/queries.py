"""Reads of a child's records beyond the 903: access-checked and audited, as every read of a
named child is (`incare.children.queries.get_child_for_user`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser

from incare.accounts.models import User
from incare.audit import events
from incare.children.models import Child, LocalAuthority
from incare.children.queries import get_child_for_user
from incare.children.timeline import categories_for, record_category
from incare.records.forms import sentence
from incare.records.kinds import value_fields
from incare.records.models import RECORD_MODELS, ChildRecord


@dataclass(frozen=True)
class RecordGroup:
    """The records of one kind about one child, ready to show."""

    model: type[ChildRecord]
    headings: list[str]
    rows: list[list[Any]]

    @property
    def kind(self) -> str:
        return self.model.table

    @property
    def title(self) -> str:
        return sentence(self.model._meta.verbose_name_plural)

    @property
    def singular(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def recorded_locally(self) -> bool:
        return self.model.source == "local"


def records_for_user(
    user: User | AnonymousUser, *, local_authority: LocalAuthority, child_id: str
) -> tuple[Child, list[RecordGroup]]:
    """A child and every record about them ``user``'s role may see (``may_see_kind``), for a
    role that may see named children.

    Raises PermissionDenied for other roles and `Child.DoesNotExist` for an unknown child;
    the read is audited (``records.viewed``) besides the child's own ``child.viewed`` row.
    """
    child = get_child_for_user(user, local_authority=local_authority, child_id=child_id)
    groups = [_group(model, child) for model in RECORD_MODELS if may_see_kind(user, model)]
    events.record(
        events.CHILD_RECORDS_VIEWED,
        acting_user=user if isinstance(user, User) else None,
        subject=f"{local_authority.code}:{child_id}",
        new_value={"kinds": [g.kind for g in groups if g.rows]},
    )
    return child, groups


def may_see_kind(user: User | AnonymousUser, model: type[ChildRecord]) -> bool:
    """Whether ``user``'s role sees (and records) this kind of record: the nurse and the
    virtual school their own part of the record (``incare.children.timeline.ROLE_CATEGORIES``)."""
    return record_category(model) in categories_for(user)


def _group(model: type[ChildRecord], child: Child) -> RecordGroup:
    fields = value_fields(model)
    order = [f.name for f in fields if f.name in model.key] or ["id"]
    found = model._default_manager.filter(child=child).order_by(*order)
    rows = [[_shown(record, f) for f in fields] for record in found]
    return RecordGroup(model, [sentence(f.verbose_name) for f in fields], rows)


def _shown(record: ChildRecord, field: Any) -> Any:
    if field.choices:
        return getattr(record, f"get_{field.name}_display")()
    value = getattr(record, field.name)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return "" if value is None else value
