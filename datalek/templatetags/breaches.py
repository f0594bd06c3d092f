"""The privacy officer's part of the start page: the open breaches, each with
its clock."""

from __future__ import annotations

from django import template

from datalek.models import Breach

register = template.Library()

# Open breaches on the start page; the register holds the rest.
AGENDA_SIZE = 10


@register.inclusion_tag("datalek/_agenda.html", takes_context=True)
def breach_agenda(context):
    if not context["request"].user.has_perm("datalek.view_register"):
        return {"show": False}
    breaches = Breach.objects.open().register_order().select_related("signal")
    shown = list(breaches[: AGENDA_SIZE + 1])
    return {
        "show": True,
        "breaches": shown[:AGENDA_SIZE],
        "more": len(shown) > AGENDA_SIZE,
    }
