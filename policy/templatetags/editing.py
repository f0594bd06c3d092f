"""The editor's agenda on Beleid's start page: open concepts and reviews due."""

from __future__ import annotations

from django import template
from django.db.models import Q

from policy.models import (
    REVIEW_SOON,
    Guideline,
    GuidelineVersion,
    VersionStatus,
    local_today,
)

register = template.Library()


@register.inclusion_tag("policy/_editor_agenda.html", takes_context=True)
def editor_agenda(context):
    user = context["request"].user
    if not user.has_perm("policy.view_editor_agenda"):
        return {"show": False}
    today = local_today()
    concepts = GuidelineVersion.objects.filter(status=VersionStatus.CONCEPT)
    return {
        "show": True,
        "today": today,
        "concepts": list(
            concepts.filter(Q(created_by=user) | Q(guideline__owner=user))
            .without_text()
            .select_related("guideline", "created_by")
            .order_by("guideline__title")
        ),
        "reviews": list(
            Guideline.objects.filter(
                owner=user, review_due__lte=today + REVIEW_SOON
            ).order_by("review_due")
        ),
    }
