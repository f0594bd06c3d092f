from __future__ import annotations

import datetime
import os
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from reporting.attachments import check_upload
from reporting.models import Attachment, Signal, SignalEvent, Status
from reporting.services import signal_update
from reporting.storage import attachment_store
from tests.reporting.factories import make_signal
from tests.reporting.helpers import png

pytestmark = pytest.mark.django_db

CLOSED_ON = datetime.datetime(2025, 1, 10, 12, tzinfo=datetime.UTC)


def closed_signal(reporter, actor):
    signal = make_signal(reporter, files=[check_upload(png())])
    signal_update(signal=signal, actor=actor, status=Status.IN_PROGRESS)
    return signal_update(
        signal=signal, actor=actor, status=Status.HANDLED, answer="Klaar"
    )


def test_purge_deletes_old_closed_signals_with_files(medewerker, pr_user, settings):
    settings.SIGNAL_RETENTION_DAYS = 365
    with time_machine.travel(CLOSED_ON):
        old = closed_signal(medewerker, pr_user)
        still_open = make_signal(medewerker, title="Nog open")
    path = old.attachments.get().file.path
    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=300)):
        recent = closed_signal(medewerker, pr_user)

    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=366)):
        out = StringIO()
        call_command("purge_signals", "--dry-run", stdout=out)
        assert "Would delete 1 closed signal(s)" in out.getvalue()
        assert Signal.objects.filter(pk=old.pk).exists()

        out = StringIO()
        call_command("purge_signals", stdout=out)
        assert "Deleted 1 closed signal(s)" in out.getvalue()
        assert "1 file(s)" in out.getvalue()

    assert set(Signal.objects.all()) == {still_open, recent}
    assert not SignalEvent.objects.filter(signal_id=old.pk).exists()
    assert not Attachment.objects.filter(signal_id=old.pk).exists()
    assert not os.path.exists(path)


def test_purge_removes_unclaimed_uploads_after_a_day(medewerker):
    with time_machine.travel(CLOSED_ON):
        orphan = attachment_store(uploaded_by=medewerker, checked=check_upload(png()))
    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=2)):
        call_command("purge_signals", stdout=StringIO())
    assert not Attachment.objects.filter(pk=orphan.pk).exists()
