"""PR links signals to the principles they concern; the reporter follows the
link; Beleid counts signals per principle."""

from __future__ import annotations

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse

from policy.models import Principle
from reporting.models import Status
from reporting.services import signal_update
from tests.policy.helpers import BODY
from tests.reporting.factories import make_signal

pytestmark = pytest.mark.django_db


def _principle(anchor: str) -> Principle:
    return Principle.objects.get(guideline__slug="social-media", anchor=anchor)


def test_every_heading_of_a_published_version_is_a_section(publish):
    version = publish(body=BODY)
    assert list(version.sections.values_list("anchor", "title")) == [
        ("grondbeginselen", "Grondbeginselen"),
        ("grondbeginsel-1", "1. Gebruik je gezond verstand."),
        ("grondbeginsel-6", "6. Geef nooit informatie over cliënten."),
    ]
    assert version.sections.get(anchor="grondbeginsel-6").text == (
        "Vermeld nooit namen van cliënten."
    )
    # A new version keeps the principles by anchor and updates their titles.
    publish(body=BODY.replace("over cliënten.", "over cliënten of collega's."))
    assert Principle.objects.count() == 3
    assert _principle("grondbeginsel-6").title.endswith("of collega's.")


def test_pr_links_a_signal_to_principles_in_the_admin(
    pr_client, pr_user, medewerker, publish, client
):
    publish(body=BODY)
    signal = make_signal(medewerker)
    url = reverse("admin:reporting_signal_change", args=[signal.pk])
    page = pr_client.get(url)
    assert "6. Geef nooit informatie over cliënten." in page.text
    response = pr_client.post(
        url,
        {
            "status": Status.IN_PROGRESS,
            "priority": signal.priority,
            "assignee": "",
            "answer": "",
            "closing_reason": "",
            "note": "",
            "principles": [_principle("grondbeginsel-6").pk],
            "notes-TOTAL_FORMS": "0",
            "notes-INITIAL_FORMS": "0",
            "notes-MIN_NUM_FORMS": "0",
            "notes-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.text[:3000]
    assert list(signal.principles.values_list("anchor", flat=True)) == [
        "grondbeginsel-6"
    ]

    client.force_login(medewerker)
    html = client.get(reverse("reporting:detail", args=[signal.pk])).text
    assert 'href="/richtlijnen/social-media/#grondbeginsel-6"' in html


def test_beleid_counts_signals_per_principle_over_a_period(
    client, beleid, medewerker, pr_user, publish
):
    publish(body=BODY)
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)):
        old = make_signal(medewerker)
    recent = [make_signal(medewerker), make_signal(medewerker), make_signal(medewerker)]
    for signal in [old, *recent[:2]]:
        signal.principles.add(_principle("grondbeginsel-6"))
    recent[0].principles.add(_principle("grondbeginsel-1"))
    signal_update(signal=recent[2], actor=pr_user, status=Status.IN_PROGRESS)

    client.force_login(beleid)
    url = reverse("reporting:principles")
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert 'data-anchor="grondbeginsel-6">2<' in page.text
    assert 'data-anchor="grondbeginsel-1">1<' in page.text
    assert "3 meldingen" in page.text and "1 daarvan zonder beginsel" in page.text

    wide = client.get(url, {"van": "2026-01-01", "tot": "bad"})
    assert 'data-anchor="grondbeginsel-6">3<' in wide.text

    client.force_login(medewerker)
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN


def test_principle_counts_need_few_queries(
    client, beleid, medewerker, publish, django_assert_max_num_queries
):
    from reporting.models import Signal

    for n in range(10):
        publish(slug=f"richtlijn-{n}", body=BODY)
    principles = list(Principle.objects.all())
    for n in range(60):
        signal = make_signal(medewerker, title=f"Melding {n}")
        signal.principles.add(*principles[n % 7 :: 7])
    assert Signal.objects.count() == 60
    client.force_login(beleid)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("reporting:principles"))
    assert page.text.count("data-anchor=") == len(principles)


def test_principle_counts_give_a_page_for_any_date_range(client, beleid, medewerker):
    make_signal(medewerker)
    client.force_login(beleid)
    url = reverse("reporting:principles")
    for period in [
        {"van": "0001-01-01", "tot": "9999-12-31"},
        {"van": "9999-12-31", "tot": "9999-12-31"},
        {"van": "0001-01-01", "tot": "0001-01-01"},
    ]:
        page = client.get(url, period)
        assert page.status_code == HTTPStatus.OK, period
    wide = client.get(url, {"van": "0001-01-01", "tot": "9999-12-31"})
    assert "1 meldingen van 1 januari 2000" in wide.text
