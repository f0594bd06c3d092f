"""The triage list and the reporter's list run a fixed number of queries."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.urls import reverse

from reporting.models import Priority, Status
from tests.helpers import count_queries
from tests.reporting.factories import bulk_signals, make_signal

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_triage_changelist_with_5000_signals(
    pr_client, pr_user, medewerker, django_assert_max_num_queries
):
    url = reverse("admin:reporting_signal_changelist")
    bulk_signals(medewerker, pr_user, 5)
    small = count_queries(pr_client, url)
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
    small = count_queries(client, url)
    bulk_signals(medewerker, pr_user, 495)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(small):
        assert client.get(url + "?pagina=3").status_code == 200
    home = count_queries(client, reverse("home"))
    assert home <= 5


def test_a_triage_change_saves_in_fixed_queries(
    pr_client, pr_user, medewerker, django_assert_max_num_queries
):
    signal = make_signal(medewerker)
    url = reverse("admin:reporting_signal_change", args=[signal.pk])
    data = {
        "status": Status.IN_PROGRESS,
        "priority": Priority.HIGH,
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
    assert signal.status == Status.IN_PROGRESS and signal.assignee == pr_user
