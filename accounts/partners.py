"""Partners in zorg (foster parents, guardians): their accounts, the import
of the partner list, the invitation, and what happens when a partnership ends.

A partner's record holds only an e-mail address, a name and a contact person
at Sterk Huis. Partners have no password: they log in with a code sent by
e-mail (allauth's login by code).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.audit_events import AccountsAction
from accounts.models import Partnership, User
from audit.services import audit_record
from core.csvfile import CsvFileError, at_line, csv_read
from outbox import services as outbox

# Columns of the partner list, with the English names it may also use.
COLUMNS = {
    "email": ("e-mail", "e-mailadres", "email"),
    "name": ("naam", "name"),
    "contact_email": (
        "contactpersoon",
        "e-mail contactpersoon",
        "contact_email",
        "contact_person",
    ),
}
NAME_MAX = User._meta.get_field("first_name").max_length
EMAIL_MAX = User._meta.get_field("email").max_length


class PartnerImportError(CsvFileError):
    """The partner list cannot be imported; `errors` says where and why."""


@dataclass
class PartnerImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    ended: list[str] = field(default_factory=list)


def split_name(name: str) -> tuple[str, str]:
    """ "Anna de Vries" → ("Anna", "de Vries"): the account's two name fields."""
    first, _sep, last = " ".join(name.split()).partition(" ")
    return first, last


def read_partner_file(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """Parse the partner list into (line number, row) pairs with the imports'
    one CSV reader (`core.csvfile`); raise PartnerImportError if it cannot be
    read."""
    try:
        return csv_read(data, columns=COLUMNS)
    except CsvFileError as exc:
        raise PartnerImportError(exc.errors) from exc


def _check_rows(rows, existing: dict[str, User]) -> list[str]:
    errors: list[str] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        email = row["email"].lower()
        contact = row["contact_email"].lower()

        def error(message: str, line=line) -> None:
            errors.append(at_line(line, message))

        if not email:
            error(_("het e-mailadres ontbreekt"))
            continue
        try:
            validate_email(email)
        except ValidationError:
            error(_("%(value)r is geen e-mailadres") % {"value": row["email"]})
            continue
        if len(email) > EMAIL_MAX:
            error(_("het e-mailadres is langer dan %(n)s tekens") % {"n": EMAIL_MAX})
        if email in seen:
            error(
                _("%(email)s staat ook op regel %(other)s")
                % {"email": email, "other": seen[email]}
            )
        seen[email] = line
        if not row["name"]:
            error(_("geen naam voor %(email)s") % {"email": email})
        elif any(len(part) > NAME_MAX for part in split_name(row["name"])):
            error(_("de naam is te lang (%(n)s tekens per deel)") % {"n": NAME_MAX})
        known = existing.get(email)
        if known is not None and not roles.is_partner(known):
            error(
                _("%(email)s is een account van een medewerker, geen partner in zorg")
                % {"email": email}
            )
        if not contact:
            error(_("geen contactpersoon voor %(email)s") % {"email": email})
            continue
        if contact == email:
            error(
                _("%(email)s kan niet de eigen contactpersoon zijn") % {"email": email}
            )
            continue
        person = existing.get(contact)
        if person is None:
            error(_("onbekende contactpersoon %(email)s") % {"email": contact})
        elif roles.is_partner(person):
            error(
                _("contactpersoon %(email)s is zelf partner in zorg")
                % {"email": contact}
            )
        elif not person.is_active:
            error(
                _("contactpersoon %(email)s is niet (meer) actief") % {"email": contact}
            )
    return errors


def partners_import(
    *,
    rows: list[tuple[int, dict[str, str]]],
    deactivate_missing: bool = False,
    send_invites: bool = True,
) -> PartnerImportResult:
    """Create and update partners in zorg from the partner list, all or
    nothing. Anyone on the list whose partnership had ended starts a new one.
    With `deactivate_missing`, current partners missing from the list have
    their partnership ended (never deleted). New partners get an invitation
    explaining how to log in, when `send_invites`.
    """
    existing = {
        u.email: u for u in User.objects.select_related("partnership__contact_person")
    }
    errors = _check_rows(rows, existing)
    if errors:
        raise PartnerImportError(errors)
    result = PartnerImportResult()
    with transaction.atomic():
        listed = set()
        for _line, row in rows:
            email = row["email"].lower()
            listed.add(email)
            first, last = split_name(row["name"])
            contact = existing[row["contact_email"].lower()]
            user = existing.get(email)
            if user is None:
                user = partner_create(
                    email=email,
                    first_name=first,
                    last_name=last,
                    contact_person=contact,
                    send_invite=send_invites,
                )
                result.created.append(email)
                continue
            partnership = user.partnership
            changed = (
                (user.first_name, user.last_name) != (first, last)
                or partnership.contact_person_id != contact.pk
                or not partnership.is_current
            )
            if not changed:
                result.unchanged += 1
                continue
            user.first_name, user.last_name, user.is_active = first, last, True
            user.save()
            partnership.contact_person = contact
            if partnership.ended_at is not None:
                partnership.started_at, partnership.ended_at = timezone.now(), None
            partnership.full_clean()
            partnership.save()
            result.updated.append(email)
        if deactivate_missing:
            for partnership in (
                Partnership.objects.current()
                .exclude(user__email__in=listed)
                .select_related("user")
            ):
                partnership_end(partnership=partnership)
                result.ended.append(partnership.user.email)
        audit_record(
            action=AccountsAction.STAFF_IMPORTED,
            details={
                "list": "partners",
                "created": len(result.created),
                "updated": len(result.updated),
                "unchanged": result.unchanged,
                "ended": len(result.ended),
            },
        )
    return result


@transaction.atomic
def partner_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    contact_person: User,
    send_invite: bool = True,
) -> User:
    """A new partner in zorg: an account without a password, in the partner
    group, with their contact person; invited by e-mail when `send_invite`."""
    user = User(
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=False,
        is_superuser=False,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    roles.ensure_groups()
    user.groups.add(Group.objects.get(name=roles.PARTNER))
    partnership = Partnership(user=user, contact_person=contact_person)
    partnership.full_clean()
    partnership.save()
    if send_invite:
        partner_invite(user=user)
    return user


def partner_invite(*, user: User) -> None:
    """The invitation: what the portal is, and how to log in with a code."""
    contact = user.partnership.contact_person
    outbox.send(
        "partner_invite",
        user.email,
        {
            "name": user.get_full_name() or user.email,
            "login_code_url": settings.SITE_URL + reverse("account_request_login_code"),
            "email": user.email,
            "code_minutes": settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60,
            "contact": contact.get_full_name() or contact.email,
            "contact_email": contact.email,
        },
        # Questions go to the contact person, who knows the partner.
        reply_to=contact.email,
    )


@transaction.atomic
def partnership_end(
    *, partnership: Partnership, when: datetime.datetime | None = None
) -> Partnership:
    """End a partnership: the account is deactivated at once (no more codes,
    no more reminders). Name and address stay until the retention period has
    passed (`partners_anonymise`); signatures are kept as evidence."""
    partnership.ended_at = partnership.ended_at or when or timezone.now()
    partnership.full_clean()
    partnership.save(update_fields=["ended_at"])
    user = partnership.user
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    return partnership


def partners_anonymise(*, now: datetime.datetime | None = None) -> list[int]:
    """Anonymise the partners whose partnership ended more than
    PARTNER_RETENTION_DAYS ago: name and e-mail address replaced, second
    factors and allauth's address records removed. The account and its
    signatures stay, so the evidence of what was signed and when remains,
    no longer tied to a name. Returns the ids of the accounts anonymised."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PARTNER_RETENTION_DAYS)
    done = []
    due = Partnership.objects.filter(
        ended_at__lt=cutoff, anonymised_at__isnull=True
    ).select_related("user")
    for partnership in due:
        with transaction.atomic():
            user = partnership.user
            user.email = f"partner-{user.pk}@geanonimiseerd.invalid"
            user.first_name = _("Partner in zorg")
            user.last_name = f"#{user.pk}"
            user.is_active = False
            user.set_unusable_password()
            user.save()
            EmailAddress.objects.filter(user=user).delete()
            Authenticator.objects.filter(user=user).delete()
            partnership.anonymised_at = now
            partnership.save(update_fields=["anonymised_at"])
            done.append(user.pk)
    return done
