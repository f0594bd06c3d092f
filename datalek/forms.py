from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from datalek.models import (
    Breach,
    DataCategory,
    Decision,
    Informed,
    PeopleCategory,
    Status,
)
from datalek.services import EDITABLE

MINUTE = "%Y-%m-%dT%H:%M"


def derived_status(*, current: str, decision: str, notified: bool, close: bool) -> str:
    """The status a breach's answers amount to, so nothing is asked twice."""
    if close:
        return Status.CLOSED
    if decision == Decision.DO_NOT_NOTIFY:
        return Status.NOT_NOTIFIED
    if decision == Decision.NOTIFY and notified:
        return Status.NOTIFIED_AP
    if current == Status.REPORTED:
        return Status.REPORTED
    return Status.UNDER_ASSESSMENT


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

    close = forms.BooleanField(
        label=_("Afsluiten: er hoeft niets meer te gebeuren"),
        required=False,
        help_text=_(
            "Kan zodra het besluit over melden bij de AP is vastgelegd. Haal het "
            "vinkje weg om een afgesloten datalek te heropenen, met een reden."
        ),
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
        # The status is not asked: it follows from the decision, the moment
        # of notifying the AP and the close box (`changes`).
        fields = [name for name in EDITABLE if name != "status"]
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["close"].initial = self.instance.is_closed
        self.initial_status = self.instance.status

    def changes(self) -> dict:
        """The record's fields as typed (after `is_valid()`), with the status
        they amount to."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["status"] = self.cleaned_data["status"]
        return data

    def clean(self):
        cleaned = super().clean()
        # Before the model's own checks, which read the status.
        cleaned["status"] = self.instance.status = derived_status(
            current=self.initial_status,
            decision=cleaned.get("decision", ""),
            notified=bool(cleaned.get("ap_notified_at")),
            close=cleaned.get("close", False),
        )
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
