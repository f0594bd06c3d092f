"""Pages and files of insight: the signal overview, the management report
and the audit dossier. Views check access and hand over to the modules that
gather the figures and draw them."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from audit.models import Action
from audit.services import audit_record
from core import charts
from insight.dossier import dossier_stream
from insight.periods import period_from
from insight.report import report_build
from insight.report_files import report_pdf, report_xlsx
from insight.signal_figures import signal_figures
from policy.models import Guideline
from reporting.models import Kind, Platform

OVERVIEW_DAYS = 365
# Short names for the legend of a narrow chart; the tables give the full ones.
KIND_SHORT = {
    Kind.COMPLIMENT: gettext_lazy("compliment"),
    Kind.CRITICISM: gettext_lazy("kritiek"),
    Kind.NEWS: gettext_lazy("nieuws"),
    Kind.QUESTION: gettext_lazy("vraag"),
    Kind.MISTAKE: gettext_lazy("eigen fout"),
}


def _month(day) -> str:
    return date_format(day, "M Y")


def overview_charts(figures) -> dict:
    """The charts of the overview, from its figures."""
    month_rows = [(_month(m), values) for m, values in figures.kinds]
    answers = [a for a in figures.answers if a.answered]
    breaches = figures.breaches
    return {
        "kinds": charts.stacked_chart(
            _("Meldingen per maand, naar soort"),
            month_rows,
            [str(KIND_SHORT[k]) for k in Kind.values],
        ),
        "platforms": charts.bar_chart(
            _("Meldingen per platform in de periode"),
            [(label, n, str(n)) for label, n in figures.platform_totals],
        ),
        "principles": charts.bar_chart(
            _("Beginselen die meldingen het vaakst raken"),
            [
                (f"{p.title} ({p.guideline.title})", p.count, str(p.count))
                for p in figures.principles
            ],
        ),
        "in_time": charts.bar_chart(
            _("Aandeel binnen de termijn beantwoord, per maand"),
            [
                (_month(a.month), a.share_in_time, f"{a.share_in_time}%")
                for a in answers
            ],
            maximum=100,
        ),
        "first_answer": charts.bar_chart(
            _("Tijd tot het eerste antwoord (mediaan, uren), per maand"),
            [
                (
                    _month(a.month),
                    a.median_hours,
                    _("%(n)s uur") % {"n": a.median_hours},
                )
                for a in answers
            ],
        ),
        "breaches": charts.stacked_chart(
            _("Datalekken per kwartaal, naar besluit"),
            [(q.label, [q.notify, q.not_notify, q.undecided]) for q in breaches],
            [_("gemeld bij de AP"), _("niet melden"), _("nog geen besluit")],
        ),
        "breach_hours": charts.bar_chart(
            _("Uren tot het besluit (mediaan) tegen de 72 uur, per kwartaal"),
            [
                (q.label, q.median_hours, _("%(n)s uur") % {"n": q.median_hours})
                for q in breaches
                if q.median_hours is not None
            ],
            maximum=72,
            marker=(72, _("72 uur")),
        ),
    }


@require_GET
@permission_required("insight.view_signal_figures", raise_exception=True)
def signal_overview(request):
    period = period_from(request.GET, default_days=OVERVIEW_DAYS)
    figures = signal_figures(period)
    return render(
        request,
        "insight/signal_overview.html",
        {
            "period": period,
            "figures": figures,
            "charts": overview_charts(figures),
            "kind_labels": [str(KIND_SHORT[k]).capitalize() for k in Kind.values],
            "platform_labels": [label for _v, label in Platform.choices],
        },
    )


@require_GET
@permission_required("insight.view_audit_dossier", raise_exception=True)
def audit_dossier(request, slug: str):
    """Beleid and superusers: the ZIP of everything about one richtlijn."""
    guideline = get_object_or_404(Guideline, slug=slug)
    if not guideline.versions.published().exists():
        raise Http404
    user = request.user

    def produced() -> None:
        audit_record(
            action=Action.EXPORT,
            obj=guideline,
            actor=user,
            details={"kind": "auditdossier"},
            request=request,
        )

    response = StreamingHttpResponse(
        dossier_stream(guideline, on_produced=produced), content_type="application/zip"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="auditdossier-{guideline.slug}.zip"'
    )
    return response


REPORT_DAYS = 91
REPORT_TYPES = {
    "pdf": ("application/pdf", report_pdf),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        report_xlsx,
    ),
}


@require_GET
@permission_required("insight.view_management_report", raise_exception=True)
def management_report(request, extension: str):
    """Beleid and superusers. A leidinggevende gets 403 too: the report is
    the organisation's picture for the MT; their own departments are on
    `/naleving/`. A bad period is made usable and said so in the report."""
    period = period_from(request.GET, default_days=REPORT_DAYS)
    content_type, render_file = REPORT_TYPES[extension]
    content = render_file(report_build(period))
    audit_record(
        action=Action.EXPORT,
        actor=request.user,
        details={
            "kind": f"managementrapport.{extension}",
            "van": period.since.isoformat(),
            "tot": period.until.isoformat(),
        },
        request=request,
    )
    response = HttpResponse(content, content_type=content_type)
    name = f"managementrapport-{period.since:%Y%m%d}-{period.until:%Y%m%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
