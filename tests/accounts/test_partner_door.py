"""The partners' only door, the code login: nobody else can keep it shut for
them, and it does not tell who has an account by how long it takes."""

from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from outbox.models import Message

pytestmark = pytest.mark.django_db

REQUEST = "/accounts/login/code/"
OUTSIDER = "198.51.100.66"
PARTNERS_HOME = "203.0.113.10"


def ask(email: str, ip: str, **headers):
    return Client(REMOTE_ADDR=ip, headers=headers).post(REQUEST, {"email": email})


def sent_to(email: str) -> int:
    """Code mails stored for `email` (the outbox delivers what is stored)."""
    return Message.objects.filter(to=email, template="login_code").count()


def test_an_outsider_asking_codes_cannot_keep_a_partner_out(partner):
    for _request in range(12):
        ask(partner.email, OUTSIDER)
    # The outsider's client got three codes sent, then no more.
    assert sent_to(partner.email) == 3
    refused = ask(partner.email, OUTSIDER)
    assert refused.status_code == HTTPStatus.OK  # the form, with the refusal
    assert sent_to(partner.email) == 3

    response = ask(partner.email, PARTNERS_HOME)
    assert response.status_code == HTTPStatus.FOUND
    assert sent_to(partner.email) == 4


def test_codes_for_one_address_are_capped_over_all_clients(partner):
    for n in range(60):
        ask(partner.email, f"192.0.2.{n + 1}")
    assert sent_to(partner.email) == 60
    response = ask(partner.email, PARTNERS_HOME)
    assert response.status_code == HTTPStatus.OK
    assert sent_to(partner.email) == 60


def test_behind_one_proxy_the_client_address_comes_from_x_forwarded_for(
    partner, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _request in range(6):
        ask(partner.email, proxy, x_forwarded_for=OUTSIDER)
    assert sent_to(partner.email) == 3
    # The same proxy, another client behind it: the partner's own request.
    response = ask(partner.email, proxy, x_forwarded_for=PARTNERS_HOME)
    assert response.status_code == HTTPStatus.FOUND
    assert sent_to(partner.email) == 4


def test_existing_and_unknown_addresses_do_the_same_work(partner):
    known = ask(partner.email, PARTNERS_HOME)
    unknown = ask("niemand@example.nl", PARTNERS_HOME)
    assert known.status_code == unknown.status_code == HTTPStatus.FOUND
    rendered = {
        name: sorted(t.name for t in response.templates if t.name)
        for name, response in [("known", known), ("unknown", unknown)]
    }
    assert any("login_code" in t for t in rendered["known"])
    assert rendered["unknown"] == rendered["known"]
    # Only the partner got a mail.
    assert list(Message.objects.values_list("to", flat=True)) == [partner.email]


def _statements(email: str, ip: str) -> list[str]:
    """What a code request runs: each statement's verb and first table,
    leaving out the transaction's own (savepoints, the rollback)."""
    with CaptureQueriesContext(connection) as captured:
        assert ask(email, ip).status_code == HTTPStatus.FOUND
    kinds = []
    for query in captured:
        if query["sql"].split()[0] in {"SAVEPOINT", "RELEASE", "ROLLBACK"}:
            continue
        table = re.search(r'(?:INTO|FROM|UPDATE)\s+"?(\w+)', query["sql"])
        kinds.append(f"{query['sql'].split()[0]} {table[1] if table else ''}")
    return sorted(kinds)


def test_unknown_addresses_run_the_statements_of_a_partners_code_mail(
    partner, settings
):
    # With mail queued in the database, as in production, the partner's
    # request stores a message and queues its delivery; an unknown address
    # runs the same statements, rolled back (docs/performance.md).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    known = _statements(partner.email, PARTNERS_HOME)
    unknown = _statements("niemand@example.nl", "203.0.113.11")
    assert any("outbox_message" in s for s in known)
    assert unknown == known
    assert list(Message.objects.values_list("to", flat=True)) == [partner.email]
