from __future__ import annotations

from http import HTTPStatus

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import roles
from policy import diff
from policy.approval import approvals_of
from policy.forms import SignForm
from policy.models import (
    Guideline,
    GuidelineVersion,
    VersionStatus,
    version_in_force_for,
    versions_in_force_for,
)
from policy.questions import wrong_answers
from policy.services import NotSignableError, signature_create


@require_GET
def guideline_list(request):
    versions = versions_in_force_for(request.user)
    return render(request, "policy/guideline_list.html", {"versions": versions})


@require_http_methods(["GET", "POST"])
def guideline_detail(request, slug: str):
    version = version_in_force_for(request.user, slug)
    if version is None:
        guideline = get_object_or_404(
            Guideline.objects.visible_to(request.user), slug=slug
        )
        if not guideline.versions.filter(status=VersionStatus.WITHDRAWN).exists():
            raise Http404
        return render(
            request,
            "policy/guideline_withdrawn.html",
            {"guideline": guideline},
            status=HTTPStatus.CONFLICT if request.method == "POST" else HTTPStatus.OK,
        )

    questions = list(version.questions.all()) if version.needs_signature else []
    form = SignForm(initial={"version": version.number}, questions=questions)
    wrong: list = []
    if request.method == "POST":
        form = SignForm(request.POST, questions=questions)
        if form.is_valid():
            if form.cleaned_data["version"] != version.number:
                return _not_signable(request, version)
            wrong = wrong_answers(questions, form.answers())
            progress = _SignProgress(request, version)
            if not wrong:
                try:
                    signature_create(
                        user=request.user,
                        version=version,
                        attempts=progress.attempts + 1,
                        missed_questions=progress.missed,
                    )
                except NotSignableError:
                    return _not_signable(request, version)
                progress.clear()
                messages.success(request, _("Bedankt. Je handtekening is vastgelegd."))
                return redirect(version.guideline)
            # Nothing is signed; the attempt is remembered for the figures.
            progress.record(wrong)
    return render(
        request,
        "policy/guideline_detail.html",
        {
            "version": version,
            "guideline": version.guideline,
            "form": form,
            "questions": _question_items(form, version, wrong),
            "wrong_count": len(wrong),
            "contact": roles.contact_person_of(request.user),
        },
    )


class _SignProgress:
    """Wrong attempts at a version's questions, kept in the session until the
    person signs: no lock-out, and nothing stored with the richtlijn."""

    def __init__(self, request, version: GuidelineVersion):
        self.session = request.session
        self.key = f"policy:sign-attempts:{version.pk}"
        stored = self.session.get(self.key) or {}
        self.attempts = int(stored.get("attempts", 0))
        self.missed = [int(pk) for pk in stored.get("missed", [])]

    def record(self, wrong) -> None:
        if not self.attempts:
            self.missed = [q.pk for q in wrong]
        self.attempts += 1
        self.session[self.key] = {"attempts": self.attempts, "missed": self.missed}

    def clear(self) -> None:
        self.session.pop(self.key, None)


def _question_items(form: SignForm, version: GuidelineVersion, wrong) -> list[dict]:
    if not form.questions:
        return []
    titles = dict(version.sections.values_list("anchor", "title"))
    wrong_ids = {q.pk for q in wrong}
    return [
        {
            "question": q,
            "field": form[form.question_field(q)],
            "wrong": q.pk in wrong_ids,
            "principle_title": titles.get(q.principle, q.principle),
        }
        for q in form.questions
    ]


def _not_signable(request, version: GuidelineVersion):
    return render(
        request,
        "policy/not_signable.html",
        {"guideline": version.guideline, "version": version},
        status=HTTPStatus.CONFLICT,
    )


def _visible_version(request, slug: str, number: int) -> GuidelineVersion:
    return get_object_or_404(
        GuidelineVersion.objects.visible()
        .filter(guideline__in=Guideline.objects.visible_to(request.user))
        .select_related("guideline"),
        guideline__slug=slug,
        number=number,
    )


@require_GET
def version_list(request, slug: str):
    guideline = get_object_or_404(Guideline.objects.visible_to(request.user), slug=slug)
    versions = list(guideline.versions.visible().without_text().order_by("-number"))
    if not versions:
        raise Http404
    approvals = approvals_of(versions)
    for version in versions:
        version.approval = approvals.get(version.pk)
    in_force = guideline.version_in_force()
    return render(
        request,
        "policy/version_list.html",
        {"guideline": guideline, "versions": versions, "in_force": in_force},
    )


@require_GET
def version_detail(request, slug: str, number: int):
    version = _visible_version(request, slug, number)
    in_force = version.guideline.version_in_force()
    return render(
        request,
        "policy/version_detail.html",
        {
            "version": version,
            "guideline": version.guideline,
            "in_force": in_force,
            "approval": approvals_of([version]).get(version.pk),
        },
    )


@require_GET
def version_compare(request, slug: str, number: int, other: int):
    old = _visible_version(request, slug, number)
    new = _visible_version(request, slug, other)
    return render(
        request,
        "policy/version_compare.html",
        {
            "guideline": old.guideline,
            "old": old,
            "new": new,
            "in_force": version_in_force_for(request.user, slug),
            "redline": diff.redline(old.body_html, new.body_html),
        },
    )
