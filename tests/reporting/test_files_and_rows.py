"""Files and rows go together: a refused form keeps one form's worth of files
for an hour, and no stored file outlives the row that claims it."""

from __future__ import annotations

import datetime
import os
import uuid
from io import StringIO

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from reporting.attachments import check_upload
from reporting.models import Attachment, Signal, Status
from reporting.services import signal_update
from reporting.storage import attachment_store
from tests.reporting.factories import make_signal
from tests.reporting.helpers import pdf, png
from tests.reporting.storages import RefusingStorage

pytestmark = pytest.mark.django_db

URL = reverse("reporting:create")


def refused_post(client, files, pending=""):
    """A post the form refuses (no title), so its files wait as pending."""
    response = client.post(
        URL,
        {
            "kind": "kritiek",
            "title": "",
            "description": "Iemand schrijft iets.",
            "url": "https://www.facebook.com/sterkhuis/posts/1",
            "platform": "facebook",
            "seen_on": "",
            "submission_key": str(uuid.uuid4()),
            "pending": pending,
            "attachments": files,
        },
    )
    assert response.status_code == 200
    return response


def stored_files(root) -> set[str]:
    return {
        os.path.relpath(os.path.join(d, f), root)
        for d, _dirs, files in os.walk(root)
        for f in files
    }


def test_refused_posts_keep_one_forms_worth_and_the_newest_wins(
    medewerker_client, medewerker, settings
):
    for round_ in range(3):
        refused_post(medewerker_client, [pdf(f"{round_}-{n}.pdf") for n in range(5)])
    pending = Attachment.objects.filter(uploaded_by=medewerker, signal=None)
    assert pending.count() == 5
    assert {a.original_name[0] for a in pending} == {"2"}
    # The older posts' files are gone from disk too.
    assert stored_files(settings.MEDIA_ROOT) == {a.file.name for a in pending}


def test_a_newer_post_keeps_what_it_carried_and_adds_its_own(
    medewerker_client, medewerker
):
    refused_post(medewerker_client, [png("oud.png")])
    refused_post(medewerker_client, [png("ander.png")])
    carried = Attachment.objects.get(uploaded_by=medewerker, signal=None)
    assert carried.original_name == "ander.png"
    refused_post(medewerker_client, [png("nieuw.png")], pending=str(carried.key))
    names = set(
        Attachment.objects.filter(uploaded_by=medewerker).values_list(
            "original_name", flat=True
        )
    )
    assert names == {"ander.png", "nieuw.png"}


def test_pending_files_expire_after_an_hour(medewerker_client, medewerker, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        refused_post(medewerker_client, [png("bewijs.png")])
    waiting = Attachment.objects.get(uploaded_by=medewerker)
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        medewerker_client.force_login(medewerker)  # the session itself expired
        response = medewerker_client.post(
            URL,
            {
                "kind": "vraag",
                "title": "Mag ik dit plaatsen?",
                "description": "Een foto van het uitje.",
                "url": "",
                "platform": "instagram",
                "seen_on": "",
                "submission_key": str(uuid.uuid4()),
                "pending": str(waiting.key),
            },
        )
        assert response.status_code == 302
        assert Signal.objects.get().attachments.count() == 0
        out = StringIO()
        call_command("purge_signals", stdout=out)
    assert "1 unattached upload(s)" in out.getvalue()
    assert not Attachment.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == set()


def test_a_file_whose_row_never_committed_is_swept(medewerker, settings):
    claimed = make_signal(medewerker, files=[check_upload(png())]).attachments.get()
    with pytest.raises(RuntimeError), transaction.atomic():
        # The process dies after writing the file, before the commit.
        attachment_store(uploaded_by=medewerker, checked=check_upload(pdf()))
        raise RuntimeError("worker killed")
    assert Attachment.objects.count() == 1
    orphans = stored_files(settings.MEDIA_ROOT) - {claimed.file.name}
    assert len(orphans) == 1

    # Young files are left alone: their row may be on its way.
    call_command("purge_signals", stdout=StringIO())
    assert len(stored_files(settings.MEDIA_ROOT)) == 2

    later = timezone.now() + datetime.timedelta(hours=2)
    with time_machine.travel(later, tick=False):
        out = StringIO()
        call_command("purge_signals", "--dry-run", stdout=out)
        assert "1 file(s) no row claims" in out.getvalue()
        assert len(stored_files(settings.MEDIA_ROOT)) == 2
        call_command("purge_signals", stdout=StringIO())
    assert stored_files(settings.MEDIA_ROOT) == {claimed.file.name}
    assert os.path.exists(claimed.file.path)


def test_the_sweep_leaves_files_outside_the_attachment_folder(settings, medewerker):
    storage = Attachment._meta.get_field("file").storage
    storage.save("elders/notitie.txt", ContentFile(b"niet van ons"))
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        call_command("purge_signals", stdout=StringIO())
    assert storage.exists("elders/notitie.txt")


def test_purge_deletes_files_first_and_retries_what_storage_refused(
    settings, medewerker, pr_user
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.reporting.storages.RefusingStorage"},
    }
    settings.SIGNAL_RETENTION_DAYS = 30
    closed_on = timezone.now() - datetime.timedelta(days=40)
    with time_machine.travel(closed_on):
        signal = make_signal(medewerker, files=[check_upload(png())])
        signal_update(signal=signal, actor=pr_user, status=Status.IN_PROGRESS)
        signal_update(
            signal=signal, actor=pr_user, status=Status.HANDLED, answer="Klaar"
        )
    attachment = signal.attachments.get()
    assert isinstance(attachment.file.storage._wrapped, RefusingStorage)
    RefusingStorage.refuse = {attachment.file.name}
    try:
        out, err = StringIO(), StringIO()
        call_command("purge_signals", stdout=out, stderr=err)
        assert "Deleted 0 closed signal(s)" in out.getvalue()
        assert "refused to delete 1 file(s)" in err.getvalue()
        # The row stays with its file, so the next run finds it again.
        assert Attachment.objects.filter(pk=attachment.pk).exists()
        assert Signal.objects.filter(pk=signal.pk).exists()
    finally:
        RefusingStorage.refuse = set()
    out = StringIO()
    call_command("purge_signals", stdout=out)
    assert "Deleted 1 closed signal(s)" in out.getvalue()
    assert not Signal.objects.exists() and not Attachment.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == set()
