from __future__ import annotations

from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from reporting.models import Attachment, Signal, Status
from tests.reporting.factories import form_data
from tests.reporting.helpers import gif, png

pytestmark = pytest.mark.django_db

URL = reverse("reporting:create")


def test_form_has_the_contract_fields(medewerker_client):
    page = medewerker_client.get(URL)
    assert page.status_code == HTTPStatus.OK
    hooks = [
        'id="signal-form"',
        'name="kind"',
        'name="title"',
        'name="description"',
        'name="url"',
        'name="platform"',
        'name="attachments"',
        "multiple",
        'enctype="multipart/form-data"',
    ]
    for hook in hooks:
        assert hook in page.text, hook
    assert 'id="privacy-warning"' not in page.text


def test_submit_stores_the_signal_with_screenshot_and_mails_pr(
    medewerker_client, medewerker, pr_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = medewerker_client.post(URL, form_data(attachments=[png()]))
    signal = Signal.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == signal.get_absolute_url()
    assert signal.reporter == medewerker
    assert signal.status == Status.NEW
    assert signal.attachments.count() == 1
    stored = signal.attachments.get()
    assert stored.original_name == "screenshot.png"
    assert "screenshot" not in stored.file.name  # a generated name
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [pr_user.email]
    assert f"/admin/reporting/signal/{signal.pk}/change/" in mail.outbox[0].body


def test_missing_fields_give_dutch_messages_and_keep_what_was_typed(
    medewerker_client,
):
    response = medewerker_client.post(
        URL, form_data(title="", url="", description="Mijn uitgebreide uitleg")
    )
    assert response.status_code == HTTPStatus.OK
    assert "Dit veld is verplicht." in response.text
    assert "Geef de link naar het bericht of artikel op." in response.text
    assert "Mijn uitgebreide uitleg" in response.text
    assert not Signal.objects.exists()


def test_a_question_needs_no_link(medewerker_client):
    response = medewerker_client.post(
        URL, form_data(kind="vraag", url="", title="Mag ik dit plaatsen?")
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Signal.objects.get().kind == "vraag"


def test_bad_url_and_future_date_are_refused(medewerker_client):
    response = medewerker_client.post(
        URL, form_data(url="javascript:alert(1)", seen_on="2999-01-01")
    )
    assert "Voer een geldige URL in." in response.text
    assert "Deze datum ligt in de toekomst." in response.text
    assert not Signal.objects.exists()


def test_privacy_guard_warns_keeps_text_and_files_then_saves_on_confirm(
    medewerker_client, medewerker
):
    data = form_data(description="Pleegkind Sanne, BSN 111222333, bel 06-12345678")
    response = medewerker_client.post(URL, {**data, "attachments": [png("bewijs.png")]})

    assert response.status_code == HTTPStatus.OK
    assert 'id="privacy-warning"' in response.text
    assert "Geef nooit informatie over cliënten of medewerkers" in response.text
    assert 'name="privacy_confirmed"' in response.text
    assert (
        "11*****33" in response.text
        and "111222333"
        not in response.text.split("</section>")[0].split('id="privacy-warning"')[1]
    )
    assert "Pleegkind Sanne, BSN 111222333" in response.text  # nothing typed lost
    assert "bewijs.png" in response.text  # the file is kept
    assert not Signal.objects.exists()
    pending = Attachment.objects.get(uploaded_by=medewerker, signal=None)

    confirmed = medewerker_client.post(
        URL, {**data, "pending": str(pending.key), "privacy_confirmed": "on"}
    )
    assert confirmed.status_code == HTTPStatus.FOUND
    signal = Signal.objects.get()
    assert list(signal.attachments.all()) == [pending]


def test_privacy_guard_is_satisfied_by_editing_the_text(medewerker_client):
    medewerker_client.post(URL, form_data(description="Mail jan@example.com"))
    assert not Signal.objects.exists()
    response = medewerker_client.post(URL, form_data(description="Zonder gegevens"))
    assert response.status_code == HTTPStatus.FOUND
    assert Signal.objects.count() == 1


def test_bad_file_is_refused_by_name_and_nothing_saved(medewerker_client):
    response = medewerker_client.post(
        URL, form_data(attachments=[png(), gif("filmpje.gif")])
    )
    assert response.status_code == HTTPStatus.OK
    assert "filmpje.gif" in response.text
    assert not Signal.objects.exists()
    assert not Attachment.objects.exists()


def test_six_files_are_refused(medewerker_client):
    response = medewerker_client.post(
        URL, form_data(attachments=[png(f"{n}.png") for n in range(6)])
    )
    assert "maximaal 5" in response.text
    assert not Signal.objects.exists()


def test_someone_elses_pending_upload_cannot_be_claimed(
    user_factory, medewerker_client
):
    other = user_factory()
    client = Client()
    client.force_login(other)
    client.post(URL, form_data(description="BSN 111222333", attachments=[png()]))
    theirs = Attachment.objects.get(uploaded_by=other)

    medewerker_client.post(URL, form_data(pending=str(theirs.key)))
    signal = Signal.objects.get()
    assert signal.attachments.count() == 0
    theirs.refresh_from_db()
    assert theirs.signal is None


def test_sending_the_form_twice_stores_one_signal(medewerker_client):
    data = form_data()
    first = medewerker_client.post(URL, data)
    second = medewerker_client.post(URL, data)
    assert Signal.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_markup_is_shown_as_text(medewerker_client):
    medewerker_client.post(
        URL, form_data(title="<script>alert(1)</script>", description="<b>vet</b>")
    )
    signal = Signal.objects.get()
    page = medewerker_client.get(signal.get_absolute_url())
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "&lt;b&gt;vet&lt;/b&gt;" in page.text


def test_form_offers_the_five_kinds_and_speaks_dutch(medewerker_client):
    page = medewerker_client.get(reverse("reporting:create")).content.decode()
    assert page.count('name="kind"') == 5
    assert 'value="fout"' in page
    assert "Select an option" not in page


def test_a_line_break_in_a_title_becomes_a_space_so_its_mails_go_out(
    medewerker_client, pr_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = medewerker_client.post(
            URL, form_data(title="Reactie op\r\n  ons bericht\nvan maandag")
        )
    assert response.status_code == HTTPStatus.FOUND
    assert Signal.objects.get().title == "Reactie op ons bericht van maandag"
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject

    from tests.reporting.factories import make_signal

    made = make_signal(pr_user, title="Twee\u2028regels")
    made.refresh_from_db()
    assert made.title == "Twee regels"
