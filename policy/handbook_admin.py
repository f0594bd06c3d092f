"""The handbook in the admin: chapters, and the rules of a richtlijn's form
for its place in the handbook (imported by `policy.admin`)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policy.handbook import RESERVED_SLUGS
from policy.models import Chapter, Guideline


class GuidelineForm(forms.ModelForm):
    """The handbook's rules for a richtlijn: no slug that is a page of its
    own, and no raakvlak with itself (ignored)."""

    class Meta:
        model = Guideline
        fields = [
            "title",
            "slug",
            "chapter",
            "code",
            "related",
            "audience_all",
            "departments",
            "audience_partners",
            "owner",
            "review_interval_months",
        ]

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug in RESERVED_SLUGS:
            raise ValidationError(
                _("“%(slug)s” is het adres van een andere pagina; kies een andere.")
                % {"slug": slug}
            )
        return slug

    def clean_code(self):
        return " ".join(self.cleaned_data.get("code", "").split())

    def clean_related(self):
        related = self.cleaned_data.get("related")
        if related is not None and self.instance.pk:
            related = related.exclude(pk=self.instance.pk)
        return related


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "guideline_count"]
    list_display_links = ["number", "title"]
    ordering = ["number"]
    search_fields = ["title"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(guideline_total=Count("guidelines"))
        )

    @admin.display(description=gettext_lazy("richtlijnen"), ordering="guideline_total")
    def guideline_count(self, obj: Chapter) -> int:
        return obj.guideline_total

    def has_delete_permission(self, request, obj=None) -> bool:
        # A chapter with richtlijnen stays (the database protects it too).
        if obj is not None and obj.guidelines.exists():
            return False
        return super().has_delete_permission(request, obj)
