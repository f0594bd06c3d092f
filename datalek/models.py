"""The datalekregister: every possible personal-data breach, as the AVG asks
(article 33(5): facts, effects and remedies), with the 72 hours to notify the
Autoriteit Persoonsgegevens (article 33(1))."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from reporting.models import Signal

# The AVG's clock: clock hours, weekends and holidays included.
NOTIFY_WITHIN = datetime.timedelta(hours=72)
URGENT_WITHIN = datetime.timedelta(hours=24)
# Characters of "what happened" in the register's list.
SUMMARY_LENGTH = 90


class Status(models.TextChoices):
    REPORTED = "gemeld", _("gemeld")
    UNDER_ASSESSMENT = "in_beoordeling", _("in beoordeling")
    NOTIFIED_AP = "gemeld_ap", _("gemeld bij de AP")
    NOT_NOTIFIED = "niet_gemeld", _("niet gemeld, met reden")
    CLOSED = "afgesloten", _("afgesloten")


class Decision(models.TextChoices):
    NOTIFY = "melden", _("melden bij de AP")
    DO_NOT_NOTIFY = "niet_melden", _("niet melden bij de AP")


class Informed(models.TextChoices):
    YES = "ja", _("ja")
    NO = "nee", _("nee")


class PeopleCategory(models.TextChoices):
    CLIENTS = "clienten", _("cliënten")
    FOSTER_CHILDREN = "pleegkinderen", _("pleegkinderen")
    STAFF = "medewerkers", _("medewerkers")
    OTHERS = "anderen", _("anderen")


class DataCategory(models.TextChoices):
    CONTACT_DETAILS = "naam", _("naam, adres of andere contactgegevens")
    IMAGES = "beeld", _("foto's of video's")
    BSN = "bsn", _("burgerservicenummer")
    HEALTH = "gezondheid", _("gezondheid (bijzonder persoonsgegeven)")
    YOUTH_CARE_RECORDS = "jeugdzorg", _("jeugdzorg- of dossiergegevens")
    CRIMINAL_RECORDS = "strafrecht", _("strafrechtelijke gegevens")
    OTHER = "anders", _("andere gegevens")


class Source(models.TextChoices):
    REPORTER = "melder", _("aangevinkt door de melder")
    PR = "pr", _("gemarkeerd door PR en communicatie")


class BreachQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Status.CLOSED)

    def undecided(self):
        return self.filter(decision="")

    def register_order(self):
        """Open before closed; open ones by the deadline, soonest first."""
        return self.annotate(
            closed_rank=Case(
                When(status=Status.CLOSED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        ).order_by("closed_rank", "aware_at", "-closed_at", "-pk")


class Breach(models.Model):
    """One (possible) data breach. The record is the source of truth: it is
    stored with its signal, whatever happens to the mail that announces it,
    and it outlives the signal (whose text and files go at their retention)."""

    signal = models.OneToOneField(
        Signal,
        verbose_name=_("melding"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="breach",
    )
    signal_number = models.PositiveBigIntegerField(
        _("meldingnummer"), help_text=_("Blijft staan als de melding is opgeruimd.")
    )
    source = models.CharField(_("herkomst"), max_length=10, choices=Source.choices)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld of gemarkeerd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(
        _("binnengekomen op"),
        help_text=_("Het moment van de melding of de markering; verandert niet."),
    )
    aware_at = models.DateTimeField(
        _("Sterk Huis wist het sinds"),
        help_text=_(
            "Hier begint de termijn van 72 uur. Standaard het moment van de "
            "melding; pas het aan als iemand het eerder wist, met een reden."
        ),
    )
    aware_at_reason = models.TextField(
        _("reden van de correctie"),
        blank=True,
        help_text=_("Nodig als het moment afwijkt van het moment van de melding."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REPORTED
    )
    # The fields of the AP's own notification form.
    description = models.TextField(_("wat is er gebeurd"), blank=True)
    people_categories = models.JSONField(_("om wie gaat het"), default=list, blank=True)
    data_categories = models.JSONField(_("welke gegevens"), default=list, blank=True)
    people_count = models.PositiveIntegerField(
        _("ongeveer hoeveel personen"), null=True, blank=True
    )
    consequences = models.TextField(_("mogelijke gevolgen"), blank=True)
    measures_taken = models.TextField(_("genomen maatregelen"), blank=True)
    measures_planned = models.TextField(_("geplande maatregelen"), blank=True)
    decision = models.CharField(
        _("besluit over melden bij de AP"),
        max_length=20,
        choices=Decision.choices,
        blank=True,
    )
    decision_reason = models.TextField(_("reden van het besluit"), blank=True)
    ap_notified_at = models.DateTimeField(
        _("gemeld bij de AP op"), null=True, blank=True
    )
    ap_reference = models.CharField(_("kenmerk van de AP"), max_length=100, blank=True)
    subjects_informed = models.CharField(
        _("betrokkenen geïnformeerd"),
        max_length=5,
        choices=Informed.choices,
        blank=True,
    )
    subjects_informed_reason = models.TextField(
        _("waarom (niet)"), blank=True, help_text=_("Nodig als je „nee” kiest.")
    )
    created_at = models.DateTimeField(_("geregistreerd op"), default=timezone.now)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    objects = BreachQuerySet.as_manager()

    class Meta:
        ordering = ["-aware_at", "-pk"]
        verbose_name = _("datalek")
        verbose_name_plural = _("datalekken")
        indexes = [
            models.Index(fields=["status", "aware_at"], name="breach_register_idx"),
            models.Index(fields=["closed_at"], name="breach_closed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.CLOSED) | ~Q(decision=""),
                name="breach_closed_with_decision",
            ),
            models.CheckConstraint(
                condition=Q(ap_notified_at__isnull=True)
                | Q(ap_notified_at__gte=F("aware_at")),
                name="breach_notified_after_aware",
            ),
        ]

    def __str__(self) -> str:
        # One number per breach, the same on its page, in the register and
        # in every mail: the record's own.
        return _("Datalek %(id)s") % {"id": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("datalek:detail", args=[self.pk])

    @property
    def deadline(self) -> datetime.datetime:
        """When the 72 hours to notify the AP run out: derived, never stored,
        so it cannot be edited apart from the moment of awareness."""
        return self.aware_at + NOTIFY_WITHIN

    def time_left(self, now: datetime.datetime | None = None) -> datetime.timedelta:
        return self.deadline - (now or timezone.now())

    def hours_left(self, now: datetime.datetime | None = None) -> int:
        """Whole hours left (negative once passed), rounded down."""
        return int(self.time_left(now).total_seconds() // 3600)

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def summary(self) -> str:
        """What happened, in a line: the privacy officer's own description
        once written, else the title of the signal (while it is kept)."""
        text = self.description.strip().splitlines()[0] if self.description else ""
        if not text and self.signal_id and self.signal:
            text = self.signal.title
        return Truncator(text).chars(SUMMARY_LENGTH) if text else ""

    @property
    def ap_status(self) -> str:
        """Where the breach stands, in the words the AP uses."""
        if self.decision == Decision.DO_NOT_NOTIFY:
            return str(_("niet gemeld: geen risico"))
        if self.decision == Decision.NOTIFY and self.ap_notified_at:
            return _("gemeld bij de AP op %(moment)s") % {
                "moment": text_moment(self.ap_notified_at)
            }
        if self.decision == Decision.NOTIFY:
            return str(_("te melden bij de AP"))
        return str(_("nog te beoordelen"))

    @property
    def clock_running(self) -> bool:
        """The deadline matters while nobody has decided about notifying."""
        return not self.is_closed and not self.decision

    def is_urgent(self, now: datetime.datetime | None = None) -> bool:
        return self.clock_running and self.time_left(now) < URGENT_WITHIN

    def people_category_labels(self) -> list[str]:
        return _labels(PeopleCategory, self.people_categories)

    def data_category_labels(self) -> list[str]:
        return _labels(DataCategory, self.data_categories)

    def _check_awareness(self, refuse, now: datetime.datetime) -> None:
        """The moment of awareness: not in the future, never later than the
        signal or marking came in, and moved only with a reason."""
        if self.aware_at and self.aware_at > now:
            refuse("aware_at", _("Dit moment ligt in de toekomst."))
        elif self.aware_at and self.reported_at and self.aware_at > self.reported_at:
            # The portal knew from the moment the signal or the marking came
            # in: a later moment would move the AP's deadline later.
            refuse(
                "aware_at",
                _(
                    "Sterk Huis wist het uiterlijk op %(reported)s, toen de melding "
                    "of de markering binnenkwam. Een eerder moment kan, met een "
                    "reden; een later niet."
                )
                % {"reported": text_moment(self.reported_at)},
            )
        if (
            self.aware_at
            and self.reported_at
            and self.aware_at != self.reported_at
            and not self.aware_at_reason.strip()
        ):
            refuse(
                "aware_at_reason",
                _(
                    "Geef een reden waarom Sterk Huis het op een ander moment "
                    "wist dan het moment van de melding."
                ),
            )

    def clean(self) -> None:
        errors: dict[str, list] = {}

        def refuse(field: str, message) -> None:
            errors.setdefault(field, []).append(message)

        now = timezone.now()
        self._check_awareness(refuse, now)
        if self.ap_notified_at:
            if self.aware_at and self.ap_notified_at < self.aware_at:
                refuse(
                    "ap_notified_at",
                    _(
                        "Het lek kan niet bij de AP gemeld zijn voordat Sterk Huis "
                        "ervan wist."
                    ),
                )
            if self.ap_notified_at > now:
                refuse("ap_notified_at", _("Dit moment ligt in de toekomst."))
        if self.decision and not self.decision_reason.strip():
            refuse("decision_reason", _("Geef de reden van het besluit."))
        if self.status == Status.CLOSED and not self.decision:
            refuse(
                "decision",
                _(
                    "Leg eerst vast of het lek bij de AP gemeld wordt (en waarom), "
                    "voordat je het afsluit."
                ),
            )
        if self.status == Status.NOTIFIED_AP and self.decision != Decision.NOTIFY:
            refuse(
                "status", _("„Gemeld bij de AP” past alleen bij het besluit melden.")
            )
        if (
            self.status == Status.NOT_NOTIFIED
            and self.decision != Decision.DO_NOT_NOTIFY
        ):
            refuse(
                "status", _("„Niet gemeld” past alleen bij het besluit niet melden.")
            )
        if (
            self.decision == Decision.NOTIFY
            and self.status in {Status.NOTIFIED_AP, Status.CLOSED}
            and not self.ap_notified_at
        ):
            refuse("ap_notified_at", _("Vul in wanneer het lek bij de AP is gemeld."))
        if (
            self.subjects_informed == Informed.NO
            and not self.subjects_informed_reason.strip()
        ):
            refuse(
                "subjects_informed_reason",
                _("Geef aan waarom de betrokkenen niet zijn geïnformeerd."),
            )
        for field, choices in (
            ("people_categories", PeopleCategory),
            ("data_categories", DataCategory),
        ):
            value = getattr(self, field)
            if not isinstance(value, list) or set(value) - set(choices.values):
                refuse(field, _("Kies uit de lijst."))
        if errors:
            raise ValidationError(errors)


def text_moment(moment: datetime.datetime | None) -> str:
    """A moment as the portal writes it in text: "3 december 2026, 13:01"."""
    if moment is None:
        return ""
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def _labels(choices, values) -> list[str]:
    known = dict(choices.choices)
    return [str(known[v]) for v in values if v in known]


class Reminder(models.Model):
    """A reminder mailed about one breach; each stage is sent once."""

    class Stage(models.TextChoices):
        H48 = "48h", _("48 uur voor de termijn")
        H24 = "24h", _("24 uur voor de termijn")
        H4 = "4h", _("4 uur voor de termijn")
        PASSED = "verlopen", _("termijn verlopen")

    breach = models.ForeignKey(
        Breach,
        verbose_name=_("datalek"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    stage = models.CharField(_("moment"), max_length=10, choices=Stage.choices)
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    mailed = models.BooleanField(
        _("gemaild"),
        default=True,
        help_text=_("Nee: overgeslagen omdat een latere herinnering al nodig was."),
    )

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            models.UniqueConstraint(
                fields=["breach", "stage"], name="reminder_once_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.breach}: {self.get_stage_display()}"


# Time left on the clock at which each reminder is due, earliest first.
REMINDER_STAGES: list[tuple[str, datetime.timedelta]] = [
    (Reminder.Stage.H48, datetime.timedelta(hours=48)),
    (Reminder.Stage.H24, datetime.timedelta(hours=24)),
    (Reminder.Stage.H4, datetime.timedelta(hours=4)),
    (Reminder.Stage.PASSED, datetime.timedelta(0)),
]


class BreachChange(models.Model):
    """One change of a breach record, kept on the record as its history: who
    changed what, when, from what to what, and why (a reason is required for
    a moved moment of awareness and for any change of a closed record, such
    as reopening it). Never changed or deleted on its own."""

    breach = models.ForeignKey(
        Breach,
        verbose_name=_("datalek"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    changed_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    field = models.CharField(_("gegeven"), max_length=40)
    old_value = models.TextField(_("was"), blank=True)
    new_value = models.TextField(_("werd"), blank=True)
    reason = models.TextField(_("reden"), blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("wijziging van een datalek")
        verbose_name_plural = _("wijzigingen van datalekken")
        indexes = [
            models.Index(fields=["breach", "changed_at"], name="breach_change_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.breach_id}: {self.field} ({self.changed_at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError(_("Een wijziging in de geschiedenis blijft staan."))
        super().save(*args, **kwargs)

    @property
    def field_label(self) -> str:
        try:
            return str(Breach._meta.get_field(self.field).verbose_name)
        except FieldDoesNotExist:
            return self.field

    def describe(self) -> str:
        """One line for the export: when, who, what from and to, why."""
        text = _("%(when)s, %(who)s: %(field)s van „%(old)s” naar „%(new)s”") % {
            "when": text_moment(self.changed_at),
            "who": self.changed_by or _("onbekend"),
            "field": self.field_label,
            "old": self.old_value,
            "new": self.new_value,
        }
        if self.reason:
            text += " " + _("(reden: %(reason)s)") % {"reason": self.reason}
        return text
