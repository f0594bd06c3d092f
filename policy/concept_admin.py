"""The concept's extra admin pages: asking for approval (four eyes) and
reading in a Word file. Mixed into `GuidelineVersionAdmin`."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from core.admin_mixins import ReadOnlyAdminMixin
from policy.approval import (
    ReviewDecision,
    approval_problem,
    concept_authors,
    content_sha256,
    newest_decision,
    valid_approval,
)
from policy.models import GuidelineVersion
from policy.services import review_request
from policy.word_admin import WordImportMixin


class ReviewRequestForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=gettext_lazy("Beoordelaar"),
        queryset=roles.reviewers(),
        required=False,
        help_text=gettext_lazy("Kies een persoon, of laat leeg en kies een groep."),
    )
    group = forms.ModelChoiceField(
        label=gettext_lazy("of een groep"),
        queryset=Group.objects.filter(name__in=roles.REVIEWER_GROUPS).order_by("name"),
        required=False,
        help_text=gettext_lazy(
            "Iedereen van de groep kan het dan beoordelen. Niets gekozen: de "
            "groep Kwaliteit."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, version: GuidelineVersion | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            # Nobody who wrote the concept is offered as its reviewer.
            self.fields["reviewer"].queryset = roles.reviewers().exclude(
                pk__in=concept_authors(version)
            )
        self.fields["group"].label_from_instance = lambda g: roles.ROLE_LABELS.get(
            g.name, g.name
        )
        self.fields["group"].initial = self._quality_group()

    @staticmethod
    def _quality_group():
        return Group.objects.filter(name=roles.KWALITEIT).first()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("reviewer") and not cleaned.get("group"):
            # The quality officer approves unless Beleid chose otherwise.
            cleaned["group"] = self._quality_group()
            if cleaned["group"] is None:
                raise ValidationError(_("Kies een beoordelaar of een groep."))
        return cleaned


class ConceptAdminMixin(WordImportMixin):
    """Four eyes on the concept's change page: its approval state and the
    `#review-request-form`; a save that voids an approval says so."""

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/beoordeling-vragen/",
                self.admin_site.admin_view(self.review_request_view),
                name="policy_guidelineversion_review_request",
            ),
        ]
        return urls + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        version = (
            GuidelineVersion.objects.filter(pk=object_id).first()
            if str(object_id).isdigit()
            else None
        )
        extra = dict(extra_context or {})
        if version is not None and version.is_concept:
            extra.update(approval_context(version))
            extra["review_form"] = ReviewRequestForm(version=version)
        return super().change_view(request, object_id, form_url, extra)

    def review_request_view(self, request, pk: int):
        version = get_object_or_404(
            GuidelineVersion.objects.select_related("guideline"), pk=pk
        )
        if request.method != "POST" or not request.user.has_perm(
            "policy.change_guidelineversion"
        ):
            raise PermissionDenied
        form = ReviewRequestForm(request.POST, version=version)
        if not form.is_valid():
            for error in form.errors.values():
                self.message_user(request, " ".join(error), messages.ERROR)
            return redirect("admin:policy_guidelineversion_change", version.pk)
        try:
            made = review_request(
                version=version,
                user=request.user,
                reviewer=form.cleaned_data["reviewer"],
                group=form.cleaned_data["group"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                _("Beoordeling gevraagd aan %(who)s.") % {"who": made.reviewer_label},
            )
        return redirect("admin:policy_guidelineversion_change", version.pk)

    def save_model(self, request, obj, form, change):
        if change:
            stored = GuidelineVersion.objects.filter(pk=obj.pk).first()
            request._approval_before = stored and valid_approval(stored)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(request, "_approval_before", None)
        if before is not None and valid_approval(form.instance) is None:
            self.message_user(
                request,
                _(
                    "De goedkeuring (%(approval)s) is vervallen door deze "
                    "wijziging. Vraag opnieuw een beoordeling aan voordat je "
                    "publiceert."
                )
                % {"approval": before.describe()},
                messages.WARNING,
            )


def approval_context(version: GuidelineVersion) -> dict:
    """What the concept's pages say about its approval."""
    sha256 = content_sha256(version)
    return {
        "approval": valid_approval(version, sha256),
        "approval_problem": approval_problem(version, sha256),
        "newest_decision": newest_decision(version),
        "open_review": version.review_requests.open()
        .select_related("reviewer", "reviewer_group", "requested_by")
        .first(),
    }


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Approvals and returns are evidence: shown, never changed."""

    list_display = ["decided_at", "version", "decision", "decided_by", "content_sha256"]
    list_filter = ["decision", "version__guideline"]
    list_select_related = ["version__guideline", "decided_by"]
    search_fields = ["version__guideline__title", "decided_by__email", "comment"]
    date_hierarchy = "decided_at"
