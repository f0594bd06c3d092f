from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_mixins import ReadOnlyAdminMixin, SuperuserOnlyAdminMixin
from policy.admin_mixins import ComplianceChangesAdminMixin
from policy.forms import PublishForm
from policy.models import (
    ExportLog,
    Guideline,
    GuidelineVersion,
    Signature,
    VersionStatus,
)
from policy.rendering import render_markdown
from policy.services import guideline_withdraw, version_create_draft, version_publish


class VersionInline(admin.TabularInline):
    model = GuidelineVersion
    fields = ["version_link", "status", "effective_date", "is_minor", "published_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    ordering = ["-number", "-created_at"]

    @admin.display(description=gettext_lazy("versie"))
    def version_link(self, obj: GuidelineVersion) -> str:
        url = reverse("admin:policy_guidelineversion_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        # New versions start from the version in force: "Nieuw concept".
        return False


@admin.register(Guideline)
class GuidelineAdmin(ComplianceChangesAdminMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "in_force_number"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "audience_all", "departments"]
    autocomplete_fields = ["departments"]
    inlines = [VersionInline]

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

    def get_readonly_fields(self, request, obj=None):
        # The slug is part of every link staff were sent; it stays once set.
        return ["slug"] if obj else []

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
        draft = version_create_draft(guideline=guideline, user=request.user)
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


@admin.register(GuidelineVersion)
class GuidelineVersionAdmin(admin.ModelAdmin):
    list_display = [
        "guideline",
        "number",
        "status",
        "effective_date",
        "is_minor",
        "published_at",
    ]
    list_filter = ["status", "is_minor", "guideline"]
    list_select_related = ["guideline"]
    search_fields = ["guideline__title", "change_summary"]
    ordering = ["guideline__title", "-number", "-created_at"]
    date_hierarchy = "effective_date"

    def view_on_site(self, obj: GuidelineVersion) -> str | None:
        return None if obj.is_concept else obj.get_absolute_url()

    def get_fields(self, request, obj=None):
        if obj is None or obj.is_concept:
            return ["guideline", "body", "preview"]
        return [
            "guideline",
            "number",
            "status",
            "effective_date",
            "signing_deadline",
            "is_minor",
            "change_summary",
            "published_at",
            "published_by",
            "body_sha256",
            "preview",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["preview"]
        if obj.is_concept:
            return ["guideline", "preview"]
        return self.get_fields(request, obj)

    @admin.display(description=gettext_lazy("voorbeeld"))
    def preview(self, obj: GuidelineVersion) -> str:
        if obj is None or obj.pk is None:
            return _("Sla het concept op om het voorbeeld te zien.")
        html = obj.body_html if not obj.is_concept else render_markdown(obj.body).html
        # Sanitised by render_markdown (at publication for published versions).
        return mark_safe(f'<div class="admin-preview document">{html}</div>')  # noqa: S308

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and not obj.is_concept:
            return False
        return super().has_delete_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and not obj.is_concept:
            # Visible, but read-only: published text is evidence.
            return False
        return super().has_change_permission(request, obj)

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
            GuidelineVersion.objects.select_related("guideline"), pk=pk
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
            else:
                self.message_user(
                    request,
                    _("Versie %(number)d is gepubliceerd, geldig vanaf %(date)s.")
                    % {
                        "number": version.number,
                        "date": version.effective_date.strftime("%d-%m-%Y"),
                    },
                )
                return redirect("admin:policy_guideline_change", version.guideline_id)
        in_force = version.guideline.version_in_force()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "version": version,
            "in_force": in_force,
            "form": form,
            "preview": mark_safe(render_markdown(version.body).html),  # noqa: S308
            "title": _("%(title)s publiceren") % {"title": version.guideline.title},
        }
        return TemplateResponse(request, "admin/policy/publish.html", context)


@admin.register(ExportLog)
class ExportLogAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "version", "scope"]
    list_filter = ["kind"]
    list_select_related = ["user", "version__guideline"]
    date_hierarchy = "created_at"


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "version", "signed_at", "text_sha256"]
    list_filter = ["version__guideline"]
    list_select_related = ["user", "version__guideline"]
    search_fields = ["user__email", "user__last_name"]
    date_hierarchy = "signed_at"
