"""Partners in zorg are reminded less often; their contact person gets a digest."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from policy.models import Guideline, PartnerDigest, Reminder
from policy.services import signature_create

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 3, 2)  # a Monday; deadline 16 March
DAY = datetime.timedelta(days=1)


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(7)))


@pytest.fixture
def world(user_factory, department, partner_factory, publish):
    contact = user_factory(department=department, first_name="Mila")
    late = partner_factory(contact_person=contact, first_name="Sam")
    done = partner_factory(contact_person=contact, first_name="Noor")
    with at(START):
        version = publish("partners-in-zorg", effective_date=START)
        Guideline.objects.filter(pk=version.guideline_id).update(
            audience_all=False, audience_partners=True
        )
        signature_create(user=done, version=version)
    return {"contact": contact, "late": late, "done": done, "version": version}


def run(day: datetime.date) -> None:
    with at(day):
        call_command("send_reminders", stdout=StringIO())


def test_partners_are_reminded_less_often_than_staff(
    world, django_capture_on_commit_callbacks
):
    late, deadline = world["late"], world["version"].signing_deadline
    days = [START, deadline - 2 * DAY, deadline + DAY] + [
        deadline + DAY + n * 7 * DAY for n in range(1, 5)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for day in days:
            run(day)

    kinds = sorted(Reminder.objects.filter(user=late).values_list("kind", flat=True))
    # Staff would have had effective, deadline-soon and overdue-0 to overdue-4.
    assert kinds == ["effective", "overdue-0", "overdue-4"]
    assert not Reminder.objects.filter(user=world["done"]).exists()
    to_partner = [m for m in mail.outbox if m.to == [late.email]]
    assert len(to_partner) == 3
    assert "/accounts/login/code/" in to_partner[0].body


def test_the_contact_person_gets_a_weekly_digest_of_partners_not_signed(
    world, django_capture_on_commit_callbacks
):
    contact, late = world["contact"], world["late"]
    with django_capture_on_commit_callbacks(execute=True):
        run(START)
        run(START + DAY)  # same week: no second digest
        run(START + 7 * DAY)

    digests = [m for m in mail.outbox if m.to == [contact.email]]
    assert len(digests) == 2
    assert late.email in digests[0].body
    assert world["done"].email not in digests[0].body
    assert list(
        PartnerDigest.objects.filter(contact_person=contact).values_list(
            "week", "partners"
        )
    ) == [("2026-W11", 1), ("2026-W10", 1)]
