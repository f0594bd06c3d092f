"""Requests that write at once on the SQLite set-up (the default for a small
installation): they wait for each other instead of failing with "database is
locked"."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings

from tests.concurrency.http import request, wait_until_up

TABS = 4
# Rounds of TABS requests by one person each: a lock conflict is likely in
# one round and near certain in several.
ROUNDS = 5

# Run in a subprocess on the SQLite file: a published richtlijn and a staff
# member per round, logged in; their session cookies are printed.
SETUP = (
    f"ROUNDS = {ROUNDS}\n"
    + """
import django
django.setup()
from django.test import Client
from accounts.models import Department, User
from policy.models import Guideline, GuidelineVersion
from policy.services import version_publish

department = Department.objects.create(name="Team Noord")
guideline = Guideline.objects.create(slug="social-media", title="Social media")
draft = GuidelineVersion.objects.create(
    guideline=guideline, body="## Inleiding\\n\\nGebruik je gezond verstand.\\n"
)
version_publish(version=draft, user=None, change_summary="", is_minor=False,
                approval_waived=True)
for n in range(ROUNDS):
    user = User.objects.create_user(
        email=f"tabs{n}@example.test", password=None, first_name="Tabs",
        last_name=str(n), department=department,
    )
    client = Client()
    client.force_login(user)
    print(client.cookies["sessionid"].value)
"""
)

COUNT = """
import django
django.setup()
from policy.models import Signature
print(Signature.objects.count())
"""


@pytest.fixture
def sqlite_env(static_root, tmp_path) -> dict[str, str]:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "sterkhuis.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portaal.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "migrate", "-v", "0"], cwd=settings.BASE_DIR, env=env, check=True
    )
    return env


def _python(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def test_three_tabs_signing_at_once_on_sqlite_wait_instead_of_failing(
    sqlite_env, tmp_path
):
    sessions = _python(SETUP, sqlite_env).splitlines()[-ROUNDS:]
    with socket.socket() as probe:  # a port nothing listens on now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "--workers",
            str(TABS),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=settings.BASE_DIR,
        env=sqlite_env,
        stderr=(tmp_path / "gunicorn.log").open("w"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, server)
        statuses: list[int] = []
        for session in sessions:
            _at_once(url, session, statuses)
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert statuses == [HTTPStatus.FOUND] * (TABS * ROUNDS), statuses
    assert _python(COUNT, sqlite_env) == str(ROUNDS)


def _at_once(url: str, session: str, statuses: list[int]) -> None:
    barrier = threading.Barrier(TABS)

    def sign():
        barrier.wait()
        status, _, _ = request(
            f"{url}/richtlijnen/social-media/",
            session=session,
            fields={"version": 1, "confirmed": "on"},
        )
        statuses.append(status)

    threads = [threading.Thread(target=sign) for _ in range(TABS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
