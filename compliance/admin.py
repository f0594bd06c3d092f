from __future__ import annotations

from django.contrib import admin

from compliance.models import ExportLog
from core.admin_mixins import SuperuserOnlyAdminMixin


@admin.register(ExportLog)
class ExportLogAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "version", "scope"]
    list_filter = ["kind"]
    list_select_related = ["user", "version__guideline"]
    date_hierarchy = "created_at"
