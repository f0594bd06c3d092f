from __future__ import annotations

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts import roles
from reporting.models import TRANSITIONS, Priority, Signal, SignalEvent, Status
from reporting.services import signal_update
from tests.reporting.factories import make_signal

pytestmark = pytest.mark.django_db


def test_the_transition_table():
    waiting = Status.AWAITING_REPORTER
    assert TRANSITIONS[Status.NEW] == {Status.IN_PROGRESS, waiting}
    assert TRANSITIONS[Status.IN_PROGRESS] == {
        Status.HANDLED,
        Status.NO_ACTION,
        waiting,
    }
    assert TRANSITIONS[waiting] == {
        Status.IN_PROGRESS,
        Status.HANDLED,
        Status.NO_ACTION,
    }
    assert TRANSITIONS[Status.HANDLED] == {Status.REOPENED}
    assert TRANSITIONS[Status.NO_ACTION] == {Status.REOPENED}
    assert TRANSITIONS[Status.REOPENED] == {Status.IN_PROGRESS, waiting}


def test_a_move_outside_the_table_is_refused(medewerker, pr_user):
    signal = make_signal(medewerker)
    with pytest.raises(ValidationError) as excinfo:
        signal_update(
            signal=signal, actor=pr_user, status=Status.HANDLED, answer="Dank"
        )
    assert "status" in excinfo.value.message_dict
    signal.refresh_from_db()
    assert signal.status == Status.NEW and signal.answer == ""
    assert not signal.events.exclude(field="created").exists()


def test_closing_needs_an_answer_or_a_reason(medewerker, pr_user):
    signal = make_signal(medewerker)
    signal_update(signal=signal, actor=pr_user, status=Status.IN_PROGRESS)
    with pytest.raises(ValidationError) as excinfo:
        signal_update(signal=signal, actor=pr_user, status=Status.HANDLED)
    assert "answer" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        signal_update(signal=signal, actor=pr_user, status=Status.NO_ACTION)
    assert "closing_reason" in excinfo.value.message_dict
    signal_update(
        signal=signal, actor=pr_user, status=Status.NO_ACTION, closing_reason="Oud"
    )
    signal.refresh_from_db()
    assert signal.status == Status.NO_ACTION and signal.closed_at is not None


def test_every_change_is_recorded_and_the_reporter_mailed(
    medewerker, pr_user, django_capture_on_commit_callbacks
):
    signal = make_signal(medewerker)
    with django_capture_on_commit_callbacks(execute=True):
        signal_update(signal=signal, actor=pr_user, assignee=pr_user)
        signal_update(
            signal=signal,
            actor=pr_user,
            status=Status.IN_PROGRESS,
            priority=Priority.HIGH,
            note="Opgepakt",
        )
        signal_update(
            signal=signal,
            actor=pr_user,
            status=Status.HANDLED,
            answer="We hebben gereageerd.",
        )
    events = list(signal.events.values_list("field", "old_value", "new_value"))
    assert events == [
        ("created", "", "nieuw"),
        ("assignee", "", str(pr_user)),
        ("priority", "normaal", "hoog"),
        ("status", "nieuw", "in_behandeling"),
        ("answer", "", "We hebben gereageerd."),
        ("status", "in_behandeling", "afgehandeld"),
    ]
    assert all(e.actor == pr_user for e in signal.events.exclude(field="created"))
    assert set(signal.events.filter(public=True).values_list("field", flat=True)) == {
        "created",
        "status",
        "answer",
    }
    assert [m.to for m in mail.outbox] == [[medewerker.email]]
    assert "We hebben gereageerd." in mail.outbox[0].body


def test_reopen_and_handle_again(medewerker, pr_user):
    signal = make_signal(medewerker)
    for status, extra in [
        (Status.IN_PROGRESS, {}),
        (Status.HANDLED, {"answer": "Klaar"}),
        (Status.REOPENED, {}),
        (Status.IN_PROGRESS, {}),
    ]:
        signal = signal_update(signal=signal, actor=pr_user, status=status, **extra)
    assert signal.status == Status.IN_PROGRESS and signal.closed_at is None


@pytest.mark.parametrize(
    ("received", "priority", "due"),
    [
        ("2026-11-23 09:00", Priority.URGENT, "2026-11-23"),  # Monday: same day
        ("2026-11-28 09:00", Priority.URGENT, "2026-11-30"),  # Saturday: Monday
        ("2026-11-26 16:00", Priority.HIGH, "2026-12-01"),  # Thu + 3 working days
        ("2026-11-23 09:00", Priority.NORMAL, "2026-12-07"),  # + 10 working days
    ],
)
def test_due_dates_count_working_days(medewerker, pr_user, received, priority, due):
    with time_machine.travel(datetime.datetime.fromisoformat(received + "+01:00")):
        signal = make_signal(medewerker)
        signal = signal_update(signal=signal, actor=pr_user, priority=priority)
    assert signal.due_date == datetime.date.fromisoformat(due)


def test_overdue(medewerker):
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC)):
        signal = make_signal(medewerker)
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, tzinfo=datetime.UTC)):
        assert list(Signal.objects.overdue()) == [signal]
        assert signal.is_overdue


# --- The admin --------------------------------------------------------------


def test_changelist_shows_counts_and_open_urgent_first(pr_client, medewerker, pr_user):
    calm = make_signal(medewerker, title="Rustig")
    urgent = make_signal(medewerker, title="Spoed!")
    signal_update(signal=urgent, actor=pr_user, priority=Priority.URGENT)
    done = make_signal(medewerker, title="Klaar")
    signal_update(signal=done, actor=pr_user, status=Status.IN_PROGRESS)
    signal_update(
        signal=done, actor=pr_user, status=Status.NO_ACTION, closing_reason="x"
    )

    page = pr_client.get(reverse("admin:reporting_signal_changelist"))
    assert page.status_code == HTTPStatus.OK
    text = page.text
    assert text.index("Spoed!") < text.index("Rustig") < text.index("Klaar")
    counts = text.split('id="status-counts"')[1].split("</ul>")[0]
    assert '<span class="count">2</span> nieuw' in counts
    assert '<span class="count">1</span> geen actie nodig' in counts
    del calm


def test_actions_assign_to_me_and_start_handling(pr_client, pr_user, medewerker):
    signal = make_signal(medewerker)
    url = reverse("admin:reporting_signal_changelist")
    pr_client.post(url, {"action": "assign_to_me", "_selected_action": [signal.pk]})
    pr_client.post(url, {"action": "start_handling", "_selected_action": [signal.pk]})
    signal.refresh_from_db()
    assert signal.assignee == pr_user
    assert signal.status == Status.IN_PROGRESS


def test_illegal_move_in_the_change_form_shows_a_message(pr_client, medewerker):
    signal = make_signal(medewerker)
    url = reverse("admin:reporting_signal_change", args=[signal.pk])
    response = pr_client.post(
        url,
        {
            "status": Status.HANDLED,
            "priority": Priority.NORMAL,
            "assignee": "",
            "answer": "Dank je",
            "closing_reason": "",
            "note": "",
            "notes-TOTAL_FORMS": "0",
            "notes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "kan een melding niet naar" in response.text
    signal.refresh_from_db()
    assert signal.status == Status.NEW and signal.answer == ""


def test_pr_answers_and_closes_in_the_change_form(pr_client, pr_user, medewerker):
    signal = make_signal(medewerker, title="<b>opmaak</b>")
    signal_update(signal=signal, actor=pr_user, status=Status.IN_PROGRESS)
    url = reverse("admin:reporting_signal_change", args=[signal.pk])
    page = pr_client.get(url)
    assert "&lt;b&gt;opmaak&lt;/b&gt;" in page.text and "<b>opmaak</b>" not in page.text

    response = pr_client.post(
        url,
        {
            "status": Status.HANDLED,
            "priority": Priority.HIGH,
            "assignee": pr_user.pk,
            "answer": "We hebben contact opgenomen.",
            "closing_reason": "",
            "note": "Gebeld met de schrijver",
            "notes-TOTAL_FORMS": "1",
            "notes-INITIAL_FORMS": "0",
            "notes-0-text": "Interne afweging",
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.text[-3000:]
    signal.refresh_from_db()
    assert signal.status == Status.HANDLED
    assert signal.assignee == pr_user
    assert signal.notes.get().author == pr_user
    assert SignalEvent.objects.filter(signal=signal, note="Gebeld met de schrijver")


def test_nobody_deletes_and_only_pr_sees_signals(
    client, pr_client, medewerker, user_factory
):
    signal = make_signal(medewerker)
    delete = reverse("admin:reporting_signal_delete", args=[signal.pk])
    assert pr_client.post(delete, {"post": "yes"}).status_code == HTTPStatus.FORBIDDEN
    assert Signal.objects.filter(pk=signal.pk).exists()

    beleid = user_factory(groups=[roles.BELEID], is_staff=True)
    client.force_login(beleid)
    listing = client.get(reverse("admin:reporting_signal_changelist"))
    assert listing.status_code == HTTPStatus.FORBIDDEN
    change = client.get(reverse("admin:reporting_signal_change", args=[signal.pk]))
    assert change.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.FOUND)
    assert "Meldingen" not in client.get(reverse("admin:index")).text


def test_the_change_page_shows_the_history(pr_client, pr_user, medewerker):
    signal = make_signal(medewerker)
    signal_update(
        signal=signal, actor=pr_user, status=Status.IN_PROGRESS, note="<i>Bel</i>"
    )
    page = pr_client.get(reverse("admin:reporting_signal_change", args=[signal.pk]))
    history = page.text.split('class="signal-history"')[1].split("</table>")[0]
    assert "<th>wanneer</th>" in history
    event = signal.events.get(field="status")
    row = history.split("<tbody>")[1]
    when = timezone.localtime(event.created_at)
    assert date_format(when, "SHORT_DATETIME_FORMAT") in row
    assert str(pr_user) in row
    assert f"<td>{event.old_label}</td><td>{event.new_label}</td>" in row
    assert "&lt;i&gt;Bel&lt;/i&gt;" in row and "<i>Bel</i>" not in row
