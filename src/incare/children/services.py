"""Writes to the children app. Children and their records are written only by the import
(`incare.returns.services.do_import_store` through `incare.children.sync`)."""

from __future__ import annotations

import uuid

from django.db import transaction

from incare.accounts.models import User
from incare.audit import events
from incare.children.models import LocalAuthority


def do_save_local_authority(
    *, code: str, name: str = "", acting_user: User | None
) -> LocalAuthority:
    """Add an authority, or rename it when given a new name.

    An authority that exists and is given no name, or the same name, is left alone (no
    audit row), so importing again never renames it.
    """
    code = code.strip()
    name = name.strip()
    with transaction.atomic():
        authority = LocalAuthority.objects.select_for_update().filter(code=code).first()
        if authority is not None and name in ("", authority.name):
            return authority
        name = name or f"Local authority {code}"
        old = None if authority is None else {"code": code, "name": authority.name}
        if authority is None:
            authority = LocalAuthority.objects.create(code=code, name=name)
        else:
            authority.name = name
            authority.save(update_fields=["name"])
        events.record(
            events.LOCAL_AUTHORITY_SAVED,
            acting_user=acting_user,
            subject=f"children.localauthority:{authority.pk}",
            old_value=old,
            new_value={"code": code, "name": name},
        )
        return authority


def note_data_changed(local_authority: LocalAuthority) -> None:
    """Give the authority a new ``data_version``: call inside the transaction of every write
    of its children's data (903 or records beyond it), so that figures held in memory
    (``incare.core.snapshot``) are rebuilt. A random value, not a counter: a write that was
    rolled back leaves no version a later write could repeat."""
    LocalAuthority.objects.filter(pk=local_authority.pk).update(data_version=uuid.uuid4())
