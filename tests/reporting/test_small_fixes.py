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
