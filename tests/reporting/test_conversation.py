"""A conversation, not a drop box: PR asks, the reporter answers on their
signal page, reacts after an answer or asks to reopen within 14 days."""

from __future__ import annotations

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reporting.models import Signal, SignalEvent, SignalNote, Status
from reporting.services import signal_reply, signal_update
from tests.reporting.factories import make_signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """`with sent():` runs the mail queued on commit when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


MONDAY = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


def test_pr_asks_and_the_clock_stops_until_the_reporter_answers(
    client, medewerker, pr_user, sent
):
    with time_machine.travel(MONDAY, tick=False):
        signal = make_signal(medewerker)
        due = signal.due_date
        mail.outbox.clear()
        with sent():
            signal_update(
                signal=signal, actor=pr_user, question="Op welke pagina stond het?"
            )
    signal.refresh_from_db()
    assert signal.status == Status.AWAITING_REPORTER
    assert signal.waiting_since is not None
    assert [m.to for m in mail.outbox] == [[medewerker.email]]
    assert "Op welke pagina stond het?" in mail.outbox[0].body
    assert signal.get_absolute_url() in mail.outbox[0].body

    # Waiting past the due date is not overdue.
    with time_machine.travel(MONDAY + datetime.timedelta(days=20), tick=False):
        assert not Signal.objects.overdue().exists()
        assert Signal.objects.counts()["overdue"] == 0
        assert not signal.is_overdue

        client.force_login(medewerker)
        page = client.get(signal.get_absolute_url())
        assert "Op welke pagina stond het?" in page.text
        assert 'id="reply-form"' in page.text
        mail.outbox.clear()
        with sent():
            response = client.post(
                signal.get_absolute_url(), {"text": "Op de pagina van de gemeente."}
            )
    assert response.status_code == HTTPStatus.FOUND
    signal.refresh_from_db()
    assert signal.status == Status.IN_PROGRESS
    assert signal.waiting_since is None
    assert signal.due_date == due + datetime.timedelta(days=20)
    assert [m.to for m in mail.outbox] == [[pr_user.email]]
    assert "Op de pagina van de gemeente." in mail.outbox[0].body
    reply = signal.events.get(field=SignalEvent.Field.REPLY)
    assert reply.public and reply.actor == medewerker


def test_moving_to_waiting_needs_a_question(medewerker, pr_user):
    signal = make_signal(medewerker)
    with pytest.raises(ValidationError) as excinfo:
        signal_update(signal=signal, actor=pr_user, status=Status.AWAITING_REPORTER)
    assert "question" in excinfo.value.message_dict


def test_after_an_answer_the_reporter_reacts_or_asks_to_reopen_within_14_days(
    client, medewerker, pr_user, sent
):
    signal = make_signal(medewerker)
    signal_update(signal=signal, actor=pr_user, status=Status.IN_PROGRESS)
    signal_update(
        signal=signal, actor=pr_user, status=Status.HANDLED, answer="Opgelost."
    )
    client.force_login(medewerker)
    page = client.get(signal.get_absolute_url())
    assert 'name="reopen"' in page.text

    client.post(signal.get_absolute_url(), {"text": "Dank je wel!"})
    signal.refresh_from_db()
    assert signal.status == Status.HANDLED  # a reaction, not a reopen

    mail.outbox.clear()
    with sent():
        client.post(
            signal.get_absolute_url(), {"text": "Het staat er weer.", "reopen": "on"}
        )
    signal.refresh_from_db()
    assert signal.status == Status.REOPENED
    assert "heropenen" in mail.outbox[0].subject


def test_no_reaction_after_14_days(client, medewerker, pr_user):
    signal = make_signal(medewerker)
    signal_update(signal=signal, actor=pr_user, status=Status.IN_PROGRESS)
    signal_update(
        signal=signal, actor=pr_user, status=Status.HANDLED, answer="Opgelost."
    )
    later = timezone.now() + datetime.timedelta(days=15)
    with time_machine.travel(later, tick=False):
        client.force_login(medewerker)
        page = client.get(signal.get_absolute_url())
        assert 'id="reply-form"' not in page.text
        response = client.post(
            signal.get_absolute_url(), {"text": "Nog iets", "reopen": "on"}
        )
        assert response.status_code == HTTPStatus.FOUND
        with pytest.raises(ValidationError):
            signal_reply(signal=signal, reporter=medewerker, text="Nog iets")
    signal.refresh_from_db()
    assert signal.status == Status.HANDLED
    assert not signal.events.filter(field=SignalEvent.Field.REPLY).exists()


def test_only_the_reporter_replies(client, medewerker, user_factory, pr_user):
    signal = make_signal(medewerker)
    other = user_factory()
    client.force_login(other)
    response = client.post(signal.get_absolute_url(), {"text": "Ik ook"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    with pytest.raises(ValidationError):
        signal_reply(signal=signal, reporter=other, text="Ik ook")


def test_internal_notes_stay_internal(client, medewerker, pr_user, sent):
    signal = make_signal(medewerker)
    SignalNote.objects.create(signal=signal, author=pr_user, text="Geheime afweging")
    with sent():
        signal_update(
            signal=signal,
            actor=pr_user,
            question="Wanneer zag je het?",
            note="Interne toelichting bij de vraag",
        )
    client.force_login(medewerker)
    page = client.get(signal.get_absolute_url())
    assert "Wanneer zag je het?" in page.text
    assert "Geheime afweging" not in page.text
    assert "Interne toelichting" not in page.text
    assert mail.outbox
    assert all("Geheime" not in m.body and "Interne" not in m.body for m in mail.outbox)


def test_pr_asks_in_the_change_form(pr_client, medewerker):
    signal = make_signal(medewerker)
    url = reverse("admin:reporting_signal_change", args=[signal.pk])
    page = pr_client.get(url)
    assert 'name="question"' in page.text
    response = pr_client.post(
        url,
        {
            "status": Status.AWAITING_REPORTER,
            "priority": signal.priority,
            "assignee": "",
            "answer": "",
            "closing_reason": "",
            "question": "Heb je een schermafbeelding?",
            "note": "",
            "notes-TOTAL_FORMS": "0",
            "notes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.text[-2000:]
    signal.refresh_from_db()
    assert signal.status == Status.AWAITING_REPORTER
    assert signal.events.get(field="question").new_value == (
        "Heb je een schermafbeelding?"
    )


def test_the_reporters_list_says_pr_waits_for_them(client, medewerker, pr_user):
    signal = make_signal(medewerker)
    signal_update(signal=signal, actor=pr_user, question="Welke datum?")
    client.force_login(medewerker)
    page = client.get(reverse("reporting:list")).text
    assert "PR en communicatie wacht op je antwoord." in page
    assert 'badge badge-todo">wacht op melder' in page
