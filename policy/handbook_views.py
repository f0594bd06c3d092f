"""The handbook's pages: the archive of withdrawn richtlijnen (Beleid and
superusers). The list by chapter is `views.guideline_list`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Max, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from policy.approval import approvals_of
from policy.handbook import withdrawn_guidelines
from policy.models import GuidelineVersion, Signature, VersionStatus

# The archive page shows this many signatures per version; the export of
# each version holds them all.
ARCHIVE_SIGNATURES_SHOWN = 200


def _archive_access(request) -> None:
    if not request.user.has_perm("policy.view_archive"):
        raise PermissionDenied


@require_GET
def archive(request):
    _archive_access(request)
    guidelines = (
        withdrawn_guidelines()
        .select_related("chapter")
        .annotate(
            version_count=Count("versions", distinct=True),
            withdrawn_on=Max("versions__withdrawn_at"),
        )
        .order_by("-withdrawn_on", "title")
    )
    return render(request, "policy/archive.html", {"guidelines": guidelines})


@require_GET
def archive_detail(request, slug: str):
    _archive_access(request)
    guideline = get_object_or_404(
        withdrawn_guidelines().select_related("chapter"), slug=slug
    )
    versions = list(
        guideline.versions.filter(status=VersionStatus.WITHDRAWN)
        .select_related("published_by")
        .annotate(signature_count=Count("signatures"))
        .order_by("-number")
    )
    if not versions:
        raise Http404
    signatures: dict[int, list] = {v.pk: [] for v in versions}
    # The first signatures of every version, in one query.
    first = (
        Signature.objects.filter(version__in=versions)
        .select_related("user")
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("version_id")],
                order_by=[F("signed_at").asc(), F("pk").asc()],
            )
        )
        .filter(row__lte=ARCHIVE_SIGNATURES_SHOWN)
        .order_by("version_id", "signed_at", "pk")
    )
    for signature in first:
        signatures[signature.version_id].append(signature)
    approvals = approvals_for(versions)
    items = [
        {
            "version": v,
            "signatures": signatures[v.pk],
            "approvals": approvals.get(v.pk, []),
        }
        for v in versions
    ]
    return render(
        request,
        "policy/archive_detail.html",
        {
            "guideline": guideline,
            "items": items,
            "shown": ARCHIVE_SIGNATURES_SHOWN,
        },
    )


def approvals_for(versions: list[GuidelineVersion]) -> dict[int, list]:
    """The approvals (four eyes) recorded for each of `versions`, by version
    id, each shown as its text ("goedgekeurd door … op …"): the one place
    the archive asks for them, in one query."""
    return {pk: [a.describe()] for pk, a in approvals_of(versions).items()}
