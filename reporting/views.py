from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from audit.services import audit_record
from reporting.audit_events import ReportingAction
from reporting.forms import ReplyForm, SignalForm
from reporting.models import Attachment, Signal
from reporting.services import signal_reply
from reporting.storage import attachments_discard, attachments_hold
from reporting.submission import signal_submit

PRINCIPLE_6 = gettext_lazy(
    "Geef nooit informatie over cliënten of medewerkers. Vermeld nooit namen "
    "van cliënten. Vermeld alleen een naam van een medewerker als hij of zij "
    "dat goed vindt."
)


@require_http_methods(["GET", "POST"])
def signal_create(request):
    if request.method == "POST":
        form = SignalForm(request.POST, request.FILES, user=request.user)
        valid = form.is_valid()
        attachments_discard(
            uploaded_by=request.user, keys=form.cleaned_data.get("remove_pending")
        )
        if valid:
            data = form.cleaned_data
            signal = signal_submit(
                reporter=request.user,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                url=data["url"],
                platform=data["platform"],
                seen_on=data["seen_on"],
                files=form.checked_files,
                pending=data["pending"],
                submission_key=data["submission_key"],
                possible_breach=data["possible_breach"],
            )
            messages.success(request, _thanks(signal))
            return redirect(signal)
        # Browsers cannot send a file twice: keep what passed the checks, so
        # the reporter need not choose the files again after a correction.
        pending = attachments_hold(
            uploaded_by=request.user,
            kept=list(form.cleaned_data.get("pending") or []),
            checked=form.checked_files if "attachments" not in form.errors else [],
        )
    else:
        form = SignalForm(user=request.user)
        pending = []
    return render(
        request,
        "reporting/signal_form.html",
        {
            "form": form,
            "pending": pending,
            "pending_keys": ",".join(str(a.key) for a in pending),
            "principle_6": PRINCIPLE_6,
        },
    )


def _thanks(signal: Signal) -> str:
    if signal.possible_breach:
        return _(
            "Dank je wel dat je het meldt. PR en communicatie en de "
            "privacyfunctionaris hebben je melding ontvangen."
        )
    return _(
        "Dank je wel. PR en communicatie heeft je melding ontvangen "
        "en antwoordt uiterlijk %(date)s."
    ) % {"date": date_format(signal.due_date, "DATE_FORMAT")}


@require_GET
def signal_list(request):
    signals = Signal.objects.of(request.user).order_by("-created_at")
    page = Paginator(signals, 25).get_page(request.GET.get("pagina"))
    return render(request, "reporting/signal_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def signal_detail(request, pk: int):
    # Only the reporter sees a signal here; PR works in the admin.
    signal = get_object_or_404(
        Signal.objects.select_related("assignee"), pk=pk, reporter=request.user
    )
    can_reply = not signal.is_closed or signal.can_react
    form = None
    if can_reply:
        form = ReplyForm(request.POST or None, signal=signal)
    if request.method == "POST":
        if form is not None and form.is_valid():
            try:
                signal_reply(
                    signal=signal,
                    reporter=request.user,
                    text=form.cleaned_data["text"],
                    reopen=form.cleaned_data.get("reopen", False),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("Je reactie is naar PR en communicatie gestuurd.")
                )
                return redirect(signal)
        elif form is None:
            messages.error(
                request,
                _("Op deze melding kun je niet meer reageren; doe een nieuwe melding."),
            )
            return redirect(signal)
    return render(
        request,
        "reporting/signal_detail.html",
        {
            "signal": signal,
            "events": signal.events.filter(public=True).select_related("actor"),
            "attachments": signal.attachments.all(),
            "reply_form": form,
            # PR may cite a principle the reporter may not read (a partner
            # in zorg asking about a staff richtlijn): only readable links.
            "principles": signal.principles.visible_to(request.user).select_related(
                "guideline"
            ),
        },
    )


@require_GET
def attachment_download(request, key):
    attachment = get_object_or_404(
        Attachment.objects.select_related("signal__reporter"), key=key
    )
    owner = (
        attachment.signal.reporter_id
        if attachment.signal_id
        else attachment.uploaded_by_id
    )
    if owner != request.user.pk and not (
        attachment.signal_id
        and (
            request.user.has_perm("reporting.triage_signals")
            or (
                attachment.signal.possible_breach
                and request.user.has_perm("reporting.view_breach_attachments")
            )
        )
    ):
        raise Http404
    if owner != request.user.pk:
        audit_record(
            action=ReportingAction.ATTACHMENT_VIEWED,
            obj=attachment,
            on_behalf_of=attachment.signal.reporter,
            details={"signal": attachment.signal_id},
        )
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
