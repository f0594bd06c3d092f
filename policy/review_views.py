"""The reviewer's pages: concepts waiting for approval (`/beoordelen/`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from policy.approval import ReviewRequest, content_sha256
from policy.forms import ReviewDecisionForm
from policy.publishing import concept_redline
from policy.rendering import render_markdown
from policy.services import review_decide


def _reviewer(request) -> None:
    if not request.user.has_perm("policy.review_concepts"):
        raise PermissionDenied


@require_GET
def review_list(request):
    _reviewer(request)
    waiting = (
        ReviewRequest.objects.waiting_for(request.user)
        .select_related(
            "version__guideline", "requested_by", "reviewer", "reviewer_group"
        )
        .defer("version__body", "version__body_html", "version__toc_html")
        .order_by("requested_at", "pk")
    )
    return render(request, "policy/review_list.html", {"waiting": list(waiting)})


@require_http_methods(["GET", "POST"])
def review_detail(request, pk: int):
    _reviewer(request)
    review = get_object_or_404(
        ReviewRequest.objects.filter(
            Q(pk__in=ReviewRequest.objects.waiting_for(request.user).values("pk"))
            | Q(decisions__decided_by=request.user)
        )
        .select_related(
            "version__guideline", "requested_by", "reviewer", "reviewer_group"
        )
        .distinct(),
        pk=pk,
    )
    version = review.version
    current = content_sha256(version)
    form = ReviewDecisionForm(initial={"content_sha256": current})
    if request.method == "POST" and review.status == "open":
        form = ReviewDecisionForm(request.POST)
        if form.is_valid():
            try:
                decided = review_decide(
                    request=review,
                    user=request.user,
                    decision=form.cleaned_data["decision"],
                    comment=form.cleaned_data["comment"],
                    seen_sha256=form.cleaned_data["content_sha256"],
                )
            except ValidationError as exc:
                errors = getattr(exc, "error_dict", None) and exc.message_dict
                for field, messages_ in (errors or {None: exc.messages}).items():
                    for error in messages_:
                        form.add_error(field if field in form.fields else None, error)
                # Show what the concept says now, and take that as seen next.
                data = request.POST.copy()
                data["content_sha256"] = current
                form.data = data
            else:
                messages.success(
                    request,
                    _("Vastgelegd: %(what)s.") % {"what": decided.describe()},
                )
                return redirect("review:list")
    in_force = version.guideline.version_in_force()
    return render(
        request,
        "policy/review_detail.html",
        {
            "review": review,
            "version": version,
            "guideline": version.guideline,
            "in_force": in_force,
            "redline": concept_redline(version, in_force) if in_force else None,
            "preview": render_markdown(version.body).html,
            "questions": list(version.questions.all()),
            "decisions": list(review.decisions.select_related("decided_by")),
            "form": form,
            "content_sha256": current,
        },
    )
