from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from policy.models import ManagerDigest, Reminder
from policy.reminders import reminder_kind
from policy.services import signature_create

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 3, 2)  # a Monday; deadline 16 March


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(7)))


@pytest.fixture
def world(user_factory, department, publish):
    boss = user_factory(department=department, first_name="Lars")
    department.manager = boss
    department.save()
    late = user_factory(department=department, first_name="Sara")
    done = user_factory(department=department, first_name="Mila")
    with at(START):
        version = publish(effective_date=START)
        signature_create(user=done, version=version)
        signature_create(user=boss, version=version)
    return {"boss": boss, "late": late, "done": done, "version": version}


def run(day: datetime.date, *args) -> str:
    out = StringIO()
    with at(day):
        call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_reminder_kinds_follow_the_calendar(world):
    version = world["version"]
    deadline = version.signing_deadline
    assert deadline == START + datetime.timedelta(days=14)
    assert reminder_kind(version, START) == "effective"
    assert reminder_kind(version, deadline - datetime.timedelta(days=3)) == (
        "deadline-soon"
    )
    assert reminder_kind(version, deadline) == "deadline-soon"
    assert reminder_kind(version, deadline + datetime.timedelta(days=1)) == "overdue-0"
    assert reminder_kind(version, deadline + datetime.timedelta(days=7)) == "overdue-0"
    assert reminder_kind(version, deadline + datetime.timedelta(days=8)) == "overdue-1"


def test_schedule_and_no_reminder_twice(world, django_capture_on_commit_callbacks):
    late = world["late"]
    deadline = world["version"].signing_deadline
    with django_capture_on_commit_callbacks(execute=True):
        run(START)
        run(START)  # the same day again: nothing new
        run(START + datetime.timedelta(days=5))  # nothing due
        run(deadline - datetime.timedelta(days=3))
        run(deadline + datetime.timedelta(days=1))
        run(deadline + datetime.timedelta(days=3))  # same overdue week
        run(deadline + datetime.timedelta(days=8))
    kinds = list(
        Reminder.objects.filter(user=late)
        .order_by("sent_at")
        .values_list("kind", flat=True)
    )
    assert kinds == ["effective", "deadline-soon", "overdue-0", "overdue-1"]
    assert not Reminder.objects.filter(user=world["done"]).exists()
    to_late = [m for m in mail.outbox if m.to == [late.email]]
    assert len(to_late) == 4
    assert "dagen te laat" in to_late[-1].body
    assert "/richtlijnen/social-media/" in to_late[0].body


def test_managers_get_one_weekly_digest(world, django_capture_on_commit_callbacks):
    deadline = world["version"].signing_deadline
    with django_capture_on_commit_callbacks(execute=True):
        run(deadline + datetime.timedelta(days=1))
        run(deadline + datetime.timedelta(days=2))  # same ISO week
    digests = [m for m in mail.outbox if m.to == [world["boss"].email]]
    assert len(digests) == 1
    assert world["late"].email in digests[0].body
    assert world["done"].email not in digests[0].body
    assert ManagerDigest.objects.count() == 1


def test_dry_run_sends_and_records_nothing(world):
    output = run(START, "--dry-run")
    assert f"would send reminder to {world['late'].email}" in output
    assert not Reminder.objects.exists()
    assert mail.outbox == []
