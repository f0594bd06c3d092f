from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from core.addresses import remembered_reverse


class ImmutableRecordError(Exception):
    """Raised when code tries to change or delete a frozen record.

    Published versions and signatures are evidence: what an employee signed
    must stay exactly what they saw.
    """


def local_today() -> datetime.date:
    return timezone.localdate()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus `months` calendar months; 31 January + 1 is 28/29 February."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


REVIEW_SOON = datetime.timedelta(days=30)


class GuidelineQuerySet(models.QuerySet):
    def review_overdue(self, today: datetime.date | None = None):
        return self.filter(review_due__lt=today or local_today())

    def review_soon(self, today: datetime.date | None = None):
        """Due within 30 days, not yet overdue."""
        today = today or local_today()
        return self.filter(review_due__gte=today, review_due__lte=today + REVIEW_SOON)

    def visible_to(self, user, today: datetime.date | None = None):
        """The richtlijnen `user` may read: published (a version that was
        ever in force, also when withdrawn since) and meant for them
        (`visible_q`). The one answer to "who sees what"; versions, sections,
        principles and published questions follow from it."""
        read = GuidelineVersion.objects.visible(today).filter(guideline=OuterRef("pk"))
        return self.filter(visible_q(user), Exists(read))

    def in_force(self, today: datetime.date | None = None):
        """The richtlijnen with a version in force (not withdrawn)."""
        return self.filter(
            Exists(
                GuidelineVersion.objects.in_force(today).filter(
                    guideline=OuterRef("pk")
                )
            )
        )


class Guideline(models.Model):
    """A richtlijn. Its text lives in its versions."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    audience_all = models.BooleanField(
        _("voor iedereen"),
        default=True,
        help_text=_("Uit: alleen de gekozen afdelingen tekenen en tellen mee."),
    )
    departments = models.ManyToManyField(
        "accounts.Department",
        verbose_name=_("afdelingen"),
        blank=True,
        related_name="guidelines",
        help_text=_("Voor wie de richtlijn geldt als hij niet voor iedereen is."),
    )
    audience_partners = models.BooleanField(
        _("voor partners in zorg"),
        default=False,
        help_text=_(
            "Aan: pleegouders, voogden en andere partners in zorg lezen en tekenen "
            "deze richtlijn. Zij zien alleen de richtlijnen waar dit aan staat. "
            "Alleen voor partners: zet 'voor iedereen' uit en kies geen afdelingen."
        ),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_guidelines",
        limit_choices_to={"groups__name": roles.BELEID, "is_active": True},
        help_text=_("Wie van Beleid de richtlijn bijhoudt en herinneringen krijgt."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("herzien na (maanden)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Elke publicatie zet de datum om te herzien opnieuw."),
    )
    review_due = models.DateField(
        _("herzien vóór"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("De laatste publicatie plus de termijn om te herzien."),
    )
    resign_interval_months = models.PositiveSmallIntegerField(
        _("opnieuw tekenen na (maanden)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "Leeg: een handtekening telt tot een inhoudelijk nieuwe versie. "
            "Bijvoorbeeld 12: wie langer dan 12 maanden geleden tekende, wordt "
            "opnieuw gevraagd te tekenen."
        ),
    )
    # The first day on which time alone may change this richtlijn's figures
    # (a counted signature runs out); the figures' readers count it again
    # from then on (`compliance.figures.figures_catch_up`).
    figures_fresh_until = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    # The handbook (see policy.handbook): where the richtlijn stands in it,
    # and the richtlijnen it touches on.
    chapter = models.ForeignKey(
        "policy.Chapter",
        verbose_name=_("hoofdstuk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guidelines",
    )
    code = models.CharField(
        _("documentcode"),
        max_length=20,
        blank=True,
        help_text=_("De code in het kwaliteitshandboek, bijvoorbeeld KH 4.2."),
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("raakvlakken"),
        blank=True,
        help_text=_(
            "Richtlijnen die hiermee te maken hebben; ze verwijzen naar elkaar."
        ),
    )

    objects = GuidelineQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("richtlijn")
        verbose_name_plural = _("richtlijnen")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="guideline_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return remembered_reverse("policy:detail", self.slug)

    def version_in_force(self, today: datetime.date | None = None):
        return self.versions.effective(today).order_by("-number").first()

    def review_reset(self) -> None:
        """Each publication is a review: the next one is due an interval after
        the newest version takes effect. Also after the interval changes."""
        newest = self.versions.published().order_by("-number").first()
        self.review_due = (
            add_months(newest.effective_date, self.review_interval_months)
            if newest
            else None
        )
        self.save(update_fields=["review_due"])

    def applies_to(self, user) -> bool:
        """Whether `user` is in this richtlijn's audience (must sign), as
        stored: asks the database, not this instance's fields."""
        if roles.is_partner(user):
            # Asked of the stored row: views pass a richtlijn rebuilt from a
            # version's columns (see attach_guideline).
            return (
                user.is_active
                and Guideline.objects.filter(
                    pk=self.pk, audience_partners=True
                ).exists()
            )
        return (
            user.is_active
            and Guideline.objects.filter(pk=self.pk)
            .filter(audience_q(user.department_id or 0, user.job_title, prefix=""))
            .exists()
        )

    def audience(self, users=None):
        """The people who must sign this richtlijn, out of `users` (default:
        everyone): active staff (all, or those of the chosen departments;
        of the chosen job titles only, when there are any) and, when it is
        meant for them, the partners in zorg whose partnership runs.

        The one spelling of the audience rule from the people's side; policy
        asks it of accounts' users (accounts knows nothing of richtlijnen).
        `audience_q` is the same rule from the richtlijnen's side, for a
        query over versions; the figures' property test holds the two equal.
        """
        from accounts.models import current_partner_q, employee_q

        users = User.objects.all() if users is None else users
        who = employee_q()
        if not self.audience_all:
            who &= Q(department__in=self.departments.all())
        titles = GuidelineJobTitle.objects.filter(guideline_id=self.pk)
        who &= ~Q(Exists(titles)) | Q(
            Exists(titles.filter(job_title=OuterRef("job_title")))
        )
        if self.audience_partners:
            who |= current_partner_q()
        return users.filter(who, is_active=True)


def audience_q(
    department_id, job_title: str | None = None, prefix: str = "guideline"
) -> Q:
    """Whether a richtlijn (reached through `prefix`) applies to staff of
    `department_id` with `job_title`: everyone's, or one of its chosen
    departments', and, when it names job titles, one of those (`job_title`
    None: whatever their job). The richtlijnen's side of
    `Guideline.audience`."""
    guideline = OuterRef(f"{prefix}_id" if prefix else "pk")
    chosen = Guideline.departments.through.objects.filter(
        guideline=guideline, department_id=department_id
    )
    q = Q(**{f"{prefix}__audience_all" if prefix else "audience_all": True}) | Q(
        Exists(chosen)
    )
    if job_title is None:
        return q
    titles = GuidelineJobTitle.objects.filter(guideline=guideline)
    return q & (~Q(Exists(titles)) | Q(Exists(titles.filter(job_title=job_title))))


class GuidelineJobTitle(models.Model):
    """A job title from the HR file a richtlijn is meant for (e.g. only
    "ambulant hulpverlener"). None: every job."""

    guideline = models.ForeignKey(
        Guideline,
        verbose_name=_("richtlijn"),
        on_delete=models.CASCADE,
        related_name="job_titles",
    )
    job_title = models.CharField(
        _("functie"),
        max_length=120,
        help_text=_("Zoals in het HR-bestand."),
    )

    class Meta:
        ordering = ["guideline", "job_title"]
        verbose_name = _("functie")
        verbose_name_plural = _("functies")
        constraints = [
            models.UniqueConstraint(
                fields=["guideline", "job_title"], name="guideline_job_title_once"
            ),
        ]

    def __str__(self) -> str:
        return self.job_title


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


def visible_q(user, prefix: str = "") -> Q:
    """Whether a richtlijn (reached through `prefix`, e.g. "guideline") is
    one `user` may read. Reading is open to all staff, whatever the audience
    (signing and counting follow `audience_q`); a partner in zorg reads only
    the richtlijnen meant for partners; nobody else reads any. The one
    spelling of who sees what: every `visible_to` is built on it."""
    field = f"{prefix}__" if prefix else ""
    if not (user.is_authenticated and user.is_active):
        return Q(**{f"{field}pk__in": []})
    if roles.is_partner(user):
        return Q(**{f"{field}audience_partners": True})
    return Q()


# A richtlijn is read in one sitting; 200,000 characters is some 60 pages.
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

    def with_audience_of(self, department_id, job_title: str | None = None):
        """Annotate `in_audience`: whether staff of `department_id` with
        `job_title` (None: whatever job) must sign."""
        return self.annotate(
            in_audience=ExpressionWrapper(
                audience_q(department_id, job_title), output_field=BooleanField()
            )
        )

    def with_guideline_names(self):
        """The richtlijn's slug and title as columns (see `attach_guideline`)."""
        return self.annotate(
            guideline_slug=F("guideline__slug"),
            guideline_title=F("guideline__title"),
            guideline_audience_all=F("guideline__audience_all"),
            guideline_resign_interval=F("guideline__resign_interval_months"),
            guideline_audience_partners=F("guideline__audience_partners"),
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


class GuidelineVersion(models.Model):
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
    def is_signed(self) -> bool:
        """Whether the annotated user's newest signature counts for this version.

        Needs `with_signature_of(user)`. A signature on an earlier version
        counts as long as only minor versions came after it, and, when the
        richtlijn asks to sign again every so many months, while it is not
        older (`counting_since`, as `Signature.objects.counting_for`).
        """
        signed = getattr(self, "user_signed_number", None)
        if signed is None or signed < self.signatures_from_number:
            return False
        since = counting_since(self.guideline.resign_interval_months)
        return since is None or self.user_signed_at >= since

    @property
    def signature_ran_out(self) -> bool:
        """Whether the annotated user signed this very version, but longer
        ago than the richtlijn's interval: they are asked again."""
        return (
            getattr(self, "user_signed_number", None) == self.number
            and not self.is_signed
        )

    @property
    def needs_signature(self) -> bool:
        """Whether the annotated user must still sign (see `with_audience_of`)."""
        return getattr(self, "in_audience", True) and not self.is_signed

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

    @property
    def days_overdue(self) -> int:
        if not self.signing_deadline or not self.needs_signature:
            return 0
        return max(0, (local_today() - self.signing_deadline).days)

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


def attach_guideline(versions) -> list[GuidelineVersion]:
    """Give versions fetched with `with_guideline_names()` their richtlijn
    without another query: templates keep using `version.guideline`."""
    versions = list(versions)
    for version in versions:
        version.guideline = Guideline(
            pk=version.guideline_id,
            slug=version.guideline_slug,
            title=version.guideline_title,
            audience_all=version.guideline_audience_all,
            resign_interval_months=version.guideline_resign_interval,
            audience_partners=version.guideline_audience_partners,
        )
    return versions


def _in_force_for(user, today: datetime.date | None):
    versions = (
        GuidelineVersion.objects.in_force(today)
        .visible_to(user, today)
        .with_signature_of(user.pk)
        .with_guideline_names()
    )
    if roles.is_partner(user):
        # A partner reads only the richtlijnen for partners, and signs each.
        return versions.annotate(in_audience=Value(True, output_field=BooleanField()))
    return versions.with_audience_of(user.department_id or 0, user.job_title)


def versions_in_force_for(user, today: datetime.date | None = None):
    """Every version in force that `user` may read, with their signature
    status and whether it applies to them, by title."""
    return attach_guideline(
        _in_force_for(user, today).without_text().order_by("guideline__title")
    )


def version_in_force_for(user, slug: str, today: datetime.date | None = None):
    """The version in force of richtlijn `slug` with `user`'s status, or None
    (also when `user` may not read it)."""
    versions = _in_force_for(user, today)
    found = attach_guideline(versions.filter(guideline__slug=slug))
    return found[0] if found else None


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
        GuidelineVersion,
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
        GuidelineVersion,
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


# --- Principles, sections and scenario questions -----------------------------


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


# --- The handbook: chapters ---------------------------------------------------


class Chapter(models.Model):
    """A chapter (hoofdstuk) of the kwaliteitshandboek: the richtlijnen
    list shows the handbook chapter by chapter, in the order of `number`."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("titel"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("hoofdstuk")
        verbose_name_plural = _("hoofdstukken")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


# The four-eyes models live in their own module; imported here so Django
# registers them with the app.
from policy.approval import ReviewDecision, ReviewRequest  # noqa: E402, F401
