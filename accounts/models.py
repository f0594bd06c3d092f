from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
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
    manager = models.ForeignKey(
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

    def __str__(self) -> str:
        return self.get_full_name() or self.email

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

    def save(self, *args, **kwargs) -> None:
        # E-mail addresses are compared case-insensitively everywhere (login,
        # HR import), so store them in one case.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)
