"""Principles, sections and the scenario questions asked before signing."""

from __future__ import annotations

import datetime

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from policy.models.common import ImmutableRecordError
from policy.models.guidelines import Guideline
from policy.models.versions import GuidelineVersion, VersionStatus


class PrincipleQuerySet(models.QuerySet):
    def visible_to(self, user, today: datetime.date | None = None):
        """The principles of the richtlijnen `user` may read."""
        return self.filter(guideline__in=Guideline.objects.visible_to(user, today))


class Principle(models.Model):
    """A heading of a richtlijn, by its anchor: what questions test, signals
    concern and answers cite. It outlives versions as long as the anchor
    stays (`{#grondbeginsel-6}` in the Markdown keeps it stable)."""

    guideline = models.ForeignKey(
        Guideline,
        verbose_name=_("richtlijn"),
        on_delete=models.PROTECT,
        related_name="principles",
    )
    anchor = models.SlugField(_("anker"), max_length=100)
    title = models.CharField(_("kop"), max_length=300)
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    objects = PrincipleQuerySet.as_manager()

    class Meta:
        ordering = ["guideline__title", "position", "anchor"]
        verbose_name = _("beginsel")
        verbose_name_plural = _("beginselen")
        constraints = [
            models.UniqueConstraint(
                fields=["guideline", "anchor"], name="principle_anchor_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guideline.title}: {self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.guideline.get_absolute_url()}#{self.anchor}"


class SectionQuerySet(models.QuerySet):
    def in_force(self, today: datetime.date | None = None):
        """The sections of the versions in force."""
        return self.filter(version__in=GuidelineVersion.objects.in_force(today))

    def visible_to(self, user, today: datetime.date | None = None):
        """The sections of the versions `user` may read."""
        return self.filter(version__in=GuidelineVersion.objects.visible_to(user, today))


class Section(models.Model):
    """A heading of a published version and the plain text under it: what
    search finds and links to. Made at publication, never edited."""

    version = models.ForeignKey(
        GuidelineVersion,
        verbose_name=_("versie"),
        on_delete=models.PROTECT,
        related_name="sections",
    )
    principle = models.ForeignKey(
        Principle,
        verbose_name=_("beginsel"),
        on_delete=models.PROTECT,
        related_name="sections",
    )
    position = models.PositiveIntegerField(_("volgorde"))
    level = models.PositiveSmallIntegerField(_("niveau"))
    anchor = models.SlugField(_("anker"), max_length=100)
    title = models.CharField(_("kop"), max_length=300)
    text = models.TextField(_("tekst"), blank=True)
    # Filled on PostgreSQL only (`policy.sections.section_vector`); search
    # reads guidance's own index (`guidance.models.SearchEntry`).
    search_vector = SearchVectorField(_("zoekindex"), null=True, editable=False)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("sectie")
        verbose_name_plural = _("secties")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "anchor"], name="section_anchor_unique"
            ),
        ]
        indexes = [GinIndex(fields=["search_vector"], name="section_search_idx")]

    def __str__(self) -> str:
        return f"{self.version}: {self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.version.guideline.get_absolute_url()}#{self.anchor}"


class ScenarioQuestionQuerySet(models.QuerySet):
    def _refuse_published(self) -> None:
        if self.exclude(version__status=VersionStatus.CONCEPT).exists():
            raise ImmutableRecordError("Questions of published versions are frozen.")

    def update(self, **kwargs):
        self._refuse_published()
        return super().update(**kwargs)

    update.queryset_only = True

    def delete(self):
        self._refuse_published()
        return super().delete()

    delete.queryset_only = True


OPTION_FIELDS = ("option_1", "option_2", "option_3", "option_4")


class ScenarioQuestion(models.Model):
    """A situation from practice, asked before signing: does the reader
    apply the richtlijn? Written with a concept, frozen with its version."""

    version = models.ForeignKey(
        GuidelineVersion,
        verbose_name=_("versie"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    situation = models.TextField(
        _("situatie"), help_text=_("De situatie en de vraag, zoals de lezer hem ziet.")
    )
    option_1 = models.CharField(_("antwoord 1"), max_length=300)
    option_2 = models.CharField(_("antwoord 2"), max_length=300, blank=True)
    option_3 = models.CharField(_("antwoord 3"), max_length=300, blank=True)
    option_4 = models.CharField(_("antwoord 4"), max_length=300, blank=True)
    correct = models.PositiveSmallIntegerField(
        _("goede antwoord"),
        null=True,
        blank=True,
        choices=[(n, str(n)) for n in range(1, 5)],
    )
    explanation = models.TextField(
        _("uitleg"), help_text=_("Waarom dit het goede antwoord is.")
    )
    principle = models.SlugField(
        _("beginsel"),
        max_length=100,
        help_text=_("De kop van de richtlijn die deze vraag toetst."),
    )

    objects = ScenarioQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("scenariovraag")
        verbose_name_plural = _("scenariovragen")
        constraints = [
            models.CheckConstraint(
                condition=Q(correct__isnull=True) | Q(correct__gte=1, correct__lte=4),
                name="question_correct_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.situation[:80]

    def save(self, *args, **kwargs) -> None:
        self._refuse_if_published()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_published()
        return super().delete(*args, **kwargs)

    def _refuse_if_published(self) -> None:
        # By the version, not the stored row: a new question on a published
        # version is refused too.
        if (
            GuidelineVersion.objects.filter(pk=self.version_id)
            .exclude(status=VersionStatus.CONCEPT)
            .exists()
        ):
            raise ImmutableRecordError("Questions of published versions are frozen.")

    @property
    def options(self) -> list[tuple[int, str]]:
        """The filled-in options as (number, text)."""
        return [
            (n, text)
            for n, text in enumerate((getattr(self, f) for f in OPTION_FIELDS), 1)
            if text.strip()
        ]

    def fingerprint(self) -> dict:
        """What the version's hash covers of this question."""
        return {
            "situation": normalise_question_text(self.situation),
            "options": [[n, normalise_question_text(t)] for n, t in self.options],
            "correct": self.correct,
            "explanation": normalise_question_text(self.explanation),
            "principle": self.principle,
        }


def normalise_question_text(text: str) -> str:
    return text.replace("\r\n", "\n").strip()
