"""Demo data: a foster parent, partner in zorg, who logs in with a code."""

from __future__ import annotations

from django.db import transaction

from accounts.models import Partnership, User
from accounts.partners import partner_create

EMAIL = "pleegouder@sterkhuis.test"
CONTACT = "medewerker@sterkhuis.test"


@transaction.atomic
def load(*, stdout=None) -> User:
    """The pleegouder account: no password, contact person medewerker@.
    Idempotent: a second run puts the account back as described."""
    contact = User.objects.get(email=CONTACT)
    user = User.objects.filter(email=EMAIL).first()
    if user is None:
        user = partner_create(
            email=EMAIL,
            first_name="Sam",
            last_name="Pleegouder",
            contact_person=contact,
            send_invite=False,
        )
    else:
        user.is_active = True
        user.set_unusable_password()
        user.save()
        Partnership.objects.update_or_create(
            user=user,
            defaults={
                "contact_person": contact,
                "ended_at": None,
                "anonymised_at": None,
            },
        )
    if stdout:
        stdout.write(f"Partner in zorg: {EMAIL} (logs in with a code by e-mail).")
    return user
