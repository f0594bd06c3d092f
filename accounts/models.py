from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    """An afdeling: the unit a richtlijn's audience and compliance are counted by."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    manager = models.ForeignKey(
        "accounts.User",
        verbose_name=_("leidinggevende"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_departments",
        help_text=_("Ziet de naleving van deze afdeling."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelingen")

    def __str__(self) -> str:
        return self.name


class UserQuerySet(models.QuerySet):
    def managed_by(self, manager: User) -> UserQuerySet:
        """The people whose leidinggevende `manager` is: the members of the
        departments they manage (`Department.manager`, the one source), not
        themselves."""
        return self.filter(department__manager=manager).exclude(pk=manager.pk)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def employees(self):
        """Accounts of Sterk Huis's own staff: everyone but partners in zorg."""
        return self.filter(employee_q())

    def partners(self):
        """Accounts of partners in zorg, current or former (see Partnership)."""
        return self.filter(partner_q())


class User(AbstractUser):
    """A member of staff. Staff log in with their work e-mail address.

    Accounts are deactivated, never deleted, so that signatures keep pointing
    at the person who signed.
    """

    username = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("afdeling"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    job_title = models.CharField(_("functie"), max_length=120, blank=True)
    phone = models.CharField(
        _("telefoon"),
        max_length=30,
        blank=True,
        help_text=_(
            "Werknummer uit het HR-bestand; partners in zorg zien het bij hun "
            "contactpersoon."
        ),
    )
    hr_manager = models.ForeignKey(
        "self",
        verbose_name=_("leidinggevende volgens HR"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        help_text=_(
            "Uit het HR-bestand; daaruit volgt de leidinggevende van een afdeling "
            "zonder. Het portaal rekent met de leidinggevende van de afdeling."
        ),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]
        indexes = [
            # Lists of people by name (the overdue list, a department's
            # people) read the first rows of this order, not all of them.
            models.Index(
                fields=["last_name", "first_name", "email"], name="user_name_order_idx"
            ),
            # … and a department's people by name: the overdue list of the
            # departments where a richtlijn still waits for signatures.
            models.Index(
                fields=["department", "last_name", "first_name", "email"],
                name="user_department_name_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        # A partner in zorg is counted with their contact person's department
        # and reads only the richtlijnen for partners; a department of their
        # own would make them staff (see roles.is_partner).
        if (
            self.department_id is not None
            and self.pk is not None
            and Partnership.objects.filter(user_id=self.pk).exists()
        ):
            raise ValidationError(
                {"department": _("Een partner in zorg hoort niet bij een afdeling.")}
            )

    @property
    def leidinggevende(self) -> User | None:
        """The person's leidinggevende: their department's manager
        (`Department.manager` is the one source; compliance, reminders and
        exports all read it), never themselves."""
        department = self.department
        if department is None or department.manager_id == self.pk:
            return None
        return department.manager

    def has_totp(self) -> bool:
        """Whether an authenticator app is set up: required for the admin."""
        return self.authenticator_set.filter(type="totp").exists()

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        user = super().from_db(db, field_names, values, *args, **kwargs)
        user._counted_as = user._counting_key()
        return user

    def _counting_key(self):
        """Where this person counts (department, active, job title: figures
        may follow it); None if not loaded."""
        loaded = self.__dict__
        if not {"department_id", "is_active", "job_title"} <= loaded.keys():
            return None
        return loaded["department_id"], loaded["is_active"], loaded["job_title"]

    def save(self, *args, **kwargs) -> None:
        # E-mail addresses are compared case-insensitively everywhere (login,
        # HR import), so store them in one case.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)
        before, now = getattr(self, "_counted_as", None), self._counting_key()
        if before != now:
            from accounts.signals import announce_people_changed

            if before is None and not hasattr(self, "_counted_as"):
                announce_people_changed([now[0]])  # a new person
            elif before is None or now is None:
                announce_people_changed(None)
            else:
                announce_people_changed({before[0], now[0]})
            self._counted_as = now


def employee_q(prefix: str = "") -> Q:
    """Whether a user (reached through `prefix`) is Sterk Huis's own staff:
    no partnership. The one spelling of "staff, not a partner in zorg".

    Written on the partnership's `user` column rather than its id: PostgreSQL
    turns a left join tested on its join column into an anti-join, and so
    estimates lists of staff right; tested on the id, it takes every list of
    50,000 staff for a single row and sorts them all to show 25.
    """
    return Q(**{f"{prefix}partnership__user__isnull": True})


def partner_q(prefix: str = "") -> Q:
    """Whether a user is a partner in zorg, current or former."""
    return Q(**{f"{prefix}partnership__user__isnull": False})


def current_partner_q(prefix: str = "") -> Q:
    """Whether a user (reached through `prefix`, e.g. "user__") is a partner
    in zorg whose partnership runs: an active account, not ended. The one
    place this rule is written for queries over users."""
    return Q(
        **{
            f"{prefix}is_active": True,
            f"{prefix}partnership__ended_at__isnull": True,
        }
    ) & partner_q(prefix)


class PartnershipQuerySet(models.QuerySet):
    def current(self):
        """Partnerships that have not ended, of active accounts."""
        return self.filter(ended_at__isnull=True, user__is_active=True)


class Partnership(models.Model):
    """A partner in zorg (a foster parent, a guardian): not an employee.

    The account holds their e-mail address and name; this record adds only
    who their contact person at Sterk Huis is. Partners log in with a code
    sent by e-mail and have no password. When the partnership ends the
    account is deactivated at once and, after PARTNER_RETENTION_DAYS, its
    name and address are anonymised; signatures stay as evidence.
    """

    user = models.OneToOneField(
        User,
        verbose_name=_("partner in zorg"),
        on_delete=models.PROTECT,
        related_name="partnership",
    )
    contact_person = models.ForeignKey(
        User,
        verbose_name=_("contactpersoon"),
        on_delete=models.PROTECT,
        related_name="partnerships",
        help_text=_("De medewerker van Sterk Huis bij wie de partner terecht kan."),
    )
    started_at = models.DateTimeField(_("begonnen op"), default=timezone.now)
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__email"]
        verbose_name = _("partner in zorg")
        verbose_name_plural = _("partners in zorg")
        constraints = [
            models.CheckConstraint(
                condition=~Q(contact_person=F("user")),
                name="partnership_contact_is_someone_else",
            ),
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=True) | Q(ended_at__isnull=False),
                name="partnership_anonymised_only_when_ended",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_current(self) -> bool:
        return self.ended_at is None and self.user.is_active
