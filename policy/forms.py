from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class SignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirmed = forms.BooleanField(
        label=_("Ik heb deze richtlijn gelezen en begrepen"),
        error_messages={
            "required": _(
                "Vink aan dat je de richtlijn hebt gelezen en begrepen; "
                "pas dan kun je tekenen."
            )
        },
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[self.question_field(question)] = forms.TypedChoiceField(
                label=question.situation,
                choices=question.options,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Kies een antwoord.")},
            )

    @staticmethod
    def question_field(question) -> str:
        return f"question_{question.pk}"

    def answers(self) -> dict[int, int]:
        """The chosen option per question id (after `is_valid()`)."""
        return {q.pk: self.cleaned_data[self.question_field(q)] for q in self.questions}


class PublishForm(forms.Form):
    effective_date = forms.DateField(
        label=_("Geldig vanaf"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leeg laten om direct te publiceren."),
    )
    signing_deadline = forms.DateField(
        label=_("Tekenen vóór"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leeg laten voor 14 dagen na de ingangsdatum."),
    )
    change_summary = forms.CharField(
        label=_("Samenvatting van de wijziging"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht vanaf versie 2."),
    )
    is_minor = forms.TypedChoiceField(
        label=_("Soort wijziging"),
        choices=[
            ("0", _("Inhoudelijk: iedereen tekent opnieuw")),
            ("1", _("Klein (tikfout, opmaak): handtekeningen blijven geldig")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )

    def clean(self):
        cleaned = super().clean()
        # Left empty, the version takes effect today.
        start = cleaned.get("effective_date") or timezone.localdate()
        deadline = cleaned.get("signing_deadline")
        if deadline and deadline <= start:
            self.add_error(
                "signing_deadline",
                _("De uiterste datum om te tekenen moet na de ingangsdatum liggen."),
            )
        return cleaned


class JobTitleFormSet(forms.BaseInlineFormSet):
    """The job titles a richtlijn is meant for, chosen from those in the HR
    file: a title typed differently would match nobody."""

    @cached_property
    def job_title_choices(self) -> list[tuple[str, str]]:
        known = set(
            User.objects.employees()
            .filter(is_active=True)
            .exclude(job_title="")
            .values_list("job_title", flat=True)
            .distinct()
        )
        # A title HR no longer uses stays choosable where it is chosen.
        known |= {title.job_title for title in self.get_queryset()}
        return [("", "---------")] + [(t, t) for t in sorted(known)]

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        form.fields["job_title"] = forms.ChoiceField(
            label=_("functie"),
            choices=self.job_title_choices,
            help_text=_("Zoals in het HR-bestand."),
            error_messages={
                "invalid_choice": _(
                    "Geen medewerker heeft de functie %(value)s in het "
                    "HR-bestand. Kies een functie uit de lijst."
                )
            },
        )


class ReviewDecisionForm(forms.Form):
    """A reviewer's decision on a concept (`#approve-form`)."""

    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[
            (
                "approve",
                _("Goedkeuren: deze tekst en vragen mogen gepubliceerd worden"),
            ),
            ("return", _("Terugsturen naar de schrijver, met een opmerking")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies goedkeuren of terugsturen.")},
    )
    comment = forms.CharField(
        label=_("Opmerking"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Verplicht bij terugsturen; de schrijver krijgt hem per e-mail."),
    )
    # The hash of the text and questions the reviewer was shown: a concept
    # changed meanwhile is not approved unseen.
    content_sha256 = forms.CharField(widget=forms.HiddenInput, required=False)
