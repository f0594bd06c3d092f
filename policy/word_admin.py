"""The concept's "Word-bestand inlezen" page: upload, preview, replace."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policy.approval import content_sha256, valid_approval
from policy.models import GuidelineVersion
from policy.rendering import headings, render_markdown
from policy.services import concept_text_replace
from policy.word import MAX_WORD_BYTES, WordFileError, word_to_markdown


class WordUploadForm(forms.Form):
    word_file = forms.FileField(
        label=gettext_lazy("Word-bestand (.docx)"),
        help_text=gettext_lazy(
            "Hooguit 10 MB. Koppen, opsommingen, tabellen, vet en links worden "
            "overgenomen; je ziet eerst een voorbeeld."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )

    def clean_word_file(self):
        upload = self.cleaned_data["word_file"]
        if upload.size > MAX_WORD_BYTES:
            # Checked before reading: the size is known from the upload.
            raise ValidationError(
                _("%(name)s is te groot; een Word-bestand mag hooguit 10 MB zijn.")
                % {"name": upload.name}
            )
        try:
            self.word = word_to_markdown(upload.read(), upload.name)
        except WordFileError as exc:
            raise ValidationError(str(exc)) from exc
        if not self.word.markdown.strip():
            raise ValidationError(
                _("%(name)s bevat geen tekst.") % {"name": upload.name}
            )
        return upload


class WordConfirmForm(forms.Form):
    markdown = forms.CharField(widget=forms.HiddenInput, strip=False)
    # What the concept hashed when the preview was made: replacing a text
    # that another editor changed meanwhile would lose their work.
    base_sha256 = forms.CharField(widget=forms.HiddenInput)


class WordImportMixin:
    def get_urls(self):
        urls = [
            path(
                "<int:pk>/word-inlezen/",
                self.admin_site.admin_view(self.word_import_view),
                name="policy_guidelineversion_word_import",
            ),
        ]
        return urls + super().get_urls()

    def word_import_view(self, request, pk: int):
        version = get_object_or_404(
            GuidelineVersion.objects.select_related("guideline"), pk=pk
        )
        if not request.user.has_perm("policy.change_guidelineversion"):
            raise PermissionDenied
        if not version.is_concept:
            self.message_user(
                request,
                _("Alleen een concept kan een nieuwe tekst krijgen."),
                messages.ERROR,
            )
            return redirect("admin:policy_guidelineversion_change", version.pk)
        context = {"upload": WordUploadForm()}
        if request.method == "POST" and "confirm" in request.POST:
            done = self._word_replace(request, version)
            if done is not None:
                return done
        elif request.method == "POST":
            upload = WordUploadForm(request.POST, request.FILES)
            context["upload"] = upload
            if upload.is_valid():
                context.update(self._word_preview(version, upload))
        return TemplateResponse(
            request,
            "admin/policy/word_import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "version": version,
                "title": _("Word-bestand inlezen: %(title)s")
                % {"title": version.guideline.title},
                **context,
            },
        )

    def _word_preview(self, version, upload) -> dict:
        text = upload.word.markdown
        anchors = {h.anchor for h in headings(text)}
        return {
            "word": upload.word,
            "preview": mark_safe(render_markdown(text).html),  # sanitised
            "confirm": WordConfirmForm(
                initial={"markdown": text, "base_sha256": content_sha256(version)}
            ),
            "lost_questions": [
                q for q in version.questions.all() if q.principle not in anchors
            ],
            "approval": valid_approval(version),
        }

    def _word_replace(self, request, version):
        confirm = WordConfirmForm(request.POST)
        if not confirm.is_valid():
            self.message_user(
                request, _("Lees het bestand opnieuw in."), messages.ERROR
            )
            return redirect("admin:policy_guidelineversion_word_import", version.pk)
        if confirm.cleaned_data["base_sha256"] != content_sha256(version):
            self.message_user(
                request,
                _(
                    "Het concept is gewijzigd sinds het voorbeeld. Er is niets "
                    "vervangen: lees het bestand opnieuw in."
                ),
                messages.ERROR,
            )
            return redirect("admin:policy_guidelineversion_word_import", version.pk)
        approval = valid_approval(version)
        try:
            concept_text_replace(
                version=version,
                body=confirm.cleaned_data["markdown"],
                user=request.user,
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return None
        self.log_change(request, version, _("Tekst vervangen door een Word-bestand."))
        self.message_user(request, _("De tekst van het concept is vervangen."))
        if approval is not None:
            self.message_user(
                request,
                _("De goedkeuring (%(approval)s) is vervallen door deze wijziging.")
                % {"approval": approval.describe()},
                messages.WARNING,
            )
        return redirect("admin:policy_guidelineversion_change", version.pk)
