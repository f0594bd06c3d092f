"""The review cycle: an owner, a "herzien vóór" date reset by each
publication, reminders to the owner and the editor's start page."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from policy.models import Guideline, Reminder, add_months
from policy.services import version_create_draft

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 31)
DUE = datetime.date(2027, 1, 31)


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(7)))


@pytest.fixture
def owned(publish, beleid):
    with at(START):
        version = publish(effective_date=START)
    guideline = version.guideline
    guideline.owner = beleid
    guideline.save()
    guideline.refresh_from_db()
    return guideline


def test_months_are_calendar_months():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)
    assert add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)


def test_each_publication_resets_the_review_date(owned, publish):
    assert owned.review_due == DUE
    with at(datetime.date(2026, 6, 10)):
        publish(body="## Nieuw\n\nAndere tekst.\n")
    owned.refresh_from_db()
    assert owned.review_due == datetime.date(2027, 6, 10)


def test_changing_the_interval_in_the_admin_moves_the_date(beleid_client, owned):
    url = reverse("admin:policy_guideline_change", args=[owned.pk])
    response = beleid_client.post(
        url,
        {
            "title": owned.title,
            "audience_all": "on",
            "owner": owned.owner_id,
            "review_interval_months": "6",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
            "job_titles-TOTAL_FORMS": "0",
            "job_titles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    owned.refresh_from_db()
    assert owned.review_due == datetime.date(2026, 7, 31)


def test_admin_list_shows_and_filters_reviews(beleid_client, owned, publish):
    today = datetime.date.today()
    later = publish("later", body="## Later\n\nTekst.\n", title="Later te herzien")
    Guideline.objects.filter(pk=owned.pk).update(
        review_due=today - datetime.timedelta(days=1)
    )
    Guideline.objects.filter(pk=later.guideline_id).update(
        review_due=today + datetime.timedelta(days=20)
    )
    url = reverse("admin:policy_guideline_changelist")

    everything = beleid_client.get(url).text
    late = beleid_client.get(url, {"herzien": "te-laat"}).text
    soon = beleid_client.get(url, {"herzien": "binnen-30-dagen"}).text

    yesterday = date_format(today - datetime.timedelta(days=1), "SHORT_DATE_FORMAT")
    assert yesterday in everything and "te laat" in everything
    assert owned.title in late and "Later te herzien" not in late
    assert "Later te herzien" in soon and owned.title not in soon


def _send(day, django_capture_on_commit_callbacks) -> str:
    out = StringIO()
    with at(day), django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_owner_is_reminded_30_days_before_and_weekly_when_overdue_each_once(
    owned, django_capture_on_commit_callbacks
):
    def mails_to_owner():
        return [
            m
            for m in mail.outbox
            if m.to == [owned.owner.email] and "herzien" in m.subject
        ]

    _send(DUE - datetime.timedelta(days=31), django_capture_on_commit_callbacks)
    assert mails_to_owner() == []
    _send(DUE - datetime.timedelta(days=30), django_capture_on_commit_callbacks)
    assert len(mails_to_owner()) == 1
    assert owned.title in mails_to_owner()[0].body
    assert "31-01-2027" in mails_to_owner()[0].body
    _send(DUE - datetime.timedelta(days=10), django_capture_on_commit_callbacks)
    _send(DUE, django_capture_on_commit_callbacks)
    assert len(mails_to_owner()) == 1  # the 30-day reminder only once

    for offset in (1, 3, 7):  # week 0 after the date
        _send(DUE + datetime.timedelta(days=offset), django_capture_on_commit_callbacks)
    assert len(mails_to_owner()) == 2
    assert "te laat" in mails_to_owner()[1].body
    out = _send(DUE + datetime.timedelta(days=8), django_capture_on_commit_callbacks)
    assert len(mails_to_owner()) == 3
    assert "review reminder" in out
    kinds = set(
        Reminder.objects.filter(
            user=owned.owner, kind__startswith="review"
        ).values_list("kind", flat=True)
    )
    assert kinds == {
        "review-20270131-soon",
        "review-20270131-late-0",
        "review-20270131-late-1",
    }


def test_no_reminder_without_owner_or_after_withdrawal(
    owned, beleid, django_capture_on_commit_callbacks
):
    from policy.services import guideline_withdraw

    guideline_withdraw(guideline=owned, user=beleid)
    owned.refresh_from_db()
    assert owned.review_due is None
    _send(DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert not [m for m in mail.outbox if "herzien" in m.subject]


def test_beleid_start_page_lists_open_concepts_and_reviews_due(
    beleid_client, beleid, owned, medewerker
):
    concept = version_create_draft(guideline=owned, user=beleid)
    today = datetime.date.today()
    Guideline.objects.filter(pk=owned.pk).update(
        review_due=today + datetime.timedelta(days=5)
    )
    page = beleid_client.get("/").text
    agenda = page.split('id="editor-agenda"')[1].split("</section>")[0]
    assert reverse("admin:policy_guidelineversion_change", args=[concept.pk]) in agenda
    assert 'id="reviews-due"' in agenda and owned.title in agenda

    Guideline.objects.filter(pk=owned.pk).update(
        review_due=today + datetime.timedelta(days=45)
    )
    assert 'id="reviews-due"' not in beleid_client.get("/").text
    other = Client()
    other.force_login(medewerker)
    assert 'id="editor-agenda"' not in other.get("/").text
