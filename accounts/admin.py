from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, User


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "manager"]
    search_fields = ["name"]
    autocomplete_fields = ["manager"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["last_name", "first_name", "email"]
    list_display = ["email", "first_name", "last_name", "department", "is_active"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups", "department"]
    list_select_related = ["department"]
    search_fields = ["email", "first_name", "last_name"]
    autocomplete_fields = ["department", "manager"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Persoon"),
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "department",
                    "job_title",
                    "manager",
                ]
            },
        ),
        (
            _("Rechten"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups"]},
        ),
        (_("Datums"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "first_name",
                    "last_name",
                    "department",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
