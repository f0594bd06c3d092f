"""Exports open as tables: Excel beside every CSV, with a frozen header, a
filter, column widths, real date cells and what was exported; CSV stays
machine-readable (UTF-8, RFC 4180, times to the second)."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from http import HTTPStatus

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from compliance.exports import ExportKind
from tests.compliance.helpers import exports_recorded
from tests.helpers import logged_in

pytestmark = pytest.mark.django_db


def workbook_of(response):
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    data = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(data))


def test_signatures_as_xlsx(setup):
    version = setup["version"]
    url = reverse("policy:signatures_xlsx", args=["social-media", version.number])
    response = logged_in(setup["beleid"]).get(url)
    assert response["Cache-Control"] == "no-store"
    book, archive = workbook_of(response)
    sheet = book["Handtekeningen"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "e-mail",
        "naam",
        "afdeling",
        "versie",
        "getekend op",
        "sha256 getekende tekst",
        "goedgekeurd door",
        "goedgekeurd op",
    )
    assert {row[0] for row in rows[1:]} == {setup["mila"].email, setup["boss"].email}
    signed = rows[1][4]
    assert isinstance(signed, datetime.datetime)  # a real date cell
    assert rows[1][3] == 1
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H3"
    assert sheet.column_dimensions["A"].width >= 30
    xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<pane [^>]*ySplit="1"', xml)
    styles = archive.read("xl/styles.xml").decode()
    assert "DD-MM-YYYY HH:MM" in styles

    about = dict(book["Over deze export"].iter_rows(values_only=True))
    assert about["Bereik"] == "alle afdelingen"
    assert about["Versie"] == version.number
    assert isinstance(about["Geëxporteerd op"], datetime.datetime)
    assert exports_recorded(
        kind=ExportKind.SIGNATURES_XLSX, version=version.number
    ).exists()


def test_a_manager_exports_their_own_people_and_the_scope_says_so(setup):
    url = reverse("policy:signatures_xlsx", args=["social-media", 1])
    book, _archive = workbook_of(logged_in(setup["boss"]).get(url))
    about = dict(book["Over deze export"].iter_rows(values_only=True))
    assert about["Bereik"] == "Pleegzorg Noord"
    rows = book["Handtekeningen"].iter_rows(min_row=2, values_only=True)
    emails = [row[0] for row in rows]
    assert setup["noor"].email not in emails


def test_unsigned_xlsx_has_a_date_deadline_and_accented_header(setup):
    url = reverse("compliance:unsigned_xlsx", args=["social-media", 1])
    book, _archive = workbook_of(logged_in(setup["beleid"]).get(url))
    sheet = book.worksheets[0]
    header = next(sheet.iter_rows(values_only=True))
    assert "tekenen vóór" in header
    first = next(sheet.iter_rows(min_row=2, values_only=True))
    deadline = first[header.index("tekenen vóór")]
    assert isinstance(deadline, datetime.datetime)  # Excel stores dates as times
    assert deadline.date() == setup["version"].signing_deadline
    assert sheet.freeze_panes == "A2"
    assert "Over deze export" in book.sheetnames


def test_csv_is_rfc_4180_utf8_with_times_to_the_second(setup):
    url = reverse("policy:signatures_csv", args=["social-media", 1])
    body = b"".join(logged_in(setup["beleid"]).get(url).streaming_content)
    text = body.decode("utf-8")
    assert "\r\n" in text and text.count("\r\n") == text.count("\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    signed = rows[1][4]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", signed)

    unsigned = reverse("compliance:unsigned_csv", args=["social-media", 1])
    text = b"".join(logged_in(setup["beleid"]).get(unsigned).streaming_content)
    rows = list(csv.reader(io.StringIO(text.decode("utf-8").removeprefix("\ufeff"))))
    assert "tekenen vóór" in rows[0]
    deadline = rows[1][rows[0].index("tekenen vóór")]
    assert deadline == setup["version"].signing_deadline.isoformat()


def test_the_compliance_page_links_the_excel_signatures(setup):
    page = logged_in(setup["beleid"]).get(
        reverse("compliance:guideline", args=["social-media"])
    )
    assert reverse("policy:signatures_xlsx", args=["social-media", 1]) in page.text
