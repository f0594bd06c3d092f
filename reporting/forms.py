from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.privacy import Finding, find_personal_data
from reporting.attachments import ACCEPT, MAX_FILES, CheckedFile, check_uploads
from reporting.models import Attachment, Kind, Signal, one_line


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

    # Set once the privacy step was shown, so a second refusal can say at
    # the checkbox that the tick is missing.
    privacy_asked = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Keys of attachments already added that the reporter takes off again.
    remove_pending = forms.Field(required=False, widget=forms.MultipleHiddenInput)

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
            "url": _(
                "De link naar het bericht of artikel. Niet nodig bij een vraag, "
                "bij WhatsApp of bij „anders”."
            ),
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
        # portal.js lists the chosen files with a button to take each off.
        self.fields["attachments"].widget.attrs.update(
            {"data-removable": "chosen-files", "data-remove-label": _("Verwijderen")}
        )

    def clean_title(self):
        return one_line(self.cleaned_data.get("title") or "")

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
        # Whether a link is needed is the model's rule (Signal.clean).
        removed = {str(key) for key in cleaned.get("remove_pending") or []}
        pending = [a for a in cleaned.get("pending") or [] if str(a.key) not in removed]
        cleaned["pending"] = pending
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
            if cleaned.get("privacy_asked"):
                self.add_error(
                    "privacy_confirmed",
                    _(
                        "Vink dit aan om de melding zo te versturen, of haal de "
                        "gegevens weg."
                    ),
                )
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

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(element id, label, first message) per field with a problem, in
        the order of the form, for the summary at the top of the page."""
        items = []
        for name in self.fields:
            if name not in self.errors or self.fields[name].widget.is_hidden:
                continue
            anchor = f"id_{name}_0" if name == "kind" else f"id_{name}"
            label = self.fields[name].label or name
            items.append((anchor, str(label), str(self.errors[name][0])))
        if self.privacy_warning and "privacy_confirmed" not in self.errors:
            items.append(
                (
                    "privacy-warning",
                    str(_("Gegevens van cliënten")),
                    str(_("Controleer je melding op gegevens van cliënten.")),
                )
            )
        return items


class ReplyForm(forms.Form):
    """The reporter's answer to PR's question, or a reaction to PR's answer."""

    text = forms.CharField(
        label=_("Je reactie"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    reopen = forms.BooleanField(
        label=_("Ik wil dat PR en communicatie de melding opnieuw bekijkt"),
        required=False,
    )

    def __init__(self, *args, signal: Signal, **kwargs):
        super().__init__(*args, **kwargs)
        if not signal.is_closed:
            del self.fields["reopen"]
