"""datalek_reminders (48, 24 and 4 hours before the deadline, then the
superusers once it passed; each once) and retention."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command

from audit.models import AuditEvent
from datalek.audit_events import DatalekAction
from datalek.models import Breach, Decision, Reminder, Status
from datalek.services import breach_update
from reporting.attachments import check_upload
from reporting.models import Signal
from reporting.models import Status as SignalStatus
from reporting.services import signal_update
from tests.reporting.factories import make_signal
from tests.reporting.helpers import png

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 6, 14, 0, tzinfo=datetime.UTC)


def at(hours: float):
    return time_machine.travel(START + datetime.timedelta(hours=hours), tick=False)


def remind(capture) -> list:
    mail.outbox.clear()
    with capture(execute=True):
        call_command("datalek_reminders", stdout=StringIO())
    return list(mail.outbox)


@pytest.fixture
def superuser(user_factory):
    return user_factory(is_superuser=True, is_staff=True, email="beheer@x.test")


def test_reminders_follow_the_clock_each_once(
    medewerker, privacy_user, superuser, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    with at(0):
        breach = make_signal(medewerker, possible_breach=True).breach
    schedule = [
        (23.9, None),
        (24, "Nog 48 uur"),
        (30, None),
        (48, "Nog 24 uur"),
        (60, None),
        (68.5, "Nog 3 uur"),
        (71.9, None),
        (72, "Termijn verlopen"),
        (100, None),
    ]
    for hours, subject in schedule:
        with at(hours):
            sent = remind(capture)
        if subject is None:
            assert sent == [], hours
            continue
        # One message per recipient, all of one reminder.
        assert len({m.subject for m in sent}) == 1, hours
        assert subject in sent[0].subject, (hours, sent[0].subject)
        assert all(breach.get_absolute_url() in m.body for m in sent)
        expected = {privacy_user.email}
        if subject.startswith("Termijn"):
            expected.add(superuser.email)
        assert sorted(m.to[0] for m in sent) == sorted(expected)
    stages = set(Reminder.objects.filter(mailed=True).values_list("stage", flat=True))
    assert stages == {"48h", "24h", "4h", "verlopen"}


def test_no_reminder_once_decided(
    medewerker, privacy_user, django_capture_on_commit_callbacks
):
    with at(0):
        breach = make_signal(medewerker, possible_breach=True).breach
    with at(10):
        breach_update(
            breach=breach,
            actor=privacy_user,
            data={
                "decision": Decision.DO_NOT_NOTIFY,
                "decision_reason": "Geen risico.",
            },
        )
    for hours in (24, 48, 70, 80):
        with at(hours):
            assert remind(django_capture_on_commit_callbacks) == []


def test_a_moment_moved_back_sends_only_the_latest_reminder(
    medewerker, privacy_user, django_capture_on_commit_callbacks
):
    with at(0):
        breach = make_signal(medewerker, possible_breach=True).breach
    with at(1):
        breach_update(
            breach=breach,
            actor=privacy_user,
            data={
                "aware_at": START - datetime.timedelta(hours=68),
                "aware_at_reason": "Een collega wist het al eerder.",
            },
        )
        sent = remind(django_capture_on_commit_callbacks)
        assert len(sent) == 1 and "Nog 3 uur" in sent[0].subject
        assert remind(django_capture_on_commit_callbacks) == []
    skipped = Reminder.objects.filter(mailed=False).values_list("stage", flat=True)
    assert set(skipped) == {"48h", "24h"}


def test_purge_keeps_the_signal_of_an_open_breach(
    medewerker, pr_user, privacy_user, settings
):
    settings.SIGNAL_RETENTION_DAYS = 30
    with at(0):
        signal = make_signal(
            medewerker, possible_breach=True, files=[check_upload(png())]
        )
        plain = make_signal(medewerker, title="Gewone melding")
        for s in (signal, plain):
            signal_update(signal=s, actor=pr_user, status=SignalStatus.IN_PROGRESS)
            signal_update(
                signal=s,
                actor=pr_user,
                status=SignalStatus.NO_ACTION,
                closing_reason="Afgehandeld door privacy.",
            )
    file_name = signal.attachments.get().file.name
    with at(24 * 40):
        call_command("purge_signals", stdout=StringIO())
    assert Signal.objects.filter(pk=signal.pk).exists()
    assert not Signal.objects.filter(pk=plain.pk).exists()

    breach = signal.breach
    with at(24 * 41):
        breach_update(
            breach=breach,
            actor=privacy_user,
            data={
                "decision": Decision.DO_NOT_NOTIFY,
                "decision_reason": "Geen risico.",
                "status": Status.CLOSED,
            },
        )
        call_command("purge_signals", stdout=StringIO())
    assert not Signal.objects.filter(pk=signal.pk).exists()
    assert not default_storage.exists(file_name)
    breach.refresh_from_db()
    assert breach.signal is None
    assert breach.signal_number == signal.pk
    assert breach.decision_reason == "Geen risico."


def test_breach_records_are_kept_five_years(medewerker, privacy_user, settings):
    assert settings.DATALEK_RETENTION_DAYS == 1826
    with at(0):
        closed = make_signal(medewerker, possible_breach=True).breach
        open_one = make_signal(medewerker, possible_breach=True).breach
        breach_update(
            breach=closed,
            actor=privacy_user,
            data={
                "decision": Decision.DO_NOT_NOTIFY,
                "decision_reason": "Geen risico.",
                "status": Status.CLOSED,
            },
        )
    with at(24 * 1825):
        call_command("purge_datalekken", stdout=StringIO())
    assert Breach.objects.count() == 2
    with at(24 * 1827):
        call_command("purge_datalekken", "--dry-run", stdout=StringIO())
        assert Breach.objects.count() == 2
        call_command("purge_datalekken", stdout=StringIO())
        call_command("purge_datalekken", stdout=StringIO())
    assert list(Breach.objects.all()) == [open_one]
    assert AuditEvent.objects.filter(action=DatalekAction.BREACH_PURGED).count() == 1
