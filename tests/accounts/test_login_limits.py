"""Login lock-out and password reset cannot be turned against colleagues or
outsiders."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client

from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(ip: str, email: str, password: str = "fout-wachtwoord"):
    return Client(REMOTE_ADDR=ip).post(LOGIN, {"login": email, "password": password})


def logged_in(response) -> bool:
    return response.status_code == HTTPStatus.FOUND


def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(medewerker):
    for _attempt in range(8):
        assert not logged_in(attempt("198.51.100.66", medewerker.email))
    assert logged_in(attempt("203.0.113.10", medewerker.email, PASSWORD))


def test_the_guesser_is_locked_out_of_that_account(medewerker):
    for _attempt in range(5):
        attempt("198.51.100.66", medewerker.email)
    # Even the right password no longer works from that address.
    response = attempt("198.51.100.66", medewerker.email, PASSWORD)
    assert not logged_in(response)
    assert "Te veel" in response.text or "too many" in response.text.lower()


def test_the_per_address_limit_still_counts_every_account(user_factory):
    people = [user_factory() for _ in range(11)]
    for person in people[:10]:
        attempt("198.51.100.67", person.email)
    assert not logged_in(attempt("198.51.100.67", people[10].email, PASSWORD))
    assert logged_in(attempt("203.0.113.11", people[10].email, PASSWORD))


def test_password_reset_mails_no_address_without_an_account(
    client, medewerker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/password/reset/", {"email": "buiten@voorbeeld.nl"}
        )
    assert response.status_code == HTTPStatus.FOUND  # the same answer as for staff
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": medewerker.email})
    assert [m.to for m in mail.outbox] == [[medewerker.email]]
