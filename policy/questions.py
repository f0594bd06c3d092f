"""Scenario questions: the checks at publication, the hash they add to a
version, and the figures of who answered what wrongly the first time."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from policy.models import (
    OPTION_FIELDS,
    GuidelineVersion,
    ScenarioQuestion,
    Signature,
)
from policy.rendering import SectionText, split_sections, text_sha256

MIN_OPTIONS = 2
MAX_OPTIONS = len(OPTION_FIELDS)


def version_sha256(body: str, questions) -> str:
    """The hash of what a reader signs: the text and, when it has any, the
    questions with their answers. A version without questions hashes as its
    text alone, so older signatures keep matching."""
    questions = list(questions)
    if not questions:
        return text_sha256(body)
    canonical = json.dumps(
        [q.fingerprint() for q in questions], ensure_ascii=False, sort_keys=True
    )
    return text_sha256(f"{body}\n\n{canonical}")


def question_problems(
    questions: list[ScenarioQuestion], headings: list[SectionText]
) -> list[str]:
    """Why these questions cannot be published with a text that has these
    headings; empty when they can."""
    anchors = {h.anchor for h in headings}
    problems = []
    for number, question in enumerate(questions, 1):
        options = dict(question.options)
        label = question.situation.strip()[:60] or str(number)
        if len(options) < MIN_OPTIONS:
            problems.append(
                _("Vraag %(n)d (%(label)s) heeft minstens twee antwoorden nodig.")
                % {"n": number, "label": label}
            )
        if question.correct not in options:
            problems.append(
                _("Vraag %(n)d (%(label)s) heeft geen goed antwoord.")
                % {"n": number, "label": label}
            )
        if question.principle not in anchors:
            problems.append(
                _(
                    "Vraag %(n)d (%(label)s) verwijst naar de kop "
                    "“%(anchor)s”, die de tekst niet (meer) heeft."
                )
                % {"n": number, "label": label, "anchor": question.principle}
            )
        if not question.explanation.strip():
            problems.append(
                _("Vraag %(n)d (%(label)s) heeft geen uitleg.")
                % {"n": number, "label": label}
            )
    return problems


def questions_copy(*, source: GuidelineVersion | None, target: GuidelineVersion):
    """Give a new concept the questions of the version it starts from."""
    if source is None:
        return
    ScenarioQuestion.objects.bulk_create(
        ScenarioQuestion(
            version=target,
            position=q.position,
            situation=q.situation,
            option_1=q.option_1,
            option_2=q.option_2,
            option_3=q.option_3,
            option_4=q.option_4,
            correct=q.correct,
            explanation=q.explanation,
            principle=q.principle,
        )
        for q in source.questions.all()
    )


def questions_load(*, version: GuidelineVersion, path) -> list[ScenarioQuestion]:
    """Add the scenario questions of a JSON file to a concept: a list of
    objects with `situation`, `options` (two to four texts), `correct` (1 for
    the first option), `explanation` and `principle` (a heading's anchor)."""
    with open(path, encoding="utf-8") as handle:
        items = json.load(handle)
    created = []
    for position, item in enumerate(items):
        options = list(item["options"])
        if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
            raise ValueError(f"question {position + 1}: two to four options")
        question = ScenarioQuestion(
            version=version,
            position=position,
            situation=item["situation"],
            correct=item["correct"],
            explanation=item["explanation"],
            principle=item["principle"],
            **dict(zip(OPTION_FIELDS, options, strict=False)),
        )
        question.full_clean()
        question.save()
        created.append(question)
    return created


def wrong_answers(questions, answers: dict[int, int]) -> list[ScenarioQuestion]:
    """The questions whose chosen option (`answers[question.pk]`) is wrong."""
    return [q for q in questions if answers.get(q.pk) != q.correct]


# How many departments the compliance page names per scenario question.
MOST_MISSED = 5


def _share(wrong: int, total: int) -> int:
    """`wrong` out of `total` as a whole percentage (0 for no signatures)."""
    return round(100 * wrong / total) if total else 0


@dataclass
class QuestionFigures:
    question: ScenarioQuestion
    # department name -> (wrong the first time, signatures)
    departments: list[tuple[str, int, int]] = field(default_factory=list)
    wrong: int = 0
    total: int = 0

    @property
    def percentage(self) -> int:
        return _share(self.wrong, self.total)

    def _missed(self) -> list[tuple[str, int, int]]:
        return [d for d in self.departments if d[1]]

    def most_missed(self, limit: int = MOST_MISSED) -> list[tuple[str, int, int]]:
        """The departments where this question went wrong the first time
        most often (by share, then by number, then by name): what the page
        shows, however many departments there are."""
        return sorted(self._missed(), key=lambda d: (-d[1] / d[2], -d[1], d[0]))[:limit]

    @property
    def most_missed_on_page(self) -> list[tuple[str, int, int, int]]:
        """`most_missed()` with each department's percentage."""
        return [
            (name, wrong, total, _share(wrong, total))
            for name, wrong, total in self.most_missed()
        ]

    @property
    def missed_elsewhere(self) -> int:
        """Departments where it went wrong too, beyond those on the page."""
        return max(0, len(self._missed()) - MOST_MISSED)


def missed_first_time(version: GuidelineVersion, scope) -> list[QuestionFigures]:
    """Per question of `version`, per department in `scope`: how many of the
    signatures on it answered it wrongly the first time. Three queries."""
    questions = list(version.questions.all())
    if not questions:
        return []
    signatures = Signature.objects.filter(scope.users_q("user__"), version=version)
    totals = dict(
        signatures.values_list("user__department__name")
        .annotate(n=Count("pk"))
        .values_list("user__department__name", "n")
    )
    wrong = defaultdict(int)
    for question_id, department, n in (
        Signature.missed_questions.through.objects.filter(
            signature__in=signatures.values("pk")
        )
        .values_list("scenarioquestion_id", "signature__user__department__name")
        .annotate(n=Count("pk"))
    ):
        wrong[question_id, department] = n
    rows = []
    for question in questions:
        row = QuestionFigures(question=question)
        for department, total in sorted(totals.items(), key=lambda d: d[0] or ""):
            missed = wrong[question.pk, department]
            row.departments.append((department or _("zonder afdeling"), missed, total))
            row.wrong += missed
            row.total += total
        rows.append(row)
    return rows


def questions_html(questions, body_html: str) -> str:
    """The questions as a reader meets them under the text, in HTML, so a
    redline of two versions shows a question added, changed or removed the
    way it shows the text: the questions are part of what people sign."""
    questions = list(questions)
    if not questions:
        return ""
    titles = {part.anchor: part.title for part in split_sections(body_html)}
    return render_to_string(
        "policy/_questions_text.html",
        {
            "questions": [
                {
                    "question": q,
                    "options": [
                        (text, number == q.correct) for number, text in q.options
                    ],
                    "principle": titles.get(q.principle, q.principle),
                }
                for q in questions
            ]
        },
    )


def signed_html(body_html: str, questions) -> str:
    """What a redline compares of a version: its text and its questions."""
    return body_html + questions_html(questions, body_html)
