"""Exports survive odd data and keep it as it is: control characters go,
formulas behind any separator are marked in CSV only, Excel gets text cells
with the text unchanged, and an export is recorded only once it was made."""

from __future__ import annotations

import csv
import io
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts import roles
from core.spreadsheet import CSV_MARK, SEPARATORS, neutralise
from tests.compliance.helpers import exports_recorded

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
    return [
        p
        for p in pieces
        if p.lstrip(" ").startswith(("=", "+", "-", "@"))
        # A plain number is read as that number, not run.
        and not re.fullmatch(r" *[+-][0-9]+(?:[.,][0-9]+)?", p)
    ]


@pytest.mark.parametrize("value", HOSTILE)
def test_no_formula_after_any_separator_and_no_control_characters(value):
    safe = neutralise(value)
    assert formula_starts(safe) == []
    # Tabs and line breaks stay; the other control characters go.
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", safe)


@pytest.mark.parametrize(
    "value",
    [
        "Teamleider - Pleegzorg",
        "2026-03-01T10:00:00+01:00",
        "Regel 1\nRegel 2",
        "Wat er gebeurde:\n- een foto\n- een naam\n+ een adres",
        "Jan (=voorzitter)",
        "-2",
        "a,+1",
    ],
)
def test_text_no_spreadsheet_would_run_passes_unchanged(value):
    assert neutralise(value) == value


@pytest.mark.parametrize(
    "value, marked",
    [
        ("=1+1", "'=1+1"),
        ("- een foto\n- een naam", "'- een foto\n- een naam"),
        ("-Jan", "'-Jan"),
        ("+31 6 12345678", "'+31 6 12345678"),
        ("@home", "'@home"),
        ("Jan; =1", "Jan; '=1"),
    ],
)
def test_a_value_a_spreadsheet_would_run_gets_the_one_mark(value, marked):
    assert neutralise(value) == marked
    assert neutralise(value).replace(CSV_MARK, "", 1) == value


def test_numbers_and_line_breaks():
    assert neutralise(3) == 3
    assert neutralise(None) == ""
    assert neutralise("a\r\nb\rc") == "a\nb\nc"


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
    assert jan[1].startswith("Jan;=1+1")  # a text cell: nothing to mark
    assert jan[3] == "Hoofd zorg "
    assert isinstance(jan[6], int)  # days late stays a number
    assert exports_recorded(kind="niet-getekend.xlsx").count() == 1


def test_csv_export_is_recorded_only_once_streamed(client, hostile_staff):
    client.force_login(hostile_staff["beleid"])
    url = reverse("policy:signatures_csv", args=["social-media", 1])
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    # Nothing sent yet (a broken-off download never gets further).
    assert not exports_recorded().exists()
    body(response)
    assert exports_recorded().count() == 1  # recorded once, in one place


def test_xlsx_keeps_text_unchanged_in_text_cells(client, user_factory, publish):
    """Read back with openpyxl: every text cell holds its text exactly, as a
    text cell (never a formula), wrapped where it has line breaks; numbers
    and dates stay numbers and dates."""
    roles.ensure_groups()
    publish(slug="social-media")
    values = {
        "first_name": "=Jan",
        "last_name": "@Bakker",
        "job_title": "- Pleegzorg\n- Ambulant\r\n+ 1-2 dagen",
    }
    bo = user_factory(email="bo@sterkhuis.test", **values)
    client.force_login(user_factory(groups=[roles.BELEID], is_staff=True))
    response = client.get(reverse("compliance:unsigned_xlsx", args=["social-media", 1]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == bo.email)
    name, job = row[header.index("naam")], row[header.index("functie")]
    assert name.value == "=Jan @Bakker" and name.data_type == "s"
    assert job.value == "- Pleegzorg\n- Ambulant\n+ 1-2 dagen"
    assert job.data_type == "s" and job.alignment.wrap_text
    assert not name.alignment.wrap_text
    assert "'" not in "".join(str(c.value) for c in row)
    assert row[header.index("versie")].data_type == "n"
    assert row[header.index("tekenen vóór")].is_date
    assert isinstance(row[header.index("dagen te laat")].value, int)


def test_csv_keeps_line_breaks_inside_the_quoted_value(client, user_factory, publish):
    roles.ensure_groups()
    publish(slug="social-media")
    bo = user_factory(
        email="bo@sterkhuis.test", first_name="-Bo", job_title="Pleegzorg\n- Noord"
    )
    client.force_login(user_factory(groups=[roles.BELEID], is_staff=True))
    url = reverse("compliance:unsigned_csv", args=["social-media", 1])
    text = body(client.get(url)).lstrip("\ufeff")
    row = next(r for r in csv.reader(io.StringIO(text)) if r[0] == bo.email)
    assert row[1].startswith("'-Bo")  # Excel would run it: the one mark
    assert row[3] == "Pleegzorg\n- Noord"  # inside a cell: as it is
