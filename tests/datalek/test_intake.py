"""A possible breach comes in: from the reporter's checkbox or PR's marking,
with its record in the same transaction and the privacy officer mailed."""

from __future__ import annotations

import datetime
import uuid
from http import HTTPStatus

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from audit.models import AuditEvent
from datalek.audit_events import DatalekAction
from datalek.models import Breach, Source, Status
from outbox.models import Kind as MailKind
from outbox.models import Message
from reporting.models import Kind, Signal, SignalEvent
from tests.reporting.factories import make_signal

pytestmark = pytest.mark.django_db

URL = reverse("reporting:create")


def fout_data(**overrides) -> dict:
    data = {
        "kind": "fout",
        "title": "Foto van een uitje op Instagram",
        "description": "Op de achtergrond was een pleegkind te herkennen.",
        "url": "",
        "platform": "instagram",
        "seen_on": "",
        "possible_breach": "on",
        "submission_key": str(uuid.uuid4()),
        "pending": "",
    }
    data.update(overrides)
    return data


def test_the_form_offers_the_checkbox_and_honest_advice(medewerker_client):
    page = medewerker_client.get(URL).text
    assert 'name="possible_breach"' in page
    assert 'type="checkbox"' in page
    assert "Hierdoor zijn mogelijk gegevens van cliënten of medewerkers gedeeld" in page
    assert 'value="fout"' in page
    assert "ik heb zelf iets geplaatst dat niet had gemogen" in page
    assert 'id="fout-advice"' in page
    assert "Vertel het je leidinggevende" in page
    assert "Haal het bericht" in page
    assert "72 uur" in page


def test_a_reported_fout_opens_a_breach_and_mails_the_privacy_officer(
    medewerker_client,
    medewerker,
    pr_user,
    privacy_user,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = medewerker_client.post(URL, fout_data())
    signal = Signal.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert signal.kind == Kind.MISTAKE and signal.url == ""
    assert signal.possible_breach
    assert signal.breach_marked_by == medewerker
    breach = Breach.objects.get()
    assert breach.signal == signal
    assert breach.source == Source.REPORTER
    assert breach.status == Status.REPORTED
    # The signal's time, rounded down to the minute.
    assert breach.aware_at == breach.reported_at
    assert breach.aware_at == signal.created_at.replace(second=0, microsecond=0)
    assert breach.deadline == breach.aware_at + datetime.timedelta(hours=72)
    to_privacy = [m for m in mail.outbox if m.to == [privacy_user.email]]
    assert len(to_privacy) == 1
    assert breach.get_absolute_url() in to_privacy[0].body
    # Only the number: the signal's own text stays out of the mail.
    assert "pleegkind" not in to_privacy[0].body
    to_pr = [m for m in mail.outbox if m.to == [pr_user.email]]
    assert len(to_pr) == 1 and "Mogelijk datalek" in to_pr[0].subject
    assert AuditEvent.objects.filter(
        action=DatalekAction.BREACH_OPENED, object_id=str(breach.pk)
    ).exists()

    page = medewerker_client.get(response["Location"])
    assert "Dank je wel dat je het meldt" in page.text
    assert 'id="breach-notice"' in page.text
    assert "privacyfunctionaris" in page.text
    assert "Vertel het je leidinggevende" in page.text
    # No register details for the reporter.
    assert 'id="ap-deadline"' not in page.text
    assert "/datalekken/" not in page.text


def test_without_the_checkbox_no_breach(medewerker_client):
    medewerker_client.post(
        URL, fout_data(possible_breach="", kind="kritiek", url="https://x.nl/1")
    )
    assert Signal.objects.get().possible_breach is False
    assert not Breach.objects.exists()


def test_a_failing_mail_server_never_loses_the_record(
    medewerker_client, privacy_user, settings, django_capture_on_commit_callbacks
):
    # Port 9 (discard) on loopback: the connection is refused.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = medewerker_client.post(URL, fout_data())
    assert response.status_code == HTTPStatus.FOUND
    assert Breach.objects.filter(signal__possible_breach=True).count() == 1


def test_in_production_the_mail_waits_in_the_queue(
    medewerker, privacy_user, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        make_signal(medewerker, kind="fout", url="", possible_breach=True)
    assert Breach.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_due").exists()
    assert mail.outbox == []
    waiting = Message.objects.waiting().filter(kind=MailKind.DATALEK)
    assert list(waiting.values_list("to", flat=True)) == [privacy_user.email]


def test_without_a_privacy_officer_the_superusers_hear_of_it(
    medewerker, user_factory, django_capture_on_commit_callbacks
):
    boss = user_factory(is_superuser=True, is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        make_signal(medewerker, possible_breach=True)
    assert any(m.to == [boss.email] for m in mail.outbox)


def _mark(client, signal):
    return client.post(
        reverse("admin:reporting_signal_changelist"),
        {"action": "mark_possible_breach", "_selected_action": [signal.pk]},
        follow=True,
    )


def test_pr_marks_an_existing_signal_once(
    pr_client, pr_user, medewerker, privacy_user, django_capture_on_commit_callbacks
):
    signal = make_signal(medewerker)
    with django_capture_on_commit_callbacks(execute=True):
        page = _mark(pr_client, signal)
    assert "gemarkeerd als mogelijk datalek" in page.text
    signal.refresh_from_db()
    assert signal.possible_breach
    assert signal.breach_marked_by == pr_user
    assert signal.breach_marked_at is not None
    breach = Breach.objects.get()
    assert breach.source == Source.PR and breach.opened_by == pr_user
    assert breach.aware_at == signal.breach_marked_at.replace(second=0, microsecond=0)
    event = SignalEvent.objects.get(signal=signal, field="possible_breach")
    assert event.actor == pr_user and not event.public
    assert len([m for m in mail.outbox if m.to == [privacy_user.email]]) == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = _mark(pr_client, signal)
    assert "Al gemarkeerd als mogelijk datalek, er is niets veranderd" in again.text
    assert Breach.objects.count() == 1
    assert SignalEvent.objects.filter(field="possible_breach").count() == 1
    assert mail.outbox == []


def test_one_record_per_signal_in_the_database(medewerker):
    signal = make_signal(medewerker, possible_breach=True)
    breach = signal.breach
    with pytest.raises(IntegrityError), transaction.atomic():
        Breach.objects.create(
            signal=signal,
            signal_number=signal.pk,
            source=Source.PR,
            reported_at=breach.reported_at,
            aware_at=breach.aware_at,
        )


def test_the_queue_puts_a_possible_breach_on_top_with_its_mark(
    pr_client, medewerker, user_factory
):
    make_signal(medewerker, title="Oud compliment", kind="compliment")
    marked = make_signal(medewerker, title="Foto van een pleegkind")
    make_signal(medewerker, title="Nieuw nieuws", kind="nieuws")
    admin = user_factory(is_staff=True, is_superuser=True)
    _mark(pr_client, marked)
    page = pr_client.get(reverse("admin:reporting_signal_changelist"))
    assert page.context["cl"].result_list[0] == marked
    assert 'class="breach-mark"' in page.text
    assert page.text.count('class="breach-mark"') == 1

    # The change page links to the record only for whoever may open it.
    change = reverse("admin:reporting_signal_change", args=[marked.pk])
    assert 'id="breach-link"' not in pr_client.get(change).text
    assert "ja, gemarkeerd door" in pr_client.get(change).text
    pr_client.force_login(admin)
    link = reverse("datalek:for_signal", args=[marked.pk])
    assert f'href="{link}"' in pr_client.get(change).text
    assert pr_client.get(link)["Location"] == marked.breach.get_absolute_url()


def test_the_privacy_officer_opens_the_screenshots_of_a_breach_only(
    privacy_client, medewerker
):
    from reporting.attachments import check_upload
    from tests.reporting.helpers import png

    breach = make_signal(medewerker, possible_breach=True, files=[check_upload(png())])
    other = make_signal(medewerker, files=[check_upload(png())])
    ok = privacy_client.get(breach.attachments.get().get_absolute_url())
    assert ok.status_code == HTTPStatus.OK
    refused = privacy_client.get(other.attachments.get().get_absolute_url())
    assert refused.status_code == HTTPStatus.NOT_FOUND


def test_a_possible_breach_is_urgent_for_pr_and_the_reporter_reads_so(
    medewerker, pr_client
):
    from django.test import Client

    from reporting.models import Priority

    reporter = Client()
    reporter.force_login(medewerker)
    make_signal(medewerker, title="Gewone kritiek")
    ticked = make_signal(
        medewerker, title="Foto van een pleegkind", possible_breach=True
    )
    assert ticked.priority == Priority.URGENT
    assert ticked.due_date == timezone.localdate()
    page = reporter.get(ticked.get_absolute_url()).text
    assert "de privacyfunctionaris bekijkt je melding binnen een werkdag" in page
    assert "antwoordt uiterlijk" not in page

    marked = make_signal(medewerker, title="Later gemarkeerd")
    assert marked.priority == Priority.NORMAL
    _mark(pr_client, marked)
    marked.refresh_from_db()
    assert marked.priority == Priority.URGENT
    assert marked.due_date == timezone.localdate()
    event = SignalEvent.objects.get(signal=marked, field="priority")
    assert (event.old_value, event.new_value) == ("normaal", "spoed")
    queue = pr_client.get(reverse("admin:reporting_signal_changelist"))
    assert set(queue.context["cl"].result_list[:2]) == {ticked, marked}
