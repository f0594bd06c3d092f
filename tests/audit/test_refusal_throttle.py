"""Anonymous clients cannot fill the audit log: their refusals are recorded
once per address, kind and minute, with a count of what was left out."""

from __future__ import annotations

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db

IP = "203.0.113.9"


def anonymous(ip: str = IP) -> Client:
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=ip)


def csrf_rows() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=Action.CSRF_FAILED).order_by("pk"))


def test_anonymous_csrf_failures_are_throttled_and_counted():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = anonymous()
        for _attempt in range(50):
            response = client.post("/accounts/login/", {"login": "x", "password": "y"})
            assert response.status_code == HTTPStatus.FORBIDDEN
        assert len(csrf_rows()) == 1
        assert "left_out" not in csrf_rows()[0].details

        # Another address, and another kind, have their own allowance.
        anonymous("198.51.100.1").post("/accounts/login/", {})
        assert len(csrf_rows()) == 2

    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        anonymous().post("/accounts/login/", {})
        rows = csrf_rows()
        assert len(rows) == 3
        assert rows[-1].ip_address == IP
        assert rows[-1].details["left_out"] == 49
        anonymous().post("/accounts/login/", {})
        assert len(csrf_rows()) == 3

    with time_machine.travel(start + datetime.timedelta(seconds=122), tick=False):
        anonymous().post("/accounts/login/", {})
        assert csrf_rows()[-1].details["left_out"] == 1


def test_anonymous_rate_limit_refusals_are_throttled(settings, medewerker):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "reset_password": "1/m/ip",
    }
    client = Client(REMOTE_ADDR=IP)
    with time_machine.travel(timezone.now(), tick=False):
        for _attempt in range(6):
            client.post("/accounts/password/reset/", {"email": medewerker.email})
        response = client.post("/accounts/password/reset/", {"email": "a@b.nl"})
        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert AuditEvent.objects.filter(action=Action.RATE_LIMITED).count() == 1


def test_logged_in_refusals_stay_one_row_each(medewerker):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=IP)
    client.force_login(medewerker)
    with time_machine.travel(timezone.now(), tick=False):
        for _attempt in range(5):
            assert client.get("/naleving/").status_code == HTTPStatus.FORBIDDEN
            client.post("/meldingen/nieuw/", {"title": "x"})
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED).count() == 5
    assert AuditEvent.objects.filter(action=Action.CSRF_FAILED).count() == 5
    assert all(
        e.actor == medewerker and "left_out" not in e.details
        for e in AuditEvent.objects.filter(action=Action.ACCESS_DENIED)
    )
