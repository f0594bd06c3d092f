"""Exports survive odd data: control characters, formulas behind any
separator, and an export is recorded only once it was made."""

from __future__ import annotations

import csv
import io
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts import roles
from audit.models import Action, AuditEvent
from policy.exports import SEPARATORS, neutralise
from policy.models import ExportLog

pytestmark = pytest.mark.django_db

HOSTILE = [
    "Jan;=1+1",
    '=HYPERLINK("http://x")',
    "a,+1",
    "x\t@SUM(A1)",
    "x\n-2+3",
    "x\r\n=1",
    "x|=cmd",
    "x; =1",
    "Esc\x1bVt\x0bNul\x00Del\x7fC1\x85",
]


def formula_starts(text: str) -> list[str]:
    """Every piece a spreadsheet could read as a formula after splitting the
    text on any separator."""
    pieces = re.split(f"[{re.escape(SEPARATORS)}]", text)
    return [p for p in pieces if p.lstrip(" ").startswith(("=", "+", "-", "@"))]


@pytest.mark.parametrize("value", HOSTILE)
def test_no_formula_after_any_separator_and_no_control_characters(value):
    safe = neutralise(value)
    assert formula_starts(safe) == []
    assert not re.search("[\x00-\x1f\x7f-\x9f]", safe)


def test_numbers_and_plain_text_pass_unchanged():
    assert neutralise(3) == 3
    assert neutralise(None) == ""
    assert neutralise("Teamleider - Pleegzorg") == "Teamleider - Pleegzorg"
    assert neutralise("2026-03-01T10:00:00+01:00") == "2026-03-01T10:00:00+01:00"


@pytest.fixture
def hostile_staff(user_factory, publish):
    roles.ensure_groups()
    version = publish(slug="social-media")
    jan = user_factory(first_name="Jan;=1+1", job_title="Hoofd\x1bzorg\x0b")
    return {
        "version": version,
        "jan": jan,
        "beleid": user_factory(groups=[roles.BELEID], is_staff=True),
    }


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_unsigned_csv_quotes_every_field_and_is_inert(client, hostile_staff):
    client.force_login(hostile_staff["beleid"])
    url = reverse("compliance:unsigned_csv", args=["social-media", 1])
    text = body(client.get(url)).lstrip("\ufeff")
    for line in text.splitlines():
        assert line.startswith('"') and line.endswith('"'), line
    # Dutch Excel splits on ";": no piece starts a formula.
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        for cell in row:
            assert not cell.strip('" ').startswith(("=", "+", "@")), row
    assert "\x1b" not in text and "\x0b" not in text
    jan = next(
        r for r in csv.reader(io.StringIO(text)) if r[0] == hostile_staff["jan"].email
    )
    assert jan[1].startswith("Jan;'=1+1")
    assert jan[3] == "Hoofd zorg "


def test_unsigned_xlsx_with_control_characters_opens(client, hostile_staff):
    client.force_login(hostile_staff["beleid"])
    url = reverse("compliance:unsigned_xlsx", args=["social-media", 1])
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    jan = rows[hostile_staff["jan"].email]
    assert jan[1].startswith("Jan;'=1+1")
    assert jan[3] == "Hoofd zorg "
    assert isinstance(jan[6], int)  # days late stays a number
    assert ExportLog.objects.filter(kind="niet-getekend.xlsx").count() == 1


def test_csv_export_is_recorded_only_once_streamed(client, hostile_staff):
    client.force_login(hostile_staff["beleid"])
    url = reverse("policy:signatures_csv", args=["social-media", 1])
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    # Nothing sent yet (a broken-off download never gets further).
    assert not ExportLog.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()
    body(response)
    assert ExportLog.objects.count() == 1
    assert AuditEvent.objects.filter(action=Action.EXPORT).count() == 1
