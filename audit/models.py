"""The append-only audit log of security events (NEN 7513, OWASP ASVS L2)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit import events
from audit.chain import chain_head, entry_hash


class AppendOnlyError(Exception):
    """Audit entries are never changed or deleted, except by the purge."""


class UnknownEventError(ValueError):
    """An entry's action is no event an app registered (`audit.events`)."""


class Action(models.TextChoices):
    """The audit log's own events: logins, refusals, exports, the purge.
    Other apps declare theirs (see `audit.events`)."""

    LOGIN = "login", _("ingelogd")
    LOGIN_FAILED = "login_failed", _("inloggen mislukt")
    LOGOUT = "logout", _("uitgelogd")
    PASSWORD_CHANGED = "password_changed", _("wachtwoord gewijzigd")
    PASSWORD_SET = "password_set", _("wachtwoord ingesteld")
    PASSWORD_RESET = "password_reset", _("wachtwoord hersteld")
    MFA_ADDED = "mfa_added", _("tweede factor toegevoegd")
    MFA_REMOVED = "mfa_removed", _("tweede factor verwijderd")
    MFA_RESET = "mfa_reset", _("tweede factor vernieuwd")
    MFA_FAILED = "mfa_failed", _("tweede factor mislukt")
    EXPORT = "export", _("export gedownload")
    ACCESS_DENIED = "access_denied", _("toegang geweigerd")
    CSRF_FAILED = "csrf_failed", _("formulier geweigerd (CSRF)")
    RATE_LIMITED = "rate_limited", _("te veel pogingen")
    AUDIT_PURGED = "audit_purged", _("auditlog opgeschoond")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit entries cannot be deleted; see purge_older_than.")

    def purge_older_than(self, cutoff: datetime.datetime) -> int:
        """The one way to remove entries: those recorded before `cutoff`.

        Called only by `audit.services.audit_purge` (the `purge_audit`
        command), which applies the retention period and records the purge.
        Goes around this class's refusing `delete()` on purpose.
        """
        deleted, _per_model = models.QuerySet.delete(self.filter(at__lt=cutoff))
        return deleted


class AuditEvent(models.Model):
    at = models.DateTimeField(
        _("tijdstip"),
        default=timezone.now,
        help_text=_("Opgeslagen in UTC."),
    )
    # The apps register their events (`audit.events`): a new one needs no
    # migration here.
    action = models.CharField(
        _("gebeurtenis"), max_length=events.MAX_LENGTH, choices=events.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        # The (actor, at) index serves the lookups by actor.
        db_index=False,
        help_text=_("Wie het deed; leeg bij een beheeropdracht of onbekende bezoeker."),
    )
    actor_email = models.CharField(
        _("e-mail van wie het deed"),
        max_length=254,
        blank=True,
        help_text=_("Bewaard zoals het was, ook als het account later verdwijnt."),
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("namens wie / over wie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "NEN 7513 „namens wie”: de persoon om wiens gegevens het gaat, zoals "
            "de melder van een melding die PR opent."
        ),
    )
    on_behalf_of_label = models.CharField(
        _("namens wie (zoals vastgelegd)"),
        max_length=254,
        blank=True,
        help_text=_(
            "Het e-mailadres van die persoon; bij een beheeropdracht "
            "(manage.py) „os:” en de gebruiker van het besturingssysteem die hem "
            "startte."
        ),
    )
    object_type = models.CharField(
        _("soort object"),
        max_length=100,
        blank=True,
        help_text=_("Het model, bijvoorbeeld reporting.signal."),
    )
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    details = models.JSONField(
        _("details"),
        default=dict,
        blank=True,
        help_text=_("Uitkomst en omstandigheden; nooit wachtwoorden."),
    )
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    previous_hash = models.CharField(
        _("hash van de vorige regel"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Maakt van het auditlog een keten: zie verify_evidence."),
    )
    entry_hash = models.CharField(
        _("hash van deze regel"), max_length=64, blank=True, editable=False
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["at"], name="audit_at"),
            models.Index(fields=["action", "at"], name="audit_action_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        """Insert only: an entry that exists is never written again. Each new
        entry is chained to the one before it (`audit.chain`), under a lock
        held until the transaction that inserts it ends. Its action must be a
        registered event."""
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        if not events.is_registered(self.action):
            raise UnknownEventError(
                f"{self.action!r} is no registered audit event (see audit.events)."
            )
        kwargs["force_insert"] = True
        with transaction.atomic(savepoint=False):
            self.previous_hash = chain_head()
            self.entry_hash = entry_hash(self, self.previous_hash)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted; see purge_older_than.")
