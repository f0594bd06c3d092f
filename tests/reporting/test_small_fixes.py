"""Smaller findings: HEAD on /health/, a submission key never hands out
someone else's signal."""

from __future__ import annotations

import uuid
from http import HTTPStatus

import pytest

from reporting.models import Signal
from tests.reporting.factories import make_signal

pytestmark = pytest.mark.django_db


def test_health_answers_head_like_get(client):
    assert client.head("/health/").status_code == HTTPStatus.OK
    assert client.get("/health/").status_code == HTTPStatus.OK


def test_a_submission_key_never_yields_someone_elses_signal(user_factory):
    other, reporter = user_factory(), user_factory()
    key = uuid.uuid4()
    theirs = make_signal(other, title="Van een ander", submission_key=key)
    mine = make_signal(reporter, title="Van mij", submission_key=key)
    assert mine.pk != theirs.pk
    assert mine.reporter == reporter and mine.title == "Van mij"
    assert Signal.objects.filter(reporter=reporter).count() == 1
    # The same form sent again still yields the one stored.
    assert make_signal(reporter, submission_key=mine.submission_key) == mine


def multipart(fields: dict, filename: str, content: bytes) -> bytes:
    # By hand: Django's test client refuses such names before sending them.
    parts = [
        f'--B\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        b'--B\r\nContent-Disposition: form-data; name="attachments"; filename="'
        + filename.encode()
        + b'"\r\nContent-Type: image/png\r\n\r\n'
        + content
        + b"\r\n--B--\r\n"
    )
    return b"".join(parts)


@pytest.mark.parametrize("name", ["..", "\x01\x02", "map/.."])
def test_a_file_whose_name_cleans_to_nothing_is_kept(medewerker_client, name):
    from tests.reporting.helpers import png

    fields = {
        "kind": "kritiek",
        "title": "Schermafdruk zonder naam",
        "description": "Iemand schrijft iets.",
        "url": "https://www.facebook.com/sterkhuis/posts/1",
        "platform": "facebook",
        "seen_on": "",
        "submission_key": str(uuid.uuid4()),
        "pending": "",
    }
    response = medewerker_client.generic(
        "POST",
        "/meldingen/nieuw/",
        multipart(fields, name, png().read()),
        content_type="multipart/form-data; boundary=B",
    )
    assert response.status_code == HTTPStatus.FOUND
    attachment = Signal.objects.get().attachments.get()
    assert attachment.original_name == "bijlage"
    assert attachment.content_type == "image/png"
