from __future__ import annotations

from http import HTTPStatus

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import roles
from policy import diff
from policy.approval import approvals_of
from policy.forms import SignForm
from policy.handbook import handbook_entry, handbook_for
from policy.models import (
    Guideline,
    GuidelineVersion,
    ScenarioQuestion,
    VersionStatus,
    version_in_force_for,
)
from policy.questions import signed_html, wrong_answers
from policy.services import (
    NotSignableError,
    sign_attempt_record,
    signature_create,
)

# Above this many richtlijnen the list folds every chapter to its counts and
# a link that opens it (the filters still show the rows).
UNFOLDED_UP_TO = 30


@require_GET
def guideline_list(request):
    chapter = request.GET.get("hoofdstuk", "")
    chapter = int(chapter) if chapter.isascii() and chapter.isdigit() else None
    to_sign = request.GET.get("te-tekenen") == "1"
    handbook = handbook_for(request.user, chapter=chapter, to_sign=to_sign)
    filtered = chapter is not None or to_sign
    return render(
        request,
        "policy/guideline_list.html",
        {
            "handbook": handbook,
            "chapter": chapter,
            "to_sign": to_sign,
            "filtered": filtered,
            # Above this size a chapter shows its counts and opens on its own
            # page: the list costs the number of chapters, not of richtlijnen.
            "unfold": filtered or handbook.total <= UNFOLDED_UP_TO,
        },
    )


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
            {
                "guideline": guideline,
                "archived": request.user.has_perm("policy.view_archive"),
            },
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
            if not wrong:
                try:
                    signature_create(user=request.user, version=version)
                except NotSignableError:
                    return _not_signable(request, version)
                messages.success(request, _("Bedankt. Je handtekening is vastgelegd."))
                return redirect(version.guideline)
            # Nothing is signed; the attempt is remembered for the figures.
            sign_attempt_record(user=request.user, version=version, wrong=wrong)
    items = _question_items(form, version, wrong)
    return render(
        request,
        "policy/guideline_detail.html",
        {
            "version": version,
            "guideline": version.guideline,
            "form": form,
            "questions": items,
            "feedback": _sign_feedback(form, items),
            "wrong_count": len(wrong),
            "contact": roles.contact_person_of(request.user),
            "entry": handbook_entry(request.user, version.guideline),
        },
    )


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


def _sign_feedback(form: SignForm, items: list[dict]) -> list[tuple[str, str]]:
    """What the summary at the top of a refused sign form links to: each
    question answered wrongly or not at all, then the checkbox."""
    if not form.is_bound:
        return []
    feedback = []
    for number, item in enumerate(items, 1):
        question = item["question"]
        if item["wrong"]:
            message = _("niet goed beantwoord, lees de uitleg")
        elif item["field"].errors:
            # Not the field's own words: the summary and the field each say
            # it once, so a reader (or a test) finds one of each.
            message = _("nog geen antwoord gekozen")
        else:
            continue
        feedback.append(
            (
                f"vraag-{question.pk}",
                _("Vraag %(n)d (%(situation)s): %(message)s")
                % {
                    "n": number,
                    "situation": Truncator(question.situation).chars(60),
                    "message": message,
                },
            )
        )
    if form["confirmed"].errors:
        feedback.append(
            (
                "id_confirmed",
                _("Het vakje „%(label)s” is nog niet aangevinkt")
                % {"label": form["confirmed"].label},
            )
        )
    return feedback


def _not_signable(request, version: GuidelineVersion):
    return render(
        request,
        "policy/not_signable.html",
        {"guideline": version.guideline, "version": version},
        status=HTTPStatus.CONFLICT,
    )


def _visible_version(request, slug: str, number: int) -> GuidelineVersion:
    return get_object_or_404(
        GuidelineVersion.objects.visible_to(request.user).select_related("guideline"),
        guideline__slug=slug,
        number=number,
    )


@require_GET
def version_list(request, slug: str):
    guideline = get_object_or_404(Guideline.objects.visible_to(request.user), slug=slug)
    versions = list(
        guideline.versions.visible_to(request.user).without_text().order_by("-number")
    )
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
    questions = {old.pk: [], new.pk: []}
    for question in ScenarioQuestion.objects.filter(version__in=[old, new]):
        questions[question.version_id].append(question)
    return render(
        request,
        "policy/version_compare.html",
        {
            "guideline": old.guideline,
            "old": old,
            "new": new,
            "in_force": version_in_force_for(request.user, slug),
            "redline": diff.redline(
                signed_html(old.body_html, questions[old.pk]),
                signed_html(new.body_html, questions[new.pk]),
            ),
        },
    )
