"""The outbox: one row per message and recipient, the source of truth for
what was sent, what waits and what failed (see outbox/delivery.py)."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A breach message waiting longer than this makes /health/ answer 503: the
# privacy officer's 72 hours are running.
URGENT_WAIT = datetime.timedelta(hours=1)


class Kind(models.TextChoices):
    ORDINARY = "gewoon", _("gewoon")
    # A possible data breach: the privacy officer's 72-hour clock runs, so
    # /health/ answers 503 when one waits too long, and a failure is also
    # reported to the privacy officer.
    DATALEK = "datalek", _("datalek")
    # The report that other messages could not be delivered; it never
    # reports about itself.
    FAILURE_REPORT = "storing", _("storingsmelding")


class Status(models.TextChoices):
    PENDING = "wachtend", _("wacht op verzending")
    SENT = "verzonden", _("verzonden")
    FAILED = "mislukt", _("mislukt")


class MessageQuerySet(models.QuerySet):
    def undelivered(self):
        return self.exclude(status=Status.SENT)

    def waiting(self):
        return self.filter(status=Status.PENDING)

    def due(self, now: datetime.datetime | None = None):
        return self.waiting().filter(next_attempt_at__lte=now or timezone.now())

    def backlog(self, now: datetime.datetime | None = None) -> dict:
        """What /health/ reports: how many messages are not delivered, how
        many minutes the oldest has waited, and whether a breach message has
        waited longer than URGENT_WAIT."""
        now = now or timezone.now()
        undelivered = self.undelivered()
        oldest = undelivered.order_by("created_at").values_list(
            "created_at", flat=True
        )[:1]
        oldest = oldest[0] if oldest else None
        return {
            "count": undelivered.count(),
            "oldest_minutes": int((now - oldest).total_seconds() // 60)
            if oldest
            else 0,
            "urgent_late": undelivered.filter(
                kind=Kind.DATALEK, created_at__lt=now - URGENT_WAIT
            ).exists(),
        }

    def failed_unreported(self):
        return self.filter(status=Status.FAILED, failure_reported_at=None)


class Message(models.Model):
    template = models.CharField(_("sjabloon"), max_length=100)
    kind = models.CharField(
        _("soort"), max_length=10, choices=Kind.choices, default=Kind.ORDINARY
    )
    to = models.EmailField(_("aan"), max_length=254)
    subject = models.CharField(_("onderwerp"), max_length=255)
    body = models.TextField(_("tekst"))
    html = models.TextField(_("HTML"), blank=True)
    reply_to = models.CharField(_("antwoord naar"), max_length=254, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    # Addresses besides the superusers to tell when this message fails for
    # good (the privacy officer for a breach message).
    failure_contacts = models.JSONField(
        _("bij mislukken ook melden aan"), default=list, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    sent_at = models.DateTimeField(_("verzonden"), null=True, blank=True)
    failed_at = models.DateTimeField(_("mislukt op"), null=True, blank=True)
    failure_reported_at = models.DateTimeField(
        _("storing gemeld"), null=True, blank=True
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mailbericht")
        verbose_name_plural = _("e-mailberichten")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"], name="outbox_status_next"
            ),
            models.Index(fields=["status", "created_at"], name="outbox_status_made"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="verzonden")
                | models.Q(sent_at__isnull=False),
                name="outbox_sent_has_moment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
