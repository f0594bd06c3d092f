from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from accounts import roles
from accounts.models import User
from datalek.models import Breach

pytestmark = pytest.mark.django_db


def test_demo_has_the_privacy_officer_and_one_breach_however_often_it_runs(client):
    for _ in range(3):
        call_command("demo", stdout=StringIO())
    officer = User.objects.get(email="privacy@sterkhuis.test")
    assert roles.in_group(officer, roles.PRIVACY)
    assert not officer.is_staff
    assert Breach.objects.count() == 1
    assert client.login(email="privacy@sterkhuis.test", password="sterkhuis-demo")
    assert client.get("/datalekken/").status_code == 200
