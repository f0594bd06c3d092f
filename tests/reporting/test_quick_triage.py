"""Triage in fewer clicks: "Oppakken", "Beantwoorden en afsluiten" with
standard answers, counts that read properly, the queue on PR's start page."""

from __future__ import annotations

import io
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from reporting.models import SignalEvent, StandardAnswer, Status
from reporting.services import signal_update
from tests.reporting.factories import make_signal

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:reporting_signal_changelist")


def test_pick_up_assigns_and_starts_in_one_action(pr_client, pr_user, medewerker):
    one = make_signal(medewerker, title="Een")
    response = pr_client.post(
        CHANGELIST, {"action": "pick_up", "_selected_action": [one.pk]}, follow=True
    )
    one.refresh_from_db()
    assert one.assignee == pr_user and one.status == Status.IN_PROGRESS
    assert "1 melding opgepakt" in response.text
    fields = set(one.events.values_list("field", flat=True))
    assert {"assignee", "status"} <= fields

    two, three = make_signal(medewerker), make_signal(medewerker)
    response = pr_client.post(
        CHANGELIST,
        {"action": "pick_up", "_selected_action": [two.pk, three.pk]},
        follow=True,
    )
    assert "2 meldingen opgepakt" in response.text


def test_counts_are_pluralised(pr_client, medewerker):
    signals = [make_signal(medewerker) for _ in range(3)]
    response = pr_client.post(
        CHANGELIST,
        {"action": "assign_to_me", "_selected_action": [s.pk for s in signals]},
        follow=True,
    )
    assert "3 meldingen aan jou toegewezen." in response.text
    response = pr_client.post(
        CHANGELIST,
        {"action": "start_handling", "_selected_action": [signals[0].pk]},
        follow=True,
    )
    assert "1 melding in behandeling." in response.text


def test_answer_and_close_with_a_standard_answer(
    pr_client, pr_user, medewerker, django_capture_on_commit_callbacks
):
    StandardAnswer.objects.create(
        title="Bedankt voor het compliment", text="Dank je wel, we delen het."
    )
    StandardAnswer.objects.create(title="Oud", text="Niet meer", active=False)
    signal = make_signal(medewerker)
    change = pr_client.get(reverse("admin:reporting_signal_change", args=[signal.pk]))
    url = reverse("admin:reporting_signal_answer", args=[signal.pk])
    assert url in change.text

    page = pr_client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert 'data-insert-answer="Dank je wel, we delen het."' in page.text
    assert "Niet meer" not in page.text

    refused = pr_client.post(url, {"answer": ""})
    assert refused.status_code == HTTPStatus.OK
    signal.refresh_from_db()
    assert signal.status == Status.NEW

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = pr_client.post(url, {"answer": "Dank je wel, we delen het."})
    assert response.status_code == HTTPStatus.FOUND
    signal.refresh_from_db()
    assert signal.status == Status.HANDLED
    assert signal.assignee == pr_user
    assert signal.answer == "Dank je wel, we delen het."
    assert [m.to for m in mail.outbox] == [[medewerker.email]]
    statuses = signal.events.filter(field=SignalEvent.Field.STATUS)
    assert list(statuses.values_list("new_value", flat=True)) == [
        Status.IN_PROGRESS,
        Status.HANDLED,
    ]


def test_only_pr_maintains_standard_answers(client, beleid, pr_client):
    url = reverse("admin:reporting_standardanswer_add")
    assert pr_client.get(url).status_code == HTTPStatus.OK
    client.force_login(beleid)
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN


def test_zero_overdue_is_not_an_alarm(pr_client, medewerker):
    make_signal(medewerker)
    page = pr_client.get(CHANGELIST).text
    counts = page.split('id="status-counts"')[1].split("</ul>")[0]
    assert '<li class="zero"><span class="count">0</span> over de termijn' in counts
    assert 'class="overdue"' not in counts


def test_pr_start_page_shows_the_queue(pr_client, medewerker, pr_user):
    make_signal(medewerker)
    waiting = make_signal(medewerker)
    signal_update(signal=waiting, actor=pr_user, question="Waar?")
    page = pr_client.get(reverse("home")).text
    queue = page.split('id="pr-queue"')[1].split("</section>")[0]
    assert CHANGELIST in queue
    assert "<strong>1</strong> nieuwe melding<" in queue
    assert "<strong>2</strong> open meldingen" in queue
    assert "<strong>1</strong> wacht op melder" in queue


def test_employees_see_no_queue(medewerker_client):
    assert 'id="pr-queue"' not in medewerker_client.get(reverse("home")).text


def test_demo_brings_standard_answers_and_keeps_prs_edits():
    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO())
    assert StandardAnswer.objects.count() == 4
    edited = StandardAnswer.objects.first()
    edited.text = "Onze eigen tekst."
    edited.save()
    call_command("demo", stdout=io.StringIO())
    assert StandardAnswer.objects.count() == 4
    edited.refresh_from_db()
    assert edited.text == "Onze eigen tekst."
