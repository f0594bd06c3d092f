"""The partners' door under a burst: thirty simultaneous code requests from
one outsider behind the load balancer send three codes, and the partner's own
request from home still gets one."""

from __future__ import annotations

import email
import threading
from http import HTTPStatus

from tests.concurrency.http import request

OUTSIDER = "198.51.100.66"
PARTNERS_HOME = "203.0.113.10"


def _codes_to(mail_dir, address: str) -> int:
    count = 0
    for path in mail_dir.iterdir():
        for raw in path.read_text().split("\n" + "-" * 79 + "\n"):
            if raw.strip() and email.message_from_string(raw)["To"] == address:
                count += 1
    return count


def test_a_burst_of_code_requests_from_one_outsider_leaves_the_partner_a_code(
    start_gunicorn, partner, tmp_path
):
    mail_dir = tmp_path / "mail"
    url = start_gunicorn(
        workers=3,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
        TRUSTED_PROXY_COUNT="1",
    )
    barrier = threading.Barrier(30)
    statuses: list[int] = []
    lock = threading.Lock()

    def ask(client: str) -> None:
        status, _headers, _body = request(
            f"{url}/accounts/login/code/",
            fields={"email": partner.email},
            headers={"X-Forwarded-For": client},
            timeout=60,
        )
        with lock:
            statuses.append(status)

    def burst() -> None:
        barrier.wait()
        ask(OUTSIDER)

    threads = [threading.Thread(target=burst) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(statuses) <= {HTTPStatus.OK, HTTPStatus.FOUND}, statuses
    assert statuses.count(HTTPStatus.FOUND) == 3
    assert _codes_to(mail_dir, partner.email) == 3

    ask(PARTNERS_HOME)
    assert statuses[-1] == HTTPStatus.FOUND
    assert _codes_to(mail_dir, partner.email) == 4
