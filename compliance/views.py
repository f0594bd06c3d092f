"""The compliance dashboard, its department and person pages, and exports."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import Department, User
from audit.models import Action
from audit.services import audit_record
from compliance import exports
from compliance.dashboard import (
    compliance_overview,
    compliance_scope,
    dashboard,
    overdue_people,
)
from compliance.progress import progress_of
from core.spreadsheet import csv_response, xlsx_response
from policy.approval import approvals_counting_for
from policy.models import (
    Guideline,
    GuidelineJobTitle,
    GuidelineVersion,
    Signature,
    audience_q,
    local_today,
    versions_in_force_for,
)
from policy.questions import missed_first_time

# A handbook of hundreds of richtlijnen: the overview lists the ones that lag
# most, the rest one click further (`?alle=1`).
ROWS_SHOWN = 25


def _lagging(row) -> tuple:
    """Past the deadline first, then the lowest share signed, then by title."""
    return (not row.overdue, row.percent, row.version.guideline.title)


@require_GET
@never_cache
def overview(request):
    """Every richtlijn in force with its total, and every department with its
    total over all of them; the bars per department are one click further, so
    the page stays short whatever the number of richtlijnen and departments."""
    scope = compliance_scope(request.user)
    overview = compliance_overview(scope)
    rows = overview.rows
    show_all = request.GET.get("alle") == "1"
    if len(rows) > ROWS_SHOWN and not show_all:
        rows = sorted(rows, key=_lagging)[:ROWS_SHOWN]
    return render(
        request,
        "compliance/overview.html",
        {
            "scope": scope,
            "rows": rows,
            "rows_total": len(overview.rows),
            "rows_cut": len(rows) < len(overview.rows),
            "departments": overview.departments,
            "overdue": overview.overdue,
        },
    )


@require_GET
@never_cache
def guideline_detail(request, slug: str):
    scope = compliance_scope(request.user)
    guideline = get_object_or_404(Guideline, slug=slug)
    rows = dashboard(scope, guideline=guideline)
    if not rows:
        raise Http404  # a concept or a withdrawn richtlijn: nothing to sign
    return render(
        request,
        "compliance/guideline.html",
        {
            "scope": scope,
            "row": rows[0],
            "overdue": overdue_people(scope, rows),
            "question_figures": missed_first_time(rows[0].version, scope),
            "progress": progress_of(rows[0], scope),
        },
    )


@require_GET
@never_cache
def department_detail(request, pk: int):
    scope = compliance_scope(request.user)
    department = get_object_or_404(Department, pk=pk)
    if not scope.includes(department.pk):
        raise PermissionDenied
    people = list(
        User.objects.filter(department=department, is_active=True).order_by(
            "last_name", "first_name"
        )
    )
    versions = list(
        GuidelineVersion.objects.in_force()
        .without_text()
        .filter(audience_q(department.pk))
        .select_related("guideline")
        .order_by("guideline__title")
    )
    signed = defaultdict(set)
    for user_id, guideline_id in (
        Signature.objects.counting_for_any(versions)
        .filter(user__department=department, user__is_active=True)
        .values_list("user_id", "version__guideline_id")
        .distinct()
    ):
        signed[user_id].add(guideline_id)
    # A richtlijn for some job titles only applies to the people with one.
    titles = defaultdict(set)
    for guideline_id, job_title in GuidelineJobTitle.objects.filter(
        guideline__in=[v.guideline_id for v in versions]
    ).values_list("guideline_id", "job_title"):
        titles[guideline_id].add(job_title)
    today = local_today()
    rows = []
    for person in people:
        theirs = [
            v
            for v in versions
            if not titles[v.guideline_id] or person.job_title in titles[v.guideline_id]
        ]
        missing = [v for v in theirs if v.guideline_id not in signed[person.pk]]
        late = [
            (today - v.signing_deadline).days
            for v in missing
            if v.signing_deadline and v.signing_deadline < today
        ]
        rows.append(
            {
                "person": person,
                "signed": len(theirs) - len(missing),
                "total": len(theirs),
                "missing": missing,
                "days_overdue": max(late, default=0),
            }
        )
    return render(
        request,
        "compliance/department.html",
        {"department": department, "versions": versions, "rows": rows},
    )


@require_GET
@never_cache
def person_detail(request, pk: int):
    scope = compliance_scope(request.user)
    person = get_object_or_404(User.objects.select_related("department"), pk=pk)
    if not scope.includes(person.department_id):
        raise PermissionDenied
    return render(
        request,
        "compliance/person.html",
        {
            "person": person,
            "versions": versions_in_force_for(person),
            "signatures": Signature.objects.filter(user=person)
            .select_related("version__guideline")
            .order_by("-signed_at"),
        },
    )


def _version(slug: str, number: int) -> GuidelineVersion:
    guideline = get_object_or_404(Guideline, slug=slug)
    version = guideline.versions.visible().filter(number=number).first()
    if version is None:
        raise Http404
    version.guideline = guideline
    return version


def _record_export(request, kind: str, version: GuidelineVersion, scope):
    """What records an export, called by the writer once the file is made:
    an export that failed or was broken off is not recorded as made. The
    audit log is its one record (who, when, which version, what, whose)."""
    description = scope.describe()

    def record() -> None:
        audit_record(
            action=Action.EXPORT,
            obj=version,
            details={
                "kind": str(kind),
                "scope": description,
                "version": version.number,
            },
            request=request,
        )

    return record


@require_GET
def signatures_export(request, slug: str, number: int, fmt: str = "csv"):
    scope = compliance_scope(request.user)
    version = _version(slug, number)
    kind = {
        "csv": exports.ExportKind.SIGNATURES_CSV,
        "xlsx": exports.ExportKind.SIGNATURES_XLSX,
    }[fmt]
    filename = f"handtekeningen-{slug}-v{number}.{fmt}"
    approvals = approvals_counting_for(version)
    rows = exports.signature_rows(version, scope, approvals)
    record = _record_export(request, kind, version, scope)
    if fmt == "csv":
        response = csv_response(
            filename, exports.SIGNATURE_HEADER, rows, on_produced=record
        )
    else:
        response = xlsx_response(
            filename,
            exports.SIGNATURE_HEADER,
            rows,
            gettext("Handtekeningen"),
            on_produced=record,
            widths=exports.SIGNATURE_WIDTHS,
            about=_about(
                request,
                gettext("Handtekeningen"),
                version,
                scope,
                approval=approvals.get(version.pk),
            ),
        )
    response["Cache-Control"] = "no-store"
    return response


def _about(
    request, title: str, version: GuidelineVersion, scope, approval=None
) -> exports.About:
    return exports.About(
        title=title,
        version=version,
        scope=scope.describe(),
        by=request.user.get_full_name() or request.user.email,
        approval=approval.describe() if approval else "",
    )


@require_GET
def unsigned_export(request, slug: str, number: int, fmt: str):
    scope = compliance_scope(request.user)
    version = _version(slug, number)
    kind = {
        "csv": exports.ExportKind.UNSIGNED_CSV,
        "xlsx": exports.ExportKind.UNSIGNED_XLSX,
    }[fmt]
    filename = f"niet-getekend-{slug}-v{number}.{fmt}"
    rows = exports.unsigned_rows(version, scope)
    record = _record_export(request, kind, version, scope)
    if fmt == "csv":
        response = csv_response(
            filename, exports.UNSIGNED_HEADER, rows, on_produced=record
        )
    else:
        response = xlsx_response(
            filename,
            exports.UNSIGNED_HEADER,
            rows,
            gettext("Niet getekend"),
            on_produced=record,
            widths=exports.UNSIGNED_WIDTHS,
            about=_about(request, gettext("Niet getekend"), version, scope),
        )
    response["Cache-Control"] = "no-store"
    return response
