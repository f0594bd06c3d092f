"""E-mail addresses come from HR: nobody changes their own in the portal."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress

pytestmark = pytest.mark.django_db


def test_adding_an_address_is_not_possible(medewerker_client, medewerker):
    response = medewerker_client.post(
        "/accounts/email/", {"action_add": "", "email": "nieuw@sterkhuis.test"}
    )

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not EmailAddress.objects.filter(email="nieuw@sterkhuis.test").exists()
    medewerker.refresh_from_db()
    assert medewerker.email.startswith("medewerker")
