"""The register: who sees it, the clock, the privacy officer's edits and
their refusals, the exports and the audit log."""

from __future__ import annotations

import csv
import datetime
import io
from http import HTTPStatus

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import Action, AuditEvent
from datalek.audit_events import DatalekAction
from datalek.models import Breach, Decision, Status
from datalek.services import breach_update
from tests.datalek.helpers import START, breach_of, edit_data, local_minute

pytestmark = pytest.mark.django_db

LIST = reverse("datalek:list")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("medewerker", HTTPStatus.FORBIDDEN),
        ("pr", HTTPStatus.FORBIDDEN),
        ("beleid", HTTPStatus.FORBIDDEN),
        ("privacy", HTTPStatus.OK),
        ("superuser", HTTPStatus.OK),
    ],
)
def test_only_the_privacy_officer_and_superusers_open_it(
    client, who, status, medewerker, user_factory, privacy_user, pr_user, beleid
):
    breach = breach_of(medewerker)
    users = {
        "medewerker": medewerker,
        "pr": pr_user,
        "beleid": beleid,
        "privacy": privacy_user,
        "superuser": user_factory(is_superuser=True, is_staff=True),
    }
    client.force_login(users[who])
    for url in [
        LIST,
        breach.get_absolute_url(),
        reverse("datalek:export_csv"),
        reverse("datalek:export_xlsx"),
    ]:
        assert client.get(url).status_code == status, url


def test_the_list_puts_open_first_with_the_hours_left(
    privacy_client, privacy_user, medewerker
):
    with time_machine.travel(START, tick=False):
        closed = breach_of(medewerker, title="Gesloten")
        breach_update(
            breach=closed,
            actor=privacy_user,
            data={
                "decision": Decision.DO_NOT_NOTIFY,
                "decision_reason": "Geen risico: niemand herkenbaar.",
                "status": Status.CLOSED,
            },
        )
    with time_machine.travel(START + datetime.timedelta(hours=10), tick=False):
        later = breach_of(medewerker, title="Later")
    with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
        sooner = breach_of(medewerker, title="Eerder")
    with time_machine.travel(START + datetime.timedelta(hours=50), tick=False):
        page = privacy_client.get(LIST)
    rows = list(page.context["page"].object_list)
    assert rows == [sooner, later, closed]
    text = page.text
    # 72 - 49 = 23 hours left: urgent; 72 - 40 = 32: not yet.
    assert "nog 23 uur · urgent" in text
    assert "nog 32 uur" in text
    assert text.count('class="urgent"') == 1
    assert "niet gemeld: geen risico" in text


def test_the_deadline_hook_is_iso_8601_with_offset(privacy_client, medewerker):
    with time_machine.travel(START, tick=False):
        breach = breach_of(medewerker)
    page = privacy_client.get(breach.get_absolute_url()).text
    start = page.index('id="ap-deadline"')
    tag = page[page.rindex("<", 0, start) : page.index(">", start)]
    value = tag.split('datetime="')[1].split('"')[0]
    parsed = datetime.datetime.fromisoformat(value)
    assert parsed.utcoffset() is not None
    assert parsed == START + datetime.timedelta(hours=72)
    # Monday 14:00 UTC, weekends included: 15:00 in Amsterdam.
    assert value.startswith("2026-03-09T15:00:00")
    assert AuditEvent.objects.filter(
        action=DatalekAction.BREACH_VIEWED, object_id=str(breach.pk)
    ).exists()


def test_decide_not_to_notify_and_close(privacy_client, privacy_user, medewerker):
    breach = breach_of(medewerker)
    response = privacy_client.post(
        breach.get_absolute_url(),
        edit_data(
            breach,
            decision=Decision.DO_NOT_NOTIFY,
            decision_reason="Binnen twee uur verwijderd, kind niet bij naam genoemd.",
            subjects_informed="nee",
            subjects_informed_reason="Geen hoog risico voor het kind.",
            status=Status.CLOSED,
        ),
    )
    assert response.status_code == HTTPStatus.FOUND
    breach.refresh_from_db()
    assert breach.status == Status.CLOSED and breach.closed_at
    assert breach.decision == Decision.DO_NOT_NOTIFY
    assert breach.people_categories == ["pleegkinderen"]
    entry = AuditEvent.objects.get(action=DatalekAction.BREACH_CHANGED)
    assert entry.actor == privacy_user
    fields = {c["field"]: c for c in entry.details["changes"]}
    assert fields["status"]["new"] == "afgesloten"
    assert fields["decision"]["new"] == "niet_melden"
    # Free text is logged by name only.
    assert fields["decision_reason"] == {"field": "decision_reason"}
    # Saving the same page again changes nothing and logs nothing.
    privacy_client.post(breach.get_absolute_url(), edit_data(breach))
    assert AuditEvent.objects.filter(action=DatalekAction.BREACH_CHANGED).count() == 1


def _refused(client, breach, **overrides):
    response = client.post(breach.get_absolute_url(), edit_data(breach, **overrides))
    assert response.status_code == HTTPStatus.OK
    assert 'id="form-errors"' in response.text
    fresh = Breach.objects.get(pk=breach.pk)
    assert fresh.status == breach.status
    assert fresh.updated_at == breach.updated_at
    return response.text


def test_bad_input_is_refused_in_dutch(privacy_client, medewerker):
    breach = breach_of(medewerker)
    assert "voordat je het afsluit" in _refused(
        privacy_client, breach, status=Status.CLOSED
    )
    before = local_minute(breach.aware_at - datetime.timedelta(hours=1))
    assert "voordat Sterk Huis ervan wist" in _refused(
        privacy_client,
        breach,
        decision=Decision.NOTIFY,
        decision_reason="Hoog risico.",
        ap_notified_at=before,
    )
    assert "niet met de hand aanpassen" in _refused(
        privacy_client, breach, deadline="2030-01-01T00:00"
    )
    assert "Geef een reden" in _refused(
        privacy_client,
        breach,
        aware_at=local_minute(breach.aware_at - datetime.timedelta(hours=5)),
    )
    assert "Geef de reden van het besluit" in _refused(
        privacy_client, breach, decision=Decision.NOTIFY
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="past alleen bij het besluit melden"):
        breach_update(
            breach=breach,
            actor=breach.opened_by,
            data={
                "decision": Decision.DO_NOT_NOTIFY,
                "decision_reason": "x",
                "status": Status.NOTIFIED_AP,
            },
        )


def test_the_deadline_moves_only_with_the_moment_of_awareness(
    privacy_client, medewerker
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
    breach.refresh_from_db()
    assert breach.aware_at == earlier
    assert breach.deadline == earlier + datetime.timedelta(hours=72)
    entry = AuditEvent.objects.get(action=DatalekAction.BREACH_CHANGED)
    change = next(c for c in entry.details["changes"] if c["field"] == "aware_at")
    assert change["old"] == START.isoformat()


def test_the_service_refuses_a_deadline(privacy_user, medewerker):
    from django.core.exceptions import ValidationError

    breach = breach_of(medewerker)
    with pytest.raises(ValidationError, match="volgt uit het moment"):
        breach_update(breach=breach, actor=privacy_user, data={"deadline": "x"})


def test_the_database_refuses_a_close_without_decision(medewerker):
    breach = breach_of(medewerker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Breach.objects.filter(pk=breach.pk).update(status=Status.CLOSED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Breach.objects.filter(pk=breach.pk).update(
            ap_notified_at=breach.aware_at - datetime.timedelta(minutes=1)
        )


def test_notify_the_ap(privacy_client, medewerker):
    breach = breach_of(medewerker)
    now = local_minute(timezone.now())
    response = privacy_client.post(
        breach.get_absolute_url(),
        edit_data(
            breach,
            decision=Decision.NOTIFY,
            decision_reason="Gezondheidsgegevens van een cliënt.",
            ap_notified_at=now,
            ap_reference="M-2026-0042",
            status=Status.NOTIFIED_AP,
        ),
    )
    assert response.status_code == HTTPStatus.FOUND
    breach.refresh_from_db()
    assert breach.status == Status.NOTIFIED_AP and breach.ap_reference == "M-2026-0042"
    assert breach.clock_running is False


def test_exports_for_the_ap_or_an_auditor(privacy_client, privacy_user, medewerker):
    breach = breach_of(medewerker)
    breach_update(
        breach=breach,
        actor=privacy_user,
        data={
            "description": "=HYPERLINK(1)",
            "people_categories": ["clienten", "medewerkers"],
        },
    )
    response = privacy_client.get(reverse("datalek:export_csv"))
    assert response["Cache-Control"] == "no-store"
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "datalek" and "termijn AP" in rows[0]
    assert rows[1][0] == str(breach.pk)
    assert "'=HYPERLINK(1)" in rows[1]
    assert "cliënten, medewerkers" in rows[1]

    xlsx = privacy_client.get(reverse("datalek:export_xlsx"))
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.title == "Datalekregister"
    assert sheet.cell(2, 1).value == breach.pk
    assert AuditEvent.objects.filter(action=Action.EXPORT).count() == 2


def test_the_register_export_is_recorded_once_its_file_is_made(
    privacy_client, medewerker
):
    breach_of(medewerker)
    exports = AuditEvent.objects.filter(action=Action.EXPORT)
    response = privacy_client.get(reverse("datalek:export_csv"))
    # Nothing sent yet: a download broken off here is no export.
    assert not exports.exists()
    b"".join(response.streaming_content)
    assert list(exports.values_list("details", flat=True)) == [
        {"kind": "datalekregister_csv"}
    ]

    privacy_client.get(reverse("datalek:export_xlsx"))
    assert exports.count() == 2
    assert exports.first().details == {"kind": "datalekregister_xlsx"}


def test_the_list_stays_cheap_on_many_breaches(
    privacy_client, medewerker, django_assert_max_num_queries
):
    for n in range(60):
        breach_of(medewerker, title=f"Lek {n}")
    with django_assert_max_num_queries(8):
        page = privacy_client.get(LIST)
    assert page.status_code == HTTPStatus.OK
    assert len(page.context["page"].object_list) == 50
    with django_assert_max_num_queries(12):
        privacy_client.get(Breach.objects.first().get_absolute_url())
