from __future__ import annotations

from datetime import timedelta
from http import HTTPStatus

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_mixins import ReadOnlyAdminMixin
from policy.concept_admin import ConceptAdminMixin, approval_context
from policy.forms import JobTitleFormSet, PublishForm
from policy.handbook import links_broken_by
from policy.handbook_admin import GuidelineForm
from policy.models import (
    Guideline,
    GuidelineJobTitle,
    GuidelineVersion,
    ScenarioQuestion,
    Signature,
    VersionStatus,
    local_today,
)
from policy.publishing import concept_redline, publish_effect
from policy.rendering import headings, render_markdown
from policy.services import (
    DEFAULT_SIGNING_DAYS,
    guideline_withdraw,
    version_create_draft,
    version_publish,
)


class JobTitleInline(admin.TabularInline):
    """The job titles a richtlijn is for: part of its audience, so whoever
    may change the richtlijn may change them."""

    model = GuidelineJobTitle
    formset = JobTitleFormSet
    extra = 0
    verbose_name = gettext_lazy("functie")
    verbose_name_plural = gettext_lazy(
        "alleen voor deze functies (leeg: voor elke functie)"
    )

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("policy.view_guideline")

    def has_add_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("policy.change_guideline")

    has_change_permission = has_delete_permission = has_add_permission


class VersionInline(admin.TabularInline):
    model = GuidelineVersion
    fields = [
        "version_link",
        "state",
        "effective_date",
        "kind",
        "change_summary",
        "published_at",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    ordering = ["-number", "-created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).without_text().with_in_force()

    def view_on_site(self, obj: GuidelineVersion) -> str | None:
        # A concept has no page on the portal yet.
        return None if obj.is_concept else obj.get_absolute_url()

    @admin.display(description=gettext_lazy("versie"))
    def version_link(self, obj: GuidelineVersion) -> str:
        url = reverse("admin:policy_guidelineversion_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj)

    @admin.display(description=gettext_lazy("status"))
    def state(self, obj: GuidelineVersion) -> str:
        return version_state(obj)

    @admin.display(description=gettext_lazy("soort wijziging"))
    def kind(self, obj: GuidelineVersion) -> str:
        return version_kind(obj)

    def has_add_permission(self, request, obj=None) -> bool:
        # New versions start from the version in force: "Nieuw concept".
        return False


def version_state(version: GuidelineVersion) -> str:
    """The status in the words an editor uses: in force, replaced, ...
    Needs `with_in_force()`."""
    if version.is_concept:
        return _("concept")
    if version.status == VersionStatus.WITHDRAWN:
        return _("ingetrokken")
    if version.is_in_force:
        return _("geldt nu")
    if version.effective_date and version.effective_date > local_today():
        return _("geldt vanaf %(date)s") % {
            "date": date_format(version.effective_date, "SHORT_DATE_FORMAT")
        }
    return _("vervangen")


def version_kind(version: GuidelineVersion) -> str:
    if version.is_concept:
        return "–"
    return _("klein") if version.is_minor else _("inhoudelijk")


class ReviewFilter(admin.SimpleListFilter):
    title = gettext_lazy("herzien")
    parameter_name = "herzien"

    def lookups(self, request, model_admin):
        return [
            ("te-laat", gettext_lazy("te laat")),
            ("binnen-30-dagen", gettext_lazy("binnen 30 dagen")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "te-laat":
            return queryset.review_overdue()
        if self.value() == "binnen-30-dagen":
            return queryset.review_soon()
        return queryset


@admin.register(Guideline)
class GuidelineAdmin(admin.ModelAdmin):
    form = GuidelineForm
    list_display = [
        "title",
        "code",
        "chapter",
        "slug",
        "in_force_number",
        "owner",
        "review_due_cell",
    ]
    list_filter = [ReviewFilter, "chapter", "owner"]
    list_select_related = ["owner", "chapter"]
    search_fields = ["title", "slug", "code"]
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        "title",
        "slug",
        "chapter",
        "code",
        "related",
        "audience_all",
        "departments",
        "audience_partners",
        "resign_interval_months",
        "owner",
        "review_interval_months",
        "review_due",
    ]
    autocomplete_fields = ["departments", "related"]
    inlines = [JobTitleInline, VersionInline]

    class Media:
        css = {"all": ["css/admin-editor.css"]}

    def get_queryset(self, request):
        in_force = GuidelineVersion.objects.in_force().filter(guideline=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(in_force_number=Subquery(in_force.values("number")[:1]))
        )

    @admin.display(description=gettext_lazy("geldende versie"))
    def in_force_number(self, obj: Guideline):
        return obj.in_force_number or "–"

    @admin.display(description=gettext_lazy("herzien vóór"), ordering="review_due")
    def review_due_cell(self, obj: Guideline) -> str:
        if obj.review_due is None:
            return "–"
        due = date_format(obj.review_due, "SHORT_DATE_FORMAT")
        if obj.review_due < local_today():
            return format_html(
                '<strong class="review-late">{} ({})</strong>', due, _("te laat")
            )
        return due

    def change_view(self, request, object_id, form_url="", extra_context=None):
        concept = (
            GuidelineVersion.objects.filter(
                guideline_id=object_id, status=VersionStatus.CONCEPT
            )
            .without_text()
            .select_related("created_by")
            .first()
            if str(object_id).isdigit()
            else None
        )
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "concept": concept}
        )

    def get_readonly_fields(self, request, obj=None):
        # The slug is part of every link staff were sent; it stays once set.
        return ["slug", "review_due"] if obj else ["review_due"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "review_interval_months" in form.changed_data:
            obj.review_reset()

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else self.prepopulated_fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/nieuw-concept/",
                self.admin_site.admin_view(self.new_draft_view),
                name="policy_guideline_new_draft",
            ),
            path(
                "<int:pk>/intrekken/",
                self.admin_site.admin_view(self.withdraw_view),
                name="policy_guideline_withdraw",
            ),
        ]
        return urls + super().get_urls()

    def new_draft_view(self, request, pk: int):
        guideline = get_object_or_404(Guideline, pk=pk)
        if request.method != "POST" or not request.user.has_perm(
            "policy.add_guidelineversion"
        ):
            raise PermissionDenied
        existed = guideline.versions.filter(status=VersionStatus.CONCEPT).exists()
        draft = version_create_draft(guideline=guideline, user=request.user)
        if existed:
            self.message_user(
                request, _("Deze richtlijn heeft al een concept; dit is het.")
            )
        else:
            self.message_user(
                request, _("Nieuw concept aangemaakt op basis van de laatste versie.")
            )
        return redirect("admin:policy_guidelineversion_change", draft.pk)

    def withdraw_view(self, request, pk: int):
        guideline = get_object_or_404(Guideline, pk=pk)
        if not request.user.has_perm("policy.publish_guidelineversion"):
            raise PermissionDenied
        if request.method == "POST":
            count = guideline_withdraw(guideline=guideline, user=request.user)
            self.message_user(
                request,
                _("%(title)s is ingetrokken (%(count)d versies).")
                % {"title": guideline.title, "count": count},
                messages.WARNING,
            )
            return redirect("admin:policy_guideline_change", guideline.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "guideline": guideline,
            "title": _("%(title)s intrekken") % {"title": guideline.title},
        }
        return TemplateResponse(request, "admin/policy/withdraw.html", context)


class ConceptForm(forms.ModelForm):
    class Meta:
        model = GuidelineVersion
        fields = ["guideline", "body"]

    def clean(self):
        cleaned = super().clean()
        guideline = cleaned.get("guideline")
        if self.instance.pk is None and guideline is not None:
            # The database allows one concept per richtlijn; say so kindly.
            if guideline.versions.filter(status=VersionStatus.CONCEPT).exists():
                raise ValidationError(
                    _(
                        "%(title)s heeft al een concept. Open dat via de richtlijn "
                        "en werk het bij."
                    )
                    % {"title": guideline.title}
                )
        return cleaned


class ScenarioQuestionInline(admin.StackedInline):
    """Questions are written with the concept; the principle is one of the
    concept's own headings."""

    model = ScenarioQuestion
    fields = [
        "position",
        "situation",
        "option_1",
        "option_2",
        "option_3",
        "option_4",
        "correct",
        "explanation",
        "principle",
    ]
    extra = 0
    verbose_name_plural = gettext_lazy(
        "scenariovragen (twee tot vier antwoorden, één goed; voor het tekenen)"
    )

    def get_formset(self, request, obj=None, **kwargs):
        choices = [("", "---------")]
        if obj is not None:
            choices += [
                (h.anchor, f"{'– ' if h.level > 2 else ''}{h.title}")
                for h in headings(obj.body)
            ]
            known = {anchor for anchor, _label in choices}
            choices += [
                (anchor, _("%(anchor)s (kop bestaat niet meer)") % {"anchor": anchor})
                for anchor in obj.questions.values_list("principle", flat=True)
                if anchor not in known
            ]
        kwargs["widgets"] = {
            "principle": forms.Select(choices=choices),
            "situation": forms.Textarea(attrs={"rows": 3}),
            "explanation": forms.Textarea(attrs={"rows": 3}),
        }
        return super().get_formset(request, obj, **kwargs)


@admin.register(GuidelineVersion)
class GuidelineVersionAdmin(ConceptAdminMixin, admin.ModelAdmin):
    form = ConceptForm
    inlines = [ScenarioQuestionInline]
    list_display = [
        "guideline",
        "number",
        "state",
        "effective_date",
        "kind",
        "published_at",
    ]
    list_filter = ["status", "is_minor", "guideline"]
    list_select_related = ["guideline"]
    search_fields = ["guideline__title", "change_summary"]
    ordering = ["guideline__title", "-number", "-created_at"]
    date_hierarchy = "effective_date"

    class Media:
        css = {"all": ["css/admin-editor.css"]}
        js = ["js/admin-editor.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_in_force()

    @admin.display(description=gettext_lazy("status"))
    def state(self, obj: GuidelineVersion) -> str:
        return version_state(obj)

    @admin.display(description=gettext_lazy("soort wijziging"))
    def kind(self, obj: GuidelineVersion) -> str:
        return version_kind(obj)

    def view_on_site(self, obj: GuidelineVersion) -> str | None:
        return None if obj.is_concept else obj.get_absolute_url()

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["guideline", "body"]
        if obj.is_concept:
            return ["guideline", "started", "body", "preview"]
        return [
            "guideline",
            "number",
            "state",
            "effective_date",
            "signing_deadline",
            "kind",
            "change_summary",
            "published_at",
            "published_by",
            "body_sha256",
            "preview",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.is_concept:
            return ["guideline", "started", "preview"]
        return self.get_fields(request, obj)

    @admin.display(description=gettext_lazy("gestart"))
    def started(self, obj: GuidelineVersion) -> str:
        return started_text(obj)

    @admin.display(description=gettext_lazy("voorbeeld"))
    def preview(self, obj: GuidelineVersion) -> str:
        html = obj.body_html if not obj.is_concept else render_markdown(obj.body).html
        # Sanitised by render_markdown (at publication for published versions).
        return mark_safe(f'<div class="admin-preview document">{html}</div>')

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and not obj.is_concept:
            return False
        return super().has_delete_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and not obj.is_concept:
            # Visible, but read-only: published text is evidence.
            return False
        return super().has_change_permission(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id and str(object_id).isdigit():
            stored = (
                GuidelineVersion.objects.filter(pk=object_id)
                .select_related("guideline", "published_by")
                .first()
            )
            if (
                stored is not None
                and not stored.is_concept
                and self.has_view_permission(request, stored)
            ):
                return self._published_meanwhile(request, stored)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _published_meanwhile(self, request, version: GuidelineVersion):
        """Another editor published this concept while it was open here: keep
        what was typed, and say where it can go."""
        concept = version.guideline.versions.filter(
            status=VersionStatus.CONCEPT
        ).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "version": version,
            "concept": concept,
            "typed": request.POST.get("body", ""),
            "published_by": person_name(version.published_by),
            "title": _("Dit concept is intussen gepubliceerd"),
        }
        return TemplateResponse(
            request,
            "admin/policy/published_meanwhile.html",
            context,
            status=HTTPStatus.CONFLICT,
        )

    def response_change(self, request, obj):
        if "_publish" in request.POST and obj.is_concept:
            return redirect("admin:policy_guidelineversion_publish", obj.pk)
        return super().response_change(request, obj)

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/publiceren/",
                self.admin_site.admin_view(self.publish_view),
                name="policy_guidelineversion_publish",
            ),
        ]
        return urls + super().get_urls()

    def publish_view(self, request, pk: int):
        version = get_object_or_404(
            GuidelineVersion.objects.select_related("guideline", "created_by"), pk=pk
        )
        if not request.user.has_perm("policy.publish_guidelineversion"):
            raise PermissionDenied
        if version.status != VersionStatus.CONCEPT:
            self.message_user(
                request, _("Deze versie is al gepubliceerd."), messages.ERROR
            )
            return redirect("admin:policy_guidelineversion_change", version.pk)
        form = PublishForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                version = version_publish(
                    version=version, user=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    target = field if field in form.fields else None
                    for error in errors:
                        form.add_error(target, error)
                version.refresh_from_db()
                if not version.is_concept:
                    # Another editor published it a moment ago.
                    self.message_user(
                        request,
                        _("Dit concept is intussen gepubliceerd als versie %(n)d.")
                        % {"n": version.number},
                        messages.WARNING,
                    )
                    return redirect(
                        "admin:policy_guideline_change", version.guideline_id
                    )
            else:
                self.message_user(
                    request,
                    _("Versie %(number)d is gepubliceerd, geldig vanaf %(date)s.")
                    % {
                        "number": version.number,
                        "date": date_format(
                            version.effective_date, "SHORT_DATE_FORMAT"
                        ),
                    },
                )
                return redirect("admin:policy_guideline_change", version.guideline_id)
        in_force = version.guideline.version_in_force()
        preview_html = render_markdown(version.body).html
        start = local_today()
        if form.is_bound and form.is_valid():
            start = form.cleaned_data["effective_date"] or start
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "version": version,
            "in_force": in_force,
            "form": form,
            "effect": publish_effect(version.guideline, in_force),
            "default_deadline": start + timedelta(days=DEFAULT_SIGNING_DAYS),
            "redline": concept_redline(version, in_force) if in_force else None,
            "preview": mark_safe(preview_html),
            "broken_incoming": links_broken_by(version, preview_html),
            "title": _("%(title)s publiceren") % {"title": version.guideline.title},
            **approval_context(version),
        }
        return TemplateResponse(request, "admin/policy/publish.html", context)


def started_text(version: GuidelineVersion) -> str:
    """ "Gestart door Bo Bakker op 1 december 2026, 21:30" for a concept."""
    when = date_format(timezone.localtime(version.created_at), "DATETIME_FORMAT")
    if version.created_by is None:
        return _("op %(when)s") % {"when": when}
    return _("door %(who)s op %(when)s") % {
        "who": person_name(version.created_by),
        "when": when,
    }


def person_name(user) -> str:
    if user is None:
        return _("onbekend")
    return user.get_full_name() or user.email


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "version", "signed_at", "text_sha256"]
    list_filter = ["version__guideline"]
    list_select_related = ["user", "version__guideline"]
    search_fields = ["user__email", "user__last_name"]
    date_hierarchy = "signed_at"
