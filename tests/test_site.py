from __future__ import annotations

import os
import subprocess
import sys
from http import HTTPStatus

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def test_health_answers_ok_without_login(client):
    response = client.get("/health/")
    assert response.status_code == HTTPStatus.OK
    assert response.content == b"ok"


def _request_with_database_down(path: str) -> tuple[int, str]:
    """GET `path` in a process of its own whose database is unreachable
    (nothing listens on port 9), so the test database is not disturbed."""
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(raise_request_exception=False);"
        # A session cookie, as a logged-in employee sends: loading it needs
        # the database.
        "c.cookies['sessionid'] = 'x' * 32;"
        f"r = c.get({path!r});"
        "print(r.status_code); print(r.content.decode())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "sterkhuis.settings",
            "DATABASE_URL": "postgres://nobody:x@127.0.0.1:9/none",
            "DEBUG": "0",
            "SECRET_KEY": "a-long-secret-key-for-this-test-only-0123456789",
            "ALLOWED_HOSTS": "testserver",
            "SITE_URL": "https://portaal.sterkhuis.nl",
            "SECURE_SSL_REDIRECT": "0",
        },
        cwd=settings.BASE_DIR,
        timeout=60,
        check=False,
    )
    status, _, body = result.stdout.partition("\n")
    assert status.isdigit(), result.stderr[-2000:]
    return int(status), body


def test_health_answers_503_when_the_database_is_gone():
    status, body = _request_with_database_down("/health/")
    assert status == HTTPStatus.SERVICE_UNAVAILABLE


def test_pages_answer_a_dutch_503_when_the_database_is_gone():
    status, body = _request_with_database_down("/richtlijnen/")
    assert status == HTTPStatus.SERVICE_UNAVAILABLE
    assert "Het portaal is even niet beschikbaar" in body
    assert "Traceback" not in body and "OperationalError" not in body


@pytest.mark.parametrize(
    "url",
    ["/", "/richtlijnen/", "/richtlijnen/social-media/", "/richtlijnen/x/versies/"],
)
def test_pages_need_login(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")


def test_login_with_email_and_password(client, medewerker):
    page = client.get("/accounts/login/")
    assert page.status_code == HTTPStatus.OK
    assert "Inloggen" in page.text
    response = client.post(
        "/accounts/login/", {"login": medewerker.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/"
    assert client.get("/").status_code == HTTPStatus.OK


def test_wrong_password_gives_a_dutch_message(client, medewerker):
    response = client.post(
        "/accounts/login/", {"login": medewerker.email, "password": "fout"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "niet correct" in response.text
    assert medewerker.email in response.text  # what was typed is kept


def test_there_is_no_public_sign_up(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "nieuw@example.com",
            "password1": "een-lang-wachtwoord-1",
            "password2": "een-lang-wachtwoord-1",
        },
    )
    from accounts.models import User

    assert not User.objects.filter(email="nieuw@example.com").exists()
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FORBIDDEN)


def test_password_reset_sends_mail(
    client, medewerker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": medewerker.email})
    assert response.status_code == HTTPStatus.FOUND
    assert len(mail.outbox) == 1
    assert medewerker.email in mail.outbox[0].to


def test_logout(client, medewerker):
    client.force_login(medewerker)
    response = client.post("/accounts/logout/")
    assert response.status_code == HTTPStatus.FOUND
    assert client.get("/").status_code == HTTPStatus.FOUND


def test_navigation_shows_beheer_only_to_admin_users(client, medewerker, beleid):
    client.force_login(medewerker)
    assert "Beheer" not in client.get("/").text
    client.force_login(beleid)
    assert "Beheer" in client.get("/").text


def test_pages_send_security_headers(client, medewerker):
    client.force_login(medewerker)
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_time_zone_and_language():
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.LANGUAGE_CODE == "nl"


def _manage(*args, **env):
    # The test run's own DJANGO_ALLOW_ASYNC_UNSAFE (for Playwright) is not a
    # production setting.
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        capture_output=True,
        text=True,
        env={**base, **env},
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY",)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        capture_output=True,
        text=True,
        env={**env, "DEBUG": "0", "ALLOWED_HOSTS": "portaal.sterkhuis.nl"},
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "-a-long-random-production-key-0123456789",
        ALLOWED_HOSTS="portaal.sterkhuis.nl",
        SITE_URL="https://portaal.sterkhuis.nl",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_ping_is_the_lightest_logged_in_page(client, medewerker):
    assert client.get("/ping/").status_code == HTTPStatus.FOUND
    client.force_login(medewerker)
    response = client.get("/ping/")
    assert response.status_code == HTTPStatus.OK
    assert "Je bent ingelogd en het portaal werkt." in response.text


def test_login_page_is_reachable_without_login(client):
    assert client.get(reverse("account_login")).status_code == HTTPStatus.OK
    assert client.get(reverse("account_reset_password")).status_code == HTTPStatus.OK
