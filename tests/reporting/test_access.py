from __future__ import annotations

import uuid
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from reporting.attachments import check_upload
from reporting.models import Attachment
from reporting.storage import attachment_store
from tests.reporting.factories import make_signal
from tests.reporting.helpers import pdf, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def signal_with_files(medewerker):
    signal = make_signal(medewerker, files=[check_upload(png()), check_upload(pdf())])
    return signal


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_reporter_sees_own_signal_and_files(medewerker, signal_with_files):
    client = logged_in(medewerker)
    page = client.get(signal_with_files.get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    document, image = signal_with_files.attachments.order_by("content_type")
    assert client.get(image.get_absolute_url())["Content-Type"] == "image/png"
    response = client.get(document.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert 'filename="artikel.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_other_employee_gets_404_for_signal_and_files(user_factory, signal_with_files):
    other = logged_in(user_factory())
    assert other.get(signal_with_files.get_absolute_url()).status_code == 404
    for attachment in signal_with_files.attachments.all():
        assert other.get(attachment.get_absolute_url()).status_code == 404
    guessed = reverse("reporting:attachment", args=[uuid.uuid4()])
    assert other.get(guessed).status_code == 404
    assert other.get(reverse("reporting:detail", args=[999999])).status_code == 404


def test_pr_reads_files_but_not_the_reporters_page(pr_user, signal_with_files):
    client = logged_in(pr_user)
    assert client.get(signal_with_files.get_absolute_url()).status_code == 404
    attachment = signal_with_files.attachments.first()
    assert client.get(attachment.get_absolute_url()).status_code == HTTPStatus.OK


def test_superuser_opens_every_file_the_admin_shows(user_factory, signal_with_files):
    """Superusers count as PR everywhere: the thumbnails and links on the
    admin's signal page open for them."""
    client = logged_in(user_factory(is_staff=True, is_superuser=True))
    page = client.get(
        reverse("admin:reporting_signal_change", args=[signal_with_files.pk])
    )
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    shown = [
        a for a in signal_with_files.attachments.all() if a.get_absolute_url() in html
    ]
    assert len(shown) == 2
    for attachment in shown:
        assert client.get(attachment.get_absolute_url()).status_code == HTTPStatus.OK


def test_pending_upload_is_only_for_its_uploader(medewerker, pr_user, user_factory):
    pending = attachment_store(uploaded_by=medewerker, checked=check_upload(png()))
    assert logged_in(medewerker).get(pending.get_absolute_url()).status_code == 200
    assert logged_in(pr_user).get(pending.get_absolute_url()).status_code == 404
    assert logged_in(user_factory()).get(pending.get_absolute_url()).status_code == 404


def test_files_are_not_under_a_public_url(settings, signal_with_files):
    attachment = Attachment.objects.filter(signal=signal_with_files).first()
    assert not settings.MEDIA_URL or Client().get(
        settings.MEDIA_URL + attachment.file.name
    ).status_code in (302, 404)


def test_anonymous_is_sent_to_login(signal_with_files):
    attachment = signal_with_files.attachments.first()
    for url in (
        reverse("reporting:list"),
        reverse("reporting:create"),
        signal_with_files.get_absolute_url(),
        attachment.get_absolute_url(),
    ):
        response = Client().get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith("/accounts/login/")


def test_list_shows_only_own_signals_with_answer(medewerker, user_factory, pr_user):
    from reporting.models import Status
    from reporting.services import signal_update

    mine = make_signal(medewerker, title="Mijn melding")
    make_signal(user_factory(), title="Andermans melding")
    signal_update(signal=mine, actor=pr_user, status=Status.IN_PROGRESS)
    signal_update(signal=mine, actor=pr_user, status=Status.HANDLED, answer="Opgelost!")
    page = logged_in(medewerker).get(reverse("reporting:list"))
    assert "Mijn melding" in page.text and "Opgelost!" in page.text
    assert "Andermans melding" not in page.text
    assert "afgehandeld" in page.text
