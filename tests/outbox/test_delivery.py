"""No message lost: with the mail server down, nothing fails and everything
waits; once it is back, every message arrives exactly once; what cannot be
delivered is marked failed, shown in the admin and /health/, and reported."""

from __future__ import annotations

import datetime
import uuid
from http import HTTPStatus

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from outbox.models import Kind, Message, Status
from outbox.services import send
from tests.outbox.helpers import run_worker

pytestmark = pytest.mark.django_db(transaction=True)

SIGNAL_URL = reverse("reporting:create")


def signal_form(**overrides) -> dict:
    return {
        "kind": "kritiek",
        "title": "Negatieve reactie onder ons bericht",
        "description": "Iemand schrijft dat pleegouders niet gehoord worden.",
        "url": "https://www.facebook.com/sterkhuis/posts/1",
        "platform": "facebook",
        "seen_on": "",
        "submission_key": str(uuid.uuid4()),
        "pending": "",
        **overrides,
    }


@pytest.fixture
def people(user_factory, medewerker, pr_user, partner):
    privacy = user_factory(email="privacy@sterkhuis.test")
    roles.ensure_groups()
    privacy.groups.add(Group.objects.get(name=roles.PRIVACY))
    boss = user_factory(email="beheer@sterkhuis.test", is_superuser=True, is_staff=True)
    return {
        "medewerker": medewerker,
        "pr": pr_user,
        "partner": partner,
        "privacy": privacy,
        "beheer": boss,
    }


def later(minutes: float):
    return time_machine.travel(
        timezone.now() + datetime.timedelta(minutes=minutes), tick=True
    )


def cause_every_kind_of_mail(people, language: str = "") -> list[int]:
    """A signal, a possible breach, a login code and a password reset, each
    through its page (in `language` when given); returns the status codes."""
    staff, anonymous, resetter = Client(), Client(), Client()
    if language:
        for client in (staff, anonymous, resetter):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    staff.force_login(people["medewerker"])
    return [
        staff.post(SIGNAL_URL, signal_form()).status_code,
        staff.post(
            SIGNAL_URL,
            signal_form(kind="fout", url="", possible_breach="on", title="Foto"),
        ).status_code,
        anonymous.post(
            "/accounts/login/code/", {"email": people["partner"].email}
        ).status_code,
        resetter.post(
            "/accounts/password/reset/", {"email": people["medewerker"].email}
        ).status_code,
    ]


def test_mail_waits_while_the_server_is_down_and_arrives_once_after(smtp, people):
    statuses = cause_every_kind_of_mail(people)

    assert all(status < 500 for status in statuses), statuses
    assert statuses == [HTTPStatus.FOUND] * 4
    stored = list(Message.objects.order_by("pk"))
    assert sorted(m.template for m in stored) == [
        "breach_opened",
        "login_code",
        "password_reset",
        "signal_new",
        "signal_new",
    ]
    run_worker()  # the server is down
    assert Message.objects.filter(status=Status.PENDING).count() == len(stored)
    assert all(
        "Connection refused" in m.last_error or "Errno" in m.last_error
        for m in Message.objects.all()
    )
    health = Client().get("/health/")
    assert health.status_code == HTTPStatus.OK
    assert f"mail: {len(stored)} undelivered" in health.text

    smtp.start()
    with later(1):
        run_worker()
    with later(60 * 30):
        run_worker()

    received = smtp.inbox.messages
    assert sorted(m["Message-ID"] for m in received) == sorted(
        m.message_id for m in stored
    )
    assert all(m.status == Status.SENT for m in Message.objects.all())
    assert smtp.inbox.to(people["partner"].email)[0]["Subject"].endswith("Je inlogcode")
    assert Client().get("/health/").content == b"ok"


def test_headers_are_the_portals_and_user_text_cannot_break_them(smtp, people):
    smtp.start()
    staff = Client()
    staff.force_login(people["medewerker"])
    staff.post(
        SIGNAL_URL,
        signal_form(title="Eerste regel\r\nBcc: iedereen\x0bnog"),
    )
    staff.post(
        SIGNAL_URL,
        signal_form(kind="fout", url="", possible_breach="on", title="Kind op foto"),
    )
    run_worker()

    to_pr = smtp.inbox.to(people["pr"].email)
    assert len(to_pr) == 2
    for message in smtp.inbox.messages:
        [sender] = message["From"].addresses
        assert (sender.display_name, sender.addr_spec) == (
            "Sterk Huis portaal",
            "portaal@sterkhuis.nl",
        )
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["Message-ID"].endswith("@127.0.0.1>")
        assert message["Bcc"] is None
    subjects = sorted(m["Subject"] for m in to_pr)
    assert "[Sterk Huis] Nieuwe melding: Eerste regel Bcc: iedereen nog" in subjects
    breach_subject = next(s for s in subjects if "datalek" in s)
    assert "Kind op foto" not in breach_subject


def test_a_refused_address_fails_alone_shows_everywhere_and_is_reported(
    smtp, people, client
):
    smtp.inbox.refused.add("weg@sterkhuis.test")
    smtp.start()
    send("staff_invite", ["weg@sterkhuis.test", "nieuw@sterkhuis.test"], {"url": "x"})
    run_worker()

    failed = Message.objects.get(to="weg@sterkhuis.test")
    assert failed.status == Status.FAILED
    assert "550" in failed.last_error
    assert failed.failure_reported_at is not None
    assert len(smtp.inbox.to("nieuw@sterkhuis.test")) == 1
    [report] = smtp.inbox.to(people["beheer"].email)
    assert "niet bezorgd" in report["Subject"]
    assert "weg@sterkhuis.test" in report.get_content()
    health = client.get("/health/")
    assert health.status_code == HTTPStatus.OK
    assert "mail: 1 undelivered" in health.text

    client.force_login(people["beheer"])
    changelist = reverse("admin:outbox_message_changelist")
    page = client.get(changelist, {"bezorging": "niet"})
    assert page.status_code == HTTPStatus.OK
    assert "weg@sterkhuis.test" in page.text
    assert "nieuw@sterkhuis.test" not in page.text
    assert "550" in page.text

    smtp.inbox.refused.clear()
    sent = Message.objects.get(to="nieuw@sterkhuis.test")
    response = client.post(
        changelist,
        {"action": "retry", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )
    assert "1 bericht staat opnieuw klaar" in response.text
    run_worker()
    assert Message.objects.get(pk=failed.pk).status == Status.SENT
    # The message that had been sent was not sent again.
    assert len(smtp.inbox.to("nieuw@sterkhuis.test")) == 1
    assert len(smtp.inbox.to("weg@sterkhuis.test")) == 1


def test_retries_back_off_for_a_day_then_fail_and_health_warns(smtp, people, settings):
    with time_machine.travel(
        datetime.datetime(2026, 3, 6, 9, 0, tzinfo=datetime.UTC), tick=True
    ):
        [message] = send(
            "breach_opened",
            people["privacy"].email,
            {"breach": None, "signal": None, "url": "x"},
            kind=Kind.DATALEK,
            failure_contacts=[people["privacy"].email],
        )
    start = message.created_at
    moments = []
    now = start
    for _attempt in range(len(settings.MAIL_RETRY_DELAYS) + 1):
        message.refresh_from_db()
        now = max(now, message.next_attempt_at) + datetime.timedelta(seconds=1)
        with time_machine.travel(now, tick=False):
            run_worker()
            moments.append(now)
            if now - start > datetime.timedelta(hours=1):
                health = Client().get("/health/")
                assert health.status_code == HTTPStatus.SERVICE_UNAVAILABLE
                assert "possible data breach" in health.text

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.attempts == len(settings.MAIL_RETRY_DELAYS) + 1
    assert moments[1] - moments[0] < datetime.timedelta(minutes=1)
    gaps = [b - a for a, b in zip(moments, moments[1:], strict=False)]
    assert gaps == sorted(gaps)
    assert moments[-1] - moments[0] >= datetime.timedelta(hours=24)

    # The next mail that gets through brings the news to the superusers
    # and the privacy officer.
    smtp.start()
    with time_machine.travel(now + datetime.timedelta(minutes=5), tick=True):
        send("staff_invite", "nieuw@sterkhuis.test", {"url": "x"})
        run_worker()
    for reader in ("beheer", "privacy"):
        [report] = smtp.inbox.to(people[reader].email)
        assert "over een mogelijk datalek" in report.get_content()


def test_every_mail_is_dutch_when_the_asker_reads_english(smtp, people):
    smtp.start()
    statuses = cause_every_kind_of_mail(people, language="en")
    assert statuses == [HTTPStatus.FOUND] * 4
    run_worker()

    assert len(smtp.inbox.messages) == Message.objects.count() == 5
    for message in smtp.inbox.messages:
        text = message["Subject"] + message.get_content()
        assert "Met vriendelijke groet" in text
        for english in ("Hello", "Your ", "Report", "valid", "Regards", "Password"):
            assert english not in text, (english, text)
    [code] = smtp.inbox.to(people["partner"].email)
    assert "15 minuten geldig" in code.get_content()
    [reset] = smtp.inbox.to(people["medewerker"].email)
    assert "3 dagen geldig" in reset.get_content()
    assert f"Beste {people['medewerker'].first_name}," in reset.get_content()
    new = [m.get_content() for m in smtp.inbox.to(people["pr"].email)]
    assert any("(Kritiek, Facebook)" in body for body in new), new
