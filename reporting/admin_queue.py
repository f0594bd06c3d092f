"""Pieces of PR's queue in the admin: its filters and the mark of a signal's
record in the datalekregister."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reporting.models import Signal


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("termijn")
    parameter_name = "termijn"

    def lookups(self, request, model_admin):
        return [("verlopen", gettext_lazy("over de termijn"))]

    def queryset(self, request, queryset):
        if self.value() == "verlopen":
            return queryset.overdue()
        return queryset


class AssignmentFilter(admin.SimpleListFilter):
    title = gettext_lazy("toewijzing")
    parameter_name = "toegewezen"

    def lookups(self, request, model_admin):
        return [
            ("mij", gettext_lazy("aan mij toegewezen")),
            ("niemand", gettext_lazy("niet toegewezen")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "mij":
            return queryset.assigned_to(request.user)
        if self.value() == "niemand":
            return queryset.assigned_to(None)
        return queryset


def breach_record_of(signal: Signal):
    """The signal's record in the datalekregister, or None. The record is the
    datalek app's (reporting does not import it): reached through the
    one-to-one field it points at the signal with."""
    return getattr(signal, "breach", None)


def breach_record_mark(signal: Signal, *, link: bool = False):
    """In the queue: that a breach record exists and its status in words, a
    link to it for whoever may open it."""
    record = breach_record_of(signal)
    if record is None:
        return ""
    text = _("%(record)s: %(status)s") % {
        "record": record,
        "status": record.get_status_display(),
    }
    if link:
        return format_html(
            '<a class="breach-record" href="{}">{}</a>',
            record.get_absolute_url(),
            text,
        )
    return format_html('<span class="breach-record">{}</span>', text)
