from __future__ import annotations

import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts import roles
from audit.services import audit_record
from policy.models import Principle
from reporting.admin_queue import (
    AssignmentFilter,
    OverdueFilter,
    breach_record_mark,
    breach_record_of,
)
from reporting.audit_events import ReportingAction
from reporting.models import (
    KIND_SHORT,
    Kind,
    Signal,
    SignalNote,
    StandardAnswer,
    Status,
)
from reporting.services import (
    signal_answer_and_close,
    signal_mark_possible_breach,
    signal_pick_up,
    signal_plan,
    signal_update,
)


class NoteInline(admin.StackedInline):
    model = SignalNote
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1
    can_delete = False
    verbose_name_plural = gettext_lazy("interne notities (de melder ziet deze niet)")

    # Who may read and add notes: PR's group permissions.
    def has_change_permission(self, request, obj=None) -> bool:
        # A note is added, not rewritten (a superuser's permissions
        # included).
        return False


class SignalAdminForm(forms.ModelForm):
    note = forms.CharField(
        label=gettext_lazy("toelichting bij deze wijziging"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Komt in de geschiedenis; de melder ziet dit niet."),
    )

    question = forms.CharField(
        label=gettext_lazy("Vraag aan de melder"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "De melder krijgt de vraag per e-mail en antwoordt op de eigen "
            "meldingspagina; de status wordt „wacht op melder” en de termijn "
            "staat stil."
        ),
    )

    class Meta:
        model = Signal
        fields = [
            "status",
            "priority",
            "assignee",
            "answer",
            "closing_reason",
            "principles",
        ]
        widgets = {"principles": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "principles" in self.fields:
            self.fields["principles"].queryset = Principle.objects.select_related(
                "guideline"
            )
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = roles.pr_team()

    def clean(self):
        # Check the move against the status table now, so a refused move
        # shows on the form and nothing is saved. Not calling super().clean()
        # leaves out the form's unique and constraint checks: signal_update
        # validates the signal against the row it locks and saves it.
        if self.errors or self.instance.pk is None:
            return self.cleaned_data
        try:
            signal_plan(signal=copy.copy(self.instance), **_triage_fields(self))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    self.add_error(field if field in self.fields else None, error)
        return self.cleaned_data


def _triage_fields(form) -> dict:
    data = form.cleaned_data
    status = data.get("status")
    if (data.get("question") or "").strip() and status == form.initial.get("status"):
        # A question with the status left as it was: asking the reporter is
        # waiting for them (signal_plan moves the status).
        status = None
    return {
        "status": status,
        "priority": data.get("priority"),
        "assignee": data.get("assignee"),
        "answer": data.get("answer"),
        "closing_reason": data.get("closing_reason"),
        "question": data.get("question"),
    }


@admin.register(Signal)
class SignalAdmin(admin.ModelAdmin):
    form = SignalAdminForm
    inlines = [NoteInline]
    list_display = [
        "received",
        "kind_short",
        "title",
        "platform",
        "priority",
        "status_mark",
        "assignee",
        "due",
    ]
    list_display_links = ["title"]
    list_filter = [
        AssignmentFilter,
        "possible_breach",
        "status",
        "kind",
        "platform",
        "priority",
        OverdueFilter,
        ("assignee", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["assignee"]
    search_fields = [
        "title",
        "description",
        "reporter__email",
        "reporter__first_name",
        "reporter__last_name",
    ]
    actions = ["pick_up", "assign_to_me", "start_handling", "mark_possible_breach"]
    readonly_fields = [
        "reporter",
        "kind",
        "title",
        "description_text",
        "link",
        "platform",
        "seen_on",
        "created_at",
        "due_date",
        "attachment_list",
        "history",
        "publish_question",
        "breach_marking",
    ]
    fieldsets = [
        (
            gettext_lazy("Melding"),
            {
                "fields": [
                    "reporter",
                    "created_at",
                    "kind",
                    "platform",
                    "title",
                    "description_text",
                    "link",
                    "seen_on",
                    "attachment_list",
                    "breach_marking",
                ]
            },
        ),
        (
            gettext_lazy("Behandeling"),
            {
                "fields": [
                    "status",
                    "priority",
                    "due_date",
                    "assignee",
                    "answer",
                    "closing_reason",
                    "question",
                    "note",
                    "principles",
                    "publish_question",
                ]
            },
        ),
        (gettext_lazy("Geschiedenis"), {"fields": ["history"]}),
    ]

    class Media:
        css = {"all": ["css/admin-reporting.css"]}
        js = ["js/admin-reporting.js"]

    # Viewing and triage: PR's group permissions (and superusers). Signals
    # come from the form and are never deleted, not even by a superuser,
    # whom has_perm never refuses.
    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        # Not super(): that orders before triage_order() adds the ranks.
        return (
            # The breach record (datalek's, through its one-to-one field) for
            # the status the queue and the change page show.
            Signal.objects.select_related("reporter", "assignee", "breach")
            .with_reply_marks()
            .triage_order()
        )

    def get_ordering(self, request):
        # The ranks come from SignalQuerySet.triage_order().
        return [
            "closed_rank",
            "breach_rank",
            "priority_rank",
            "due_date",
            "-created_at",
        ]

    # The queue's columns: short, so a laptop shows them all on one line.
    @admin.display(description=gettext_lazy("ontvangen"), ordering="created_at")
    def received(self, obj: Signal):
        return date_format(timezone.localtime(obj.created_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=gettext_lazy("soort"), ordering="kind")
    def kind_short(self, obj: Signal, *, link: bool = False):
        """The kind in a word, and below it the mark of a possible breach and
        the status of its record in the datalekregister."""
        label = obj.get_kind_display()
        return format_html(
            '<span class="kind" title="{}">{}</span>{}{}',
            label,
            KIND_SHORT.get(obj.kind, label),
            self.breach_mark(obj),
            breach_record_mark(obj, link=link),
        )

    @admin.display(description=gettext_lazy("soort"), ordering="kind")
    def kind_linked(self, obj: Signal):
        """The kind column for whoever may open the datalekregister: the
        record's status links to the record."""
        return self.kind_short(obj, link=True)

    def get_list_display(self, request):
        if not request.user.has_perm("datalek.view_register"):
            return self.list_display
        return [
            "kind_linked" if name == "kind_short" else name
            for name in self.list_display
        ]

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_mark(self, obj: Signal):
        if not obj.has_new_reply:
            return obj.get_status_display()
        return format_html(
            '<span class="status">{}</span> <span class="reply-mark">{}</span>',
            obj.get_status_display(),
            _("nieuwe reactie"),
        )

    @admin.display(description=gettext_lazy("uiterlijk"), ordering="due_date")
    def due(self, obj: Signal):
        return date_format(obj.due_date, "SHORT_DATE_FORMAT")

    # Read-only presentation: reporter content is always shown as text.
    @admin.display(description=gettext_lazy("toelichting"))
    def description_text(self, obj: Signal):
        return format_html('<div class="signal-text">{}</div>', obj.description)

    @admin.display(description=gettext_lazy("datalek"), ordering="possible_breach")
    def breach_mark(self, obj: Signal):
        if not obj.possible_breach:
            return ""
        return format_html('<span class="breach-mark">{}</span>', _("mogelijk datalek"))

    @admin.display(description=gettext_lazy("mogelijk datalek"))
    def breach_marking(self, obj: Signal):
        if not obj.possible_breach:
            return _("nee")
        return _("ja, gemarkeerd door %(who)s op %(when)s") % {
            "who": obj.breach_marked_by or "–",
            "when": date_format(
                timezone.localtime(obj.breach_marked_at), "SHORT_DATETIME_FORMAT"
            ),
        }

    @admin.display(description=gettext_lazy("link"))
    def link(self, obj: Signal):
        if not obj.url:
            return "–"
        return format_html(
            '<a href="{}" rel="noopener noreferrer nofollow">{}</a>', obj.url, obj.url
        )

    @admin.display(description=gettext_lazy("bijlagen"))
    def attachment_list(self, obj: Signal):
        attachments = list(obj.attachments.all())
        if not attachments:
            return "–"
        return format_html_join(
            "",
            '<a class="signal-attachment" href="{}">{}</a>',
            (
                (
                    a.get_absolute_url(),
                    format_html(
                        '<img src="{}" alt="{}" class="signal-thumb">',
                        a.get_absolute_url(),
                        a.original_name,
                    )
                    if a.is_image
                    else format_html("{} (PDF)", a.original_name),
                )
                for a in attachments
            ),
        )

    @admin.display(description=gettext_lazy("voor iedereen"))
    def publish_question(self, obj: Signal):
        if obj.kind != Kind.QUESTION or obj.status != Status.HANDLED:
            return _("Een beantwoorde vraag kan geanonimiseerd op /vragen/ komen.")
        url = reverse("admin:guidance_publishedquestion_add")
        return format_html(
            '<a href="{}?signal={}" id="publish-question">{}</a>',
            url,
            obj.pk,
            _("Publiceer als vraag voor iedereen (in eigen woorden, geanonimiseerd)"),
        )

    @admin.display(description=gettext_lazy("geschiedenis"))
    def history(self, obj: Signal):
        return render_to_string(
            "admin/reporting/signal/history.html",
            {"events": obj.events.select_related("actor")},
        )

    def changelist_view(self, request, extra_context=None):
        counts = Signal.objects.counts()
        extra_context = {
            **(extra_context or {}),
            "status_counts": [(s.label, counts[s.value]) for s in Status],
            "overdue_count": counts["overdue"],
        }
        return super().changelist_view(request, extra_context=extra_context)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # Opening a signal shows the reporter's text and files: record each
        # opening (not the form shown again after a refused change).
        if obj is not None and request.method == "GET":
            audit_record(
                action=ReportingAction.SIGNAL_VIEWED, obj=obj, on_behalf_of=obj.reporter
            )
        if obj is not None and (obj.possible_breach or breach_record_of(obj)):
            context["breach_link"] = request.user.has_perm("datalek.view_register")
        if obj is not None:
            # The record stays the privacy officer's: PR reads that it exists
            # and its status, only whoever may open it gets the link.
            context["breach_record"] = breach_record_of(obj)
        if obj is not None:
            context["can_ask"] = obj.is_waiting or obj.can_move_to(
                Status.AWAITING_REPORTER
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_form(self, request, form, change):
        # The model is saved by the service in save_model, never by the form.
        return form.instance

    def save_model(self, request, obj, form, change):
        form.instance = signal_update(
            signal=obj,
            actor=request.user,
            note=form.cleaned_data.get("note") or "",
            **_triage_fields(form),
        )

    def save_related(self, request, form, formsets, change):
        # The form is never saved (see save_form): its one many-to-many field,
        # the principles, is set here.
        if "principles" in form.changed_data:
            form.instance.principles.set(form.cleaned_data["principles"])
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        for note in formset.save(commit=False):
            note.author = request.user
            note.save()

    @admin.action(description=gettext_lazy("Aan mij toewijzen"))
    def assign_to_me(self, request, queryset):
        for signal in queryset:
            signal_update(signal=signal, actor=request.user, assignee=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d melding aan jou toegewezen.",
                "%(count)d meldingen aan jou toegewezen.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=gettext_lazy("In behandeling nemen"))
    def start_handling(self, request, queryset):
        moved, refused = 0, []
        for signal in queryset:
            try:
                signal_update(
                    signal=signal, actor=request.user, status=Status.IN_PROGRESS
                )
                moved += 1
            except ValidationError as exc:
                refused.append(f"#{signal.pk}: {' '.join(exc.messages)}")
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d melding in behandeling.",
                    "%(count)d meldingen in behandeling.",
                    moved,
                )
                % {"count": moved},
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description=gettext_lazy("Markeren als mogelijk datalek"))
    def mark_possible_breach(self, request, queryset):
        marked, already = 0, []
        for signal in queryset:
            if signal_mark_possible_breach(signal=signal, actor=request.user):
                marked += 1
            else:
                already.append(f"#{signal.pk}")
        if marked:
            self.message_user(
                request,
                _(
                    "%(count)d melding(en) gemarkeerd als mogelijk datalek; de "
                    "privacyfunctionaris is gewaarschuwd."
                )
                % {"count": marked},
            )
        if already:
            self.message_user(
                request,
                _("Al gemarkeerd als mogelijk datalek, er is niets veranderd: %(ids)s")
                % {"ids": ", ".join(already)},
                messages.WARNING,
            )

    @admin.action(description=gettext_lazy("Oppakken (aan mij toewijzen en starten)"))
    def pick_up(self, request, queryset):
        picked, refused = 0, []
        for signal in queryset:
            try:
                signal_pick_up(signal=signal, actor=request.user)
                picked += 1
            except ValidationError as exc:
                refused.append(f"#{signal.pk}: {' '.join(exc.messages)}")
        if picked:
            self.message_user(
                request,
                ngettext(
                    "%(count)d melding opgepakt: aan jou toegewezen en in behandeling.",
                    "%(count)d meldingen opgepakt: aan jou toegewezen en in "
                    "behandeling.",
                    picked,
                )
                % {"count": picked},
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    # "Beantwoorden en afsluiten": one page with the answer and the standard
    # answers to start from.
    def get_urls(self):
        return [
            path(
                "<path:object_id>/beantwoorden/",
                self.admin_site.admin_view(self.answer_view),
                name="reporting_signal_answer",
            ),
            *super().get_urls(),
        ]

    def answer_view(self, request, object_id):
        signal = self.get_object(request, object_id)
        if signal is None or not self.has_change_permission(request, signal):
            raise PermissionDenied
        form = AnswerForm(request.POST or None, initial={"answer": signal.answer})
        if request.method == "POST" and form.is_valid():
            try:
                signal_answer_and_close(
                    signal=signal,
                    actor=request.user,
                    answer=form.cleaned_data["answer"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(
                    request,
                    _("Melding #%(pk)s beantwoord en afgesloten.") % {"pk": signal.pk},
                )
                return redirect("admin:reporting_signal_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Beantwoorden en afsluiten"),
            "opts": self.opts,
            "original": signal,
            "form": form,
            "standard_answers": StandardAnswer.objects.filter(active=True),
            "conversation": signal.events.conversation().select_related("actor"),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/reporting/signal/answer.html", context)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("antwoord aan de melder"),
        widget=forms.Textarea(attrs={"rows": 8, "id": "id_answer"}),
        help_text=gettext_lazy(
            "De melder ziet dit antwoord en krijgt er een e-mail van."
        ),
    )


@admin.register(StandardAnswer)
class StandardAnswerAdmin(admin.ModelAdmin):
    list_display = ["title", "active"]
    list_filter = ["active"]
    search_fields = ["title", "text"]
