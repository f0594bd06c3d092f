from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.privacy import find_personal_data
from guidance.analysis import query_terms
from policy.models import Guideline, GuidelineVersion
from reporting.models import Kind, Signal, Status


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
        limit_choices_to={"kind": Kind.QUESTION},
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
    objects = PublishedQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("gepubliceerde vraag")
        verbose_name_plural = _("gepubliceerde vragen")
        indexes = [
            models.Index(
                fields=["principle", "-published_at"], name="question_principle_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.question[:80]

    def save(self, *args, **kwargs) -> None:
        """The search index follows the text in the same transaction."""
        from guidance.indexing import question_index

        with transaction.atomic():
            super().save(*args, **kwargs)
            question_index(self)

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
            if signal.kind != Kind.QUESTION:
                errors.setdefault("signal", []).append(
                    _(
                        "Alleen een vraag (“mag ik dit plaatsen?”) kan worden "
                        "gepubliceerd."
                    )
                )
            elif signal.status != Status.HANDLED or not signal.answer.strip():
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


class Synonym(models.Model):
    """A word people type and the word the richtlijnen use for it ("appen"
    means "WhatsApp"), kept by Beleid: a search for the one also finds the
    other."""

    word = models.CharField(
        _("woord"),
        max_length=100,
        unique=True,
        help_text=_("Wat mensen intypen, bijvoorbeeld “appen” of “baas”."),
    )
    means = models.CharField(
        _("betekent"),
        max_length=200,
        help_text=_(
            "De woorden in de richtlijnen, bijvoorbeeld “WhatsApp” of “leidinggevende”."
        ),
    )
    # The analysed form of `word`, what a query's terms are compared with.
    term = models.CharField(_("zoekterm"), max_length=100, editable=False)

    class Meta:
        ordering = ["word"]
        verbose_name = _("synoniem")
        verbose_name_plural = _("synoniemen")
        indexes = [models.Index(fields=["term"], name="synonym_term_idx")]

    def __str__(self) -> str:
        return f"{self.word} → {self.means}"

    def save(self, *args, **kwargs) -> None:
        """Store the term the word is searched by, so a query finds its
        synonyms by the terms it already has."""
        terms = query_terms(self.word)
        self.term = terms[0] if terms else ""
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not query_terms(self.word):
            raise ValidationError(
                {"word": _("Kies een woord dat zoeken niet overslaat.")}
            )
        if not query_terms(self.means):
            raise ValidationError(
                {"means": _("Kies woorden die zoeken niet overslaat.")}
            )


class SearchEntry(models.Model):
    """What search looks through: a section of a published version or a
    published question, as the analyser's terms (guidance.analysis). Derived
    data, filled at publication and by `rebuild_search_index`. PostgreSQL
    keeps a weighted tsvector of the terms (a trigger, see the migration);
    SQLite an FTS5 table (`SearchText`)."""

    section = models.OneToOneField(
        "policy.Section",
        verbose_name=_("sectie"),
        on_delete=models.CASCADE,
        null=True,
        related_name="search_entry",
    )
    question = models.OneToOneField(
        PublishedQuestion,
        verbose_name=_("vraag"),
        on_delete=models.CASCADE,
        null=True,
        related_name="search_entry",
    )
    title = models.TextField(_("termen van de kop"))
    body = models.TextField(_("termen van de tekst"))
    parts = models.TextField(_("termen van samenstellingen"))
    vector = SearchVectorField(_("zoekindex"), null=True, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("zoekitem")
        verbose_name_plural = _("zoekitems")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(section__isnull=False, question__isnull=True)
                | models.Q(section__isnull=True, question__isnull=False),
                name="search_entry_one_source",
            ),
        ]
        indexes = [GinIndex(fields=["vector"], name="search_entry_vector_idx")]

    def __str__(self) -> str:
        return str(self.section or self.question)


class SearchText(models.Model):
    """SQLite's FTS5 table over `SearchEntry` (external content, kept in step
    by triggers; see the migration). Not a table on PostgreSQL."""

    entry = models.OneToOneField(
        SearchEntry,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        related_name="+",
    )
    title = models.TextField()
    body = models.TextField()
    parts = models.TextField()

    class Meta:
        managed = False
        db_table = "guidance_searchentry_fts"

    def __str__(self) -> str:
        return str(self.entry_id)


class SearchWord(models.Model):
    """A word the indexed texts contain: what compounds are split into and
    what "Bedoelde je …?" suggests."""

    word = models.CharField(_("woord"), max_length=40, unique=True)
    length = models.PositiveSmallIntegerField(_("lengte"))

    class Meta:
        ordering = ["word"]
        verbose_name = _("zoekwoord")
        verbose_name_plural = _("zoekwoorden")
        indexes = [models.Index(fields=["length", "word"], name="search_word_len_idx")]

    def __str__(self) -> str:
        return self.word


@dataclass(frozen=True)
class SearchScope:
    versions: QuerySet[GuidelineVersion]
    questions: QuerySet[PublishedQuestion]


def search_scope(user) -> SearchScope:
    """What search may look through for `user`: the versions in force and the
    published questions, both by the one visibility rule. Search asks this
    and nothing else about who sees what, and matches, ranks and limits
    inside it, so no passage, title or count of hits tells of a richtlijn
    `user` may not read. (By version rather than by section: a few hundred
    versions in force are a smaller set to test against than their
    thousands of sections.)"""
    return SearchScope(
        versions=GuidelineVersion.objects.in_force().visible_to(user),
        questions=PublishedQuestion.objects.visible_to(user),
    )
