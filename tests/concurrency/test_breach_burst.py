"""200 simultaneous signals marked as a possible breach: 200 records, and
each announcement mailed once."""

from __future__ import annotations

import email
import threading
import uuid
from http import HTTPStatus

from accounts import roles
from datalek.models import Breach
from reporting.models import Signal
from tests.concurrency.http import request, session_for


def test_two_hundred_possible_breaches_at_once(
    start_gunicorn, user_factory, department, tmp_path
):
    privacy = user_factory(groups=[roles.PRIVACY], email="privacy@sterkhuis.test")
    employees = [user_factory(department=department) for _ in range(20)]
    sessions = [session_for(user) for user in employees]
    mail_dir = tmp_path / "mail"
    url = start_gunicorn(
        workers=3,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
    )
    barrier = threading.Barrier(200)
    statuses: list[int] = []
    lock = threading.Lock()

    def submit(n: int) -> None:
        fields = {
            "kind": "fout",
            "title": f"Foto geplaatst {n}",
            "description": "Op de foto was een pleegkind te herkennen.",
            "url": "",
            "platform": "instagram",
            "seen_on": "",
            "possible_breach": "on",
            "submission_key": str(uuid.uuid4()),
            "pending": "",
        }
        barrier.wait()
        status, _headers, _body = request(
            f"{url}/meldingen/nieuw/",
            session=sessions[n % 20],
            fields=fields,
            timeout=120,
        )
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(statuses) == {HTTPStatus.FOUND}, sorted(set(statuses))
    assert Signal.objects.filter(possible_breach=True).count() == 200
    assert Breach.objects.count() == 200
    assert Breach.objects.filter(signal__isnull=False).count() == 200

    subjects = []
    for path in mail_dir.iterdir():
        for raw in path.read_text().split("\n" + "-" * 79 + "\n"):
            if raw.strip():
                message = email.message_from_string(raw)
                if message["To"] == privacy.email:
                    subjects.append(
                        str(
                            email.header.make_header(
                                email.header.decode_header(message["Subject"])
                            )
                        )
                    )
    expected = {
        f"[Sterk Huis] Mogelijk datalek {pk}"
        for pk in Breach.objects.values_list("pk", flat=True)
    }
    assert sorted(subjects) == sorted(expected)
