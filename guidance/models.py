from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policy.models import Guideline, Section
from reporting.models import Kind, Signal, Status
from reporting.privacy import find_personal_data

SEARCH_CONFIG = "dutch"


def _plain(text: str) -> str:
    return " ".join((text or "").split()).casefold()


class PublishedQuestionQuerySet(models.QuerySet):
    def visible_to(self, user, today: datetime.date | None = None):
        """The published questions `user` may read: those whose principle
        belongs to a richtlijn they may read, while it is in force (the
        answers of a withdrawn richtlijn no longer guide anyone). PR
        publishes a question for partners in zorg by choosing a principle of
        a richtlijn for partners."""
        return self.filter(
            principle__guideline__in=Guideline.objects.visible_to(user, today).in_force(
                today
            )
        )

    def for_listing(self):
        return self.select_related("principle__guideline").order_by(
            "principle__guideline__title", "principle__position", "-published_at"
        )


class PublishedQuestion(models.Model):
    """A question ("mag ik dit plaatsen?") that PR answered, rewritten by PR
    without anything that points to the reporter or a client, for everyone
    to read."""

    signal = models.ForeignKey(
        Signal,
        verbose_name=_("melding"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="published_questions",
        limit_choices_to={"kind": Kind.VRAAG},
        help_text=_(
            "De beantwoorde vraag waar dit op gebaseerd is; blijft leeg nadat "
            "de melding is opgeruimd."
        ),
    )
    principle = models.ForeignKey(
        "policy.Principle",
        verbose_name=_("beginsel"),
        on_delete=models.PROTECT,
        related_name="published_questions",
    )
    question = models.TextField(
        _("vraag"),
        help_text=_(
            "In je eigen woorden en geanonimiseerd: geen namen, nummers of "
            "details die naar de melder of een cliënt wijzen."
        ),
    )
    answer = models.TextField(_("antwoord"))
    published_at = models.DateTimeField(_("gepubliceerd op"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepubliceerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Filled on PostgreSQL only (configuration `dutch`); see guidance.search.
    search_vector = SearchVectorField(_("zoekindex"), null=True, editable=False)

    objects = PublishedQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("gepubliceerde vraag")
        verbose_name_plural = _("gepubliceerde vragen")
        indexes = [
            GinIndex(fields=["search_vector"], name="question_search_idx"),
            models.Index(
                fields=["principle", "-published_at"], name="question_principle_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.question[:80]

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if connection.vendor == "postgresql":
            # The index follows the text in the same transaction.
            PublishedQuestion.objects.filter(pk=self.pk).update(
                search_vector=question_vector()
            )

    def get_absolute_url(self) -> str:
        return self.principle.get_absolute_url()

    def clean(self) -> None:
        """What is published is checked like a signal is: no likely client
        data, and never the reporter's own text or name."""
        errors: dict[str, list[str]] = {}
        for field in ("question", "answer"):
            findings = find_personal_data(getattr(self, field))
            if findings:
                errors.setdefault(field, []).append(
                    _(
                        "Dit lijkt persoonsgegevens te bevatten (%(found)s). "
                        "Haal ze weg voordat je publiceert."
                    )
                    % {"found": ", ".join(f"{f.label}: {f.masked}" for f in findings)}
                )
        signal = self.signal if self.signal_id else None
        if signal is not None:
            if signal.kind != Kind.VRAAG:
                errors.setdefault("signal", []).append(
                    _(
                        "Alleen een vraag (“mag ik dit plaatsen?”) kan worden "
                        "gepubliceerd."
                    )
                )
            elif signal.status != Status.AFGEHANDELD or not signal.answer.strip():
                errors.setdefault("signal", []).append(
                    _("Publiceer een vraag pas als hij beantwoord en afgehandeld is.")
                )
            reporter_text = {_plain(signal.description), _plain(signal.title)} - {""}
            if _plain(self.question) in reporter_text:
                errors.setdefault("question", []).append(
                    _(
                        "Dit is de tekst van de melder. Schrijf de vraag in je "
                        "eigen woorden, zonder wat naar de melder wijst."
                    )
                )
            reporter = signal.reporter
            names = {
                _plain(reporter.get_full_name()),
                _plain(reporter.last_name),
                _plain(reporter.email),
            } - {""}
            for field in ("question", "answer"):
                text = _plain(getattr(self, field))
                if any(name in text for name in names if len(name) > 2):
                    errors.setdefault(field, []).append(
                        _("De naam van de melder staat erin; haal hem weg.")
                    )
        if errors:
            raise ValidationError(errors)


def question_vector():
    """What question search looks at: the question weighs more than the answer."""
    return SearchVector("question", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "answer", weight="B", config=SEARCH_CONFIG
    )


@dataclass(frozen=True)
class SearchScope:
    sections: QuerySet[Section]
    questions: QuerySet[PublishedQuestion]


def search_scope(user) -> SearchScope:
    """What search may look through for `user`: the sections of the versions
    in force and the published questions, both by the one visibility rule.
    Search asks this and nothing else about who sees what, and matches, ranks
    and limits inside it, so no passage, title or count of hits tells of a
    richtlijn `user` may not read."""
    return SearchScope(
        sections=Section.objects.in_force().visible_to(user),
        questions=PublishedQuestion.objects.visible_to(user),
    )
