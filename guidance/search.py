"""Search over the sections of the richtlijnen in force and the published
questions. PostgreSQL: full-text search with the `dutch` configuration
(stems, stop words, ranking, highlighted passages). SQLite, for development:
every word must appear, found with icontains. Two queries either way."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from guidance.models import SEARCH_CONFIG, PublishedQuestion, SearchScope, search_scope
from policy.models import Section

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
LIMIT = 20
# Marks ts_headline puts around a match: characters no text contains, so the
# passage can be escaped whole and the marks turned into <mark> afterwards.
START, STOP = "\ue000", "\ue001"
SNIPPET_CHARS = 240


@dataclass(frozen=True)
class Hit:
    kind: str  # "section" or "question"
    title: str
    guideline_title: str
    url: str
    passage: SafeString
    rank: float


def clean_query(raw: str | None) -> str:
    """One line, at most MAX_QUERY_LENGTH characters, cut at a word; no
    control or private-use characters (PostgreSQL refuses NUL, and the marks
    are private-use)."""
    text = "".join(
        " " if unicodedata.category(c) in {"Cc", "Cs", "Co"} else c for c in raw or ""
    )
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
    return text


def highlighted(passage: str) -> SafeString:
    """Escape a passage, then show its match marks as <mark>."""
    # Marks come in pairs; an unbalanced one is closed, never left open.
    parts = re.split(f"({START}|{STOP})", passage)
    html, open_mark = [], False
    for part in parts:
        if part == START and not open_mark:
            html.append("<mark>")
            open_mark = True
        elif part == STOP and open_mark:
            html.append("</mark>")
            open_mark = False
        elif part not in (START, STOP):
            html.append(escape(part))
    if open_mark:
        html.append("</mark>")
    # Every part was escaped above; only the marks are markup.
    return mark_safe("".join(html))


def search(raw: str, *, user) -> list[Hit]:
    """What `user` finds for `raw`: only what they may read (`search_scope`)."""
    query = clean_query(raw)
    if not query:
        return []
    scope = search_scope(user)
    if connection.vendor == "postgresql":
        hits = _postgres(query, scope)
    else:
        hits = _fallback(query, scope)
    return sorted(hits, key=lambda h: -h.rank)[:LIMIT]


def _postgres(query: str, scope: SearchScope) -> list[Hit]:
    ts_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    headline = {
        "config": SEARCH_CONFIG,
        "start_sel": START,
        "stop_sel": STOP,
        "max_fragments": 2,
        "max_words": 30,
        "min_words": 12,
        "fragment_delimiter": " … ",
    }
    sections = (
        scope.sections.filter(search_vector=ts_query)
        .annotate(
            rank=SearchRank(F("search_vector"), ts_query),
            passage=SearchHeadline("text", ts_query, **headline),
        )
        .select_related("version__guideline")
        .defer("text", "search_vector", "version__body", "version__body_html")
        .defer("version__toc_html")
        .order_by("-rank", "position")[:LIMIT]
    )
    questions = (
        scope.questions.filter(search_vector=ts_query)
        .annotate(
            rank=SearchRank(F("search_vector"), ts_query),
            passage=SearchHeadline(
                Concat("question", Value(" — "), "answer", output_field=TextField()),
                ts_query,
                **headline,
            ),
        )
        .select_related("principle__guideline")
        .order_by("-rank", "-published_at")[:LIMIT]
    )
    return [_section_hit(s, s.passage, s.rank) for s in sections] + [
        _question_hit(q, q.passage, q.rank) for q in questions
    ]


def _section_hit(section: Section, passage: str, rank: float) -> Hit:
    return Hit(
        kind="section",
        title=section.title,
        guideline_title=section.version.guideline.title,
        url=section.get_absolute_url(),
        passage=highlighted(passage),
        rank=rank,
    )


def _question_hit(question: PublishedQuestion, passage: str, rank: float) -> Hit:
    return Hit(
        kind="question",
        title=question.question,
        guideline_title=question.principle.guideline.title,
        url=question.principle.get_absolute_url(),
        passage=highlighted(passage),
        rank=rank,
    )


def _words(query: str) -> list[str]:
    return [w for w in re.findall(r"\w+", query) if len(w) > 1][:MAX_WORDS]


def _all_words(words: list[str], *fields: str) -> Q:
    condition = Q()
    for word in words:
        either = Q()
        for field in fields:
            either |= Q(**{f"{field}__icontains": word})
        condition &= either
    return condition


def _snippet(text: str, words: list[str]) -> str:
    """A passage around the first match, the matches between marks."""
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    match = pattern.search(text)
    start = max(0, (match.start() if match else 0) - SNIPPET_CHARS // 3)
    passage = text[start : start + SNIPPET_CHARS]
    passage = ("… " if start else "") + passage
    if start + SNIPPET_CHARS < len(text):
        passage += " …"
    return pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", passage)


def _fallback(query: str, scope: SearchScope) -> list[Hit]:
    words = _words(query)
    if not words:
        return []
    sections = (
        scope.sections.filter(_all_words(words, "title", "text"))
        .select_related("version__guideline")
        .defer("search_vector", "version__body", "version__body_html")
        .defer("version__toc_html")
        .order_by("version__guideline__title", "position")[:LIMIT]
    )
    questions = (
        scope.questions.filter(_all_words(words, "question", "answer"))
        .select_related("principle__guideline")
        .order_by("-published_at")[:LIMIT]
    )

    def rank(*texts: str) -> float:
        text = " ".join(texts).casefold()
        return float(sum(text.count(w.casefold()) for w in words))

    return [
        _section_hit(s, _snippet(s.text, words), rank(s.title, s.title, s.text))
        for s in sections
    ] + [
        _question_hit(
            q,
            _snippet(f"{q.question} — {q.answer}", words),
            rank(q.question, q.question, q.answer),
        )
        for q in questions
    ]
