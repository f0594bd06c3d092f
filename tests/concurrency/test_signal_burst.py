"""200 simultaneous signal submissions with attachments from 20 employees."""

from __future__ import annotations

import io
import threading
import uuid
from http import HTTPStatus

from django.core.files.storage import default_storage
from PIL import Image

from reporting.models import Attachment, Signal
from tests.concurrency.http import request, session_for


def screenshot(n: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (n % 256, 80, 160)).save(out, "PNG")
    return out.getvalue()


def test_two_hundred_signals_at_once(gunicorn_server, user_factory, department):
    employees = [user_factory(department=department) for _ in range(20)]
    sessions = [session_for(user) for user in employees]
    url = f"{gunicorn_server}/meldingen/nieuw/"
    barrier = threading.Barrier(200)
    statuses: list[int] = []
    lock = threading.Lock()

    def submit(n: int) -> None:
        fields = {
            "kind": "nieuws",
            "title": f"Nieuws {n}",
            "description": "Een mooi artikel over pleegzorg in de krant.",
            "url": f"https://www.example.nl/nieuws/{n}",
            "platform": "nieuwssite",
            "seen_on": "",
            "submission_key": str(uuid.uuid4()),
            "pending": "",
        }
        files = [("attachments", f"krant-{n}.png", screenshot(n), "image/png")]
        barrier.wait()
        status, _headers, _body = request(
            url, session=sessions[n % 20], fields=fields, files=files, timeout=120
        )
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(statuses) == 200
    assert set(statuses) == {HTTPStatus.FOUND}, sorted(set(statuses))
    assert Signal.objects.count() == 200
    assert Attachment.objects.filter(signal__isnull=False).count() == 200
    for user in employees:
        assert Signal.objects.filter(reporter=user).count() == 10
    for attachment in Attachment.objects.all():
        assert default_storage.exists(attachment.file.name)
