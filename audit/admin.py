from __future__ import annotations

import datetime

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from core.admin_mixins import SuperuserOnlyAdminMixin


@admin.register(AuditEvent)
class AuditEventAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    """Read-only, for superusers only: the security officer's view. Nobody
    adds, changes or deletes entries here, superusers included."""

    list_display = [
        "at_utc",
        "action",
        "actor_email",
        "on_behalf_of_label",
        "object_repr",
        "ip_address",
    ]
    list_filter = [
        "action",
        "at",
        ("actor", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["actor_email", "object_repr", "ip_address"]
    date_hierarchy = "at"
    actions = None
    fields = [
        "at_utc",
        "action",
        "actor",
        "actor_email",
        "on_behalf_of",
        "on_behalf_of_label",
        "object_type",
        "object_id",
        "object_repr",
        "details",
        "ip_address",
        "user_agent",
        "previous_hash",
        "entry_hash",
    ]
    readonly_fields = fields
    list_select_related = False
    show_full_result_count = False

    @admin.display(description=_("tijdstip (UTC)"), ordering="at")
    def at_utc(self, obj: AuditEvent) -> str:
        return obj.at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
