from __future__ import annotations

import datetime
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.workdays import add_working_days


class Kind(models.TextChoices):
    COMPLIMENT = "compliment", _("Compliment")
    CRITICISM = "kritiek", _("Kritiek")
    NEWS = "nieuws", _("Nieuws")
    QUESTION = "vraag", _("Vraag: mag ik dit plaatsen?")
    MISTAKE = "fout", _("Fout: ik heb zelf iets geplaatst dat niet had gemogen")


# The kind in one word, for PR's queue (the full label says it to reporters).
KIND_SHORT = {
    Kind.QUESTION: _("Vraag"),
    Kind.MISTAKE: _("Fout"),
}


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    LINKEDIN = "linkedin", "LinkedIn"
    X = "x", "X"
    YOUTUBE = "youtube", "YouTube"
    TIKTOK = "tiktok", "TikTok"
    WHATSAPP = "whatsapp", "WhatsApp"
    NEWS_SITE = "nieuwssite", _("nieuwssite")
    OTHER = "anders", _("anders")


class Status(models.TextChoices):
    NEW = "nieuw", _("nieuw")
    IN_PROGRESS = "in_behandeling", _("in behandeling")
    HANDLED = "afgehandeld", _("afgehandeld")
    NO_ACTION = "geen_actie", _("geen actie nodig")
    REOPENED = "heropend", _("heropend")
    AWAITING_REPORTER = "wacht_op_melder", _("wacht op melder")


# The one table of allowed status moves.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.IN_PROGRESS, Status.AWAITING_REPORTER}),
    Status.IN_PROGRESS: frozenset(
        {Status.HANDLED, Status.NO_ACTION, Status.AWAITING_REPORTER}
    ),
    Status.AWAITING_REPORTER: frozenset(
        {Status.IN_PROGRESS, Status.HANDLED, Status.NO_ACTION}
    ),
    Status.HANDLED: frozenset({Status.REOPENED}),
    Status.NO_ACTION: frozenset({Status.REOPENED}),
    Status.REOPENED: frozenset({Status.IN_PROGRESS, Status.AWAITING_REPORTER}),
}
CLOSED = frozenset({Status.HANDLED, Status.NO_ACTION})

# Platforms where a message has no address to give (a chat, something else).
PLATFORMS_WITHOUT_LINK = frozenset({"whatsapp", "anders"})
# A question has no post yet; a removed post of one's own has no link.
KINDS_WITHOUT_LINK = frozenset({Kind.QUESTION, Kind.MISTAKE})

# Days after closing in which the reporter can still react or ask to reopen.
REACTION_DAYS = 14


class Priority(models.TextChoices):
    NORMAL = "normaal", _("normaal")
    HIGH = "hoog", _("hoog")
    URGENT = "spoed", _("spoed")


# Working days PR has to answer, counted from the day a signal came in.
RESPONSE_DAYS = {Priority.URGENT: 0, Priority.HIGH: 3, Priority.NORMAL: 10}


def due_date_for(priority: str, received: datetime.datetime) -> datetime.date:
    """The day PR's answer is due for a signal of `priority` received then."""
    return add_working_days(timezone.localdate(received), RESPONSE_DAYS[priority])


class SignalQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=CLOSED)

    def overdue(self, today=None):
        # While PR waits for the reporter the clock stands still.
        return (
            self.open()
            .exclude(status=Status.AWAITING_REPORTER)
            .filter(due_date__lt=today or timezone.localdate())
        )

    def counts(self, today=None) -> dict[str, int]:
        """The queue's figures in one query: a count per status, "open" and
        "overdue" (the same rule as `overdue()`)."""
        today = today or timezone.localdate()
        return self.aggregate(
            **{
                status.value: Count("pk", filter=Q(status=status.value))
                for status in Status
            },
            open=Count("pk", filter=~Q(status__in=CLOSED)),
            overdue=Count(
                "pk",
                filter=~Q(status__in=CLOSED)
                & ~Q(status=Status.AWAITING_REPORTER)
                & Q(due_date__lt=today),
            ),
        )

    def of(self, user):
        return self.filter(reporter=user)

    def assigned_to(self, user):
        return self.filter(assignee=user)

    def with_reply_marks(self):
        """Annotate `last_reply_at` (the reporter's newest reaction) and
        `last_pr_at` (the newest change by anyone else): a reply after PR's
        last change is new to PR. Subqueries, so the queue's queries stay
        the same whatever the number of signals."""
        events = SignalEvent.objects.filter(signal=OuterRef("pk")).order_by(
            "-created_at", "-pk"
        )
        return self.annotate(
            last_reply_at=Subquery(
                events.filter(field=SignalEvent.Field.REPLY).values("created_at")[:1]
            ),
            last_pr_at=Subquery(
                events.exclude(actor_id=OuterRef("reporter_id"))
                .exclude(actor__isnull=True)
                .values("created_at")[:1]
            ),
        )

    def triage_order(self):
        """Open before closed, a possible data breach first, urgent before
        normal, oldest due date first."""
        return self.annotate(
            closed_rank=Case(
                When(status__in=CLOSED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            breach_rank=Case(
                When(possible_breach=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            priority_rank=Case(
                When(priority=Priority.URGENT, then=Value(0)),
                When(priority=Priority.HIGH, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        ).order_by(
            "closed_rank", "breach_rank", "priority_rank", "due_date", "-created_at"
        )


# Every character Python's str.splitlines() breaks a line at.
LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")


def one_line(text: str) -> str:
    """`text` on one line: each line break (with the spaces around it)
    becomes one space."""
    return LINE_BREAKS.sub(" ", text or "").strip()


class Signal(models.Model):
    """Something an employee passes to PR en communicatie (principles 2 and 5)."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("melder"),
        on_delete=models.PROTECT,
        related_name="signals",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(
        _("toelichting"),
        help_text=_("Wat heb je gezien? Bij een vraag: de tekst die je wilt plaatsen."),
    )
    url = models.URLField(_("link"), max_length=1000, blank=True)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    seen_on = models.DateField(_("gezien op"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    priority = models.CharField(
        _("prioriteit"),
        max_length=10,
        choices=Priority.choices,
        default=Priority.NORMAL,
    )
    due_date = models.DateField(_("uiterlijk afhandelen op"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_signals",
    )
    answer = models.TextField(
        _("antwoord aan de melder"),
        blank=True,
        help_text=_("De melder ziet dit antwoord en krijgt er een e-mail van."),
    )
    closing_reason = models.TextField(
        _("reden"),
        blank=True,
        help_text=_("Waarom er geen actie nodig is; de melder ziet deze reden."),
    )
    submission_key = models.UUIDField(
        _("inzendsleutel"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Maakt een dubbel verstuurd formulier tot één melding."),
    )
    created_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    waiting_since = models.DateTimeField(
        _("wacht op de melder sinds"),
        null=True,
        blank=True,
        help_text=_("Zolang PR op de melder wacht, loopt de termijn niet."),
    )
    principles = models.ManyToManyField(
        "policy.Principle",
        verbose_name=_("beginselen"),
        blank=True,
        related_name="signals",
        help_text=_("Welke beginselen van de richtlijnen deze melding raakt."),
    )
    # A possible personal-data breach goes to the privacy officer as well;
    # the reporter ticks it, or PR marks it in triage (who and when below).
    possible_breach = models.BooleanField(
        _("mogelijk datalek"),
        default=False,
        help_text=_("Mogelijk zijn gegevens van cliënten of medewerkers gedeeld."),
    )
    breach_marked_at = models.DateTimeField(
        _("als mogelijk datalek gemarkeerd op"), null=True, blank=True
    )
    breach_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("als mogelijk datalek gemarkeerd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SignalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [
            models.Index(
                fields=["reporter", "-created_at"], name="signal_reporter_idx"
            ),
            models.Index(
                fields=["status", "priority", "due_date"], name="signal_triage_idx"
            ),
            models.Index(fields=["closed_at"], name="signal_closed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.HANDLED) | ~Q(answer=""),
                name="signal_closed_with_answer",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.NO_ACTION) | ~Q(closing_reason=""),
                name="signal_no_action_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def save(self, *args, **kwargs):
        self.title = one_line(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reporting:detail", args=[self.pk])

    def clean(self):
        """A link is needed, except for a question ("mag ik dit plaatsen?"),
        a mistake of one's own already removed, and on platforms that have no
        address to give. The title is one line: it becomes a mail's subject,
        where a line break is refused."""
        self.title = one_line(self.title)
        super().clean()
        if (
            self.kind
            and self.kind not in KINDS_WITHOUT_LINK
            and self.platform not in PLATFORMS_WITHOUT_LINK
            and not self.url
        ):
            raise ValidationError(
                {"url": _("Geef de link naar het bericht of artikel op.")},
                code="required",
            )

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    @property
    def is_waiting(self) -> bool:
        return self.status == Status.AWAITING_REPORTER

    @property
    def is_overdue(self) -> bool:
        return (
            not self.is_closed
            and not self.is_waiting
            and self.due_date < timezone.localdate()
        )

    @property
    def reaction_deadline(self):
        """Until when the reporter can react to a closed signal or ask to
        reopen it; None while it is open."""
        if not self.is_closed or self.closed_at is None:
            return None
        return self.closed_at + datetime.timedelta(days=REACTION_DAYS)

    @property
    def can_react(self) -> bool:
        deadline = self.reaction_deadline
        return deadline is not None and timezone.now() <= deadline

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS.get(self.status, frozenset())

    @property
    def has_new_reply(self) -> bool:
        """The reporter reacted after PR's last change (needs
        `with_reply_marks()`)."""
        reply = getattr(self, "last_reply_at", None)
        if reply is None:
            return False
        last_pr = getattr(self, "last_pr_at", None)
        return last_pr is None or reply > last_pr


# Every attachment is stored under this folder of the storage (the sweep of
# unclaimed files looks there).
ATTACHMENT_ROOT = "meldingen"


def attachment_path(instance: Attachment, filename: str) -> str:
    # Callers pass a generated name; the reporter's file name is never a path.
    return f"{ATTACHMENT_ROOT}/{timezone.now():%Y/%m}/{filename}"


def pending_lifetime() -> datetime.timedelta:
    """How long the files of a refused signal form wait for the next try."""
    return datetime.timedelta(seconds=settings.PENDING_FILE_SECONDS)


class AttachmentQuerySet(models.QuerySet):
    def pending(self, now: datetime.datetime | None = None):
        """Uploads of a refused form still waiting to be attached."""
        now = now or timezone.now()
        return self.filter(signal=None, created_at__gte=now - pending_lifetime())

    def expired(self, now: datetime.datetime | None = None):
        """Uploads never attached whose waiting time is over."""
        now = now or timezone.now()
        return self.filter(signal=None, created_at__lt=now - pending_lifetime())


class Attachment(models.Model):
    """A screenshot or PDF. Stored outside the web root, streamed by a view
    to the reporter and PR only. Until its signal is saved (the privacy round
    trip), it belongs to its uploader alone."""

    signal = models.ForeignKey(
        Signal,
        verbose_name=_("melding"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geüpload door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    key = models.UUIDField(
        _("sleutel"), default=uuid.uuid4, unique=True, editable=False
    )
    file = models.FileField(_("bestand"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("oorspronkelijke naam"), max_length=200)
    content_type = models.CharField(_("soort bestand"), max_length=50)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    created_at = models.DateTimeField(_("geüpload op"), default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("reporting:attachment", args=[self.key])

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class SignalEventQuerySet(models.QuerySet):
    def conversation(self):
        """What PR and the reporter said to each other, oldest first: PR's
        questions and answers, the reporter's reactions."""
        return self.filter(
            public=True,
            field__in=[
                SignalEvent.Field.QUESTION,
                SignalEvent.Field.REPLY,
                SignalEvent.Field.ANSWER,
            ],
        ).exclude(new_value="")


class SignalEvent(models.Model):
    """One change of a signal: status, assignee, priority or answer."""

    class Field(models.TextChoices):
        CREATED = "created", _("ingediend")
        STATUS = "status", _("status")
        ASSIGNEE = "assignee", _("behandelaar")
        PRIORITY = "priority", _("prioriteit")
        ANSWER = "answer", _("antwoord")
        CLOSING_REASON = "closing_reason", _("reden")
        QUESTION = "question", _("vraag aan de melder")
        REPLY = "reply", _("reactie van de melder")
        POSSIBLE_BREACH = "possible_breach", _("mogelijk datalek")

    signal = models.ForeignKey(
        Signal,
        verbose_name=_("melding"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    field = models.CharField(_("wat"), max_length=20, choices=Field.choices)
    old_value = models.TextField(_("van"), blank=True)
    new_value = models.TextField(_("naar"), blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    public = models.BooleanField(
        _("zichtbaar voor de melder"),
        default=False,
        help_text=_("Statuswijzigingen en antwoorden ziet de melder; de rest niet."),
    )
    created_at = models.DateTimeField(_("op"), default=timezone.now)

    objects = SignalEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("wijziging")
        verbose_name_plural = _("geschiedenis")

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.old_label} → {self.new_label}"

    def _label(self, value: str) -> str:
        choices = {
            self.Field.STATUS: Status,
            self.Field.CREATED: Status,
            self.Field.PRIORITY: Priority,
        }.get(self.field)
        if choices is not None and value in choices.values:
            return str(choices(value).label)
        return value

    @property
    def old_label(self) -> str:
        return self._label(self.old_value)

    @property
    def new_label(self) -> str:
        return self._label(self.new_value)


class SignalNote(models.Model):
    """An internal note of PR; the reporter never sees it."""

    signal = models.ForeignKey(
        Signal,
        verbose_name=_("melding"),
        on_delete=models.CASCADE,
        related_name="notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("notitie"))
    created_at = models.DateTimeField(_("geschreven op"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("interne notitie")
        verbose_name_plural = _("interne notities")

    def __str__(self) -> str:
        return self.text[:60]


class StandardAnswer(models.Model):
    """A text module PR maintains and inserts into an answer to a reporter."""

    title = models.CharField(_("naam"), max_length=100, unique=True)
    text = models.TextField(_("tekst"))
    active = models.BooleanField(
        _("in gebruik"),
        default=True,
        help_text=_("Alleen standaardantwoorden in gebruik zijn te kiezen."),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("standaardantwoord")
        verbose_name_plural = _("standaardantwoorden")

    def __str__(self) -> str:
        return self.title
