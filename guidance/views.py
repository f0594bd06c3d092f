from __future__ import annotations

from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from guidance.models import PublishedQuestion
from guidance.search import EXAMPLES, MAX_QUERY_LENGTH, clean_query, search
from policy.models import Principle


@require_GET
def question_list(request):
    """The published questions the user may read, by principle;
    `?beginsel=<id>` shows one. A principle that is not listed answers 404
    whether it exists or not."""
    visible = PublishedQuestion.objects.visible_to(request.user)
    principles = list(
        Principle.objects.filter(published_questions__in=visible)
        .select_related("guideline")
        .annotate(count=Count("published_questions"))
        .order_by("guideline__title", "position")
    )
    chosen = None
    if "beginsel" in request.GET:
        chosen = next(
            (p for p in principles if str(p.pk) == request.GET["beginsel"]), None
        )
        if chosen is None:
            raise Http404
    questions = visible.for_listing()
    if chosen is not None:
        questions = questions.filter(principle=chosen)
    groups: dict[int, dict] = {}
    for question in questions:
        group = groups.setdefault(
            question.principle_id, {"principle": question.principle, "questions": []}
        )
        group["questions"].append(question)
    return render(
        request,
        "guidance/question_list.html",
        {
            "principles": principles,
            "chosen": chosen,
            "groups": list(groups.values()),
            "show_counts": request.user.has_perm("reporting.view_principle_counts"),
        },
    )


@require_GET
def search_view(request):
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    return render(
        request,
        "guidance/search.html",
        {
            "query": query,
            "trimmed": len(raw.strip()) > MAX_QUERY_LENGTH,
            "max_length": MAX_QUERY_LENGTH,
            "results": search(query, user=request.user),
            "examples": EXAMPLES,
        },
    )
