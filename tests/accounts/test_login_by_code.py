"""Login by code: partners in zorg have no password and log in with a code by
e-mail; staff may use it too and still need their second factor."""

from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail

from tests.helpers import PASSWORD, totp_code

# Real commits: the outbox delivers a mail once its transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)

REQUEST = "/accounts/login/code/"
CONFIRM = "/accounts/login/code/confirm/"
MFA_LOGIN = "/accounts/2fa/authenticate/"


def code_in(message) -> str:
    """The code as the e-mail shows it, on a line of its own."""
    found = re.search(r"^\s*([A-Z0-9]{4,}(?:-[A-Z0-9]+)?)\s*$", message.body, re.M)
    assert found, message.body
    return found[1]


def ask_code(client, email: str):
    return client.post(REQUEST, {"email": email})


def test_a_partner_logs_in_with_the_code_from_the_mail(client, partner):
    response = ask_code(client, partner.email)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(CONFIRM)
    [message] = mail.outbox
    assert message.to == [partner.email]
    assert "15 minuten" in message.body
    response = client.post(CONFIRM, {"code": code_in(message)})
    assert response.status_code == HTTPStatus.FOUND
    assert client.session[SESSION_KEY] == str(partner.pk)


def test_unknown_and_inactive_addresses_get_the_same_answer_and_no_mail(
    client, partner, partner_factory
):
    gone = partner_factory(email="gestopt@example.test")
    gone.is_active = False
    gone.save()
    known = ask_code(client, partner.email)
    mail.outbox.clear()
    pages = {}
    for email in ["niemand@example.test", gone.email, partner.email]:
        other = client.__class__()
        response = ask_code(other, email)
        pages[email] = (response.status_code, response["Location"])
        page = other.get(response["Location"])
        assert page.status_code == HTTPStatus.OK
        assert "id_code" in page.text
    assert len(set(pages.values())) == 1
    assert pages[partner.email] == (known.status_code, known["Location"])
    assert [m.to for m in mail.outbox] == [[partner.email]]


def test_three_wrong_codes_need_a_new_code(client, partner):
    ask_code(client, partner.email)
    code = code_in(mail.outbox[0])
    for _attempt in range(3):
        response = client.post(CONFIRM, {"code": "FOUT-0000"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == REQUEST
    # The right code no longer works: the login attempt is over.
    response = client.post(CONFIRM, {"code": code})
    assert SESSION_KEY not in client.session
    assert response.status_code == HTTPStatus.FOUND
    assert not response["Location"].startswith("/richtlijnen")


def test_an_expired_code_does_not_log_in(client, partner, time_machine):
    time_machine.move_to("2026-12-01 10:00:00+00:00", tick=False)
    ask_code(client, partner.email)
    code = code_in(mail.outbox[0])
    time_machine.shift(16 * 60)
    client.post(CONFIRM, {"code": code})
    assert SESSION_KEY not in client.session


def test_a_partner_cannot_log_in_with_a_password(client, partner):
    # Even if somebody gave the account a password in the admin.
    partner.set_password(PASSWORD)
    partner.save()

    response = client.post(
        "/accounts/login/", {"login": partner.email, "password": PASSWORD}
    )

    assert response.status_code == HTTPStatus.OK
    assert SESSION_KEY not in client.session
    assert 'aria-invalid="true"' in response.text or "form-errors" in response.text


def test_a_password_reset_for_a_partner_sends_them_to_the_code_login(
    client, partner, medewerker
):
    client.post("/accounts/password/reset/", {"email": partner.email})
    client.post("/accounts/password/reset/", {"email": medewerker.email})

    partner_mail, staff_mail = mail.outbox
    assert partner_mail.to == [partner.email]
    assert "http://testserver/accounts/login/code/" in partner_mail.body
    assert "/accounts/password/reset/key/" not in partner_mail.body
    assert "/accounts/password/reset/key/" in staff_mail.body


def test_a_partner_gets_no_password_pages(client, partner):
    client.force_login(partner)
    for url in ["/accounts/password/set/", "/accounts/password/change/"]:
        response = client.post(url, {"password1": "x" * 20, "password2": "x" * 20})
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == "/"
    partner.refresh_from_db()
    assert not partner.has_usable_password()


def test_staff_logging_in_by_code_still_need_their_second_factor(client, beleid):
    ask_code(client, beleid.email)
    response = client.post(CONFIRM, {"code": code_in(mail.outbox[0])})

    assert response["Location"].startswith(MFA_LOGIN)
    assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == HTTPStatus.FOUND
    client.post(MFA_LOGIN, {"code": totp_code()})
    assert client.session[SESSION_KEY] == str(beleid.pk)
    assert client.get("/admin/").status_code == HTTPStatus.OK


def test_staff_without_an_authenticator_logging_in_by_code_must_set_one_up(
    client, user_factory
):
    pr = user_factory(is_staff=True, totp=False)
    ask_code(client, pr.email)
    client.post(CONFIRM, {"code": code_in(mail.outbox[0])})

    assert client.session[SESSION_KEY] == str(pr.pk)
    response = client.get("/admin/")
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_asking_for_codes_is_rate_limited_per_address(client, partner):
    for _ in range(3):
        assert ask_code(client.__class__(), partner.email).status_code == 302
    response = ask_code(client, partner.email)
    assert response.status_code == HTTPStatus.OK
    assert 'aria-invalid="true"' in response.text
    assert len(mail.outbox) == 3
    # An unknown address is limited alike: the answers stay the same.
    for _ in range(3):
        ask_code(client.__class__(), "niemand@example.test")
    assert ask_code(client, "niemand@example.test").status_code == HTTPStatus.OK
