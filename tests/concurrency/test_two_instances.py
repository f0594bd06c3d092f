"""Two app servers on one PostgreSQL and one object store, as behind a load
balancer: sessions, rate limits, tasks and uploads are shared."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from http import HTTPStatus
from pathlib import Path

import boto3
import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from PIL import Image

from accounts import roles
from reporting.models import Attachment, Signal
from tests.concurrency.http import request, session_for
from tests.helpers import PASSWORD

MOTO_PORT = int(os.environ.get("TEST_MOTO_PORT", "18150"))


@pytest.fixture(scope="module")
def s3():
    """A local S3-compatible server (moto) with an empty bucket."""
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-p", str(MOTO_PORT)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{MOTO_PORT}"
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", MOTO_PORT), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                pytest.fail("moto_server did not start")
            time.sleep(0.2)
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    bucket = f"sterkhuis-{uuid.uuid4().hex[:8]}"
    client.create_bucket(Bucket=bucket)
    yield {
        "client": client,
        "bucket": bucket,
        "env": {
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": endpoint,
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": "test",
            "S3_SECRET_ACCESS_KEY": "test",
        },
    }
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def employee(medewerker):
    """An employee whose password the production hasher on the servers reads."""
    medewerker.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    medewerker.save()
    return medewerker


def login(url: str, email: str, password: str):
    # Both servers get the Host header a load balancer would pass on.
    return request(
        f"{url}/accounts/login/",
        fields={"login": email, "password": password},
        headers={"Host": "portaal.sterkhuis.test"},
    )


def test_a_session_started_on_one_is_valid_on_the_other(start_gunicorn, employee):
    medewerker = employee
    a, b = start_gunicorn(0, workers=2), start_gunicorn(1, workers=2)
    status, headers, body = login(a, medewerker.email, PASSWORD)
    assert status == HTTPStatus.FOUND, body.decode()[-3000:]
    cookies = " ".join(headers.get_all("Set-Cookie"))
    session = re.search(r"sessionid=([^;]+)", cookies)[1]
    status, _headers, body = request(f"{b}/richtlijnen/", session=session)
    assert status == HTTPStatus.OK
    assert b"Uitloggen" in body


def test_the_login_rate_limit_counts_across_both(start_gunicorn, employee):
    medewerker = employee
    a, b = start_gunicorn(0, workers=2), start_gunicorn(1, workers=2)
    for n in range(5):
        status, _h, _b = login((a, b)[n % 2], medewerker.email, "wrong-password")
        assert status == HTTPStatus.OK  # the form again, with a message
    # The right password is refused now on either server: the count is shared.
    for server in (a, b):
        status, _h, body = login(server, medewerker.email, PASSWORD)
        assert status != HTTPStatus.FOUND
        assert status in (HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS)


def test_a_queued_task_runs_once(
    start_gunicorn, server_env, medewerker, user_factory, tmp_path
):
    user_factory(groups=[roles.PR], is_staff=True, email="pr@sterkhuis.test")
    mail_dir = tmp_path / "mail"
    queue = {
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    a = start_gunicorn(0, workers=2, **queue)
    status, _h, _b = request(
        f"{a}/meldingen/nieuw/",
        session=session_for(medewerker),
        fields={
            "kind": "compliment",
            "title": "Bedankt!",
            "description": "Een pleegmoeder bedankt ons op Facebook.",
            "url": "https://www.facebook.com/x/posts/1",
            "platform": "facebook",
            "seen_on": "",
            "submission_key": str(uuid.uuid4()),
            "pending": "",
        },
    )
    assert status == HTTPStatus.FOUND
    assert not mail_dir.exists() or not any(mail_dir.iterdir())  # queued, not sent

    env = {**server_env, **queue}
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--batch"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    for worker in workers:
        assert worker.wait(timeout=120) == 0
    sent = list(mail_dir.iterdir())
    assert len(sent) == 1
    assert "pr@sterkhuis.test" in sent[0].read_text()


def test_an_upload_through_one_is_served_by_the_other(
    start_gunicorn, medewerker, user_factory, s3
):
    a = start_gunicorn(0, workers=2, **s3["env"])
    b = start_gunicorn(1, workers=2, **s3["env"])
    image = io.BytesIO()
    Image.new("RGB", (30, 30), (200, 0, 0)).save(image, "PNG")
    status, _h, _b = request(
        f"{a}/meldingen/nieuw/",
        session=session_for(medewerker),
        fields={
            "kind": "kritiek",
            "title": "Reactie",
            "description": "Kritiek onder een bericht.",
            "url": "https://www.instagram.com/p/1",
            "platform": "instagram",
            "seen_on": "",
            "submission_key": str(uuid.uuid4()),
            "pending": "",
        },
        files=[("attachments", "reactie.png", image.getvalue(), "image/png")],
    )
    assert status == HTTPStatus.FOUND
    attachment = Attachment.objects.get(signal=Signal.objects.get())
    keys = [
        o["Key"] for o in s3["client"].list_objects_v2(Bucket=s3["bucket"])["Contents"]
    ]
    assert any(key.endswith(Path(attachment.file.name).name) for key in keys)
    assert not (settings.MEDIA_ROOT / "meldingen").exists()

    pr = user_factory(groups=[roles.PR], is_staff=True)
    status, headers, body = request(
        f"{b}{attachment.get_absolute_url()}", session=session_for(pr)
    )
    assert status == HTTPStatus.OK
    assert headers["Content-Type"] == "image/png"
    assert body.startswith(b"\x89PNG")
