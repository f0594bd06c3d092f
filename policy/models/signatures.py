"""Signatures, wrong attempts before signing, and the one counting rule."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policy.models.common import ImmutableRecordError, add_months, local_today

if TYPE_CHECKING:
    from policy.models.versions import GuidelineVersion


def counting_since(
    interval_months: int | None, today: datetime.date | None = None
) -> datetime.datetime | None:
    """From when a signature must be to count on `today` for a richtlijn
    asked to be signed again every `interval_months`: given after the same
    day `interval_months` ago (None: no interval, it counts however old)."""
    if not interval_months:
        return None
    day = add_months(today or local_today(), -interval_months)
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    )


class ReaderStatus:
    """One reader's status on a version in force: the model
    (`GuidelineVersion`) and the list rows (`policy.models.listing`) both
    inherit it. Reads the version's `signatures_from_number`,
    `signing_deadline` and `guideline.resign_interval_months`, and the
    reader's annotations: `user_signed_number` and `user_signed_at`
    (`with_signature_of`), `in_audience` (`with_audience_of`)."""

    __slots__ = ()

    @property
    def is_signed(self) -> bool:
        """Whether the reader's newest signature counts for this version.

        A signature on an earlier version counts as long as only minor
        versions came after it, and, when the richtlijn asks to sign again
        every so many months, while it is not older (`counting_since`).
        `Signature.objects.counting_for` is the same rule as a query.
        """
        signed = getattr(self, "user_signed_number", None)
        if signed is None or signed < self.signatures_from_number:
            return False
        since = counting_since(self.guideline.resign_interval_months)
        return since is None or self.user_signed_at >= since

    @property
    def needs_signature(self) -> bool:
        """Whether the reader must still sign (see `with_audience_of`)."""
        return getattr(self, "in_audience", True) and not self.is_signed

    @property
    def days_overdue(self) -> int:
        if not self.signing_deadline or not self.needs_signature:
            return 0
        return max(0, (local_today() - self.signing_deadline).days)


def signature_runs_out(
    signed_at: datetime.datetime, interval_months: int
) -> datetime.date:
    """The first day a signature given at `signed_at` no longer counts (see
    `counting_since`)."""
    signed_on = timezone.localdate(signed_at)
    day = add_months(signed_on, interval_months)
    if add_months(day, -interval_months) < signed_on:
        day += datetime.timedelta(days=1)  # the month is shorter: 31 Jan + 1
    return day


def _counting_q(
    version: GuidelineVersion, today: datetime.date | None, *, ever: bool = False
) -> Q:
    q = Q(
        version__guideline_id=version.guideline_id,
        version__number__gte=version.signatures_from_number,
        version__number__lte=version.number,
    )
    since = (
        None
        if ever
        else counting_since(version.guideline.resign_interval_months, today)
    )
    return q if since is None else q & Q(signed_at__gte=since)


class SignatureQuerySet(models.QuerySet):
    def counting_for(self, version: GuidelineVersion, today=None):
        """Signatures that count for `version` on `today`: on it, or carried
        over by minor versions since the last material one, and not older
        than the richtlijn's interval to sign again. The one counting rule."""
        return self.filter(_counting_q(version, today))

    def counted_for(self, version: GuidelineVersion):
        """Signatures that count or counted for `version`: `counting_for`
        however old they are (whose ran out is asked to sign again)."""
        return self.filter(_counting_q(version, None, ever=True))

    def counting_for_any(self, versions, today=None):
        """Signatures that count for any of `versions` (see counting_for)."""
        q = Q(pk__in=[])
        for version in versions:
            q |= _counting_q(version, today)
        return self.filter(q)

    def update(self, **kwargs):
        raise ImmutableRecordError("Signatures cannot be changed.")

    update.queryset_only = True

    def delete(self):
        raise ImmutableRecordError("Signatures cannot be deleted.")

    delete.queryset_only = True


class Signature(models.Model):
    """An employee's "gelezen en begrepen" for one version.

    Never changed or deleted. `text_sha256` is the hash of the exact text the
    employee was shown, so the signature proves what was signed even if a
    later bug touched the version.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    version = models.ForeignKey(
        "policy.GuidelineVersion",
        verbose_name=_("versie"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    signed_at = models.DateTimeField(_("getekend op"), default=timezone.now)
    renewal = models.PositiveSmallIntegerField(
        _("keer opnieuw getekend"),
        default=0,
        help_text=_(
            "0 voor de eerste handtekening op deze versie; 1 en verder als de "
            "richtlijn na een termijn opnieuw is getekend."
        ),
    )
    text_sha256 = models.CharField(_("SHA-256 van de getekende tekst"), max_length=64)
    attempts = models.PositiveSmallIntegerField(
        _("pogingen"),
        default=1,
        help_text=_("Hoe vaak de vragen zijn ingevuld voordat alles goed was."),
    )
    missed_questions = models.ManyToManyField(
        "ScenarioQuestion",
        verbose_name=_("de eerste keer fout beantwoord"),
        blank=True,
        related_name="missed_in",
    )

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("handtekening")
        verbose_name_plural = _("handtekeningen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version", "renewal"],
                name="signature_once_per_version_and_renewal",
            ),
        ]
        indexes = [
            models.Index(fields=["version", "signed_at"], name="signature_version_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.version}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableRecordError("Signatures cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("Signatures cannot be deleted.")


class SignAttempt(models.Model):
    """Wrong attempts at a version's scenario questions by one person, kept
    until they sign (then the signature holds them): the first attempt is the
    first on whatever device or session. Never a lock-out."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    version = models.ForeignKey(
        "policy.GuidelineVersion",
        verbose_name=_("versie"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    wrong_attempts = models.PositiveSmallIntegerField(_("foute pogingen"), default=0)
    missed_questions = models.ManyToManyField(
        "ScenarioQuestion",
        verbose_name=_("de eerste keer fout beantwoord"),
        blank=True,
        related_name="+",
    )
    first_at = models.DateTimeField(_("eerste poging"), default=timezone.now)

    class Meta:
        ordering = ["-first_at"]
        verbose_name = _("poging om te tekenen")
        verbose_name_plural = _("pogingen om te tekenen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version"], name="sign_attempt_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.version}: {self.wrong_attempts}"
