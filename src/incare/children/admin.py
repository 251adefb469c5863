"""Authorities in the admin, read-only: the import creates them (`do_save_local_authority`).

Children and their records are not in the admin at all: every read of a child goes through
`incare.children.queries`, which checks the role and writes the audit row.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from incare.children.models import LocalAuthority


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ("code", "name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: LocalAuthority | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: LocalAuthority | None = None
    ) -> bool:
        return False
