from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.attachments import ACCEPT, MAX_FILES, CheckedFile, check_uploads
from reporting.models import Attachment, Kind, Signal
from reporting.privacy import Finding, find_personal_data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [f for f in files if f]


class SignalForm(forms.ModelForm):
    attachments = MultipleFileField(
        label=_("Schermafbeeldingen of PDF"),
        help_text=_(
            "Maximaal 5 bestanden van elk hooguit 10 MB: PNG, JPEG, WebP of PDF."
        ),
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )
    pending = forms.CharField(required=False, widget=forms.HiddenInput)
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    privacy_confirmed = forms.BooleanField(
        required=False,
        label=_(
            "Ik heb gecontroleerd dat er geen gegevens van cliënten of collega's "
            "in staan, of ze zijn nodig om de melding te begrijpen."
        ),
    )

    class Meta:
        model = Signal
        fields = [
            "kind",
            "title",
            "description",
            "url",
            "platform",
            "seen_on",
            "possible_breach",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "url": forms.URLInput(
                attrs={"placeholder": "https://", "inputmode": "url"}
            ),
            "seen_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "url": _("De link naar het bericht of artikel. Niet nodig bij een vraag."),
            "possible_breach": _(
                "Dan krijgt ook de privacyfunctionaris je melding meteen. Die "
                "beoordeelt binnen 72 uur of Sterk Huis het moet melden bij de "
                "Autoriteit Persoonsgegevens."
            ),
        }
        labels = {
            "possible_breach": _(
                "Hierdoor zijn mogelijk gegevens van cliënten of medewerkers gedeeld"
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.findings: list[Finding] = []
        self.checked_files: list[CheckedFile] = []
        self.fields["url"].required = False
        # Radio buttons need no empty "choose one" option.
        self.fields["kind"].choices = Kind.choices
        self.fields["seen_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def clean_seen_on(self):
        seen_on = self.cleaned_data.get("seen_on")
        if seen_on and seen_on > timezone.localdate():
            raise ValidationError(_("Deze datum ligt in de toekomst."))
        return seen_on

    def clean_pending(self) -> list[Attachment]:
        keys = []
        for key in (self.cleaned_data.get("pending") or "").split(","):
            try:
                keys.append(uuid.UUID(key.strip()))
            except ValueError:
                continue
        # Only the reporter's own uploads that are not yet part of a signal
        # and have not expired.
        return list(
            Attachment.objects.pending().filter(key__in=keys, uploaded_by=self.user)[
                :MAX_FILES
            ]
        )

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        self.checked_files = check_uploads(files)
        return files

    def clean(self):
        cleaned = super().clean()
        # A question has no post yet; a removed post of one's own no link.
        if cleaned.get("kind") and cleaned["kind"] not in {Kind.VRAAG, Kind.FOUT}:
            if not cleaned.get("url") and "url" not in self.errors:
                self.add_error("url", _("Geef de link naar het bericht of artikel op."))
        pending = cleaned.get("pending") or []
        if len(pending) + len(self.checked_files) > MAX_FILES:
            self.add_error(
                "attachments",
                _("Je kunt maximaal %(count)d bijlagen toevoegen.")
                % {"count": MAX_FILES},
            )
        self.findings = find_personal_data(
            cleaned.get("title") or "",
            cleaned.get("description") or "",
            cleaned.get("url") or "",
        )
        if self.findings and not cleaned.get("privacy_confirmed"):
            raise ValidationError(
                _("Controleer je melding op gegevens van cliënten."),
                code="privacy",
            )
        return cleaned

    @property
    def privacy_warning(self) -> bool:
        return bool(self.findings) and any(
            error.code == "privacy"
            for error in self.errors.as_data().get("__all__", [])
        )
