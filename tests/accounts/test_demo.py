from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from accounts import roles
from accounts.models import Department, User
from policy.models import Guideline, GuidelineVersion, VersionStatus

pytestmark = pytest.mark.django_db

EMAILS = {
    "medewerker@sterkhuis.test",
    "leidinggevende@sterkhuis.test",
    "beleid@sterkhuis.test",
    "pr@sterkhuis.test",
    "privacy@sterkhuis.test",
    "kwaliteit@sterkhuis.test",
    "beheer@sterkhuis.test",
    "pleegouder@sterkhuis.test",
}


def test_demo_loads_the_contract_and_is_idempotent():
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())

    assert set(User.objects.values_list("email", flat=True)) == EMAILS
    assert Department.objects.count() == 2
    boss = User.objects.get(email="leidinggevende@sterkhuis.test")
    employee = User.objects.get(email="medewerker@sterkhuis.test")
    assert employee.department.manager == boss
    assert employee.hr_manager == boss
    assert User.objects.get(email="beheer@sterkhuis.test").is_superuser
    assert roles.in_group(User.objects.get(email="pr@sterkhuis.test"), roles.PR)
    assert roles.in_group(User.objects.get(email="beleid@sterkhuis.test"), roles.BELEID)

    guideline = Guideline.objects.get(slug="social-media")
    versions = GuidelineVersion.objects.filter(guideline=guideline)
    assert versions.count() == 1
    version = versions.get()
    assert version.number == 1 and version.status == VersionStatus.PUBLISHED
    assert guideline.version_in_force() == version


def test_demo_accounts_log_in_with_the_documented_password():
    call_command("demo", stdout=StringIO())
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"login": "medewerker@sterkhuis.test", "password": "sterkhuis-demo"},
    )
    assert response.status_code == 302
    page = client.get("/richtlijnen/social-media/")
    assert 'id="sign-form"' in page.text


def test_social_media_richtlijn_is_clean_markdown():
    call_command("demo", stdout=StringIO())
    version = GuidelineVersion.objects.get(guideline__slug="social-media")
    html = version.body_html
    assert "<h1" not in html
    assert re.findall(r'id="grondbeginsel-(\d)"', html) == list("12345678")
    assert "- *" not in version.body and "\\*" not in version.body
    dos = html.split('id="dos"')[1].split("<h2")[0]
    donts = html.split('id="donts"')[1].split("<h2")[0]
    assert dos.count("<li>") == 10
    assert donts.count("<li>") == 6
    assert 'href="#grondbeginsel-6"' in version.toc_html


def test_demo_partner_has_no_password_and_reads_only_the_partner_richtlijn(client):
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())

    partner = User.objects.get(email="pleegouder@sterkhuis.test")
    assert not partner.has_usable_password()
    assert partner.partnership.contact_person.email == "medewerker@sterkhuis.test"
    assert partner.partnership.is_current
    assert roles.in_group(partner, roles.PARTNER)
    guideline = Guideline.objects.get(slug="partners-in-zorg")
    assert guideline.title == "Afspraken voor partners in zorg"
    assert guideline.audience_partners and not guideline.audience_all
    assert not guideline.departments.exists()
    [version] = guideline.versions.all()
    assert version.number == 1 and version.status == VersionStatus.PUBLISHED
    assert list(guideline.audience()) == [partner]
    social = Guideline.objects.get(slug="social-media")
    assert partner not in social.audience()
    response = client.post(
        "/accounts/login/",
        {"login": "pleegouder@sterkhuis.test", "password": "sterkhuis-demo"},
    )
    assert response.status_code == 200  # no password login
