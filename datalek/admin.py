from __future__ import annotations

from django.contrib import admin

from core.admin_mixins import SuperuserOnlyAdminMixin
from datalek.models import Breach


@admin.register(Breach)
class BreachAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    """A read-only view for superusers; the privacy officer works in the
    register at /datalekken/, where every change is validated and audited."""

    list_display = ["__str__", "status", "aware_at", "decision", "closed_at"]
    list_filter = ["status", "decision"]
    date_hierarchy = "aware_at"
    view_on_site = True

    def get_readonly_fields(self, request, obj=None):
        # Shown as text: no form field (and no query for the choices) at all.
        return [field.name for field in self.model._meta.fields]
