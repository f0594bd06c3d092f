"""The reminders and weekly digests sent, recorded so none repeats."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policy.models.versions import GuidelineVersion


class Reminder(models.Model):
    """A reminder e-mail sent about one version, recorded so it never repeats."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    version = models.ForeignKey(
        GuidelineVersion,
        verbose_name=_("versie"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    kind = models.CharField(
        _("soort"),
        max_length=30,
        help_text=_("effective, deadline-soon of overdue-N (week N na de deadline)"),
    )
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version", "kind"], name="reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.version} – {self.kind}"


class ManagerDigest(models.Model):
    """The weekly overview of overdue people a manager received."""

    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leidinggevende"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    week = models.CharField(_("week"), max_length=8, help_text=_("ISO-week, 2026-W48"))
    people = models.PositiveIntegerField(_("aantal mensen"))
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("overzicht voor leidinggevende")
        verbose_name_plural = _("overzichten voor leidinggevenden")
        constraints = [
            models.UniqueConstraint(fields=["manager", "week"], name="digest_once"),
        ]

    def __str__(self) -> str:
        return f"{self.manager} – {self.week}"


class PartnerDigest(models.Model):
    """The weekly overview a contact person received of their partners in
    zorg who have not signed."""

    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contactpersoon"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    week = models.CharField(_("week"), max_length=8, help_text=_("ISO-week, 2026-W48"))
    partners = models.PositiveIntegerField(_("aantal partners"))
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("overzicht voor contactpersoon")
        verbose_name_plural = _("overzichten voor contactpersonen")
        constraints = [
            models.UniqueConstraint(
                fields=["contact_person", "week"], name="partner_digest_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact_person} – {self.week}"
