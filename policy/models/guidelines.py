"""Richtlijnen, their audience (who must sign) and who may read them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from core.addresses import remembered_reverse
from policy.models.common import add_months, local_today

REVIEW_SOON = datetime.timedelta(days=30)


def guideline_url(slug: str) -> str:
    """A richtlijn's page: the model's and the list rows' address."""
    return remembered_reverse("policy:detail", slug)


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
        from policy.models.versions import GuidelineVersion

        read = GuidelineVersion.objects.visible(today).filter(guideline=OuterRef("pk"))
        return self.filter(visible_q(user), Exists(read))

    def in_force(self, today: datetime.date | None = None):
        """The richtlijnen with a version in force (not withdrawn)."""
        from policy.models.versions import GuidelineVersion

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
        return guideline_url(self.slug)

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
        applies = audience_of_q(user, prefix="")
        return (
            user.is_active
            and Guideline.objects.filter(pk=self.pk).filter(applies).exists()
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
        if self.audience_partners:  # `partner_audience_q`, for this row
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
        return partner_audience_q(prefix)
    return Q()


def partner_audience_q(prefix: str = "") -> Q:
    """Whether a richtlijn (reached through `prefix`) is meant for partners
    in zorg: the partner branch of who must sign, and so of who reads (a
    partner reads only the richtlijnen they are to sign). The one spelling
    from the richtlijnen's side; `Guideline.audience` is the people's."""
    field = f"{prefix}__" if prefix else ""
    return Q(**{f"{field}audience_partners": True})


def audience_of_q(user, prefix: str = "guideline") -> Q:
    """Whether a richtlijn (reached through `prefix`) applies to `user`, who
    then must sign it: for a partner in zorg `partner_audience_q`, for staff
    `audience_q` with their department and job."""
    if roles.is_partner(user):
        return partner_audience_q(prefix)
    return audience_q(user.department_id or 0, user.job_title, prefix=prefix)
