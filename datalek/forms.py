from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from datalek.models import Breach, DataCategory, Decision, Informed, PeopleCategory
from datalek.services import EDITABLE

MINUTE = "%Y-%m-%dT%H:%M"


class BreachForm(forms.ModelForm):
    people_categories = forms.MultipleChoiceField(
        label=_("Om wie gaat het"),
        choices=PeopleCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    data_categories = forms.MultipleChoiceField(
        label=_("Welke gegevens"),
        choices=DataCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decision = forms.ChoiceField(
        label=_("Besluit over melden bij de AP"),
        choices=[("", _("nog niet besloten")), *Decision.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    subjects_informed = forms.ChoiceField(
        label=_("Betrokkenen geïnformeerd"),
        choices=[("", _("nog niet bekend")), *Informed.choices],
        required=False,
        widget=forms.RadioSelect,
    )

    change_reason = forms.CharField(
        label=_("Reden van de wijziging"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Nodig om een afgesloten datalek te wijzigen of te heropenen. "
            "Elke wijziging blijft zichtbaar in de geschiedenis."
        ),
    )

    class Meta:
        model = Breach
        fields = EDITABLE
        widgets = {
            "aware_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=MINUTE
            ),
            "ap_notified_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=MINUTE
            ),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in [
                    "aware_at_reason",
                    "description",
                    "consequences",
                    "measures_taken",
                    "measures_planned",
                    "decision_reason",
                    "subjects_informed_reason",
                ]
            },
        }

    def clean_aware_at(self):
        # The page shows whole minutes; the same minute sent back is no change.
        aware_at = self.cleaned_data.get("aware_at")
        original = self.instance.aware_at
        if (
            aware_at
            and original
            and aware_at.strftime(MINUTE)
            == (original.astimezone(aware_at.tzinfo).strftime(MINUTE))
        ):
            return original
        return aware_at

    def changes(self) -> dict:
        """The record's fields as typed (after `is_valid()`)."""
        return {name: self.cleaned_data[name] for name in EDITABLE}

    def clean(self):
        cleaned = super().clean()
        if "deadline" in self.data:
            self.add_error(
                None,
                _(
                    "De termijn voor de AP kun je niet met de hand aanpassen: die "
                    "is altijd 72 uur na het moment waarop Sterk Huis het lek "
                    "kende. Pas zo nodig dat moment aan, met een reden."
                ),
            )
        return cleaned
