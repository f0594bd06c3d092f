"""The signal form explains itself: a summary of what to correct, required
and optional fields marked, the link rule, the privacy tick, files taken off,
and by when PR will answer."""

from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reporting.models import Attachment, Kind, Platform, Signal
from tests.reporting.factories import form_data, make_signal
from tests.reporting.helpers import png

pytestmark = pytest.mark.django_db

URL = reverse("reporting:create")


def test_a_refused_form_opens_with_a_summary_linking_each_field(medewerker_client):
    response = medewerker_client.post(URL, form_data(kind="", title="", url=""))
    assert response.status_code == HTTPStatus.OK
    summary = re.search(
        r'<div class="error-summary" id="error-summary" role="alert".*?</div>',
        response.text,
        re.S,
    )
    assert summary, "no error summary"
    assert "data-focus-on-load" in summary[0]
    links = re.findall(r'href="#([\w-]+)"', summary[0])
    assert links == ["id_kind_0", "id_title"]  # no kind, so no link rule yet
    assert 'id="id_title_error"' in response.text
    assert re.search(r'aria-describedby="[^"]*id_title_error', response.text)
    # The summary comes before the form.
    assert response.text.index("error-summary") < response.text.index("signal-form")


def test_no_summary_on_a_fresh_form_and_fields_are_marked(medewerker_client):
    page = medewerker_client.get(URL).text
    assert "error-summary" not in page
    need = r'<span class="field-need">\((\w+)\)'
    assert re.search(r'for="id_title">Titel ' + need, page)[1] == "verplicht"
    assert re.search(r'for="id_url">Link ' + need, page)[1] == "optioneel"


@pytest.mark.parametrize("platform", [Platform.WHATSAPP, Platform.OTHER])
def test_no_link_needed_where_a_platform_has_none(
    medewerker_client, platform, django_capture_on_commit_callbacks
):
    response = medewerker_client.post(URL, form_data(url="", platform=platform))
    assert response.status_code == HTTPStatus.FOUND
    assert Signal.objects.get().url == ""


def test_the_link_rule_lives_in_the_model(medewerker):
    signal = Signal(kind=Kind.CRITICISM, platform=Platform.FACEBOOK, url="")
    with pytest.raises(ValidationError) as excinfo:
        signal.clean()
    assert list(excinfo.value.message_dict) == ["url"]
    Signal(kind=Kind.CRITICISM, platform=Platform.WHATSAPP, url="").clean()
    Signal(kind=Kind.QUESTION, platform=Platform.FACEBOOK, url="").clean()
    with pytest.raises(ValidationError):
        make_signal(medewerker, url="", platform=Platform.INSTAGRAM)


def test_an_invalid_link_gets_one_message(medewerker_client):
    response = medewerker_client.post(URL, form_data(url="geen link"))
    summary = response.text.split('id="error-summary"')[1].split("</div>")[0]
    assert summary.count("<li>") == 1


def test_the_missing_privacy_tick_is_said_at_the_checkbox(medewerker_client):
    data = form_data(description="Bel de moeder op 06-12345678")
    first = medewerker_client.post(URL, data)
    assert 'id="privacy-warning"' in first.text
    assert 'name="privacy_asked"' in first.text
    assert "Vink dit aan" not in first.text

    second = medewerker_client.post(URL, {**data, "privacy_asked": "1"})
    assert second.status_code == HTTPStatus.OK
    assert not Signal.objects.exists()
    checkbox = re.search(r'<input [^>]*name="privacy_confirmed"[^>]*>', second.text)
    assert 'aria-invalid="true"' in checkbox[0]
    assert "Vink dit aan om de melding zo te versturen" in second.text
    assert 'href="#id_privacy_confirmed"' in second.text


def test_an_added_file_can_be_taken_off_before_sending(medewerker_client, medewerker):
    refused = medewerker_client.post(
        URL, form_data(title="", attachments=[png("weg.png"), png("blijft.png")])
    )
    assert 'name="remove_pending"' in refused.text
    gone = Attachment.objects.get(original_name="weg.png")
    kept = Attachment.objects.get(original_name="blijft.png")
    storage = gone.file.storage
    gone_name = gone.file.name
    response = medewerker_client.post(
        URL,
        form_data(pending=f"{gone.key},{kept.key}", remove_pending=[str(gone.key)]),
    )
    assert response.status_code == HTTPStatus.FOUND
    signal = Signal.objects.get()
    assert [a.original_name for a in signal.attachments.all()] == ["blijft.png"]
    assert not Attachment.objects.filter(pk=gone.pk).exists()
    assert not storage.exists(gone_name)


def test_after_sending_the_page_says_by_when_pr_answers(medewerker_client):
    response = medewerker_client.post(URL, form_data(), follow=True)
    signal = Signal.objects.get()
    months = [
        "januari", "februari", "maart", "april", "mei", "juni", "juli",
        "augustus", "september", "oktober", "november", "december",
    ]  # fmt: skip
    day = signal.due_date
    due = f"{day.day} {months[day.month - 1]} {day.year}"
    assert f"antwoordt uiterlijk {due}" in response.text
    detail = medewerker_client.get(reverse("reporting:detail", args=[signal.pk]))
    assert 'id="due-date"' in detail.text and due in detail.text
