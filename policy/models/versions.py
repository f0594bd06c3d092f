"""The versions of a richtlijn: concepts, publication's freeze, the version
in force and a reader's signature status."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from policy.models.common import ImmutableRecordError, local_today
from policy.models.guidelines import Guideline, audience_of_q, visible_q
from policy.models.signatures import ReaderStatus, Signature

MAX_BODY_LENGTH = 200_000


class VersionStatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    PUBLISHED = "gepubliceerd", _("gepubliceerd")
    WITHDRAWN = "ingetrokken", _("ingetrokken")


# What publication freezes. Only the status may still move, from published to
# withdrawn.
FROZEN_FIELDS = (
    "guideline_id",
    "number",
    "effective_date",
    "published_at",
    "published_by_id",
    "change_summary",
    "is_minor",
    "body",
    "body_html",
    "toc_html",
    "body_sha256",
    "signatures_from_number",
)
_FROZEN_NAMES = set(FROZEN_FIELDS) | {f.removesuffix("_id") for f in FROZEN_FIELDS}


class GuidelineVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=VersionStatus.PUBLISHED)

    def effective(self, today: datetime.date | None = None):
        """Published versions whose date has come, in force or replaced."""
        return self.published().filter(effective_date__lte=today or local_today())

    def visible(self, today: datetime.date | None = None):
        """Versions staff may read: everything that was ever in force."""
        return self.filter(
            status__in=[VersionStatus.PUBLISHED, VersionStatus.WITHDRAWN],
            effective_date__lte=today or local_today(),
        )

    def visible_to(self, user, today: datetime.date | None = None):
        """The versions `user` may read: ever in force (a withdrawn one stays
        readable as evidence) of a richtlijn meant for them. Concepts and
        versions still to come are nobody's to read on the portal."""
        return self.visible(today).filter(visible_q(user, "guideline"))

    def in_force(self, today: datetime.date | None = None):
        """The version in force of each richtlijn: its newest effective one.

        No job switches versions: a version published "from 1 March" simply
        starts to match on 1 March.
        """
        newest = (
            GuidelineVersion.objects.effective(today)
            .filter(guideline=OuterRef("guideline"))
            .order_by("-number")
            .values("pk")[:1]
        )
        return self.effective(today).filter(pk=Subquery(newest))

    def current(self):
        """Published versions in force or still to come: the versions the
        compliance figures are kept for (a replaced version is history)."""
        newer = GuidelineVersion.objects.effective().filter(
            guideline=OuterRef("guideline"), number__gt=OuterRef("number")
        )
        return self.published().exclude(Exists(newer))

    def counted_by(self, signed: GuidelineVersion):
        """The versions a signature on `signed` counts for: the counting rule
        of `SignatureQuerySet.counting_for` read the other way round."""
        return self.filter(
            guideline_id=signed.guideline_id,
            signatures_from_number__lte=signed.number,
            number__gte=signed.number,
        )

    def with_in_force(self, today: datetime.date | None = None):
        """Annotate `is_in_force`: whether each version is its richtlijn's
        version in force."""
        return self.annotate(
            is_in_force=Exists(
                GuidelineVersion.objects.in_force(today).filter(pk=OuterRef("pk"))
            )
        )

    def with_audience_of(self, user):
        """Annotate `in_audience`: whether `user` must sign (`audience_of_q`)."""
        return self.annotate(
            in_audience=ExpressionWrapper(
                audience_of_q(user), output_field=BooleanField()
            )
        )

    def without_text(self):
        """Lists need the metadata, not the text: skip the heavy columns."""
        return self.defer("body", "body_html", "toc_html")

    def with_signature_of(self, user):
        """Annotate the newest signature `user` gave on each version's richtlijn.

        `user_signed_number` and `user_signed_at` let `is_signed` decide,
        without another query, whether that signature still counts.
        """
        newest = Signature.objects.filter(
            user=user, version__guideline=OuterRef("guideline")
        ).order_by("-version__number", "-signed_at")
        return self.annotate(
            user_signed_number=Subquery(newest.values("version__number")[:1]),
            user_signed_at=Subquery(newest.values("signed_at")[:1]),
        )

    def update(self, **kwargs):
        touches_frozen = (
            kwargs.keys() & _FROZEN_NAMES
            or kwargs.get("status", VersionStatus.WITHDRAWN) != VersionStatus.WITHDRAWN
        )
        if touches_frozen and self.exclude(status=VersionStatus.CONCEPT).exists():
            raise ImmutableRecordError("Published versions cannot be changed.")
        return super().update(**kwargs)

    update.queryset_only = True

    def delete(self):
        if self.exclude(status=VersionStatus.CONCEPT).exists():
            raise ImmutableRecordError("Published versions cannot be deleted.")
        return super().delete()

    delete.queryset_only = True


class GuidelineVersion(ReaderStatus, models.Model):
    """One text of a richtlijn. Concepts are edited; publication freezes them."""

    guideline = models.ForeignKey(
        Guideline,
        verbose_name=_("richtlijn"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(
        _("versienummer"),
        null=True,
        blank=True,
        help_text=_("Wordt toegekend bij publicatie."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VersionStatus.choices,
        default=VersionStatus.CONCEPT,
    )
    body = models.TextField(
        _("tekst (Markdown)"),
        blank=True,
        validators=[
            MaxLengthValidator(
                MAX_BODY_LENGTH,
                message=_(
                    "Deze tekst is te lang: hooguit %(limit_value)d tekens "
                    "(nu %(show_value)d). Splits hem op in meer richtlijnen."
                ),
            )
        ],
    )
    change_summary = models.TextField(
        _("samenvatting van de wijziging"),
        blank=True,
        help_text=_("Verplicht vanaf versie 2: wat is er veranderd en waarom?"),
    )
    is_minor = models.BooleanField(
        _("kleine wijziging"),
        default=False,
        help_text=_(
            "Alleen voor tikfouten en opmaak: bestaande handtekeningen blijven "
            "geldig. Een inhoudelijke wijziging vraagt iedereen opnieuw te tekenen."
        ),
    )
    effective_date = models.DateField(_("geldig vanaf"), null=True, blank=True)
    signing_deadline = models.DateField(_("tekenen vóór"), null=True, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepubliceerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    body_html = models.TextField(_("HTML"), blank=True, editable=False)
    toc_html = models.TextField(_("inhoudsopgave"), blank=True, editable=False)
    body_sha256 = models.CharField(
        _("SHA-256 van de tekst"), max_length=64, blank=True, editable=False
    )
    signatures_from_number = models.PositiveIntegerField(
        _("handtekeningen geldig vanaf versie"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Handtekeningen op deze of latere versies tellen voor deze versie; "
            "bij een kleine wijziging is dat een eerdere versie."
        ),
    )
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = GuidelineVersionQuerySet.as_manager()

    class Meta:
        ordering = ["guideline", "-number", "-created_at"]
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        permissions = [
            ("publish_guidelineversion", _("Mag versies publiceren en intrekken")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["guideline", "number"], name="version_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.CONCEPT)
                | Q(
                    number__isnull=False,
                    effective_date__isnull=False,
                    published_at__isnull=False,
                    signatures_from_number__isnull=False,
                )
                & ~Q(body_sha256=""),
                name="version_published_is_complete",
            ),
            models.UniqueConstraint(
                fields=["guideline"],
                condition=Q(status=VersionStatus.CONCEPT),
                name="version_one_concept_per_guideline",
                violation_error_message=_(
                    "Deze richtlijn heeft al een concept; werk dat bij."
                ),
            ),
        ]
        indexes = [
            models.Index(
                fields=["guideline", "status", "effective_date", "number"],
                name="version_in_force_idx",
            ),
        ]

    def __str__(self) -> str:
        if self.number is None:
            return f"{self.guideline} – {_('concept')}"
        return f"{self.guideline} – {_('versie')} {self.number}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            self._refuse_frozen_changes()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.number is None:
            # A concept has no page on the portal; its place is the admin.
            return reverse("admin:policy_guidelineversion_change", args=[self.pk])
        return reverse("policy:version", args=[self.guideline.slug, self.number])

    def delete(self, *args, **kwargs):
        if self.pk is not None and (
            GuidelineVersion.objects.filter(pk=self.pk)
            .exclude(status=VersionStatus.CONCEPT)
            .exists()
        ):
            raise ImmutableRecordError("Published versions cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_concept(self) -> bool:
        return self.status == VersionStatus.CONCEPT

    @property
    def signature_ran_out(self) -> bool:
        """Whether the annotated user signed this very version, but longer
        ago than the richtlijn's interval: they are asked again."""
        return (
            getattr(self, "user_signed_number", None) == self.number
            and not self.is_signed
        )

    def signers(self, users=None, today=None):
        """The people in the audience, out of `users`, with a signature that
        counts for this version (on `today`)."""
        counting = Signature.objects.counting_for(self, today)
        return self.guideline.audience(users).filter(
            Exists(counting.filter(user=OuterRef("pk")))
        )

    def unsigned(self, users=None, today=None):
        """The people in the audience, out of `users`, who have not signed
        this version (nor one whose signature still counts on `today`): the
        one answer for the pages, the exports, the reminders and the overdue
        list."""
        counting = Signature.objects.counting_for(self, today)
        return self.guideline.audience(users).exclude(
            Exists(counting.filter(user=OuterRef("pk")))
        )

    def _refuse_frozen_changes(self) -> None:
        stored = (
            GuidelineVersion.objects.filter(pk=self.pk)
            .values("status", *FROZEN_FIELDS)
            .first()
        )
        if stored is None or stored["status"] == VersionStatus.CONCEPT:
            return
        changed = [f for f in FROZEN_FIELDS if getattr(self, f) != stored[f]]
        if changed:
            raise ImmutableRecordError(
                f"Published version {self.pk} is frozen; refused to change "
                + ", ".join(changed)
            )
        if self.status == VersionStatus.CONCEPT or (
            stored["status"] == VersionStatus.WITHDRAWN
            and self.status != VersionStatus.WITHDRAWN
        ):
            raise ImmutableRecordError(
                f"Version {self.pk} cannot move back from {stored['status']}."
            )


def in_force_for(user, today: datetime.date | None):
    """The versions in force `user` may read, with their signature and
    whether they must sign it, and their richtlijn in the same query."""
    return (
        GuidelineVersion.objects.in_force(today)
        .visible_to(user, today)
        .with_signature_of(user.pk)
        .with_audience_of(user)
        .select_related("guideline")
    )


def version_in_force_for(user, slug: str, today: datetime.date | None = None):
    """The version in force of richtlijn `slug` with `user`'s status, or None
    (also when `user` may not read it)."""
    found = list(in_force_for(user, today).filter(guideline__slug=slug))
    return found[0] if found else None
