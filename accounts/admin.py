from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from allauth.account.views import logout as account_logout
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, User

# One way in: the admin's own login form would skip allauth's rate limits and
# the second factor, so it sends everyone to allauth's login instead (a
# logged-in non-staff user gets 403). Logging out of the admin is allauth's
# logout too: GET asks for confirmation, POST logs out.
admin.site.login = secure_admin_login(admin.site.login)


def _admin_logout(request, extra_context=None):
    return account_logout(request)


admin.site.logout = _admin_logout


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
