"""Partners in zorg in the admin: added with a contact person, ended, never deleted."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.core import mail

from accounts.models import Partnership, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, user_factory):
    client.force_login(user_factory(is_staff=True, is_superuser=True))
    return client


def test_a_superuser_adds_a_partner_who_is_invited(
    superuser_client, medewerker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            "/admin/accounts/partnership/add/",
            {
                "email": "Nieuwe.Pleegouder@example.nl",
                "first_name": "Noor",
                "last_name": "Visser",
                "contact_person": medewerker.pk,
            },
        )

    assert response.status_code == HTTPStatus.FOUND, response.content[:2000]
    partner = User.objects.get(email="nieuwe.pleegouder@example.nl")
    assert not partner.has_usable_password()
    assert partner.partnership.contact_person == medewerker
    [invitation] = mail.outbox
    assert invitation.to == [partner.email]
    assert "/accounts/login/code/" in invitation.body


def test_the_admin_refuses_a_staff_address_and_a_partner_as_contact(
    superuser_client, medewerker, partner
):
    response = superuser_client.post(
        "/admin/accounts/partnership/add/",
        {
            "email": medewerker.email,
            "first_name": "Mila",
            "contact_person": partner.pk,
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "Er is al een account met dit e-mailadres." in response.text
    assert "De contactpersoon moet een actieve medewerker zijn." in response.text
    assert Partnership.objects.count() == 1


def test_ending_a_partnership_deactivates_the_account_at_once(
    superuser_client, partner
):
    response = superuser_client.post(
        "/admin/accounts/partnership/",
        {"action": "end_partnerships", "_selected_action": [partner.partnership.pk]},
    )
    assert response.status_code == HTTPStatus.FOUND
    partner.refresh_from_db()
    assert not partner.is_active
    assert partner.partnership.ended_at is not None
    delete = f"/admin/accounts/partnership/{partner.partnership.pk}/delete/"
    assert superuser_client.get(delete).status_code == HTTPStatus.FORBIDDEN


def test_a_partner_cannot_be_given_a_department(partner, department):
    from django.core.exceptions import ValidationError

    partner.department = department
    with pytest.raises(ValidationError, match="hoort niet bij een afdeling"):
        partner.full_clean()
