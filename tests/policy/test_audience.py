from __future__ import annotations

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Department
from policy.models import Signature
from policy.services import NotSignableError, signature_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def ambulant(db):
    return Department.objects.create(name="Ambulante hulpverlening")


def limit(version, *departments):
    guideline = version.guideline
    guideline.audience_all = False
    guideline.save()
    guideline.departments.set(departments)


def test_only_the_audience_is_asked_to_sign(
    client, user_factory, department, ambulant, publish
):
    version = publish(slug="pleegcontracten", title="Pleegcontracten")
    limit(version, department)
    inside = user_factory(department=department)
    outside = user_factory(department=ambulant)

    assert version.guideline.applies_to(inside)
    assert not version.guideline.applies_to(outside)
    assert set(version.guideline.audience()) == {inside}

    client.force_login(outside)
    assert "Pleegcontracten" not in client.get(reverse("home")).text
    listing = client.get(reverse("policy:list")).text
    assert "geldt niet voor jouw afdeling" in listing
    detail = client.get(reverse("policy:detail", args=["pleegcontracten"]))
    assert detail.status_code == HTTPStatus.OK  # others can still read it
    assert 'id="sign-form"' not in detail.text
    assert 'id="not-in-audience"' in detail.text
    refused = client.post(
        reverse("policy:detail", args=["pleegcontracten"]),
        {"version": version.number, "confirmed": "on"},
    )
    assert refused.status_code == HTTPStatus.CONFLICT
    with pytest.raises(NotSignableError):
        signature_create(user=outside, version=version)
    assert not Signature.objects.exists()

    client.force_login(inside)
    assert "Pleegcontracten" in client.get(reverse("home")).text
    assert (
        'id="sign-form"'
        in client.get(reverse("policy:detail", args=["pleegcontracten"])).text
    )


def test_staff_without_department_sign_richtlijnen_for_everyone(
    client, user_factory, publish
):
    publish(slug="privacy", title="Privacy")
    user = user_factory(department=None)
    client.force_login(user)
    assert "Privacy" in client.get(reverse("home")).text


def test_overdue_is_shown_on_the_start_page(client, medewerker, publish):
    publish(title="Privacy", slug="privacy")
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=20)
    with time_machine.travel(later):
        client.force_login(medewerker)
        page = client.get(reverse("home")).text
    assert "6 dagen te laat" in page
