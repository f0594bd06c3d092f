"""The triage list and the reporter's list run a fixed number of queries."""

from __future__ import annotations

import datetime
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reporting.models import Priority, Signal, SignalEvent, Status
from tests.reporting.factories import make_signal

pytestmark = pytest.mark.django_db


def bulk_signals(reporter, assignee, count: int) -> None:
    now = timezone.now()
    statuses = list(Status)
    signals = Signal.objects.bulk_create(
        Signal(
            reporter=reporter,
            assignee=assignee if n % 2 else None,
            kind="kritiek",
            title=f"Melding {n}",
            description="Tekst",
            url="https://example.com/",
            platform="facebook",
            status=statuses[n % len(statuses)],
            priority=list(Priority)[n % 3],
            answer="Antwoord"
            if statuses[n % len(statuses)] == Status.AFGEHANDELD
            else "",
            closing_reason="Reden",
            due_date=(now + datetime.timedelta(days=n % 20 - 10)).date(),
            created_at=now - datetime.timedelta(minutes=n),
        )
        for n in range(count)
    )
    SignalEvent.objects.bulk_create(
        SignalEvent(signal=s, actor=reporter, field="created", new_value="nieuw")
        for s in signals
    )


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_triage_changelist_with_5000_signals(
    pr_client, pr_user, medewerker, django_assert_max_num_queries
):
    url = reverse("admin:reporting_signal_changelist")
    bulk_signals(medewerker, pr_user, 5)
    small = queries(pr_client, url)
    bulk_signals(medewerker, pr_user, 4995)
    with django_assert_max_num_queries(small):
        assert pr_client.get(url).status_code == 200
    with django_assert_max_num_queries(small):
        assert (
            pr_client.get(url + "?termijn=verlopen&status__exact=nieuw").status_code
            == 200
        )


def test_my_signals_with_500(
    client, medewerker, pr_user, django_assert_max_num_queries
):
    client.force_login(medewerker)
    url = reverse("reporting:list")
    bulk_signals(medewerker, pr_user, 5)
    small = queries(client, url)
    bulk_signals(medewerker, pr_user, 495)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(small):
        assert client.get(url + "?pagina=3").status_code == 200
    home = queries(client, reverse("home"))
    assert home <= 5


def test_a_triage_change_saves_in_fixed_queries(
    pr_client, pr_user, medewerker, django_assert_max_num_queries
):
    signal = make_signal(medewerker)
    url = reverse("admin:reporting_signal_change", args=[signal.pk])
    data = {
        "status": Status.IN_BEHANDELING,
        "priority": Priority.HOOG,
        "assignee": pr_user.pk,
        "answer": "",
        "closing_reason": "",
        "note": "Opgepakt",
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
    }
    # Session, user, second factor, the signal, its principles and its
    # checks, the update, its history and audit entries (each with the audit
    # chain's newest hash), the admin's log.
    with django_assert_max_num_queries(30):
        response = pr_client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND
    signal.refresh_from_db()
    assert signal.status == Status.IN_BEHANDELING and signal.assignee == pr_user
