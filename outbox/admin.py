"""The outbox in the admin, for superusers: what waits, what failed and
why, and "opnieuw versturen" for what did not go."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_mixins import SuperuserOnlyAdminMixin
from outbox.models import Message, Status
from outbox.services import messages_retry


class DeliveryFilter(admin.SimpleListFilter):
    title = _("bezorging")
    parameter_name = "bezorging"

    def lookups(self, request, model_admin):
        return [("niet", _("niet bezorgd"))]

    def queryset(self, request, queryset):
        if self.value() == "niet":
            return queryset.undelivered()
        return queryset


@admin.register(Message)
class MessageAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "to",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "short_error",
    ]
    list_filter = [DeliveryFilter, "status", "kind", "template"]
    search_fields = ["to", "subject", "message_id"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    fields = [
        "status",
        "kind",
        "template",
        "to",
        "reply_to",
        "subject",
        "message_id",
        "created_at",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "failed_at",
        "failure_reported_at",
        "last_error",
        "body",
    ]
    readonly_fields = fields

    @admin.display(description=_("laatste fout"))
    def short_error(self, message: Message) -> str:
        error = message.last_error
        return error if len(error) <= 120 else error[:119] + "…"

    @admin.action(description=_("Opnieuw versturen"))
    def retry(self, request, queryset):
        count = messages_retry(messages=list(queryset.exclude(status=Status.SENT)))
        self.message_user(
            request,
            ngettext(
                "%(count)d bericht staat opnieuw klaar om te versturen.",
                "%(count)d berichten staan opnieuw klaar om te versturen.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
