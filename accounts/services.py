"""Staff administration: the import of the HR export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Department, User
from accounts.signals import staff_imported
from audit.models import Action
from audit.services import audit_record
from core.tasks import mail_language, queue_email

# Column names of the HR export, with the Dutch headers it may also use.
COLUMNS = {
    "email": ("email", "e-mail", "e-mailadres"),
    "first_name": ("first_name", "voornaam"),
    "last_name": ("last_name", "achternaam"),
    "department": ("department", "afdeling"),
    "job_title": ("job_title", "functie"),
    "manager_email": ("manager_email", "leidinggevende", "e-mail leidinggevende"),
}


class ImportError_(Exception):
    """The file cannot be imported; `errors` says where and why."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


# Checked before anything is written: the database would refuse (PostgreSQL)
# or silently keep (SQLite) a longer value.
MAX_LENGTHS = {
    "email": User._meta.get_field("email").max_length,
    "first_name": User._meta.get_field("first_name").max_length,
    "last_name": User._meta.get_field("last_name").max_length,
    "job_title": User._meta.get_field("job_title").max_length,
    "department": Department._meta.get_field("name").max_length,
}


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    deactivated: list[str] = field(default_factory=list)
    departments_created: list[str] = field(default_factory=list)


def read_hr_file(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """Parse the HR export (UTF-8, comma or semicolon separated) into
    (line number, row) pairs; raise ImportError_ for a file that cannot be read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_(
            [f"The file is not UTF-8 (byte {exc.start}); export it as CSV UTF-8."]
        ) from exc
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration as exc:
        raise ImportError_(["The file is empty."]) from exc
    names = [h.strip().lower() for h in header]
    index = {}
    missing = []
    for key, aliases in COLUMNS.items():
        found = next((names.index(a) for a in aliases if a in names), None)
        if found is None:
            missing.append(aliases[0])
        index[key] = found
    if missing:
        raise ImportError_([f"line 1: missing column(s): {', '.join(missing)}"])
    rows = []
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        rows.append(
            (
                line,
                {
                    key: (values[i].strip() if i < len(values) else "")
                    for key, i in index.items()
                },
            )
        )
    return rows


def staff_import(
    *,
    rows: list[tuple[int, dict[str, str]]],
    deactivate_missing: bool = False,
    send_invites: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Create and update accounts and departments from the HR rows, all or
    nothing. Accounts missing from the file are deactivated (never deleted:
    their signatures stay) when asked. New accounts get no usable password;
    with `send_invites` they get an e-mail to set one.
    """
    errors: list[str] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        email = row["email"].lower()
        if not email:
            errors.append(f"line {line}: e-mail is empty")
            continue
        try:
            validate_email(email)
        except ValidationError:
            errors.append(f"line {line}: {row['email']!r} is not an e-mail address")
            continue
        if email in seen:
            errors.append(f"line {line}: {email} also on line {seen[email]}")
        seen[email] = line
        if not row["last_name"] and not row["first_name"]:
            errors.append(f"line {line}: no name for {email}")
        if not row["department"]:
            errors.append(f"line {line}: no department for {email}")
        for column, limit in MAX_LENGTHS.items():
            if len(row[column]) > limit:
                errors.append(
                    f"line {line}: {column} is longer than {limit} characters"
                )
    existing = {
        u.email: u for u in User.objects.select_related("department", "manager")
    }
    for line, row in rows:
        manager = row["manager_email"].lower()
        if manager and manager not in seen and manager not in existing:
            errors.append(f"line {line}: unknown manager {manager}")
        if manager and manager == row["email"].lower():
            errors.append(f"line {line}: {manager} cannot be their own manager")
    if errors:
        raise ImportError_(errors)

    result = ImportResult()
    with transaction.atomic():
        departments = {d.name: d for d in Department.objects.all()}
        for _line, row in rows:
            name = row["department"]
            if name not in departments:
                departments[name] = Department.objects.create(name=name)
                result.departments_created.append(name)
        users: dict[str, User] = {}
        for n, (_line, row) in enumerate(rows, start=1):
            email = row["email"].lower()
            user = existing.get(email)
            wanted = {
                "first_name": row["first_name"],
                "last_name": row["last_name"],
                "department": departments[row["department"]],
                "job_title": row["job_title"],
                "is_active": True,
            }
            if user is None:
                user = User(email=email, **wanted)
                user.set_unusable_password()
                user.save()
                result.created.append(email)
            elif any(getattr(user, k) != v for k, v in wanted.items()):
                for key, value in wanted.items():
                    setattr(user, key, value)
                user.save()
                result.updated.append(email)
            else:
                result.unchanged += 1
            users[email] = user
            if progress:
                progress(n, 2 * len(rows))
        for n, (_line, row) in enumerate(rows, start=len(rows) + 1):
            user = users[row["email"].lower()]
            manager_email = row["manager_email"].lower()
            manager = (
                users.get(manager_email) or existing.get(manager_email)
                if manager_email
                else None
            )
            if user.manager_id != (manager.pk if manager else None):
                user.manager = manager
                user.save(update_fields=["manager"])
                if (
                    user.email not in result.created
                    and user.email not in result.updated
                ):
                    result.updated.append(user.email)
                    result.unchanged -= 1
            if progress:
                progress(n, 2 * len(rows))
        _derive_managers(users.values())
        if deactivate_missing:
            missing = User.objects.filter(is_active=True, is_superuser=False).exclude(
                email__in=list(users)
            )
            result.deactivated = sorted(missing.values_list("email", flat=True))
            missing.update(is_active=False)
        if send_invites:
            for email in result.created:
                _invite(users[email])
        staff_imported.send(sender=User)
        audit_record(
            action=Action.STAFF_IMPORTED,
            details={
                "created": len(result.created),
                "updated": len(result.updated),
                "unchanged": result.unchanged,
                "deactivated": len(result.deactivated),
                "departments_created": len(result.departments_created),
                "invites_sent": len(result.created) if send_invites else 0,
            },
        )
    return result


def _derive_managers(users) -> None:
    """Whoever is someone's manager joins the Leidinggevende group, and a
    department without a manager gets the person most of its members report
    to (Beleid can change it in the admin afterwards)."""
    from collections import Counter

    from django.contrib.auth.models import Group

    from accounts import roles

    managers = {u.manager for u in users if u.manager}
    if managers:
        group, _ = Group.objects.get_or_create(name=roles.LEIDINGGEVENDE)
        group.user_set.add(*managers)
    reports: dict[int, Counter] = {}
    for user in users:
        if user.manager_id and user.department_id:
            reports.setdefault(user.department_id, Counter())[user.manager_id] += 1
    for department in Department.objects.filter(
        pk__in=list(reports), manager__isnull=True
    ):
        department.manager_id = reports[department.pk].most_common(1)[0][0]
        department.save(update_fields=["manager"])


def _invite(user: User) -> None:
    # allauth's own reset link, so the invitation ends on its password page.
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    with mail_language():
        queue_email(
            to=[user.email],
            subject=_("Je account op het richtlijnenportaal"),
            body=_(
                "Beste %(name)s,\n\n"
                "Er is een account voor je aangemaakt op het richtlijnenportaal van "
                "Sterk Huis. Kies hier je wachtwoord:\n%(url)s\n"
            )
            % {"name": user.first_name or user.email, "url": settings.SITE_URL + path},
        )


def email_address_confirm(*, user: User, email: str) -> EmailAddress:
    """Record that `user` has proven to own `email`, e.g. by single sign-on.

    allauth keeps verified addresses in its own table; an account's address
    counts as verified only when a row there says so.
    """
    with transaction.atomic():
        address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
        if address is None:
            address = EmailAddress(user=user, email=email.lower())
        address.verified = True
        address.primary = not (
            EmailAddress.objects.filter(user=user, primary=True)
            .exclude(pk=address.pk)
            .exists()
        )
        address.full_clean()
        address.save()
    return address


@transaction.atomic
def totp_authenticator_set(*, user: User, secret: str) -> Authenticator:
    """Give `user` an authenticator app with a known base32 secret.

    For demo accounts and tests only: a real person sets up their own app on
    the two-factor page, with a secret nobody else has seen. Stored through
    allauth (encrypted as allauth does), so allauth verifies its codes.
    Idempotent: an authenticator with the same secret is kept as it is.
    """
    existing = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).first()
    if existing is not None:
        if decrypt(existing.data["secret"]) == secret:
            return existing
        existing.delete()
    return TOTP.activate(user, secret).instance
