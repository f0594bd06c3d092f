"""Four eyes before publishing (vrijgave): a concept is published only after
someone other than its authors approved exactly that text and those
questions.

`ReviewRequest` is the question to a reviewer or a group; `ReviewDecision`
is the answer, kept as evidence with the hash of what was decided on. An
approval counts while the concept still hashes the same, so any edit after
it (text, Word import or scenario questions) voids it without anyone having
to remember.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import roles


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("wacht op beoordeling")
    APPROVED = "goedgekeurd", _("goedgekeurd")
    RETURNED = "teruggestuurd", _("teruggestuurd")
    CANCELLED = "vervallen", _("vervallen")


class Decision(models.TextChoices):
    APPROVE = "approve", _("goedgekeurd")
    RETURN = "return", _("teruggestuurd")
    # Published by `import_guideline --publish` without an approval in the
    # portal: allowed for the operator, and said so wherever it shows.
    WAIVED = "waived", _("zonder vrijgave in het portaal ingelezen")


class ReviewRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ReviewStatus.OPEN)

    def waiting_for(self, user):
        """Open requests `user` may decide on: asked of them or of one of
        their groups (superusers: every open request), concepts only, never
        for a concept they worked on."""
        waiting = self.open().filter(version__status="concept")
        if not roles.may_review(user):
            return waiting.none()
        if not user.is_superuser:
            waiting = waiting.filter(
                Q(reviewer=user) | Q(reviewer_group__in=user.groups.all())
            )
        return waiting.exclude(requested_by=user).exclude(version__created_by=user)


class ReviewRequest(models.Model):
    """Beleid asks a reviewer, or anyone of a group, to approve a concept."""

    version = models.ForeignKey(
        "policy.GuidelineVersion",
        verbose_name=_("concept"),
        on_delete=models.CASCADE,
        related_name="review_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gevraagd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg: via import_guideline op de opdrachtregel."),
    )
    requested_at = models.DateTimeField(_("gevraagd op"), default=timezone.now)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordelaar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewer_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("groep"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("toelichting"), blank=True)
    content_sha256 = models.CharField(_("SHA-256 bij de aanvraag"), max_length=64)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.OPEN,
    )
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("beoordelingsverzoek")
        verbose_name_plural = _("beoordelingsverzoeken")
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewer__isnull=False, reviewer_group__isnull=True)
                | Q(reviewer__isnull=True, reviewer_group__isnull=False),
                name="review_request_one_reviewer_or_group",
            ),
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(status="open"),
                name="review_request_one_open_per_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} – {self.reviewer_label}"

    @property
    def reviewer_label(self) -> str:
        if self.reviewer is not None:
            return person_name(self.reviewer)
        return roles.ROLE_LABELS.get(self.reviewer_group.name, self.reviewer_group.name)


class ReviewDecisionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableDecisionError("Review decisions cannot be changed.")

    update.queryset_only = True

    def delete(self):
        raise ImmutableDecisionError("Review decisions cannot be deleted.")

    delete.queryset_only = True


class ImmutableDecisionError(Exception):
    """A review decision is evidence: it is never changed or deleted."""


class ReviewDecision(models.Model):
    """A reviewer's approval or return of one concept, with the hash of the
    text and questions decided on. Never changed or deleted."""

    version = models.ForeignKey(
        "policy.GuidelineVersion",
        verbose_name=_("versie"),
        on_delete=models.CASCADE,
        related_name="review_decisions",
    )
    request = models.ForeignKey(
        ReviewRequest,
        verbose_name=_("verzoek"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decisions",
    )
    decision = models.CharField(_("besluit"), max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("op"), default=timezone.now)
    comment = models.TextField(_("opmerking"), blank=True)
    content_sha256 = models.CharField(
        _("SHA-256 van de beoordeelde inhoud"), max_length=64
    )

    objects = ReviewDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="waived") | Q(decided_by__isnull=False),
                name="review_decision_has_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} – {self.get_decision_display()}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableDecisionError("Review decisions cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableDecisionError("Review decisions cannot be deleted.")

    @property
    def is_approval(self) -> bool:
        return self.decision in (Decision.APPROVE, Decision.WAIVED)

    def describe(self) -> str:
        """ "goedgekeurd door Kim Koster op 3 december 2026, 14:05"."""
        when = date_format(timezone.localtime(self.decided_at), "DATETIME_FORMAT")
        if self.decision == Decision.WAIVED:
            return gettext(
                "zonder vrijgave in het portaal ingelezen via de opdrachtregel "
                "op %(when)s"
            ) % {"when": when}
        if self.decision == Decision.RETURN:
            return gettext("teruggestuurd door %(who)s op %(when)s") % {
                "who": person_name(self.decided_by),
                "when": when,
            }
        return gettext("goedgekeurd door %(who)s op %(when)s") % {
            "who": person_name(self.decided_by),
            "when": when,
        }


def person_name(user) -> str:
    if user is None:
        return gettext("onbekend")
    return user.get_full_name() or user.email


def content_sha256(version) -> str:
    """What an approval covers: the concept's text and its scenario
    questions, hashed as publication will hash them (`body_sha256`)."""
    from policy.questions import version_sha256

    return version_sha256(version.body, version.questions.all())


def concept_authors(version) -> set[int]:
    """The ids of who wrote this concept: who started it, who asked for a
    review, and everyone who changed it in the admin. None of them may
    approve it."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    authors = {version.created_by_id} if version.created_by_id else set()
    authors |= set(version.review_requests.values_list("requested_by_id", flat=True))
    authors |= set(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(version),
            object_id=str(version.pk),
        ).values_list("user_id", flat=True)
    )
    return authors


def newest_decision(version) -> ReviewDecision | None:
    return (
        version.review_decisions.select_related("decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )


def valid_approval(version, sha256: str | None = None) -> ReviewDecision | None:
    """The approval that lets this concept be published: the newest decision,
    when it approved and the concept still hashes as it did then."""
    newest = newest_decision(version)
    if newest is None or newest.decision != Decision.APPROVE:
        return None
    if newest.content_sha256 != (sha256 or content_sha256(version)):
        return None
    return newest


def approval_problem(version, sha256: str) -> str | None:
    """Why this concept may not be published yet (Dutch), or None."""
    newest = newest_decision(version)
    if newest is None:
        return gettext(
            "Dit concept is nog niet goedgekeurd. Vraag op de pagina van het "
            "concept een beoordeling aan: publiceren kan pas nadat een ander "
            "precies deze tekst en vragen heeft goedgekeurd (vier ogen)."
        )
    if newest.decision == Decision.RETURN:
        return gettext(
            "%(who)s heeft dit concept teruggestuurd. Verwerk de opmerking en "
            "vraag opnieuw een beoordeling aan."
        ) % {"who": person_name(newest.decided_by)}
    if newest.content_sha256 != sha256:
        return gettext(
            "De goedkeuring (%(approval)s) is vervallen: de tekst of de "
            "scenariovragen zijn daarna gewijzigd. Vraag opnieuw een "
            "beoordeling aan."
        ) % {"approval": newest.describe()}
    return None


def approvals_counting_for(version) -> dict[int, ReviewDecision]:
    """The approvals of the versions whose signatures count for `version`
    (it and the ones before it that minor versions carried over), by version
    id. One query."""
    decisions = (
        ReviewDecision.objects.filter(
            version__guideline_id=version.guideline_id,
            version__number__gte=version.signatures_from_number,
            version__number__lte=version.number,
            decision__in=[Decision.APPROVE, Decision.WAIVED],
            content_sha256=models.F("version__body_sha256"),
        )
        .select_related("decided_by")
        .order_by("decided_at", "pk")
    )
    return {d.version_id: d for d in decisions}  # the newest wins


def approvals_of(versions) -> dict[int, ReviewDecision]:
    """The approval each published version was published with (the one whose
    hash is the version's), by version id. One query."""
    versions = list(versions)
    wanted = {v.pk: v.body_sha256 for v in versions}
    found: dict[int, ReviewDecision] = {}
    decisions = (
        ReviewDecision.objects.filter(
            version_id__in=wanted, decision__in=[Decision.APPROVE, Decision.WAIVED]
        )
        .select_related("decided_by")
        .order_by("decided_at", "pk")
    )
    for decision in decisions:
        if decision.content_sha256 == wanted[decision.version_id]:
            found[decision.version_id] = decision  # the newest wins
    return found
