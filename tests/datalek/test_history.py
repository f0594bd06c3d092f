"""The record as evidence: the moment of awareness only moves earlier, and
every change, a reopening above all, stays visible as its history."""

from __future__ import annotations

import csv
import datetime
import io
from http import HTTPStatus

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from datalek.models import Breach, BreachChange, Decision, Status
from datalek.services import breach_update
from tests.datalek.helpers import START, breach_of, edit_data, local_minute

pytestmark = pytest.mark.django_db


def test_the_moment_of_awareness_never_moves_later_than_the_signal_came_in(
    privacy_client, medewerker
):
    with time_machine.travel(START, tick=False):
        breach = breach_of(medewerker)
    with time_machine.travel(START + datetime.timedelta(hours=30), tick=False):
        response = privacy_client.post(
            breach.get_absolute_url(),
            edit_data(
                breach,
                aware_at=local_minute(START + datetime.timedelta(hours=24)),
                aware_at_reason="Pas gisteren bekeken.",
            ),
        )
    assert response.status_code == HTTPStatus.OK
    assert "een later niet" in response.text
    fresh = Breach.objects.get(pk=breach.pk)
    assert fresh.aware_at == START
    assert not BreachChange.objects.exists()


def test_a_moment_moved_earlier_is_kept_in_the_history_with_its_reason(
    privacy_client, privacy_user, medewerker
):
    with time_machine.travel(START, tick=False):
        breach = breach_of(medewerker)
    earlier = START - datetime.timedelta(hours=20)
    with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
        response = privacy_client.post(
            breach.get_absolute_url(),
            edit_data(
                breach,
                aware_at=local_minute(earlier),
                aware_at_reason="De leidinggevende hoorde het de avond ervoor al.",
            ),
        )
    assert response.status_code == HTTPStatus.FOUND
    change = BreachChange.objects.get(breach=breach, field="aware_at")
    assert change.changed_by == privacy_user
    assert change.old_value == "6 maart 2026, 15:00"
    assert change.new_value == "5 maart 2026, 19:00"
    assert change.reason == "De leidinggevende hoorde het de avond ervoor al."

    page = privacy_client.get(breach.get_absolute_url()).text
    history = page[page.index('id="breach-history"') :]
    assert "5 maart 2026, 19:00" in history
    assert "De leidinggevende hoorde het de avond ervoor al." in history

    body = b"".join(
        privacy_client.get(reverse("datalek:export_csv")).streaming_content
    ).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body)))[:2]
    assert "geschiedenis" in header
    history_cell = row[header.index("geschiedenis")]
    assert "6 maart 2026, 15:00" in history_cell and "de avond ervoor" in history_cell


def _closed(breach: Breach, actor) -> Breach:
    return breach_update(
        breach=breach,
        actor=actor,
        data={
            "decision": Decision.DO_NOT_NOTIFY,
            "decision_reason": "Binnen een uur verwijderd.",
            "status": Status.CLOSED,
        },
    )


def test_a_closed_breach_reopens_only_with_a_reason_and_keeps_its_decision(
    privacy_client, privacy_user, medewerker
):
    breach = _closed(breach_of(medewerker), privacy_user)
    reopen = edit_data(
        breach,
        status=Status.UNDER_ASSESSMENT,
        decision="",
        decision_reason="",
    )
    response = privacy_client.post(breach.get_absolute_url(), reopen)
    assert response.status_code == HTTPStatus.OK
    assert "Geef een reden om het te wijzigen of te heropenen" in response.text
    assert Breach.objects.get(pk=breach.pk).status == Status.CLOSED

    with pytest.raises(ValidationError):
        breach_update(breach=breach, actor=privacy_user, data={"decision": ""})

    response = privacy_client.post(
        breach.get_absolute_url(),
        {**reopen, "change_reason": "De foto staat toch nog op Instagram."},
    )
    assert response.status_code == HTTPStatus.FOUND
    breach.refresh_from_db()
    assert breach.status == Status.UNDER_ASSESSMENT and breach.closed_at is None
    decision = BreachChange.objects.filter(breach=breach, field="decision").last()
    assert decision.old_value == "niet melden bij de AP"
    assert decision.new_value == ""
    assert decision.reason == "De foto staat toch nog op Instagram."
    status = BreachChange.objects.filter(breach=breach, field="status").last()
    assert (status.old_value, status.new_value) == ("afgesloten", "in beoordeling")

    xlsx = privacy_client.get(reverse("datalek:export_xlsx"))
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(2, header.index("geschiedenis") + 1).value
    assert "niet melden bij de AP" in cell and "toch nog op Instagram" in cell


def test_a_change_in_the_history_is_never_edited(privacy_user, medewerker):
    breach = _closed(breach_of(medewerker), privacy_user)
    change = BreachChange.objects.filter(breach=breach).first()
    change.new_value = "iets anders"
    with pytest.raises(ValidationError):
        change.save()
