"""Import runs in the admin: read-only, since they are the record of what happened."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from incare.returns.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("started_at", "local_authority_code", "status", "acting_user", "source")
    list_filter = ("status", "local_authority_code")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ImportRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ImportRun | None = None) -> bool:
        return False
