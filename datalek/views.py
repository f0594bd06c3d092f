"""The datalekregister: the privacy officer and superusers only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import Action
from audit.services import audit_record
from core.spreadsheet import csv_response, xlsx_response
from datalek import exports
from datalek.audit_events import DatalekAction
from datalek.forms import BreachForm
from datalek.models import Breach
from datalek.services import breach_update

# The privacy officer and superusers (datalek/rules.py).
privacy_officer_required = permission_required(
    "datalek.view_register", raise_exception=True
)


@require_GET
@privacy_officer_required
def breach_list(request):
    breaches = Breach.objects.register_order().select_related("signal")
    page = Paginator(breaches, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "datalek/breach_list.html",
        {"page": page, "open_count": Breach.objects.open().count()},
    )


@require_http_methods(["GET", "POST"])
@privacy_officer_required
def breach_detail(request, pk: int):
    breach = get_object_or_404(
        Breach.objects.select_related("opened_by", "signal__reporter"), pk=pk
    )
    signal = breach.signal
    if request.method == "POST":
        # Validate against a copy: the page keeps showing what is stored.
        form = BreachForm(request.POST, instance=Breach.objects.get(pk=pk))
        if form.is_valid():
            try:
                breach_update(
                    breach=breach,
                    actor=request.user,
                    data=form.changes(),
                    reason=form.cleaned_data["change_reason"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Het datalek is bijgewerkt."))
                return redirect(breach)
    else:
        form = BreachForm(instance=breach)
        audit_record(
            action=DatalekAction.BREACH_VIEWED,
            obj=breach,
            on_behalf_of=signal.reporter if signal else None,
        )
    changes = list(breach.changes.select_related("changed_by"))
    return render(
        request,
        "datalek/breach_detail.html",
        {
            "breach": breach,
            "signal": signal,
            "attachments": signal.attachments.all() if signal else [],
            "form": form,
            "changes": changes,
            "decided": next(
                (c for c in reversed(changes) if c.field == "decision"), None
            ),
            "now": timezone.now(),
        },
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


@require_GET
@privacy_officer_required
def breach_for_signal(request, pk: int):
    """From a signal (the admin's triage page) to its breach record."""
    breach = get_object_or_404(Breach, signal_id=pk)
    return redirect(breach)


SHEET = gettext_lazy("Datalekregister")


@require_GET
@privacy_officer_required
def breach_export(request, fmt: str):
    def record() -> None:
        # Once the file is made: an export that failed or was broken off is
        # not recorded as made.
        audit_record(
            action=Action.EXPORT,
            details={"kind": f"datalekregister_{fmt}"},
            request=request,
        )

    filename = f"datalekregister-{timezone.localdate():%Y-%m-%d}.{fmt}"
    rows = exports.register_rows()
    if fmt == "csv":
        response = csv_response(filename, exports.HEADER, rows, on_produced=record)
    else:
        response = xlsx_response(
            filename,
            exports.HEADER,
            rows,
            sheet_title=SHEET,
            on_produced=record,
            widths=exports.WIDTHS,
            about=exports.RegisterAbout(
                by=request.user.get_full_name() or request.user.email
            ),
        )
    response["Cache-Control"] = "no-store"
    return response
