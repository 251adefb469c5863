"""Users in the admin, with their role; saves go through the accounts services (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from incare.accounts.lockout import do_unlock_sign_in
from incare.accounts.models import User
from incare.accounts.services import do_add_user, do_change_user


@admin.register(User)
class IncareUserAdmin(UserAdmin):
    list_display = ("username", "role", "is_active", "is_staff", "last_login")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        ("Role and single sign-on", {"fields": ("role", "entra_object_id")}),
    )
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Role", {"fields": ("role",)}))
    actions = ["unlock_sign_in"]

    @admin.action(description="Unlock sign-in (clear failed attempts)")
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        acting = request.user if isinstance(request.user, User) else None
        for user in queryset:
            do_unlock_sign_in(user.username, acting_user=acting)
        messages.success(request, f"Unlocked {queryset.count()} user(s).")

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        acting = request.user if isinstance(request.user, User) else None
        if change:
            do_change_user(obj, fields=form.changed_data, acting_user=acting)
        else:
            do_add_user(obj, acting_user=acting)
