"""What the privacy officer reads: what happened, where each breach stands in
the AP's words, the hours left, one number per breach, and dates as the rest
of the portal writes them."""

from __future__ import annotations

import csv
import datetime
import io
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from datalek.models import Breach, Decision, Status
from datalek.services import breach_reminders_send, breach_update
from tests.datalek.helpers import START, breach_of

pytestmark = pytest.mark.django_db

LIST = reverse("datalek:list")


def test_the_register_says_what_happened_and_where_it_stands_in_ap_words(
    privacy_client, privacy_user, medewerker
):
    with time_machine.travel(START, tick=False):
        open_one = breach_of(medewerker, title="Foto van een pleegkind op Facebook")
        described = breach_of(medewerker, title="Mail aan de verkeerde ouder")
        breach_update(
            breach=described,
            actor=privacy_user,
            data={"description": "Verslag naar verkeerd adres\nmet details"},
        )
        not_notified = breach_of(medewerker, title="Naam in een groepsapp")
        breach_update(
            breach=not_notified,
            actor=privacy_user,
            data={
                "decision": Decision.DO_NOT_NOTIFY,
                "decision_reason": "Binnen een uur verwijderd.",
                "status": Status.NOT_NOTIFIED,
            },
        )
        notified = breach_of(medewerker, title="Dossier op straat")
        breach_update(
            breach=notified,
            actor=privacy_user,
            data={
                "decision": Decision.NOTIFY,
                "decision_reason": "Gezondheidsgegevens.",
                "ap_notified_at": START,
                "ap_reference": "M-2026-0042",
                "status": Status.CLOSED,
            },
        )
    with time_machine.travel(START + datetime.timedelta(hours=2), tick=False):
        page = privacy_client.get(LIST)
    assert page.status_code == HTTPStatus.OK
    table = page.text[page.text.index('id="breaches"') :]
    headings = ["Tijd tot de termijn", "Datalek", "Wat er gebeurde", "Stand bij de AP"]
    for heading in headings:
        assert f">{heading}</th>" in table
    assert "Foto van een pleegkind op Facebook" in table
    assert "Verslag naar verkeerd adres" in table and "met details" not in table
    assert "nog te beoordelen" in table
    assert "niet gemeld: geen risico" in table
    assert "gemeld bij de AP op 6 maart 2026, 15:00" in table
    assert "nog 70 uur" in table
    assert f">Datalek {open_one.pk}</a>" in table
    assert "melding #" not in table


def test_a_closed_breach_shows_when_it_was_reported_and_the_ap_reference(
    privacy_client, privacy_user, medewerker
):
    breach = breach_of(medewerker)
    with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
        notified_at = START
    breach.aware_at = START - datetime.timedelta(hours=1)
    Breach.objects.filter(pk=breach.pk).update(aware_at=breach.aware_at)
    breach_update(
        breach=breach,
        actor=privacy_user,
        data={
            "aware_at_reason": "Eerder bekend.",
            "decision": Decision.NOTIFY,
            "decision_reason": "Gezondheidsgegevens.",
            "ap_notified_at": notified_at,
            "ap_reference": "M-2026-0042",
            "status": Status.CLOSED,
        },
    )
    page = privacy_client.get(breach.get_absolute_url()).text
    assert "gemeld bij de AP op 6 maart 2026, 15:00 · afgesloten" in page
    assert 'id="ap-reference">M-2026-0042<' in page
    assert "melden bij de AP, <time" in page  # the decision, and when
    # Asked once: no status list beside the decision.
    assert 'name="status"' not in page
    assert 'name="close"' in page and 'name="decision"' in page


def test_one_number_per_breach_in_its_page_and_every_mail(
    privacy_client, medewerker, privacy_user, django_capture_on_commit_callbacks
):
    # Signals without a breach first, so the two numbers differ.
    from tests.reporting.factories import make_signal

    for _n in range(3):
        make_signal(medewerker)
    with django_capture_on_commit_callbacks(execute=True):
        breach = breach_of(medewerker)
    assert breach.pk != breach.signal_number
    with (
        time_machine.travel(breach.deadline - datetime.timedelta(hours=47)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        breach_reminders_send()
    to_privacy = [m for m in mail.outbox if m.to == [privacy_user.email]]
    assert len(to_privacy) == 2
    for message in to_privacy:
        assert f"datalek {breach.pk}" in message.subject.lower()
        assert f"#{breach.signal_number}" not in message.subject + message.body
    page = privacy_client.get(breach.get_absolute_url()).text
    assert f"<h1>Datalek {breach.pk}</h1>" in page
    assert f"#{breach.signal_number}" not in page


def test_the_privacy_officers_start_page_shows_the_open_breaches_with_clocks(
    client, privacy_client, privacy_user, medewerker, django_assert_max_num_queries
):
    with time_machine.travel(START, tick=False):
        breach = breach_of(medewerker, title="Foto van een pleegkind")
        closed = breach_of(medewerker, title="Al besloten")
        breach_update(
            breach=closed,
            actor=privacy_user,
            data={
                "decision": Decision.DO_NOT_NOTIFY,
                "decision_reason": "Geen risico.",
                "status": Status.CLOSED,
            },
        )
    for n in range(20):
        breach_of(medewerker, title=f"Lek {n}")
    with (
        time_machine.travel(START + datetime.timedelta(hours=50), tick=False),
        django_assert_max_num_queries(25),
    ):
        page = privacy_client.get("/").text
    agenda = page[page.index('id="open-breaches"') :]
    agenda = agenda[: agenda.index("</section>")]
    # The clock first, then which breach.
    assert agenda.index("nog 22 uur") < agenda.index(f"Datalek {breach.pk}")
    assert "Foto van een pleegkind" in agenda and "Al besloten" not in agenda
    assert agenda.count('class="card breach-card"') == 10
    assert "Alle open datalekken" in agenda

    client.force_login(medewerker)
    assert 'id="open-breaches"' not in client.get("/").text


def test_register_exports_write_dates_as_dates_with_widths_and_an_about_sheet(
    privacy_client, medewerker
):
    with time_machine.travel(START.replace(microsecond=123456), tick=False):
        breach = breach_of(medewerker)
    body = b"".join(
        privacy_client.get(reverse("datalek:export_csv")).streaming_content
    ).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body)))[:2]
    assert row[header.index("termijn AP")] == "2026-03-09T15:00:00+01:00"
    assert "." not in row[header.index("binnengekomen op")]

    response = privacy_client.get(reverse("datalek:export_xlsx"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Datalekregister"]
    titles = [cell.value for cell in sheet[1]]
    deadline = sheet.cell(2, titles.index("termijn AP") + 1)
    assert deadline.is_date
    assert deadline.value == datetime.datetime(2026, 3, 9, 15, 0)
    assert deadline.number_format == "DD-MM-YYYY HH:MM"
    assert sheet.column_dimensions["H"].width == 40
    about = workbook["Over deze export"]
    labels = {row[0].value: row[1].value for row in about.iter_rows()}
    assert labels["Export"] == "Datalekregister"
    assert isinstance(labels["Geëxporteerd op"], datetime.datetime)
    assert breach.pk == sheet.cell(2, 1).value
