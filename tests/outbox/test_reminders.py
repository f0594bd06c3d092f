"""A reminder counts as sent once its message is stored in the outbox, in
the same transaction, and never without it: a run that stored nothing can
be repeated, and a mail server that is down delays the reminder only."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts import roles
from datalek.models import Reminder as BreachReminder
from outbox.models import Kind, Message, Status
from policy.models import Reminder
from tests.outbox.helpers import run_worker
from tests.reporting.factories import make_signal

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime.datetime(2026, 3, 6, 14, 0, tzinfo=datetime.UTC)


def command(name: str, moment: datetime.datetime) -> str:
    out = StringIO()
    with time_machine.travel(moment, tick=False):
        call_command(name, stdout=out)
    return out.getvalue()


def test_a_breach_reminder_nobody_can_receive_is_not_marked_sent(
    smtp, medewerker, user_factory
):
    with time_machine.travel(START, tick=False):
        breach = make_signal(medewerker, possible_breach=True).breach
    day_later = START + datetime.timedelta(hours=24)

    out = command("datalek_reminders", day_later)
    assert "Stored 0 breach reminder(s)" in out
    assert "Sent" not in out
    assert not BreachReminder.objects.filter(breach=breach).exists()

    privacy = user_factory(email="privacy@sterkhuis.test")
    roles.ensure_groups()
    privacy.groups.add(Group.objects.get(name=roles.PRIVACY))
    out = command("datalek_reminders", day_later + datetime.timedelta(minutes=15))
    assert "Stored 1 breach reminder(s) in the outbox" in out
    assert BreachReminder.objects.get(breach=breach).stage == "48h"
    [waiting] = Message.objects.filter(template="breach_reminder")
    assert (waiting.to, waiting.kind) == (privacy.email, Kind.DATALEK)


def test_reminders_wait_for_a_mail_server_that_is_down(
    smtp, user_factory, department, publish
):
    late = user_factory(department=department, first_name="Sara")
    with time_machine.travel(START, tick=False):
        version = publish(effective_date=START.date())

        out = command("send_reminders", START)
        assert f"stored reminder to {late.email}" in out
        assert Reminder.objects.filter(user=late, version=version).count() == 1
        [message] = Message.objects.filter(to=late.email, template="sign_reminder")
        assert "tekenen vóór 20-03-2026" in message.body
        run_worker()  # the server is down
    assert Message.objects.get(pk=message.pk).status == Status.PENDING

    smtp.start()
    with time_machine.travel(START + datetime.timedelta(minutes=2), tick=True):
        run_worker()
        command("send_reminders", START + datetime.timedelta(minutes=2))
        run_worker()
    assert len(smtp.inbox.to(late.email)) == 1
    assert Message.objects.get(pk=message.pk).status == Status.SENT
