"""The compliance figures' read model and the record of exports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from policy.models.versions import GuidelineVersion


class ExportLog(models.Model):
    """Who exported which list of signatures, and when (evidence for auditors)."""

    class Kind(models.TextChoices):
        SIGNATURES_CSV = "handtekeningen.csv", _("handtekeningen (CSV)")
        SIGNATURES_XLSX = "handtekeningen.xlsx", _("handtekeningen (Excel)")
        UNSIGNED_CSV = "niet-getekend.csv", _("niet getekend (CSV)")
        UNSIGNED_XLSX = "niet-getekend.xlsx", _("niet getekend (Excel)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    version = models.ForeignKey(
        GuidelineVersion,
        verbose_name=_("versie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope = models.CharField(_("bereik"), max_length=200)
    created_at = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()} – {self.version}"


class Population(models.TextChoices):
    """The groups the figures count separately."""

    STAFF = "staff", _("medewerkers")
    PARTNER = "partner", _("partners in zorg")


class ComplianceCountQuerySet(models.QuerySet):
    def totals(self) -> dict[str, int]:
        """Signed out of the audience, added up over the rows."""
        totals = self.aggregate(audience=Sum("audience"), signed=Sum("signed"))
        return {key: value or 0 for key, value in totals.items()}


class ComplianceCount(models.Model):
    """How many of one population in one department must sign one version,
    and how many have: the read model behind the compliance pages.

    Kept fresh in the transaction of every signature (`signature_create`
    adds one with an F() update) and counted again, by the rules of
    `Guideline.audience` and `Signature.objects.counting_for`, for the one
    slice a rarer event touches (see `policy.figures`). Only versions in
    force or still to come have rows; a department without anyone to sign
    has none. `population` keeps partners in zorg apart from staff.
    """

    version = models.ForeignKey(
        GuidelineVersion,
        verbose_name=_("versie"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    population = models.CharField(_("groep"), max_length=20, choices=Population.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("afdeling"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    audience = models.PositiveIntegerField(_("moeten tekenen"))
    signed = models.PositiveIntegerField(_("getekend"))

    objects = ComplianceCountQuerySet.as_manager()

    class Meta:
        ordering = ["version", "population", "department"]
        verbose_name = _("nalevingscijfer")
        verbose_name_plural = _("nalevingscijfers")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "population", "department"],
                condition=Q(department__isnull=False),
                name="compliance_count_once",
            ),
            models.UniqueConstraint(
                fields=["version", "population"],
                condition=Q(department__isnull=True),
                name="compliance_count_once_without_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} – {self.population} – {self.department_id}"


class ComplianceDay(models.Model):
    """The figures of one `ComplianceCount` row as they stood at the end of a
    day: the daily rollup behind the chart of signed over time.

    Written with the figures themselves: a signature writes its rows' state
    of today, a recount its slice's, so a day without a row kept the figures
    of the day before. `recount_compliance` builds the history again from the
    signatures (`policy.figures.figures_history_rebuild`).
    """

    version = models.ForeignKey(
        GuidelineVersion,
        verbose_name=_("versie"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    population = models.CharField(_("groep"), max_length=20, choices=Population.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("afdeling"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    day = models.DateField(_("dag"))
    audience = models.PositiveIntegerField(_("moeten tekenen"))
    signed = models.PositiveIntegerField(_("getekend"))

    class Meta:
        ordering = ["version", "day", "population", "department"]
        verbose_name = _("nalevingscijfer per dag")
        verbose_name_plural = _("nalevingscijfers per dag")
        indexes = [models.Index(fields=["version", "day"], name="compliance_day_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "population", "department", "day"],
                condition=Q(department__isnull=False),
                name="compliance_day_once",
            ),
            models.UniqueConstraint(
                fields=["version", "population", "day"],
                condition=Q(department__isnull=True),
                name="compliance_day_once_without_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} – {self.day} – {self.population} – {self.department_id}"
