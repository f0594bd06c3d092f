"""Real gunicorn instances serving the test database, for requests that
arrive at once and for several app servers behind one load balancer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.concurrency.http import wait_until_up

BASE_PORT = int(os.environ.get("TEST_GUNICORN_PORT", "18100"))


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=settings.BASE_DIR,
        # Production settings, so the hashed manifest gunicorn needs is built.
        env={
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "STATIC_ROOT": str(root),
        },
        check=True,
    )
    return root


def database_url() -> str:
    """The test database, for the servers: on SQLite its file (the test
    settings keep it on disk, not in memory), on PostgreSQL its server."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}"
        f"/{db['NAME']}"
    )


@pytest.fixture
def server_env(transactional_db, static_root) -> dict[str, str]:
    """Production settings on the test database, PostgreSQL or SQLite."""
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": database_url(),
        "DEBUG": "0",
        # Sessions made by the test process must be readable by gunicorn.
        "SECRET_KEY": settings.SECRET_KEY,
        # The servers' own address, and the name a load balancer forwards.
        "ALLOWED_HOSTS": "127.0.0.1,portaal.sterkhuis.test",
        "SITE_URL": "http://portaal.sterkhuis.test",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
    }


@pytest.fixture
def start_gunicorn(server_env, tmp_path):
    """Start gunicorn instances; all are stopped at the end of the test. Their
    error logs are in the test's tmp_path (gunicorn-N.log)."""
    servers: list[subprocess.Popen] = []

    def start(index: int = 0, workers: int = 4, **extra: str) -> str:
        port = BASE_PORT + index
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--backlog",
                "1024",
            ],
            cwd=settings.BASE_DIR,
            env={**server_env, **extra},
            stderr=(tmp_path / f"gunicorn-{index}.log").open("w"),
        )
        servers.append(server)
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, server)
        return url

    yield start
    for server in servers:
        server.terminate()
    for server in servers:
        server.wait(timeout=30)


@pytest.fixture
def gunicorn_server(start_gunicorn) -> str:
    return start_gunicorn()
