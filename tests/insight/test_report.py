"""The management report: `/naleving/rapport.pdf` and `.xlsx`."""

from __future__ import annotations

import datetime
import io
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts import roles
from accounts.models import Department
from policy.services import signature_create
from tests.reporting.factories import make_signal

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=datetime.UTC)


def day(n: int):
    return time_machine.travel(START + datetime.timedelta(days=n), tick=False)


def test_the_addresses_are_the_contract():
    assert reverse("insight:report_pdf") == "/naleving/rapport.pdf"
    assert reverse("insight:report_xlsx") == "/naleving/rapport.xlsx"


@pytest.fixture
def data(user_factory, publish):
    with day(0):
        north = Department.objects.create(name="Noord")
        people = [user_factory(department=north) for _ in range(4)]
        version = publish(title="Richtlijnen social media")
    with day(5):
        signature_create(user=people[0], version=version)
    with day(40):
        signature_create(user=people[1], version=version)
        signature_create(user=people[2], version=version)
        make_signal(people[0], kind="compliment")
        make_signal(people[0], possible_breach=True)
    return version


PERIOD = "?van=2026-10-01&tot=2026-10-31"


def test_the_excel_report_compares_with_the_period_before(client, beleid, data):
    client.force_login(beleid)
    with day(70):
        response = client.get("/naleving/rapport.xlsx" + PERIOD)
    assert response.status_code == HTTPStatus.OK
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Naleving"].values)
    # The whole richtlijn (Noord and the policy editor without a department):
    # 3 of 5 signed (60 %), 1 of 5 (20 %) a period before, 2 overdue.
    whole = ("Richtlijnen social media", 1, "alle afdelingen", 3, 5, 60, 20, 40, 2)
    assert rows[1][:9] == whole
    noord = next(row for row in rows if row[2] == "Noord")
    assert noord[3:9] == (3, 4, 75, 25, 50, 1)
    signals = dict(list(book["Meldingen"].values)[1:])
    assert signals["Compliment"] == 1
    assert list(book["Datalekken"].values)[1][0] == 1
    about = dict(list(book["Over dit rapport"].values)[1:])
    assert about["van"].date() == datetime.date(2026, 10, 1)


def test_the_pdf_has_charts_page_numbers_period_and_when_made(client, beleid, data):
    client.force_login(beleid)
    with day(70):
        response = client.get("/naleving/rapport.pdf" + PERIOD)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "1 oktober 2026 tot en met 31 oktober 2026" in text
    assert "gemaakt op" in text
    assert f"pagina 1 van {len(reader.pages)}" in text
    assert "60%" in text  # the chart's label of the share signed


@pytest.mark.parametrize(
    "query",
    [
        "?van=2026-10-31&tot=2026-10-01",
        "?van=2026-10-01&tot=2099-01-01",
        "?van=1926-01-01&tot=2026-10-01",
        "?van=x&tot=",
    ],
)
def test_a_bad_period_never_gives_an_error(client, beleid, data, query):
    client.force_login(beleid)
    with day(70):
        response = client.get("/naleving/rapport.xlsx" + query)
    assert response.status_code == HTTPStatus.OK
    about = dict(
        list(load_workbook(io.BytesIO(response.content))["Over dit rapport"].values)[1:]
    )
    assert "let op" in about


def test_others_get_403(client, user_factory, medewerker, partner):
    manager = user_factory(groups=[roles.LEIDINGGEVENDE])
    for user in (medewerker, manager, partner):
        client.force_login(user)
        for url in ("/naleving/rapport.pdf", "/naleving/rapport.xlsx"):
            assert client.get(url).status_code == HTTPStatus.FORBIDDEN


def test_a_fixed_number_of_queries(client, beleid, data, user_factory, publish,
                                   django_assert_max_num_queries):  # fmt: skip
    client.force_login(beleid)
    with day(70), django_assert_max_num_queries(30) as few:
        client.get("/naleving/rapport.xlsx" + PERIOD)
    with day(41):
        for n in range(5):
            publish(slug=f"r{n}", title=f"Richtlijn {n}")
            department = Department.objects.create(name=f"Afdeling {n}")
            for _ in range(3):
                user_factory(department=department)
    with day(70), django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/naleving/rapport.xlsx" + PERIOD)
    assert response.status_code == HTTPStatus.OK
