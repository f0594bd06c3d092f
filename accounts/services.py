"""Staff administration: the import of the HR export."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.audit_events import AccountsAction
from accounts.models import Department, User
from accounts.signals import staff_imported
from audit.services import audit_record
from core.csvfile import CsvFileError, at_line, csv_read
from outbox import services as outbox

# Column names of the HR export, with the Dutch headers it may also use.
COLUMNS = {
    "email": ("email", "e-mail", "e-mailadres"),
    "first_name": ("first_name", "voornaam"),
    "last_name": ("last_name", "achternaam"),
    "department": ("department", "afdeling"),
    "job_title": ("job_title", "functie"),
    "manager_email": ("manager_email", "leidinggevende", "e-mail leidinggevende"),
}
# Columns a file may leave out; a person's value is kept when it does.
OPTIONAL_COLUMNS = {"phone": ("phone", "telefoon", "telefoonnummer")}
# A work number as people write it: digits, spaces, +, -, ( and ).
PHONE = re.compile(r"\+?[0-9 ()-]{6,30}")


class StaffImportError(CsvFileError):
    """The file cannot be imported; `errors` says where and why."""


# Checked before anything is written: the database would refuse (PostgreSQL)
# or silently keep (SQLite) a longer value.
MAX_LENGTHS = {
    "email": User._meta.get_field("email").max_length,
    "first_name": User._meta.get_field("first_name").max_length,
    "last_name": User._meta.get_field("last_name").max_length,
    "job_title": User._meta.get_field("job_title").max_length,
    "phone": User._meta.get_field("phone").max_length,
    "department": Department._meta.get_field("name").max_length,
}


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    deactivated: list[str] = field(default_factory=list)
    departments_created: list[str] = field(default_factory=list)


BATCH = 2000
UNUSABLE_PASSWORD = UNUSABLE_PASSWORD_PREFIX


def read_hr_file(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """Reading: parse the HR export into (line number, row) pairs with the
    imports' one CSV reader (`core.csvfile`); raise StaffImportError for a file
    that cannot be read."""
    try:
        return csv_read(
            data, columns={**COLUMNS, **OPTIONAL_COLUMNS}, optional=OPTIONAL_COLUMNS
        )
    except CsvFileError as exc:
        raise StaffImportError(exc.errors) from exc


@dataclass
class StaffPlan:
    """What an import will write, worked out before anything is written."""

    rows: list[tuple[int, dict[str, str]]]
    existing: dict[str, User]
    new_departments: list[str]


def _row_errors(line: int, row: dict[str, str], seen: dict[str, int]) -> list[str]:
    """The problems of one row on its own (and a second row with its
    address, through `seen`)."""
    problems: list[str] = []
    email = row["email"].lower()
    if not email:
        problems.append(at_line(line, _("het e-mailadres ontbreekt")))
        return problems
    too_long = [
        at_line(
            line,
            _("%(column)s is langer dan %(n)s tekens") % {"column": column, "n": limit},
        )
        for column, limit in MAX_LENGTHS.items()
        if len(row.get(column, "")) > limit
    ]
    problems.extend(too_long)
    if len(row["email"]) > MAX_LENGTHS["email"]:
        return problems
    try:
        validate_email(email)
    except ValidationError:
        problems.append(
            at_line(line, _("%(value)r is geen e-mailadres") % {"value": row["email"]})
        )
        return problems
    if email in seen:
        problems.append(
            at_line(
                line,
                _("%(email)s staat ook op regel %(other)s")
                % {"email": email, "other": seen[email]},
            )
        )
    seen[email] = line
    if not row["last_name"] and not row["first_name"]:
        problems.append(at_line(line, _("geen naam voor %(email)s") % {"email": email}))
    if not row["department"]:
        problems.append(
            at_line(line, _("geen afdeling voor %(email)s") % {"email": email})
        )
    if row.get("phone") and not PHONE.fullmatch(row["phone"]):
        problems.append(
            at_line(
                line,
                _("%(value)r is geen telefoonnummer") % {"value": row["phone"]},
            )
        )
    return problems


def staff_check(*, rows: list[tuple[int, dict[str, str]]]) -> StaffPlan:
    """Checking: every row at once, reading the database but writing nothing;
    raise StaffImportError with every problem by line number."""
    errors: list[str] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        errors.extend(_row_errors(line, row, seen))
    if errors:
        raise StaffImportError(errors)
    existing = {u.email: u for u in User.objects.all()}
    partners = set(User.objects.partners().values_list("email", flat=True))
    for line, row in rows:
        if row["email"].lower() in partners:
            errors.append(
                at_line(
                    line,
                    _("%(email)s is een partner in zorg, geen medewerker")
                    % {"email": row["email"].lower()},
                )
            )
        manager = row["manager_email"].lower()
        if manager and manager not in seen and manager not in existing:
            errors.append(
                at_line(
                    line, _("onbekende leidinggevende %(email)s") % {"email": manager}
                )
            )
        if manager and manager == row["email"].lower():
            errors.append(
                at_line(
                    line,
                    _("%(email)s kan niet de eigen leidinggevende zijn")
                    % {"email": manager},
                )
            )
    if errors:
        raise StaffImportError(errors)
    known = set(Department.objects.values_list("name", flat=True))
    new_departments = list(
        dict.fromkeys(
            row["department"] for _line, row in rows if row["department"] not in known
        )
    )
    return StaffPlan(rows=rows, existing=existing, new_departments=new_departments)


USER_FIELDS = [
    "first_name",
    "last_name",
    "department",
    "job_title",
    "phone",
    "is_active",
]


def staff_apply(
    *,
    plan: StaffPlan,
    deactivate_missing: bool = False,
    send_invites: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Applying: write a checked plan in one transaction of batched
    statements (bulk_create, bulk_update), so that even 100,000 rows hold
    their locks for seconds, not minutes; all or nothing."""
    result = ImportResult(departments_created=list(plan.new_departments))
    with transaction.atomic():
        Department.objects.bulk_create(
            [Department(name=name) for name in plan.new_departments], batch_size=BATCH
        )
        users = _people_write(plan=plan, result=result, progress=progress)
        _hr_managers_write(plan=plan, users=users, result=result, progress=progress)
        _derive_managers(users.values())
        if deactivate_missing:
            result.deactivated = _missing_deactivate(users.values())
        if send_invites:
            for email in result.created:
                _invite(users[email])
        staff_imported.send(sender=User)
        audit_record(
            action=AccountsAction.STAFF_IMPORTED,
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


def _progress_report(progress, n: int, last: int, total: int) -> None:
    """Tell `progress` every BATCH rows and at the last row of a pass."""
    if progress and (n % BATCH == 0 or n == last):
        progress(n, total)


def _people_write(
    *,
    plan: StaffPlan,
    result: ImportResult,
    progress: Callable[[int, int], None] | None,
) -> dict[str, User]:
    """The first pass: create and update the people of the file (all but
    their HR manager, who may be further down); their accounts by address."""
    rows, existing = plan.rows, plan.existing
    departments = {d.name: d for d in Department.objects.all()}
    users: dict[str, User] = {}
    to_create: list[User] = []
    to_update: list[User] = []
    for n, (_line, row) in enumerate(rows, start=1):
        email = row["email"].lower()
        wanted = {
            "first_name": row["first_name"],
            "last_name": row["last_name"],
            "department": departments[row["department"]],
            "job_title": row["job_title"],
            "is_active": True,
        }
        if "phone" in row:
            wanted["phone"] = row["phone"]
        user = existing.get(email)
        if user is None:
            # What set_unusable_password() stores, without its slow
            # per-character random choice (a minute for 100,000 rows).
            user = User(email=email, password=UNUSABLE_PASSWORD, **wanted)
            user.password += secrets.token_hex(20)
            to_create.append(user)
            result.created.append(email)
        elif any(
            getattr(user, k if k != "department" else "department_id")
            != (v if k != "department" else v.pk)
            for k, v in wanted.items()
        ):
            for key, value in wanted.items():
                setattr(user, key, value)
            to_update.append(user)
            result.updated.append(email)
        else:
            result.unchanged += 1
        users[email] = user
        _progress_report(progress, n, len(rows), 2 * len(rows))
    _users_insert(to_create)
    _update_many(to_update, USER_FIELDS)
    return users


def _users_insert(to_create: list[User]) -> None:
    """Insert new accounts in batches and make sure each knows its key."""
    User.objects.bulk_create(to_create, batch_size=BATCH)
    if to_create and to_create[0].pk is None:
        # Databases that return no keys from a bulk insert (older SQLite).
        ids = dict(
            User.objects.filter(email__in=[u.email for u in to_create]).values_list(
                "email", "pk"
            )
        )
        for user in to_create:
            user.pk = ids[user.email]


def _hr_managers_write(
    *,
    plan: StaffPlan,
    users: dict[str, User],
    result: ImportResult,
    progress: Callable[[int, int], None] | None,
) -> None:
    """The second pass: each person's HR manager, now that everyone in the
    file has an account; a person whose only change is this counts as
    updated."""
    rows, existing = plan.rows, plan.existing
    total = 2 * len(rows)
    changed = set(result.created + result.updated)
    managed: list[User] = []
    for n, (_line, row) in enumerate(rows, start=len(rows) + 1):
        user = users[row["email"].lower()]
        manager_email = row["manager_email"].lower()
        manager = (
            users.get(manager_email) or existing.get(manager_email)
            if manager_email
            else None
        )
        if user.hr_manager_id != (manager.pk if manager else None):
            user.hr_manager = manager
            managed.append(user)
            if user.email not in changed:
                changed.add(user.email)
                result.updated.append(user.email)
                result.unchanged -= 1
        _progress_report(progress, n, total, total)
    _update_many(managed, ["hr_manager"])


def _missing_deactivate(users) -> list[str]:
    """Deactivate the staff accounts the file no longer lists (never
    deleted: their signatures stay); their addresses, sorted."""
    # Partners in zorg are not in the HR export: their own list
    # (import_partners) ends their partnerships.
    missing = (
        User.objects.employees()
        .filter(is_active=True, is_superuser=False)
        .exclude(pk__in=[u.pk for u in users])
    )
    deactivated = sorted(missing.values_list("email", flat=True))
    missing.update(is_active=False)
    return deactivated


def _update_many(users: list[User], fields: list[str]) -> None:
    """UPDATE users' `fields` in batches of one prepared statement. The ORM's
    bulk_update builds a CASE per row and field, which takes minutes for
    100,000 rows; raw SQL is unavoidable here, named through _meta."""
    if not users:
        return
    columns = [User._meta.get_field(name) for name in fields]
    table = connection.ops.quote_name(User._meta.db_table)
    assignments = ", ".join(
        f"{connection.ops.quote_name(f.column)} = %s" for f in columns
    )
    pk = connection.ops.quote_name(User._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"
    with connection.cursor() as cursor:
        for batch in _batches(users):
            cursor.executemany(
                sql,
                [
                    [
                        f.get_db_prep_save(getattr(u, f.attname), connection)
                        for f in columns
                    ]
                    + [u.pk]
                    for u in batch
                ],
            )


def _batches(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def staff_import(
    *,
    rows: list[tuple[int, dict[str, str]]],
    deactivate_missing: bool = False,
    send_invites: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Create and update accounts and departments from the HR rows, all or
    nothing: every row is checked (`staff_check`) before anything is written
    (`staff_apply`). Accounts missing from the file are deactivated (never
    deleted: their signatures stay) when asked. New accounts get no usable
    password; with `send_invites` they get an e-mail to set one.
    """
    plan = staff_check(rows=rows)
    return staff_apply(
        plan=plan,
        deactivate_missing=deactivate_missing,
        send_invites=send_invites,
        progress=progress,
    )


def _derive_managers(users) -> None:
    """Whoever is someone's manager joins the Leidinggevende group, and a
    department without a manager gets the person most of its members report
    to (Beleid can change it in the admin afterwards)."""
    from collections import Counter

    from django.contrib.auth.models import Group

    from accounts import roles

    managers = {u.hr_manager_id for u in users if u.hr_manager_id}
    if managers:
        group, _ = Group.objects.get_or_create(name=roles.LEIDINGGEVENDE)
        group.user_set.add(*managers)
    reports: dict[int, Counter] = {}
    for user in users:
        if user.hr_manager_id and user.department_id:
            reports.setdefault(user.department_id, Counter())[user.hr_manager_id] += 1
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
    outbox.send(
        "staff_invite",
        user.email,
        {
            "name": user.first_name or user.email,
            "url": settings.SITE_URL + path,
            "valid_days": max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1),
        },
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
