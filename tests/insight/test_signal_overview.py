"""`/meldingen/overzicht/`: signal figures as charts with their tables."""

from __future__ import annotations

import datetime
import re
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from datalek.models import Decision
from datalek.services import breach_update
from insight.periods import MAX_DAYS, period_from
from policy.models import Principle
from reporting.services import signal_update
from tests.reporting.factories import make_signal

pytestmark = pytest.mark.django_db
URL = "/meldingen/overzicht/"
NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)


def test_the_address_is_the_contract():
    assert reverse("insight:signal_overview") == URL


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg [^>]*>.*?</svg>", html, re.S)


def cells(html: str, table: str, row: str) -> list[str]:
    """The data cells of the row headed `row` in the table with id `table`."""
    body = re.search(rf'id="{table}">.*?</table>', html, re.S)[0]
    line = re.search(rf"<th scope=\"row\">{row}</th>(.*?)</tr>", body, re.S)[1]
    return re.findall(r"<td>(.*?)</td>", line)


def test_charts_have_a_name_and_their_numbers_in_a_table(
    client, pr_user, medewerker, privacy_user, publish
):
    publish()
    principle = Principle.objects.get(anchor="inleiding")
    with time_machine.travel(NOW - datetime.timedelta(days=40), tick=False):
        answered = make_signal(medewerker, kind="compliment", title="Mooi")
        answered.principles.add(principle)
        make_signal(medewerker, kind="kritiek", platform="instagram")
        breach = make_signal(medewerker, possible_breach=True).breach
    with time_machine.travel(NOW - datetime.timedelta(days=39, hours=20), tick=False):
        signal_update(signal=answered, actor=pr_user, status="in_behandeling")
        signal_update(
            signal=answered, actor=pr_user, status="afgehandeld", answer="Dank!"
        )
        breach_update(
            breach=breach,
            actor=privacy_user,
            data={
                "decision": Decision.DO_NOT_NOTIFY,
                "decision_reason": "Geen risico.",
            },
        )
    client.force_login(pr_user)
    with time_machine.travel(NOW, tick=False):
        response = client.get(URL)
    assert response.status_code == HTTPStatus.OK
    html = response.text
    charts = svgs(html)
    assert len(charts) >= 6
    for svg in charts:
        assert 'role="img"' in svg
        label = re.search(r'aria-labelledby="([^"]+)"', svg)[1]
        assert f'<title id="{label}">' in svg
        # Numbers in SVG are never written with a decimal comma.
        assert not re.search(r'(?:width|x|y)="\d+,\d', svg)
    # One of three signals answered, within its due date, after 4 hours.
    assert cells(html, "answers-table", "oktober 2026") == ["3", "1", "1", "100%", "4"]
    # One breach, decided (not to notify) within the 72 hours, after 4 hours.
    assert cells(html, "breaches-table", "2026 K4") == [
        "1", "0", "1", "0", "0", "1", "4"
    ]  # fmt: skip
    assert "Inleiding" in re.search(r'id="principles-table">.*?</table>', html, re.S)[0]


def test_others_are_refused(client, medewerker, privacy_user):
    for user in (medewerker, privacy_user):
        client.force_login(user)
        assert client.get(URL).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize(
    "query, note",
    [
        ("?van=2026-06-01&tot=2026-01-01", "omgekeerde volgorde"),
        ("?van=2026-01-01&tot=2099-01-01", "toekomst"),
        ("?van=1926-01-01&tot=2026-01-01", "hoogstens"),
        ("?van=gisteren&tot=2026-13-45", "geen geldige datum"),
    ],
)
def test_a_bad_period_gives_a_message_not_an_error(beleid_client, query, note):
    with time_machine.travel(NOW, tick=False):
        response = beleid_client.get(URL + query)
    assert response.status_code == HTTPStatus.OK
    assert note in response.text


def test_a_period_is_clamped():
    today = datetime.date(2026, 11, 20)
    period = period_from(
        {"van": "1926-01-01", "tot": "2030-01-01"}, default_days=30, today=today
    )
    assert period.until == today
    assert period.days == MAX_DAYS
    assert len(period.notes) == 2
    swapped = period_from(
        {"van": "2026-03-01", "tot": "2026-02-01"}, default_days=30, today=today
    )
    assert (swapped.since, swapped.until) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 3, 1),
    )


def _signals(reporter, pr_user, n: int) -> None:
    start = timezone.now() - datetime.timedelta(days=300)
    for i in range(n):
        with time_machine.travel(
            start + datetime.timedelta(days=i * 290 / n), tick=False
        ):
            signal = make_signal(
                reporter,
                kind=["compliment", "kritiek", "nieuws"][i % 3],
                possible_breach=i % 7 == 0,
            )
            if i % 2:
                signal_update(signal=signal, actor=pr_user, status="in_behandeling")
                signal_update(
                    signal=signal, actor=pr_user, status="afgehandeld", answer="Ok"
                )


def test_a_fixed_number_of_queries(
    client,
    pr_user,
    medewerker,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    client.force_login(pr_user)
    _signals(medewerker, pr_user, 3)
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    _signals(medewerker, pr_user, 60)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.status_code == HTTPStatus.OK
