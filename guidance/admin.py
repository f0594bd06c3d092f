from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from guidance.models import PublishedQuestion, Synonym
from reporting.models import Kind, Signal, Status


class PrincipleChoiceField(forms.ModelChoiceField):
    """A principle with its richtlijn, and whether partners in zorg read it:
    the choice decides who sees the question (`PublishedQuestion.visible_to`)."""

    def label_from_instance(self, obj) -> str:
        label = f"{obj.guideline.title}: {obj.title}"
        if obj.guideline.audience_partners:
            label += " " + str(_("(ook voor partners in zorg)"))
        return label


@admin.register(PublishedQuestion)
class PublishedQuestionAdmin(admin.ModelAdmin):
    """PR rewrites an answered question for everyone: `?signal=<id>` on the
    add page starts from that signal (the link on a signal's page). Who may
    do what here: PR's group permissions (`roles.GROUP_PERMISSIONS`)."""

    list_display = ["question", "principle", "published_at", "published_by"]
    list_filter = ["principle__guideline", "principle"]
    list_select_related = ["principle__guideline", "published_by"]
    search_fields = ["question", "answer"]
    fields = ["signal", "principle", "question", "answer"]
    raw_id_fields = ["signal"]
    date_hierarchy = "published_at"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "signal":
            kwargs["queryset"] = db_field.related_model.objects.filter(
                kind=Kind.QUESTION, status=Status.HANDLED
            )
        if db_field.name == "principle":
            kwargs["queryset"] = db_field.related_model.objects.select_related(
                "guideline"
            )
            kwargs["form_class"] = PrincipleChoiceField
            kwargs["help_text"] = _(
                "Wie de vraag ziet, volgt de richtlijn van het beginsel: kies een "
                "beginsel van een richtlijn voor partners in zorg om de vraag ook "
                "aan partners te laten zien."
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        signal = self._signal_from(request)
        if signal is not None:
            principle = signal.principles.first()
            if principle is not None:
                initial.setdefault("principle", principle.pk)
        return initial

    def _signal_from(self, request):
        try:
            pk = int(request.GET.get("signal", ""))
        except ValueError:
            return None
        return Signal.objects.filter(pk=pk, kind=Kind.QUESTION).first()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.published_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Beleid's list of words people type and the words the richtlijnen use
    ("appen" → WhatsApp): a search for the one finds the other at once.
    Who may do what here: Beleid's group permissions."""

    list_display = ["word", "means"]
    search_fields = ["word", "means"]
    fields = ["word", "means"]
