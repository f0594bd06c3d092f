"""The chart of signed over time on `/naleving/<slug>/`, read from the daily
rollup the figures keep (`compliance.daily`)."""

from __future__ import annotations

import datetime
import random
import re
from http import HTTPStatus

import pytest
import time_machine
from django.core.management import call_command

from accounts import roles
from accounts.models import Department
from compliance.daily import signed_per_day
from compliance.models import ComplianceDay
from policy.services import signature_create

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 10, 1, 9, 0, tzinfo=datetime.UTC)


def day(n: int):
    return time_machine.travel(START + datetime.timedelta(days=n), tick=False)


@pytest.fixture
def world(user_factory, publish):
    with day(0):
        north = Department.objects.create(name="Noord")
        south = Department.objects.create(name="Zuid")
        people = [user_factory(department=north) for _ in range(4)]
        people += [user_factory(department=south) for _ in range(2)]
        version = publish()
    return version, people, north, south


def rollup(version):
    return sorted(
        ComplianceDay.objects.filter(version=version).values_list(
            "day", "department__name", "audience", "signed"
        )
    )


def test_each_signature_writes_todays_figures(world):
    version, people, north, south = world
    with day(1):
        signature_create(user=people[0], version=version)
        signature_create(user=people[1], version=version)
    with day(3):
        signature_create(user=people[4], version=version)
    with day(5):
        series = signed_per_day(version)
    overall = [(d.day.day, d.audience, d.signed) for d in series["all"]]
    assert (
        overall
        == [(1, 6, 0), (2, 6, 2), (3, 6, 2), (4, 6, 3), (5, 6, 3), (6, 6, 3)][
            : len(overall)
        ]
    )
    assert [d.signed for d in series["staff", south.pk]] == [0, 0, 0, 1, 1, 1]
    assert [d.signed for d in series["staff", north.pk]][-1] == 2


def test_the_history_rebuilt_from_signatures_equals_the_one_kept(world):
    """Random signing days: the rollup kept signature by signature and the one
    `recount_compliance` builds again from the signatures give one chart."""
    version, people, *_ = world
    rng = random.Random(7)
    signing = sorted((rng.randint(0, 8), i) for i in range(len(people)))
    for n, i in signing[:-1]:
        with day(n):
            signature_create(user=people[i], version=version)
    with day(9):
        kept = signed_per_day(version)
        call_command("recount_compliance", stdout=open("/dev/null", "w"))
        rebuilt = signed_per_day(version)
        call_command("recount_compliance", stdout=open("/dev/null", "w"))
        again = signed_per_day(version)
    assert rebuilt == kept
    assert again == rebuilt


def test_the_page_draws_the_chart_with_its_table(world, user_factory, client):
    version, people, north, south = world
    with day(2):
        signature_create(user=people[0], version=version)
    beleid = user_factory(groups=[roles.BELEID], is_staff=True)
    client.force_login(beleid)
    with day(4):
        response = client.get("/naleving/social-media/")
    assert response.status_code == HTTPStatus.OK
    html = response.text
    svgs = re.findall(r"<svg [^>]*chart-svg[^>]*>.*?</svg>", html, re.S)
    # Everyone, then the lagging departments: Zuid (0 %) before Noord (25 %).
    assert len(svgs) == 3
    titles = [re.search(r"<title[^>]*>(.*?)</title>", svg)[1] for svg in svgs]
    assert "Zuid" in titles[1] and "Noord" in titles[2]
    assert "doelgroep: 6" in svgs[0]
    assert "tekenen vóór" in svgs[0]
    for svg in svgs:
        assert 'role="img"' in svg and "aria-labelledby" in svg
    table = re.search(
        r'<table class="table" id="line-\d+-table">.*?</table>', html, re.S
    )[0]
    assert "3 oktober 2026</th><td>1</td><td>6</td><td>17%</td>" in table


def test_a_leidinggevende_sees_only_own_departments(world, user_factory, client):
    version, people, north, south = world
    with day(1):
        manager = user_factory(department=north, groups=[roles.LEIDINGGEVENDE])
        north.manager = manager
        north.save()
    client.force_login(manager)
    with day(2):
        html = client.get("/naleving/social-media/").text
    svgs = re.findall(r"<svg [^>]*chart-svg[^>]*>.*?</svg>", html, re.S)
    assert "Zuid" not in "".join(svgs)
    # The manager is in Noord's audience too: five people.
    assert "doelgroep: 5" in svgs[0]
