"""Sessions: they end when idle or when the password changes, and pages with
personal data are never cached."""

from __future__ import annotations

import datetime
import re
from http import HTTPStatus

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
NEW_PASSWORD = "een-nieuw-lang-wachtwoord"


def login(client: Client, email: str, password: str = PASSWORD) -> None:
    response = client.post(LOGIN, {"login": email, "password": password})
    assert response.status_code == HTTPStatus.FOUND
    assert client.session.get(SESSION_KEY)


def is_logged_in(client: Client) -> bool:
    response = client.get("/")
    if response.status_code == HTTPStatus.FOUND:
        assert response["Location"].startswith(LOGIN)
        return False
    assert response.status_code == HTTPStatus.OK
    return True


# --- Idle timeout -------------------------------------------------------------------


def test_a_session_ends_after_the_idle_timeout(client, settings, medewerker):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    with time_machine.travel(START, tick=False) as traveller:
        login(client, medewerker.email)
        traveller.shift(datetime.timedelta(minutes=29))
        assert is_logged_in(client)

        traveller.shift(datetime.timedelta(minutes=31))

        assert not is_logged_in(client)


def test_activity_keeps_the_session_alive(client, settings, medewerker):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    with time_machine.travel(START, tick=False) as traveller:
        login(client, medewerker.email)
        for _visit in range(8):  # two hours, a page every quarter of an hour
            traveller.shift(datetime.timedelta(minutes=15))
            assert is_logged_in(client)


def test_the_idle_timeout_comes_from_the_environment_setting(settings):
    # The default suits staff between two client visits.
    assert 30 * 60 <= settings.SESSION_IDLE_TIMEOUT <= 60 * 60


def test_pages_do_not_write_the_session_more_than_once_a_minute(
    client, settings, medewerker
):
    with time_machine.travel(START, tick=False) as traveller:
        login(client, medewerker.email)

        def session_writes() -> list[str]:
            with CaptureQueriesContext(connection) as captured:
                assert client.get("/").status_code == HTTPStatus.OK
            return [
                q["sql"]
                for q in captured
                if "django_session" in q["sql"]
                and re.match(r"\s*(UPDATE|INSERT)", q["sql"])
            ]

        traveller.shift(datetime.timedelta(seconds=20))
        assert session_writes() == []
        traveller.shift(datetime.timedelta(seconds=30))
        assert session_writes() == []
        traveller.shift(datetime.timedelta(seconds=settings.SESSION_IDLE_REFRESH))
        assert len(session_writes()) == 1
        assert session_writes() == []


def test_a_forced_login_needs_no_session_write_on_the_first_page(client, medewerker):
    # The login itself stamps the session, so the query-count tests, which
    # log in this way, measure pages as they are.
    client.force_login(medewerker)

    with CaptureQueriesContext(connection) as captured:
        client.get("/")

    assert not [q for q in captured if "UPDATE" in q["sql"] and "session" in q["sql"]]


# --- Password changes end sessions --------------------------------------------------


def test_a_password_change_ends_the_other_sessions_only(medewerker):
    laptop, phone = Client(), Client()
    login(laptop, medewerker.email)
    login(phone, medewerker.email)

    response = laptop.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert is_logged_in(laptop)
    assert not is_logged_in(phone)
    medewerker.refresh_from_db()
    assert medewerker.check_password(NEW_PASSWORD)


def test_a_password_reset_ends_every_session(
    medewerker, django_capture_on_commit_callbacks
):
    laptop, phone, reset = Client(), Client(), Client()
    login(laptop, medewerker.email)
    login(phone, medewerker.email)

    with django_capture_on_commit_callbacks(execute=True):
        reset.post("/accounts/password/reset/", {"email": medewerker.email})
    link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body
    )
    form = reset.get(link.group(1), follow=True)
    assert form.status_code == HTTPStatus.OK
    response = reset.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(1),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == HTTPStatus.FOUND
    medewerker.refresh_from_db()
    assert medewerker.check_password(NEW_PASSWORD)
    assert not is_logged_in(laptop)
    assert not is_logged_in(phone)
    assert not is_logged_in(reset)


def test_a_short_password_is_refused_at_password_change(medewerker_client, medewerker):
    response = medewerker_client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "kort-wachtw",
            "password2": "kort-wachtw",
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert "Dit wachtwoord is te kort: gebruik minstens 12 tekens." in response.text
    medewerker.refresh_from_db()
    assert medewerker.check_password(PASSWORD)


# --- No caching of personal pages -------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/", "/richtlijnen/", "/meldingen/", "/accounts/2fa/", "/admin/"]
)
def test_pages_for_logged_in_users_are_not_stored(pr_client, url):
    response = pr_client.get(url)

    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
    assert (
        "private" in response["Cache-Control"]
        or "max-age=0" in response["Cache-Control"]
    )


def test_a_view_that_sets_its_own_cache_control_keeps_it(beleid_client, publish):
    publish()

    response = beleid_client.get("/naleving/")

    assert response.status_code == HTTPStatus.OK
    # never_cache on the dashboard, not the middleware's value.
    assert "max-age=0" in response["Cache-Control"]


def test_anonymous_pages_are_left_alone(client):
    response = client.get("/accounts/password/reset/")

    assert response.status_code == HTTPStatus.OK
    assert "private, no-store" != response.headers.get("Cache-Control")
